//! `pkcs11` key provider: key-encryption keys and the agent identity inside a PKCS#11
//! token (an HSM, a smart card, or SoftHSM2).
//!
//! - **Wrap.** Each KEK version is an AES-256 secret key generated *inside* the token
//!   (`CKA_TOKEN`, `CKA_PRIVATE`, `CKA_SENSITIVE`, not `CKA_EXTRACTABLE`, usable only
//!   with `CKM_AES_GCM`), labelled `<prefix>-kek-v<N>` and told apart from other
//!   objects by a random 16-byte `CKA_ID` recorded in `keys/pkcs11.json`. Wrapping a
//!   data key is a `CKM_AES_GCM` encryption in the token with a random 12-byte IV; the
//!   result is a standard lango envelope (see [`crate::crypto`]):
//!
//!   ```text
//!   "LNGE" | 1 | 1 (AES-256-GCM) | len | "pkcs11:kek-v<N>" | IV (12) | ciphertext || tag (16)
//!   ```
//!
//!   and the GCM additional data passed to the token is, exactly as for [`crate::seal`],
//!   `header || u64-BE len(aad) || aad`, so the header (and with it the KEK version)
//!   and the caller's `aad` are authenticated by the token.
//! - **Sign.** [`Pkcs11Provider::create_identity`] generates an EC P-256 key pair in the
//!   token (private key sensitive and not extractable), labelled `<prefix>-identity`
//!   with a random `CKA_ID`; signing is `CKM_ECDSA` over the SHA-256 digest of the
//!   signed payload, and the raw `r || s` the token returns is normalised to low-S.
//! - **Rotate / retire.** [`KeyProvider::rotate`] generates `<prefix>-kek-v<N+1>` and
//!   makes it current; [`KeyProvider::retire`] forgets older versions in the state file
//!   and then destroys their token objects.
//!
//! The user PIN is read from a file or an environment variable named in the config
//! (default `$LANGO_PKCS11_PIN`), never stored by us. A PKCS#11 module can be initialised
//! only once per process, so every provider and signer on the same module shares one
//! initialised context, finalised when the last of them is dropped. PKCS#11 logins are
//! per application and token: while one provider of this process is logged in to a
//! token, another one opening the same token is not asked for the PIN again
//! (`CKR_USER_ALREADY_LOGGED_IN`).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, Weak};

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error as CkError, RvError};
use cryptoki::mechanism::aead::GcmParams;
use cryptoki::mechanism::{Mechanism, MechanismType};
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::slot::Slot;
use cryptoki::types::AuthPin;
use lango_protocol::identity::{SignedPayload, SignerError};
use lango_protocol::{AgentPublicKey, Signature, Signer};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::crypto::{envelope_key_id, Key32, ALG_AES_256_GCM, ENVELOPE_VERSION, MAGIC};
use crate::datadir::{atomic_write, DataDir};
use crate::error::{Error, Result};
use crate::provider::{Capabilities, KeyProvider};

/// Provider id of [`Pkcs11Provider`], recorded in its state file and wrapped keys.
pub const PKCS11_PROVIDER_ID: &str = "pkcs11";
/// Environment variable the user PIN is read from when the config names no source.
pub const DEFAULT_PIN_ENV: &str = "LANGO_PKCS11_PIN";
/// Default prefix of the labels of the objects this provider creates.
pub const DEFAULT_KEY_LABEL_PREFIX: &str = "lango";
/// Debian's SoftHSM2 module, the back end of the tests.
pub const SOFTHSM2_MODULE: &str = "/usr/lib/softhsm/libsofthsm2.so";

const STATE_FORMAT: u32 = 1;
const IV_LEN: usize = 12;
const TAG_LEN: usize = 16;
const TAG_BITS: u64 = 128;
const OBJECT_ID_LEN: usize = 16;
/// DER of the OID prime256v1 (1.2.840.10045.3.1.7), the `CKA_EC_PARAMS` of P-256.
const P256_EC_PARAMS: [u8; 10] = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];

/// `[keys.pkcs11]`: which module, token and PIN the provider uses.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Pkcs11Config {
    /// Path of the PKCS#11 module (shared library), e.g.
    /// `/usr/lib/softhsm/libsofthsm2.so`. Required.
    pub module: PathBuf,
    /// Label of the token to use. Exactly one of `token_label` and `slot` is required;
    /// the label is preferred, since slot numbers can change when tokens come and go.
    #[serde(default)]
    pub token_label: Option<String>,
    /// Slot id of the token to use, instead of `token_label`.
    #[serde(default)]
    pub slot: Option<u64>,
    /// File holding the user PIN (one line; a trailing newline is ignored). It must not
    /// be readable by group or others. Excludes `pin_env`.
    #[serde(default)]
    pub pin_file: Option<PathBuf>,
    /// Environment variable holding the user PIN. Default `LANGO_PKCS11_PIN` when
    /// `pin_file` is not set.
    #[serde(default)]
    pub pin_env: Option<String>,
    /// Prefix of the labels of the objects the provider creates
    /// (`<prefix>-kek-v<N>`, `<prefix>-identity`). Default `lango`.
    #[serde(default = "default_prefix")]
    pub key_label_prefix: String,
}

fn default_prefix() -> String {
    DEFAULT_KEY_LABEL_PREFIX.to_owned()
}

impl Pkcs11Config {
    /// A config for the token labelled `token_label` in `module`, with the PIN from
    /// `$LANGO_PKCS11_PIN` and the default label prefix.
    pub fn new(module: impl Into<PathBuf>, token_label: impl Into<String>) -> Self {
        Pkcs11Config {
            module: module.into(),
            token_label: Some(token_label.into()),
            slot: None,
            pin_file: None,
            pin_env: None,
            key_label_prefix: default_prefix(),
        }
    }

    fn selector(&self) -> Result<TokenSelector> {
        match (&self.token_label, self.slot) {
            (Some(l), None) => Ok(TokenSelector::Label(l.clone())),
            (None, Some(s)) => Ok(TokenSelector::Slot(s)),
            (Some(_), Some(_)) => Err(config_err(
                "set either token_label or slot in [keys.pkcs11], not both",
            )),
            (None, None) => Err(config_err(
                "[keys.pkcs11] needs token_label (or slot) to choose a token",
            )),
        }
    }

    /// Reads the user PIN from the configured source.
    fn read_pin(&self) -> Result<AuthPin> {
        match (&self.pin_file, &self.pin_env) {
            (Some(_), Some(_)) => Err(config_err(
                "set either pin_file or pin_env in [keys.pkcs11], not both",
            )),
            (Some(path), None) => read_pin_file(path),
            (None, env) => {
                let name = env.as_deref().unwrap_or(DEFAULT_PIN_ENV);
                match std::env::var(name) {
                    Ok(pin) if !pin.is_empty() => Ok(AuthPin::from(pin)),
                    _ => Err(config_err(format!(
                        "no user PIN: environment variable {name} is unset or empty \
                         (or set pin_file in [keys.pkcs11])"
                    ))),
                }
            }
        }
    }

    fn pin_source(&self) -> String {
        match (&self.pin_file, &self.pin_env) {
            (Some(p), _) => format!("pin_file {}", p.display()),
            (None, e) => format!("${}", e.as_deref().unwrap_or(DEFAULT_PIN_ENV)),
        }
    }
}

