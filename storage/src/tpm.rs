//! `tpm` key provider: key-encryption keys sealed to a TPM 2.0, and an identity key that
//! never leaves it.
//!
//! Built only with the `tpm` cargo feature of `lango-storage` (it links the system's TSS2
//! libraries through `tss-esapi`; `scripts/backends/swtpm.sh` installs them).
//!
//! # Wrapping
//!
//! Each KEK version is 32 random bytes *sealed* by the TPM: a keyed-hash sealed-data
//! object created under the storage root key (SRK). The SRK is an ECC P-256 restricted
//! decryption key created from a fixed template under the owner hierarchy, so the same TPM
//! always re-creates the same key and nothing is persisted in the TPM. The sealed object's
//! public and private blobs (the private part is encrypted by the SRK; only this TPM can
//! load it) are kept per KEK version in `keys/tpm.json`, with the SRK's name so that a data
//! dir moved to another TPM is refused with a clear error instead of a cryptic one.
//!
//! At [`TpmProvider::open`] every KEK version still in use is loaded and unsealed over a
//! session salted with the SRK (the KEK crosses the bus encrypted), kept in memory
//! (zeroized on drop), and DEKs are wrapped with our AES-256-GCM envelope
//! ([`seal`](crate::crypto::seal)) under key id `tpm/v<version>`, bound to the caller's
//! AAD. So wrap and unwrap do not talk to the TPM; open, health, rotate and signing do.
//!
//! Rotation seals a fresh random KEK as a new version; retirement deletes the old
//! versions' blobs from `keys/tpm.json` (the TPM holds no per-version state to destroy).
//!
//! # Signing
//!
//! [`KeyProvider::create_identity`] creates an ECC P-256 ECDSA-SHA256 signing key
//! (unrestricted, sign only) under the SRK and stores its blobs under a reference
//! `tpm-p256-<hex>`; the signer loads it and signs the payload digest with TPM2_Sign, and
//! the signature is normalised to low-S.
//!
//! # Connections
//!
//! Every TPM operation opens its own connection (TCTI), re-creates the SRK, does its work
//! and closes, flushing every transient object. Nothing stays loaded between calls, so a
//! restarted resource manager or TPM needs no recovery, and an exclusive TCTI (the `swtpm`
//! socket, `/dev/tpm0`) is held only for the duration of one call.

use std::collections::BTreeMap;
use std::fmt;
use std::os::unix::ffi::OsStringExt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, Mutex, MutexGuard};

use lango_protocol::identity::{SignedPayload, SignerError};
use lango_protocol::{AgentPublicKey, Signature, Signer};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use tss_esapi::attributes::{ObjectAttributesBuilder, SessionAttributesBuilder};
use tss_esapi::constants::response_code::{Tss2ResponseCode, Tss2ResponseCodeKind};
use tss_esapi::constants::tss::{TPM2_RH_NULL, TPM2_ST_HASHCHECK};
use tss_esapi::constants::SessionType;
use tss_esapi::handles::{KeyHandle, ObjectHandle, SessionHandle};
use tss_esapi::interface_types::algorithm::{HashingAlgorithm, PublicAlgorithm};
use tss_esapi::interface_types::ecc::EccCurve;
use tss_esapi::interface_types::resource_handles::Hierarchy;
use tss_esapi::interface_types::session_handles::AuthSession;
use tss_esapi::structures::{
    Auth, Digest, EccPoint, EccScheme, HashScheme, HashcheckTicket, KeyedHashScheme, Private,
    Public, PublicBuilder, PublicEccParametersBuilder, PublicKeyedHashParameters, SensitiveData,
    Signature as TpmSignature, SignatureScheme, SymmetricDefinition, SymmetricDefinitionObject,
};
use tss_esapi::tcti_ldr::TctiNameConf;
use tss_esapi::traits::{Marshall, UnMarshall};
use tss_esapi::tss2_esys::TPMT_TK_HASHCHECK;
use tss_esapi::Context;
use zeroize::{Zeroize, Zeroizing};

use crate::crypto::{envelope_key_id, open, seal, Key32};
use crate::datadir::{atomic_write, DataDir};
use crate::error::{Error, Result};
use crate::provider::{Capabilities, KeyProvider};

/// Provider id of [`TpmProvider`], recorded in `keys/tpm.json` and in wrapped keys' headers.
pub const TPM_PROVIDER_ID: &str = "tpm";

/// The TCTI used when the config names none: the kernel's TPM resource manager.
pub const DEFAULT_TCTI: &str = "device:/dev/tpmrm0";

/// File under `keys/` holding the provider's (non-secret) state.
const STATE_FORMAT: u32 = 1;
/// The SRK template in use; recorded so a later template can be told apart.
const SRK_KIND: &str = "ecc-p256-aes128cfb";
/// Key id prefix of wrapped blobs; the KEK version follows.
const KEY_ID_PREFIX: &str = "tpm/v";
/// Largest TPM2B_AUTH (the size of a SHA-512 digest).
const MAX_AUTH_LEN: usize = 64;

/// `[keys.tpm]`: how to reach the TPM.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TpmConfig {
    /// TCTI string naming the TPM: `device:/dev/tpmrm0` (default, the kernel resource
    /// manager), `device:/dev/tpm0`, `swtpm:host=127.0.0.1,port=2321`,
    /// `mssim:host=...,port=...` or `tabrmd`.
    #[serde(default = "default_tcti")]
    pub tcti: String,
    /// Name of an environment variable holding the owner hierarchy's authorization value,
    /// if the owner hierarchy has one. Exclusive with `owner_auth_file`.
    #[serde(default)]
    pub owner_auth_env: Option<String>,
    /// File holding the owner hierarchy's authorization value (one trailing newline is
    /// ignored). Exclusive with `owner_auth_env`.
    #[serde(default)]
    pub owner_auth_file: Option<PathBuf>,
}

fn default_tcti() -> String {
    DEFAULT_TCTI.to_owned()
}

impl Default for TpmConfig {
    fn default() -> Self {
        TpmConfig {
            tcti: default_tcti(),
            owner_auth_env: None,
            owner_auth_file: None,
        }
    }
}

/// `keys/tpm.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct State {
    provider: String,
    format: u32,
    srk: String,
    /// Hex of the SRK's TPM name: which TPM (and owner seed) these blobs belong to.
    srk_name: String,
    current: u32,
    keks: BTreeMap<u32, SealedBlobs>,
    #[serde(default)]
    identities: BTreeMap<String, IdentityRecord>,
}

/// A TPM object's blobs, hex: marshalled TPMT_PUBLIC and the TPM2B_PRIVATE contents.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SealedBlobs {
    public: String,
    private: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct IdentityRecord {
    /// SEC1 compressed public key, hex (for operators; the loaded key is what counts).
    public_key: String,
    blobs: SealedBlobs,
}

/// A [`KeyProvider`] whose KEKs are sealed to a TPM 2.0 and which can hold the identity
/// key in it.
pub struct TpmProvider {
    tpm: Arc<TpmAccess>,
    state_path: PathBuf,
    state: Mutex<State>,
    /// Unsealed KEKs by version (zeroized on drop).
    keks: BTreeMap<u32, Key32>,
}

