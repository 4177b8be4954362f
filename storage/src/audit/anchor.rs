//! The anchor: the newest durable entry's head, written to the encrypted database by
//! the node (a closure the log is given), on a thread of its own.
//!
//! The log publishes a head only once its entry is durable (after the fsync that covers
//! it), so the anchor never names an entry a power loss could take back; a log found
//! shorter than its anchor was cut. The writer runs on its own thread because appends
//! are made while the node holds its vault (whose database the writer needs): an append
//! only publishes and never waits for the writer.

use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use super::line::Head;

/// First and longest wait before a failed anchor write is retried.
const RETRY_FIRST: Duration = Duration::from_millis(100);
const RETRY_MAX: Duration = Duration::from_secs(5);

/// Writes a head to the database; `Err` is a one-line reason.
pub type AnchorWriter = Box<dyn FnMut(Head) -> Result<(), String> + Send>;

#[derive(Default)]
struct State {
    /// Newest head that is durable in the log.
    durable: Option<Head>,
    /// Newest head the writer has written.
    anchored: Option<Head>,
    /// A writer thread is running.
    running: bool,
    stop: bool,
    /// The writer's last failure, until it next succeeds.
    failed: Option<String>,
}

/// Shared between the log, its flusher and the writer thread.
#[derive(Clone, Default)]
pub(super) struct Anchor(Arc<(Mutex<State>, Condvar)>);

fn newer(a: Option<Head>, b: Option<Head>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.seq > b.seq,
        (Some(_), None) => true,
        (None, _) => false,
    }
}

impl Anchor {
    /// An anchor that starts at `anchored` (what the database holds).
    pub fn new(anchored: Option<Head>) -> Anchor {
        let a = Anchor::default();
        a.lock().anchored = anchored;
        a
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.0 .0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// `head` is durable in the log.
    pub fn publish(&self, head: Head) {
        let mut st = self.lock();
        if newer(Some(head), st.durable) {
            st.durable = Some(head);
            self.0 .1.notify_all();
        }
    }

    /// The writer's last failure, while it has not written since.
    pub fn failure(&self) -> Option<String> {
        self.lock().failed.clone()
    }

    /// What the database holds, as far as this log knows.
    pub fn anchored(&self) -> Option<Head> {
        self.lock().anchored
    }

    /// Starts the writer thread. A failed write is retried with backoff (0.1 s doubling
    /// to 5 s) until it succeeds or the log is closed; appends never wait for it.
    pub fn start(&self, mut write: AnchorWriter) -> std::io::Result<JoinHandle<()>> {
        self.lock().running = true;
        let me = self.clone();
        std::thread::Builder::new()
            .name("audit-anchor".into())
            .spawn(move || {
                let mut backoff = RETRY_FIRST;
                let mut st = me.lock();
                loop {
                    while !newer(st.durable, st.anchored) && !st.stop {
                        st = me.0 .1.wait(st).unwrap_or_else(|p| p.into_inner());
                    }
                    let Some(head) = st.durable.filter(|_| newer(st.durable, st.anchored)) else {
                        break; // stopped with nothing left to write
                    };
                    drop(st);
                    let r = write(head);
                    st = me.lock();
                    match r {
                        Ok(()) => {
                            if newer(Some(head), st.anchored) {
                                st.anchored = Some(head);
                            }
                            st.failed = None;
                            backoff = RETRY_FIRST;
                        }
                        Err(e) => {
                            st.failed = Some(e);
                            me.0 .1.notify_all();
                            if st.stop {
                                break; // closing: one last try was made
                            }
                            st =
                                me.0 .1
                                    .wait_timeout_while(st, backoff, |s| !s.stop)
                                    .map(|(g, _)| g)
                                    .unwrap_or_else(|p| p.into_inner().0);
                            backoff = (backoff * 2).min(RETRY_MAX);
                        }
                    }
                    me.0 .1.notify_all();
                }
                st.running = false;
                me.0 .1.notify_all();
            })
    }

    /// Waits until `head` (or a newer one) is written; fails at once while the writer is
    /// failing, or if none runs.
    pub fn wait_for(&self, head: Head) -> Result<(), String> {
        let mut st = self.lock();
        loop {
            if !newer(Some(head), st.anchored) {
                return Ok(());
            }
            if let Some(e) = &st.failed {
                return Err(e.clone());
            }
            if !st.running {
                return Err("no anchor writer is running".into());
            }
            st = self.0 .1.wait(st).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Asks the writer to write what is durable and end.
    pub fn stop(&self) {
        self.lock().stop = true;
        self.0 .1.notify_all();
    }
}
