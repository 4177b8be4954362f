//! The key registry: every data-encryption key the node has, each wrapped by the key
//! provider's KEK, versioned, in one file (`keys/registry.json`).
//!
//! Keys belong to a [`KeyClass`]: the master key (root of the HKDF purpose keys that seal
//! the identity and transport keys), the SQLCipher database key, and the per-record-class
//! envelope keys (secrets). Each class has one or more versions; the newest is current.
//!
//! The whole registry is rewritten with write-fsync-rename, so every change (a new
//! class version for `db rekey`, all keys re-wrapped for `keys rotate`) is one atomic
//! step: after a crash the file holds the old or the new registry, never a mix.
//!
//! Each wrapped key is bound (AAD) to `"lango-node key registry v1" 0 provider 0 class 0
//! version`, so a wrapped key copied to another class or version does not unwrap.
//!
//! KEK rotation ([`KeyRegistry::rotate_kek`]) is: (1) the provider creates KEK version
//! n+1 and keeps n; (2) every entry is unwrapped and re-wrapped under n+1 and the file is
//! replaced; (3) the provider retires n. A crash after (1) leaves entries under n, which
//! still unwrap, and [`KeyRegistry::open`] finishes the rotation (re-wraps and retires);
//! a crash after (2) leaves only the retire, which `open` also finishes. So an
//! interrupted rotation always resumes and never loses a key.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::crypto::{derive_subkey, Key32, SubkeyLabel};
use crate::datadir::{atomic_write, DataDir};
use crate::error::{Error, Result};
use crate::provider::KeyProvider;

const FORMAT: &str = "lango-node key registry";
const FORMAT_VERSION: u32 = 1;
const AAD_PREFIX: &[u8] = b"lango-node key registry v1";

/// What a data key is for. Each class is keyed separately, so no key serves two purposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyClass {
    /// Root of the HKDF purpose keys (identity seal, transport key seal).
    Master,
    /// The SQLCipher database's raw 256-bit key.
    Database,
    /// Envelope key of the `secrets` table's values.
    Secrets,
}

impl KeyClass {
    /// Every class, in registry order.
    pub const ALL: [KeyClass; 3] = [KeyClass::Master, KeyClass::Database, KeyClass::Secrets];

    /// The name used in the registry file and in `keys status`.
    pub fn name(self) -> &'static str {
        match self {
            KeyClass::Master => "master",
            KeyClass::Database => "database",
            KeyClass::Secrets => "secrets",
        }
    }
}

/// One wrapped key as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    class: KeyClass,
    version: u32,
    /// The provider's KEK version this entry is wrapped under.
    kek_version: u32,
    created: String,
    wrapped: String,
}

/// `keys/registry.json`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Doc {
    format: String,
    version: u32,
    provider: String,
    entries: Vec<Entry>,
}

/// What `keys status` reports about one key version.
#[derive(Debug, Clone, Serialize)]
pub struct KeyInfo {
    /// The key's class name.
    pub class: &'static str,
    /// The key's version within its class.
    pub version: u32,
    /// KEK version it is wrapped under.
    pub kek_version: u32,
    /// When it was created (RFC 3339).
    pub created: String,
    /// Whether it is the class's current (newest) version.
    pub current: bool,
}

/// The unwrapped registry: every key in memory (zeroized on drop).
#[derive(Debug)]
pub struct KeyRegistry {
    provider: String,
    entries: Vec<Entry>,
    keys: BTreeMap<(KeyClass, u32), Key32>,
}

