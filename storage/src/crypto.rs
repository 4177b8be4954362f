//! Keys, the AEAD envelope, and key derivation.
//!
//! Every ciphertext this crate produces is an *envelope*:
//!
//! ```text
//! "LNGE" | version u8 (=1) | algorithm u8 (1 = AES-256-GCM) | key-id len u8 | key id (UTF-8)
//!        | nonce (12 random bytes) | ciphertext || 16-byte tag
//! ```
//!
//! The AEAD associated data is `header || u64-BE len(aad) || aad`, where `header` is every
//! byte before the ciphertext (nonce included). So the header cannot be altered, and a
//! record cannot be moved to another purpose (another `aad`) without failing to open.
//! Unknown magic, version or algorithm, and a key id other than the one the caller
//! expects, are errors; nothing falls back to a default.
//!
//! Purpose keys come from the master key via HKDF-SHA256 under the distinct, versioned
//! labels of [`SubkeyLabel`]; one key is never used for everything.

use std::fmt;

use aws_lc_rs::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM};
use hkdf::Hkdf;
use rand_core::{OsRng, RngCore};
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::error::{Error, Result};

/// Magic bytes that open every envelope.
pub const MAGIC: [u8; 4] = *b"LNGE";
/// The envelope format version this build writes and reads.
pub const ENVELOPE_VERSION: u8 = 1;
/// Algorithm byte for AES-256-GCM with a 96-bit random nonce.
pub const ALG_AES_256_GCM: u8 = 1;
/// Floor for PBKDF2-HMAC-SHA256 iterations (OWASP 2023 recommendation).
pub const MIN_PBKDF2_ITERATIONS: u32 = 600_000;

const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;

/// A 256-bit secret key, wiped from memory when dropped.
///
/// It deliberately has no `Clone`, `PartialEq` or content-revealing `Debug`: copies of
/// secrets are made explicitly with [`Key32::from_bytes`] and compared in tests only.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct Key32([u8; 32]);

impl Key32 {
    /// Wraps raw key bytes. The caller should zeroize its own copy.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Key32(bytes)
    }

    /// Draws a fresh key from the operating system's RNG.
    ///
    /// Panics only if the OS RNG fails, which leaves no safe way to continue.
    pub fn random() -> Self {
        let mut k = Key32([0; 32]);
        OsRng.fill_bytes(&mut k.0);
        k
    }

    /// Borrows the key bytes, e.g. to hand them to a cipher.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Debug for Key32 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key32(<redacted>)")
    }
}

/// The purposes a subkey of the master key can be derived for; each maps to a fixed,
/// versioned HKDF label so two purposes never share a key. The database and secrets keys
/// are not derived: they are random data keys of their own in the key registry, so they
/// can be rotated (`db rekey`) without touching the master key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SubkeyLabel {
    /// The audit log's keyed chain (HMAC-SHA256 of every entry).
    Audit,
    /// The sealed agent identity and transport keys (`identity.sealed`,
    /// `transport.sealed`, `identity.ref.sealed`).
    IdentitySeal,
    /// The keyed tags of PII `hash` mode (the same value, the same tag, within a node).
    PiiHash,
}

impl SubkeyLabel {
    /// Every label, for tests and tooling.
    pub const ALL: [SubkeyLabel; 3] = [
        SubkeyLabel::Audit,
        SubkeyLabel::IdentitySeal,
        SubkeyLabel::PiiHash,
    ];

    /// The HKDF `info` string for this purpose. Changing one changes every derived key.
    /// Retired labels (`lango-node/v1/database`, `/secrets`, `/trust-store`) must not be
    /// reused for another purpose.
    pub fn info(self) -> &'static str {
        match self {
            SubkeyLabel::Audit => "lango-node/v1/audit",
            SubkeyLabel::IdentitySeal => "lango-node/v1/identity-seal",
            SubkeyLabel::PiiHash => "lango-node/v1/pii-hash",
        }
    }
}

