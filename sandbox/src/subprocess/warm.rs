//! The warm pool: launchers forked, isolated and waiting at their gate before their call
//! arrives, so that a call pays only for exec'ing the tool.
//!
//! Each one was started for one tool's exact job (argv, environment, limits, required
//! layers; keyed by the job's SHA-256 with the scratch path left out) with its own fresh
//! scratch directory, and serves **one** call: it execs the tool when the node writes
//! `G` followed by the input, and ends without running anything on EOF. A launcher that
//! died while waiting is thrown away, not used.

use std::collections::HashMap;
use std::os::fd::AsRawFd;
use std::sync::Mutex;

use super::call::Started;
use super::scratch::Scratch;
use super::sys;
use super::wire::LaunchSpec;

/// SHA-256 of a job without its scratch path.
pub(crate) type Key = [u8; 32];

/// A launcher at its gate, with the scratch directory and job it was started with.
pub(crate) struct Ready {
    pub started: Started,
    pub scratch: Scratch,
    pub job: LaunchSpec,
}

impl Ready {
    /// Still waiting: the launcher has not exited, and its status pipe has neither hung
    /// up nor said anything unexpected.
    fn alive(&self) -> bool {
        self.started.ready()
            && !self.started.launcher_exited()
            && !sys::pipe_hung_up(self.started.status_fd().as_raw_fd())
    }
}

#[derive(Default)]
struct Slot {
    ready: Vec<Ready>,
    starting: usize,
}

/// Launchers at their gate, per job.
#[derive(Default)]
pub(crate) struct Pool {
    slots: Mutex<HashMap<Key, Slot>>,
    /// Signalled whenever a start ends (put or failed).
    started: tokio::sync::Notify,
}

impl std::fmt::Debug for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pool {{ waiting: {} }}", self.waiting())
    }
}

impl Pool {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Slot>> {
        self.slots.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A live launcher for `key`, if one is waiting (dead ones are dropped, which kills
    /// whatever is left of them).
    pub(crate) fn take(&self, key: &Key) -> Option<Ready> {
        let mut slots = self.lock();
        let slot = slots.get_mut(key)?;
        while let Some(r) = slot.ready.pop() {
            if r.alive() {
                return Some(r);
            }
        }
        None
    }

    /// How many launchers to start now so that `key` reaches `target`; they are counted
    /// as starting until [`Pool::put`] or [`Pool::failed`].
    pub(crate) fn reserve(&self, key: &Key, target: usize) -> usize {
        let mut slots = self.lock();
        let slot = slots.entry(*key).or_default();
        let n = target.saturating_sub(slot.ready.len() + slot.starting);
        slot.starting += n;
        n
    }

    /// A launcher that reached its gate.
    pub(crate) fn put(&self, key: &Key, r: Ready) {
        let mut slots = self.lock();
        let slot = slots.entry(*key).or_default();
        slot.starting = slot.starting.saturating_sub(1);
        slot.ready.push(r);
        drop(slots);
        self.started.notify_waiters();
    }

    /// A start that failed.
    pub(crate) fn failed(&self, key: &Key) {
        if let Some(slot) = self.lock().get_mut(key) {
            slot.starting = slot.starting.saturating_sub(1);
        }
        self.started.notify_waiters();
    }

    /// Returns once no launcher is being started for the pool.
    pub(crate) async fn settled(&self) {
        crate::settle::until(&self.started, || {
            self.lock().values().all(|s| s.starting == 0)
        })
        .await;
    }

    /// Scratch directories of the launchers waiting now, and how many are starting.
    pub(crate) fn scratch_dirs(&self) -> (Vec<std::path::PathBuf>, usize) {
        let slots = self.lock();
        let dirs = slots
            .values()
            .flat_map(|s| s.ready.iter().map(|r| r.scratch.path().to_path_buf()))
            .collect();
        (dirs, slots.values().map(|s| s.starting).sum())
    }

    /// Pids of the launchers waiting now.
    pub(crate) fn pids(&self) -> Vec<i32> {
        let slots = self.lock();
        slots
            .values()
            .flat_map(|s| s.ready.iter().map(|r| r.started.pid()))
            .collect()
    }

    /// Launchers waiting now, over all jobs.
    pub(crate) fn waiting(&self) -> usize {
        self.lock().values().map(|s| s.ready.len()).sum()
    }

    /// Drops every waiting launcher (each is killed).
    pub(crate) fn clear(&self) {
        let drained: Vec<Slot> = self.lock().drain().map(|(_, s)| s).collect();
        drop(drained);
    }
}