fn read_pin_file(path: &Path) -> Result<AuthPin> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path).map_err(|e| Error::io("read PIN file", path, e))?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(config_err(format!(
            "pin_file {} has mode {mode:o}: it must not be accessible to group or others (chmod 600)",
            path.display()
        )));
    }
    let raw = Zeroizing::new(std::fs::read(path).map_err(|e| Error::io("read", path, e))?);
    let text = std::str::from_utf8(&raw)
        .map_err(|_| config_err(format!("pin_file {} is not UTF-8", path.display())))?;
    let pin = text.strip_suffix('\n').unwrap_or(text);
    let pin = pin.strip_suffix('\r').unwrap_or(pin);
    if pin.is_empty() {
        return Err(config_err(format!("pin_file {} is empty", path.display())));
    }
    Ok(AuthPin::from(pin.to_owned()))
}

fn config_err(detail: impl Into<String>) -> Error {
    Error::Provider {
        provider: PKCS11_PROVIDER_ID.to_owned(),
        detail: detail.into(),
    }
}

fn unavailable(detail: impl Into<String>) -> Error {
    Error::ProviderUnavailable {
        provider: PKCS11_PROVIDER_ID.to_owned(),
        detail: detail.into(),
    }
}

#[derive(Clone, Debug)]
enum TokenSelector {
    Label(String),
    Slot(u64),
}

impl std::fmt::Display for TokenSelector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TokenSelector::Label(l) => write!(f, "token `{l}`"),
            TokenSelector::Slot(s) => write!(f, "the token in slot {s}"),
        }
    }
}

/// The `CKR_*` name of a PKCS#11 return value (`PinIncorrect` -> `CKR_PIN_INCORRECT`).
fn ckr_name(rv: &RvError) -> String {
    let camel = format!("{rv:?}");
    let mut out = String::from("CKR");
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

/// Return values meaning the token or module is gone rather than refusing.
fn is_unavailable(rv: &RvError) -> bool {
    matches!(
        rv,
        RvError::DeviceError
            | RvError::DeviceMemory
            | RvError::DeviceRemoved
            | RvError::TokenNotPresent
            | RvError::TokenNotRecognized
            | RvError::SlotIdInvalid
            | RvError::CryptokiNotInitialized
    )
}

/// Return values after which a fresh session (and login) may succeed.
fn is_session_lost(rv: &RvError) -> bool {
    matches!(
        rv,
        RvError::SessionHandleInvalid
            | RvError::SessionClosed
            | RvError::UserNotLoggedIn
            | RvError::DeviceRemoved
            | RvError::TokenNotPresent
    )
}

/// Turns a cryptoki error from `what` into ours, naming the `CKR_*` code.
fn ck_error(what: &str, e: CkError) -> Error {
    match e {
        CkError::Pkcs11(rv, _) if is_unavailable(&rv) => {
            unavailable(format!("{what}: {}", ckr_name(&rv)))
        }
        CkError::Pkcs11(rv, _) => config_err(format!("{what}: {}", ckr_name(&rv))),
        CkError::LibraryLoading(e) => unavailable(format!("{what}: {e}")),
        other => config_err(format!("{what}: {other}")),
    }
}

// ---------------------------------------------------------------------------------------
// The module: one initialised PKCS#11 context per module path and process.

/// An initialised module. Finalised when the last provider or signer using it is gone,
/// so the next one re-reads the module's configuration.
struct Module {
    ctx: Pkcs11,
    path: PathBuf,
    /// False if someone else in this process had initialised the module: then it is
    /// theirs to finalise.
    owns_init: bool,
}

/// Modules by path: an entry lives from initialise to finalise. The lock is held while
/// initialising or finalising one, so a finalise and the next initialise of the same
/// module never overlap.
static MODULES: Mutex<Vec<(PathBuf, Weak<Module>)>> = Mutex::new(Vec::new());

fn modules() -> MutexGuard<'static, Vec<(PathBuf, Weak<Module>)>> {
    // A panic while holding the lock leaves the list consistent (it only ever pushes or
    // drops dead entries), so a poisoned lock is still usable.
    MODULES.lock().unwrap_or_else(|p| p.into_inner())
}

impl Module {
    fn load(path: &Path) -> Result<Arc<Module>> {
        let mut list = loop {
            let list = modules();
            match list.iter().find(|(p, _)| p == path) {
                None => break list,
                Some((_, w)) => {
                    if let Some(m) = w.upgrade() {
                        return Ok(m);
                    }
                    // Its last user is being dropped and its `Drop` waits for this
                    // lock to finalise it and remove the entry: initialising now would
                    // be undone by that finalise, so let it run first.
                    drop(list);
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
            }
        };
        if !path.exists() {
            return Err(unavailable(format!(
                "PKCS#11 module {} does not exist (set module in [keys.pkcs11]; for SoftHSM2 run scripts/backends/softhsm.sh)",
                path.display()
            )));
        }
        let ctx = Pkcs11::new(path).map_err(|e| {
            unavailable(format!(
                "cannot load PKCS#11 module {}: {e}",
                path.display()
            ))
        })?;
        let owns_init = match ctx.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK))
        {
            Ok(()) => true,
            Err(CkError::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => false,
            Err(e) => {
                return Err(ck_error(
                    &format!("C_Initialize of PKCS#11 module {}", path.display()),
                    e,
                ))
            }
        };
        let m = Arc::new(Module {
            ctx,
            path: path.to_path_buf(),
            owns_init,
        });
        list.push((path.to_path_buf(), Arc::downgrade(&m)));
        Ok(m)
    }
}

impl Drop for Module {
    fn drop(&mut self) {
        let mut list = modules();
        if self.owns_init {
            // Nothing to do about a failing C_Finalize at this point; the next
            // C_Initialize reports any lasting problem.
            let _ = self.ctx.clone().finalize();
        }
        // This module's entry is the one for its path whose users are all gone.
        list.retain(|(p, w)| !(p == &self.path && w.strong_count() == 0));
    }
}

// ---------------------------------------------------------------------------------------
// The token: a logged-in session, reopened once when the token was reset or reinserted.

struct Conn {
    slot: Slot,
    session: Session,
}

/// Shared by a provider and the signers it hands out.
struct Token {
    /// Declared before `module` so the session closes before the module finalises.
    conn: Mutex<Option<Conn>>,
    selector: TokenSelector,
    pin: AuthPin,
    pin_source: String,
    module: Arc<Module>,
}

/// An error inside a token operation: a cryptoki error (mapped, or retried on a fresh
/// session if the session was lost) or one of ours.
enum OpError {
    Ck(String, CkError),
    Lango(Error),
}

impl From<Error> for OpError {
    fn from(e: Error) -> Self {
        OpError::Lango(e)
    }
}

/// Tags a cryptoki result with what was being done.
trait CkContext<T> {
    fn during(self, what: &str) -> std::result::Result<T, OpError>;
}

impl<T> CkContext<T> for std::result::Result<T, CkError> {
    fn during(self, what: &str) -> std::result::Result<T, OpError> {
        self.map_err(|e| OpError::Ck(what.to_owned(), e))
    }
}

impl Token {
    fn connect(cfg: &Pkcs11Config) -> Result<Token> {
        let selector = cfg.selector()?;
        let module = Module::load(&cfg.module)?;
        let pin = cfg.read_pin()?;
        let token = Token {
            conn: Mutex::new(None),
            selector,
            pin,
            pin_source: cfg.pin_source(),
            module,
        };
        {
            let mut conn = token.lock();
            *conn = Some(token.open_conn()?);
        }
        Ok(token)
    }

