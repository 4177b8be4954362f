//! `backup` of a running node and `restore` into an empty data dir.
//!
//! A backup is a directory laid out like a data dir: the config, the provider's files
//! and the wrapped key registry (`keys/`), the sealed identity and transport keys, a
//! consistent copy of the encrypted database (`db/`, one read transaction, same key),
//! every audit segment (after the database, so the log reaches the anchor the copy
//! holds), and `backup.json`, which lists every file with its size and SHA-256. Nothing
//! in it is in clear that is not in clear in the data dir. The replay cache is not
//! copied (a restored node starts with an empty one; see docs/operations.md).

use std::fs::{self, File, OpenOptions};
use std::io::Read;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::{Actor, Ops, OpsError};
use crate::vault;

/// `O_NOFOLLOW`: a file of a backup or a data dir is never reached through a symlink.
const NOFOLLOW: i32 = rustix::fs::OFlags::NOFOLLOW.bits() as i32;

/// The manifest's name in a backup.
pub const MANIFEST: &str = "backup.json";
/// The manifest format.
const FORMAT: u32 = 1;

/// One file of a backup.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct BackupFile {
    /// Path inside the backup (and the data dir), `/`-separated.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// Hex SHA-256 of the contents.
    pub sha256: String,
}

/// `backup.json`: what a backup holds.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Manifest format (1).
    pub format: u32,
    /// RFC 3339 time the backup was taken.
    pub created_at: String,
    /// The node's DID.
    pub did: String,
    /// Version of the binary that took it.
    pub version: String,
    /// Every file, with its size and hash.
    pub files: Vec<BackupFile>,
}

impl Ops {
    /// Takes a consistent backup of the running node into `to`, which must not exist
    /// or be an empty directory (nothing is overwritten). Audited.
    pub async fn backup(&self, actor: &Actor, to: PathBuf) -> Result<Manifest, OpsError> {
        if !to.is_absolute() {
            return Err(OpsError::input(format!(
                "backup --to {}: give an absolute path (the node writes it, from its own \
                 working directory)",
                to.display()
            )));
        }
        // Never inside the data dir (a directory named like an audit segment would be
        // taken for one), and never an existing directory (nobody else's, no symlink):
        // the node creates it, mode 0700.
        let data = self.node.data_dir_path();
        let parent = to.parent().unwrap_or(Path::new("/"));
        let parent_real = fs::canonicalize(parent).map_err(|e| {
            OpsError::input(format!(
                "backup --to {}: {}: {e}",
                to.display(),
                parent.display()
            ))
        })?;
        let data_real = fs::canonicalize(&data).unwrap_or(data);
        if parent_real.starts_with(&data_real) {
            return Err(OpsError::input(format!(
                "backup --to {}: not inside the data dir",
                to.display()
            )));
        }
        if fs::symlink_metadata(&to).is_ok() {
            return Err(OpsError::input(format!(
                "backup --to {}: it exists; a backup goes into a new directory",
                to.display()
            )));
        }
        let node = self.node.clone();
        let did = self.node.local_key().did().to_string();
        let dest = to.clone();
        let manifest = tokio::task::spawn_blocking(move || -> Result<Manifest, OpsError> {
            prepare_empty_dir(&dest)?;
            {
                let shared = node.vault();
                let mut v = vault::lock(&shared);
                copy_keys_and_config(v.dir.path(), &dest)?;
                let db_dir = dest.join("db");
                make_dir(&db_dir)?;
                let vault::Vault { db, registry, .. } = &mut *v;
                db.backup_into(&db_dir, registry)?;
            }
            // After the database: the log copied reaches at least the entry the copy's
            // anchor names.
            node.audit_log().copy_into(&dest)?;
            let manifest = Manifest {
                format: FORMAT,
                created_at: crate::clock::rfc3339(crate::clock::now()),
                did,
                version: env!("CARGO_PKG_VERSION").into(),
                files: list(&dest)?,
            };
            write_manifest(&dest, &manifest)?;
            Ok(manifest)
        })
        .await
        .map_err(|e| OpsError::internal(format!("backup task failed: {e}")))??;
        self.node.audit(
            "backup",
            json!({"to": to.display().to_string(), "files": manifest.files.len(), "by": actor.describe()}),
        );
        Ok(manifest)
    }
}