impl KeyRegistry {
    /// `lango-node init`: one fresh random key of every class, wrapped by `provider`.
    ///
    /// Refuses a data dir that already has a registry and a provider that cannot wrap.
    /// Every wrapped key is unwrapped once before the file is written, so a provider that
    /// cannot give keys back is caught now rather than at the next start.
    pub fn create(dir: &DataDir, provider: &dyn KeyProvider) -> Result<KeyRegistry> {
        if dir.registry_path().exists() {
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
        let mut reg = KeyRegistry {
            provider: provider.id().to_owned(),
            entries: Vec::new(),
            keys: BTreeMap::new(),
        };
        for class in KeyClass::ALL {
            reg.push(provider, class, 1, Key32::random())?;
        }
        reg.save(dir)?;
        Ok(reg)
    }

    /// Reads and unwraps the registry. Finishes an interrupted KEK rotation (see the
    /// module docs), which is the only case where it writes.
    ///
    /// Errors: [`Error::NotInitialised`] without a registry, [`Error::ProviderMismatch`]
    /// if another provider wrapped it, the provider's own error for a wrong secret or an
    /// unreachable device, and [`Error::Corrupt`] if a wrapped key does not open.
    pub fn open(dir: &DataDir, provider: &mut dyn KeyProvider) -> Result<KeyRegistry> {
        let path = dir.registry_path();
        let bytes = dir.read_required(&path)?;
        let bad = |detail: String| Error::MalformedMetadata {
            path: path.clone(),
            what: "key registry",
            detail,
        };
        let doc: Doc = serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
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
        let mut keys = BTreeMap::new();
        for e in &doc.entries {
            let wrapped = hex::decode(&e.wrapped)
                .map_err(|err| bad(format!("{} v{}: {err}", e.class.name(), e.version)))?;
            let aad = aad(provider.id(), e.class, e.version);
            let key = provider
                .unwrap(&wrapped, &aad)
                .map_err(|err| corrupt(&path, err))?;
            if keys.insert((e.class, e.version), key).is_some() {
                return Err(bad(format!(
                    "{} v{} appears twice",
                    e.class.name(),
                    e.version
                )));
            }
        }
        for class in KeyClass::ALL {
            if !keys.keys().any(|(c, _)| *c == class) {
                return Err(bad(format!("no `{}` key", class.name())));
            }
        }
        let mut reg = KeyRegistry {
            provider: doc.provider,
            entries: doc.entries,
            keys,
        };
        let current = provider.kek_version();
        if reg.entries.iter().any(|e| e.kek_version != current) {
            // Interrupted rotation, step (2) not done: do it now.
            reg.rewrap_all(dir, provider)?;
        }
        // Step (3), idempotent: nothing is wrapped under older versions any more.
        provider.retire(current)?;
        Ok(reg)
    }

    /// The master key, root of the HKDF purpose keys.
    pub fn master(&self) -> &Key32 {
        // Invariant: `create` and `open` both guarantee a key of every class.
        self.current(KeyClass::Master).1
    }

    /// The purpose key derived from the master key for `label`.
    pub fn subkey(&self, label: SubkeyLabel) -> Key32 {
        derive_subkey(self.master(), label)
    }

    /// The current (newest) version of `class` and its key.
    pub fn current(&self, class: KeyClass) -> (u32, &Key32) {
        match self.keys.range((class, 0)..=(class, u32::MAX)).next_back() {
            Some(((_, v), k)) => (*v, k),
            None => unreachable!("registry invariant: every class has a key"),
        }
    }

    /// A given version of `class`, or [`Error::UnknownKeyVersion`]: never a default.
    pub fn get(&self, class: KeyClass, version: u32) -> Result<&Key32> {
        self.keys
            .get(&(class, version))
            .ok_or(Error::UnknownKeyVersion {
                class: class.name(),
                version,
            })
    }

    /// Adds `key` as version n+1 of `class` and writes the registry (the commit point of
    /// `db rekey`); returns the new version. Older versions stay until
    /// [`KeyRegistry::drop_older`].
    pub fn add_version(
        &mut self,
        dir: &DataDir,
        provider: &dyn KeyProvider,
        class: KeyClass,
        key: Key32,
    ) -> Result<u32> {
        let next = self.next_version(class);
        self.push(provider, class, next, key)?;
        if let Err(e) = self.save(dir) {
            self.entries.pop();
            self.keys.remove(&(class, next));
            return Err(e);
        }
        Ok(next)
    }

    /// The version [`KeyRegistry::add_version`] will give `class` next.
    pub fn next_version(&self, class: KeyClass) -> u32 {
        self.current(class).0 + 1
    }

    /// Removes every version of `class` older than `keep_from` and writes the registry.
    pub fn drop_older(&mut self, dir: &DataDir, class: KeyClass, keep_from: u32) -> Result<()> {
        let before = self.entries.len();
        self.entries
            .retain(|e| e.class != class || e.version >= keep_from);
        self.keys.retain(|(c, v), _| *c != class || *v >= keep_from);
        if self.entries.len() != before {
            self.save(dir)?;
        }
        Ok(())
    }

    /// `keys rotate`: a new KEK version in the provider, every key re-wrapped under it in
    /// one atomic registry write, then the old KEK retired. Returns the new KEK version.
    pub fn rotate_kek(&mut self, dir: &DataDir, provider: &mut dyn KeyProvider) -> Result<u32> {
        self.rotate_kek_prepared(dir, provider, None)
    }

    /// [`KeyRegistry::rotate_kek`] with the new KEK derived ahead, with no lock held
    /// (see [`KeyProvider::prepare_rotation`]).
    pub fn rotate_kek_prepared(
        &mut self,
        dir: &DataDir,
        provider: &mut dyn KeyProvider,
        prepared: Option<crate::provider::PreparedKek>,
    ) -> Result<u32> {
        let new = provider.rotate_prepared(prepared)?;
        self.rewrap_all(dir, provider)?;
        provider.retire(new)?;
        Ok(new)
    }

    /// Every key version, for `keys status`.
    pub fn info(&self) -> Vec<KeyInfo> {
        self.entries
            .iter()
            .map(|e| KeyInfo {
                class: e.class.name(),
                version: e.version,
                kek_version: e.kek_version,
                created: e.created.clone(),
                current: self.current(e.class).0 == e.version,
            })
            .collect()
    }

    /// The provider id recorded in the registry.
    pub fn provider(&self) -> &str {
        &self.provider
    }

    fn rewrap_all(&mut self, dir: &DataDir, provider: &dyn KeyProvider) -> Result<()> {
        let kek = provider.kek_version();
        let mut entries = self.entries.clone();
        for e in &mut entries {
            let key = self.get(e.class, e.version)?;
            let wrapped = provider.wrap(key, &aad(provider.id(), e.class, e.version))?;
            e.wrapped = hex::encode(wrapped);
            e.kek_version = kek;
        }
        let old = std::mem::replace(&mut self.entries, entries);
        if let Err(e) = self.save(dir) {
            self.entries = old;
            return Err(e);
        }
        Ok(())
    }

    fn push(
        &mut self,
        provider: &dyn KeyProvider,
        class: KeyClass,
        version: u32,
        key: Key32,
    ) -> Result<()> {
        let aad = aad(provider.id(), class, version);
        let wrapped = provider.wrap(&key, &aad)?;
        let back = provider.unwrap(&wrapped, &aad)?;
        if back.as_bytes() != key.as_bytes() {
            return Err(Error::UnwrapFailed {
                provider: provider.id().to_owned(),
            });
        }
        self.entries.push(Entry {
            class,
            version,
            kek_version: provider.kek_version(),
            created: crate::audit::now_rfc3339()?,
            wrapped: hex::encode(wrapped),
        });
        self.keys.insert((class, version), key);
        Ok(())
    }

    fn save(&self, dir: &DataDir) -> Result<()> {
        let doc = Doc {
            format: FORMAT.to_owned(),
            version: FORMAT_VERSION,
            provider: self.provider.clone(),
            entries: self.entries.clone(),
        };
        let json = serde_json::to_vec_pretty(&doc).map_err(|source| Error::Encode {
            what: "key registry",
            source,
        })?;
        atomic_write(&dir.registry_path(), &json, 0o600)
    }
}

/// Maps an envelope failure on a wrapped key to [`Error::Corrupt`] naming the file;
/// passes through provider errors (wrong secret, device unavailable).
fn corrupt(path: &std::path::Path, e: Error) -> Error {
    match e {
        e @ (Error::UnwrapFailed { .. }
        | Error::AuthenticationFailed
        | Error::KeyIdMismatch { .. }
        | Error::MalformedHeader(_)
        | Error::UnknownMagic
        | Error::UnsupportedAlgorithm(_)
        | Error::UnsupportedVersion(_)) => Error::Corrupt {
            path: path.to_path_buf(),
            source: Box::new(e),
        },
        e => e,
    }
}

/// `"lango-node key registry v1" 0 provider 0 class 0 version(decimal)`.
fn aad(provider: &str, class: KeyClass, version: u32) -> Vec<u8> {
    let mut aad = AAD_PREFIX.to_vec();
    for part in [
        provider.as_bytes(),
        class.name().as_bytes(),
        version.to_string().as_bytes(),
    ] {
        aad.push(0);
        aad.extend_from_slice(part);
    }
    aad
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::fixed;
    use std::fs;

    fn new_dir(t: &tempfile::TempDir) -> DataDir {
        DataDir::create(t.path().join("n")).unwrap()
    }

    fn doc(dir: &DataDir) -> serde_json::Value {
        serde_json::from_slice(&fs::read(dir.registry_path()).unwrap()).unwrap()
    }

    #[test]
    fn create_then_open_gives_the_same_keys_of_every_class() {
        let t = tempfile::tempdir().unwrap();
        let dir = new_dir(&t);
        let mut p = fixed(1);
        let a = KeyRegistry::create(&dir, &p).unwrap();
        let b = KeyRegistry::open(&dir, &mut p).unwrap();
        for c in KeyClass::ALL {
            assert_eq!(a.current(c).1.as_bytes(), b.current(c).1.as_bytes());
            assert_eq!(a.current(c).0, 1);
        }
        // Classes do not share a key.
        assert_ne!(
            a.current(KeyClass::Database).1.as_bytes(),
            a.current(KeyClass::Secrets).1.as_bytes()
        );
        let mode = fs::metadata(dir.registry_path()).unwrap();
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(mode.permissions().mode() & 0o777, 0o600);
    }

    #[test]
    fn second_create_is_refused_and_keeps_the_file() {
        let t = tempfile::tempdir().unwrap();
        let dir = new_dir(&t);
        let p = fixed(1);
        KeyRegistry::create(&dir, &p).unwrap();
        let before = fs::read(dir.registry_path()).unwrap();
        assert!(matches!(
            KeyRegistry::create(&dir, &p),
            Err(Error::AlreadyInitialised { .. })
        ));
        assert_eq!(fs::read(dir.registry_path()).unwrap(), before);
    }

    #[test]
    fn provider_that_cannot_wrap_is_refused_and_writes_nothing() {
        let t = tempfile::tempdir().unwrap();
        let dir = new_dir(&t);
        let mut p = fixed(1);
        p.wrap = false;
        assert!(matches!(
            KeyRegistry::create(&dir, &p),
            Err(Error::ProviderIncapable { .. })
        ));
        assert!(!dir.registry_path().exists());
    }

    #[test]
    fn open_without_registry_says_not_initialised() {
        let t = tempfile::tempdir().unwrap();
        let dir = new_dir(&t);
        assert!(matches!(
            KeyRegistry::open(&dir, &mut fixed(1)),
            Err(Error::NotInitialised { .. })
        ));
    }

    #[test]
    fn a_flipped_byte_in_a_wrapped_key_is_reported_corrupt_naming_the_file() {
        let t = tempfile::tempdir().unwrap();
        let dir = new_dir(&t);
        let mut p = fixed(1);
        KeyRegistry::create(&dir, &p).unwrap();
        let mut d = doc(&dir);
        let w = d["entries"][1]["wrapped"].as_str().unwrap().to_owned();
        let mut raw = hex::decode(w).unwrap();
        let last = raw.len() - 1;
        raw[last] ^= 1;
        d["entries"][1]["wrapped"] = hex::encode(raw).into();
        fs::write(dir.registry_path(), serde_json::to_vec(&d).unwrap()).unwrap();
        let err = KeyRegistry::open(&dir, &mut p).unwrap_err();
        assert!(matches!(err, Error::Corrupt { .. }), "{err}");
        assert!(err.to_string().contains("registry.json"), "{err}");
    }

    #[test]
    fn a_wrapped_key_moved_to_another_class_does_not_unwrap() {
        let t = tempfile::tempdir().unwrap();
        let dir = new_dir(&t);
        let mut p = fixed(1);
        KeyRegistry::create(&dir, &p).unwrap();
        let mut d = doc(&dir);
        let db = d["entries"][1]["wrapped"].clone();
        d["entries"][2]["wrapped"] = db; // database key wrapped blob into the secrets slot
        fs::write(dir.registry_path(), serde_json::to_vec(&d).unwrap()).unwrap();
        assert!(matches!(
            KeyRegistry::open(&dir, &mut p),
            Err(Error::Corrupt { .. })
        ));
    }

    #[test]
    fn another_provider_is_refused_by_name() {
        let t = tempfile::tempdir().unwrap();
        let dir = new_dir(&t);
        KeyRegistry::create(&dir, &fixed(1)).unwrap();
        let mut d = doc(&dir);
        d["provider"] = "pkcs11".into();
        fs::write(dir.registry_path(), serde_json::to_vec(&d).unwrap()).unwrap();
        let err = KeyRegistry::open(&dir, &mut fixed(1)).unwrap_err();
        assert!(matches!(err, Error::ProviderMismatch { .. }), "{err}");
    }

    #[test]
    fn rotation_rewraps_every_key_and_retires_the_old_kek() {
        let t = tempfile::tempdir().unwrap();
        let dir = new_dir(&t);
        let mut p = fixed(1);
        let mut reg = KeyRegistry::create(&dir, &p).unwrap();
        let before: Vec<[u8; 32]> = KeyClass::ALL
            .iter()
            .map(|c| *reg.current(*c).1.as_bytes())
            .collect();
        assert_eq!(reg.rotate_kek(&dir, &mut p).unwrap(), 2);
        assert!(!p.keks.contains_key(&1), "old KEK retired");
        for e in doc(&dir)["entries"].as_array().unwrap() {
            assert_eq!(e["kek_version"], 2);
        }
        let again = KeyRegistry::open(&dir, &mut p).unwrap();
        let after: Vec<[u8; 32]> = KeyClass::ALL
            .iter()
            .map(|c| *again.current(*c).1.as_bytes())
            .collect();
        assert_eq!(before, after, "data keys unchanged, only re-wrapped");
    }

    #[test]
    fn rotation_interrupted_before_the_rewrap_is_finished_by_open() {
        let t = tempfile::tempdir().unwrap();
        let dir = new_dir(&t);
        let mut p = fixed(1);
        let reg = KeyRegistry::create(&dir, &p).unwrap();
        let db = *reg.current(KeyClass::Database).1.as_bytes();
        p.rotate().unwrap(); // crash here: provider has v2, registry still under v1
        let again = KeyRegistry::open(&dir, &mut p).unwrap();
        assert_eq!(again.current(KeyClass::Database).1.as_bytes(), &db);
        for e in doc(&dir)["entries"].as_array().unwrap() {
            assert_eq!(e["kek_version"], 2);
        }
        assert!(!p.keks.contains_key(&1));
    }

    #[test]
    fn added_versions_coexist_until_dropped_and_unknown_versions_are_errors() {
        let t = tempfile::tempdir().unwrap();
        let dir = new_dir(&t);
        let mut p = fixed(1);
        let mut reg = KeyRegistry::create(&dir, &p).unwrap();
        let v1 = *reg.current(KeyClass::Database).1.as_bytes();
        assert_eq!(
            reg.add_version(&dir, &p, KeyClass::Database, Key32::random())
                .unwrap(),
            2
        );
        let reg2 = KeyRegistry::open(&dir, &mut p).unwrap();
        assert_eq!(reg2.current(KeyClass::Database).0, 2);
        assert_eq!(reg2.get(KeyClass::Database, 1).unwrap().as_bytes(), &v1);
        reg.drop_older(&dir, KeyClass::Database, 2).unwrap();
        let reg3 = KeyRegistry::open(&dir, &mut p).unwrap();
        assert!(matches!(
            reg3.get(KeyClass::Database, 1),
            Err(Error::UnknownKeyVersion { version: 1, .. })
        ));
        assert_eq!(reg3.info().len(), KeyClass::ALL.len());
    }
}