impl fmt::Debug for TpmProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TpmProvider")
            .field("tcti", &self.tpm.tcti)
            .field("kek_versions", &self.keks.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl TpmProvider {
    /// Sets up the provider for `dir` at `init`: seals KEK version 1 to the TPM and writes
    /// `keys/tpm.json`. Refuses a data dir that already holds a wrapped master key.
    pub fn create(dir: &DataDir, cfg: &TpmConfig) -> Result<TpmProvider> {
        if dir.registry_path().exists() {
            return Err(Error::AlreadyInitialised {
                path: dir.path().to_path_buf(),
            });
        }
        let owner_auth = read_owner_auth(cfg)?;
        let mut probe = TpmAccess::new(cfg, owner_auth, None);
        let kek = Key32::random();
        let (blobs, srk_name) = {
            let mut s = probe.connect()?;
            let blobs = s.seal_kek(&kek)?;
            s.check_unseals(&blobs, &kek, 1)?;
            (blobs, s.srk_name.clone())
        };
        probe.srk_name = Some(srk_name.clone());
        let state = State {
            provider: TPM_PROVIDER_ID.to_owned(),
            format: STATE_FORMAT,
            srk: SRK_KIND.to_owned(),
            srk_name: hex::encode(srk_name),
            current: 1,
            keks: BTreeMap::from([(1, blobs)]),
            identities: BTreeMap::new(),
        };
        let state_path = state_path(dir);
        write_state(&state_path, &state)?;
        Ok(TpmProvider {
            tpm: Arc::new(probe),
            state_path,
            state: Mutex::new(state),
            keks: BTreeMap::from([(1, kek)]),
        })
    }

    /// Opens the provider at every start: reads `keys/tpm.json`, checks that the TPM is the
    /// one the blobs were sealed to, and unseals every KEK version not yet retired.
    pub fn open(dir: &DataDir, cfg: &TpmConfig) -> Result<TpmProvider> {
        let state_path = state_path(dir);
        let bytes = dir.read_required(&state_path)?;
        let bad = |detail: String| Error::MalformedMetadata {
            path: state_path.clone(),
            what: "TPM key provider state",
            detail,
        };
        let state: State = serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
        if state.provider != TPM_PROVIDER_ID {
            return Err(Error::ProviderMismatch {
                expected: TPM_PROVIDER_ID.to_owned(),
                found: state.provider,
            });
        }
        if state.format != STATE_FORMAT {
            return Err(bad(format!("unknown format {}", state.format)));
        }
        if state.srk != SRK_KIND {
            return Err(bad(format!("unknown storage key template `{}`", state.srk)));
        }
        if !state.keks.contains_key(&state.current) {
            return Err(bad(format!(
                "current KEK version {} has no sealed blobs",
                state.current
            )));
        }
        let srk_name = hex::decode(&state.srk_name).map_err(|e| bad(format!("srk_name: {e}")))?;
        let tpm = TpmAccess::new(cfg, read_owner_auth(cfg)?, Some(srk_name));
        let mut keks = BTreeMap::new();
        {
            let mut s = tpm.connect()?;
            for (&version, blobs) in &state.keks {
                keks.insert(version, s.unseal_kek(blobs, version)?);
            }
        }
        Ok(TpmProvider {
            tpm: Arc::new(tpm),
            state_path,
            state: Mutex::new(state),
            keks,
        })
    }

    /// The TCTI string in use.
    pub fn tcti(&self) -> &str {
        &self.tpm.tcti
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A poisoned lock only means a panic elsewhere; the state is replaced whole.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn provider_err(detail: impl Into<String>) -> Error {
        Error::Provider {
            provider: TPM_PROVIDER_ID.to_owned(),
            detail: detail.into(),
        }
    }
}

impl KeyProvider for TpmProvider {
    fn id(&self) -> &str {
        TPM_PROVIDER_ID
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            wrap: true,
            sign: true,
        }
    }

    fn kek_version(&self) -> u32 {
        self.state().current
    }

    fn wrap(&self, dek: &Key32, aad: &[u8]) -> Result<Vec<u8>> {
        let version = self.kek_version();
        let kek = self.keks.get(&version).ok_or_else(|| {
            Self::provider_err(format!("current KEK version {version} is not unsealed"))
        })?;
        seal(kek, &key_id(version), aad, dek.as_bytes())
    }

    fn unwrap(&self, wrapped: &[u8], aad: &[u8]) -> Result<Key32> {
        let kid = envelope_key_id(wrapped)?;
        let version = kid
            .strip_prefix(KEY_ID_PREFIX)
            .and_then(|v| v.parse::<u32>().ok())
            .filter(|&v| key_id(v) == kid)
            .ok_or_else(|| {
                Self::provider_err(format!(
                    "wrapped key carries key id `{kid}`: it was not wrapped by the tpm provider"
                ))
            })?;
        let Some(kek) = self.keks.get(&version) else {
            let oldest = self.keks.keys().next().copied().unwrap_or(0);
            return Err(Self::provider_err(if version < oldest {
                format!("KEK version {version} has been retired (oldest kept is {oldest})")
            } else {
                format!("unknown KEK version {version}")
            }));
        };
        let failed = || Error::UnwrapFailed {
            provider: TPM_PROVIDER_ID.to_owned(),
        };
        let pt = open(kek, kid, aad, wrapped).map_err(|e| match e {
            Error::AuthenticationFailed => failed(),
            other => other,
        })?;
        let bytes: [u8; 32] = pt.as_slice().try_into().map_err(|_| failed())?;
        Ok(Key32::from_bytes(bytes))
    }

    fn health(&self) -> Result<()> {
        self.tpm.connect().map(drop)
    }

    fn rotate(&mut self) -> Result<u32> {
        let mut next_state = self.state().clone();
        let next = next_state
            .current
            .checked_add(1)
            .ok_or_else(|| Self::provider_err("KEK version counter exhausted"))?;
        let kek = Key32::random();
        let blobs = {
            let mut s = self.tpm.connect()?;
            let blobs = s.seal_kek(&kek)?;
            s.check_unseals(&blobs, &kek, next)?;
            blobs
        };
        next_state.keks.insert(next, blobs);
        next_state.current = next;
        write_state(&self.state_path, &next_state)?;
        *self.state() = next_state;
        self.keks.insert(next, kek);
        Ok(next)
    }

    fn retire(&mut self, keep_from: u32) -> Result<()> {
        let mut next_state = self.state().clone();
        if keep_from > next_state.current {
            return Err(Self::provider_err(format!(
                "cannot retire KEK versions below {keep_from}: version {} is current",
                next_state.current
            )));
        }
        next_state.keks.retain(|&v, _| v >= keep_from);
        write_state(&self.state_path, &next_state)?;
        *self.state() = next_state;
        self.keks.retain(|&v, _| v >= keep_from);
        Ok(())
    }

    fn create_identity(&self) -> Result<(String, Arc<dyn Signer>)> {
        let (public, private) = {
            let mut s = self.tpm.connect()?;
            let created = s
                .ctx
                .create(s.srk, signing_template()?, None, None, None, None)
                .map_err(|e| s.fail("create the identity signing key", e))?;
            let public = created
                .out_public
                .marshall()
                .map_err(|e| s.fail("encode the identity key's public blob", e))?;
            (public, created.out_private.value().to_vec())
        };
        let key = agent_key_of(&public)?;
        let reference = format!(
            "tpm-p256-{}",
            &hex::encode(Sha256::digest(key.as_bytes()))[..16]
        );
        let mut next_state = self.state().clone();
        next_state.identities.insert(
            reference.clone(),
            IdentityRecord {
                public_key: hex::encode(key.as_bytes()),
                blobs: SealedBlobs {
                    public: hex::encode(&public),
                    private: hex::encode(&private),
                },
            },
        );
        write_state(&self.state_path, &next_state)?;
        *self.state() = next_state;
        let signer = TpmSigner {
            tpm: self.tpm.clone(),
            reference: reference.clone(),
            public,
            private,
            key,
        };
        Ok((reference, Arc::new(signer)))
    }

    fn open_identity(&self, reference: &str, expected: &AgentPublicKey) -> Result<Arc<dyn Signer>> {
        let record = self
            .state()
            .identities
            .get(reference)
            .cloned()
            .ok_or_else(|| {
                Self::provider_err(format!(
                    "no identity key `{reference}` in {}",
                    self.state_path.display()
                ))
            })?;
        let bad = |what: &str| {
            Self::provider_err(format!(
                "identity key `{reference}` in {}: {what} is not hex",
                self.state_path.display()
            ))
        };
        let public = hex::decode(&record.blobs.public).map_err(|_| bad("public blob"))?;
        let private = hex::decode(&record.blobs.private).map_err(|_| bad("private blob"))?;
        // Loading proves the TPM holds the private half that matches this public blob.
        {
            let mut s = self.tpm.connect()?;
            s.load(&public, &private, &format!("identity key `{reference}`"))?;
        }
        let key = agent_key_of(&public)?;
        if key != *expected {
            return Err(Self::provider_err(format!(
                "identity key `{reference}` in the TPM is {}, but {} was expected",
                key.did(),
                expected.did()
            )));
        }
        Ok(Arc::new(TpmSigner {
            tpm: self.tpm.clone(),
            reference: reference.to_owned(),
            public,
            private,
            key,
        }))
    }
}

/// A [`Signer`] whose P-256 private key is held by the TPM.
pub struct TpmSigner {
    tpm: Arc<TpmAccess>,
    reference: String,
    public: Vec<u8>,
    private: Vec<u8>,
    key: AgentPublicKey,
}

impl fmt::Debug for TpmSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TpmSigner")
            .field("tcti", &self.tpm.tcti)
            .field("reference", &self.reference)
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

impl TpmSigner {
    fn sign_digest(&self, digest: [u8; 32]) -> Result<Signature> {
        let what = format!("identity key `{}`", self.reference);
        let mut s = self.tpm.connect()?;
        let handle = s.load(&self.public, &self.private, &what)?;
        s.set_encryption(false, false)?;
        let digest =
            Digest::try_from(digest.to_vec()).map_err(|e| s.fail("encode the digest", e))?;
        let scheme = SignatureScheme::EcDsa {
            hash_scheme: HashScheme::new(HashingAlgorithm::Sha256),
        };
        let ticket = HashcheckTicket::try_from(TPMT_TK_HASHCHECK {
            tag: TPM2_ST_HASHCHECK,
            hierarchy: TPM2_RH_NULL,
            digest: Default::default(),
        })
        .map_err(|e| s.fail("build the null hashcheck ticket", e))?;
        let sig = s
            .ctx
            .sign(handle, digest, scheme, ticket)
            .map_err(|e| s.fail(&format!("sign with {what}"), e))?;
        let TpmSignature::EcDsa(ecc) = sig else {
            return Err(TpmProvider::provider_err(format!(
                "the TPM answered a {:?} signature for {what}, not ECDSA",
                sig.algorithm()
            )));
        };
        Signature::from_scalars(ecc.signature_r().value(), ecc.signature_s().value())
            .map_err(|e| TpmProvider::provider_err(format!("signature from {what}: {}", e.0)))
    }
}

impl Signer for TpmSigner {
    fn public_key(&self) -> AgentPublicKey {
        self.key
    }

    fn sign(&self, payload: &SignedPayload) -> std::result::Result<Signature, SignerError> {
        let sig = self
            .sign_digest(payload.digest())
            .map_err(|e| SignerError(e.to_string()))?;
        // A signature that does not verify must never leave: check it like a peer would.
        self.key.verify(payload, &sig).map_err(|e| {
            SignerError(format!(
                "TPM identity key `{}` produced a signature that does not verify: {e}",
                self.reference
            ))
        })?;
        Ok(sig)
    }
}

/// How to reach the TPM; shared by the provider and its signers.
struct TpmAccess {
    tcti: String,
    owner_auth: Option<Zeroizing<Vec<u8>>>,
    /// The SRK name the blobs belong to; `None` only while `create` runs.
    srk_name: Option<Vec<u8>>,
    /// One connection at a time from this process: some TCTIs (the swtpm socket,
    /// `/dev/tpm0`) serve a single client.
    lock: Mutex<()>,
}

impl TpmAccess {
    fn new(cfg: &TpmConfig, owner_auth: Option<Zeroizing<Vec<u8>>>, srk: Option<Vec<u8>>) -> Self {
        TpmAccess {
            tcti: cfg.tcti.clone(),
            owner_auth,
            srk_name: srk,
            lock: Mutex::new(()),
        }
    }

    /// Connects, re-creates the SRK, checks it is the recorded one, and starts a session
    /// salted with it for everything that follows.
    fn connect(&self) -> Result<Session<'_>> {
        let guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let conf = TctiNameConf::from_str(&self.tcti).map_err(|e| {
            TpmProvider::provider_err(format!(
                "TCTI `{}` is not valid ({e}); expected e.g. `device:/dev/tpmrm0` or \
                 `swtpm:host=127.0.0.1,port=2321`",
                self.tcti
            ))
        })?;
        let ctx = Context::new(conf).map_err(|e| Error::ProviderUnavailable {
            provider: TPM_PROVIDER_ID.to_owned(),
            detail: format!(
                "cannot reach the TPM at TCTI `{}`: {}",
                self.tcti,
                describe(e)
            ),
        })?;
        let mut s = Session {
            ctx,
            srk: KeyHandle::Null,
            srk_name: Vec::new(),
            session: None,
            tcti: &self.tcti,
            _guard: guard,
        };
        if let Some(auth) = &self.owner_auth {
            let auth = Auth::try_from(auth.to_vec())
                .map_err(|_| TpmProvider::provider_err("owner auth is longer than 64 bytes"))?;
            s.ctx
                .tr_set_auth(Hierarchy::Owner.into(), auth)
                .map_err(|e| s.fail("set the owner authorization", e))?;
        }
        // The owner authorization is proven by HMAC, never sent in clear.
        let unsalted = s.start_session(None)?;
        s.ctx.set_sessions((Some(unsalted), None, None));
        let srk = s
            .ctx
            .create_primary(Hierarchy::Owner, srk_template()?, None, None, None, None)
            .map_err(|e| match kind(e) {
                Some(Tss2ResponseCodeKind::AuthFail | Tss2ResponseCodeKind::BadAuth) => {
                    TpmProvider::provider_err(format!(
                        "the TPM at `{}` refused the owner hierarchy authorization: set the right \
                         owner_auth_env / owner_auth_file ({})",
                        self.tcti,
                        describe(e)
                    ))
                }
                _ => s.fail("create the storage root key under the owner hierarchy", e),
            })?
            .key_handle;
        s.srk = srk;
        s.srk_name = s
            .ctx
            .tr_get_name(srk.into())
            .map_err(|e| s.fail("read the storage root key's name", e))?
            .value()
            .to_vec();
        s.ctx.clear_sessions();
        s.ctx
            .flush_context(SessionHandle::from(unsalted).into())
            .map_err(|e| s.fail("close the owner session", e))?;
        if let Some(want) = &self.srk_name {
            if *want != s.srk_name {
                return Err(TpmProvider::provider_err(format!(
                    "the TPM at `{}` is not the TPM these keys were sealed to (its storage root \
                     key name is {}, keys/tpm.json records {}): the blobs only unseal on the TPM \
                     that made them, with the same owner hierarchy seed",
                    self.tcti,
                    hex::encode(&s.srk_name),
                    hex::encode(want)
                )));
            }
        }
        let salted = s.start_session(Some(srk))?;
        s.session = Some(salted);
        s.ctx.set_sessions((Some(salted), None, None));
        Ok(s)
    }
}

