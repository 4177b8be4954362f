//! `keyring` key provider: KEKs held in the Linux kernel keyring (keyutils).
//!
//! Each KEK version is a random 32-byte key stored as a `user` key in the user keyring
//! (`@u`) under the description `lango-node:<node-id>:kek-v<N>`. The node id is a random
//! 16-hex-digit id kept in `keys/keyring.json`, so two nodes run by the same user on one
//! machine never share or overwrite each other's slots. Wrapping is our AES-256-GCM
//! envelope ([`crate::seal`]) under the KEK, with key id `keyring:<node-id>:kek-v<N>`,
//! so `unwrap` picks the version from the blob and refuses a blob of another node by
//! name.
//!
//! The KEK is read from the kernel for each operation and zeroized right after, so
//! clearing a slot takes effect at once. `keys/keyring.json` keeps, per version, an
//! HKDF check value of the KEK (no shortcut to the key: it is a one-way function of 256
//! random bits), so a slot that now holds another key is reported as such.
//!
//! **Kernel keyrings are volatile.** Keys in `@u` live in kernel memory: they are gone
//! after a reboot (and when the user's last process exits, on kernels that tie `@u` to
//! the login). Anything wrapped only under this provider is then lost. Use it where that
//! is acceptable, or to *cache* a key that can be recovered another way: the
//! [`KeyringSlot`] API stores an arbitrary 32-byte KEK (such as the local provider's
//! passphrase-derived KEK) in a named slot, for the node's `keyring store | clear |
//! status` commands.
//!
//! A process can read a key in `@u` only while it *possesses* it, i.e. when `@u` is
//! reachable from its session keyring. Login sessions link it (`_uid_ses` -> `_uid`);
//! a systemd service needs `KeyringMode=shared`; elsewhere `keyctl link @u @s` does it.
//!
//! macOS Keychain and the freedesktop Secret Service are not implemented here.

use std::path::{Path, PathBuf};

use hkdf::Hkdf;
use linux_keyutils::{Key, KeyError, KeyRing, KeyRingIdentifier};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::crypto::{envelope_key_id, open, seal, Key32};
use crate::datadir::{atomic_write, DataDir};
use crate::error::{Error, Result};
use crate::provider::{Capabilities, KeyProvider};

/// Provider id of [`KeyringProvider`], recorded in its state file and wrapped keys.
pub const KEYRING_PROVIDER_ID: &str = "keyring";
/// First part of every slot description this crate creates.
pub const SLOT_PREFIX: &str = "lango-node";

const STATE_FORMAT: u32 = 1;
const NODE_ID_BYTES: usize = 8;
const CHECK_LABEL: &[u8] = b"lango-node/v1/keyring-kek-check";
/// Longest description the kernel accepts is 4095 bytes; ours are far shorter.
const MAX_DESCRIPTION: usize = 4095;
/// `ENOSYS` on Linux (asm-generic): the keyctl syscalls do not exist or are filtered.
const ENOSYS: i32 = 38;

/// Which OS keyring holds the slots.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum KeyringBackend {
    /// The Linux kernel keyring (keyutils), user keyring `@u`.
    #[default]
    Keyutils,
}

/// `[keys.keyring]`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct KeyringConfig {
    /// The OS keyring to use. Default and only value here: `"keyutils"`.
    #[serde(default)]
    pub backend: KeyringBackend,
}

fn provider_err(detail: impl Into<String>) -> Error {
    Error::Provider {
        provider: KEYRING_PROVIDER_ID.to_owned(),
        detail: detail.into(),
    }
}

/// Maps a keyutils error during `what`.
fn key_error(what: &str, e: KeyError) -> Error {
    match e {
        KeyError::PermissionDenied | KeyError::OperationNotSupported | KeyError::Unknown(ENOSYS) => {
            Error::ProviderUnavailable {
                provider: KEYRING_PROVIDER_ID.to_owned(),
                detail: format!(
                    "{what}: the kernel keyring refused the system call ({e}); a container's seccomp profile may block keyctl"
                ),
            }
        }
        KeyError::AccessDenied => provider_err(format!(
            "{what}: access denied: the user keyring (@u) is not reachable from this process's session keyring \
             (run `keyctl link @u @s`, or set KeyringMode=shared for a systemd service)"
        )),
        KeyError::QuotaExceeded => provider_err(format!(
            "{what}: the user's key quota is full (see /proc/sys/kernel/keys/maxkeys and maxbytes)"
        )),
        other => provider_err(format!("{what}: {other}")),
    }
}