    fn lock(&self) -> MutexGuard<'_, Option<Conn>> {
        // A panic inside an operation leaves at worst a session in an unknown state;
        // PKCS#11 calls are stateless between single-part operations, so go on.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn module_path(&self) -> &Path {
        &self.module.path
    }

    fn find_slot(&self) -> Result<Slot> {
        let ctx = &self.module.ctx;
        let slots = ctx.get_slots_with_token().map_err(|e| {
            ck_error(
                &format!("listing slots of {}", self.module_path().display()),
                e,
            )
        })?;
        match &self.selector {
            TokenSelector::Slot(id) => slots.into_iter().find(|s| s.id() == *id).ok_or_else(|| {
                unavailable(format!(
                    "no token in slot {id} of PKCS#11 module {}",
                    self.module_path().display()
                ))
            }),
            TokenSelector::Label(label) => {
                let mut seen = Vec::new();
                let mut found = Vec::new();
                for s in slots {
                    let Ok(info) = ctx.get_token_info(s) else {
                        continue;
                    };
                    if info.label() == label {
                        found.push(s);
                    }
                    seen.push(format!("`{}`", info.label()));
                }
                match found.len() {
                    1 => Ok(found[0]),
                    0 => Err(unavailable(format!(
                        "no token labelled `{label}` in PKCS#11 module {} (tokens present: {})",
                        self.module_path().display(),
                        if seen.is_empty() {
                            "none".to_owned()
                        } else {
                            seen.join(", ")
                        }
                    ))),
                    n => Err(config_err(format!(
                        "{n} tokens are labelled `{label}` in PKCS#11 module {}: choose one with slot",
                        self.module_path().display()
                    ))),
                }
            }
        }
    }

    fn open_conn(&self) -> Result<Conn> {
        let slot = self.find_slot()?;
        let session = self
            .module
            .ctx
            .open_rw_session(slot)
            .map_err(|e| ck_error(&format!("opening a session on {}", self.selector), e))?;
        match session.login(UserType::User, Some(&self.pin)) {
            Ok(()) | Err(CkError::Pkcs11(RvError::UserAlreadyLoggedIn, _)) => {}
            Err(CkError::Pkcs11(RvError::PinIncorrect, _)) => {
                return Err(config_err(format!(
                    "login to {} refused: CKR_PIN_INCORRECT (wrong user PIN from {})",
                    self.selector, self.pin_source
                )))
            }
            Err(CkError::Pkcs11(RvError::PinLocked, _)) => {
                return Err(config_err(format!(
                    "login to {} refused: CKR_PIN_LOCKED (too many wrong PINs; the security officer must reset the user PIN)",
                    self.selector
                )))
            }
            Err(e) => return Err(ck_error(&format!("login to {}", self.selector), e)),
        }
        Ok(Conn { slot, session })
    }

    /// Runs `op` on the logged-in session. If the session was lost (token reset or
    /// reinserted), reconnects once and runs `op` again.
    fn with_session<T>(
        &self,
        mut op: impl FnMut(&Session, Slot) -> std::result::Result<T, OpError>,
    ) -> Result<T> {
        let mut guard = self.lock();
        let mut retried = false;
        loop {
            let conn = match guard.as_ref() {
                Some(c) => c,
                None => {
                    *guard = Some(self.open_conn()?);
                    continue;
                }
            };
            match op(&conn.session, conn.slot) {
                Ok(v) => return Ok(v),
                Err(OpError::Lango(e)) => return Err(e),
                Err(OpError::Ck(what, e)) => {
                    if matches!(&e, CkError::Pkcs11(rv, _) if is_session_lost(rv)) {
                        *guard = None;
                        if !retried {
                            retried = true;
                            continue;
                        }
                    }
                    return Err(ck_error(&what, e));
                }
            }
        }
    }

    fn token_serial(&self) -> Result<String> {
        self.with_session(|_, slot| {
            let info = self
                .module
                .ctx
                .get_token_info(slot)
                .during("reading token info")?;
            Ok(info.serial_number().to_owned())
        })
    }

    fn token_label(&self) -> Result<String> {
        self.with_session(|_, slot| {
            let info = self
                .module
                .ctx
                .get_token_info(slot)
                .during("reading token info")?;
            Ok(info.label().to_owned())
        })
    }
}

/// Finds the one object of `class` with `id` (and `label`).
fn find_one(
    s: &Session,
    class: ObjectClass,
    label: &str,
    id: &[u8],
) -> std::result::Result<Option<ObjectHandle>, OpError> {
    let found = s
        .find_objects(&[
            Attribute::Class(class),
            Attribute::Label(label.as_bytes().to_vec()),
            Attribute::Id(id.to_vec()),
        ])
        .during(&format!("searching the token for `{label}`"))?;
    Ok(found.into_iter().next())
}

fn random_id() -> [u8; OBJECT_ID_LEN] {
    let mut id = [0u8; OBJECT_ID_LEN];
    OsRng.fill_bytes(&mut id);
    id
}

// ---------------------------------------------------------------------------------------
// State file.

/// One KEK version: its token object.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KekRecord {
    version: u32,
    label: String,
    /// `CKA_ID`, hex.
    id: String,
}

/// `keys/pkcs11.json`: which token objects hold the KEK versions. Nothing secret.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct State {
    provider: String,
    format: u32,
    /// Label of the token the KEKs live in, when created.
    token_label: String,
    /// Serial number of that token: a different token with the same label is refused.
    token_serial: String,
    current: u32,
    keks: Vec<KekRecord>,
}

fn state_path(dir: &DataDir) -> PathBuf {
    dir.provider_state_path("pkcs11")
}

fn write_state(path: &Path, state: &State) -> Result<()> {
    let json = serde_json::to_vec_pretty(state).map_err(|source| Error::Encode {
        what: "pkcs11 provider state",
        source,
    })?;
    atomic_write(path, &json, 0o600)
}

fn read_state(dir: &DataDir) -> Result<State> {
    let path = state_path(dir);
    let bytes = dir.read_required(&path)?;
    let bad = |detail: String| Error::MalformedMetadata {
        path: path.clone(),
        what: "pkcs11 key provider state",
        detail,
    };
    let state: State = serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
    if state.provider != PKCS11_PROVIDER_ID {
        return Err(Error::ProviderMismatch {
            expected: PKCS11_PROVIDER_ID.to_owned(),
            found: state.provider,
        });
    }
    if state.format != STATE_FORMAT {
        return Err(bad(format!("unknown format {}", state.format)));
    }
    if !state.keks.iter().any(|k| k.version == state.current) {
        return Err(bad(format!(
            "current KEK version {} is not listed",
            state.current
        )));
    }
    for k in &state.keks {
        hex::decode(&k.id).map_err(|e| bad(format!("id of {}: {e}", k.label)))?;
    }
    Ok(state)
}

fn key_id_for(version: u32) -> String {
    format!("{PKCS11_PROVIDER_ID}:kek-v{version}")
}

