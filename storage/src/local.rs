//! The reference [`KeyProvider`]: KEKs derived from the operator's passphrase.
//!
//! Each KEK version is PBKDF2-HMAC-SHA256(passphrase, salt_v, iterations) with its own
//! 16-byte random salt and at least [`MIN_PBKDF2_ITERATIONS`]. The parameters (never a
//! KEK) are kept in `keys/provider.json`, each version with a check value (an HKDF
//! output of its KEK under its own label) so that a wrong passphrase is reported as such
//! at once, and a wrapped key that fails to open with the right passphrase is reported
//! as corrupt. The check value offers no shortcut to an attacker: guessing against it
//! costs the same PBKDF2 work as guessing against a wrapped key.
//!
//! Rotation draws a new salt (optionally under a new passphrase) and keeps the old
//! version until the registry is re-wrapped; wrapped blobs are envelopes whose key id
//! `local/v<N>` names the version.

use std::collections::BTreeMap;

use hkdf::Hkdf;
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use zeroize::{Zeroize, Zeroizing};

use crate::crypto::{envelope_key_id, open, pbkdf2_sha256, seal, Key32, MIN_PBKDF2_ITERATIONS};
use crate::datadir::{atomic_write, DataDir};
use crate::error::{Error, Result};
use crate::provider::{Capabilities, KeyProvider};

/// Provider id of [`LocalProvider`], recorded in `provider.json` and beside wrapped keys.
pub const LOCAL_PROVIDER_ID: &str = "local";

const SALT_LEN: usize = 16;
const KDF_NAME: &str = "pbkdf2-hmac-sha256";
const CHECK_LABEL: &[u8] = b"lango-node/v1/local-kek-check";
const PARAMS_FORMAT_VERSION: u32 = 2;

/// What `keys/provider.json` holds for the local provider.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LocalParams {
    provider: String,
    version: u32,
    kdf: String,
    iterations: u32,
    /// KEK versions, oldest first; the last is current.
    keks: Vec<KekParams>,
}

/// One KEK version's salt and check value.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KekParams {
    version: u32,
    salt: String,
    check: String,
}

/// A key provider whose KEKs are derived from a passphrase with PBKDF2.
pub struct LocalProvider {
    keks: BTreeMap<u32, Key32>,
    params: Vec<KekParams>,
    iterations: u32,
    /// Kept (zeroized on drop) to derive the next version at `rotate`; `None` when the
    /// KEK came from the keyring cache.
    passphrase: Option<Zeroizing<Vec<u8>>>,
    /// A new passphrase for the next `rotate`, if the operator is changing it.
    next_passphrase: Option<Zeroizing<Vec<u8>>>,
    params_path: std::path::PathBuf,
}

impl LocalProvider {
    /// Sets up a new local provider for `dir`: draws a salt, derives KEK version 1 and
    /// writes `keys/provider.json`.
    ///
    /// Refuses fewer than [`MIN_PBKDF2_ITERATIONS`] iterations, and refuses a data dir that
    /// already holds a key registry (new parameters would lock it out).
    pub fn create(dir: &DataDir, passphrase: &[u8], iterations: u32) -> Result<LocalProvider> {
        check_iterations(iterations)?;
        if dir.registry_path().exists() {
            return Err(Error::AlreadyInitialised {
                path: dir.path().to_path_buf(),
            });
        }
        let mut p = LocalProvider {
            keks: BTreeMap::new(),
            params: Vec::new(),
            iterations,
            passphrase: Some(Zeroizing::new(passphrase.to_vec())),
            next_passphrase: None,
            params_path: dir.provider_config_path(),
        };
        p.add_version(1, passphrase);
        p.save()?;
        Ok(p)
    }