/// One connection to the TPM with the SRK loaded. Dropping it flushes every transient
/// object and session (tss-esapi's `Context` does so) and releases the lock.
struct Session<'a> {
    ctx: Context,
    srk: KeyHandle,
    srk_name: Vec<u8>,
    session: Option<AuthSession>,
    tcti: &'a str,
    // Last: released after the context is closed.
    _guard: MutexGuard<'a, ()>,
}

impl Session<'_> {
    fn start_session(&mut self, salt_key: Option<KeyHandle>) -> Result<AuthSession> {
        let session = self
            .ctx
            .execute_without_session(|ctx| {
                ctx.start_auth_session(
                    salt_key,
                    None,
                    None,
                    SessionType::Hmac,
                    SymmetricDefinition::AES_128_CFB,
                    HashingAlgorithm::Sha256,
                )
            })
            .map_err(|e| self.fail("start an authorization session", e))?
            .ok_or_else(|| TpmProvider::provider_err("the TPM returned no session handle"))?;
        let (attrs, mask) = SessionAttributesBuilder::new()
            .with_continue_session(true)
            .build();
        self.ctx
            .tr_sess_set_attributes(session, attrs, mask)
            .map_err(|e| self.fail("set session attributes", e))?;
        Ok(session)
    }

    /// Turns parameter encryption on the salted session on or off for the next command:
    /// `decrypt` protects the command's first parameter, `encrypt` the response's. Each is
    /// allowed only where that parameter is a sized buffer.
    fn set_encryption(&mut self, decrypt: bool, encrypt: bool) -> Result<()> {
        let Some(session) = self.session else {
            return Ok(());
        };
        let (attrs, mask) = SessionAttributesBuilder::new()
            .with_continue_session(true)
            .with_decrypt(decrypt)
            .with_encrypt(encrypt)
            .build();
        self.ctx
            .tr_sess_set_attributes(session, attrs, mask)
            .map_err(|e| self.fail("set session attributes", e))
    }

    /// Maps a failed TPM call: a lost connection is [`Error::ProviderUnavailable`].
    fn fail(&self, what: &str, e: tss_esapi::Error) -> Error {
        if unreachable_error(e) {
            Error::ProviderUnavailable {
                provider: TPM_PROVIDER_ID.to_owned(),
                detail: format!(
                    "lost the TPM at TCTI `{}` while trying to {what}: {}",
                    self.tcti,
                    describe(e)
                ),
            }
        } else {
            TpmProvider::provider_err(format!("TPM could not {what}: {}", describe(e)))
        }
    }

    fn seal_kek(&mut self, kek: &Key32) -> Result<SealedBlobs> {
        let data = SensitiveData::try_from(kek.as_bytes().to_vec())
            .map_err(|e| self.fail("take the KEK to seal", e))?;
        self.set_encryption(true, true)?;
        let created = self
            .ctx
            .create(self.srk, sealed_template()?, None, Some(data), None, None)
            .map_err(|e| self.fail("seal a new KEK", e))?;
        let public = created
            .out_public
            .marshall()
            .map_err(|e| self.fail("encode the sealed KEK's public blob", e))?;
        Ok(SealedBlobs {
            public: hex::encode(public),
            private: hex::encode(created.out_private.value()),
        })
    }

    /// Loads an object under the SRK; a blob made by another TPM is refused by name.
    fn load(&mut self, public: &[u8], private: &[u8], what: &str) -> Result<KeyHandle> {
        let bad = |part: &str| {
            TpmProvider::provider_err(format!("{what}: the stored {part} blob is malformed"))
        };
        let public = Public::unmarshall(public).map_err(|_| bad("public"))?;
        let private = Private::try_from(private.to_vec()).map_err(|_| bad("private"))?;
        self.set_encryption(true, false)?;
        self.ctx
            .load(self.srk, private, public)
            .map_err(|e| match kind(e) {
                Some(
                    Tss2ResponseCodeKind::Integrity
                    | Tss2ResponseCodeKind::Binding
                    | Tss2ResponseCodeKind::Size
                    | Tss2ResponseCodeKind::Value,
                ) if !unreachable_error(e) => TpmProvider::provider_err(format!(
                    "the TPM at `{}` refuses the blobs of {what}: they were made by another \
                     TPM (or before its owner hierarchy was cleared) or were altered ({})",
                    self.tcti,
                    describe(e)
                )),
                _ => self.fail(&format!("load {what}"), e),
            })
    }

    fn unseal_kek(&mut self, blobs: &SealedBlobs, version: u32) -> Result<Key32> {
        let what = format!("KEK version {version}");
        let bad = |part: &str| {
            TpmProvider::provider_err(format!("{what}: the stored {part} blob is not hex"))
        };
        let public = hex::decode(&blobs.public).map_err(|_| bad("public"))?;
        let private = hex::decode(&blobs.private).map_err(|_| bad("private"))?;
        let handle = self.load(&public, &private, &what)?;
        self.set_encryption(false, true)?;
        let data = self
            .ctx
            .unseal(ObjectHandle::from(handle))
            .map_err(|e| self.fail(&format!("unseal {what}"), e))?;
        self.ctx
            .flush_context(ObjectHandle::from(handle))
            .map_err(|e| self.fail(&format!("flush {what}"), e))?;
        let mut bytes: [u8; 32] = data.value().try_into().map_err(|_| {
            TpmProvider::provider_err(format!(
                "{what} unsealed to {} bytes, not 32",
                data.value().len()
            ))
        })?;
        let key = Key32::from_bytes(bytes);
        bytes.zeroize();
        Ok(key)
    }

    /// Unseals freshly sealed blobs and compares, before they are recorded as usable.
    fn check_unseals(&mut self, blobs: &SealedBlobs, kek: &Key32, version: u32) -> Result<()> {
        let back = self.unseal_kek(blobs, version)?;
        if back.as_bytes() != kek.as_bytes() {
            return Err(TpmProvider::provider_err(format!(
                "KEK version {version} did not unseal to the key just sealed"
            )));
        }
        Ok(())
    }
}

