//! The node's data directory: its layout, its lock, and crash-safe file replacement.
//!
//! Layout (all under the data dir, which is mode 0700); [`LAYOUT`] is the same table
//! as data, and every path below is built from it, here and nowhere else:
//!
//! ```text
//! lock                  flock held by the one process using the dir
//! config.toml           the node's config (the default --config)
//! control.sock          the running daemon's control socket (mode 0600)
//! keys/provider.json    key-provider parameters (never a secret)
//! keys/registry.json    the key registry: every data key, wrapped by the provider
//! keys/<provider>.json  a hardware or cloud provider's state (key handles, versions)
//! identity.sealed       the agent identity key, sealed under the identity-seal subkey
//! identity.ref.sealed   where an external signer holds the agent key (sealed)
//! transport.sealed      the libp2p transport key, sealed
//! db/lango-vN.db        the SQLCipher database under database key version N (+ -wal, -shm)
//! replay.sled/          the replay cache (no secrets)
//! audit.log             the hash-chained audit log
//! ```
//!
//! A [`DataDir`] value *is* the lock: while it lives no other `DataDir` on the same
//! path, in this process or another, can be opened, so two processes cannot race a
//! migration or an init.

use std::ffi::OsString;
use std::fs::{self, DirBuilder, File, OpenOptions, TryLockError};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use rand_core::{OsRng, RngCore};

use crate::error::{Error, Result};

const KEYS_DIR: &str = "keys";
const LOCK_FILE: &str = "lock";
const REGISTRY: &str = "registry.json";
const PROVIDER_CONFIG: &str = "provider.json";
const IDENTITY_SEALED: &str = "identity.sealed";
const IDENTITY_REF_SEALED: &str = "identity.ref.sealed";
const TRANSPORT_SEALED: &str = "transport.sealed";
const DB_DIR: &str = "db";
const REPLAY_DB: &str = "replay.sled";
const AUDIT_LOG: &str = "audit.log";
const CONTROL_SOCKET: &str = "control.sock";
/// The config file's name in the data dir (the default `--config`).
pub const CONFIG_FILE: &str = "config.toml";

/// Every file and directory of a data dir and what it holds (`keys/<provider>.json`
/// stands for each provider's state file).
pub const LAYOUT: &[(&str, &str)] = &[
    (LOCK_FILE, "flock held by the one process using the dir"),
    (CONFIG_FILE, "the node's config"),
    (CONTROL_SOCKET, "the running daemon's control socket"),
    ("keys/provider.json", "key-provider parameters"),
    (
        "keys/registry.json",
        "every data key, wrapped by the provider",
    ),
    (
        "keys/<provider>.json",
        "a hardware or cloud provider's state",
    ),
    (IDENTITY_SEALED, "the agent identity key, sealed"),
    (
        IDENTITY_REF_SEALED,
        "where an external signer holds the agent key",
    ),
    (TRANSPORT_SEALED, "the libp2p transport key, sealed"),
    ("db/", "the SQLCipher application database"),
    ("replay.sled/", "the replay cache"),
    (AUDIT_LOG, "the hash-chained audit log"),
];

/// An opened, exclusively locked lango-node data directory.
#[derive(Debug)]
pub struct DataDir {
    path: PathBuf,
    /// Held for the lifetime of the value; the flock is released when it is closed.
    _lock: File,
}