/// The KEK version named by an envelope key id `pkcs11:kek-v<N>`.
fn version_of(key_id: &str) -> Result<u32> {
    key_id
        .strip_prefix(PKCS11_PROVIDER_ID)
        .and_then(|r| r.strip_prefix(":kek-v"))
        .and_then(|n| n.parse::<u32>().ok())
        .filter(|&n| n > 0)
        .ok_or_else(|| {
            config_err(format!(
                "wrapped key names key `{key_id}`, not a pkcs11 KEK version"
            ))
        })
}

// ---------------------------------------------------------------------------------------
// The provider.

/// A [`KeyProvider`] whose KEKs and identity key live in a PKCS#11 token.
pub struct Pkcs11Provider {
    token: Arc<Token>,
    state: State,
    state_path: PathBuf,
    prefix: String,
}

impl std::fmt::Debug for Pkcs11Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pkcs11Provider")
            .field("module", &self.token.module_path())
            .field("token", &self.token.selector)
            .field("current", &self.state.current)
            .finish()
    }
}

impl Pkcs11Provider {
    /// Sets the provider up for a new node: logs in to the token, checks that it offers
    /// `CKM_AES_GCM`, generates KEK version 1 in it and writes `keys/pkcs11.json`.
    ///
    /// Refuses a data dir that already holds a wrapped master key.
    pub fn create(dir: &DataDir, cfg: &Pkcs11Config) -> Result<Pkcs11Provider> {
        if dir.registry_path().exists() {
            return Err(Error::AlreadyInitialised {
                path: dir.path().to_path_buf(),
            });
        }
        check_prefix(&cfg.key_label_prefix)?;
        let token = Arc::new(Token::connect(cfg)?);
        check_mechanisms(&token)?;
        let token_label = token.token_label()?;
        let token_serial = token.token_serial()?;
        let kek = generate_kek(&token, &cfg.key_label_prefix, 1)?;
        let state = State {
            provider: PKCS11_PROVIDER_ID.to_owned(),
            format: STATE_FORMAT,
            token_label,
            token_serial,
            current: 1,
            keks: vec![kek.clone()],
        };
        let path = state_path(dir);
        if let Err(e) = write_state(&path, &state) {
            let _ = destroy_kek(&token, &kek);
            return Err(e);
        }
        Ok(Pkcs11Provider {
            token,
            state,
            state_path: path,
            prefix: cfg.key_label_prefix.clone(),
        })
    }

    /// Opens the provider of an initialised node: reads `keys/pkcs11.json`, logs in to
    /// the token and checks that it is the token the node was created with and that it
    /// still holds the current KEK.
    pub fn open(dir: &DataDir, cfg: &Pkcs11Config) -> Result<Pkcs11Provider> {
        check_prefix(&cfg.key_label_prefix)?;
        let state = read_state(dir)?;
        let token = Arc::new(Token::connect(cfg)?);
        let serial = token.token_serial()?;
        if serial != state.token_serial {
            return Err(config_err(format!(
                "{} in {} has serial number {serial}, but this node's keys are in token `{}` with serial number {}",
                token.selector,
                token.module_path().display(),
                state.token_label,
                state.token_serial
            )));
        }
        let p = Pkcs11Provider {
            token,
            state,
            state_path: state_path(dir),
            prefix: cfg.key_label_prefix.clone(),
        };
        p.health()?;
        Ok(p)
    }

    /// The KEK versions still held, oldest first.
    pub fn kek_versions(&self) -> Vec<u32> {
        self.state.keks.iter().map(|k| k.version).collect()
    }

    fn record(&self, version: u32) -> Result<&KekRecord> {
        self.state
            .keks
            .iter()
            .find(|k| k.version == version)
            .ok_or_else(|| {
                let held: Vec<String> = self.kek_versions().iter().map(|v| format!("v{v}")).collect();
                config_err(format!(
                    "wrapped key is under KEK version {version} (`{}`), which this node no longer holds (retired or never created; held: {})",
                    kek_label(&self.prefix, version),
                    held.join(", ")
                ))
            })
    }

    /// The handle of KEK `rec` in the open session.
    fn kek_handle(
        &self,
        s: &Session,
        rec: &KekRecord,
    ) -> std::result::Result<ObjectHandle, OpError> {
        let id = hex::decode(&rec.id).map_err(|_| config_err("bad KEK id in state"))?;
        find_one(s, ObjectClass::SECRET_KEY, &rec.label, &id)?.ok_or_else(|| {
            OpError::Lango(config_err(format!(
                "KEK object `{}` (CKA_ID {}) is not on {}: it was deleted from the token",
                rec.label, rec.id, self.token.selector
            )))
        })
    }
}

fn kek_label(prefix: &str, version: u32) -> String {
    format!("{prefix}-kek-v{version}")
}

fn identity_label(prefix: &str) -> String {
    format!("{prefix}-identity")
}

fn check_prefix(prefix: &str) -> Result<()> {
    // Labels are at most 32 bytes in token info but unbounded for objects; keep them
    // short and printable so they read well in pkcs11-tool listings.
    if prefix.is_empty()
        || prefix.len() > 64
        || !prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        return Err(config_err(format!(
            "key_label_prefix `{prefix}` must be 1 to 64 characters of A-Z a-z 0-9 - _ ."
        )));
    }
    Ok(())
}

fn check_mechanisms(token: &Token) -> Result<()> {
    let list = token.with_session(|_, slot| {
        token
            .module
            .ctx
            .get_mechanism_list(slot)
            .during("listing mechanisms")
    })?;
    for (m, name) in [
        (MechanismType::AES_KEY_GEN, "CKM_AES_KEY_GEN"),
        (MechanismType::AES_GCM, "CKM_AES_GCM"),
    ] {
        if !list.contains(&m) {
            return Err(config_err(format!(
                "{} does not offer {name}, which the pkcs11 provider needs to wrap keys",
                token.selector
            )));
        }
    }
    Ok(())
}

fn generate_kek(token: &Token, prefix: &str, version: u32) -> Result<KekRecord> {
    let label = kek_label(prefix, version);
    let id = random_id();
    token.with_session(|s, _| {
        s.generate_key(
            &Mechanism::AesKeyGen,
            &[
                Attribute::Class(ObjectClass::SECRET_KEY),
                Attribute::KeyType(KeyType::AES),
                Attribute::ValueLen(32.into()),
                Attribute::Token(true),
                Attribute::Private(true),
                Attribute::Sensitive(true),
                Attribute::Extractable(false),
                Attribute::Encrypt(true),
                Attribute::Decrypt(true),
                Attribute::Wrap(false),
                Attribute::Unwrap(false),
                Attribute::Sign(false),
                Attribute::Verify(false),
                Attribute::Derive(false),
                Attribute::AllowedMechanisms(vec![MechanismType::AES_GCM]),
                Attribute::Label(label.as_bytes().to_vec()),
                Attribute::Id(id.to_vec()),
            ],
        )
        .during(&format!(
            "generating AES-256 key `{label}` in {}",
            token.selector
        ))
    })?;
    Ok(KekRecord {
        version,
        label,
        id: hex::encode(id),
    })
}

fn destroy_kek(token: &Token, rec: &KekRecord) -> Result<()> {
    let id = hex::decode(&rec.id).map_err(|_| config_err("bad KEK id in state"))?;
    token.with_session(|s, _| {
        if let Some(h) = find_one(s, ObjectClass::SECRET_KEY, &rec.label, &id)? {
            s.destroy_object(h)
                .during(&format!("destroying KEK object `{}`", rec.label))?;
        }
        Ok(())
    })
}

