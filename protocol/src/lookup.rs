//! `/lango/records/1.0.0`: publishing a signed peer record to a relay, asking a relay
//! for the record of an agent key, and probing a LAN neighbour found by mDNS ("is one
//! of these keys yours?"). One request frame and one response frame per stream; a relay
//! serves `Publish` and `Find` only to peers that hold a session with it. `Probe` is
//! answered to anyone, and only ever with the answerer's own record, and only when the
//! prober already knows the answerer's key: it names keys by blinded tags
//! ([`probe_tag`]), so a LAN neighbour learns no key it did not already know.

use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;
use sha2::{Digest, Sha256};

use crate::identity::AgentPublicKey;
use crate::record::{RecordError, SignedRecord};
use crate::wire::{from_cbor, to_cbor, truncate_at_char, MAX_REASON_LEN};

/// Protocol id of the record stream.
pub const RECORDS_PROTOCOL: &str = "/lango/records/1.0.0";
/// Largest request or response frame: a record with every address at its cap, and room.
pub const RECORDS_FRAME_CAP: usize = 8 * 1024;
/// Most tags one probe carries (a probe of more keys is split over several streams).
pub const MAX_PROBE_TAGS: usize = 64;
/// First input of a probe tag's hash.
pub const PROBE_LABEL: &[u8] = b"lango-node/probe/1.0.0";

/// A probe's per-request random value: tags from one probe do not match another's.
pub type ProbeNonce = [u8; 16];

/// The blinded name of `key` in a probe with `nonce`: SHA-256 of [`PROBE_LABEL`], the
/// nonce and the key's 33-byte SEC1 encoding. Only a party that holds the key's public
/// bytes can tell which key a tag names.
pub fn probe_tag(nonce: &ProbeNonce, key: &AgentPublicKey) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(PROBE_LABEL);
    h.update(nonce);
    h.update(key.as_bytes());
    h.finalize().into()
}

/// What a client asks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordRequest {
    /// Keep my record (it must be mine: the relay checks key and PeerId against the
    /// session of the stream).
    Publish(Box<SignedRecord>),
    /// The newest record of this key, if you hold one.
    Find(AgentPublicKey),
    /// "If one of these tags names your key, send me your record" (mDNS neighbours).
    Probe {
        /// Random per probe.
        nonce: ProbeNonce,
        /// [`probe_tag`] of each key asked for; 1 to [`MAX_PROBE_TAGS`].
        tags: Vec<[u8; 32]>,
    },
}

impl RecordRequest {
    /// Whether this probe asks for `key`.
    pub fn probes_for(&self, key: &AgentPublicKey) -> bool {
        match self {
            RecordRequest::Probe { nonce, tags } => tags.contains(&probe_tag(nonce, key)),
            _ => false,
        }
    }
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
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum RequestRepr {
    Publish(ByteBuf),
    Find(ByteBuf),
    // A map, not a tuple: a tuple's declared length is not checked against what the
    // variant reads (the fuzz target's huge-length property found it).
    Probe { nonce: ByteBuf, tags: Vec<ByteBuf> },
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
            RecordRequest::Probe { nonce, tags } => RequestRepr::Probe {
                nonce: ByteBuf::from(nonce.to_vec()),
                tags: tags.iter().map(|t| ByteBuf::from(t.to_vec())).collect(),
            },
        })
    }

    /// Parses a request frame body.
    pub fn decode(body: &[u8]) -> Result<Self, RecordError> {
        let m = |e: crate::Error| RecordError::Malformed(e.to_string());
        Ok(match from_cbor::<RequestRepr>(body).map_err(m)? {
            RequestRepr::Publish(r) => RecordRequest::Publish(Box::new(SignedRecord::decode(&r)?)),
            RequestRepr::Find(k) => RecordRequest::Find(AgentPublicKey::from_sec1(&k).map_err(m)?),
            RequestRepr::Probe { nonce, tags } => {
                let nonce = ProbeNonce::try_from(nonce.as_slice()).map_err(|_| {
                    RecordError::Malformed(format!("probe nonce of {} bytes, not 16", nonce.len()))
                })?;
                if tags.is_empty() || tags.len() > MAX_PROBE_TAGS {
                    return Err(RecordError::Malformed(format!(
                        "probe of {} tags (1 to {MAX_PROBE_TAGS} allowed)",
                        tags.len()
                    )));
                }
                let tags = tags
                    .iter()
                    .map(|t| {
                        <[u8; 32]>::try_from(t.as_slice()).map_err(|_| {
                            RecordError::Malformed(format!(
                                "probe tag of {} bytes, not 32",
                                t.len()
                            ))
                        })
                    })
                    .collect::<Result<_, _>>()?;
                RecordRequest::Probe { nonce, tags }
            }
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
            RecordRequest::Probe {
                nonce: [7; 16],
                tags: vec![[1; 32]; MAX_PROBE_TAGS],
            },
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

    #[test]
    fn a_probe_names_a_key_only_to_its_holder_and_only_for_its_nonce() {
        let r = rec();
        let other = SoftwareSigner::generate(&mut rand_core::OsRng).public_key();
        let probe = |nonce: ProbeNonce, key: &AgentPublicKey| RecordRequest::Probe {
            nonce,
            tags: vec![probe_tag(&nonce, key)],
        };
        assert!(probe([1; 16], &r.record.key).probes_for(&r.record.key));
        assert!(!probe([1; 16], &r.record.key).probes_for(&other));
        // A tag copied into a probe with another nonce names nothing.
        let copied = RecordRequest::Probe {
            nonce: [2; 16],
            tags: vec![probe_tag(&[1; 16], &r.record.key)],
        };
        assert!(!copied.probes_for(&r.record.key));
        // The tag is not the key, nor its hash: it reveals nothing without the key.
        let t = probe_tag(&[1; 16], &r.record.key);
        assert_ne!(&t[..], &Sha256::digest(r.record.key.as_bytes())[..]);
        assert!(!RecordRequest::Find(r.record.key).probes_for(&r.record.key));
    }

    #[test]
    fn a_probe_with_an_unknown_field_is_malformed() {
        #[derive(Serialize)]
        struct Extra {
            nonce: ByteBuf,
            tags: Vec<ByteBuf>,
            more: u8,
        }
        let body = to_cbor(&std::collections::BTreeMap::from([(
            "probe",
            Extra {
                nonce: ByteBuf::from(vec![0u8; 16]),
                tags: vec![ByteBuf::from(vec![0u8; 32])],
                more: 1,
            },
        )]));
        let got = RecordRequest::decode(&body);
        assert!(matches!(got, Err(RecordError::Malformed(_))), "{got:?}");
    }

    #[test]
    fn a_probe_with_bad_sizes_is_malformed() {
        let ok_tag = ByteBuf::from(vec![0u8; 32]);
        for bad in [
            (vec![0u8; 15], vec![ok_tag.clone()]),
            (vec![0u8; 16], vec![]),
            (vec![0u8; 16], vec![ok_tag; MAX_PROBE_TAGS + 1]),
            (vec![0u8; 16], vec![ByteBuf::from(vec![0u8; 31])]),
        ] {
            let bad = RequestRepr::Probe {
                nonce: ByteBuf::from(bad.0),
                tags: bad.1,
            };
            let got = RecordRequest::decode(&to_cbor(&bad));
            assert!(matches!(got, Err(RecordError::Malformed(_))), "{got:?}");
        }
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