    /// Loads `keys/provider.json` and derives every KEK version from `passphrase`.
    ///
    /// Fails with [`Error::WrongPassphrase`] if the passphrase does not reproduce the
    /// current version's check value, and with [`Error::WeakKdf`] if the file asks for
    /// fewer than [`MIN_PBKDF2_ITERATIONS`]. An older version left by an interrupted
    /// rotation under a previous passphrase is skipped if the passphrase does not fit it.
    pub fn open(dir: &DataDir, passphrase: &[u8]) -> Result<LocalProvider> {
        let path = dir.provider_config_path();
        let bytes = dir.read_required(&path)?;
        let bad = |detail: String| Error::MalformedMetadata {
            path: path.clone(),
            what: "local key provider config",
            detail,
        };
        let params: LocalParams = serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
        if params.provider != LOCAL_PROVIDER_ID {
            return Err(Error::ProviderMismatch {
                expected: LOCAL_PROVIDER_ID.to_owned(),
                found: params.provider,
            });
        }
        if params.version != PARAMS_FORMAT_VERSION {
            return Err(bad(format!("unknown version {}", params.version)));
        }
        if params.kdf != KDF_NAME {
            return Err(bad(format!("unknown kdf `{}`", params.kdf)));
        }
        check_iterations(params.iterations)?;
        if params.keks.is_empty() {
            return Err(bad("no KEK versions".into()));
        }
        let mut keks = BTreeMap::new();
        for k in &params.keks {
            let salt = hex::decode(&k.salt).map_err(|e| bad(format!("salt: {e}")))?;
            if salt.len() < SALT_LEN {
                return Err(bad(format!(
                    "salt is {} bytes, need {SALT_LEN}",
                    salt.len()
                )));
            }
            let check = hex::decode(&k.check).map_err(|e| bad(format!("check: {e}")))?;
            let kek = pbkdf2_sha256(passphrase, &salt, params.iterations);
            let mut expected = check_value(&kek);
            let same = ct_eq(&expected, &check);
            expected.zeroize();
            if same {
                keks.insert(k.version, kek);
            }
        }
        // No version opens: the passphrase is wrong. Only an older one opens: a passphrase
        // change was interrupted before the registry moved, and this is the old passphrase,
        // which still opens everything; `retire` then rolls the change back.
        if keks.is_empty() {
            return Err(Error::WrongPassphrase);
        }
        Ok(LocalProvider {
            keks,
            params: params.keks,
            iterations: params.iterations,
            passphrase: Some(Zeroizing::new(passphrase.to_vec())),
            next_passphrase: None,
            params_path: path,
        })
    }

    /// Opens with the current KEK cached in the kernel keyring by `keyring store`, if the
    /// slot holds it; `Ok(None)` if the slot is empty (then the passphrase is needed). A
    /// slot holding another key is an error. Rotation needs the passphrase.
    pub fn open_from_keyring(dir: &DataDir) -> Result<Option<LocalProvider>> {
        let path = dir.provider_config_path();
        let bytes = dir.read_required(&path)?;
        let params: LocalParams =
            serde_json::from_slice(&bytes).map_err(|e| Error::MalformedMetadata {
                path: path.clone(),
                what: "local key provider config",
                detail: e.to_string(),
            })?;
        check_iterations(params.iterations)?;
        let Some(cur) = params.keks.last().cloned() else {
            return Ok(None);
        };
        let slot = keyring_slot(dir, cur.version)?;
        let Some(kek) = slot.try_load()? else {
            return Ok(None);
        };
        let check = hex::decode(&cur.check).unwrap_or_default();
        if !ct_eq(&check_value(&kek)[..], &check[..]) {
            return Err(Error::Provider {
                provider: LOCAL_PROVIDER_ID.to_owned(),
                detail: format!(
                    "keyring slot `{}` holds a key that is not this node's KEK v{}: \
                     run `lango-node keyring clear`, then start with the passphrase",
                    slot.description(),
                    cur.version
                ),
            });
        }
        Ok(Some(LocalProvider {
            keks: BTreeMap::from([(cur.version, kek)]),
            params: params.keks,
            iterations: params.iterations,
            passphrase: None,
            next_passphrase: None,
            params_path: path,
        }))
    }

    /// The PBKDF2 iteration count in use.
    pub fn iterations(&self) -> u32 {
        self.iterations
    }

    /// Makes the next [`KeyProvider::rotate`] derive its KEK from `passphrase` (a
    /// passphrase change is a KEK rotation).
    pub fn set_next_passphrase(&mut self, passphrase: &[u8]) {
        self.next_passphrase = Some(Zeroizing::new(passphrase.to_vec()));
    }

    fn next_version(&self) -> u32 {
        self.params.iter().map(|k| k.version).max().unwrap_or(0) + 1
    }