fn user_keyring() -> Result<KeyRing> {
    KeyRing::from_special_id(KeyRingIdentifier::User, true)
        .map_err(|e| key_error("opening the user keyring (@u)", e))
}

// ---------------------------------------------------------------------------------------
// Slots.

/// One named 32-byte key in the kernel user keyring (`@u`).
///
/// Used by the provider for its KEK versions and by the node's `keyring store | clear |
/// status` commands to cache a KEK (e.g. the local provider's) across restarts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyringSlot {
    description: String,
}

impl KeyringSlot {
    /// The slot `lango-node:<node_id>:<name>`.
    ///
    /// `name` is 1 to 64 characters of `a-z 0-9 - _ .`; `node_id` is what
    /// [`keyring_node_id`] returns.
    pub fn for_node(node_id: &str, name: &str) -> Result<KeyringSlot> {
        let ok = |s: &str| {
            !s.is_empty()
                && s.len() <= 64
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c))
        };
        if !ok(node_id) {
            return Err(provider_err(format!(
                "`{node_id}` is not a keyring node id"
            )));
        }
        if !ok(name) {
            return Err(provider_err(format!(
                "keyring slot name `{name}` must be 1 to 64 characters of a-z 0-9 - _ ."
            )));
        }
        Ok(KeyringSlot {
            description: format!("{SLOT_PREFIX}:{node_id}:{name}"),
        })
    }

    /// A slot with an arbitrary description (no NUL, at most 4095 bytes).
    pub fn with_description(description: impl Into<String>) -> Result<KeyringSlot> {
        let description = description.into();
        if description.is_empty()
            || description.len() > MAX_DESCRIPTION
            || description.contains('\0')
        {
            return Err(provider_err(
                "a keyring slot description must be 1 to 4095 bytes without NUL",
            ));
        }
        Ok(KeyringSlot { description })
    }

    /// The key description in the kernel keyring (what `keyctl show @u` lists).
    pub fn description(&self) -> &str {
        &self.description
    }

    /// Stores `key` in the slot, replacing what it held.
    pub fn store(&self, key: &Key32) -> Result<()> {
        user_keyring()?
            .add_key(&self.description, key.as_bytes())
            .map(|_| ())
            .map_err(|e| key_error(&format!("storing keyring slot `{}`", self.description), e))
    }

    /// Whether the slot holds a key now.
    pub fn is_present(&self) -> Result<bool> {
        Ok(self.find()?.is_some())
    }

    /// Reads the key, or `None` if the slot is empty.
    pub fn try_load(&self) -> Result<Option<Key32>> {
        let Some(key) = self.find()? else {
            return Ok(None);
        };
        let mut buf = Zeroizing::new([0u8; 32]);
        let len = match key.read(&mut *buf) {
            Ok(len) => len,
            // Cleared between the search and the read.
            Err(KeyError::KeyDoesNotExist | KeyError::KeyRevoked | KeyError::KeyExpired) => {
                return Ok(None)
            }
            Err(e) => {
                return Err(key_error(
                    &format!("reading keyring slot `{}`", self.description),
                    e,
                ))
            }
        };
        if len != 32 {
            return Err(provider_err(format!(
                "keyring slot `{}` holds {len} bytes, not a 32-byte key",
                self.description
            )));
        }
        Ok(Some(Key32::from_bytes(*buf)))
    }

    /// Reads the key; an empty slot is an error that says how to recover.
    pub fn load(&self) -> Result<Key32> {
        self.try_load()?.ok_or_else(|| {
            provider_err(format!(
                "keyring slot `{}` is gone from the kernel user keyring (@u): keyutils keys do not \
                 survive a reboot; store the key again (`lango-node keyring store`)",
                self.description
            ))
        })
    }

    /// Removes the key from the keyring. Returns whether there was one.
    pub fn clear(&self) -> Result<bool> {
        let Some(key) = self.find()? else {
            return Ok(false);
        };
        match key.invalidate() {
            Ok(()) | Err(KeyError::KeyDoesNotExist) => Ok(true),
            Err(e) => Err(key_error(
                &format!("clearing keyring slot `{}`", self.description),
                e,
            )),
        }
    }

    fn find(&self) -> Result<Option<Key>> {
        match user_keyring()?.search(&self.description) {
            Ok(k) => Ok(Some(k)),
            Err(KeyError::KeyDoesNotExist | KeyError::KeyRevoked | KeyError::KeyExpired) => {
                Ok(None)
            }
            Err(e) => Err(key_error(
                &format!("searching the user keyring for `{}`", self.description),
                e,
            )),
        }
    }
}