/// Derives the purpose key for `label` from `master` with HKDF-SHA256 (no salt; the
/// master key is already uniformly random).
pub fn derive_subkey(master: &Key32, label: SubkeyLabel) -> Key32 {
    let hk = Hkdf::<Sha256>::new(None, master.as_bytes());
    let mut out = Key32([0; 32]);
    // Invariant: HKDF-SHA256 can expand up to 255 * 32 bytes; 32 is always accepted.
    hk.expand(label.info().as_bytes(), &mut out.0)
        .expect("HKDF-SHA256 expands 32 bytes");
    out
}

/// HMAC-SHA256 of `data` under `key` (the audit chain's MAC).
pub fn hmac_sha256(key: &Key32, data: &[u8]) -> [u8; 32] {
    hmac_sha256_any(key.as_bytes(), data)
}

/// HMAC-SHA256 of `data` under a key of any length (a webhook's shared secret).
pub fn hmac_sha256_any(key: &[u8], data: &[u8]) -> [u8; 32] {
    use hmac::Mac as _;
    // Invariant: HMAC accepts keys of any length, so `new_from_slice` cannot fail.
    let mut m = hmac::Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    m.update(data);
    m.finalize().into_bytes().into()
}

/// Derives a key from a passphrase with PBKDF2-HMAC-SHA256.
///
/// This function does not enforce [`MIN_PBKDF2_ITERATIONS`]; callers that take the count
/// from configuration or disk must (see `LocalProvider`).
pub fn pbkdf2_sha256(passphrase: &[u8], salt: &[u8], iterations: u32) -> Key32 {
    let mut out = Key32([0; 32]);
    pbkdf2::pbkdf2_hmac::<Sha256>(passphrase, salt, iterations, &mut out.0);
    out
}

