//! The one joint for key-encryption keys (KEKs): the [`KeyProvider`] trait.
//!
//! A provider wraps (encrypts) data-encryption keys under a KEK it controls and unwraps
//! them again; a provider that holds asymmetric keys can also hold the agent identity
//! key and sign with it. The rest of the crate never sees a KEK, so where it lives (a
//! passphrase, the kernel keyring, a TPM, an HSM, a cloud KMS) is the provider's
//! business.
//!
//! KEKs are versioned so `keys rotate` can move every wrapped key to a new KEK without a
//! window where nothing opens: [`KeyProvider::rotate`] makes a new version current while
//! older versions keep unwrapping, and [`KeyProvider::retire`] forgets them once the key
//! registry has been rewritten. Every wrapped blob must identify the KEK version it was
//! made with, so `unwrap` never guesses.

use std::sync::Arc;

use lango_protocol::{AgentPublicKey, Signer};

use crate::crypto::Key32;
use crate::error::{Error, Result};

/// What a provider can do. A provider that cannot wrap cannot hold the node's keys; one
/// that cannot sign cannot hold the agent identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Capabilities {
    /// Can wrap and unwrap data-encryption keys.
    pub wrap: bool,
    /// Can create and sign with a P-256 key it holds (the agent identity key).
    pub sign: bool,
}

/// A source of key-encryption keys, and optionally of an identity signing key.
///
/// Implementations must bind `aad` into the wrapped bytes, so a key wrapped for one
/// purpose does not unwrap for another, must zeroize any KEK they hold in memory, and
/// must report an unreachable device or service as an error naming the provider, never
/// fall back silently.
pub trait KeyProvider: Send + Sync {
    /// Stable identifier recorded beside every key this provider wraps (e.g. `"local"`).
    fn id(&self) -> &str;

    /// What this provider can do.
    fn capabilities(&self) -> Capabilities;

    /// The KEK version [`KeyProvider::wrap`] uses now. Versions start at 1.
    fn kek_version(&self) -> u32 {
        1
    }

    /// Encrypts `dek` under the current KEK version, bound to `aad`.
    fn wrap(&self, dek: &Key32, aad: &[u8]) -> Result<Vec<u8>>;

    /// Decrypts bytes produced by [`KeyProvider::wrap`] (under any KEK version not yet
    /// retired) with the same `aad`.
    fn unwrap(&self, wrapped: &[u8], aad: &[u8]) -> Result<Key32>;

    /// Checks that the provider is usable now (device present, service reachable).
    fn health(&self) -> Result<()>;

    /// Creates a new KEK version and makes it the one `wrap` uses; returns its number.
    /// Older versions still unwrap until [`KeyProvider::retire`].
    fn rotate(&mut self) -> Result<u32> {
        Err(Error::ProviderIncapable {
            provider: self.id().to_owned(),
            operation: "rotate its key-encryption key",
        })
    }

    /// The slow, self-contained part of the next [`KeyProvider::rotate`] (the
    /// passphrase provider's key derivation), as a job the caller runs with no lock on
    /// the provider held; its result goes to [`KeyProvider::rotate_prepared`]. `None`:
    /// the provider has no such part, and `rotate_prepared(None)` simply rotates.
    fn prepare_rotation(&self) -> Result<Option<RotationJob>> {
        Ok(None)
    }

    /// Completes a rotation whose job [`KeyProvider::prepare_rotation`] handed out (or,
    /// with `None`, runs [`KeyProvider::rotate`]). A prepared KEK that another rotation
    /// overtook is refused, never installed.
    fn rotate_prepared(&mut self, prepared: Option<PreparedKek>) -> Result<u32> {
        match prepared {
            None => self.rotate(),
            Some(_) => Err(Error::ProviderIncapable {
                provider: self.id().to_owned(),
                operation: "complete a prepared rotation",
            }),
        }
    }

    /// Forgets (destroys, where the back end allows) KEK versions below `keep_from`.
    /// Called only after nothing is wrapped under them any more.
    fn retire(&mut self, keep_from: u32) -> Result<()> {
        let _ = keep_from;
        Ok(())
    }

    /// The current KEK, for `keyring store` to cache in the OS keyring so the node can
    /// start without its passphrase. Only the passphrase provider answers: every other
    /// provider's KEK must not leave its device or service.
    fn kek_for_keyring_cache(&self) -> Option<(u32, Key32)> {
        None
    }

    /// Creates a P-256 agent identity key inside the provider. Returns a reference to
    /// store (a label, key id or handle; nothing secret) and a signer for it.
    fn create_identity(&self) -> Result<(String, Arc<dyn Signer>)> {
        Err(Error::ProviderIncapable {
            provider: self.id().to_owned(),
            operation: "hold a signing key",
        })
    }

    /// Opens the identity key created by [`KeyProvider::create_identity`]. Must fail if
    /// the key found does not have the `expected` public key.
    fn open_identity(&self, reference: &str, expected: &AgentPublicKey) -> Result<Arc<dyn Signer>> {
        let _ = (reference, expected);
        Err(Error::ProviderIncapable {
            provider: self.id().to_owned(),
            operation: "hold a signing key",
        })
    }
}

/// The slow part of a KEK rotation, runnable on any thread with nothing locked.
pub type RotationJob = Box<dyn FnOnce() -> PreparedKek + Send>;

/// A KEK derived ahead of its rotation: opaque to callers, consumed by
/// [`KeyProvider::rotate_prepared`]; zeroized on drop.
pub struct PreparedKek {
    pub(crate) version: u32,
    pub(crate) salt: Vec<u8>,
    /// Boxed, so that moving the value between threads copies no key bytes.
    pub(crate) kek: Box<crate::crypto::Key32>,
    pub(crate) passphrase: zeroize::Zeroizing<Vec<u8>>,
    /// Whether the passphrase was the one `set_next_passphrase` asked for.
    pub(crate) next_passphrase: bool,
}

impl std::fmt::Debug for PreparedKek {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PreparedKek")
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}