/// Restores the backup at `from` into the data dir `to`, which must not exist or be an
/// empty directory: every file is checked against the manifest first, then copied into
/// a new directory beside `to` that is renamed into place, so a failure leaves no half
/// data dir.
pub fn restore(from: &Path, to: &Path) -> Result<Manifest, OpsError> {
    let text = fs::read_to_string(from.join(MANIFEST)).map_err(|e| {
        OpsError::input(format!(
            "{}: not a lango-node backup ({MANIFEST}: {e})",
            from.display()
        ))
    })?;
    let manifest: Manifest = serde_json::from_str(&text).map_err(|e| {
        OpsError::input(format!("{}: {MANIFEST} is not valid: {e}", from.display()))
    })?;
    if manifest.format != FORMAT {
        return Err(OpsError::input(format!(
            "{}: backup format {} (this binary reads {FORMAT})",
            from.display(),
            manifest.format
        )));
    }
    for f in &manifest.files {
        let path = inside(from, &f.path)?;
        let (bytes, sha) = hash(&path)?;
        if bytes != f.bytes || sha != f.sha256 {
            return Err(OpsError::input(format!(
                "{}: {} does not match the manifest (altered or incomplete backup)",
                from.display(),
                f.path
            )));
        }
    }
    match fs::read_dir(to) {
        Ok(mut d) => {
            if d.next().is_some() {
                return Err(OpsError::input(format!(
                    "{} is not empty: restore only into a new data dir",
                    to.display()
                )));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(OpsError::input(format!("{}: {e}", to.display()))),
    }
    let parent = to
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let staging = parent.join(format!(
        ".{}.restoring-{}",
        to.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        std::process::id()
    ));
    let result = (|| -> Result<(), OpsError> {
        make_dir(&staging)?;
        for f in &manifest.files {
            let src = inside(from, &f.path)?;
            let dst = inside(&staging, &f.path)?;
            if let Some(d) = dst.parent() {
                if !d.exists() {
                    make_dir(d)?;
                }
            }
            copy_file(&src, &dst)?;
            // What is restored is what was checked: the staged copy itself (a source
            // swapped after the first check is caught here).
            let (bytes, sha) = hash(&dst)?;
            if bytes != f.bytes || sha != f.sha256 {
                return Err(OpsError::input(format!(
                    "{}: {} changed while it was restored (altered backup)",
                    from.display(),
                    f.path
                )));
            }
        }
        sync_dir(&staging)?;
        if to.exists() {
            fs::remove_dir(to).map_err(|e| io("replace the empty", to, e))?;
        }
        fs::rename(&staging, to).map_err(|e| io("move into place", to, e))?;
        sync_dir(parent)
    })();
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result.map(|()| manifest)
}

fn io(what: &str, path: &Path, e: std::io::Error) -> OpsError {
    OpsError::internal(format!("cannot {what} {}: {e}", path.display()))
}

/// `rel` under `root`, refusing anything that could leave it.
fn inside(root: &Path, rel: &str) -> Result<PathBuf, OpsError> {
    let p = Path::new(rel);
    let ok = !rel.is_empty()
        && p.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !ok {
        return Err(OpsError::input(format!(
            "the manifest names {rel:?}, which is not a plain path inside the backup"
        )));
    }
    Ok(root.join(p))
}

fn make_dir(p: &Path) -> Result<(), OpsError> {
    fs::DirBuilder::new()
        .mode(0o700)
        .create(p)
        .map_err(|e| io("create", p, e))
}

fn sync_dir(p: &Path) -> Result<(), OpsError> {
    Ok(lango_storage::datadir::fsync_dir(p)?)
}

/// `to` must not exist (it is created, mode 0700) or be an empty directory.
fn prepare_empty_dir(to: &Path) -> Result<(), OpsError> {
    match fs::read_dir(to) {
        Ok(mut d) => {
            if d.next().is_some() {
                return Err(OpsError::input(format!(
                    "{} is not empty: a backup never overwrites",
                    to.display()
                )));
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => make_dir(to),
        Err(e) => Err(OpsError::input(format!("{}: {e}", to.display()))),
    }
}

/// A new file `to` (mode 0600) with the contents of `from` (not followed if it is a
/// symlink), fsynced.
fn copy_file(from: &Path, to: &Path) -> Result<(), OpsError> {
    let mut src = OpenOptions::new()
        .read(true)
        .custom_flags(NOFOLLOW)
        .open(from)
        .map_err(|e| io("open", from, e))?;
    let mut dst = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(to)
        .map_err(|e| io("create", to, e))?;
    std::io::copy(&mut src, &mut dst).map_err(|e| io("copy", from, e))?;
    dst.sync_all().map_err(|e| io("fsync", to, e))
}

/// The config, `keys/` and the sealed key files, as they are (the vault lock is held,
/// so no rotation changes them meanwhile).
fn copy_keys_and_config(data: &Path, dest: &Path) -> Result<(), OpsError> {
    for name in [
        lango_storage::datadir::CONFIG_FILE,
        "identity.sealed",
        "identity.ref.sealed",
        "transport.sealed",
    ] {
        let src = data.join(name);
        if src.is_file() {
            copy_file(&src, &dest.join(name))?;
        }
    }
    let keys = data.join("keys");
    make_dir(&dest.join("keys"))?;
    for e in fs::read_dir(&keys).map_err(|e| io("read", &keys, e))? {
        let e = e.map_err(|e| io("read", &keys, e))?;
        if e.file_type().map(|t| t.is_file()).unwrap_or(false) {
            copy_file(&e.path(), &dest.join("keys").join(e.file_name()))?;
        }
    }
    Ok(())
}

fn hash(p: &Path) -> Result<(u64, String), OpsError> {
    let mut f = File::open(p).map_err(|e| io("open", p, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut n = 0u64;
    loop {
        let k = f.read(&mut buf).map_err(|e| io("read", p, e))?;
        if k == 0 {
            break;
        }
        n += k as u64;
        h.update(&buf[..k]);
    }
    Ok((n, hex::encode(h.finalize())))
}

/// Every file under `root` (but the manifest), with its size and hash, sorted.
fn list(root: &Path) -> Result<Vec<BackupFile>, OpsError> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let dir = root.join(&rel);
        for e in fs::read_dir(&dir).map_err(|e| io("read", &dir, e))? {
            let e = e.map_err(|e| io("read", &dir, e))?;
            let r = rel.join(e.file_name());
            let t = e.file_type().map_err(|err| io("inspect", &dir, err))?;
            if t.is_dir() {
                stack.push(r);
            } else if t.is_file() && r != Path::new(MANIFEST) {
                let (bytes, sha256) = hash(&e.path())?;
                out.push(BackupFile {
                    path: r.to_string_lossy().into_owned(),
                    bytes,
                    sha256,
                });
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

fn write_manifest(dest: &Path, m: &Manifest) -> Result<(), OpsError> {
    let text = serde_json::to_vec_pretty(m)
        .map_err(|e| OpsError::internal(format!("cannot encode the manifest: {e}")))?;
    let p = dest.join(MANIFEST);
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&p)
        .map_err(|e| io("create", &p, e))?;
    std::io::Write::write_all(&mut f, &text).map_err(|e| io("write", &p, e))?;
    f.sync_all().map_err(|e| io("fsync", &p, e))?;
    sync_dir(dest)
}
