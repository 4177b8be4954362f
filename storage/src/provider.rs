//! The one joint for key-encryption keys (KEKs): the [`KeyProvider`] trait.
//!
//! A provider wraps (encrypts) data-encryption keys such as the master key under a KEK
//! it controls, and unwraps them again. The rest of the crate never sees the KEK, so
//! where it lives is the provider's business. Today there is one back end,
//! [`LocalProvider`](crate::local::LocalProvider) (a passphrase-derived KEK). The OS
//! keyring, TPM 2.0, PKCS#11, cloud KMS and ssh-agent providers slot in behind this same
//! trait in a later issue; signing providers will add a signing method then, which is why
//! [`Capabilities`] already reports `sign`.

use crate::crypto::Key32;
use crate::error::Result;

/// What a provider can do. A provider that cannot wrap cannot hold the master key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// Can wrap and unwrap data-encryption keys.
    pub wrap: bool,
    /// Can sign with a key it holds (e.g. the agent identity key in a TPM).
    pub sign: bool,
}

/// A source of key-encryption keys.
///
/// Implementations must bind `aad` into the wrapped bytes, so a key wrapped for one
/// purpose does not unwrap for another, and must zeroize any KEK they hold in memory.
pub trait KeyProvider: Send + Sync {
    /// Stable identifier recorded beside every key this provider wraps (e.g. `"local"`).
    fn id(&self) -> &str;

    /// What this provider can do.
    fn capabilities(&self) -> Capabilities;

    /// Encrypts `dek` under the provider's KEK, bound to `aad`.
    fn wrap(&self, dek: &Key32, aad: &[u8]) -> Result<Vec<u8>>;

    /// Decrypts bytes produced by [`KeyProvider::wrap`] with the same `aad`.
    fn unwrap(&self, wrapped: &[u8], aad: &[u8]) -> Result<Key32>;

    /// Checks that the provider is usable now (device present, service reachable).
    fn health(&self) -> Result<()>;
}