fn srk_template() -> Result<Public> {
    let attrs = ObjectAttributesBuilder::new()
        .with_fixed_tpm(true)
        .with_fixed_parent(true)
        .with_sensitive_data_origin(true)
        .with_user_with_auth(true)
        .with_no_da(true)
        .with_restricted(true)
        .with_decrypt(true)
        .build()
        .map_err(template_err)?;
    PublicBuilder::new()
        .with_public_algorithm(PublicAlgorithm::Ecc)
        .with_name_hashing_algorithm(HashingAlgorithm::Sha256)
        .with_object_attributes(attrs)
        .with_ecc_parameters(
            PublicEccParametersBuilder::new_restricted_decryption_key(
                SymmetricDefinitionObject::AES_128_CFB,
                EccCurve::NistP256,
            )
            .build()
            .map_err(template_err)?,
        )
        .with_ecc_unique_identifier(EccPoint::default())
        .build()
        .map_err(template_err)
}

fn sealed_template() -> Result<Public> {
    let attrs = ObjectAttributesBuilder::new()
        .with_fixed_tpm(true)
        .with_fixed_parent(true)
        .with_user_with_auth(true)
        .with_no_da(true)
        .build()
        .map_err(template_err)?;
    PublicBuilder::new()
        .with_public_algorithm(PublicAlgorithm::KeyedHash)
        .with_name_hashing_algorithm(HashingAlgorithm::Sha256)
        .with_object_attributes(attrs)
        .with_keyed_hash_parameters(PublicKeyedHashParameters::new(KeyedHashScheme::Null))
        .with_keyed_hash_unique_identifier(Default::default())
        .build()
        .map_err(template_err)
}