/// Builds the envelope header for `key_id` with `iv` (see [`crate::crypto`]).
fn envelope_header(key_id: &str, iv: &[u8; IV_LEN]) -> Result<Vec<u8>> {
    let kid = key_id.as_bytes();
    let kid_len = u8::try_from(kid.len()).map_err(|_| Error::KeyIdLength { len: kid.len() })?;
    let mut h = Vec::with_capacity(MAGIC.len() + 3 + kid.len() + IV_LEN);
    h.extend_from_slice(&MAGIC);
    h.push(ENVELOPE_VERSION);
    h.push(ALG_AES_256_GCM);
    h.push(kid_len);
    h.extend_from_slice(kid);
    h.extend_from_slice(iv);
    Ok(h)
}

/// `header || u64-BE len(aad) || aad`, as [`crate::seal`] authenticates.
fn gcm_aad(header: &[u8], aad: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(header.len() + 8 + aad.len());
    v.extend_from_slice(header);
    v.extend_from_slice(&(aad.len() as u64).to_be_bytes());
    v.extend_from_slice(aad);
    v
}

impl KeyProvider for Pkcs11Provider {
    fn id(&self) -> &str {
        PKCS11_PROVIDER_ID
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            wrap: true,
            sign: true,
        }
    }

    fn kek_version(&self) -> u32 {
        self.state.current
    }

    fn wrap(&self, dek: &Key32, aad: &[u8]) -> Result<Vec<u8>> {
        let rec = self.record(self.state.current)?;
        let mut iv = [0u8; IV_LEN];
        OsRng.fill_bytes(&mut iv);
        let header = envelope_header(&key_id_for(rec.version), &iv)?;
        let full_aad = gcm_aad(&header, aad);
        let body = self.token.with_session(|s, _| {
            let key = self.kek_handle(s, rec)?;
            let mut iv = iv;
            let params = GcmParams::new(&mut iv, &full_aad, TAG_BITS.into())
                .map_err(|e| config_err(format!("GCM parameters: {e}")))?;
            s.encrypt(&Mechanism::AesGcm(params), key, dek.as_bytes())
                .during(&format!("CKM_AES_GCM encryption under `{}`", rec.label))
        })?;
        if body.len() != 32 + TAG_LEN {
            return Err(config_err(format!(
                "token returned {} bytes for a 32-byte key under CKM_AES_GCM, expected {}",
                body.len(),
                32 + TAG_LEN
            )));
        }
        let mut out = header;
        out.extend_from_slice(&body);
        Ok(out)
    }

    fn unwrap(&self, wrapped: &[u8], aad: &[u8]) -> Result<Key32> {
        let key_id = envelope_key_id(wrapped)?;
        let version = version_of(key_id)?;
        let rec = self.record(version)?;
        let head_len = MAGIC.len() + 3 + key_id.len() + IV_LEN;
        if wrapped.len() < head_len + TAG_LEN {
            return Err(Error::MalformedHeader(
                "ciphertext shorter than the GCM tag",
            ));
        }
        let (header, body) = wrapped.split_at(head_len);
        let mut iv = [0u8; IV_LEN];
        iv.copy_from_slice(&header[head_len - IV_LEN..]);
        let full_aad = gcm_aad(header, aad);
        let plain = self.token.with_session(|s, _| {
            let key = self.kek_handle(s, rec)?;
            let mut iv = iv;
            let params = GcmParams::new(&mut iv, &full_aad, TAG_BITS.into())
                .map_err(|e| config_err(format!("GCM parameters: {e}")))?;
            match s.decrypt(&Mechanism::AesGcm(params), key, body) {
                Ok(p) => Ok(Zeroizing::new(p)),
                // Lost sessions and gone tokens are retried or reported as such; any
                // other refusal of a decryption is an authentication failure.
                Err(CkError::Pkcs11(rv, f)) if is_session_lost(&rv) || is_unavailable(&rv) => {
                    Err(OpError::Ck(
                        format!("CKM_AES_GCM decryption under `{}`", rec.label),
                        CkError::Pkcs11(rv, f),
                    ))
                }
                Err(_) => Err(OpError::Lango(Error::UnwrapFailed {
                    provider: PKCS11_PROVIDER_ID.to_owned(),
                })),
            }
        })?;
        let bytes: [u8; 32] = plain
            .as_slice()
            .try_into()
            .map_err(|_| Error::UnwrapFailed {
                provider: PKCS11_PROVIDER_ID.to_owned(),
            })?;
        Ok(Key32::from_bytes(bytes))
    }

    fn health(&self) -> Result<()> {
        let rec = self.record(self.state.current)?;
        self.token.with_session(|s, slot| {
            let info = self
                .token
                .module
                .ctx
                .get_token_info(slot)
                .during("reading token info")?;
            if info.serial_number() != self.state.token_serial {
                return Err(OpError::Lango(config_err(format!(
                    "{} now has serial number {}, expected {}",
                    self.token.selector,
                    info.serial_number(),
                    self.state.token_serial
                ))));
            }
            self.kek_handle(s, rec).map(|_| ())
        })
    }

    fn rotate(&mut self) -> Result<u32> {
        let next = self
            .state
            .current
            .checked_add(1)
            .ok_or_else(|| config_err("KEK version counter exhausted"))?;
        let rec = generate_kek(&self.token, &self.prefix, next)?;
        let mut state = self.state.clone();
        state.keks.push(rec.clone());
        state.current = next;
        if let Err(e) = write_state(&self.state_path, &state) {
            let _ = destroy_kek(&self.token, &rec);
            return Err(e);
        }
        self.state = state;
        Ok(next)
    }

    fn retire(&mut self, keep_from: u32) -> Result<()> {
        if keep_from > self.state.current {
            return Err(config_err(format!(
                "cannot retire KEK versions below {keep_from}: the current version is {}",
                self.state.current
            )));
        }
        let (gone, kept): (Vec<KekRecord>, Vec<KekRecord>) = self
            .state
            .keks
            .iter()
            .cloned()
            .partition(|k| k.version < keep_from);
        if gone.is_empty() {
            return Ok(());
        }
        let mut state = self.state.clone();
        state.keks = kept;
        // Forget first, then destroy: a crash in between leaves a stray key object, never
        // a state file naming a destroyed key.
        write_state(&self.state_path, &state)?;
        self.state = state;
        let mut failed = Vec::new();
        for rec in &gone {
            if let Err(e) = destroy_kek(&self.token, rec) {
                failed.push(format!("`{}` ({e})", rec.label));
            }
        }
        if failed.is_empty() {
            Ok(())
        } else {
            Err(config_err(format!(
                "retired KEK versions below {keep_from}, but could not destroy {}: delete them with pkcs11-tool",
                failed.join(", ")
            )))
        }
    }

    fn create_identity(&self) -> Result<(String, Arc<dyn Signer>)> {
        let label = identity_label(&self.prefix);
        let id = random_id();
        let (public_handle, private_handle) = self.token.with_session(|s, _| {
            s.generate_key_pair(
                &Mechanism::EccKeyPairGen,
                &[
                    Attribute::Token(true),
                    Attribute::Private(false),
                    Attribute::Verify(true),
                    Attribute::EcParams(P256_EC_PARAMS.to_vec()),
                    Attribute::Label(label.as_bytes().to_vec()),
                    Attribute::Id(id.to_vec()),
                ],
                &[
                    Attribute::Token(true),
                    Attribute::Private(true),
                    Attribute::Sensitive(true),
                    Attribute::Extractable(false),
                    Attribute::Sign(true),
                    Attribute::Decrypt(false),
                    Attribute::Derive(false),
                    Attribute::AllowedMechanisms(vec![MechanismType::ECDSA]),
                    Attribute::Label(label.as_bytes().to_vec()),
                    Attribute::Id(id.to_vec()),
                ],
            )
            .during(&format!(
                "generating EC P-256 key pair `{label}` in {}",
                self.token.selector
            ))
        })?;
        let public = match self
            .token
            .with_session(|s, _| read_public_point(s, public_handle, &label))
        {
            Ok(p) => p,
            Err(e) => {
                let _ = self.token.with_session(|s, _| {
                    let _ = s.destroy_object(private_handle);
                    let _ = s.destroy_object(public_handle);
                    Ok(())
                });
                return Err(e);
            }
        };
        let reference = format!("{label}:{}", hex::encode(id));
        Ok((
            reference,
            Arc::new(Pkcs11Signer {
                token: Arc::clone(&self.token),
                label,
                id: id.to_vec(),
                public,
            }),
        ))
    }

    fn open_identity(&self, reference: &str, expected: &AgentPublicKey) -> Result<Arc<dyn Signer>> {
        let bad_ref = || {
            config_err(format!(
                "identity reference `{reference}` is not `<label>:<hex CKA_ID>`"
            ))
        };
        let (label, id_hex) = reference.rsplit_once(':').ok_or_else(bad_ref)?;
        let id = hex::decode(id_hex).map_err(|_| bad_ref())?;
        if label.is_empty() || id.is_empty() {
            return Err(bad_ref());
        }
        let public = self.token.with_session(|s, _| {
            let private = find_one(s, ObjectClass::PRIVATE_KEY, label, &id)?.ok_or_else(|| {
                OpError::Lango(config_err(format!(
                    "identity key `{reference}` is not on {}",
                    self.token.selector
                )))
            })?;
            let attrs = s
                .get_attributes(
                    private,
                    &[AttributeType::Sensitive, AttributeType::Extractable],
                )
                .during(&format!("reading attributes of `{label}`"))?;
            let exposed = attrs.iter().any(|a| {
                matches!(
                    a,
                    Attribute::Sensitive(false) | Attribute::Extractable(true)
                )
            });
            if exposed {
                return Err(OpError::Lango(config_err(format!(
                    "identity key `{reference}` on {} is extractable or not sensitive: refusing it",
                    self.token.selector
                ))));
            }
            let public = find_one(s, ObjectClass::PUBLIC_KEY, label, &id)?.ok_or_else(|| {
                OpError::Lango(config_err(format!(
                    "the public half of identity key `{reference}` is not on {}",
                    self.token.selector
                )))
            })?;
            read_public_point(s, public, label)
        })?;
        if public != *expected {
            return Err(config_err(format!(
                "identity key `{reference}` on {} is {}, but this node's identity is {}",
                self.token.selector,
                public.did(),
                expected.did()
            )));
        }
        Ok(Arc::new(Pkcs11Signer {
            token: Arc::clone(&self.token),
            label: label.to_owned(),
            id,
            public,
        }))
    }
}