/// Encrypts `plaintext` under `key` into a self-describing envelope bound to `aad`.
///
/// `key_id` (1 to 255 bytes) is recorded in the header so that [`open`] can refuse a
/// ciphertext made under another key instead of guessing.
pub fn seal(key: &Key32, key_id: &str, aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>> {
    let kid = key_id.as_bytes();
    let kid_len = u8::try_from(kid.len())
        .ok()
        .filter(|&l| l > 0)
        .ok_or(Error::KeyIdLength { len: kid.len() })?;

    let mut out = Vec::with_capacity(7 + kid.len() + NONCE_LEN + plaintext.len() + TAG_LEN);
    out.extend_from_slice(&MAGIC);
    out.push(ENVELOPE_VERSION);
    out.push(ALG_AES_256_GCM);
    out.push(kid_len);
    out.extend_from_slice(kid);
    let mut nonce = [0u8; NONCE_LEN];
    // aws-lc's DRBG (seeded from the OS, reseeded by aws-lc): no syscall per envelope.
    aws_lc_rs::rand::fill(&mut nonce).map_err(|_| Error::RandomUnavailable)?;
    out.extend_from_slice(&nonce);

    let full_aad = associated_data(&out, aad);
    // Copied once, behind the header, and encrypted there in place: after sealing, the
    // buffer holds only ciphertext. AES-256-GCM from aws-lc-rs: RustCrypto's aes-gcm
    // reached 0.27x of `openssl speed` on 16 KiB records here (`lango-node bench crypto`).
    let body_start = out.len();
    out.extend_from_slice(plaintext);
    let sealed = gcm_key(key).seal_in_place_separate_tag(
        Nonce::assume_unique_for_key(nonce),
        Aad::from(&full_aad),
        &mut out[body_start..],
    );
    match sealed {
        Ok(tag) => {
            out.extend_from_slice(tag.as_ref());
            Ok(out)
        }
        // GCM refuses only plaintexts over 64 GiB; wipe the copy before dropping it.
        Err(_) => {
            out.zeroize();
            Err(Error::PlaintextTooLong {
                len: plaintext.len(),
            })
        }
    }
}

/// Checks the envelope header and decrypts, returning the plaintext in a zeroizing buffer.
///
/// Fails on unknown magic, version or algorithm, on a key id other than
/// `expected_key_id`, and on any authentication failure (tampered bytes, wrong key, or
/// `aad` other than the one used to seal).
pub fn open(
    key: &Key32,
    expected_key_id: &str,
    aad: &[u8],
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>> {
    let header = parse_header(ciphertext)?;
    if header.key_id != expected_key_id {
        return Err(Error::KeyIdMismatch {
            expected: expected_key_id.to_owned(),
            found: header.key_id.to_owned(),
        });
    }
    let (head, body) = ciphertext.split_at(header.len);
    if body.len() < TAG_LEN {
        return Err(Error::MalformedHeader(
            "ciphertext shorter than the GCM tag",
        ));
    }
    let full_aad = associated_data(head, aad);
    let nonce: [u8; NONCE_LEN] = header
        .nonce
        .try_into()
        .map_err(|_| Error::MalformedHeader("nonce is not 12 bytes"))?;
    let mut buf = Zeroizing::new(body.to_vec());
    let plain_len = gcm_key(key)
        .open_in_place(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(&full_aad),
            &mut buf,
        )
        .map_err(|_| Error::AuthenticationFailed)?
        .len();
    buf.truncate(plain_len);
    Ok(buf)
}

fn gcm_key(key: &Key32) -> LessSafeKey {
    // Invariant: AES_256_GCM takes exactly 32 bytes, which Key32 always holds.
    match UnboundKey::new(&AES_256_GCM, key.as_bytes()) {
        Ok(k) => LessSafeKey::new(k),
        Err(_) => unreachable!("a 32-byte key is always valid for AES-256-GCM"),
    }
}

/// Returns the key id recorded in an envelope's header, after checking magic, version and
/// algorithm. Useful to pick a key from a registry before calling [`open`].
pub fn envelope_key_id(ciphertext: &[u8]) -> Result<&str> {
    parse_header(ciphertext).map(|h| h.key_id)
}

/// The parsed fixed part of an envelope.
struct Header<'a> {
    key_id: &'a str,
    nonce: &'a [u8],
    /// Length of the whole header, nonce included.
    len: usize,
}

fn parse_header(ct: &[u8]) -> Result<Header<'_>> {
    let rest =
        ct.strip_prefix(&MAGIC)
            .ok_or(if ct.len() < MAGIC.len() && MAGIC.starts_with(ct) {
                Error::MalformedHeader("truncated before the end of the magic")
            } else {
                Error::UnknownMagic
            })?;
    let (&version, rest) = rest
        .split_first()
        .ok_or(Error::MalformedHeader("truncated before the version"))?;
    if version != ENVELOPE_VERSION {
        return Err(Error::UnsupportedVersion(version));
    }
    let (&alg, rest) = rest
        .split_first()
        .ok_or(Error::MalformedHeader("truncated before the algorithm"))?;
    if alg != ALG_AES_256_GCM {
        return Err(Error::UnsupportedAlgorithm(alg));
    }
    let (&kid_len, rest) = rest
        .split_first()
        .ok_or(Error::MalformedHeader("truncated before the key id"))?;
    let kid_len = usize::from(kid_len);
    if kid_len == 0 {
        return Err(Error::MalformedHeader("empty key id"));
    }
    if rest.len() < kid_len + NONCE_LEN {
        return Err(Error::MalformedHeader(
            "truncated inside the key id or nonce",
        ));
    }
    let (kid, rest) = rest.split_at(kid_len);
    let key_id =
        std::str::from_utf8(kid).map_err(|_| Error::MalformedHeader("key id is not UTF-8"))?;
    let nonce = &rest[..NONCE_LEN];
    Ok(Header {
        key_id,
        nonce,
        len: MAGIC.len() + 3 + kid_len + NONCE_LEN,
    })
}