fn signing_template() -> Result<Public> {
    let attrs = ObjectAttributesBuilder::new()
        .with_fixed_tpm(true)
        .with_fixed_parent(true)
        .with_sensitive_data_origin(true)
        .with_user_with_auth(true)
        .with_no_da(true)
        .with_sign_encrypt(true)
        .with_decrypt(false)
        .with_restricted(false)
        .build()
        .map_err(template_err)?;
    PublicBuilder::new()
        .with_public_algorithm(PublicAlgorithm::Ecc)
        .with_name_hashing_algorithm(HashingAlgorithm::Sha256)
        .with_object_attributes(attrs)
        .with_ecc_parameters(
            PublicEccParametersBuilder::new_unrestricted_signing_key(
                EccScheme::EcDsa(HashScheme::new(HashingAlgorithm::Sha256)),
                EccCurve::NistP256,
            )
            .build()
            .map_err(template_err)?,
        )
        .with_ecc_unique_identifier(EccPoint::default())
        .build()
        .map_err(template_err)
}

fn template_err(e: tss_esapi::Error) -> Error {
    TpmProvider::provider_err(format!("building a key template failed: {e}"))
}

/// The P-256 public key in a marshalled TPMT_PUBLIC.
fn agent_key_of(public: &[u8]) -> Result<AgentPublicKey> {
    let bad = |d: String| TpmProvider::provider_err(format!("identity key public blob: {d}"));
    let public = Public::unmarshall(public).map_err(|e| bad(e.to_string()))?;
    let Public::Ecc { unique, .. } = public else {
        return Err(bad("not an ECC key".to_owned()));
    };
    let mut sec1 = [0u8; 65];
    sec1[0] = 0x04;
    for (coord, at) in [(unique.x().value(), 1), (unique.y().value(), 33)] {
        if coord.len() > 32 {
            return Err(bad("coordinate longer than 32 bytes".to_owned()));
        }
        sec1[at + 32 - coord.len()..at + 32].copy_from_slice(coord);
    }
    AgentPublicKey::from_sec1_any(&sec1).map_err(|e| bad(e.to_string()))
}

fn key_id(version: u32) -> String {
    format!("{KEY_ID_PREFIX}{version}")
}

fn state_path(dir: &DataDir) -> PathBuf {
    dir.provider_state_path("tpm")
}

fn write_state(path: &Path, state: &State) -> Result<()> {
    let json = serde_json::to_vec_pretty(state).map_err(|source| Error::Encode {
        what: "TPM key provider state",
        source,
    })?;
    atomic_write(path, &json, 0o600)
}

/// The owner hierarchy's authorization value, from the environment or a file.
fn read_owner_auth(cfg: &TpmConfig) -> Result<Option<Zeroizing<Vec<u8>>>> {
    let auth = match (&cfg.owner_auth_env, &cfg.owner_auth_file) {
        (Some(_), Some(_)) => {
            return Err(TpmProvider::provider_err(
                "set owner_auth_env or owner_auth_file, not both",
            ))
        }
        (None, None) => return Ok(None),
        (Some(var), None) => match std::env::var_os(var) {
            Some(v) => Zeroizing::new(v.into_vec()),
            None => {
                return Err(TpmProvider::provider_err(format!(
                    "owner_auth_env names `{var}`, which is not set"
                )))
            }
        },
        (None, Some(path)) => {
            let mut bytes =
                Zeroizing::new(std::fs::read(path).map_err(|e| Error::io("read", path, e))?);
            if bytes.ends_with(b"\n") {
                bytes.pop();
                if bytes.ends_with(b"\r") {
                    bytes.pop();
                }
            }
            bytes
        }
    };
    if auth.len() > MAX_AUTH_LEN {
        return Err(TpmProvider::provider_err(format!(
            "owner auth is {} bytes, at most {MAX_AUTH_LEN} are allowed",
            auth.len()
        )));
    }
    Ok(Some(auth))
}

/// The raw TSS2_RC of an error. tss-esapi 7 exposes it only through the Display of the
/// format-0/format-1 code (`Response code value: 0x...`).
fn raw_rc(e: tss_esapi::Error) -> Option<u32> {
    let text = match e {
        tss_esapi::Error::Tss2Error(Tss2ResponseCode::FormatZero(c)) => c.to_string(),
        tss_esapi::Error::Tss2Error(Tss2ResponseCode::FormatOne(c)) => c.to_string(),
        _ => return None,
    };
    let hex = text.rsplit("0x").next()?;
    u32::from_str_radix(hex.trim(), 16).ok()
}