/// Reads `CKA_EC_POINT` (a DER OCTET STRING around the SEC1 point; some modules return
/// the bare point) and parses it.
fn read_public_point(
    s: &Session,
    public: ObjectHandle,
    label: &str,
) -> std::result::Result<AgentPublicKey, OpError> {
    let attrs = s
        .get_attributes(public, &[AttributeType::EcPoint])
        .during(&format!("reading the public key of `{label}`"))?;
    let point = attrs
        .into_iter()
        .find_map(|a| match a {
            Attribute::EcPoint(p) => Some(p),
            _ => None,
        })
        .ok_or_else(|| config_err(format!("`{label}` has no CKA_EC_POINT")))?;
    let sec1 = match point.as_slice() {
        [0x04, len, rest @ ..] if usize::from(*len) == rest.len() => rest,
        bare => bare,
    };
    AgentPublicKey::from_sec1_any(sec1)
        .map_err(|e| OpError::Lango(config_err(format!("`{label}` is not a P-256 key: {e}"))))
}

/// A [`Signer`] whose P-256 private key stays in a PKCS#11 token.
pub struct Pkcs11Signer {
    token: Arc<Token>,
    label: String,
    id: Vec<u8>,
    public: AgentPublicKey,
}

impl std::fmt::Debug for Pkcs11Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pkcs11Signer")
            .field("label", &self.label)
            .field("public", &self.public)
            .finish()
    }
}

impl Pkcs11Signer {
    fn sign_digest(&self, digest: &[u8; 32]) -> Result<Signature> {
        let raw = self.token.with_session(|s, _| {
            let key =
                find_one(s, ObjectClass::PRIVATE_KEY, &self.label, &self.id)?.ok_or_else(|| {
                    OpError::Lango(config_err(format!(
                        "identity key `{}` is no longer on {}",
                        self.label, self.token.selector
                    )))
                })?;
            s.sign(&Mechanism::Ecdsa, key, digest)
                .during(&format!("CKM_ECDSA signature with `{}`", self.label))
        })?;
        if raw.len() != 64 {
            return Err(config_err(format!(
                "token returned a {}-byte CKM_ECDSA signature, expected 64 (r || s)",
                raw.len()
            )));
        }
        let (r, s) = raw.split_at(32);
        Signature::from_scalars(r, s).map_err(|e| config_err(e.0))
    }
}

impl Signer for Pkcs11Signer {
    fn public_key(&self) -> AgentPublicKey {
        self.public
    }

    fn sign(&self, payload: &SignedPayload) -> std::result::Result<Signature, SignerError> {
        self.sign_digest(&payload.digest())
            .map_err(|e| SignerError(e.to_string()))
    }
}

/// Against a real SoftHSM2 token made for each test (no mock): each test writes its own
/// `softhsm2.conf` with a temporary token directory, points `SOFTHSM2_CONF` at it and
/// initialises a token with `softhsm2-util`. `SOFTHSM2_CONF` is process-global and
/// SoftHSM2 reads it when the module is initialised, so the tests hold one lock while
/// they run; every provider is dropped before the lock, which finalises the module.
#[cfg(test)]
mod softhsm {
    use std::os::unix::fs::PermissionsExt;
    use std::process::Command;
    use std::sync::MutexGuard;

    use lango_protocol::transcript::Transcript;
    use lango_protocol::{PeerIdBytes, UnixMillis};

    use super::*;

    const PIN: &str = "1234-user";
    const SO_PIN: &str = "5678-so";
    const LABEL: &str = "lango-test";

    static SERIAL: Mutex<()> = Mutex::new(());

    /// One SoftHSM2 token directory with one initialised token. Declare it first in a
    /// test, so providers made later drop before it.
    struct Hsm {
        dir: tempfile::TempDir,
        _serial: MutexGuard<'static, ()>,
    }

