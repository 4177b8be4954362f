//! Per-call scratch directories: fresh, mode 0700, owned by the sandbox uid, removed
//! when the call ends (also when its future is dropped).

use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::SandboxError;

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A scratch directory that removes itself on drop.
#[derive(Debug)]
pub(crate) struct Scratch {
    path: PathBuf,
}

fn io_err(path: &Path, source: std::io::Error) -> SandboxError {
    SandboxError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Makes sure `root` exists and the sandbox uid can traverse it (mode 0711 when created
/// here; an existing directory must already allow others to search it).
pub(crate) fn prepare_root(root: &Path) -> Result<(), SandboxError> {
    if !root.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o711)
            .create(root)
            .map_err(|e| io_err(root, e))?;
        std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o711))
            .map_err(|e| io_err(root, e))?;
    }
    let meta = std::fs::metadata(root).map_err(|e| io_err(root, e))?;
    if !meta.is_dir() {
        return Err(SandboxError::Unavailable {
            kind: "subprocess",
            why: format!("scratch root {} is not a directory", root.display()),
        });
    }
    if meta.permissions().mode() & 0o001 == 0 {
        return Err(SandboxError::Unavailable {
            kind: "subprocess",
            why: format!(
                "scratch root {} is not searchable by the sandbox uid (needs o+x, e.g. 0711)",
                root.display()
            ),
        });
    }
    Ok(())
}

impl Scratch {
    /// Creates a fresh directory under `root`, 0700, owned by `uid`:`gid` (when root).
    pub(crate) fn create(root: &Path, uid: u32, gid: u32) -> Result<Scratch, SandboxError> {
        loop {
            let nanos = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or(0);
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let path = root.join(format!("call-{}-{n}-{nanos:x}", std::process::id()));
            match std::fs::DirBuilder::new().mode(0o700).create(&path) {
                Ok(()) => {
                    let scratch = Scratch { path };
                    if super::sys::geteuid() == 0 {
                        super::sys::chown(&scratch.path, uid, gid)
                            .map_err(|e| io_err(&scratch.path, e))?;
                    }
                    return Ok(scratch);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(io_err(&path, e)),
            }
        }
    }

    /// The directory.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if std::fs::remove_dir_all(&self.path).is_ok() || !self.path.exists() {
            return;
        }
        // A process of the call may still be dying and writing; retry off this thread.
        let path = std::mem::take(&mut self.path);
        std::thread::spawn(move || {
            for _ in 0..100 {
                std::thread::sleep(Duration::from_millis(100));
                if std::fs::remove_dir_all(&path).is_ok() || !path.exists() {
                    return;
                }
            }
            tracing::error!(path = %path.display(), "could not remove a sandbox scratch directory");
        });
    }
}
