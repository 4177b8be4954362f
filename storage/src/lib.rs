//! `lango-storage`: everything a lango-node keeps at rest.
//!
//! - [`crypto`]: [`Key32`], the versioned AES-256-GCM envelope ([`seal`] / [`open`]),
//!   HKDF purpose subkeys and PBKDF2.
//! - [`datadir`]: the locked data directory and crash-safe [`atomic_write`].
//! - [`provider`]: the [`KeyProvider`] joint for key-encryption keys; [`local`] is the
//!   passphrase back end, the others sit beside it.
//! - [`registry`]: the versioned key registry (every data key, wrapped by the provider).
//! - [`db`]: the SQLCipher application database (trust store, secrets) with migrations,
//!   rekey and encrypt.
//! - [`sealed`]: files sealed under a purpose key (identity, transport key).
//! - [`replay_store`]: the durable replay cache (sled, no secrets).
//! - [`audit`]: the append-only, hash-chained audit log.
//!
//! It does no networking and holds no policy about *what* may be trusted or run.
//!
//! ```
//! use lango_storage::{db::Database, DataDir, KeyRegistry, LocalProvider, MIN_PBKDF2_ITERATIONS};
//!
//! # fn main() -> Result<(), lango_storage::Error> {
//! # let tmp = tempfile::tempdir().unwrap();
//! # let path = tmp.path().join("node");
//! // `lango-node init`
//! let dir = DataDir::create(&path)?;
//! let provider = LocalProvider::create(&dir, b"passphrase", MIN_PBKDF2_ITERATIONS)?;
//! let registry = KeyRegistry::create(&dir, &provider)?;
//! let mut db = Database::create(&dir, &registry, false)?;
//! db.secret_set(&registry, "api-token", b"s3cret")?;
//! drop((db, dir));
//!
//! // `lango-node run`
//! let dir = DataDir::open(&path)?;
//! let mut provider = LocalProvider::open(&dir, b"passphrase")?;
//! let registry = KeyRegistry::open(&dir, &mut provider)?;
//! let mut db = Database::open(&dir, &registry)?;
//! assert_eq!(&db.secret_get(&registry, "api-token")?.unwrap()[..], b"s3cret");
//! # Ok(())
//! # }
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod audit;
pub mod aws_kms;
pub mod azure_kv;
pub mod cloud;
pub mod crypto;
pub mod datadir;
pub mod db;
pub mod error;
pub mod fallback;
/// Fuzz targets (see docs/fuzzing.md); each checks a property and panics when it fails.
#[doc(hidden)]
pub mod fuzzing;
pub mod gcp_kms;
pub mod keyring;
pub mod local;
pub mod pkcs11;
pub mod provider;
pub mod registry;
pub mod replay_store;
pub mod sealed;
pub mod ssh_agent;
#[cfg(test)]
mod testing;
#[cfg(feature = "tpm")]
pub mod tpm;

pub use audit::{AuditEntry, AuditLog, Durability, Head as AuditHead, VerifyReport};
pub use aws_kms::{AwsKmsConfig, AwsKmsProvider};
pub use azure_kv::{AzureKvConfig, AzureKvProvider};
pub use crypto::{
    derive_subkey, open, pbkdf2_sha256, seal, Key32, SubkeyLabel, MIN_PBKDF2_ITERATIONS,
};
pub use datadir::{atomic_write, DataDir};
pub use error::{AuditBreak, Error, Result};
pub use fallback::{FallbackPolicy, FallbackProvider};
pub use gcp_kms::{GcpKmsConfig, GcpKmsProvider};
pub use keyring::{KeyringConfig, KeyringProvider, KeyringSlot};
pub use local::LocalProvider;
pub use pkcs11::{Pkcs11Config, Pkcs11Provider, Pkcs11Signer};
pub use provider::{Capabilities, KeyProvider, PreparedKek, RotationJob};
pub use registry::{KeyClass, KeyRegistry};
pub use replay_store::ReplayStore;
pub use sealed::{read_sealed, read_sealed_bytes, write_sealed, write_sealed_bytes};
#[cfg(feature = "tpm")]
pub use tpm::{TpmConfig, TpmProvider, TpmSigner};