impl DataDir {
    /// Creates (mode 0700) or adopts the directory at `path` for a new node, and locks it.
    ///
    /// Refuses a directory that already holds an initialised node (`keys/registry.json`)
    /// and an existing directory that group or others can access.
    pub fn create(path: impl AsRef<Path>) -> Result<DataDir> {
        let path = path.as_ref().to_path_buf();
        if path.join(KEYS_DIR).join(REGISTRY).exists() {
            return Err(Error::AlreadyInitialised { path });
        }
        match fs::metadata(&path) {
            Ok(meta) => check_private_dir(&path, &meta)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(&path)
                .map_err(|e| Error::io("create directory", &path, e))?,
            Err(e) => return Err(Error::io("inspect", &path, e)),
        }
        let lock = lock(&path)?;
        // Checked again under the lock: another process may have finished an init since.
        if path.join(KEYS_DIR).join(REGISTRY).exists() {
            return Err(Error::AlreadyInitialised { path });
        }
        let keys = path.join(KEYS_DIR);
        match DirBuilder::new().mode(0o700).create(&keys) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(Error::io("create directory", &keys, e)),
        }
        Ok(DataDir { path, _lock: lock })
    }

    /// Opens and locks the data directory of an existing node.
    ///
    /// Fails with [`Error::NotADataDir`] if `path` has no `keys/` directory and with
    /// [`Error::Locked`] if another `DataDir` holds it.
    pub fn open(path: impl AsRef<Path>) -> Result<DataDir> {
        let path = path.as_ref().to_path_buf();
        if !path.join(KEYS_DIR).is_dir() {
            return Err(Error::NotADataDir { path });
        }
        let meta = fs::metadata(&path).map_err(|e| Error::io("inspect", &path, e))?;
        check_private_dir(&path, &meta)?;
        let lock = lock(&path)?;
        Ok(DataDir { path, _lock: lock })
    }

    /// The data directory itself.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `keys/`: key-provider parameters and wrapped keys.
    pub fn keys_dir(&self) -> PathBuf {
        self.path.join(KEYS_DIR)
    }

    /// `keys/registry.json`: the key registry (every data key, wrapped by the provider).
    pub fn registry_path(&self) -> PathBuf {
        self.keys_dir().join(REGISTRY)
    }

    /// `keys/provider.json`: parameters of the key provider (never a secret).
    pub fn provider_config_path(&self) -> PathBuf {
        self.keys_dir().join(PROVIDER_CONFIG)
    }

    /// `keys/<provider>.json`: a hardware or cloud key provider's state.
    pub fn provider_state_path(&self, provider: &str) -> PathBuf {
        self.keys_dir().join(format!("{provider}.json"))
    }

    /// `identity.sealed`: the agent identity key.
    pub fn identity_sealed_path(&self) -> PathBuf {
        self.path.join(IDENTITY_SEALED)
    }

    /// `identity.ref.sealed`: where an external signer holds the agent key.
    pub fn identity_ref_path(&self) -> PathBuf {
        self.path.join(IDENTITY_REF_SEALED)
    }

    /// `transport.sealed`: the libp2p transport key.
    pub fn transport_sealed_path(&self) -> PathBuf {
        self.path.join(TRANSPORT_SEALED)
    }

    /// `db/`: the SQLCipher application database (one file per database key version).
    pub fn db_dir(&self) -> PathBuf {
        self.path.join(DB_DIR)
    }

    /// `replay.sled/`: the sled database of the replay cache.
    pub fn replay_db_path(&self) -> PathBuf {
        self.path.join(REPLAY_DB)
    }

    /// `audit.log`: the hash-chained audit log.
    pub fn audit_log_path(&self) -> PathBuf {
        Self::audit_log_in(&self.path)
    }

    /// The audit log of the data dir at `dir`, which need not be locked (it is
    /// append-only and read by `audit verify` beside a running node).
    pub fn audit_log_in(dir: &Path) -> PathBuf {
        dir.join(AUDIT_LOG)
    }

    /// `control.sock`: the running daemon's control socket.
    pub fn control_socket_path(&self) -> PathBuf {
        Self::control_socket_in(&self.path)
    }

    /// The control socket of the data dir at `dir` (clients do not lock the dir).
    pub fn control_socket_in(dir: &Path) -> PathBuf {
        dir.join(CONTROL_SOCKET)
    }

    /// The default data dir: `$XDG_DATA_HOME/lango-node`, or
    /// `~/.local/share/lango-node`; none without either variable.
    pub fn default_path() -> Option<PathBuf> {
        if let Some(x) = std::env::var_os("XDG_DATA_HOME").filter(|x| !x.is_empty()) {
            return Some(PathBuf::from(x).join("lango-node"));
        }
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share/lango-node"))
    }

    /// `lock`: the file whose flock this value holds.
    pub fn lock_path(&self) -> PathBuf {
        self.path.join(LOCK_FILE)
    }

    /// Reads a file that an initialised data dir must hold; a missing file means the
    /// dir was never initialised.
    pub(crate) fn read_required(&self, path: &Path) -> Result<Vec<u8>> {
        match fs::read(path) {
            Ok(b) => Ok(b),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::NotInitialised {
                path: self.path().to_path_buf(),
            }),
            Err(e) => Err(Error::io("read", path, e)),
        }
    }
}

