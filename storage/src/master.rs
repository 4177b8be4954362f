//! The master key: created once at `lango-node init`, wrapped by the key provider, and
//! the root from which every purpose key is derived.
//!
//! `keys/master.wrapped` is a small JSON document naming the provider that wrapped the
//! key, so opening with another provider fails by name instead of by a decryption error.
//! The wrapping is bound (AAD) to `"lango-node master key v1"` and the provider id.

use serde::{Deserialize, Serialize};

use crate::crypto::{derive_subkey, Key32, SubkeyLabel};
use crate::datadir::{atomic_write, DataDir};
use crate::error::{Error, Result};
use crate::provider::KeyProvider;

const FORMAT: &str = "lango-node master key";
const FORMAT_VERSION: u32 = 1;
const AAD_PREFIX: &[u8] = b"lango-node master key v1";

/// What `keys/master.wrapped` holds.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WrappedMaster {
    format: String,
    version: u32,
    provider: String,
    wrapped: String,
}

/// The node's 256-bit master key. It never leaves memory unwrapped and is wiped on drop;
/// use [`MasterKey::subkey`] to get a key for a purpose.
#[derive(Debug)]
pub struct MasterKey(Key32);

impl MasterKey {
    /// Derives the key for one purpose (HKDF-SHA256 under the label's fixed string).
    pub fn subkey(&self, label: SubkeyLabel) -> Key32 {
        derive_subkey(&self.0, label)
    }
}

/// Generates a random master key, wraps it with `provider` and writes
/// `keys/master.wrapped` atomically (mode 0600).
///
/// Refuses if the data dir already has a master key or the provider cannot wrap. The
/// wrapped bytes are unwrapped once before writing, so a provider that cannot give the
/// key back is caught now rather than at the next start.
pub fn init_master(dir: &DataDir, provider: &dyn KeyProvider) -> Result<MasterKey> {
    let path = dir.master_wrapped_path();
    if path.exists() {
        return Err(Error::AlreadyInitialised {
            path: dir.path().to_path_buf(),
        });
    }
    if !provider.capabilities().wrap {
        return Err(Error::ProviderIncapable {
            provider: provider.id().to_owned(),
            operation: "wrap keys",
        });
    }
    let key = Key32::random();
    let aad = master_aad(provider.id());
    let wrapped = provider.wrap(&key, &aad)?;
    let back = provider.unwrap(&wrapped, &aad)?;
    if back.as_bytes() != key.as_bytes() {
        return Err(Error::UnwrapFailed {
            provider: provider.id().to_owned(),
        });
    }
    let doc = WrappedMaster {
        format: FORMAT.to_owned(),
        version: FORMAT_VERSION,
        provider: provider.id().to_owned(),
        wrapped: hex::encode(&wrapped),
    };
    let json = serde_json::to_vec_pretty(&doc).map_err(|source| Error::Encode {
        what: "wrapped master key",
        source,
    })?;
    atomic_write(&path, &json, 0o600)?;
    Ok(MasterKey(key))
}

