//! Wire messages of `/lango/handshake/1.0.0` and `/lango/notice/1.0.0`.
//!
//! Each frame body is one CBOR map with exactly one entry; its key names the message and
//! its value is a map of the message's fields (string keys). Unknown messages, unknown or
//! missing fields, wrong lengths and trailing bytes are all refused: the parser
//! recognises a frame fully before anything acts on it.

use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

use crate::error::{Error, RejectCode};
use crate::identity::{AgentPublicKey, Signature};
use crate::session::SessionId;
use crate::time::UnixMillis;

/// The only handshake version this implementation speaks.
pub const HANDSHAKE_VERSION: u8 = 1;
/// Longest reason text in a revocation notice.
pub const MAX_REASON_LEN: usize = 256;

/// First message, initiator → responder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hello {
    /// Handshake version (1).
    pub version: u8,
    /// Initiator's agent key.
    pub agent_key: AgentPublicKey,
    /// Initiator's fresh nonce.
    pub nonce: [u8; 32],
    /// Initiator's clock.
    pub timestamp: UnixMillis,
}

/// Second message, responder → initiator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// Responder's agent key.
    pub agent_key: AgentPublicKey,
    /// Responder's fresh nonce.
    pub nonce: [u8; 32],
    /// Responder's clock.
    pub timestamp: UnixMillis,
    /// Responder's signature over the transcript (role `responder`).
    pub signature: Signature,
}

/// Third message, initiator → responder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finish {
    /// Initiator's signature over the transcript (role `initiator`).
    pub signature: Signature,
}

/// A signed revocation notice: "I ended our session".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevokeNotice {
    /// Sender's agent key.
    pub from_key: AgentPublicKey,
    /// Recipient's agent key.
    pub to_key: AgentPublicKey,
    /// The sender's session id with the recipient (all zeroes if none).
    pub session_id: SessionId,
    /// Sender's clock.
    pub timestamp: UnixMillis,
    /// How long the sender blocks the recipient, ms (0: re-handshake allowed).
    pub block_ms: u64,
    /// Operator's reason, at most 256 bytes of UTF-8.
    pub reason: String,
    /// Sender's signature (see `notice`).
    pub signature: Signature,
}

/// Any frame of the handshake protocol.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HandshakeFrame {
    /// Message 1.
    Hello(Hello),
    /// Message 2.
    Response(Response),
    /// Message 3.
    Finish(Finish),
    /// Responder's outcome: accepted.
    Accept,
    /// Either side's outcome: refused, with a reason code.
    Reject(RejectCode),
}

