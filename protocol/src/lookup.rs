//! `/lango/records/1.0.0`: publishing a signed peer record to a relay, and asking a
//! relay for the record of an agent key. One request frame and one response frame per
//! stream; a relay serves both only to peers that hold a session with it.

use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

use crate::identity::AgentPublicKey;
use crate::record::{RecordError, SignedRecord};
use crate::wire::{from_cbor, to_cbor, truncate_at_char, MAX_REASON_LEN};

/// Protocol id of the record stream.
pub const RECORDS_PROTOCOL: &str = "/lango/records/1.0.0";
/// Largest request or response frame: a record with every address at its cap, and room.
pub const RECORDS_FRAME_CAP: usize = 8 * 1024;

/// What a client asks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordRequest {
    /// Keep my record (it must be mine: the relay checks key and PeerId against the
    /// session of the stream).
    Publish(Box<SignedRecord>),
    /// The newest record of this key, if you hold one.
    Find(AgentPublicKey),
}

/// What a relay answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordResponse {
    /// The record was stored (or was already).
    Stored,
    /// The record asked for.
    Found(Box<SignedRecord>),
    /// No live record of that key.
    NotFound,
    /// The request was refused; why (at most [`MAX_REASON_LEN`] bytes).
    Refused(String),
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum RequestRepr {
    Publish(ByteBuf),
    Find(ByteBuf),
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum ResponseRepr {
    Stored,
    Found(ByteBuf),
    NotFound,
    Refused(String),
}

impl RecordRequest {
    /// CBOR body of the request frame.
    pub fn encode(&self) -> Vec<u8> {
        to_cbor(&match self {
            RecordRequest::Publish(r) => RequestRepr::Publish(ByteBuf::from(r.encode())),
            RecordRequest::Find(k) => RequestRepr::Find(ByteBuf::from(k.as_bytes().to_vec())),
        })
    }

    /// Parses a request frame body.
    pub fn decode(body: &[u8]) -> Result<Self, RecordError> {
        let m = |e: crate::Error| RecordError::Malformed(e.to_string());
        Ok(match from_cbor::<RequestRepr>(body).map_err(m)? {
            RequestRepr::Publish(r) => RecordRequest::Publish(Box::new(SignedRecord::decode(&r)?)),
            RequestRepr::Find(k) => RecordRequest::Find(AgentPublicKey::from_sec1(&k).map_err(m)?),
        })
    }
}

impl RecordResponse {
    /// CBOR body of the response frame.
    pub fn encode(&self) -> Vec<u8> {
        to_cbor(&match self {
            RecordResponse::Stored => ResponseRepr::Stored,
            RecordResponse::Found(r) => ResponseRepr::Found(ByteBuf::from(r.encode())),
            RecordResponse::NotFound => ResponseRepr::NotFound,
            RecordResponse::Refused(why) => {
                let mut why = why.clone();
                truncate_at_char(&mut why, MAX_REASON_LEN);
                ResponseRepr::Refused(why)
            }
        })
    }

    /// Parses a response frame body.
    pub fn decode(body: &[u8]) -> Result<Self, RecordError> {
        let m = |e: crate::Error| RecordError::Malformed(e.to_string());
        Ok(match from_cbor::<ResponseRepr>(body).map_err(m)? {
            ResponseRepr::Stored => RecordResponse::Stored,
            ResponseRepr::Found(r) => RecordResponse::Found(Box::new(SignedRecord::decode(&r)?)),
            ResponseRepr::NotFound => RecordResponse::NotFound,
            ResponseRepr::Refused(why) if why.len() > MAX_REASON_LEN => {
                return Err(RecordError::Malformed(format!(
                    "refusal reason of {} bytes, cap {MAX_REASON_LEN}",
                    why.len()
                )))
            }
            ResponseRepr::Refused(why) => RecordResponse::Refused(why),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::{PeerIdBytes, Signer, SoftwareSigner};
    use crate::record::{sign_record, PeerRecord};
    use crate::UnixMillis;
    use proptest::prelude::*;

    fn rec() -> SignedRecord {
        let s = SoftwareSigner::generate(&mut rand_core::OsRng);
        sign_record(
            PeerRecord {
                key: s.public_key(),
                peer_id: PeerIdBytes(vec![1; 38]),
                addrs: vec!["/ip4/10.0.0.1/udp/4001/quic-v1".into()],
                seq: 9,
                expires: UnixMillis(5),
            },
            &s,
        )
        .unwrap()
    }

    #[test]
    fn every_message_round_trips() {
        let r = rec();
        for q in [
            RecordRequest::Publish(Box::new(r.clone())),
            RecordRequest::Find(r.record.key),
        ] {
            assert_eq!(RecordRequest::decode(&q.encode()).unwrap(), q);
        }
        for a in [
            RecordResponse::Stored,
            RecordResponse::Found(Box::new(r.clone())),
            RecordResponse::NotFound,
            RecordResponse::Refused("no session".into()),
        ] {
            assert_eq!(RecordResponse::decode(&a.encode()).unwrap(), a);
        }
        assert!(r.encode().len() < RECORDS_FRAME_CAP);
    }

    #[test]
    fn a_request_with_a_bad_key_is_malformed() {
        // Ten bytes are no SEC1 point.
        let bad = to_cbor(&RequestRepr::Find(ByteBuf::from(vec![2u8; 10])));
        let got = RecordRequest::decode(&bad);
        assert!(matches!(got, Err(RecordError::Malformed(_))), "{got:?}");
    }

    proptest! {
        #[test]
        fn decoders_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let _ = RecordRequest::decode(&bytes);
            let _ = RecordResponse::decode(&bytes);
            let _ = SignedRecord::decode(&bytes);
        }

        #[test]
        fn a_decoded_record_re_encodes_to_the_same_bytes(
            addrs in proptest::collection::vec("/ip4/[0-9.]{7,15}/tcp/[0-9]{1,5}", 0..16),
            seq in any::<u64>(),
            expires in any::<u64>(),
        ) {
            let mut r = rec();
            r.record.addrs = addrs;
            r.record.seq = seq;
            r.record.expires = UnixMillis(expires);
            let bytes = r.encode();
            let back = SignedRecord::decode(&bytes).unwrap();
            prop_assert_eq!(back.encode(), bytes);
            prop_assert_eq!(back, r);
        }
    }
}