    /// The next KEK's derivation (PBKDF2 over a fresh salt), as a job that borrows
    /// nothing from the provider.
    fn rotation_job(&self) -> Result<crate::provider::RotationJob> {
        let next_passphrase = self.next_passphrase.is_some();
        let pass = match (&self.next_passphrase, &self.passphrase) {
            (Some(p), _) | (None, Some(p)) => p.clone(),
            (None, None) => {
                return Err(Error::Provider {
                    provider: LOCAL_PROVIDER_ID.to_owned(),
                    detail: "rotation needs the passphrase (this node was unlocked from the \
                             keyring cache): set LANGO_PASSPHRASE or pass --passphrase-file"
                        .into(),
                })
            }
        };
        let (version, iterations) = (self.next_version(), self.iterations);
        Ok(Box::new(move || {
            let mut salt = vec![0u8; SALT_LEN];
            OsRng.fill_bytes(&mut salt);
            let kek = Box::new(pbkdf2_sha256(&pass, &salt, iterations));
            crate::provider::PreparedKek {
                version,
                salt,
                kek,
                passphrase: pass,
                next_passphrase,
            }
        }))
    }

    /// Makes a derived KEK the current version and saves the parameters; refuses one
    /// that another rotation overtook.
    fn install(&mut self, p: crate::provider::PreparedKek) -> Result<u32> {
        // A passphrase change asked for after the job was prepared is not the one the
        // job derived from: refused like an overtaken job, so the change is not lost.
        let changed = self
            .next_passphrase
            .as_ref()
            .is_some_and(|n| !p.next_passphrase || **n != *p.passphrase);
        if p.version != self.next_version() || changed {
            return Err(Error::Provider {
                provider: LOCAL_PROVIDER_ID.to_owned(),
                detail: format!(
                    "another rotation ran while KEK version {} was being derived; rotate again",
                    p.version
                ),
            });
        }
        let version = p.version;
        self.params.push(KekParams {
            version,
            salt: hex::encode(&p.salt),
            check: hex::encode(check_value(&p.kek)),
        });
        self.keks.insert(version, *p.kek);
        if let Err(e) = self.save() {
            self.params.pop();
            self.keks.remove(&version);
            return Err(e);
        }
        self.passphrase = Some(p.passphrase);
        if p.next_passphrase {
            self.next_passphrase = None;
        }
        Ok(version)
    }

    fn add_version(&mut self, version: u32, passphrase: &[u8]) {
        let mut salt = [0u8; SALT_LEN];
        OsRng.fill_bytes(&mut salt);
        let kek = pbkdf2_sha256(passphrase, &salt, self.iterations);
        self.params.push(KekParams {
            version,
            salt: hex::encode(salt),
            check: hex::encode(check_value(&kek)),
        });
        self.keks.insert(version, kek);
    }

    fn save(&self) -> Result<()> {
        let params = LocalParams {
            provider: LOCAL_PROVIDER_ID.to_owned(),
            version: PARAMS_FORMAT_VERSION,
            kdf: KDF_NAME.to_owned(),
            iterations: self.iterations,
            keks: self.params.clone(),
        };
        let json = serde_json::to_vec_pretty(&params).map_err(|source| Error::Encode {
            what: "key provider config",
            source,
        })?;
        atomic_write(&self.params_path, &json, 0o600)
    }

    /// The newest version this passphrase opens.
    fn current(&self) -> u32 {
        // Invariant: `create` adds version 1 and `open` refuses when no version opens.
        self.keks.keys().next_back().copied().unwrap_or(1)
    }
}

