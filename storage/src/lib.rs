//! `lango-storage`: everything a lango-node keeps at rest.
//!
//! - [`crypto`]: [`Key32`], the versioned AES-256-GCM envelope ([`seal`] / [`open`]),
//!   HKDF purpose subkeys and PBKDF2.
//! - [`datadir`]: the locked data directory and crash-safe [`atomic_write`].
//! - [`provider`] / [`local`]: the [`KeyProvider`] joint for key-encryption keys and its
//!   passphrase back end.
//! - [`master`]: the wrapped master key, root of every purpose key.
//! - [`sealed`]: files sealed under a purpose key (identity, trust store).
//! - [`replay_store`]: the durable replay cache (sled).
//! - [`audit`]: the append-only, hash-chained audit log.
//!
//! It does no networking and holds no policy about *what* is stored; the SQLCipher
//! database, key registry with rotation, and the keyring/TPM/PKCS#11/KMS providers come in
//! later issues.
//!
//! ```
//! use lango_storage::{
//!     init_master, open_master, read_sealed, write_sealed, DataDir, LocalProvider,
//!     SubkeyLabel, MIN_PBKDF2_ITERATIONS,
//! };
//!
//! # fn main() -> Result<(), lango_storage::Error> {
//! # let tmp = tempfile::tempdir().unwrap();
//! # let path = tmp.path().join("node");
//! // `lango-node init`
//! let dir = DataDir::create(&path)?;
//! let provider = LocalProvider::create(&dir, b"passphrase", MIN_PBKDF2_ITERATIONS)?;
//! let master = init_master(&dir, &provider)?;
//! let key = master.subkey(SubkeyLabel::TrustStore);
//! write_sealed(&dir.trust_sealed_path(), &key, "trust-store/1", "trust", &vec!["did:key:zDn1"])?;
//! drop(dir);
//!
//! // `lango-node run`
//! let dir = DataDir::open(&path)?;
//! let master = open_master(&dir, &LocalProvider::open(&dir, b"passphrase")?)?;
//! let key = master.subkey(SubkeyLabel::TrustStore);
//! let trusted: Option<Vec<String>> =
//!     read_sealed(&dir.trust_sealed_path(), &key, "trust-store/1", "trust")?;
//! assert_eq!(trusted, Some(vec!["did:key:zDn1".to_owned()]));
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
pub mod error;
pub mod fallback;
pub mod gcp_kms;
pub mod local;
pub mod master;
pub mod provider;
pub mod replay_store;
pub mod sealed;
pub mod ssh_agent;

pub use audit::{AuditEntry, AuditLog, VerifyReport};
pub use aws_kms::{AwsKmsConfig, AwsKmsProvider};
pub use azure_kv::{AzureKvConfig, AzureKvProvider};
pub use crypto::{
    derive_subkey, open, pbkdf2_sha256, seal, Key32, SubkeyLabel, MIN_PBKDF2_ITERATIONS,
};
pub use datadir::{atomic_write, DataDir};
pub use error::{AuditBreak, Error, Result};
pub use fallback::{FallbackPolicy, FallbackProvider};
pub use gcp_kms::{GcpKmsConfig, GcpKmsProvider};
pub use local::LocalProvider;
pub use master::{init_master, open_master, MasterKey};
pub use provider::{Capabilities, KeyProvider};
pub use replay_store::ReplayStore;
pub use sealed::{read_sealed, read_sealed_bytes, write_sealed, write_sealed_bytes};
