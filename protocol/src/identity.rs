//! Agent identities: P-256 keys, their `did:key` names, and the signer joint.
//!
//! The agent key is separate from the libp2p transport key so that it can live in
//! hardware. It signs only [`SignedPayload`]s, which this crate builds from transcripts
//! and notices under fixed domain-separation labels: there is no way to make it sign
//! bytes a peer chose alone.

use std::fmt;

use aws_lc_rs::signature::{
    EcdsaKeyPair, KeyPair, UnparsedPublicKey, ECDSA_P256_SHA256_FIXED,
    ECDSA_P256_SHA256_FIXED_SIGNING,
};
use p256::ecdsa::{SigningKey, VerifyingKey};
use rand_core::{CryptoRng, RngCore};
use sha2::{Digest, Sha256};

use crate::error::Error;

/// Multicodec prefix of `p256-pub` (0x1200) as an unsigned varint.
const P256_PUB_MULTICODEC: [u8; 2] = [0x80, 0x24];
/// Prefix every signature input starts with; no other lango-node signature shares it.
const SIGNATURE_CONTEXT: &[u8] = b"lango-node agent signature v1\x00";

/// A compressed SEC1 P-256 public key (33 bytes), validated to be a curve point.
///
/// The uncompressed form is kept beside it so that verification does not pay a square
/// root each time.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AgentPublicKey([u8; 33], [u8; 65]);

impl AgentPublicKey {
    /// Parses a compressed SEC1 point, refusing anything that is not on the curve.
    ///
    /// Decompressing costs a square root (~7 µs), and a node parses the same few peers'
    /// keys over and over (two in every receipt), so the last few keys parsed on this
    /// thread are remembered, by their exact bytes.
    pub fn from_sec1(bytes: &[u8]) -> Result<Self, Error> {
        let arr: [u8; 33] = bytes.try_into().map_err(|_| {
            Error::Malformed(format!("agent key is {} bytes, want 33", bytes.len()))
        })?;
        if let Some(known) = recent::find(&arr) {
            return Ok(known);
        }
        let key = VerifyingKey::from_sec1_bytes(&arr)
            .map_err(|_| Error::Malformed("agent key is not a compressed P-256 point".into()))?;
        let key = Self::from(&key);
        recent::remember(key);
        Ok(key)
    }

    /// Parses a SEC1 point in either encoding (33-byte compressed or 65-byte
    /// uncompressed, as external signers such as ssh-agent report it).
    pub fn from_sec1_any(bytes: &[u8]) -> Result<Self, Error> {
        let key = VerifyingKey::from_sec1_bytes(bytes)
            .map_err(|_| Error::Malformed("not a valid P-256 public key".into()))?;
        Ok(Self::from(&key))
    }

    /// The 33 compressed bytes.
    pub fn as_bytes(&self) -> &[u8; 33] {
        &self.0
    }

    /// The `did:key:zDn...` name of this key.
    pub fn did(&self) -> Did {
        let mut buf = Vec::with_capacity(35);
        buf.extend_from_slice(&P256_PUB_MULTICODEC);
        buf.extend_from_slice(&self.0);
        Did(format!("did:key:z{}", bs58::encode(buf).into_string()))
    }

    /// Checks `sig` over `payload`. High-S signatures are refused so that a signature
    /// has exactly one valid encoding.
    ///
    /// The verification itself runs in aws-lc-rs: RustCrypto's p256 reached 0.25× of
    /// `openssl speed` here (`lango-node bench crypto`), below the 0.8 bar.
    pub fn verify(&self, payload: &SignedPayload, sig: &Signature) -> Result<(), Error> {
        let parsed = p256::ecdsa::Signature::from_slice(&sig.0).map_err(|_| Error::BadSignature)?;
        if parsed.normalize_s().is_some() {
            return Err(Error::BadSignature);
        }
        UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, &self.1[..])
            .verify(payload.as_bytes(), &sig.0)
            .map_err(|_| Error::BadSignature)
    }
}

impl From<&VerifyingKey> for AgentPublicKey {
    fn from(key: &VerifyingKey) -> Self {
        let mut compressed = [0u8; 33];
        compressed.copy_from_slice(key.to_encoded_point(true).as_bytes());
        let mut uncompressed = [0u8; 65];
        uncompressed.copy_from_slice(key.to_encoded_point(false).as_bytes());
        Self(compressed, uncompressed)
    }
}

impl fmt::Debug for AgentPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AgentPublicKey({})", self.did())
    }
}

/// Keys recently parsed on this thread (public data; each was validated when parsed).
mod recent {
    use std::cell::RefCell;

    use super::AgentPublicKey;

    const SLOTS: usize = 8;