/// `header || u64-BE len(aad) || aad`: unambiguous because the header is self-delimiting
/// and the caller's part is length-prefixed.
fn associated_data(header: &[u8], aad: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(header.len() + 8 + aad.len());
    v.extend_from_slice(header);
    v.extend_from_slice(&(aad.len() as u64).to_be_bytes());
    v.extend_from_slice(aad);
    v
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn key(b: u8) -> Key32 {
        Key32::from_bytes([b; 32])
    }

    /// Offset of the first nonce byte for key id "k1".
    const NONCE_AT: usize = 4 + 3 + 2;

    #[test]
    fn seal_then_open_round_trips() {
        let k = key(7);
        let ct = seal(&k, "k1", b"purpose", b"hello").unwrap();
        assert_eq!(&ct[..4], b"LNGE");
        assert_eq!(ct[4], ENVELOPE_VERSION);
        assert_eq!(ct[5], ALG_AES_256_GCM);
        assert_eq!(envelope_key_id(&ct).unwrap(), "k1");
        let pt = open(&k, "k1", b"purpose", &ct).unwrap();
        assert_eq!(&pt[..], b"hello");
    }

    #[test]
    fn sealing_twice_uses_fresh_nonces() {
        let k = key(7);
        let a = seal(&k, "k1", b"", b"same").unwrap();
        let b = seal(&k, "k1", b"", b"same").unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn flipped_byte_anywhere_fails_to_open() {
        let k = key(7);
        let ct = seal(&k, "k1", b"aad", b"some plaintext").unwrap();
        let tag_at = ct.len() - TAG_LEN;
        // magic, version, algorithm, key-id length, key id, nonce, ciphertext, tag
        for (what, i) in [
            ("magic", 0),
            ("version", 4),
            ("algorithm", 5),
            ("key id length", 6),
            ("key id", 7),
            ("nonce", NONCE_AT),
            ("nonce end", NONCE_AT + NONCE_LEN - 1),
            ("ciphertext", NONCE_AT + NONCE_LEN),
            ("tag", tag_at),
            ("tag end", ct.len() - 1),
        ] {
            let mut bad = ct.clone();
            bad[i] ^= 0x01;
            assert!(
                open(&k, "k1", b"aad", &bad).is_err(),
                "flipping the {what} byte at {i} went unnoticed"
            );
        }
    }

    #[test]
    fn tampered_nonce_and_ciphertext_fail_authentication() {
        let k = key(7);
        let ct = seal(&k, "k1", b"aad", b"some plaintext").unwrap();
        for i in [NONCE_AT, NONCE_AT + NONCE_LEN, ct.len() - 1] {
            let mut bad = ct.clone();
            bad[i] ^= 0x80;
            assert!(matches!(
                open(&k, "k1", b"aad", &bad),
                Err(Error::AuthenticationFailed)
            ));
        }
    }

    #[test]
    fn header_fields_are_checked_before_decrypting() {
        let k = key(7);
        let ct = seal(&k, "k1", b"", b"x").unwrap();
        let mut bad = ct.clone();
        bad[0] = b'X';
        assert!(matches!(
            open(&k, "k1", b"", &bad),
            Err(Error::UnknownMagic)
        ));
        let mut bad = ct.clone();
        bad[4] = 2;
        assert!(matches!(
            open(&k, "k1", b"", &bad),
            Err(Error::UnsupportedVersion(2))
        ));
        let mut bad = ct.clone();
        bad[5] = 9;
        assert!(matches!(
            open(&k, "k1", b"", &bad),
            Err(Error::UnsupportedAlgorithm(9))
        ));
        assert!(matches!(
            open(&k, "k1", b"", &ct[..NONCE_AT + 3]),
            Err(Error::MalformedHeader(_))
        ));
        assert!(matches!(
            open(&k, "k1", b"", &ct[..ct.len() - 17]),
            Err(Error::MalformedHeader(_))
        ));
    }

    #[test]
    fn header_is_bound_into_the_aead() {
        // Relabel a ciphertext as sealed under "k2" and ask for "k2": the header check
        // passes, so only the AEAD binding of the header can catch it.
        let k = key(7);
        let mut ct = seal(&k, "k1", b"", b"x").unwrap();
        ct[8] = b'2';
        assert_eq!(envelope_key_id(&ct).unwrap(), "k2");
        assert!(matches!(
            open(&k, "k2", b"", &ct),
            Err(Error::AuthenticationFailed)
        ));
    }

    #[test]
    fn record_moved_to_another_purpose_fails_to_open() {
        let k = key(7);
        let ct = seal(&k, "k1", b"trust-store", b"x").unwrap();
        assert!(matches!(
            open(&k, "k1", b"identity", &ct),
            Err(Error::AuthenticationFailed)
        ));
    }

    #[test]
    fn unknown_key_id_is_an_error_not_a_default() {
        let k = key(7);
        let ct = seal(&k, "k1", b"", b"x").unwrap();
        match open(&k, "k2", b"", &ct) {
            Err(Error::KeyIdMismatch { expected, found }) => {
                assert_eq!(expected, "k2");
                assert_eq!(found, "k1");
            }
            other => panic!("expected KeyIdMismatch, got {other:?}"),
        }
    }

    #[test]
    fn wrong_key_fails_authentication() {
        let ct = seal(&key(7), "k1", b"", b"x").unwrap();
        assert!(matches!(
            open(&key(8), "k1", b"", &ct),
            Err(Error::AuthenticationFailed)
        ));
    }

    #[test]
    fn key_id_must_fit_one_length_byte() {
        let k = key(7);
        assert!(matches!(
            seal(&k, "", b"", b"x"),
            Err(Error::KeyIdLength { len: 0 })
        ));
        let long = "a".repeat(256);
        assert!(matches!(
            seal(&k, &long, b"", b"x"),
            Err(Error::KeyIdLength { len: 256 })
        ));
        let max = "a".repeat(255);
        let ct = seal(&k, &max, b"", b"x").unwrap();
        assert_eq!(&open(&k, &max, b"", &ct).unwrap()[..], b"x");
    }

    #[test]
    fn subkeys_differ_per_label_and_are_deterministic() {
        let m = key(1);
        let keys: Vec<[u8; 32]> = SubkeyLabel::ALL
            .iter()
            .map(|&l| *derive_subkey(&m, l).as_bytes())
            .collect();
        for (i, a) in keys.iter().enumerate() {
            assert_ne!(a, m.as_bytes());
            for b in &keys[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(
            derive_subkey(&m, SubkeyLabel::Audit).as_bytes(),
            derive_subkey(&key(1), SubkeyLabel::Audit).as_bytes()
        );
        assert_ne!(
            derive_subkey(&m, SubkeyLabel::Audit).as_bytes(),
            derive_subkey(&key(2), SubkeyLabel::Audit).as_bytes()
        );
    }

    #[test]
    fn pbkdf2_matches_rfc7914_vector() {
        // RFC 7914 section 11: PBKDF2-HMAC-SHA256("passwd", "salt", 1), first 32 bytes.
        let k = pbkdf2_sha256(b"passwd", b"salt", 1);
        assert_eq!(
            hex::encode(k.as_bytes()),
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
        );
    }

    #[test]
    fn key_debug_does_not_print_bytes() {
        assert_eq!(format!("{:?}", key(0xab)), "Key32(<redacted>)");
    }

    proptest! {
        #[test]
        fn seal_open_round_trips_arbitrary_input(
            pt in proptest::collection::vec(any::<u8>(), 0..2048),
            aad in proptest::collection::vec(any::<u8>(), 0..256),
            kid in "[a-z0-9/._-]{1,40}",
        ) {
            let k = key(3);
            let ct = seal(&k, &kid, &aad, &pt).unwrap();
            let back = open(&k, &kid, &aad, &ct).unwrap();
            prop_assert_eq!(&back[..], &pt[..]);
        }

        #[test]
        fn changed_aad_never_opens(
            pt in proptest::collection::vec(any::<u8>(), 0..64),
            aad in proptest::collection::vec(any::<u8>(), 0..64),
            other in proptest::collection::vec(any::<u8>(), 0..64),
        ) {
            prop_assume!(aad != other);
            let k = key(3);
            let ct = seal(&k, "k", &aad, &pt).unwrap();
            prop_assert!(open(&k, "k", &other, &ct).is_err());
        }
    }
}