/// The TPM response kind, only for codes that come from the TPM itself (layer 0): tss-esapi
/// 7 decodes TSS-layer codes as if they were TPM codes.
fn kind(e: tss_esapi::Error) -> Option<Tss2ResponseCodeKind> {
    match (e, raw_rc(e)) {
        (tss_esapi::Error::Tss2Error(code), Some(rc)) if rc >> 16 == 0 => code.kind(),
        _ => None,
    }
}

/// Whether the error means the TPM could not be talked to (connection refused or lost).
fn unreachable_error(e: tss_esapi::Error) -> bool {
    const TCTI_LAYER: u32 = 10;
    const TSS_LAYERS: [u32; 4] = [6, 7, 8, 9]; // FAPI, ESAPI, SYS, MU
    const IO_ERROR: u32 = 10;
    const NO_CONNECTION: u32 = 8;
    const TRY_AGAIN: u32 = 9;
    let Some(rc) = raw_rc(e) else {
        return false;
    };
    let (layer, base) = ((rc >> 16) & 0xff, rc & 0xffff);
    layer == TCTI_LAYER
        || (TSS_LAYERS.contains(&layer) && [IO_ERROR, NO_CONNECTION, TRY_AGAIN].contains(&base))
}

/// A readable description with the raw code (tss-esapi 7 prints "response code not
/// recognized" for TSS-layer codes).
fn describe(e: tss_esapi::Error) -> String {
    match raw_rc(e) {
        Some(rc) if rc >> 16 != 0 => format!("TSS error 0x{rc:x} ({})", tss_layer(rc >> 16)),
        Some(rc) => format!("{e} (TPM_RC 0x{rc:x})"),
        None => e.to_string(),
    }
}

