//! Signed peer records: "agent key K is reachable as PeerId P at these addresses", signed
//! by K, numbered, and with an expiry.
//!
//! A node publishes its record to the relays it holds a session with; a node that trusts
//! K by its DID alone learns P and the addresses from a relay it shares with K, verifies
//! the record against K, and only then dials. The record says nothing a dial does not
//! prove again: the handshake that follows must show K over P, so a relay that serves a
//! wrong record can make a dial fail, never make a session with the wrong key.
//!
//! [`RecordBook`] keeps the newest accepted record per key and refuses an older one (a
//! replay), one with the same number and other contents (a fork), an expired one, and
//! one whose expiry is further out than [`MAX_RECORD_TTL_MS`].

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

use crate::events::SecurityEventKind;
use crate::identity::{AgentPublicKey, PeerIdBytes, Signature, SignedPayload, Signer};
use crate::time::UnixMillis;
use crate::transcript::encode_fields;
use crate::wire::{array, from_cbor, to_cbor};

/// First field of the signed record payload.
pub const RECORD_LABEL: &[u8] = b"lango-node/peer-record/1.0.0";
/// Most addresses one record carries.
pub const MAX_ADDRS: usize = 16;
/// Longest address (multiaddr text), bytes.
pub const MAX_ADDR_LEN: usize = 256;
/// Longest PeerId, bytes (an Ed25519 PeerId is 38).
pub const MAX_PEER_ID_LEN: usize = 64;
/// Furthest a record's expiry may lie ahead of the verifier's clock: 24 h.
pub const MAX_RECORD_TTL_MS: u64 = 24 * 3600 * 1000;

/// The signed fields of a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeerRecord {
    /// The agent key the record speaks for (its DID).
    pub key: AgentPublicKey,
    /// The libp2p PeerId the node answers on.
    pub peer_id: PeerIdBytes,
    /// Multiaddrs, as text: listen, observed and relayed (`…/p2p-circuit`).
    pub addrs: Vec<String>,
    /// Strictly increasing per key (the publisher uses its clock in ms, kept monotonic).
    pub seq: u64,
    /// After this the record is not used.
    pub expires: UnixMillis,
}

/// A record and its signature by [`PeerRecord::key`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedRecord {
    /// The signed fields.
    pub record: PeerRecord,
    /// ECDSA P-256 over [`RECORD_LABEL`] and the fields.
    pub signature: Signature,
}

/// Why a record was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RecordError {
    /// Not the CBOR shape of a record, or a field out of bounds.
    #[error("malformed peer record: {0}")]
    Malformed(String),
    /// The signature does not verify under the record's key.
    #[error("forged peer record: the signature does not verify under its key")]
    Forged,
    /// The record is for another key than the one asked for or the publisher's.
    #[error("peer record for another key: wanted {wanted}, got {got}")]
    WrongKey {
        /// DID wanted.
        wanted: String,
        /// DID in the record.
        got: String,
    },
    /// The record is for another PeerId than the stream it came on.
    #[error("peer record names another PeerId than the connection it came on")]
    WrongPeer,
    /// Expired.
    #[error("stale peer record: expired {ago_ms} ms ago")]
    Expired {
        /// How long ago.
        ago_ms: u64,
    },
    /// Expiry too far ahead.
    #[error(
        "peer record expires {ahead_ms} ms from now, more than the {MAX_RECORD_TTL_MS} ms allowed"
    )]
    TooLong {
        /// How far ahead.
        ahead_ms: u64,
    },
    /// An older sequence number than one already accepted (a replay).
    #[error("replayed peer record: sequence {got} is older than {have}, already accepted")]
    Older {
        /// Sequence number received.
        got: u64,
        /// Newest accepted.
        have: u64,
    },
    /// The same sequence number with other contents.
    #[error("conflicting peer record: sequence {0} was accepted with other contents")]
    Conflict(u64),
    /// The signer failed (our own record).
    #[error("cannot sign our peer record: {0}")]
    Signer(String),
}