    thread_local! {
        static KEYS: RefCell<([Option<AgentPublicKey>; SLOTS], usize)> =
            const { RefCell::new(([None; SLOTS], 0)) };
    }

    /// The key whose compressed form is `bytes`, if it was parsed here lately.
    pub(super) fn find(bytes: &[u8; 33]) -> Option<AgentPublicKey> {
        KEYS.with(|k| {
            k.borrow()
                .0
                .iter()
                .flatten()
                .find(|key| &key.0 == bytes)
                .copied()
        })
    }

    /// Remembers `key`, replacing the oldest entry.
    pub(super) fn remember(key: AgentPublicKey) {
        KEYS.with(|k| {
            let mut k = k.borrow_mut();
            let next = k.1;
            if let Some(slot) = k.0.get_mut(next) {
                *slot = Some(key);
            }
            k.1 = (next + 1) % SLOTS;
        });
    }
}

/// A `did:key` naming a P-256 agent key: what operators type, trust and revoke.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Did(String);

impl Did {
    /// Parses `did:key:z...`, refusing any key type other than P-256 and invalid points.
    pub fn parse(s: &str) -> Result<(Did, AgentPublicKey), DidError> {
        let rest = s.strip_prefix("did:key:").ok_or(DidError::NotDidKey)?;
        let b58 = rest.strip_prefix('z').ok_or(DidError::NotBase58btc)?;
        let raw = bs58::decode(b58)
            .into_vec()
            .map_err(|_| DidError::NotBase58btc)?;
        let key = raw
            .strip_prefix(&P256_PUB_MULTICODEC[..])
            .ok_or(DidError::NotP256)?;
        let key = AgentPublicKey::from_sec1(key).map_err(|_| DidError::BadPoint)?;
        // Re-encode so that only the canonical spelling is accepted.
        let did = key.did();
        if did.0 != s {
            return Err(DidError::NotCanonical);
        }
        Ok((did, key))
    }

    /// The string form.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Did {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a string is not an acceptable agent DID.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum DidError {
    /// Does not start with `did:key:`.
    #[error("not a did:key (must start with `did:key:z`)")]
    NotDidKey,
    /// Multibase prefix is not `z` or the base58 is invalid.
    #[error("did:key is not base58btc (`z` prefix)")]
    NotBase58btc,
    /// Multicodec is not `p256-pub`.
    #[error("did:key is not a P-256 key (expected `did:key:zDn...`)")]
    NotP256,
    /// Bytes are not a valid compressed P-256 point.
    #[error("did:key does not hold a valid compressed P-256 point")]
    BadPoint,
    /// Valid key, but not its canonical spelling.
    #[error("did:key is not in canonical form")]
    NotCanonical,
}

/// The libp2p PeerId of a connection, as bytes (its multihash), as authenticated by Noise.
///
/// The protocol crate does not depend on libp2p; the node converts.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PeerIdBytes(pub Vec<u8>);

impl fmt::Debug for PeerIdBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PeerIdBytes({})", bs58::encode(&self.0).into_string())
    }
}

/// A 64-byte P-256 ECDSA signature (r || s, big-endian, low-S).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Signature(pub [u8; 64]);

impl Signature {
    /// Builds a signature from big-endian `r` and `s` of any length up to 32 bytes
    /// (external signers encode them as SSH mpints), normalised to low-S.
    pub fn from_scalars(r: &[u8], s: &[u8]) -> Result<Self, SignerError> {
        let pad = |v: &[u8]| -> Result<[u8; 32], SignerError> {
            let v = match v.iter().position(|&b| b != 0) {
                Some(i) => &v[i..],
                None => &[][..],
            };
            if v.len() > 32 {
                return Err(SignerError("signature scalar longer than 32 bytes".into()));
            }
            let mut out = [0u8; 32];
            out[32 - v.len()..].copy_from_slice(v);
            Ok(out)
        };
        let (r, s) = (pad(r)?, pad(s)?);
        let sig = p256::ecdsa::Signature::from_scalars(r, s)
            .map_err(|_| SignerError("signature scalars out of range".into()))?;
        let sig = sig.normalize_s().unwrap_or(sig);
        Ok(Signature(sig.to_bytes().into()))
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Signature(..)")
    }
}

/// Bytes an agent key may sign: built only by this crate, always domain-separated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedPayload(Vec<u8>);

impl SignedPayload {
    /// Wraps an encoded transcript whose first field is a fixed protocol label.
    pub(crate) fn new(encoded_transcript: Vec<u8>) -> Self {
        let mut v = Vec::with_capacity(SIGNATURE_CONTEXT.len() + encoded_transcript.len());
        v.extend_from_slice(SIGNATURE_CONTEXT);
        v.extend_from_slice(&encoded_transcript);
        Self(v)
    }