/// Reads `keys/master.wrapped` and unwraps it with `provider`.
///
/// Errors: [`Error::NotInitialised`] if there is no master key, [`Error::ProviderMismatch`]
/// if another provider wrapped it, whatever the provider reports for a wrong secret
/// (e.g. [`Error::WrongPassphrase`]), and [`Error::Corrupt`] if the wrapped key does not
/// open. The file is only read, never rewritten.
pub fn open_master(dir: &DataDir, provider: &dyn KeyProvider) -> Result<MasterKey> {
    let path = dir.master_wrapped_path();
    let bytes = dir.read_required(&path)?;
    let bad = |detail: String| Error::MalformedMetadata {
        path: path.clone(),
        what: "wrapped master key",
        detail,
    };
    let doc: WrappedMaster = serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
    if doc.format != FORMAT || doc.version != FORMAT_VERSION {
        return Err(bad(format!(
            "unknown format `{}` version {}",
            doc.format, doc.version
        )));
    }
    if doc.provider != provider.id() {
        return Err(Error::ProviderMismatch {
            expected: provider.id().to_owned(),
            found: doc.provider,
        });
    }
    let wrapped = hex::decode(&doc.wrapped).map_err(|e| bad(format!("wrapped: {e}")))?;
    match provider.unwrap(&wrapped, &master_aad(provider.id())) {
        Ok(k) => Ok(MasterKey(k)),
        Err(e @ Error::WrongPassphrase) => Err(e),
        Err(
            e @ (Error::UnwrapFailed { .. }
            | Error::AuthenticationFailed
            | Error::KeyIdMismatch { .. }
            | Error::MalformedHeader(_)
            | Error::UnknownMagic
            | Error::UnsupportedAlgorithm(_)
            | Error::UnsupportedVersion(_)),
        ) => Err(Error::Corrupt {
            path,
            source: Box::new(e),
        }),
        Err(e) => Err(e),
    }
}