impl RecordError {
    /// The security event a received record raises when refused.
    pub fn security_event(&self) -> Option<SecurityEventKind> {
        use SecurityEventKind as K;
        Some(match self {
            RecordError::Malformed(_) => K::MalformedFrame,
            RecordError::Forged | RecordError::WrongKey { .. } | RecordError::WrongPeer => {
                K::BadSignature
            }
            RecordError::Expired { .. } => K::StaleTimestamp,
            RecordError::TooLong { .. } => K::FutureTimestamp,
            RecordError::Older { .. } | RecordError::Conflict(_) => K::Replay,
            RecordError::Signer(_) => return None,
        })
    }
}

fn payload(r: &PeerRecord) -> SignedPayload {
    let seq = r.seq.to_be_bytes();
    let exp = r.expires.0.to_be_bytes();
    let n = (r.addrs.len() as u32).to_be_bytes();
    let mut fields: Vec<&[u8]> = vec![RECORD_LABEL, r.key.as_bytes(), &r.peer_id.0, &seq, &exp, &n];
    fields.extend(r.addrs.iter().map(|a| a.as_bytes()));
    SignedPayload::new(encode_fields(&fields))
}

fn check_bounds(r: &PeerRecord) -> Result<(), RecordError> {
    if r.addrs.len() > MAX_ADDRS {
        return Err(RecordError::Malformed(format!(
            "{} addresses, at most {MAX_ADDRS}",
            r.addrs.len()
        )));
    }
    if let Some(a) = r
        .addrs
        .iter()
        .find(|a| a.len() > MAX_ADDR_LEN || a.is_empty() || !a.is_ascii())
    {
        return Err(RecordError::Malformed(format!(
            "address of {} bytes (1 to {MAX_ADDR_LEN} ASCII bytes allowed)",
            a.len()
        )));
    }
    if r.peer_id.0.is_empty() || r.peer_id.0.len() > MAX_PEER_ID_LEN {
        return Err(RecordError::Malformed(format!(
            "PeerId of {} bytes (1 to {MAX_PEER_ID_LEN} allowed)",
            r.peer_id.0.len()
        )));
    }
    Ok(())
}

/// Signs `record` with `signer` (whose key must be `record.key`).
pub fn sign_record(record: PeerRecord, signer: &dyn Signer) -> Result<SignedRecord, RecordError> {
    check_bounds(&record)?;
    if signer.public_key() != record.key {
        return Err(RecordError::Signer(
            "the signer's key is not the record's".into(),
        ));
    }
    let signature = signer
        .sign(&payload(&record))
        .map_err(|e| RecordError::Signer(e.0))?;
    Ok(SignedRecord { record, signature })
}

impl SignedRecord {
    /// Checks the signature, the bounds and the expiry at `now`.
    pub fn verify(&self, now: UnixMillis) -> Result<(), RecordError> {
        check_bounds(&self.record)?;
        self.record
            .key
            .verify(&payload(&self.record), &self.signature)
            .map_err(|_| RecordError::Forged)?;
        let exp = self.record.expires.0;
        if exp <= now.0 {
            return Err(RecordError::Expired {
                ago_ms: now.0 - exp,
            });
        }
        if exp - now.0 > MAX_RECORD_TTL_MS {
            return Err(RecordError::TooLong {
                ahead_ms: exp - now.0,
            });
        }
        Ok(())
    }

    /// CBOR encoding.
    pub fn encode(&self) -> Vec<u8> {
        to_cbor(&self.repr())
    }

    /// Parses a CBOR record (bounds checked; the signature is not: see [`Self::verify`]).
    pub fn decode(body: &[u8]) -> Result<Self, RecordError> {
        let r: RecordRepr = from_cbor(body).map_err(|e| RecordError::Malformed(e.to_string()))?;
        Self::from_repr(r)
    }

    fn repr(&self) -> RecordRepr {
        RecordRepr {
            key: ByteBuf::from(self.record.key.as_bytes().to_vec()),
            peer_id: ByteBuf::from(self.record.peer_id.0.clone()),
            addrs: self.record.addrs.clone(),
            seq: self.record.seq,
            expires_ms: self.record.expires.0,
            signature: ByteBuf::from(self.signature.0.to_vec()),
        }
    }