    impl Hsm {
        fn start() -> Hsm {
            assert!(
                Path::new(SOFTHSM2_MODULE).exists(),
                "SoftHSM2 is not installed ({SOFTHSM2_MODULE} is missing): run scripts/backends/softhsm.sh"
            );
            let serial = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
            let dir = tempfile::tempdir().unwrap();
            let tokens = dir.path().join("tokens");
            std::fs::create_dir(&tokens).unwrap();
            let conf = dir.path().join("softhsm2.conf");
            std::fs::write(
                &conf,
                format!(
                    "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n",
                    tokens.display()
                ),
            )
            .unwrap();
            std::env::set_var("SOFTHSM2_CONF", &conf);
            let hsm = Hsm {
                dir,
                _serial: serial,
            };
            hsm.init_token(LABEL);
            hsm
        }

        fn init_token(&self, label: &str) {
            let out = Command::new("softhsm2-util")
                .args(["--init-token", "--free", "--label", label])
                .args(["--pin", PIN, "--so-pin", SO_PIN])
                .env("SOFTHSM2_CONF", self.dir.path().join("softhsm2.conf"))
                .output()
                .expect("softhsm2-util must be installed: run scripts/backends/softhsm.sh");
            assert!(
                out.status.success(),
                "softhsm2-util --init-token failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }

        /// A PIN file (mode 0600) holding `pin`.
        fn pin_file(&self, name: &str, pin: &str) -> PathBuf {
            let p = self.dir.path().join(name);
            std::fs::write(&p, format!("{pin}\n")).unwrap();
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
            p
        }

        fn config(&self) -> Pkcs11Config {
            self.config_with_pin(PIN)
        }

        fn config_with_pin(&self, pin: &str) -> Pkcs11Config {
            Pkcs11Config {
                pin_file: Some(self.pin_file(&format!("pin-{}", pin.len()), pin)),
                ..Pkcs11Config::new(SOFTHSM2_MODULE, LABEL)
            }
        }

        fn data_dir(&self, name: &str) -> DataDir {
            DataDir::create(self.dir.path().join(name)).unwrap()
        }
    }

    fn payload(k: AgentPublicKey, tag: u8) -> SignedPayload {
        Transcript {
            initiator_peer: PeerIdBytes(vec![tag]),
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

    /// Attributes of the one object labelled `label`, found in a fresh session.
    fn object_attrs(
        p: &Pkcs11Provider,
        label: &str,
        want: &[AttributeType],
    ) -> Vec<Vec<Attribute>> {
        p.token
            .with_session(|s, _| {
                let found = s
                    .find_objects(&[Attribute::Label(label.as_bytes().to_vec())])
                    .during("find")?;
                let mut all = Vec::new();
                for h in found {
                    all.push(s.get_attributes(h, want).during("attrs")?);
                }
                Ok(all)
            })
            .unwrap()
    }

    #[test]
    fn wrap_round_trips_and_binds_aad_and_header() {
        let hsm = Hsm::start();
        let dir = hsm.data_dir("n");
        let p = Pkcs11Provider::create(&dir, &hsm.config()).unwrap();
        assert_eq!(p.id(), "pkcs11");
        assert_eq!(
            p.capabilities(),
            Capabilities {
                wrap: true,
                sign: true
            }
        );
        assert_eq!(p.kek_version(), 1);
        p.health().unwrap();

        let dek = Key32::from_bytes([7; 32]);
        let wrapped = p.wrap(&dek, b"record-1").unwrap();
        assert_eq!(envelope_key_id(&wrapped).unwrap(), "pkcs11:kek-v1");
        assert_ne!(
            p.wrap(&dek, b"record-1").unwrap(),
            wrapped,
            "fresh IV each time"
        );
        assert_eq!(
            p.unwrap(&wrapped, b"record-1").unwrap().as_bytes(),
            &[7; 32]
        );

        // Wrong AAD is refused by the token.
        assert!(matches!(
            p.unwrap(&wrapped, b"record-2"),
            Err(Error::UnwrapFailed { .. })
        ));
        // A flipped byte anywhere is refused: header fields by parsing, the key-id
        // digits by version lookup or the token's GCM check, IV/ciphertext/tag by GCM.
        for i in 0..wrapped.len() {
            let mut bad = wrapped.clone();
            bad[i] ^= 0x01;
            assert!(
                p.unwrap(&bad, b"record-1").is_err(),
                "flipping byte {i} went unnoticed"
            );
        }
        // Truncated.
        assert!(p
            .unwrap(&wrapped[..wrapped.len() - 17], b"record-1")
            .is_err());

        // The KEK is a sensitive, non-extractable token object.
        let attrs = object_attrs(
            &p,
            "lango-kek-v1",
            &[
                AttributeType::Token,
                AttributeType::Sensitive,
                AttributeType::Extractable,
                AttributeType::ValueLen,
            ],
        );
        assert_eq!(attrs.len(), 1);
        for a in &attrs[0] {
            match a {
                Attribute::Token(t) => assert!(*t),
                Attribute::Sensitive(s) => assert!(*s),
                Attribute::Extractable(e) => assert!(!*e),
                Attribute::ValueLen(l) => assert_eq!(u64::from(*l), 32),
                other => panic!("unexpected {other:?}"),
            }
        }

        // The state file names the object, nothing secret.
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.keys_dir().join("pkcs11.json")).unwrap())
                .unwrap();
        assert_eq!(json["provider"], "pkcs11");
        assert_eq!(json["token_label"], LABEL);
        assert_eq!(json["keks"][0]["label"], "lango-kek-v1");
        drop(p);

        // Reopened (module finalised and initialised again in between).
        let again = Pkcs11Provider::open(&dir, &hsm.config()).unwrap();
        assert_eq!(
            again.unwrap(&wrapped, b"record-1").unwrap().as_bytes(),
            &[7; 32]
        );
    }

    #[test]
    fn rotate_keeps_old_versions_until_retired() {
        let hsm = Hsm::start();
        let dir = hsm.data_dir("n");
        let mut p = Pkcs11Provider::create(&dir, &hsm.config()).unwrap();
        let dek1 = Key32::from_bytes([1; 32]);
        let w1 = p.wrap(&dek1, b"a").unwrap();

        assert_eq!(p.rotate().unwrap(), 2);
        assert_eq!(p.kek_version(), 2);
        let dek2 = Key32::from_bytes([2; 32]);
        let w2 = p.wrap(&dek2, b"a").unwrap();
        assert_eq!(envelope_key_id(&w2).unwrap(), "pkcs11:kek-v2");
        assert_eq!(p.unwrap(&w1, b"a").unwrap().as_bytes(), &[1; 32]);
        assert_eq!(p.unwrap(&w2, b"a").unwrap().as_bytes(), &[2; 32]);
        assert_eq!(
            object_attrs(&p, "lango-kek-v2", &[AttributeType::Token]).len(),
            1
        );
        drop(p);

        // The new version survives a restart.
        let mut p = Pkcs11Provider::open(&dir, &hsm.config()).unwrap();
        assert_eq!(p.kek_version(), 2);
        assert_eq!(p.kek_versions(), vec![1, 2]);
        assert_eq!(p.unwrap(&w1, b"a").unwrap().as_bytes(), &[1; 32]);

        // Retiring the current version is refused.
        assert!(p.retire(3).is_err());
        p.retire(2).unwrap();
        assert_eq!(p.kek_versions(), vec![2]);
        let err = p.unwrap(&w1, b"a").unwrap_err();
        assert!(matches!(err, Error::Provider { .. }), "{err:?}");
        let msg = err.to_string();
        assert!(
            msg.contains("KEK version 1") && msg.contains("no longer holds"),
            "{msg}"
        );
        assert_eq!(p.unwrap(&w2, b"a").unwrap().as_bytes(), &[2; 32]);
        // The retired object is destroyed in the token.
        assert!(object_attrs(&p, "lango-kek-v1", &[AttributeType::Token]).is_empty());
        drop(p);
        let p = Pkcs11Provider::open(&dir, &hsm.config()).unwrap();
        assert!(p.unwrap(&w1, b"a").is_err());

        // A version that was never created is refused by name, not defaulted.
        let mut forged = w2.clone();
        let at = 4 + 3 + "pkcs11:kek-v".len();
        forged[at] = b'9';
        let msg = p.unwrap(&forged, b"a").unwrap_err().to_string();
        assert!(msg.contains("KEK version 9"), "{msg}");
    }

    #[test]
    fn wrong_pin_is_one_clear_error() {
        let hsm = Hsm::start();
        let dir = hsm.data_dir("n");
        let err = Pkcs11Provider::create(&dir, &hsm.config_with_pin("0000")).unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, Error::Provider { .. }), "{err:?}");
        assert!(msg.contains("CKR_PIN_INCORRECT"), "{msg}");
        assert!(msg.contains(LABEL) && msg.contains("pin_file"), "{msg}");
        assert!(!msg.contains("0000"), "the PIN must not appear: {msg}");
        assert!(!dir.keys_dir().join("pkcs11.json").exists());