// ---------------------------------------------------------------------------------------
// State file.

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KekRecord {
    version: u32,
    /// HKDF-SHA256 check value of the KEK, hex.
    check: String,
}

/// `keys/keyring.json`. `current == 0` (and no KEKs) when only the node id was made,
/// for [`KeyringSlot`] use without the provider.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct State {
    provider: String,
    format: u32,
    node_id: String,
    current: u32,
    keks: Vec<KekRecord>,
}

fn state_path(dir: &DataDir) -> PathBuf {
    dir.provider_state_path("keyring")
}

fn write_state(path: &Path, state: &State) -> Result<()> {
    let json = serde_json::to_vec_pretty(state).map_err(|source| Error::Encode {
        what: "keyring provider state",
        source,
    })?;
    atomic_write(path, &json, 0o600)
}

/// Reads the state, or `None` if there is none yet.
fn read_state(dir: &DataDir) -> Result<Option<State>> {
    let path = state_path(dir);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io("read", &path, e)),
    };
    let bad = |detail: String| Error::MalformedMetadata {
        path: path.clone(),
        what: "keyring key provider state",
        detail,
    };
    let state: State = serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
    if state.provider != KEYRING_PROVIDER_ID {
        return Err(Error::ProviderMismatch {
            expected: KEYRING_PROVIDER_ID.to_owned(),
            found: state.provider,
        });
    }
    if state.format != STATE_FORMAT {
        return Err(bad(format!("unknown format {}", state.format)));
    }
    if KeyringSlot::for_node(&state.node_id, "x").is_err() {
        return Err(bad(format!("bad node id `{}`", state.node_id)));
    }
    if state.current != 0 && !state.keks.iter().any(|k| k.version == state.current) {
        return Err(bad(format!(
            "current KEK version {} is not listed",
            state.current
        )));
    }
    Ok(Some(state))
}

