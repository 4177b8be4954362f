//! The handshake transcript: what each side signs.
//!
//! A transcript is a sequence of fields, each encoded as a 4-byte big-endian length
//! followed by the bytes. Because every field is length-prefixed, no two distinct field
//! sequences encode to the same bytes (the property test below checks it). The first
//! field is the protocol label and version; the second names the signing role, so a
//! responder's signature can never be replayed as an initiator's.

use sha2::{Digest, Sha256};

use crate::identity::{AgentPublicKey, PeerIdBytes, SignedPayload};
use crate::time::UnixMillis;

/// Protocol label and version; first field of every handshake transcript.
pub const HANDSHAKE_LABEL: &[u8] = b"lango-node/handshake/1.0.0";
/// Role field signed by the initiator.
pub const ROLE_INITIATOR: &[u8] = b"initiator";
/// Role field signed by the responder.
pub const ROLE_RESPONDER: &[u8] = b"responder";
/// Label of the session-id derivation.
const SESSION_ID_LABEL: &[u8] = b"lango-node/session-id/v1";

/// Appends `field` as `u32_be(len) || field`.
pub fn put_field(out: &mut Vec<u8>, field: &[u8]) {
    // Invariant: every field we encode is small (keys, nonces, timestamps, PeerIds of a
    // few dozen bytes taken from the transport, reasons capped at 256 bytes), far below
    // u32::MAX.
    let len = u32::try_from(field.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(field);
}

/// Encodes a sequence of fields.
pub fn encode_fields(fields: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::with_capacity(fields.iter().map(|f| f.len() + 4).sum());
    for f in fields {
        put_field(&mut out, f);
    }
    out
}

/// Everything both sides know once the first two messages have crossed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transcript {
    /// PeerId of the dialing side, as authenticated by Noise.
    pub initiator_peer: PeerIdBytes,
    /// PeerId of the listening side, as authenticated by Noise.
    pub responder_peer: PeerIdBytes,
    /// Initiator's agent key.
    pub initiator_key: AgentPublicKey,
    /// Responder's agent key.
    pub responder_key: AgentPublicKey,
    /// Initiator's fresh nonce.
    pub initiator_nonce: [u8; 32],
    /// Responder's fresh nonce.
    pub responder_nonce: [u8; 32],
    /// Initiator's clock at `hello`.
    pub initiator_time: UnixMillis,
    /// Responder's clock at `response`.
    pub responder_time: UnixMillis,
}

impl Transcript {
    /// Encoding with the given role field (without the role: the session-id input).
    fn encode(&self, role: Option<&[u8]>) -> Vec<u8> {
        let ti = self.initiator_time.0.to_be_bytes();
        let tr = self.responder_time.0.to_be_bytes();
        let mut fields: Vec<&[u8]> = vec![HANDSHAKE_LABEL];
        if let Some(role) = role {
            fields.push(role);
        }
        fields.extend_from_slice(&[
            &self.initiator_peer.0,
            &self.responder_peer.0,
            self.initiator_key.as_bytes(),
            self.responder_key.as_bytes(),
            &self.initiator_nonce,
            &self.responder_nonce,
            &ti,
            &tr,
        ]);
        encode_fields(&fields)
    }

    /// What the responder signs.
    pub fn responder_payload(&self) -> SignedPayload {
        SignedPayload::new(self.encode(Some(ROLE_RESPONDER)))
    }

    /// What the initiator signs.
    pub fn initiator_payload(&self) -> SignedPayload {
        SignedPayload::new(self.encode(Some(ROLE_INITIATOR)))
    }

    /// The session id both sides derive: nobody chooses it, and it names this handshake.
    pub fn session_id(&self) -> crate::session::SessionId {
        let mut h = Sha256::new();
        h.update(SESSION_ID_LABEL);
        h.update(self.encode(None));
        let d = h.finalize();
        let mut id = [0u8; 16];
        id.copy_from_slice(&d[..16]);
        crate::session::SessionId(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Length prefixing makes the encoding injective on field sequences.
        #[test]
        fn distinct_field_sequences_never_encode_equal(
            a in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..12), 0..6),
            b in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..12), 0..6),
        ) {
            let ea = encode_fields(&a.iter().map(|v| v.as_slice()).collect::<Vec<_>>());
            let eb = encode_fields(&b.iter().map(|v| v.as_slice()).collect::<Vec<_>>());
            prop_assert_eq!(a == b, ea == eb);
        }

        /// Shifting bytes between adjacent fields (the classic concatenation ambiguity)
        /// changes the encoding.
        #[test]
        fn moving_a_boundary_changes_the_encoding(
            joined in proptest::collection::vec(any::<u8>(), 2..40),
            cut1 in 0usize..40, cut2 in 0usize..40,
        ) {
            let c1 = cut1 % (joined.len() + 1);
            let c2 = cut2 % (joined.len() + 1);
            prop_assume!(c1 != c2);
            let e1 = encode_fields(&[&joined[..c1], &joined[c1..]]);
            let e2 = encode_fields(&[&joined[..c2], &joined[c2..]]);
            prop_assert_ne!(e1, e2);
        }
    }

    #[test]
    fn roles_sign_different_bytes() {
        use crate::identity::{Signer, SoftwareSigner};
        let k = SoftwareSigner::generate(&mut rand_core::OsRng).public_key();
        let t = Transcript {
            initiator_peer: PeerIdBytes(vec![1]),
            responder_peer: PeerIdBytes(vec![2]),
            initiator_key: k,
            responder_key: k,
            initiator_nonce: [3; 32],
            responder_nonce: [4; 32],
            initiator_time: UnixMillis(5),
            responder_time: UnixMillis(6),
        };
        assert_ne!(t.initiator_payload(), t.responder_payload());
        let mut swapped = t.clone();
        std::mem::swap(&mut swapped.initiator_peer, &mut swapped.responder_peer);
        assert_ne!(t.initiator_payload(), swapped.initiator_payload());
        assert_ne!(t.session_id(), swapped.session_id());
    }
}
