//! Sealed files: a value encrypted with a purpose key into one envelope on disk.
//!
//! The AAD is the caller's `purpose` string, so a sealed file copied or renamed to stand
//! in for another (e.g. a trust store put where the identity should be) fails to open.
//! Files are replaced atomically with mode 0600. The identity seal stores the raw 32-byte
//! P-256 scalar with [`write_sealed_bytes`]; structured state uses JSON via
//! [`write_sealed`].

use std::fs;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Serialize;
use zeroize::Zeroizing;

use crate::crypto::{open, seal, Key32};
use crate::datadir::atomic_write;
use crate::error::{Error, Result};

/// Serialises `value` as JSON, seals it under `key` for `purpose`, and atomically
/// replaces `path` (mode 0600).
pub fn write_sealed<T: Serialize>(
    path: &Path,
    key: &Key32,
    key_id: &str,
    purpose: &str,
    value: &T,
) -> Result<()> {
    let json = Zeroizing::new(serde_json::to_vec(value).map_err(|source| Error::Encode {
        what: "sealed value",
        source,
    })?);
    write_sealed_bytes(path, key, key_id, purpose, &json)
}

/// Opens the sealed JSON value at `path`; `Ok(None)` if the file does not exist.
///
/// Any envelope failure (tampering, wrong key or key id, wrong purpose) is
/// [`Error::Corrupt`] naming the file; a plaintext that is not a `T` is [`Error::Decode`].
pub fn read_sealed<T: DeserializeOwned>(
    path: &Path,
    key: &Key32,
    key_id: &str,
    purpose: &str,
) -> Result<Option<T>> {
    let Some(plain) = read_sealed_bytes(path, key, key_id, purpose)? else {
        return Ok(None);
    };
    serde_json::from_slice(&plain)
        .map(Some)
        .map_err(|source| Error::Decode {
            path: path.to_path_buf(),
            source,
        })
}

/// Seals raw secret bytes under `key` for `purpose` and atomically replaces `path`
/// (mode 0600).
pub fn write_sealed_bytes(
    path: &Path,
    key: &Key32,
    key_id: &str,
    purpose: &str,
    secret: &[u8],
) -> Result<()> {
    let ct = seal(key, key_id, purpose.as_bytes(), secret)?;
    atomic_write(path, &ct, 0o600)
}

/// Opens raw sealed bytes at `path` into a zeroizing buffer; `Ok(None)` if the file does
/// not exist. Failures are as for [`read_sealed`].
pub fn read_sealed_bytes(
    path: &Path,
    key: &Key32,
    key_id: &str,
    purpose: &str,
) -> Result<Option<Zeroizing<Vec<u8>>>> {
    let ct = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io("read", path, e)),
    };
    open(key, key_id, purpose.as_bytes(), &ct)
        .map(Some)
        .map_err(|e| Error::Corrupt {
            path: path.to_path_buf(),
            source: Box::new(e),
        })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn key() -> Key32 {
        Key32::from_bytes([5; 32])
    }

    #[test]
    fn json_value_round_trips_with_mode_0600() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("trust.sealed");
        let v: BTreeMap<String, Vec<String>> =
            [("did:key:zDn1".to_owned(), vec!["echo".to_owned()])].into();
        write_sealed(&p, &key(), "trust/1", "trust-store", &v).unwrap();
        let back: BTreeMap<String, Vec<String>> = read_sealed(&p, &key(), "trust/1", "trust-store")
            .unwrap()
            .unwrap();
        assert_eq!(back, v);
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert!(!fs::read(&p).unwrap().windows(4).any(|w| w == b"zDn1"));
    }

    #[test]
    fn missing_file_reads_as_none() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("absent");
        assert!(read_sealed::<u32>(&p, &key(), "k", "p").unwrap().is_none());
        assert!(read_sealed_bytes(&p, &key(), "k", "p").unwrap().is_none());
    }

    #[test]
    fn raw_secret_round_trips() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("identity.sealed");
        write_sealed_bytes(&p, &key(), "id/1", "identity", &[7; 32]).unwrap();
        let back = read_sealed_bytes(&p, &key(), "id/1", "identity")
            .unwrap()
            .unwrap();
        assert_eq!(&back[..], &[7; 32]);
    }

    #[test]
    fn tampered_file_is_corrupt_naming_the_file() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("trust.sealed");
        write_sealed(&p, &key(), "trust/1", "trust-store", &42u32).unwrap();
        let mut b = fs::read(&p).unwrap();
        let last = b.len() - 1;
        b[last] ^= 1;
        fs::write(&p, b).unwrap();
        let err = read_sealed::<u32>(&p, &key(), "trust/1", "trust-store").unwrap_err();
        match &err {
            Error::Corrupt { path, source } => {
                assert_eq!(path, &p);
                assert!(matches!(**source, Error::AuthenticationFailed));
            }
            other => panic!("expected Corrupt, got {other:?}"),
        }
        assert!(err.to_string().contains("trust.sealed"));
    }

    #[test]
    fn file_moved_to_another_purpose_does_not_open() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("x.sealed");
        write_sealed(&p, &key(), "k", "trust-store", &1u8).unwrap();
        assert!(matches!(
            read_sealed::<u8>(&p, &key(), "k", "identity"),
            Err(Error::Corrupt { .. })
        ));
    }

    #[test]
    fn file_under_another_key_id_reports_the_key_id() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("x.sealed");
        write_sealed(&p, &key(), "k/1", "p", &1u8).unwrap();
        match read_sealed::<u8>(&p, &key(), "k/2", "p") {
            Err(Error::Corrupt { source, .. }) => {
                assert!(matches!(*source, Error::KeyIdMismatch { .. }));
            }
            other => panic!("expected Corrupt(KeyIdMismatch), got {other:?}"),
        }
    }

    #[test]
    fn wrong_type_is_a_decode_error() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("x.sealed");
        write_sealed(&p, &key(), "k", "p", &"text").unwrap();
        assert!(matches!(
            read_sealed::<u64>(&p, &key(), "k", "p"),
            Err(Error::Decode { .. })
        ));
    }
}