impl KeyProvider for LocalProvider {
    fn id(&self) -> &str {
        LOCAL_PROVIDER_ID
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            wrap: true,
            sign: false,
        }
    }

    fn kek_version(&self) -> u32 {
        self.current()
    }

    fn wrap(&self, dek: &Key32, aad: &[u8]) -> Result<Vec<u8>> {
        let v = self.current();
        let kek = self.keks.get(&v).ok_or(Error::UnknownKeyVersion {
            class: "local KEK",
            version: v,
        })?;
        seal(
            kek,
            &format!("{LOCAL_PROVIDER_ID}/v{v}"),
            aad,
            dek.as_bytes(),
        )
    }

    fn unwrap(&self, wrapped: &[u8], aad: &[u8]) -> Result<Key32> {
        let failed = || Error::UnwrapFailed {
            provider: LOCAL_PROVIDER_ID.to_owned(),
        };
        let kid = envelope_key_id(wrapped)?.to_owned();
        let v: u32 = kid
            .strip_prefix("local/v")
            .and_then(|v| v.parse().ok())
            .ok_or_else(failed)?;
        let Some(kek) = self.keks.get(&v) else {
            if self.params.iter().any(|k| k.version == v) {
                return Err(Error::Provider {
                    provider: LOCAL_PROVIDER_ID.to_owned(),
                    detail: format!(
                        "keys are wrapped under KEK version {v}, which this passphrase does not \
                         open: a passphrase change was interrupted; use the previous passphrase"
                    ),
                });
            }
            return Err(Error::UnknownKeyVersion {
                class: "local KEK",
                version: v,
            });
        };
        let pt = open(kek, &kid, aad, wrapped).map_err(|e| match e {
            Error::AuthenticationFailed => failed(),
            other => other,
        })?;
        let bytes: [u8; 32] = pt.as_slice().try_into().map_err(|_| failed())?;
        Ok(Key32::from_bytes(bytes))
    }

    fn health(&self) -> Result<()> {
        Ok(())
    }

    fn kek_for_keyring_cache(&self) -> Option<(u32, Key32)> {
        let v = self.current();
        self.keks
            .get(&v)
            .map(|k| (v, Key32::from_bytes(*k.as_bytes())))
    }

    fn rotate(&mut self) -> Result<u32> {
        let job = self.rotation_job()?;
        self.install(job())
    }

    fn prepare_rotation(&self) -> Result<Option<crate::provider::RotationJob>> {
        Ok(Some(self.rotation_job()?))
    }

    fn rotate_prepared(&mut self, prepared: Option<crate::provider::PreparedKek>) -> Result<u32> {
        match prepared {
            Some(p) => self.install(p),
            None => self.rotate(),
        }
    }

    /// Forgets versions below `keep_from`, and versions this passphrase does not open
    /// (left by an interrupted passphrase change, which this rolls back).
    fn retire(&mut self, keep_from: u32) -> Result<()> {
        let keep = |k: &KekParams| k.version >= keep_from && self.keks.contains_key(&k.version);
        if self.params.iter().all(keep) {
            return Ok(());
        }
        let old = self.params.clone();
        self.params.retain(keep);
        if let Err(e) = self.save() {
            self.params = old;
            return Err(e);
        }
        self.keks.retain(|v, _| *v >= keep_from);
        Ok(())
    }
}

/// The kernel-keyring slot caching KEK version `v` of this data dir
/// (`lango-node:<node-id>:local-kek-v<v>`).
pub fn keyring_slot(dir: &DataDir, v: u32) -> Result<crate::keyring::KeyringSlot> {
    crate::keyring::node_slot(dir, &format!("local-kek-v{v}"))
}

fn check_iterations(iterations: u32) -> Result<()> {
    if iterations < MIN_PBKDF2_ITERATIONS {
        return Err(Error::WeakKdf {
            iterations,
            minimum: MIN_PBKDF2_ITERATIONS,
        });
    }
    Ok(())
}

fn check_value(kek: &Key32) -> [u8; 32] {
    let mut out = [0u8; 32];
    // Invariant: HKDF-SHA256 can expand up to 255 * 32 bytes; 32 is always accepted.
    Hkdf::<Sha256>::new(None, kek.as_bytes())
        .expand(CHECK_LABEL, &mut out)
        .expect("HKDF-SHA256 expands 32 bytes");
    out
}

