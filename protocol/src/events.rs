//! Security events and the per-peer sliding window that turns too many into a revoke.
//!
//! Events are counted against the *authenticated transport identity* (the PeerId Noise
//! proved), never against an agent key a peer merely claimed: otherwise anyone could get
//! an honest peer blocked by sending garbage in its name.

use std::collections::VecDeque;

use hashbrown::HashMap;

use crate::identity::PeerIdBytes;
use crate::time::UnixMillis;

/// The kinds of security event (names are stable; they appear in logs and JSON).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SecurityEventKind {
    /// A firewall rule refused a request (a tool the peer may not call, or no session):
    /// misuse, not hostility.
    AclDenied,
    /// A signature failed to verify.
    BadSignature,
    /// A tool call whose input is not one JSON document: misuse, not hostility.
    BadInput,
    /// A peer that kept sending at many times its rate limit after being told to wait.
    Flood,
    /// A timestamp too far in the future.
    FutureTimestamp,
    /// A node-wide limit (global rate or in-flight cap) refused work: recorded, but
    /// never counted toward the peer that happened to ask (a flood by one peer must
    /// not get honest peers blocked).
    GlobalLimit,
    /// A frame did not parse.
    MalformedFrame,
    /// A frame over the cap.
    OversizeFrame,
    /// A rate limit or concurrency cap refused work (the peer is told when to retry;
    /// never counted toward a block: only [`SecurityEventKind::Flood`] is).
    RateLimited,
    /// A (key, nonce) pair seen before.
    Replay,
    /// A sandbox refused something a tool tried.
    SandboxViolation,
    /// A timestamp too old.
    StaleTimestamp,
    /// No complete frame within the read deadline: recorded, never counted toward a
    /// block (a slow link is not an attack; the deadline and the in-flight caps bound
    /// what a stalling peer costs).
    Timeout,
    /// A call to a tool this node does not have (a typo, most likely): misuse.
    UnknownTool,
    /// The peer revoked our session with a signed notice (and said why): recorded for
    /// the operator, never counted.
    RevokedByPeer,
    /// An agent key not in the trust store (or blocked): first contact, recorded once
    /// per peer as pending, never counted toward a block.
    UnknownPeer,
    /// The configured Presidio analyzer could not answer and a call's output was
    /// redacted by the built-in detectors alone (or withheld): the node's problem, never
    /// counted against the caller.
    PiiFallback,
    /// A dial made from a peer record reached a PeerId whose handshake proves another
    /// key than the record's: the session is refused. Never counted against the PeerId
    /// that answered (the record's signer may have named an innocent peer).
    RecordMismatch,
}

/// How an event weighs against the peer that caused it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weight {
    /// Protocol-level hostility (bad or replayed signatures, malformed frames, sandbox
    /// violations, floods): counts toward the automatic block.
    Hostile,
    /// A mistake an honest caller makes (a misspelt or refused tool, bad input JSON):
    /// counts only toward the separate misuse threshold, which is off by default.
    Misuse,
    /// Says nothing about the peer's intent (first contact, a slow link, a node-wide
    /// limit, a rate refusal the peer was told to wait out): never counted.
    Ignored,
}

impl SecurityEventKind {
    /// Every kind, for metrics and docs.
    pub const ALL: [SecurityEventKind; 18] = [
        Self::AclDenied,
        Self::BadInput,
        Self::BadSignature,
        Self::Flood,
        Self::FutureTimestamp,
        Self::GlobalLimit,
        Self::MalformedFrame,
        Self::OversizeFrame,
        Self::RateLimited,
        Self::Replay,
        Self::SandboxViolation,
        Self::StaleTimestamp,
        Self::RevokedByPeer,
        Self::Timeout,
        Self::UnknownTool,
        Self::UnknownPeer,
        Self::PiiFallback,
        Self::RecordMismatch,
    ];

    /// How the event weighs against the peer (see [`Weight`]).
    pub fn weight(self) -> Weight {
        match self {
            Self::AclDenied | Self::BadInput | Self::UnknownTool => Weight::Misuse,
            Self::GlobalLimit
            | Self::RateLimited
            | Self::RevokedByPeer
            | Self::Timeout
            | Self::UnknownPeer
            | Self::PiiFallback
            | Self::RecordMismatch => Weight::Ignored,
            Self::BadSignature
            | Self::Flood
            | Self::FutureTimestamp
            | Self::MalformedFrame
            | Self::OversizeFrame
            | Self::Replay
            | Self::SandboxViolation
            | Self::StaleTimestamp => Weight::Hostile,
        }
    }