        drop(Pkcs11Provider::create(&dir, &hsm.config()).unwrap());
        let err = Pkcs11Provider::open(&dir, &hsm.config_with_pin("4321")).unwrap_err();
        assert!(err.to_string().contains("CKR_PIN_INCORRECT"), "{err}");

        // The PIN from an environment variable (the default source, under another name).
        std::env::set_var("LANGO_TEST_PKCS11_PIN_OK", PIN);
        let cfg = Pkcs11Config {
            pin_env: Some("LANGO_TEST_PKCS11_PIN_OK".into()),
            ..Pkcs11Config::new(SOFTHSM2_MODULE, LABEL)
        };
        Pkcs11Provider::open(&dir, &cfg).unwrap();
        let cfg = Pkcs11Config {
            pin_env: Some("LANGO_TEST_PKCS11_PIN_UNSET".into()),
            ..Pkcs11Config::new(SOFTHSM2_MODULE, LABEL)
        };
        let msg = Pkcs11Provider::open(&dir, &cfg).unwrap_err().to_string();
        assert!(msg.contains("LANGO_TEST_PKCS11_PIN_UNSET"), "{msg}");
    }

    #[test]
    fn pin_file_readable_by_others_is_refused() {
        let hsm = Hsm::start();
        let dir = hsm.data_dir("n");
        let cfg = hsm.config();
        let pin = cfg.pin_file.clone().unwrap();
        std::fs::set_permissions(&pin, std::fs::Permissions::from_mode(0o644)).unwrap();
        let msg = Pkcs11Provider::create(&dir, &cfg).unwrap_err().to_string();
        assert!(
            msg.contains("mode 644") && msg.contains("chmod 600"),
            "{msg}"
        );
    }

    #[test]
    fn missing_module_or_token_is_unavailable() {
        let hsm = Hsm::start();
        let dir = hsm.data_dir("n");
        let cfg = Pkcs11Config {
            module: "/nonexistent/libpkcs11.so".into(),
            ..hsm.config()
        };
        match Pkcs11Provider::create(&dir, &cfg) {
            Err(Error::ProviderUnavailable { provider, detail }) => {
                assert_eq!(provider, "pkcs11");
                assert!(detail.contains("/nonexistent/libpkcs11.so"), "{detail}");
            }
            other => panic!("expected ProviderUnavailable, got {other:?}"),
        }
        let cfg = Pkcs11Config {
            token_label: Some("no-such-token".into()),
            ..hsm.config()
        };
        match Pkcs11Provider::create(&dir, &cfg) {
            Err(Error::ProviderUnavailable { detail, .. }) => {
                assert!(detail.contains("no-such-token"), "{detail}");
                assert!(detail.contains(LABEL), "lists the tokens present: {detail}");
            }
            other => panic!("expected ProviderUnavailable, got {other:?}"),
        }
        // A node whose token was replaced by another with the same label is refused.
        drop(Pkcs11Provider::create(&dir, &hsm.config()).unwrap());
        std::fs::remove_dir_all(hsm.dir.path().join("tokens")).unwrap();
        std::fs::create_dir(hsm.dir.path().join("tokens")).unwrap();
        hsm.init_token(LABEL);
        let msg = Pkcs11Provider::open(&dir, &hsm.config())
            .unwrap_err()
            .to_string();
        assert!(msg.contains("serial number"), "{msg}");
    }

    #[test]
    fn identity_signs_in_the_token_and_verifies() {
        let hsm = Hsm::start();
        let dir = hsm.data_dir("n");
        let p = Pkcs11Provider::create(&dir, &hsm.config()).unwrap();
        let (reference, signer) = p.create_identity().unwrap();
        assert!(reference.starts_with("lango-identity:"), "{reference}");
        let public = signer.public_key();
        for tag in 0..8 {
            let msg = payload(public, tag);
            let sig = signer.sign(&msg).unwrap();
            public.verify(&msg, &sig).unwrap();
            assert!(public.verify(&payload(public, tag + 100), &sig).is_err());
        }
        // The private key is sensitive and not extractable.
        let attrs = object_attrs(
            &p,
            "lango-identity",
            &[
                AttributeType::Class,
                AttributeType::Extractable,
                AttributeType::Sensitive,
            ],
        );
        let private = attrs
            .iter()
            .find(|a| a.contains(&Attribute::Class(ObjectClass::PRIVATE_KEY)))
            .expect("private key object");
        assert!(private.contains(&Attribute::Extractable(false)));
        assert!(private.contains(&Attribute::Sensitive(true)));
        drop((p, signer));

        // Reopened after a restart, with the stored reference and public key.
        let p = Pkcs11Provider::open(&dir, &hsm.config()).unwrap();
        let signer = p.open_identity(&reference, &public).unwrap();
        let msg = payload(public, 1);
        public.verify(&msg, &signer.sign(&msg).unwrap()).unwrap();

        // Another expected key is refused, naming both.
        let stranger = lango_protocol::SoftwareSigner::generate(&mut OsRng).public_key();
        let msg = p
            .open_identity(&reference, &stranger)
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(msg.contains(stranger.did().as_str()), "{msg}");
        // An unknown reference is refused.
        assert!(p
            .open_identity("lango-identity:00112233445566778899aabbccddeeff", &public)
            .is_err());
        assert!(p.open_identity("garbage", &public).is_err());
    }

    #[test]
    fn config_parses_from_toml_shape() {
        let cfg: Pkcs11Config = serde_json::from_value(serde_json::json!({
            "module": SOFTHSM2_MODULE,
            "token_label": "t",
        }))
        .unwrap();
        assert_eq!(cfg.key_label_prefix, "lango");
        assert_eq!(cfg.pin_env, None);
        assert!(serde_json::from_value::<Pkcs11Config>(serde_json::json!({
            "module": SOFTHSM2_MODULE,
            "token_label": "t",
            "pin": "1234",
        }))
        .is_err());
        assert_eq!(
            ckr_name(&RvError::PinIncorrect),
            "CKR_PIN_INCORRECT".to_owned()
        );
    }
}
