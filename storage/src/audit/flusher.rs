//! Group commit for [`Durability::Within`](super::Durability::Within): a thread that
//! fsyncs what was appended at most an interval later, then publishes the newest head
//! it covered to the anchor.

use std::fs::File;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use super::anchor::Anchor;
use super::line::Head;

/// What the append path and the flusher thread share.
#[derive(Default)]
pub(super) struct FlushState {
    /// Entries written since the flusher last took a batch.
    pub dirty: bool,
    /// The newest entry written (published once an fsync covers it).
    pub written: Option<Head>,
    /// Fsyncs under way that cover entries no longer counted in `dirty`: the flusher's
    /// group commit and any explicit [`AuditLog::sync`](super::AuditLog::sync).
    pub syncing: u32,
    /// Set by `Drop`: sync what is dirty and end.
    stop: bool,
    /// Fsyncs the flusher has done (group commits).
    pub syncs: u64,
    /// An fsync that failed; the next append reports it.
    pub failed: Option<std::io::Error>,
    /// The file to fsync: the active segment, replaced when it is closed.
    pub file: Option<Arc<File>>,
}

pub(super) struct Flusher {
    pub shared: Arc<(Mutex<FlushState>, Condvar)>,
    thread: Option<JoinHandle<()>>,
}

impl Flusher {
    pub fn start(file: File, every: Duration, anchor: Anchor) -> std::io::Result<Flusher> {
        let shared: Arc<(Mutex<FlushState>, Condvar)> = Arc::default();
        shared.0.lock().unwrap_or_else(|p| p.into_inner()).file = Some(Arc::new(file));
        let theirs = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("audit-flush".into())
            .spawn(move || flush_loop(&theirs, every, &anchor))?;
        Ok(Flusher {
            shared,
            thread: Some(thread),
        })
    }

    pub fn lock(&self) -> std::sync::MutexGuard<'_, FlushState> {
        self.shared.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Drop for Flusher {
    fn drop(&mut self) {
        self.lock().stop = true;
        self.shared.1.notify_all();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Waits for a write, lets `every` pass (or a stop), fsyncs, publishes; repeats until
/// stopped with nothing dirty. The fsync runs without the append lock, so appends are
/// not held up.
fn flush_loop(shared: &(Mutex<FlushState>, Condvar), every: Duration, anchor: &Anchor) {
    let (lock, cv) = shared;
    let mut st = lock.lock().unwrap_or_else(|p| p.into_inner());
    loop {
        while !st.dirty && !st.stop {
            st = cv.wait(st).unwrap_or_else(|p| p.into_inner());
        }
        if !st.dirty {
            return;
        }
        if !st.stop {
            st = cv
                .wait_timeout_while(st, every, |s| !s.stop)
                .map(|(g, _)| g)
                .unwrap_or_else(|p| p.into_inner().0);
        }
        st.dirty = false;
        st.syncing += 1;
        // Every entry up to `written` is in the file: an append writes before it marks.
        let covered = st.written;
        let file = st.file.clone();
        drop(st);
        // A segment closed meanwhile was fsynced by the append that closed it; the file
        // taken here is the one `covered` was written to, or a newer one.
        let synced = file.map_or(Ok(()), |f| f.sync_data());
        st = lock.lock().unwrap_or_else(|p| p.into_inner());
        st.syncing -= 1;
        match synced {
            Ok(()) => {
                st.syncs += 1;
                if let Some(h) = covered {
                    anchor.publish(h);
                }
            }
            Err(e) => {
                st.dirty = true;
                st.failed = Some(e);
                if st.stop {
                    return; // closing: the next open reads what reached the disk
                }
            }
        }
    }
}