    /// The exact bytes that are hashed and signed.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// SHA-256 of the payload: what ECDSA signs.
    pub fn digest(&self) -> [u8; 32] {
        Sha256::digest(&self.0).into()
    }
}

/// Error of a signer (a hardware signer may be unplugged or refuse).
#[derive(Debug, thiserror::Error)]
#[error("agent key signer failed: {0}")]
pub struct SignerError(pub String);

/// The joint for agent keys: software here, hardware providers in `lango-storage`.
pub trait Signer: Send + Sync {
    /// The public half.
    fn public_key(&self) -> AgentPublicKey;
    /// Signs the SHA-256 digest of `payload`; must return a low-S signature.
    fn sign(&self, payload: &SignedPayload) -> Result<Signature, SignerError>;
    /// Whether `sign` is an in-memory computation (tens of µs, no I/O), so that callers
    /// may sign on an async thread instead of handing off to a blocking one. Hardware
    /// and remote signers keep the default, `false`.
    fn in_process(&self) -> bool {
        false
    }
}

/// A P-256 agent key held in process memory (zeroized on drop by `p256` and aws-lc).
pub struct SoftwareSigner {
    key: SigningKey,
    /// The same key in aws-lc-rs, which signs (RustCrypto signed at 0.14× of openssl).
    fast: EcdsaKeyPair,
    public: AgentPublicKey,
}

impl SoftwareSigner {
    /// A fresh random key.
    pub fn generate(rng: &mut (impl RngCore + CryptoRng)) -> Self {
        // Invariant: a freshly generated p256 key is a valid aws-lc key too.
        match Self::from_key(SigningKey::random(rng)) {
            Ok(s) => s,
            Err(e) => unreachable!("fresh P-256 key refused by aws-lc: {e}"),
        }
    }

    /// A key from its 32-byte secret scalar (as unsealed from storage).
    pub fn from_scalar(bytes: &[u8]) -> Result<Self, Error> {
        let key = SigningKey::from_slice(bytes)
            .map_err(|_| Error::Malformed("agent secret key is not a valid P-256 scalar".into()))?;
        Self::from_key(key)
    }

    /// The 32-byte secret scalar, for sealing at rest. Zeroize the result after use.
    pub fn to_scalar(&self) -> zeroize::Zeroizing<[u8; 32]> {
        zeroize::Zeroizing::new(self.key.to_bytes().into())
    }

    fn from_key(key: SigningKey) -> Result<Self, Error> {
        let public = AgentPublicKey::from(key.verifying_key());
        let scalar = zeroize::Zeroizing::new(key.to_bytes());
        let fast = EcdsaKeyPair::from_private_key_and_public_key(
            &ECDSA_P256_SHA256_FIXED_SIGNING,
            &scalar[..],
            &public.1[..],
        )
        .map_err(|e| Error::Malformed(format!("agent key refused by aws-lc: {e}")))?;
        debug_assert_eq!(fast.public_key().as_ref(), &public.1[..]);
        Ok(Self { key, fast, public })
    }
}

impl fmt::Debug for SoftwareSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SoftwareSigner")
            .field("public", &self.public)
            .finish()
    }
}

impl Signer for SoftwareSigner {
    fn public_key(&self) -> AgentPublicKey {
        self.public
    }

    fn in_process(&self) -> bool {
        true
    }

