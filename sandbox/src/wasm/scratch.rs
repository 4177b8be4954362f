//! Per-call scratch directories for wasm guests, kept off the call's critical path.
//!
//! A call takes a directory that was created empty (mode 0700, in the node-private
//! scratch root) before the call arrived, and hands it back when it ends; a janitor
//! thread removes it and makes the next spare. Each directory serves exactly one call:
//! nothing a guest leaves behind is seen by another. On a disk-backed root, `mkdir` +
//! `remove_dir_all` cost ~100 µs, more than the guest's whole run.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::SandboxError;

/// What the janitor is asked to do.
enum Job {
    /// Remove a used directory (and top the spares up).
    Remove(PathBuf),
    /// Top the spares up.
    Refill,
}

/// Spare directories and the janitor that removes used ones and makes new ones.
pub(crate) struct ScratchPool {
    shared: Arc<Shared>,
    jobs: Option<Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

struct Shared {
    root: PathBuf,
    spares: Mutex<Vec<PathBuf>>,
    /// How many spares the janitor keeps ready.
    target: usize,
    /// Jobs sent to the janitor and not finished yet.
    pending: AtomicUsize,
    /// Notified (`notify_waiters`) each time `pending` drops to zero.
    idle: tokio::sync::Notify,
}

/// One call's directory; given back to the pool (for removal) when dropped, also when
/// the call's future is dropped mid-run.
pub(crate) struct Scratch {
    path: PathBuf,
    jobs: Option<Sender<Job>>,
    /// Keeps the pool's count of outstanding directories honest (see its `Drop`), and
    /// counts the removal as pending work.
    pool: Arc<Shared>,
}

impl Scratch {
    /// The host path.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let path = std::mem::take(&mut self.path);
        let sent = match &self.jobs {
            Some(j) => self
                .pool
                .send(j, Job::Remove(path))
                .map_err(|job| match job {
                    Job::Remove(p) => p,
                    Job::Refill => PathBuf::new(),
                }),
            None => Err(path),
        };
        if let Err(path) = sent {
            remove(&path);
        }
    }
}

fn remove(path: &Path) {
    if path.as_os_str().is_empty() {
        return;
    }
    if let Err(e) = std::fs::remove_dir_all(path) {
        if e.kind() != std::io::ErrorKind::NotFound {
            tracing::warn!(path = %path.display(), error = %e, "wasm: scratch dir not removed");
        }
    }
}

/// Creates `root/wasm-<pid>-<n>-<nanos>` with mode 0700; fails if it exists.
fn create(root: &Path) -> Result<PathBuf, SandboxError> {
    use std::os::unix::fs::DirBuilderExt;
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let path = root.join(format!("wasm-{}-{n}-{nanos}", std::process::id()));
    std::fs::DirBuilder::new()
        .mode(0o700)
        .create(&path)
        .map_err(|source| SandboxError::Io {
            path: path.clone(),
            source,
        })?;
    Ok(path)
}

impl Shared {
    fn spares(&self) -> std::sync::MutexGuard<'_, Vec<PathBuf>> {
        self.spares.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Hands `job` to the janitor, counted in `pending` until it is done; gives it back
    /// if the janitor is gone.
    fn send(&self, jobs: &Sender<Job>, job: Job) -> Result<(), Job> {
        self.pending.fetch_add(1, Ordering::SeqCst);
        jobs.send(job).map_err(|e| {
            self.done();
            e.0
        })
    }

    /// One job finished (or was never taken).
    fn done(&self) {
        if self.pending.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.idle.notify_waiters();
        }
    }

    fn refill(&self) {
        while self.spares().len() < self.target {
            match create(&self.root) {
                Ok(p) => self.spares().push(p),
                Err(e) => {
                    tracing::warn!(error = %e, "wasm: cannot make a spare scratch dir");
                    return;
                }
            }
        }
    }
}

fn janitor(shared: &Shared, jobs: &Receiver<Job>) {
    // The first fill is pending work from the start (see `ScratchPool::start`).
    shared.refill();
    shared.done();
    while let Ok(job) = jobs.recv() {
        if let Job::Remove(p) = job {
            remove(&p);
        }
        shared.refill();
        shared.done();
    }
    // The pool is gone: remove the spares too.
    for p in shared.spares().drain(..) {
        remove(&p);
    }
}

impl ScratchPool {
    /// Starts the janitor, which keeps `target` spare directories under `root`.
    pub(crate) fn start(root: &Path, target: usize) -> Result<ScratchPool, SandboxError> {
        let shared = Arc::new(Shared {
            root: root.to_path_buf(),
            spares: Mutex::new(Vec::new()),
            target,
            // The janitor's first fill, counted before its thread runs.
            pending: AtomicUsize::new(1),
            idle: tokio::sync::Notify::new(),
        });
        let (tx, rx) = mpsc::channel();
        let theirs = shared.clone();
        let thread = std::thread::Builder::new()
            .name("wasm-scratch".into())
            .spawn(move || janitor(&theirs, &rx))
            .map_err(|e| SandboxError::Setup {
                kind: "wasm",
                why: format!("scratch janitor thread: {e}"),
            })?;
        Ok(ScratchPool {
            shared,
            jobs: Some(tx),
            thread: Some(thread),
        })
    }

    /// A fresh, empty directory for one call: a spare if one is ready, else made now.
    pub(crate) fn take(&self) -> Result<Scratch, SandboxError> {
        let spare = self.shared.spares().pop();
        let path = match spare {
            Some(p) => p,
            None => create(&self.shared.root)?,
        };
        if let Some(j) = &self.jobs {
            let _ = self.shared.send(j, Job::Refill);
        }
        Ok(Scratch {
            path,
            jobs: self.jobs.clone(),
            pool: self.shared.clone(),
        })
    }

    /// Returns once the janitor has removed every directory handed back so far and
    /// topped the spares up (or failed to: it logs why).
    pub(crate) async fn settled(&self) {
        crate::settle::until(&self.shared.idle, || {
            self.shared.pending.load(Ordering::SeqCst) == 0
        })
        .await;
    }

    /// The spare directories ready now (they exist, empty, under the root).
    pub(crate) fn spares(&self) -> Vec<PathBuf> {
        self.shared.spares().clone()
    }
}

impl Drop for ScratchPool {
    /// Lets the janitor finish what was handed back and remove the spares, then waits
    /// for it. Calls hold a borrow of the sandbox, so none is left when it drops; if a
    /// leaked one is (it holds a sender and a count here), the janitor is left to end
    /// when that one does rather than block here.
    fn drop(&mut self) {
        self.jobs = None;
        if let Some(t) = self.thread.take() {
            // The pool's own reference and the janitor's.
            if Arc::strong_count(&self.shared) <= 2 {
                let _ = t.join();
            }
        }
    }
}