impl HandshakeFrame {
    /// Name of the message, for errors.
    pub fn name(&self) -> &'static str {
        match self {
            HandshakeFrame::Hello(_) => "hello",
            HandshakeFrame::Response(_) => "response",
            HandshakeFrame::Finish(_) => "finish",
            HandshakeFrame::Accept => "accept",
            HandshakeFrame::Reject(_) => "reject",
        }
    }

    /// CBOR body of the frame (without the length prefix).
    pub fn encode(&self) -> Vec<u8> {
        let repr = match self {
            HandshakeFrame::Hello(h) => Repr::Hello(HelloRepr {
                version: h.version,
                agent_key: ByteBuf::from(h.agent_key.as_bytes().to_vec()),
                nonce: ByteBuf::from(h.nonce.to_vec()),
                timestamp_ms: h.timestamp.0,
            }),
            HandshakeFrame::Response(r) => Repr::Response(ResponseRepr {
                agent_key: ByteBuf::from(r.agent_key.as_bytes().to_vec()),
                nonce: ByteBuf::from(r.nonce.to_vec()),
                timestamp_ms: r.timestamp.0,
                signature: ByteBuf::from(r.signature.0.to_vec()),
            }),
            HandshakeFrame::Finish(f) => Repr::Finish(FinishRepr {
                signature: ByteBuf::from(f.signature.0.to_vec()),
            }),
            HandshakeFrame::Accept => Repr::Accept(AcceptRepr {}),
            HandshakeFrame::Reject(code) => Repr::Reject(RejectRepr {
                code: code.to_u16(),
            }),
        };
        to_cbor(&repr)
    }

    /// Parses a frame body.
    pub fn decode(body: &[u8]) -> Result<Self, Error> {
        Ok(match from_cbor::<Repr>(body)? {
            Repr::Hello(HelloRepr {
                version,
                agent_key,
                nonce,
                timestamp_ms,
            }) => HandshakeFrame::Hello(Hello {
                version,
                agent_key: AgentPublicKey::from_sec1(&agent_key)?,
                nonce: array(&nonce, "nonce")?,
                timestamp: UnixMillis(timestamp_ms),
            }),
            Repr::Response(ResponseRepr {
                agent_key,
                nonce,
                timestamp_ms,
                signature,
            }) => HandshakeFrame::Response(Response {
                agent_key: AgentPublicKey::from_sec1(&agent_key)?,
                nonce: array(&nonce, "nonce")?,
                timestamp: UnixMillis(timestamp_ms),
                signature: Signature(array(&signature, "signature")?),
            }),
            Repr::Finish(FinishRepr { signature }) => HandshakeFrame::Finish(Finish {
                signature: Signature(array(&signature, "signature")?),
            }),
            Repr::Accept(AcceptRepr {}) => HandshakeFrame::Accept,
            Repr::Reject(RejectRepr { code }) => HandshakeFrame::Reject(RejectCode::from_u16(code)),
        })
    }
}

impl RevokeNotice {
    /// CBOR body of the notice frame.
    pub fn encode(&self) -> Vec<u8> {
        to_cbor(&NoticeRepr::Revoke(RevokeRepr {
            from_key: ByteBuf::from(self.from_key.as_bytes().to_vec()),
            to_key: ByteBuf::from(self.to_key.as_bytes().to_vec()),
            session_id: ByteBuf::from(self.session_id.0.to_vec()),
            timestamp_ms: self.timestamp.0,
            block_ms: self.block_ms,
            reason: self.reason.clone(),
            signature: ByteBuf::from(self.signature.0.to_vec()),
        }))
    }

