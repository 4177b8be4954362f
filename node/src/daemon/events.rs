//! The node's security-event log: a bounded in-memory history for `lango-node events`,
//! a broadcast for `--follow`, per-kind counters for metrics, and the sliding window
//! that trips auto-revocation.

use std::collections::VecDeque;

use serde::Serialize;
use tokio::sync::broadcast;

use lango_protocol::events::{EventWindow, SecurityEventKind, Weight};
use lango_protocol::{PeerIdBytes, UnixMillis};

use crate::clock::rfc3339;

/// One security event as shown to operators.
#[derive(Clone, Debug, Serialize)]
pub struct EventRecord {
    /// RFC 3339 time.
    pub time: String,
    /// Event kind (`bad_signature`, ...).
    pub kind: &'static str,
    /// Authenticated transport PeerId of the offender.
    pub peer_id: String,
    /// Its DID, only when an authenticated session proves it.
    pub did: Option<String>,
    /// The name this node gives that DID, if any.
    pub name: Option<String>,
    /// Human-readable detail.
    pub detail: String,
}

/// History, counters, window.
pub(crate) struct EventLog {
    history: VecDeque<EventRecord>,
    cap: usize,
    counts: [u64; SecurityEventKind::ALL.len()],
    window: EventWindow,
    /// The separate, higher misuse threshold (`None`: off, the default).
    misuse: Option<EventWindow>,
    tx: broadcast::Sender<EventRecord>,
}

impl EventLog {
    /// A log keeping `cap` events, tripping at `threshold` hostile events per
    /// `window_ms`, or at `misuse_threshold` misuse events (0: never).
    pub fn new(cap: usize, window_ms: u64, threshold: usize, misuse_threshold: usize) -> Self {
        let (tx, _) = broadcast::channel(1024);
        Self {
            history: VecDeque::new(),
            cap: cap.max(1),
            counts: [0; SecurityEventKind::ALL.len()],
            window: EventWindow::new(window_ms, threshold, 4096),
            misuse: (misuse_threshold > 0)
                .then(|| EventWindow::new(window_ms, misuse_threshold, 4096)),
            tx,
        }
    }

    /// Records an event; true when it makes the peer cross its threshold: hostile
    /// events count toward the threshold, misuse only toward the misuse threshold (when
    /// one is set), the rest toward nothing.
    pub fn record(
        &mut self,
        kind: SecurityEventKind,
        peer: &PeerIdBytes,
        peer_str: String,
        (did, name): (Option<String>, Option<String>),
        detail: String,
        now: UnixMillis,
    ) -> (EventRecord, bool) {
        let rec = EventRecord {
            time: rfc3339(now),
            kind: kind.as_str(),
            peer_id: peer_str,
            did,
            name,
            detail,
        };
        if let Some(i) = SecurityEventKind::ALL.iter().position(|k| *k == kind) {
            self.counts[i] += 1;
        }
        if self.history.len() == self.cap {
            self.history.pop_front();
        }
        self.history.push_back(rec.clone());
        let _ = self.tx.send(rec.clone());
        let tripped = match kind.weight() {
            Weight::Hostile => self.window.record(peer, now),
            Weight::Misuse => self.misuse.as_mut().is_some_and(|w| w.record(peer, now)),
            Weight::Ignored => false,
        };
        (rec, tripped)
    }

    /// Events, oldest first.
    pub fn history(&self) -> Vec<EventRecord> {
        self.history.iter().cloned().collect()
    }

    /// Counter per kind name.
    pub fn counts(&self) -> Vec<(&'static str, u64)> {
        SecurityEventKind::ALL
            .iter()
            .zip(self.counts.iter())
            .map(|(k, c)| (k.as_str(), *c))
            .collect()
    }

    /// A receiver of events recorded from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<EventRecord> {
        self.tx.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(log: &mut EventLog, kind: SecurityEventKind, t: u64) -> bool {
        let p = PeerIdBytes(vec![7]);
        log.record(
            kind,
            &p,
            "p".into(),
            (None, None),
            String::new(),
            UnixMillis(t),
        )
        .1
    }

    #[test]
    fn misuse_never_trips_by_default_and_hostility_does() {
        use SecurityEventKind as K;
        let mut log = EventLog::new(100, 60_000, 3, 0);
        for t in 0..50 {
            for k in [
                K::UnknownTool,
                K::AclDenied,
                K::BadInput,
                K::RateLimited,
                K::UnknownPeer,
            ] {
                assert!(!record(&mut log, k, t), "{} tripped", k.as_str());
            }
        }
        assert!(!record(&mut log, K::SandboxViolation, 100));
        assert!(!record(&mut log, K::BadSignature, 101));
        assert!(
            record(&mut log, K::Replay, 102),
            "third hostile event trips"
        );
    }

    #[test]
    fn a_misuse_threshold_when_set_counts_misuse_alone() {
        use SecurityEventKind as K;
        let mut log = EventLog::new(100, 60_000, 3, 5);
        for t in 0..4 {
            assert!(!record(&mut log, K::UnknownTool, t));
        }
        // Hostile events do not add to the misuse count, nor misuse to the hostile one.
        assert!(!record(&mut log, K::MalformedFrame, 10));
        assert!(
            record(&mut log, K::AclDenied, 11),
            "fifth misuse event trips"
        );
    }
}