    /// Why a peer that tripped a threshold on this kind of event is blocked, in the
    /// words its operator reads (`blocked by bob until …: repeated sandbox violations`).
    pub fn block_reason(self) -> &'static str {
        match self {
            Self::AclDenied | Self::BadInput | Self::UnknownTool => {
                "repeated misuse (refused or unknown tools, bad input)"
            }
            Self::BadSignature => "repeated bad signatures",
            Self::Flood => "kept flooding past its rate limit after being told to wait",
            Self::FutureTimestamp | Self::StaleTimestamp => "repeated out-of-window timestamps",
            Self::MalformedFrame => "repeated malformed frames",
            Self::OversizeFrame => "repeated oversize frames",
            Self::Replay => "repeated replayed handshakes",
            Self::SandboxViolation => "repeated sandbox violations",
            Self::GlobalLimit
            | Self::RateLimited
            | Self::RevokedByPeer
            | Self::Timeout
            | Self::UnknownPeer
            | Self::PiiFallback
            | Self::RecordMismatch => "security event threshold",
        }
    }

    /// snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AclDenied => "acl_denied",
            Self::BadInput => "bad_input",
            Self::BadSignature => "bad_signature",
            Self::Flood => "flood",
            Self::FutureTimestamp => "future_timestamp",
            Self::GlobalLimit => "global_limit",
            Self::MalformedFrame => "malformed_frame",
            Self::OversizeFrame => "oversize_frame",
            Self::RateLimited => "rate_limited",
            Self::Replay => "replay",
            Self::SandboxViolation => "sandbox_violation",
            Self::StaleTimestamp => "stale_timestamp",
            Self::RevokedByPeer => "revoked_by_peer",
            Self::Timeout => "timeout",
            Self::UnknownTool => "unknown_tool",
            Self::UnknownPeer => "unknown_peer",
            Self::PiiFallback => "pii_fallback",
            Self::RecordMismatch => "record_mismatch",
        }
    }
}

/// Counts events per peer in a sliding window and says when a peer crosses the threshold.
#[derive(Debug)]
pub struct EventWindow {
    window_ms: u64,
    threshold: usize,
    max_peers: usize,
    per_peer: HashMap<PeerIdBytes, VecDeque<u64>>,
}

impl EventWindow {
    /// Trips when a peer has `threshold` events within `window_ms`; tracks at most
    /// `max_peers` peers (the least recently active is forgotten first).
    pub fn new(window_ms: u64, threshold: usize, max_peers: usize) -> Self {
        Self {
            window_ms,
            threshold: threshold.max(1),
            max_peers: max_peers.max(1),
            per_peer: HashMap::new(),
        }
    }

    /// Records one event of `peer`; returns `true` exactly when this event makes the
    /// peer reach the threshold (its count then restarts).
    pub fn record(&mut self, peer: &PeerIdBytes, now: UnixMillis) -> bool {
        if !self.per_peer.contains_key(peer) && self.per_peer.len() >= self.max_peers {
            self.evict_stalest();
        }
        let q = self.per_peer.entry(peer.clone()).or_default();
        let window = self.window_ms;
        while q
            .front()
            .is_some_and(|&t| t.saturating_add(window) <= now.0)
        {
            q.pop_front();
        }
        q.push_back(now.0);
        if q.len() >= self.threshold {
            q.clear();
            return true;
        }
        false
    }

    /// Current count of `peer` inside the window ending at `now`.
    pub fn count(&self, peer: &PeerIdBytes, now: UnixMillis) -> usize {
        self.per_peer.get(peer).map_or(0, |q| {
            q.iter()
                .filter(|&&t| t.saturating_add(self.window_ms) > now.0)
                .count()
        })
    }

    fn evict_stalest(&mut self) {
        let stalest = self
            .per_peer
            .iter()
            .min_by_key(|(_, q)| q.back().copied().unwrap_or(0))
            .map(|(p, _)| p.clone());
        if let Some(p) = stalest {
            self.per_peer.remove(&p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_trips_once_inside_the_window() {
        let mut w = EventWindow::new(1_000, 3, 10);
        let p = PeerIdBytes(vec![1]);
        assert!(!w.record(&p, UnixMillis(0)));
        assert!(!w.record(&p, UnixMillis(10)));
        assert!(w.record(&p, UnixMillis(20)));
        assert!(!w.record(&p, UnixMillis(30)));
    }

    #[test]
    fn events_outside_the_window_do_not_count() {
        let mut w = EventWindow::new(1_000, 3, 10);
        let p = PeerIdBytes(vec![1]);
        w.record(&p, UnixMillis(0));
        w.record(&p, UnixMillis(500));
        assert!(!w.record(&p, UnixMillis(1_600)));
        assert_eq!(w.count(&p, UnixMillis(1_600)), 1);
    }

    #[test]
    fn peers_are_counted_separately_and_tracking_is_bounded() {
        let mut w = EventWindow::new(1_000, 2, 2);
        let (a, b, c) = (
            PeerIdBytes(vec![1]),
            PeerIdBytes(vec![2]),
            PeerIdBytes(vec![3]),
        );
        w.record(&a, UnixMillis(0));
        w.record(&b, UnixMillis(1));
        w.record(&c, UnixMillis(2));
        assert_eq!(w.per_peer.len(), 2);
        assert_eq!(w.count(&a, UnixMillis(3)), 0, "stalest peer forgotten");
        assert!(w.record(&b, UnixMillis(4)));
    }

    #[test]
    fn only_hostility_counts_toward_the_block() {
        use SecurityEventKind as K;
        for k in [K::UnknownTool, K::AclDenied, K::BadInput] {
            assert_eq!(k.weight(), Weight::Misuse, "{}", k.as_str());
        }
        for k in [
            K::RateLimited,
            K::UnknownPeer,
            K::Timeout,
            K::GlobalLimit,
            K::PiiFallback,
            K::RecordMismatch,
        ] {
            assert_eq!(k.weight(), Weight::Ignored, "{}", k.as_str());
        }
        for k in [
            K::BadSignature,
            K::Replay,
            K::MalformedFrame,
            K::SandboxViolation,
            K::Flood,
        ] {
            assert_eq!(k.weight(), Weight::Hostile, "{}", k.as_str());
        }
        let names: std::collections::HashSet<_> = K::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(names.len(), K::ALL.len(), "names are distinct");
    }
}
