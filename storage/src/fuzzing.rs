//! Fuzz targets of the storage crate: the decoders of bytes read back from disk, where
//! whoever can write the data dir (a backup restored from elsewhere, a damaged disk, an
//! attacker with file access but not the keys) chooses them.
//!
//! Each target panics when its property fails; cargo-fuzz and the corpus replay in
//! `tests/fuzz_corpus.rs` report the panic. Keys are fixed so that the committed seeds
//! (`fuzz/corpus/`) can open. `docs/fuzzing.md` describes the targets and how to run them.

use crate::crypto::{envelope_key_id, open, seal, Key32};
use crate::error::Error;

/// The fixed key the `sealed_header` target opens envelopes with.
pub const FUZZ_KEY: [u8; 32] = [0x42; 32];
/// The key id of the seeds: the one the node seals its identity under.
pub const FUZZ_KEY_ID: &str = "identity-v1";
/// The purpose (AEAD associated data) of the seeds: the node's identity seal.
pub const FUZZ_AAD: &[u8] = b"lango-node agent identity v1";

/// Length of the envelope's fixed fields: magic, version, algorithm, key-id length.
const FIXED_HEADER: usize = 4 + 3;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;

/// Sealed envelopes (`crypto::envelope_key_id` and `open`, under [`FUZZ_KEY`] and the
/// envelope's own key id). Never panics; an envelope whose header does not parse never
/// opens; another key id is refused by name; one that opens is exactly header,
/// plaintext and tag long, opens under no other purpose nor with any byte flipped, and
/// re-sealing its plaintext opens to the same plaintext.
pub fn sealed_header(data: &[u8]) {
    let key = Key32::from_bytes(FUZZ_KEY);
    let key_id = envelope_key_id(data).map(str::to_owned);
    // Opening under the envelope's own key id gets past the key-id check into the tag
    // check; an envelope whose header does not parse gets the seeds' key id.
    let expected = key_id.as_deref().unwrap_or(FUZZ_KEY_ID);
    let opened = open(&key, expected, FUZZ_AAD, data);
    let Ok(kid) = key_id else {
        assert!(
            opened.is_err(),
            "sealed_header: opened an envelope whose header does not parse"
        );
        return;
    };
    let other = if kid == FUZZ_KEY_ID {
        "other-v1"
    } else {
        FUZZ_KEY_ID
    };
    assert!(
        matches!(
            open(&key, other, FUZZ_AAD, data),
            Err(Error::KeyIdMismatch { .. })
        ),
        "sealed_header: an envelope for key id {kid:?} was not refused for {other:?}"
    );
    let Ok(plain) = opened else {
        return;
    };
    assert_eq!(
        data.len(),
        FIXED_HEADER + kid.len() + NONCE_LEN + plain.len() + TAG_LEN,
        "sealed_header: an envelope opened to a plaintext of the wrong length"
    );
    assert!(
        matches!(
            open(&key, &kid, b"another purpose", data),
            Err(Error::AuthenticationFailed)
        ),
        "sealed_header: an envelope opened under another purpose"
    );
    for i in 0..data.len() {
        let mut flipped = data.to_vec();
        flipped[i] ^= 0x01;
        assert!(
            open(&key, &kid, FUZZ_AAD, &flipped).is_err(),
            "sealed_header: an envelope still opened with byte {i} flipped"
        );
    }
    let resealed = match seal(&key, &kid, FUZZ_AAD, &plain) {
        Ok(ct) => ct,
        Err(e) => panic!("sealed_header: re-sealing an opened plaintext failed: {e}"),
    };
    assert_eq!(
        envelope_key_id(&resealed).ok(),
        Some(kid.as_str()),
        "sealed_header: a re-sealed envelope names another key id"
    );
    match open(&key, &kid, FUZZ_AAD, &resealed) {
        Ok(again) => assert_eq!(
            &again[..],
            &plain[..],
            "sealed_header: re-sealing changed the plaintext"
        ),
        Err(e) => panic!("sealed_header: a re-sealed envelope does not open: {e}"),
    }
}

/// One audit-log line (`audit::line::parse`, through [`crate::audit::fuzz_line`]).
/// Never panics; a line that parses, re-written as a keyed line from its entry's
/// fields, parses back to the same entry with a MAC that checks.
pub fn audit_line(data: &[u8]) {
    crate::audit::fuzz_line(data);
}