    fn from_repr(r: RecordRepr) -> Result<Self, RecordError> {
        let m = |e: crate::Error| RecordError::Malformed(e.to_string());
        let rec = SignedRecord {
            record: PeerRecord {
                key: AgentPublicKey::from_sec1(&r.key).map_err(m)?,
                peer_id: PeerIdBytes(r.peer_id.into_vec()),
                addrs: r.addrs,
                seq: r.seq,
                expires: UnixMillis(r.expires_ms),
            },
            signature: Signature(array(&r.signature, "signature").map_err(m)?),
        };
        check_bounds(&rec.record)?;
        Ok(rec)
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordRepr {
    key: ByteBuf,
    peer_id: ByteBuf,
    addrs: Vec<String>,
    seq: u64,
    expires_ms: u64,
    signature: ByteBuf,
}

/// What [`RecordBook::accept`] did with a valid record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Accepted {
    /// Newer than what we had (or the first): stored.
    New,
    /// The record we already hold.
    Same,
}

/// The newest accepted record per agent key, bounded.
#[derive(Debug)]
pub struct RecordBook {
    records: HashMap<[u8; 33], SignedRecord>,
    capacity: usize,
}

impl RecordBook {
    /// A book of at most `capacity` keys (expired records are dropped first when full).
    pub fn new(capacity: usize) -> Self {
        RecordBook {
            records: HashMap::new(),
            capacity: capacity.max(1),
        }
    }

    /// Verifies `rec` and keeps it if newer than the one held for its key. `expect_key`
    /// refuses a record for another key (the one looked up, or the publisher's own);
    /// `expect_peer` one for another PeerId (the stream it came on).
    pub fn accept(
        &mut self,
        rec: &SignedRecord,
        expect_key: Option<&AgentPublicKey>,
        expect_peer: Option<&PeerIdBytes>,
        now: UnixMillis,
    ) -> Result<Accepted, RecordError> {
        if let Some(k) = expect_key {
            if *k != rec.record.key {
                return Err(RecordError::WrongKey {
                    wanted: k.did().to_string(),
                    got: rec.record.key.did().to_string(),
                });
            }
        }
        if expect_peer.is_some_and(|p| *p != rec.record.peer_id) {
            return Err(RecordError::WrongPeer);
        }
        rec.verify(now)?;
        let key = *rec.record.key.as_bytes();
        if let Some(have) = self.records.get(&key) {
            if rec.record.seq < have.record.seq {
                return Err(RecordError::Older {
                    got: rec.record.seq,
                    have: have.record.seq,
                });
            }
            if rec.record.seq == have.record.seq {
                return if have == rec {
                    Ok(Accepted::Same)
                } else {
                    Err(RecordError::Conflict(rec.record.seq))
                };
            }
        } else if self.records.len() >= self.capacity {
            self.records.retain(|_, r| r.record.expires > now);
            if self.records.len() >= self.capacity {
                // Full of live records: the one closest to expiry makes room.
                if let Some(k) = self
                    .records
                    .iter()
                    .min_by_key(|(_, r)| r.record.expires)
                    .map(|(k, _)| *k)
                {
                    self.records.remove(&k);
                }
            }
        }
        self.records.insert(key, rec.clone());
        Ok(Accepted::New)
    }

    /// The live record of `key`.
    pub fn get(&self, key: &AgentPublicKey, now: UnixMillis) -> Option<&SignedRecord> {
        self.records
            .get(key.as_bytes())
            .filter(|r| r.record.expires > now)
    }

    /// Forgets `key`'s record (a peer no longer trusted).
    pub fn remove(&mut self, key: &AgentPublicKey) {
        self.records.remove(key.as_bytes());
    }

    /// Records held, live or not.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether the book is empty.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::SoftwareSigner;

    const NOW: UnixMillis = UnixMillis(1_800_000_000_000);

    fn signer() -> SoftwareSigner {
        SoftwareSigner::generate(&mut rand_core::OsRng)
    }

    fn record(s: &SoftwareSigner, seq: u64) -> SignedRecord {
        sign_record(
            PeerRecord {
                key: s.public_key(),
                peer_id: PeerIdBytes(vec![7; 38]),
                addrs: vec!["/ip4/198.51.100.1/tcp/4001/p2p/x/p2p-circuit".into()],
                seq,
                expires: NOW.plus(600_000),
            },
            s,
        )
        .unwrap()
    }

    #[test]
    fn a_signed_record_round_trips_and_verifies() {
        let s = signer();
        let r = record(&s, 1);
        let back = SignedRecord::decode(&r.encode()).unwrap();
        assert_eq!(back, r);
        back.verify(NOW).unwrap();
    }

