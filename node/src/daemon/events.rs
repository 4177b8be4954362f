//! The node's security-event log: a bounded in-memory history for `lango-node events`,
//! a broadcast for `--follow`, per-kind counters for metrics, and the sliding window
//! that trips auto-revocation.

use std::collections::VecDeque;

use serde::Serialize;
use tokio::sync::broadcast;

use lango_protocol::events::{EventWindow, SecurityEventKind};
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
    /// Human-readable detail.
    pub detail: String,
}

/// History, counters, window.
pub(crate) struct EventLog {
    history: VecDeque<EventRecord>,
    cap: usize,
    counts: [u64; SecurityEventKind::ALL.len()],
    window: EventWindow,
    tx: broadcast::Sender<EventRecord>,
}

impl EventLog {
    /// A log keeping `cap` events, tripping at `threshold` per `window_ms`.
    pub fn new(cap: usize, window_ms: u64, threshold: usize) -> Self {
        let (tx, _) = broadcast::channel(1024);
        Self {
            history: VecDeque::new(),
            cap: cap.max(1),
            counts: [0; SecurityEventKind::ALL.len()],
            window: EventWindow::new(window_ms, threshold, 4096),
            tx,
        }
    }

    /// Records an event; true when it makes the peer cross the threshold.
    pub fn record(
        &mut self,
        kind: SecurityEventKind,
        peer: &PeerIdBytes,
        peer_str: String,
        did: Option<String>,
        detail: String,
        now: UnixMillis,
    ) -> (EventRecord, bool) {
        let rec = EventRecord {
            time: rfc3339(now),
            kind: kind.as_str(),
            peer_id: peer_str,
            did,
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
        let tripped = kind.counts_against_peer() && self.window.record(peer, now);
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