/// `"lango-node master key v1" || 0x00 || provider id`.
fn master_aad(provider_id: &str) -> Vec<u8> {
    let mut aad = AAD_PREFIX.to_vec();
    aad.push(0);
    aad.extend_from_slice(provider_id.as_bytes());
    aad
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::{open, seal, MIN_PBKDF2_ITERATIONS};
    use crate::local::LocalProvider;
    use crate::provider::Capabilities;
    use std::fs;

    /// A deterministic provider with a fixed KEK. It gives no security; it exists so
    /// these tests do not pay for PBKDF2.
    struct FixedProvider {
        id: &'static str,
        kek: Key32,
        wrap: bool,
    }

    fn fixed(id: &'static str, b: u8) -> FixedProvider {
        FixedProvider {
            id,
            kek: Key32::from_bytes([b; 32]),
            wrap: true,
        }
    }

    impl KeyProvider for FixedProvider {
        fn id(&self) -> &str {
            self.id
        }
        fn capabilities(&self) -> Capabilities {
            Capabilities {
                wrap: self.wrap,
                sign: false,
            }
        }
        fn wrap(&self, dek: &Key32, aad: &[u8]) -> Result<Vec<u8>> {
            seal(&self.kek, self.id, aad, dek.as_bytes())
        }
        fn unwrap(&self, wrapped: &[u8], aad: &[u8]) -> Result<Key32> {
            let pt = open(&self.kek, self.id, aad, wrapped)?;
            let b: [u8; 32] = pt.as_slice().try_into().map_err(|_| Error::UnwrapFailed {
                provider: self.id.to_owned(),
            })?;
            Ok(Key32::from_bytes(b))
        }
        fn health(&self) -> Result<()> {
            Ok(())
        }
    }

    fn new_dir(t: &tempfile::TempDir) -> DataDir {
        DataDir::create(t.path().join("n")).unwrap()
    }

    #[test]
    fn init_then_open_gives_the_same_subkeys() {
        let t = tempfile::tempdir().unwrap();
        let dir = new_dir(&t);
        let p = fixed("test", 1);
        let m = init_master(&dir, &p).unwrap();
        let reopened = open_master(&dir, &p).unwrap();
        for l in SubkeyLabel::ALL {
            assert_eq!(m.subkey(l).as_bytes(), reopened.subkey(l).as_bytes());
        }
        let json: serde_json::Value =
            serde_json::from_slice(&fs::read(dir.master_wrapped_path()).unwrap()).unwrap();
        assert_eq!(json["provider"], "test");
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(dir.master_wrapped_path())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn two_inits_make_different_master_keys() {
        let t = tempfile::tempdir().unwrap();
        let (a, b) = (new_dir(&t), DataDir::create(t.path().join("m")).unwrap());
        let p = fixed("test", 1);
        let (ma, mb) = (init_master(&a, &p).unwrap(), init_master(&b, &p).unwrap());
        assert_ne!(
            ma.subkey(SubkeyLabel::Audit).as_bytes(),
            mb.subkey(SubkeyLabel::Audit).as_bytes()
        );
    }

    #[test]
    fn second_init_is_refused_and_keeps_the_key() {
        let t = tempfile::tempdir().unwrap();
        let dir = new_dir(&t);
        let p = fixed("test", 1);
        init_master(&dir, &p).unwrap();
        let before = fs::read(dir.master_wrapped_path()).unwrap();
        assert!(matches!(
            init_master(&dir, &p),
            Err(Error::AlreadyInitialised { .. })
        ));
        assert_eq!(fs::read(dir.master_wrapped_path()).unwrap(), before);
    }

    #[test]
    fn open_without_init_says_not_initialised() {
        let t = tempfile::tempdir().unwrap();
        let dir = new_dir(&t);
        assert!(matches!(
            open_master(&dir, &fixed("test", 1)),
            Err(Error::NotInitialised { .. })
        ));
    }

    #[test]
    fn provider_that_cannot_wrap_is_refused() {
        let t = tempfile::tempdir().unwrap();
        let dir = new_dir(&t);
        let mut p = fixed("signer", 1);
        p.wrap = false;
        assert!(matches!(
            init_master(&dir, &p),
            Err(Error::ProviderIncapable { .. })
        ));
        assert!(!dir.master_wrapped_path().exists());
    }

    #[test]
    fn other_provider_is_refused_by_name() {
        let t = tempfile::tempdir().unwrap();
        let dir = new_dir(&t);
        init_master(&dir, &fixed("test", 1)).unwrap();
        match open_master(&dir, &fixed("other", 1)) {
            Err(Error::ProviderMismatch { expected, found }) => {
                assert_eq!((expected.as_str(), found.as_str()), ("other", "test"));
            }
            other => panic!("expected ProviderMismatch, got {other:?}"),
        }
    }

    #[test]
    fn tampered_wrapped_key_is_corrupt_naming_the_file() {
        let t = tempfile::tempdir().unwrap();
        let dir = new_dir(&t);
        let p = fixed("test", 1);
        init_master(&dir, &p).unwrap();
        let path = dir.master_wrapped_path();
        let mut doc: WrappedMaster = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
        let mut w = hex::decode(&doc.wrapped).unwrap();
        let last = w.len() - 1;
        w[last] ^= 1;
        doc.wrapped = hex::encode(w);
        fs::write(&path, serde_json::to_vec(&doc).unwrap()).unwrap();
        match open_master(&dir, &p) {
            Err(e @ Error::Corrupt { .. }) => {
                assert!(e.to_string().contains("master.wrapped"), "{e}");
            }
            other => panic!("expected Corrupt, got {other:?}"),
        }
    }

    #[test]
    fn wrong_passphrase_is_refused_and_leaves_master_wrapped_untouched() {
        let t = tempfile::tempdir().unwrap();
        let path = t.path().join("n");
        let first_audit_key = {
            let dir = DataDir::create(&path).unwrap();
            let p = LocalProvider::create(&dir, b"right", MIN_PBKDF2_ITERATIONS).unwrap();
            let m = init_master(&dir, &p).unwrap();
            *m.subkey(SubkeyLabel::Audit).as_bytes()
        };
        let dir = DataDir::open(&path).unwrap();
        let before = fs::read(dir.master_wrapped_path()).unwrap();
        assert!(matches!(
            LocalProvider::open(&dir, b"wrong"),
            Err(Error::WrongPassphrase)
        ));
        assert_eq!(fs::read(dir.master_wrapped_path()).unwrap(), before);
        let p = LocalProvider::open(&dir, b"right").unwrap();
        let m = open_master(&dir, &p).unwrap();
        assert_eq!(m.subkey(SubkeyLabel::Audit).as_bytes(), &first_audit_key);
        assert_eq!(fs::read(dir.master_wrapped_path()).unwrap(), before);
    }
}