fn check_private_dir(path: &Path, meta: &fs::Metadata) -> Result<()> {
    if !meta.is_dir() {
        return Err(Error::NotADataDir {
            path: path.to_path_buf(),
        });
    }
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(Error::InsecurePermissions {
            path: path.to_path_buf(),
            mode,
        });
    }
    Ok(())
}

fn lock(dir: &Path) -> Result<File> {
    let lock_path = dir.join(LOCK_FILE);
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(&lock_path)
        .map_err(|e| Error::io("open lock file", &lock_path, e))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(Error::Locked {
            path: dir.to_path_buf(),
        }),
        Err(TryLockError::Error(e)) => Err(Error::io("lock", &lock_path, e)),
    }
}

/// Replaces `path` with `bytes` so that a crash leaves either the old or the new file.
///
/// Writes a temporary file (mode `mode`) in the same directory, fsyncs it, renames it over
/// `path` and fsyncs the directory. On any failure before the rename the old file is
/// untouched and the temporary file is removed.
pub fn atomic_write(path: &Path, bytes: &[u8], mode: u32) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path.file_name().ok_or_else(|| {
        Error::io(
            "write",
            path,
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "path has no file name"),
        )
    })?;
    let tmp = dir.join(temp_name(name));

    let written = write_then_rename(&tmp, path, bytes, mode);
    if let Err(e) = written {
        // Best effort: the temp file may not exist if its creation was what failed.
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    fsync_dir(dir)
}

fn write_then_rename(tmp: &Path, path: &Path, bytes: &[u8], mode: u32) -> Result<()> {
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(tmp)
        .map_err(|e| Error::io("create temporary file", tmp, e))?;
    f.write_all(bytes).map_err(|e| Error::io("write", tmp, e))?;
    f.sync_all().map_err(|e| Error::io("fsync", tmp, e))?;
    fs::rename(tmp, path).map_err(|e| Error::io("rename temporary file over", path, e))
}

/// fsyncs a directory so a rename or create inside it survives a crash.
pub fn fsync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io("fsync directory", dir, e))
}

/// Creates `dir` with mode 0700 if it does not exist.
pub(crate) fn create_private_dir(dir: &Path) -> Result<()> {
    match DirBuilder::new().mode(0o700).create(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(Error::io("create directory", dir, e)),
    }
}

/// Sets a file's mode to 0600 (the database files SQLite creates).
pub(crate) fn restrict_mode(path: &Path) -> Result<()> {
    fs::set_permissions(path, fs::Permissions::from_mode(0o600))
        .map_err(|e| Error::io("chmod 0600", path, e))
}