/// Compares without an early exit, so timing does not reveal the matching prefix.
fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    // Each PBKDF2 at the real minimum takes ~0.3 s, so the tests below share setups.

    #[test]
    fn fewer_than_minimum_iterations_is_refused() {
        let t = tempfile::tempdir().unwrap();
        let dir = DataDir::create(t.path().join("n")).unwrap();
        assert!(matches!(
            LocalProvider::create(&dir, b"pw", MIN_PBKDF2_ITERATIONS - 1),
            Err(Error::WeakKdf {
                iterations,
                minimum: MIN_PBKDF2_ITERATIONS
            }) if iterations == MIN_PBKDF2_ITERATIONS - 1
        ));
        assert!(!dir.provider_config_path().exists());
    }

    #[test]
    fn reopen_with_right_passphrase_unwraps_and_wrong_one_is_refused() {
        let t = tempfile::tempdir().unwrap();
        let dir = DataDir::create(t.path().join("n")).unwrap();
        let p = LocalProvider::create(&dir, b"correct horse", MIN_PBKDF2_ITERATIONS).unwrap();
        assert_eq!(p.id(), "local");
        assert!(p.capabilities().wrap);
        let dek = Key32::from_bytes([9; 32]);
        let wrapped = p.wrap(&dek, b"aad").unwrap();

        let json: serde_json::Value =
            serde_json::from_slice(&fs::read(dir.provider_config_path()).unwrap()).unwrap();
        assert_eq!(json["provider"], "local");
        assert_eq!(json["iterations"], MIN_PBKDF2_ITERATIONS);
        assert_eq!(
            json["keks"][0]["salt"].as_str().unwrap().len(),
            2 * SALT_LEN
        );

        let again = LocalProvider::open(&dir, b"correct horse").unwrap();
        assert_eq!(again.unwrap(&wrapped, b"aad").unwrap().as_bytes(), &[9; 32]);
        assert!(matches!(
            again.unwrap(&wrapped, b"other aad"),
            Err(Error::UnwrapFailed { .. })
        ));

        assert!(matches!(
            LocalProvider::open(&dir, b"wrong horse"),
            Err(Error::WrongPassphrase)
        ));
    }

    #[test]
    fn provider_json_lowered_below_minimum_is_refused() {
        let t = tempfile::tempdir().unwrap();
        let dir = DataDir::create(t.path().join("n")).unwrap();
        let params = LocalParams {
            provider: LOCAL_PROVIDER_ID.to_owned(),
            version: PARAMS_FORMAT_VERSION,
            kdf: KDF_NAME.to_owned(),
            iterations: 1000,
            keks: vec![KekParams {
                version: 1,
                salt: hex::encode([1u8; SALT_LEN]),
                check: hex::encode([0u8; 32]),
            }],
        };
        fs::write(
            dir.provider_config_path(),
            serde_json::to_vec(&params).unwrap(),
        )
        .unwrap();
        assert!(matches!(
            LocalProvider::open(&dir, b"pw"),
            Err(Error::WeakKdf {
                iterations: 1000,
                ..
            })
        ));
    }

    #[test]
    fn rotation_with_a_new_passphrase_keeps_old_blobs_until_retired() {
        let t = tempfile::tempdir().unwrap();
        let dir = DataDir::create(t.path().join("n")).unwrap();
        let mut p = LocalProvider::create(&dir, b"old pass", MIN_PBKDF2_ITERATIONS).unwrap();
        let dek = Key32::from_bytes([7; 32]);
        let w1 = p.wrap(&dek, b"a").unwrap();
        p.set_next_passphrase(b"new pass");
        assert_eq!(p.rotate().unwrap(), 2);
        let w2 = p.wrap(&dek, b"a").unwrap();
        assert_eq!(envelope_key_id(&w2).unwrap(), "local/v2");
        assert_eq!(p.unwrap(&w1, b"a").unwrap().as_bytes(), &[7; 32]);
        p.retire(2).unwrap();
        assert!(matches!(
            p.unwrap(&w1, b"a"),
            Err(Error::UnknownKeyVersion { version: 1, .. })
        ));
        let json: serde_json::Value =
            serde_json::from_slice(&fs::read(dir.provider_config_path()).unwrap()).unwrap();
        assert_eq!(json["keks"].as_array().unwrap().len(), 1);
        assert!(matches!(
            LocalProvider::open(&dir, b"old pass"),
            Err(Error::WrongPassphrase)
        ));
        let q = LocalProvider::open(&dir, b"new pass").unwrap();
        assert_eq!(q.unwrap(&w2, b"a").unwrap().as_bytes(), &[7; 32]);
    }

    #[test]
    fn a_rotation_derived_ahead_installs_once_and_an_overtaken_one_is_refused() {
        let t = tempfile::tempdir().unwrap();
        let dir = DataDir::create(t.path().join("n")).unwrap();
        let mut p = LocalProvider::create(&dir, b"pass", MIN_PBKDF2_ITERATIONS).unwrap();
        let dek = Key32::from_bytes([5; 32]);
        // Two jobs for version 2, derived with the provider not borrowed (the job is
        // 'static and Send: it runs on another thread while the provider serves).
        let (a, b) = (
            p.prepare_rotation().unwrap().unwrap(),
            p.prepare_rotation().unwrap().unwrap(),
        );
        let a = std::thread::spawn(a);
        let w1 = p.wrap(&dek, b"x").unwrap();
        let a = a.join().unwrap();
        assert_eq!(p.rotate_prepared(Some(a)).unwrap(), 2);
        let w2 = p.wrap(&dek, b"x").unwrap();
        assert_eq!(envelope_key_id(&w2).unwrap(), "local/v2");
        // The second job was overtaken: refused, nothing changed.
        assert!(matches!(
            p.rotate_prepared(Some(b())),
            Err(Error::Provider { .. })
        ));
        assert_eq!(p.kek_version(), 2);
        let q = LocalProvider::open(&dir, b"pass").unwrap();
        assert_eq!(q.unwrap(&w1, b"x").unwrap().as_bytes(), &[5; 32]);
        assert_eq!(q.unwrap(&w2, b"x").unwrap().as_bytes(), &[5; 32]);
        // A passphrase change asked for after a job was prepared: the job is refused
        // and the change stays pending for the next rotation.
        let c = p.prepare_rotation().unwrap().unwrap();
        p.set_next_passphrase(b"changed");
        assert!(matches!(
            p.rotate_prepared(Some(c())),
            Err(Error::Provider { .. })
        ));
        assert_eq!(p.rotate().unwrap(), 3);
        assert!(LocalProvider::open(&dir, b"changed").is_ok());
    }

    #[test]
    fn interrupted_passphrase_change_explains_itself_and_the_old_passphrase_rolls_back() {
        let t = tempfile::tempdir().unwrap();
        let dir = DataDir::create(t.path().join("n")).unwrap();
        let mut p = LocalProvider::create(&dir, b"old pass", MIN_PBKDF2_ITERATIONS).unwrap();
        let w1 = p.wrap(&Key32::from_bytes([7; 32]), b"a").unwrap();
        p.set_next_passphrase(b"new pass");
        p.rotate().unwrap(); // crash here: nothing re-wrapped yet
        drop(p);
        let q = LocalProvider::open(&dir, b"new pass").unwrap();
        let e = q.unwrap(&w1, b"a").unwrap_err();
        assert!(e.to_string().contains("previous passphrase"), "{e}");
        let mut r = LocalProvider::open(&dir, b"old pass").unwrap();
        assert_eq!(r.kek_version(), 1);
        assert_eq!(r.unwrap(&w1, b"a").unwrap().as_bytes(), &[7; 32]);
        r.retire(1).unwrap(); // what KeyRegistry::open does: rolls the change back
        assert!(matches!(
            LocalProvider::open(&dir, b"new pass"),
            Err(Error::WrongPassphrase)
        ));
        assert!(LocalProvider::open(&dir, b"old pass").is_ok());
    }

    /// Against the real kernel keyring: a key planted in the cache slot (anyone who can
    /// write the user's keyring) is refused, never used as the KEK.
    #[test]
    fn a_forged_keyring_cache_is_refused_and_a_real_one_opens() {
        let t = tempfile::tempdir().unwrap();
        let dir = DataDir::create(t.path().join("n")).unwrap();
        let p = LocalProvider::create(&dir, b"pw", MIN_PBKDF2_ITERATIONS).unwrap();
        let wrapped = p.wrap(&Key32::from_bytes([5; 32]), b"a").unwrap();
        assert!(LocalProvider::open_from_keyring(&dir).unwrap().is_none());
        let slot = keyring_slot(&dir, 1).unwrap();
        slot.store(&Key32::from_bytes([0x66; 32])).unwrap();
        let Err(e) = LocalProvider::open_from_keyring(&dir) else {
            panic!("a forged cache was accepted");
        };
        assert!(e.to_string().contains("not this node's KEK"), "{e}");
        let (v, kek) = p.kek_for_keyring_cache().unwrap();
        assert_eq!(v, 1);
        slot.store(&kek).unwrap();
        let q = LocalProvider::open_from_keyring(&dir).unwrap().unwrap();
        assert_eq!(q.unwrap(&wrapped, b"a").unwrap().as_bytes(), &[5; 32]);
        assert!(slot.clear().unwrap());
    }

    #[test]
    fn constant_time_compare_agrees_with_eq() {
        assert!(ct_eq(b"abc", b"abc"));
        assert!(!ct_eq(b"abc", b"abd"));
        assert!(!ct_eq(b"abc", b"ab"));
    }
}