    #[test]
    fn a_changed_field_is_a_forgery() {
        let s = signer();
        let r = record(&s, 1);
        let mut changed = r.clone();
        changed.record.addrs[0] = "/ip4/203.0.113.66/tcp/4001".into();
        assert_eq!(changed.verify(NOW), Err(RecordError::Forged));
        let mut peer = r.clone();
        peer.record.peer_id = PeerIdBytes(vec![8; 38]);
        assert_eq!(peer.verify(NOW), Err(RecordError::Forged));
        let mut seq = r.clone();
        seq.record.seq = 2;
        assert_eq!(seq.verify(NOW), Err(RecordError::Forged));
        // Signed by another key, claiming the first.
        let other = signer();
        let mut stolen = record(&other, 1);
        stolen.record.key = s.public_key();
        assert_eq!(stolen.verify(NOW), Err(RecordError::Forged));
    }

    #[test]
    fn expired_and_far_future_records_are_refused() {
        let s = signer();
        let r = record(&s, 1);
        assert!(matches!(
            r.verify(NOW.plus(600_001)),
            Err(RecordError::Expired { .. })
        ));
        let mut long = r.record.clone();
        long.expires = NOW.plus(MAX_RECORD_TTL_MS + 1);
        let long = sign_record(long, &s).unwrap();
        assert!(matches!(long.verify(NOW), Err(RecordError::TooLong { .. })));
    }

    #[test]
    fn the_book_refuses_older_conflicting_and_misaddressed_records() {
        let (s, other) = (signer(), signer());
        let mut book = RecordBook::new(8);
        let r2 = record(&s, 2);
        assert_eq!(book.accept(&r2, None, None, NOW), Ok(Accepted::New));
        assert_eq!(book.accept(&r2, None, None, NOW), Ok(Accepted::Same));
        assert_eq!(
            book.accept(&record(&s, 1), None, None, NOW),
            Err(RecordError::Older { got: 1, have: 2 })
        );
        // Same number, other contents (ECDSA is randomised: a second signing differs).
        let mut fork = r2.record.clone();
        fork.addrs.push("/ip4/203.0.113.66/tcp/1".into());
        let fork = sign_record(fork, &s).unwrap();
        assert_eq!(
            book.accept(&fork, None, None, NOW),
            Err(RecordError::Conflict(2))
        );
        assert!(matches!(
            book.accept(&record(&s, 3), Some(&other.public_key()), None, NOW),
            Err(RecordError::WrongKey { .. })
        ));
        assert_eq!(
            book.accept(&record(&s, 3), None, Some(&PeerIdBytes(vec![1])), NOW),
            Err(RecordError::WrongPeer)
        );
        assert_eq!(book.get(&s.public_key(), NOW).unwrap().record.seq, 2);
        assert_eq!(
            book.accept(&record(&s, 3), None, None, NOW),
            Ok(Accepted::New)
        );
        assert_eq!(book.get(&s.public_key(), NOW).unwrap().record.seq, 3);
        assert!(book.get(&s.public_key(), NOW.plus(600_000)).is_none());
    }

    #[test]
    fn the_book_stays_within_its_capacity() {
        let mut book = RecordBook::new(2);
        let signers: Vec<_> = (0..3).map(|_| signer()).collect();
        for s in &signers {
            book.accept(&record(s, 1), None, None, NOW).unwrap();
        }
        assert_eq!(book.len(), 2);
        assert!(book.get(&signers[2].public_key(), NOW).is_some());
    }

    #[test]
    fn oversized_records_do_not_decode() {
        let s = signer();
        let mut r = record(&s, 1);
        r.record.addrs = vec!["/ip4/1.2.3.4/tcp/1".into(); MAX_ADDRS + 1];
        assert!(matches!(
            SignedRecord::decode(&r.encode()),
            Err(RecordError::Malformed(_))
        ));
        let mut r = record(&s, 1);
        r.record.addrs = vec!["a".repeat(MAX_ADDR_LEN + 1)];
        assert!(matches!(
            SignedRecord::decode(&r.encode()),
            Err(RecordError::Malformed(_))
        ));
        assert!(SignedRecord::decode(b"\xa0").is_err());
        assert!(SignedRecord::decode(&[]).is_err());
    }
}