    fn sign(&self, payload: &SignedPayload) -> Result<Signature, SignerError> {
        let rng = aws_lc_rs::rand::SystemRandom::new();
        let raw = self
            .fast
            .sign(&rng, payload.as_bytes())
            .map_err(|e| SignerError(e.to_string()))?;
        let sig = p256::ecdsa::Signature::from_slice(raw.as_ref())
            .map_err(|e| SignerError(format!("aws-lc returned a malformed signature: {e}")))?;
        let sig = sig.normalize_s().unwrap_or(sig);
        Ok(Signature(sig.to_bytes().into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::OsRng;

    /// The parse memo gives back the key it was given, and never lets bytes that are not
    /// a point through because a nearby key is remembered.
    #[test]
    fn remembered_keys_parse_the_same_and_bad_points_are_still_refused() {
        let s = SoftwareSigner::generate(&mut OsRng);
        let bytes = *s.public_key().as_bytes();
        let first = AgentPublicKey::from_sec1(&bytes).unwrap();
        let again = AgentPublicKey::from_sec1(&bytes).unwrap();
        assert_eq!(first, s.public_key());
        assert_eq!(again, first);
        assert_eq!(again.1, s.public_key().1, "uncompressed form differs");
        // Flip the parity byte and the x coordinate until it is not on the curve.
        let mut bad = bytes;
        let mut refused = false;
        for i in 0..=255u8 {
            bad[32] = bytes[32] ^ i;
            if VerifyingKey::from_sec1_bytes(&bad).is_err() {
                refused = true;
                assert!(AgentPublicKey::from_sec1(&bad).is_err());
                break;
            }
        }
        assert!(refused, "no invalid x found near the key");
        bad = bytes;
        bad[0] = 0x04;
        assert!(AgentPublicKey::from_sec1(&bad).is_err(), "wrong SEC1 tag");
        // More keys than the memo holds: the first still parses (again) correctly.
        for _ in 0..20 {
            let k = SoftwareSigner::generate(&mut OsRng).public_key();
            assert_eq!(AgentPublicKey::from_sec1(k.as_bytes()).unwrap(), k);
        }
        assert_eq!(AgentPublicKey::from_sec1(&bytes).unwrap(), first);
    }

    #[test]
    fn did_round_trips_and_starts_with_zdn() {
        let s = SoftwareSigner::generate(&mut OsRng);
        let did = s.public_key().did();
        assert!(did.as_str().starts_with("did:key:zDn"), "{did}");
        let (parsed, key) = Did::parse(did.as_str()).unwrap();
        assert_eq!(parsed, did);
        assert_eq!(key, s.public_key());
    }

    #[test]
    fn did_parse_rejects_other_key_types_and_garbage() {
        // An Ed25519 did:key (multicodec 0xed).
        let ed = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
        assert_eq!(Did::parse(ed).unwrap_err(), DidError::NotP256);
        assert_eq!(Did::parse("did:web:x").unwrap_err(), DidError::NotDidKey);
        assert_eq!(
            Did::parse("did:key:m00").unwrap_err(),
            DidError::NotBase58btc
        );
        let mut bad = vec![0x80, 0x24, 0x02];
        bad.extend_from_slice(&[0xff; 32]);
        let bad = format!("did:key:z{}", bs58::encode(bad).into_string());
        assert_eq!(Did::parse(&bad).unwrap_err(), DidError::BadPoint);
    }

    #[test]
    fn signature_verifies_only_for_its_payload_and_key() {
        let a = SoftwareSigner::generate(&mut OsRng);
        let b = SoftwareSigner::generate(&mut OsRng);
        let p = SignedPayload::new(b"transcript".to_vec());
        let q = SignedPayload::new(b"transcripT".to_vec());
        let sig = a.sign(&p).unwrap();
        a.public_key().verify(&p, &sig).unwrap();
        assert_eq!(a.public_key().verify(&q, &sig), Err(Error::BadSignature));
        assert_eq!(b.public_key().verify(&p, &sig), Err(Error::BadSignature));
    }

    #[test]
    fn high_s_twin_of_a_valid_signature_is_refused() {
        let a = SoftwareSigner::generate(&mut OsRng);
        let p = SignedPayload::new(b"t".to_vec());
        let sig = a.sign(&p).unwrap();
        let parsed = p256::ecdsa::Signature::from_slice(&sig.0).unwrap();
        let (r, s) = parsed.split_scalars();
        let high = p256::ecdsa::Signature::from_scalars(r, -*s).unwrap();
        let high = Signature(high.to_bytes().into());
        assert_eq!(a.public_key().verify(&p, &high), Err(Error::BadSignature));
    }

    /// aws-lc signs and verifies; an independent implementation (RustCrypto p256) must
    /// agree with it in both directions over the exact signed bytes.
    #[test]
    fn signatures_interoperate_with_an_independent_implementation() {
        use p256::ecdsa::signature::{Signer as _, Verifier as _};
        let a = SoftwareSigner::generate(&mut OsRng);
        let p = SignedPayload::new(b"transcript bytes".to_vec());
        let ours = a.sign(&p).unwrap();
        let theirs_view = p256::ecdsa::Signature::from_slice(&ours.0).unwrap();
        a.key
            .verifying_key()
            .verify(p.as_bytes(), &theirs_view)
            .unwrap();
        let theirs: p256::ecdsa::Signature = a.key.sign(p.as_bytes());
        let theirs = theirs.normalize_s().unwrap_or(theirs);
        a.public_key()
            .verify(&p, &Signature(theirs.to_bytes().into()))
            .unwrap();
    }

    #[test]
    fn scalar_round_trip_keeps_the_identity() {
        let a = SoftwareSigner::generate(&mut OsRng);
        let b = SoftwareSigner::from_scalar(&a.to_scalar()[..]).unwrap();
        assert_eq!(a.public_key(), b.public_key());
    }
}