    /// Parses a notice frame body.
    pub fn decode(body: &[u8]) -> Result<Self, Error> {
        let NoticeRepr::Revoke(RevokeRepr {
            from_key,
            to_key,
            session_id,
            timestamp_ms,
            block_ms,
            reason,
            signature,
        }) = from_cbor::<NoticeRepr>(body)?;
        if reason.len() > MAX_REASON_LEN {
            return Err(Error::Malformed(format!(
                "reason is {} bytes, cap {MAX_REASON_LEN}",
                reason.len()
            )));
        }
        Ok(RevokeNotice {
            from_key: AgentPublicKey::from_sec1(&from_key)?,
            to_key: AgentPublicKey::from_sec1(&to_key)?,
            session_id: SessionId(array(&session_id, "session_id")?),
            timestamp: UnixMillis(timestamp_ms),
            block_ms,
            reason,
            signature: Signature(array(&signature, "signature")?),
        })
    }
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Repr {
    Hello(HelloRepr),
    Response(ResponseRepr),
    Finish(FinishRepr),
    Accept(AcceptRepr),
    Reject(RejectRepr),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct HelloRepr {
    version: u8,
    agent_key: ByteBuf,
    nonce: ByteBuf,
    timestamp_ms: u64,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ResponseRepr {
    agent_key: ByteBuf,
    nonce: ByteBuf,
    timestamp_ms: u64,
    signature: ByteBuf,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FinishRepr {
    signature: ByteBuf,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AcceptRepr {}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RejectRepr {
    code: u16,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum NoticeRepr {
    Revoke(RevokeRepr),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RevokeRepr {
    from_key: ByteBuf,
    to_key: ByteBuf,
    session_id: ByteBuf,
    timestamp_ms: u64,
    block_ms: u64,
    reason: String,
    signature: ByteBuf,
}

pub(crate) fn to_cbor<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    // Invariant: serialising these plain structs into a Vec cannot fail (no I/O errors,
    // no non-string map keys); an error here would be a bug in this module.
    if let Err(e) = ciborium::into_writer(value, &mut out) {
        unreachable!("CBOR encoding of a wire struct failed: {e}");
    }
    out
}

pub(crate) fn from_cbor<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, Error> {
    let mut cursor = std::io::Cursor::new(body);
    let value: T =
        ciborium::from_reader(&mut cursor).map_err(|e| Error::Malformed(format!("CBOR: {e}")))?;
    if cursor.position() as usize != body.len() {
        return Err(Error::Malformed(
            "trailing bytes after the CBOR item".into(),
        ));
    }
    Ok(value)
}

/// Cuts `s` to at most `max` bytes, at a char boundary.
pub fn truncate_at_char(s: &mut String, max: usize) {
    if s.len() > max {
        let mut cut = max;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
}

pub(crate) fn array<const N: usize>(bytes: &[u8], field: &str) -> Result<[u8; N], Error> {
    bytes
        .try_into()
        .map_err(|_| Error::Malformed(format!("{field} is {} bytes, want {N}", bytes.len())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::{Signer, SoftwareSigner};

    fn hello() -> HandshakeFrame {
        HandshakeFrame::Hello(Hello {
            version: 1,
            agent_key: SoftwareSigner::generate(&mut rand_core::OsRng).public_key(),
            nonce: [9; 32],
            timestamp: UnixMillis(1_700_000_000_000),
        })
    }

    #[test]
    fn frames_round_trip() {
        for f in [
            hello(),
            HandshakeFrame::Finish(Finish {
                signature: Signature([1; 64]),
            }),
            HandshakeFrame::Accept,
            HandshakeFrame::Reject(RejectCode::UnknownPeer),
        ] {
            assert_eq!(HandshakeFrame::decode(&f.encode()).unwrap(), f);
        }
    }

    #[test]
    fn trailing_bytes_are_refused() {
        let mut b = hello().encode();
        b.push(0);
        assert!(matches!(
            HandshakeFrame::decode(&b),
            Err(Error::Malformed(_))
        ));
    }

    #[test]
    fn unknown_field_and_unknown_message_are_refused() {
        #[derive(Serialize)]
        struct Extra {
            signature: ByteBuf,
            extra: u8,
        }
        #[derive(Serialize)]
        enum E {
            #[serde(rename = "finish")]
            F(Extra),
        }
        let mut b = Vec::new();
        ciborium::into_writer(
            &E::F(Extra {
                signature: ByteBuf::from(vec![0; 64]),
                extra: 1,
            }),
            &mut b,
        )
        .unwrap();
        assert!(HandshakeFrame::decode(&b).is_err());
        let mut b = Vec::new();
        ciborium::into_writer(&std::collections::BTreeMap::from([("launch", 1)]), &mut b).unwrap();
        assert!(HandshakeFrame::decode(&b).is_err());
    }

    #[test]
    fn garbage_and_truncation_are_malformed_not_panics() {
        let b = hello().encode();
        for cut in 0..b.len() {
            assert!(HandshakeFrame::decode(&b[..cut]).is_err(), "cut at {cut}");
        }
        assert!(HandshakeFrame::decode(&[0xff, 0x00, 0x13]).is_err());
    }

    #[test]
    fn wrong_lengths_are_refused() {
        let f = Repr::Finish(FinishRepr {
            signature: ByteBuf::from(vec![0; 63]),
        });
        assert!(matches!(
            HandshakeFrame::decode(&to_cbor(&f)),
            Err(Error::Malformed(_))
        ));
    }
}