fn new_node_id() -> String {
    let mut b = [0u8; NODE_ID_BYTES];
    OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

/// The keyring node id of the data dir, created (in `keys/keyring.json`) if there is
/// none yet. Slots named with it belong to this node only.
pub fn keyring_node_id(dir: &DataDir) -> Result<String> {
    if let Some(s) = read_state(dir)? {
        return Ok(s.node_id);
    }
    let state = State {
        provider: KEYRING_PROVIDER_ID.to_owned(),
        format: STATE_FORMAT,
        node_id: new_node_id(),
        current: 0,
        keks: Vec::new(),
    };
    write_state(&state_path(dir), &state)?;
    Ok(state.node_id)
}

/// The slot `lango-node:<node-id>:<name>` of the data dir (see [`keyring_node_id`]),
/// e.g. `node_slot(dir, "local-kek")` for the node's `keyring store` command.
pub fn node_slot(dir: &DataDir, name: &str) -> Result<KeyringSlot> {
    KeyringSlot::for_node(&keyring_node_id(dir)?, name)
}

fn check_value(kek: &Key32) -> String {
    let mut out = [0u8; 32];
    // Invariant: HKDF-SHA256 can expand up to 255 * 32 bytes; 32 is always accepted.
    Hkdf::<Sha256>::new(None, kek.as_bytes())
        .expand(CHECK_LABEL, &mut out)
        .expect("HKDF-SHA256 expands 32 bytes");
    hex::encode(out)
}

fn kek_name(version: u32) -> String {
    format!("kek-v{version}")
}

// ---------------------------------------------------------------------------------------
// The provider.

/// A [`KeyProvider`] whose KEK versions are random keys in the kernel user keyring.
#[derive(Debug)]
pub struct KeyringProvider {
    state: State,
    state_path: PathBuf,
}

impl KeyringProvider {
    /// Sets the provider up for a new node: draws KEK version 1, stores it in the slot
    /// `lango-node:<node-id>:kek-v1` and writes `keys/keyring.json` (keeping a node id
    /// made earlier by [`keyring_node_id`]).
    ///
    /// Refuses a data dir that already holds a wrapped master key.
    pub fn create(dir: &DataDir, cfg: &KeyringConfig) -> Result<KeyringProvider> {
        let KeyringBackend::Keyutils = cfg.backend;
        if dir.registry_path().exists() {
            return Err(Error::AlreadyInitialised {
                path: dir.path().to_path_buf(),
            });
        }
        let node_id = match read_state(dir)? {
            Some(old) => {
                // An init that failed before the master key was written: its slots
                // protect nothing, so free them.
                for k in &old.keks {
                    let _ = KeyringSlot::for_node(&old.node_id, &kek_name(k.version))
                        .and_then(|s| s.clear());
                }
                old.node_id
            }
            None => new_node_id(),
        };
        let kek = Key32::random();
        let slot = KeyringSlot::for_node(&node_id, &kek_name(1))?;
        slot.store(&kek)?;
        let state = State {
            provider: KEYRING_PROVIDER_ID.to_owned(),
            format: STATE_FORMAT,
            node_id,
            current: 1,
            keks: vec![KekRecord {
                version: 1,
                check: check_value(&kek),
            }],
        };
        let path = state_path(dir);
        if let Err(e) = write_state(&path, &state) {
            let _ = slot.clear();
            return Err(e);
        }
        Ok(KeyringProvider {
            state,
            state_path: path,
        })
    }

    /// Opens the provider of an initialised node and checks that the current KEK is in
    /// its slot.
    pub fn open(dir: &DataDir, cfg: &KeyringConfig) -> Result<KeyringProvider> {
        let KeyringBackend::Keyutils = cfg.backend;
        let state = read_state(dir)?.ok_or_else(|| Error::NotInitialised {
            path: dir.path().to_path_buf(),
        })?;
        if state.current == 0 {
            return Err(provider_err(format!(
                "{} holds a node id but no KEK: the keyring provider was never set up for this node (run `lango-node init`)",
                state_path(dir).display()
            )));
        }
        let p = KeyringProvider {
            state,
            state_path: state_path(dir),
        };
        p.health()?;
        Ok(p)
    }

    /// This node's id in slot descriptions.
    pub fn node_id(&self) -> &str {
        &self.state.node_id
    }

    /// The KEK versions still held, oldest first.
    pub fn kek_versions(&self) -> Vec<u32> {
        self.state.keks.iter().map(|k| k.version).collect()
    }

    /// The slot of KEK `version`.
    pub fn slot(&self, version: u32) -> Result<KeyringSlot> {
        KeyringSlot::for_node(&self.state.node_id, &kek_name(version))
    }

    fn key_id(&self, version: u32) -> String {
        format!(
            "{KEYRING_PROVIDER_ID}:{}:{}",
            self.state.node_id,
            kek_name(version)
        )
    }

    /// Loads KEK `version` from its slot and checks it is the key this node made.
    fn load_kek(&self, version: u32) -> Result<Key32> {
        let rec = self
            .state
            .keks
            .iter()
            .find(|k| k.version == version)
            .ok_or_else(|| {
                let held: Vec<String> = self.kek_versions().iter().map(|v| format!("v{v}")).collect();
                provider_err(format!(
                    "wrapped key is under KEK version {version}, which this node no longer holds (retired or never created; held: {})",
                    held.join(", ")
                ))
            })?;
        let slot = self.slot(version)?;
        let kek = slot.try_load()?.ok_or_else(|| {
            provider_err(format!(
                "keyring slot `{}` is gone from the kernel user keyring (@u): keyutils keys do not survive a reboot \
                 or the user's last logout. Keys wrapped only under it cannot be unwrapped: restore keys/ from a \
                 backup made under another provider, or initialise the node again",
                slot.description()
            ))
        })?;
        if check_value(&kek) != rec.check {
            return Err(provider_err(format!(
                "keyring slot `{}` holds a different key than the one this node stored there (check value mismatch)",
                slot.description()
            )));
        }
        Ok(kek)
    }

    /// The KEK version named by an envelope key id `keyring:<node-id>:kek-v<N>`.
    fn version_of(&self, key_id: &str) -> Result<u32> {
        let bad = || {
            provider_err(format!(
                "wrapped key names key `{key_id}`, not a keyring KEK"
            ))
        };
        let rest = key_id
            .strip_prefix(KEYRING_PROVIDER_ID)
            .and_then(|r| r.strip_prefix(':'))
            .ok_or_else(bad)?;
        let (node, kek) = rest.rsplit_once(':').ok_or_else(bad)?;
        if node != self.state.node_id {
            return Err(provider_err(format!(
                "wrapped key belongs to keyring node `{node}`, but this node is `{}`",
                self.state.node_id
            )));
        }
        kek.strip_prefix("kek-v")
            .and_then(|n| n.parse::<u32>().ok())
            .filter(|&n| n > 0)
            .ok_or_else(bad)
    }
}

impl KeyProvider for KeyringProvider {
    fn id(&self) -> &str {
        KEYRING_PROVIDER_ID
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            wrap: true,
            sign: false,
        }
    }

    fn kek_version(&self) -> u32 {
        self.state.current
    }

    fn wrap(&self, dek: &Key32, aad: &[u8]) -> Result<Vec<u8>> {
        let kek = self.load_kek(self.state.current)?;
        seal(&kek, &self.key_id(self.state.current), aad, dek.as_bytes())
    }

    fn unwrap(&self, wrapped: &[u8], aad: &[u8]) -> Result<Key32> {
        let key_id = envelope_key_id(wrapped)?;
        let version = self.version_of(key_id)?;
        let kek = self.load_kek(version)?;
        let failed = || Error::UnwrapFailed {
            provider: KEYRING_PROVIDER_ID.to_owned(),
        };
        let pt = open(&kek, key_id, aad, wrapped).map_err(|e| match e {
            Error::AuthenticationFailed => failed(),
            other => other,
        })?;
        let bytes: [u8; 32] = pt.as_slice().try_into().map_err(|_| failed())?;
        Ok(Key32::from_bytes(bytes))
    }

    fn health(&self) -> Result<()> {
        self.load_kek(self.state.current).map(|_| ())
    }

    fn rotate(&mut self) -> Result<u32> {
        let next = self
            .state
            .current
            .checked_add(1)
            .ok_or_else(|| provider_err("KEK version counter exhausted"))?;
        let kek = Key32::random();
        let slot = self.slot(next)?;
        slot.store(&kek)?;
        let mut state = self.state.clone();
        state.keks.push(KekRecord {
            version: next,
            check: check_value(&kek),
        });
        state.current = next;
        if let Err(e) = write_state(&self.state_path, &state) {
            let _ = slot.clear();
            return Err(e);
        }
        self.state = state;
        Ok(next)
    }

    fn retire(&mut self, keep_from: u32) -> Result<()> {
        if keep_from > self.state.current {
            return Err(provider_err(format!(
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
        // Forget first, then clear: a crash in between leaves a stray slot (gone at the
        // next reboot), never a state file naming a cleared slot.
        write_state(&self.state_path, &state)?;
        self.state = state;
        let mut failed = Vec::new();
        for rec in &gone {
            let slot = self.slot(rec.version)?;
            if let Err(e) = slot.clear() {
                failed.push(format!("`{}` ({e})", slot.description()));
            }
        }
        if failed.is_empty() {
            Ok(())
        } else {
            Err(provider_err(format!(
                "retired KEK versions below {keep_from}, but could not clear the slots {}: `keyctl purge user <description>` clears one",
                failed.join(", ")
            )))
        }
    }
}

/// Against the real kernel keyring of the user running the tests (no mock). Every test
/// uses fresh node ids and removes its slots when it ends, pass or fail.
#[cfg(test)]
mod keyutils {
    use super::*;

    /// Clears every slot of the given nodes when dropped.
    struct Cleanup(Vec<String>);

    impl Drop for Cleanup {
        fn drop(&mut self) {
            let Ok(ring) = user_keyring() else { return };
            let Ok(links) = ring.get_links(4096) else {
                return;
            };
            for link in links.iter() {
                let Some(key) = link.as_key() else { continue };
                let Ok(meta) = key.metadata() else { continue };
                let desc = meta.get_description();
                if self
                    .0
                    .iter()
                    .any(|n| desc.starts_with(&format!("{SLOT_PREFIX}:{n}:")))
                {
                    let _ = key.invalidate();
                }
            }
        }
    }

    fn kernel_keyring() {
        if let Err(e) = user_keyring() {
            panic!(
                "the kernel keyring is not usable here ({e}); the provider needs the keyctl/add_key \
                 syscalls (scripts/backends/keyutils.sh installs the keyctl CLI for inspection)"
            );
        }
    }

    fn node(t: &tempfile::TempDir, name: &str) -> (DataDir, KeyringProvider, Cleanup) {
        kernel_keyring();
        let dir = DataDir::create(t.path().join(name)).unwrap();
        let p = KeyringProvider::create(&dir, &KeyringConfig::default()).unwrap();
        let c = Cleanup(vec![p.node_id().to_owned()]);
        (dir, p, c)
    }

    #[test]
    fn wrap_round_trips_and_binds_aad() {
        let t = tempfile::tempdir().unwrap();
        let (dir, p, _c) = node(&t, "n");
        assert_eq!(p.id(), "keyring");
        assert_eq!(
            p.capabilities(),
            Capabilities {
                wrap: true,
                sign: false
            }
        );
        assert_eq!(p.kek_version(), 1);
        assert!(p.slot(1).unwrap().is_present().unwrap());
        assert_eq!(
            p.slot(1).unwrap().description(),
            format!("lango-node:{}:kek-v1", p.node_id())
        );

        let dek = Key32::from_bytes([5; 32]);
        let w = p.wrap(&dek, b"rec").unwrap();
        assert_eq!(
            envelope_key_id(&w).unwrap(),
            format!("keyring:{}:kek-v1", p.node_id())
        );
        assert_eq!(p.unwrap(&w, b"rec").unwrap().as_bytes(), &[5; 32]);
        assert!(matches!(
            p.unwrap(&w, b"other"),
            Err(Error::UnwrapFailed { .. })
        ));
        for i in 0..w.len() {
            let mut bad = w.clone();
            bad[i] ^= 0x01;
            assert!(
                p.unwrap(&bad, b"rec").is_err(),
                "flipping byte {i} went unnoticed"
            );
        }

        // The state file holds the node id and check values, never the key.
        let text = std::fs::read_to_string(dir.keys_dir().join("keyring.json")).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["node_id"], p.node_id());
        let kek = p.slot(1).unwrap().load().unwrap();
        assert!(!text.contains(&hex::encode(kek.as_bytes())));
        drop(p);

        let again = KeyringProvider::open(&dir, &KeyringConfig::default()).unwrap();
        assert_eq!(again.unwrap(&w, b"rec").unwrap().as_bytes(), &[5; 32]);
    }

    #[test]
    fn rotate_keeps_old_versions_until_retired() {
        let t = tempfile::tempdir().unwrap();
        let (dir, mut p, _c) = node(&t, "n");
        let w1 = p.wrap(&Key32::from_bytes([1; 32]), b"a").unwrap();
        assert_eq!(p.rotate().unwrap(), 2);
        let w2 = p.wrap(&Key32::from_bytes([2; 32]), b"a").unwrap();
        assert!(envelope_key_id(&w2).unwrap().ends_with(":kek-v2"));
        assert_eq!(p.unwrap(&w1, b"a").unwrap().as_bytes(), &[1; 32]);
        assert_eq!(p.unwrap(&w2, b"a").unwrap().as_bytes(), &[2; 32]);
        drop(p);

        let mut p = KeyringProvider::open(&dir, &KeyringConfig::default()).unwrap();
        assert_eq!(p.kek_version(), 2);
        assert!(p.retire(3).is_err());
        p.retire(2).unwrap();
        assert_eq!(p.kek_versions(), vec![2]);
        assert!(
            !p.slot(1).unwrap().is_present().unwrap(),
            "retired slot cleared"
        );
        let msg = p.unwrap(&w1, b"a").unwrap_err().to_string();
        assert!(
            msg.contains("KEK version 1") && msg.contains("no longer holds"),
            "{msg}"
        );
        assert_eq!(p.unwrap(&w2, b"a").unwrap().as_bytes(), &[2; 32]);
    }

    #[test]
    fn cleared_slot_is_one_clear_error() {
        let t = tempfile::tempdir().unwrap();
        let (dir, p, _c) = node(&t, "n");
        let w = p.wrap(&Key32::from_bytes([3; 32]), b"a").unwrap();
        assert!(p.slot(1).unwrap().clear().unwrap());
        for err in [
            p.unwrap(&w, b"a").unwrap_err(),
            p.wrap(&Key32::from_bytes([3; 32]), b"a").unwrap_err(),
            p.health().unwrap_err(),
            KeyringProvider::open(&dir, &KeyringConfig::default()).unwrap_err(),
        ] {
            assert!(matches!(err, Error::Provider { .. }), "{err:?}");
            let msg = err.to_string();
            assert!(msg.contains("is gone") && msg.contains("reboot"), "{msg}");
            assert!(
                msg.contains(&format!("lango-node:{}:kek-v1", p.node_id())),
                "{msg}"
            );
        }
    }

    #[test]
    fn slot_holding_another_key_is_detected() {
        let t = tempfile::tempdir().unwrap();
        let (_dir, p, _c) = node(&t, "n");
        p.slot(1)
            .unwrap()
            .store(&Key32::from_bytes([9; 32]))
            .unwrap();
        let msg = p.health().unwrap_err().to_string();
        assert!(msg.contains("different key"), "{msg}");
    }

    #[test]
    fn two_nodes_do_not_see_each_others_keys() {
        let t = tempfile::tempdir().unwrap();
        let (_da, a, _ca) = node(&t, "a");
        let (_db, b, _cb) = node(&t, "b");
        assert_ne!(a.node_id(), b.node_id());
        assert_ne!(a.slot(1).unwrap(), b.slot(1).unwrap());
        let wa = a.wrap(&Key32::from_bytes([1; 32]), b"x").unwrap();
        let msg = b.unwrap(&wa, b"x").unwrap_err().to_string();
        assert!(
            msg.contains(a.node_id()) && msg.contains(b.node_id()),
            "{msg}"
        );
        // Even relabelled as b's, a's blob does not open under b's key.
        let relabelled = {
            let mut v = wa.clone();
            let from = format!("keyring:{}:", a.node_id());
            let to = format!("keyring:{}:", b.node_id());
            let at = v
                .windows(from.len())
                .position(|w| w == from.as_bytes())
                .unwrap();
            v[at..at + to.len()].copy_from_slice(to.as_bytes());
            v
        };
        assert!(matches!(
            b.unwrap(&relabelled, b"x"),
            Err(Error::UnwrapFailed { .. })
        ));
        // Clearing a's slot leaves b working.
        a.slot(1).unwrap().clear().unwrap();
        let wb = b.wrap(&Key32::from_bytes([2; 32]), b"x").unwrap();
        assert_eq!(b.unwrap(&wb, b"x").unwrap().as_bytes(), &[2; 32]);
        assert!(a.health().is_err());
    }

    #[test]
    fn keyring_slot_store_status_clear() {
        kernel_keyring();
        let t = tempfile::tempdir().unwrap();
        let dir = DataDir::create(t.path().join("n")).unwrap();
        let id = keyring_node_id(&dir).unwrap();
        let _c = Cleanup(vec![id.clone()]);
        assert_eq!(keyring_node_id(&dir).unwrap(), id, "the node id is stable");
        let slot = node_slot(&dir, "local-kek").unwrap();
        assert_eq!(slot.description(), format!("lango-node:{id}:local-kek"));

        assert!(!slot.is_present().unwrap());
        assert!(slot.try_load().unwrap().is_none());
        let msg = slot.load().unwrap_err().to_string();
        assert!(
            msg.contains("is gone") && msg.contains("keyring store"),
            "{msg}"
        );
        assert!(!slot.clear().unwrap());

        slot.store(&Key32::from_bytes([4; 32])).unwrap();
        assert!(slot.is_present().unwrap());
        assert_eq!(slot.load().unwrap().as_bytes(), &[4; 32]);
        slot.store(&Key32::from_bytes([6; 32])).unwrap();
        assert_eq!(slot.load().unwrap().as_bytes(), &[6; 32], "store replaces");
        assert!(slot.clear().unwrap());
        assert!(!slot.is_present().unwrap());

        // A provider created later on the same data dir keeps the node id.
        let p = KeyringProvider::create(&dir, &KeyringConfig::default()).unwrap();
        assert_eq!(p.node_id(), id);

        assert!(KeyringSlot::for_node(&id, "Bad Name").is_err());
        assert!(KeyringSlot::with_description("a\0b").is_err());
    }

    #[test]
    fn config_parses_from_toml_shape() {
        let c: KeyringConfig = serde_json::from_value(serde_json::json!({})).unwrap();
        assert_eq!(c.backend, KeyringBackend::Keyutils);
        assert!(serde_json::from_value::<KeyringConfig>(serde_json::json!({
            "backend": "macos-keychain"
        }))
        .is_err());
        assert!(serde_json::from_value::<KeyringConfig>(serde_json::json!({ "x": 1 })).is_err());
    }
}
