//! The reference [`KeyProvider`]: a KEK derived from the operator's passphrase.
//!
//! The KEK is PBKDF2-HMAC-SHA256(passphrase, salt, iterations) with a 16-byte random salt
//! and at least [`MIN_PBKDF2_ITERATIONS`]. The parameters (never the KEK) are kept in
//! `keys/provider.json`, together with a check value (an HKDF output of the KEK under its
//! own label) so that a wrong passphrase is reported as such at once, and a wrapped key
//! that fails to open with the right passphrase is reported as corrupt. The check value
//! offers no shortcut to an attacker: guessing against it costs the same PBKDF2 work as
//! guessing against the wrapped master key.

use hkdf::Hkdf;
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use zeroize::Zeroize;

use crate::crypto::{open, pbkdf2_sha256, seal, Key32, MIN_PBKDF2_ITERATIONS};
use crate::datadir::{atomic_write, DataDir};
use crate::error::{Error, Result};
use crate::provider::{Capabilities, KeyProvider};

/// Provider id of [`LocalProvider`], recorded in `provider.json` and beside wrapped keys.
pub const LOCAL_PROVIDER_ID: &str = "local";

const SALT_LEN: usize = 16;
const KDF_NAME: &str = "pbkdf2-hmac-sha256";
const CHECK_LABEL: &[u8] = b"lango-node/v1/local-kek-check";
const PARAMS_FORMAT_VERSION: u32 = 1;

/// What `keys/provider.json` holds for the local provider.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LocalParams {
    provider: String,
    version: u32,
    kdf: String,
    salt: String,
    iterations: u32,
    check: String,
}

/// A key provider whose KEK is derived from a passphrase with PBKDF2.
pub struct LocalProvider {
    kek: Key32,
    iterations: u32,
}

impl LocalProvider {
    /// Sets up a new local provider for `dir`: draws a salt, derives the KEK and writes
    /// `keys/provider.json`.
    ///
    /// Refuses fewer than [`MIN_PBKDF2_ITERATIONS`] iterations, and refuses a data dir that
    /// already holds a wrapped master key (new parameters would lock it out).
    pub fn create(dir: &DataDir, passphrase: &[u8], iterations: u32) -> Result<LocalProvider> {
        check_iterations(iterations)?;
        if dir.master_wrapped_path().exists() {
            return Err(Error::AlreadyInitialised {
                path: dir.path().to_path_buf(),
            });
        }
        let mut salt = [0u8; SALT_LEN];
        OsRng.fill_bytes(&mut salt);
        let kek = pbkdf2_sha256(passphrase, &salt, iterations);
        let params = LocalParams {
            provider: LOCAL_PROVIDER_ID.to_owned(),
            version: PARAMS_FORMAT_VERSION,
            kdf: KDF_NAME.to_owned(),
            salt: hex::encode(salt),
            iterations,
            check: hex::encode(check_value(&kek)),
        };
        let json = serde_json::to_vec_pretty(&params).map_err(|source| Error::Encode {
            what: "key provider config",
            source,
        })?;
        atomic_write(&dir.provider_config_path(), &json, 0o600)?;
        Ok(LocalProvider { kek, iterations })
    }

    /// Loads `keys/provider.json` and derives the KEK from `passphrase`.
    ///
    /// Fails with [`Error::WrongPassphrase`] if the passphrase does not reproduce the
    /// stored check value, and with [`Error::WeakKdf`] if the file asks for fewer than
    /// [`MIN_PBKDF2_ITERATIONS`].
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
        let salt = hex::decode(&params.salt).map_err(|e| bad(format!("salt: {e}")))?;
        if salt.len() < SALT_LEN {
            return Err(bad(format!(
                "salt is {} bytes, need {SALT_LEN}",
                salt.len()
            )));
        }
        let check = hex::decode(&params.check).map_err(|e| bad(format!("check: {e}")))?;
        let kek = pbkdf2_sha256(passphrase, &salt, params.iterations);
        let mut expected = check_value(&kek);
        let same = ct_eq(&expected, &check);
        expected.zeroize();
        if !same {
            return Err(Error::WrongPassphrase);
        }
        Ok(LocalProvider {
            kek,
            iterations: params.iterations,
        })
    }

    /// The PBKDF2 iteration count in use.
    pub fn iterations(&self) -> u32 {
        self.iterations
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

    fn wrap(&self, dek: &Key32, aad: &[u8]) -> Result<Vec<u8>> {
        seal(&self.kek, LOCAL_PROVIDER_ID, aad, dek.as_bytes())
    }

    fn unwrap(&self, wrapped: &[u8], aad: &[u8]) -> Result<Key32> {
        let failed = || Error::UnwrapFailed {
            provider: LOCAL_PROVIDER_ID.to_owned(),
        };
        let pt = open(&self.kek, LOCAL_PROVIDER_ID, aad, wrapped).map_err(|e| match e {
            Error::AuthenticationFailed => failed(),
            other => other,
        })?;
        let bytes: [u8; 32] = pt.as_slice().try_into().map_err(|_| failed())?;
        Ok(Key32::from_bytes(bytes))
    }

    fn health(&self) -> Result<()> {
        Ok(())
    }
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
        assert_eq!(json["salt"].as_str().unwrap().len(), 2 * SALT_LEN);

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
            salt: hex::encode([1u8; SALT_LEN]),
            iterations: 1000,
            check: hex::encode([0u8; 32]),
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
    fn constant_time_compare_agrees_with_eq() {
        assert!(ct_eq(b"abc", b"abc"));
        assert!(!ct_eq(b"abc", b"abd"));
        assert!(!ct_eq(b"abc", b"ab"));
    }
}