fn temp_name(name: &std::ffi::OsStr) -> OsString {
    let mut r = [0u8; 8];
    OsRng.fill_bytes(&mut r);
    let mut t = OsString::from(".");
    t.push(name);
    t.push(format!(".tmp-{}", hex::encode(r)));
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_dir() -> (tempfile::TempDir, PathBuf) {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("node");
        (t, p)
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn create_makes_a_private_dir_with_keys_and_lock() {
        let (_t, p) = new_dir();
        let d = DataDir::create(&p).unwrap();
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o700
        );
        assert_eq!(
            fs::metadata(d.keys_dir()).unwrap().permissions().mode() & 0o777,
            0o700
        );
        assert!(d.lock_path().exists());
        assert_eq!(d.registry_path(), p.join("keys/registry.json"));
        assert_eq!(d.identity_sealed_path(), p.join("identity.sealed"));
        assert_eq!(d.db_dir(), p.join("db"));
        assert_eq!(d.replay_db_path(), p.join("replay.sled"));
        assert_eq!(d.audit_log_path(), p.join("audit.log"));
    }

    #[test]
    fn create_refuses_an_initialised_node() {
        let (_t, p) = new_dir();
        let d = DataDir::create(&p).unwrap();
        fs::write(d.registry_path(), b"x").unwrap();
        drop(d);
        assert!(matches!(
            DataDir::create(&p),
            Err(Error::AlreadyInitialised { path }) if path == p
        ));
    }

    #[test]
    fn create_refuses_a_group_readable_existing_dir() {
        let (_t, p) = new_dir();
        fs::create_dir(&p).unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o755)).unwrap();
        assert!(matches!(
            DataDir::create(&p),
            Err(Error::InsecurePermissions { mode: 0o755, .. })
        ));
    }

    #[test]
    fn open_of_a_missing_dir_says_run_init() {
        let (_t, p) = new_dir();
        let err = DataDir::open(&p).unwrap_err();
        assert!(matches!(err, Error::NotADataDir { .. }));
        assert_eq!(
            err.to_string(),
            format!(
                "no lango-node data dir at {}: run `lango-node init`",
                p.display()
            )
        );
    }

    #[test]
    fn second_open_while_locked_fails_with_locked() {
        let (_t, p) = new_dir();
        let first = DataDir::create(&p).unwrap();
        match DataDir::open(&p) {
            Err(Error::Locked { path }) => assert_eq!(path, p),
            other => panic!("expected Locked, got {other:?}"),
        }
        assert!(matches!(DataDir::create(&p), Err(Error::Locked { .. })));
        drop(first);
        DataDir::open(&p).unwrap();
    }

    #[test]
    fn atomic_write_replaces_content_with_mode() {
        let t = tempfile::tempdir().unwrap();
        let f = t.path().join("f");
        fs::write(&f, b"old").unwrap();
        atomic_write(&f, b"new", 0o600).unwrap();
        assert_eq!(fs::read(&f).unwrap(), b"new");
        assert_eq!(
            fs::metadata(&f).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(entries(t.path()), vec!["f"]);
    }

    #[test]
    fn atomic_write_failing_rename_leaves_target_and_no_temp_file() {
        let t = tempfile::tempdir().unwrap();
        // The target is a non-empty directory, so rename(file, target) must fail.
        let target = t.path().join("target");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("old"), b"old content").unwrap();
        let err = atomic_write(&target, b"new", 0o600).unwrap_err();
        assert!(matches!(err, Error::Io { op, .. } if op.starts_with("rename")));
        assert_eq!(fs::read(target.join("old")).unwrap(), b"old content");
        assert_eq!(entries(t.path()), vec!["target"]);
    }

    #[test]
    fn atomic_write_into_missing_dir_creates_nothing() {
        let t = tempfile::tempdir().unwrap();
        let f = t.path().join("missing/f");
        assert!(atomic_write(&f, b"x", 0o600).is_err());
        assert!(entries(t.path()).is_empty());
    }

    #[test]
    fn atomic_write_into_read_only_dir_keeps_old_content() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("ro");
        fs::create_dir(&dir).unwrap();
        let f = dir.join("f");
        fs::write(&f, b"old").unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o500)).unwrap();
        let probe = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(dir.join("probe"));
        if probe.is_ok() {
            // Running as root (or with CAP_DAC_OVERRIDE): permissions are not enforced,
            // so this failure cannot be simulated; the rename test covers the path.
            fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).unwrap();
            return;
        }
        assert!(atomic_write(&f, b"new", 0o600).is_err());
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).unwrap();
        assert_eq!(fs::read(&f).unwrap(), b"old");
        assert_eq!(entries(&dir), vec!["f"]);
    }
}