fn tss_layer(layer: u32) -> &'static str {
    match layer {
        6 => "FAPI",
        7 => "ESAPI",
        8 => "SAPI",
        9 => "marshalling",
        10 => "TCTI: connection to the TPM failed",
        11 => "resource manager",
        _ => "TSS",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_defaults_and_unknown_keys() {
        let cfg: TpmConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(cfg, TpmConfig::default());
        assert_eq!(cfg.tcti, "device:/dev/tpmrm0");
        assert!(serde_json::from_str::<TpmConfig>(r#"{"tcti":"x","pin":"1"}"#).is_err());
    }

    #[test]
    fn owner_auth_sources() {
        let none = TpmConfig::default();
        assert!(read_owner_auth(&none).unwrap().is_none());
        let both = TpmConfig {
            owner_auth_env: Some("X".into()),
            owner_auth_file: Some("/x".into()),
            ..TpmConfig::default()
        };
        assert!(read_owner_auth(&both)
            .unwrap_err()
            .to_string()
            .contains("not both"));
        let unset = TpmConfig {
            owner_auth_env: Some("LANGO_TEST_SURELY_UNSET_TPM_AUTH".into()),
            ..TpmConfig::default()
        };
        let err = read_owner_auth(&unset).unwrap_err().to_string();
        assert!(err.contains("LANGO_TEST_SURELY_UNSET_TPM_AUTH"), "{err}");
        let t = tempfile::tempdir().unwrap();
        let f = t.path().join("auth");
        std::fs::write(&f, b"s3cret\r\n").unwrap();
        let file = TpmConfig {
            owner_auth_file: Some(f),
            ..TpmConfig::default()
        };
        assert_eq!(&read_owner_auth(&file).unwrap().unwrap()[..], b"s3cret");
    }

    #[test]
    fn tss_codes_are_classified_by_layer() {
        let tcti_io = tss_esapi::Error::Tss2Error(Tss2ResponseCode::from(0x000a_000a));
        assert_eq!(raw_rc(tcti_io), Some(0xa000a));
        assert!(unreachable_error(tcti_io));
        assert_eq!(kind(tcti_io), None);
        let auth_fail = tss_esapi::Error::Tss2Error(Tss2ResponseCode::from(0x98e));
        assert!(!unreachable_error(auth_fail));
        assert_eq!(kind(auth_fail), Some(Tss2ResponseCodeKind::AuthFail));
    }

    #[test]
    fn missing_tpm_device_is_provider_unavailable() {
        let access = TpmAccess::new(
            &TpmConfig {
                tcti: "device:/nonexistent/tpmrm0".into(),
                ..TpmConfig::default()
            },
            None,
            None,
        );
        match access.connect().err().unwrap() {
            Error::ProviderUnavailable { provider, detail } => {
                assert_eq!(provider, "tpm");
                assert!(detail.contains("device:/nonexistent/tpmrm0"), "{detail}");
            }
            other => panic!("expected ProviderUnavailable, got {other:?}"),
        }
    }

    #[test]
    fn bad_tcti_string_is_a_clear_error() {
        let access = TpmAccess::new(
            &TpmConfig {
                tcti: "carrier-pigeon".into(),
                ..TpmConfig::default()
            },
            None,
            None,
        );
        let err = access.connect().err().unwrap().to_string();
        assert!(err.contains("carrier-pigeon"), "{err}");
    }
}

/// Against a real software TPM (`swtpm`, libtpms) started for each test on free loopback
/// ports, spoken to through the `swtpm` TCTI of the system's libtss2. No mock.
#[cfg(test)]
mod swtpm {
    use std::net::{TcpListener, TcpStream};
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, Instant};

    use lango_protocol::transcript::Transcript;
    use lango_protocol::{PeerIdBytes, SoftwareSigner, UnixMillis};
    use tss_esapi::handles::AuthHandle;

    use super::*;

    /// (n - 1) / 2 for P-256: a low-S signature's s is at most this.
    const HALF_ORDER: [u8; 32] = [
        0x7f, 0xff, 0xff, 0xff, 0x80, 0x00, 0x00, 0x00, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xde, 0x73, 0x7d, 0x56, 0xd3, 0x8b, 0xcf, 0x42, 0x79, 0xdc, 0xe5, 0x61, 0x7e, 0x31,
        0x92, 0xa8,
    ];

    const INSTALL: &str = "swtpm is missing: run scripts/backends/swtpm.sh \
                           (apt-get install swtpm swtpm-tools libtss2-dev tpm2-tools)";

    /// A running swtpm, killed on drop.
    struct Swtpm {
        child: Child,
        port: u16,
        _state: tempfile::TempDir,
    }

    /// Two adjacent free ports (server, control).
    fn free_port_pair() -> u16 {
        for _ in 0..200 {
            let a = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
            let p = a.local_addr().unwrap().port();
            if p < u16::MAX && TcpListener::bind(("127.0.0.1", p + 1)).is_ok() {
                return p;
            }
        }
        panic!("no two adjacent free loopback ports");
    }

    impl Swtpm {
        fn start() -> Swtpm {
            let state = tempfile::tempdir().expect("tmp");
            for _ in 0..5 {
                let port = free_port_pair();
                let mut child = Command::new("swtpm")
                    .arg("socket")
                    .arg("--tpmstate")
                    .arg(format!("dir={}", state.path().display()))
                    .arg("--tpm2")
                    .arg("--server")
                    .arg(format!("type=tcp,port={port},bindaddr=127.0.0.1"))
                    .arg("--ctrl")
                    .arg(format!("type=tcp,port={},bindaddr=127.0.0.1", port + 1))
                    .args(["--flags", "not-need-init,startup-clear"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .expect(INSTALL);
                let deadline = Instant::now() + Duration::from_secs(10);
                while Instant::now() < deadline {
                    if let Ok(Some(_)) = child.try_wait() {
                        break; // port taken meanwhile: try another pair
                    }
                    // Probe the control port, not the single-client server port.
                    if TcpStream::connect(("127.0.0.1", port + 1)).is_ok() {
                        let tpm = Swtpm {
                            child,
                            port,
                            _state: state,
                        };
                        // libtss2's swtpm TCTI (libtss2-tcti-swtpm0) must load and connect.
                        // swtpm opens the control port before the server port, so a
                        // refused connection is retried for up to 2 s (a full-suite run
                        // once hit that gap).
                        let mut tries = 0;
                        loop {
                            match Context::new(TctiNameConf::from_str(&tpm.tcti()).unwrap()) {
                                Ok(_) => return tpm,
                                Err(_) if tries < 100 => {
                                    tries += 1;
                                    std::thread::sleep(Duration::from_millis(20));
                                }
                                Err(e) => panic!(
                                    "libtss2 cannot reach the swtpm just started ({e}); {INSTALL}"
                                ),
                            }
                        }
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                let _ = child.kill();
                let _ = child.wait();
            }
            panic!("swtpm did not start listening");
        }

        fn tcti(&self) -> String {
            format!("swtpm:host=127.0.0.1,port={}", self.port)
        }

        fn config(&self) -> TpmConfig {
            TpmConfig {
                tcti: self.tcti(),
                ..TpmConfig::default()
            }
        }

        fn stop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    impl Drop for Swtpm {
        fn drop(&mut self) {
            self.stop();
        }
    }

    fn data_dir(t: &tempfile::TempDir) -> DataDir {
        DataDir::create(t.path().join("node")).unwrap()
    }

    fn payload(k: AgentPublicKey, n: u8) -> SignedPayload {
        Transcript {
            initiator_peer: PeerIdBytes(vec![n]),
            responder_peer: PeerIdBytes(vec![2]),
            initiator_key: k,
            responder_key: k,
            initiator_nonce: [3; 32],
            responder_nonce: [4; 32],
            initiator_time: UnixMillis(5),
            responder_time: UnixMillis(6),
        }
        .initiator_payload()
    }

    fn provider_detail(e: Error) -> String {
        match e {
            Error::Provider { provider, detail } => {
                assert_eq!(provider, "tpm");
                detail
            }
            other => panic!("expected Error::Provider, got {other:?}"),
        }
    }

    #[test]
    fn wrap_round_trip_binds_aad_and_detects_tampering() {
        let tpm = Swtpm::start();
        let t = tempfile::tempdir().unwrap();
        let dir = data_dir(&t);
        let p = TpmProvider::create(&dir, &tpm.config()).unwrap();
        assert_eq!(p.id(), "tpm");
        assert_eq!(p.kek_version(), 1);
        assert_eq!(
            p.capabilities(),
            Capabilities {
                wrap: true,
                sign: true
            }
        );
        p.health().unwrap();
        let dek = Key32::from_bytes([7; 32]);
        let wrapped = p.wrap(&dek, b"master").unwrap();
        assert_eq!(envelope_key_id(&wrapped).unwrap(), "tpm/v1");
        assert_eq!(p.unwrap(&wrapped, b"master").unwrap().as_bytes(), &[7; 32]);

        // The state names the TPM and holds blobs, never the KEK.
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.keys_dir().join("tpm.json")).unwrap())
                .unwrap();
        assert_eq!(json["provider"], "tpm");
        assert_eq!(json["current"], 1);
        assert!(json["keks"]["1"]["private"].as_str().unwrap().len() > 64);
        let raw = std::fs::read_to_string(dir.keys_dir().join("tpm.json")).unwrap();
        assert!(!raw.contains(&hex::encode(p.keks[&1].as_bytes())));

        // Reopened from keys/tpm.json: the KEK is unsealed again by the TPM.
        drop(p);
        let p = TpmProvider::open(&dir, &tpm.config()).unwrap();
        assert_eq!(p.unwrap(&wrapped, b"master").unwrap().as_bytes(), &[7; 32]);

        assert!(matches!(
            p.unwrap(&wrapped, b"other purpose"),
            Err(Error::UnwrapFailed { .. })
        ));
        let mut flipped = wrapped.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert!(matches!(
            p.unwrap(&flipped, b"master"),
            Err(Error::UnwrapFailed { .. })
        ));
        let mut flipped = wrapped.clone();
        flipped[20] ^= 0x80; // inside the nonce
        assert!(p.unwrap(&flipped, b"master").is_err());
        // A blob of another provider is not guessed at.
        let local = seal(&Key32::from_bytes([1; 32]), "local", b"master", &[7; 32]).unwrap();
        let detail = provider_detail(p.unwrap(&local, b"master").unwrap_err());
        assert!(detail.contains("`local`"), "{detail}");
    }

    #[test]
    fn rotate_keeps_old_versions_until_retired() {
        let tpm = Swtpm::start();
        let t = tempfile::tempdir().unwrap();
        let dir = data_dir(&t);
        let mut p = TpmProvider::create(&dir, &tpm.config()).unwrap();
        let dek = Key32::from_bytes([9; 32]);
        let old = p.wrap(&dek, b"a").unwrap();
        assert_eq!(p.rotate().unwrap(), 2);
        assert_eq!(p.kek_version(), 2);
        let new = p.wrap(&dek, b"a").unwrap();
        assert_eq!(envelope_key_id(&new).unwrap(), "tpm/v2");
        assert_ne!(p.keks[&1].as_bytes(), p.keks[&2].as_bytes());
        assert_eq!(p.unwrap(&old, b"a").unwrap().as_bytes(), &[9; 32]);

        // Both versions survive a reopen.
        drop(p);
        let mut p = TpmProvider::open(&dir, &tpm.config()).unwrap();
        assert_eq!(p.kek_version(), 2);
        assert_eq!(p.unwrap(&old, b"a").unwrap().as_bytes(), &[9; 32]);
        assert_eq!(p.unwrap(&new, b"a").unwrap().as_bytes(), &[9; 32]);

        let detail = provider_detail(p.retire(3).unwrap_err());
        assert!(detail.contains("current"), "{detail}");
        p.retire(2).unwrap();
        let detail = provider_detail(p.unwrap(&old, b"a").unwrap_err());
        assert!(
            detail.contains("KEK version 1 has been retired"),
            "{detail}"
        );
        assert_eq!(p.unwrap(&new, b"a").unwrap().as_bytes(), &[9; 32]);

        // Retirement is on disk: the old blobs are gone after a reopen too.
        drop(p);
        let p = TpmProvider::open(&dir, &tpm.config()).unwrap();
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.keys_dir().join("tpm.json")).unwrap())
                .unwrap();
        assert!(json["keks"].get("1").is_none());
        assert!(p.unwrap(&old, b"a").is_err());
        assert_eq!(p.unwrap(&new, b"a").unwrap().as_bytes(), &[9; 32]);
        let mut future = new.clone();
        future[12] = b'7'; // "tpm/v2" -> "tpm/v7"
        let detail = provider_detail(p.unwrap(&future, b"a").unwrap_err());
        assert!(detail.contains("unknown KEK version 7"), "{detail}");
    }

    #[test]
    fn identity_key_signs_in_the_tpm_and_reopens_only_as_itself() {
        let tpm = Swtpm::start();
        let t = tempfile::tempdir().unwrap();
        let dir = data_dir(&t);
        let p = TpmProvider::create(&dir, &tpm.config()).unwrap();
        let (reference, signer) = p.create_identity().unwrap();
        assert!(reference.starts_with("tpm-p256-"), "{reference}");
        let key = signer.public_key();
        for n in 0..8 {
            // ECDSA draws a fresh k each time; low-S must hold for every one.
            let msg = payload(key, n);
            let sig = signer.sign(&msg).unwrap();
            key.verify(&msg, &sig).unwrap();
            assert!(sig.0[32..] <= HALF_ORDER[..], "signature is not low-S");
            assert!(key.verify(&payload(key, n + 100), &sig).is_err());
        }

        drop((signer, p));
        let p = TpmProvider::open(&dir, &tpm.config()).unwrap();
        let again = p.open_identity(&reference, &key).unwrap();
        assert_eq!(again.public_key(), key);
        let msg = payload(key, 1);
        key.verify(&msg, &again.sign(&msg).unwrap()).unwrap();

        let stranger = SoftwareSigner::generate(&mut rand_core::OsRng).public_key();
        let detail = provider_detail(p.open_identity(&reference, &stranger).err().unwrap());
        assert!(detail.contains("was expected"), "{detail}");
        let detail = provider_detail(p.open_identity("tpm-p256-nope", &key).err().unwrap());
        assert!(detail.contains("no identity key"), "{detail}");
    }

    #[test]
    fn blobs_from_another_tpm_are_refused() {
        let a = Swtpm::start();
        let b = Swtpm::start();
        let t = tempfile::tempdir().unwrap();
        let dir = data_dir(&t);
        let p = TpmProvider::create(&dir, &a.config()).unwrap();
        let (reference, signer) = p.create_identity().unwrap();
        let key = signer.public_key();
        drop((signer, p));

        // The data dir taken to another TPM: refused by the storage key's name.
        let detail = provider_detail(TpmProvider::open(&dir, &b.config()).unwrap_err());
        assert!(
            detail.contains("not the TPM these keys were sealed to"),
            "{detail}"
        );
        assert!(detail.contains(&b.tcti()), "{detail}");

        // And the TPM itself refuses the blobs, should the name check be bypassed.
        let state: State =
            serde_json::from_slice(&std::fs::read(dir.keys_dir().join("tpm.json")).unwrap())
                .unwrap();
        let other = TpmAccess::new(&b.config(), None, None);
        let mut s = other.connect().unwrap();
        let detail = provider_detail(s.unseal_kek(&state.keks[&1], 1).err().unwrap());
        assert!(detail.contains("made by another TPM"), "{detail}");
        let id = &state.identities[&reference].blobs;
        let detail = provider_detail(
            s.load(
                &hex::decode(&id.public).unwrap(),
                &hex::decode(&id.private).unwrap(),
                "identity key",
            )
            .err()
            .unwrap(),
        );
        assert!(detail.contains("made by another TPM"), "{detail}");
        drop(s);

        // Back on the right TPM all is well.
        let p = TpmProvider::open(&dir, &a.config()).unwrap();
        p.open_identity(&reference, &key).unwrap();
    }

    #[test]
    fn owner_authorization_must_be_right() {
        let tpm = Swtpm::start();
        // Give the owner hierarchy a password, as a provisioned machine would have.
        {
            let mut ctx = Context::new(TctiNameConf::from_str(&tpm.tcti()).unwrap()).unwrap();
            ctx.execute_with_nullauth_session(|c| {
                c.hierarchy_change_auth(
                    AuthHandle::Owner,
                    Auth::try_from(b"owner-secret".to_vec()).unwrap(),
                )
            })
            .unwrap();
        }
        let t = tempfile::tempdir().unwrap();
        let auth_file = |content: &[u8]| {
            let f = t.path().join(format!("auth-{}", content.len()));
            std::fs::write(&f, content).unwrap();
            TpmConfig {
                owner_auth_file: Some(f),
                ..tpm.config()
            }
        };
        let dir = data_dir(&t);

        let detail = provider_detail(TpmProvider::create(&dir, &tpm.config()).unwrap_err());
        assert!(detail.contains("owner hierarchy authorization"), "{detail}");
        let detail = provider_detail(TpmProvider::create(&dir, &auth_file(b"wrong")).unwrap_err());
        assert!(detail.contains("owner hierarchy authorization"), "{detail}");
        assert!(
            !detail.contains("wrong"),
            "the secret must not be echoed: {detail}"
        );

        let right = auth_file(b"owner-secret\n");
        let p = TpmProvider::create(&dir, &right).unwrap();
        let wrapped = p.wrap(&Key32::from_bytes([3; 32]), b"x").unwrap();
        drop(p);
        let p = TpmProvider::open(&dir, &right).unwrap();
        assert_eq!(p.unwrap(&wrapped, b"x").unwrap().as_bytes(), &[3; 32]);
        drop(p);
        let detail = provider_detail(TpmProvider::open(&dir, &auth_file(b"nope!")).unwrap_err());
        assert!(detail.contains("owner hierarchy authorization"), "{detail}");
    }

    #[test]
    fn stopped_tpm_is_provider_unavailable() {
        let mut tpm = Swtpm::start();
        let t = tempfile::tempdir().unwrap();
        let dir = data_dir(&t);
        let p = TpmProvider::create(&dir, &tpm.config()).unwrap();
        let (_, signer) = p.create_identity().unwrap();
        let wrapped = p.wrap(&Key32::from_bytes([5; 32]), b"x").unwrap();
        tpm.stop();

        let tcti = tpm.tcti();
        let unavailable = |e: Error| match e {
            Error::ProviderUnavailable { provider, detail } => {
                assert_eq!(provider, "tpm");
                assert!(detail.contains(&tcti), "{detail}");
                detail
            }
            other => panic!("expected ProviderUnavailable, got {other:?}"),
        };
        unavailable(p.health().unwrap_err());
        let err = signer.sign(&payload(signer.public_key(), 1)).unwrap_err();
        assert!(
            err.0.contains("unavailable") && err.0.contains(&tcti),
            "{}",
            err.0
        );
        // The KEK unsealed at open keeps serving unwrap; rotation needs the TPM.
        assert_eq!(p.unwrap(&wrapped, b"x").unwrap().as_bytes(), &[5; 32]);
        drop((signer, p));
        let detail = unavailable(TpmProvider::open(&dir, &tpm.config()).unwrap_err());
        assert!(detail.contains("cannot reach the TPM"), "{detail}");
    }
}
