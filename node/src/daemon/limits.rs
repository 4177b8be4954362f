//! Admission control for inbound work (handshakes, tool calls), applied before any
//! costly step: a global and a per-PeerId token bucket, and caps on work in flight.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use governor::clock::Clock;

use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};
use libp2p::PeerId;

use crate::config::HandshakeSection;

/// Rates, bursts and caps of one [`Admission`].
#[derive(Clone, Copy, Debug)]
pub struct Params {
    /// Admissions per second, all peers.
    pub rate_per_second: u32,
    /// Burst of the global bucket.
    pub burst: u32,
    /// Admissions per second from one PeerId.
    pub peer_rate_per_second: u32,
    /// Burst of the per-peer bucket.
    pub peer_burst: u32,
    /// In flight at once, all peers.
    pub max_concurrent: usize,
    /// In flight at once from one PeerId.
    pub max_concurrent_per_peer: usize,
    /// Refusals in one [`FLOOD_WINDOW`], as a multiple of `peer_rate_per_second`, that
    /// make a flood.
    pub flood_factor: u32,
}

/// The refusal messages of one kind of work (static so refusals never allocate).
#[derive(Clone, Copy, Debug)]
pub struct Labels {
    /// Per-peer rate refused.
    pub peer_rate: &'static str,
    /// Global rate refused.
    pub global_rate: &'static str,
    /// Global in-flight cap reached.
    pub busy: &'static str,
    /// Per-peer in-flight cap reached.
    pub peer_busy: &'static str,
    /// A peer kept sending far past its limits after being told to wait.
    pub flood: &'static str,
}

/// Labels of handshake admission.
pub const HANDSHAKE: Labels = Labels {
    peer_rate: "per-peer handshake rate",
    global_rate: "global handshake rate",
    busy: "handshakes in flight (all peers)",
    peer_busy: "handshakes in flight from this peer",
    flood: "handshake flood: far past the per-peer limits after being told to wait",
};

/// Labels of tool-call admission.
pub const TOOL_CALLS: Labels = Labels {
    peer_rate: "per-peer tool-call rate",
    global_rate: "global tool-call rate",
    busy: "tool calls in flight (all peers)",
    peer_busy: "tool calls in flight from this peer",
    flood: "tool-call flood: far past the per-peer limits after being told to wait",
};

impl From<&HandshakeSection> for Params {
    fn from(cfg: &HandshakeSection) -> Self {
        Params {
            rate_per_second: cfg.rate_per_second,
            burst: cfg.burst,
            peer_rate_per_second: cfg.peer_rate_per_second,
            peer_burst: cfg.peer_burst,
            max_concurrent: cfg.max_concurrent,
            max_concurrent_per_peer: cfg.max_concurrent_per_peer,
            flood_factor: crate::config::DEFAULT_FLOOD_FACTOR,
        }
    }
}

/// Why work was not admitted.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// This peer's rate limit refused the attempt; it may try again after the delay.
    RateLimited(&'static str, Duration),
    /// Too much of this peer's work in flight.
    Busy(&'static str),
    /// The node-wide rate limit refused the attempt (says nothing about this peer).
    GlobalRate(&'static str, Duration),
    /// Too much work in flight on the node (says nothing about this peer).
    GlobalBusy(&'static str),
    /// This peer kept sending at [`FLOOD_WINDOW`] × `flood_factor` × its rate after
    /// being told to wait: raised once per window, the only rate refusal that counts
    /// toward a block.
    Flood(&'static str, Duration),
}

/// How long a caller refused for work in flight is told to wait: a slot frees when a
/// call ends, which the refusal cannot know; short, so a waiting caller is not idle long.
pub const BUSY_RETRY: Duration = Duration::from_millis(50);

/// The window over which a peer's refused attempts are counted to detect a flood.
pub const FLOOD_WINDOW: Duration = Duration::from_secs(1);

impl Refusal {
    /// Whether a node-wide limit refused: such a refusal is never counted toward the
    /// peer that happened to ask.
    pub fn is_global(&self) -> bool {
        matches!(self, Refusal::GlobalRate(..) | Refusal::GlobalBusy(_))
    }

    /// Which limit refused.
    pub fn why(&self) -> &'static str {
        match self {
            Refusal::RateLimited(w, _)
            | Refusal::Busy(w)
            | Refusal::GlobalRate(w, _)
            | Refusal::GlobalBusy(w)
            | Refusal::Flood(w, _) => w,
        }
    }

    /// How long the refused peer should wait before trying again.
    pub fn retry_after(&self) -> Duration {
        match self {
            Refusal::RateLimited(_, d) | Refusal::GlobalRate(_, d) | Refusal::Flood(_, d) => {
                (*d).max(Duration::from_millis(1))
            }
            Refusal::Busy(_) | Refusal::GlobalBusy(_) => BUSY_RETRY,
        }
    }

    /// The security event it raises: `flood` (counts toward a block), `rate_limited`
    /// (recorded, not counted: the peer was told to wait), or `global_limit`.
    pub fn event(&self) -> lango_protocol::events::SecurityEventKind {
        use lango_protocol::events::SecurityEventKind as K;
        match self {
            Refusal::Flood(..) => K::Flood,
            _ if self.is_global() => K::GlobalLimit,
            _ => K::RateLimited,
        }
    }
}

/// Limits shared by all inbound work of one kind.
pub struct Admission {
    labels: Labels,
    global: DefaultDirectRateLimiter,
    per_peer: DefaultKeyedRateLimiter<PeerId>,
    max_total: usize,
    max_per_peer: usize,
    in_flight: Arc<Mutex<InFlight>>,
    /// Refused attempts per peer in the current [`FLOOD_WINDOW`], and the count at which
    /// they are a flood.
    refused: Mutex<HashMap<PeerId, (Instant, u64)>>,
    flood_at: u64,
}

/// Peers whose refusals are tracked at once (the oldest windows are dropped first).
const MAX_TRACKED_REFUSALS: usize = 4096;

#[derive(Default)]
struct InFlight {
    total: usize,
    per_peer: HashMap<PeerId, usize>,
}

/// A slot of work in flight; frees itself on drop.
pub struct Slot {
    peer: PeerId,
    in_flight: Arc<Mutex<InFlight>>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Ok(mut f) = self.in_flight.lock() {
            f.total = f.total.saturating_sub(1);
            if let Some(n) = f.per_peer.get_mut(&self.peer) {
                *n -= 1;
                if *n == 0 {
                    f.per_peer.remove(&self.peer);
                }
            }
        }
    }
}

fn nz(n: u32) -> NonZeroU32 {
    // Config validation refuses zero rates and bursts; 1 is a safe floor regardless.
    NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN)
}

impl Admission {
    /// Limits with these parameters, refusing with these labels.
    pub fn new(p: Params, labels: Labels) -> Self {
        Self {
            labels,
            global: RateLimiter::direct(
                Quota::per_second(nz(p.rate_per_second)).allow_burst(nz(p.burst)),
            ),
            per_peer: RateLimiter::keyed(
                Quota::per_second(nz(p.peer_rate_per_second)).allow_burst(nz(p.peer_burst)),
            ),
            max_total: p.max_concurrent,
            max_per_peer: p.max_concurrent_per_peer,
            in_flight: Arc::default(),
            refused: Mutex::default(),
            flood_at: u64::from(p.flood_factor.max(1)) * u64::from(p.peer_rate_per_second.max(1)),
        }
    }

    /// Counts a refusal of `peer`'s; true exactly when it makes the peer's refusals in
    /// this window reach the flood mark.
    fn flooding(&self, peer: PeerId) -> bool {
        let Ok(mut r) = self.refused.lock() else {
            return false;
        };
        let now = Instant::now();
        if r.len() >= MAX_TRACKED_REFUSALS && !r.contains_key(&peer) {
            r.retain(|_, (start, _)| now.duration_since(*start) < FLOOD_WINDOW);
            if r.len() >= MAX_TRACKED_REFUSALS {
                // Every tracked window is live: forget one (a flood is still refused,
                // only its detection restarts).
                if let Some(k) = r.keys().next().copied() {
                    r.remove(&k);
                }
            }
        }
        let e = r.entry(peer).or_insert((now, 0));
        if now.duration_since(e.0) >= FLOOD_WINDOW {
            *e = (now, 0);
        }
        e.1 += 1;
        e.1 == self.flood_at
    }

    /// A per-peer refusal, or the flood it has become.
    fn refuse(&self, peer: PeerId, r: Refusal) -> Refusal {
        if self.flooding(peer) {
            Refusal::Flood(self.labels.flood, r.retry_after())
        } else {
            r
        }
    }

    /// Units of `peer`'s work in flight now.
    pub fn in_flight(&self, peer: &PeerId) -> usize {
        self.in_flight
            .lock()
            .map(|f| f.per_peer.get(peer).copied().unwrap_or(0))
            .unwrap_or(0)
    }

    /// Admits one unit of work from `peer`, or says why not.
    pub fn admit(&self, peer: PeerId) -> Result<Slot, Refusal> {
        let clock = governor::clock::DefaultClock::default();
        if let Err(until) = self.per_peer.check_key(&peer) {
            let wait = until.wait_time_from(clock.now());
            return Err(self.refuse(peer, Refusal::RateLimited(self.labels.peer_rate, wait)));
        }
        if let Err(until) = self.global.check() {
            let wait = until.wait_time_from(clock.now());
            return Err(Refusal::GlobalRate(self.labels.global_rate, wait));
        }
        let mut f = self
            .in_flight
            .lock()
            .map_err(|_| Refusal::GlobalBusy("limiter state poisoned"))?;
        // The peer's own cap first: a peer at its cap is refused (and counted) for
        // itself, whether or not the node as a whole is also full.
        if f.per_peer.get(&peer).copied().unwrap_or(0) >= self.max_per_peer {
            drop(f);
            return Err(self.refuse(peer, Refusal::Busy(self.labels.peer_busy)));
        }
        if f.total >= self.max_total {
            return Err(Refusal::GlobalBusy(self.labels.busy));
        }
        let n = f.per_peer.entry(peer).or_insert(0);
        *n += 1;
        f.total += 1;
        drop(f);
        if self.per_peer.len() > 100_000 {
            self.per_peer.retain_recent();
        }
        Ok(Slot {
            peer,
            in_flight: self.in_flight.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> HandshakeSection {
        HandshakeSection {
            rate_per_second: 1,
            burst: 3,
            peer_rate_per_second: 1,
            peer_burst: 2,
            max_concurrent: 2,
            max_concurrent_per_peer: 1,
            ..HandshakeSection::default()
        }
    }

    #[test]
    fn per_peer_concurrency_cap_holds_until_the_slot_drops() {
        let l = Admission::new(
            (&HandshakeSection {
                peer_burst: 100,
                burst: 100,
                ..cfg()
            })
                .into(),
            HANDSHAKE,
        );
        let p = PeerId::random();
        let slot = l.admit(p).unwrap();
        assert!(matches!(l.admit(p), Err(Refusal::Busy(_))));
        drop(slot);
        assert!(l.admit(p).is_ok());
    }

    #[test]
    fn a_peer_at_its_own_cap_is_refused_for_itself_even_when_the_node_is_full() {
        let l = Admission::new(
            (&HandshakeSection {
                peer_burst: 100,
                burst: 100,
                max_concurrent: 1,
                max_concurrent_per_peer: 1,
                ..cfg()
            })
                .into(),
            HANDSHAKE,
        );
        let (p, q) = (PeerId::random(), PeerId::random());
        let _slot = l.admit(p).unwrap();
        // p is at its own cap: counted against p.
        assert!(matches!(l.admit(p), Err(Refusal::Busy(_))));
        // q is not: the full node refuses it without counting it.
        let r = l.admit(q).err().unwrap();
        assert!(r.is_global(), "{r:?}");
    }

    #[test]
    fn bursts_beyond_the_rate_are_refused() {
        let l = Admission::new((&cfg()).into(), HANDSHAKE);
        let p = PeerId::random();
        let _a = l.admit(p);
        let _b = l.admit(p);
        // Third attempt from the same peer within the second exceeds its burst of 2.
        match l.admit(p).err() {
            Some(Refusal::RateLimited("per-peer handshake rate", wait)) => {
                assert!(
                    wait > Duration::ZERO && wait <= Duration::from_secs(1),
                    "{wait:?}"
                )
            }
            other => panic!("want a rate refusal with a wait, got {other:?}"),
        }
    }

    #[test]
    fn refusals_become_a_flood_once_at_the_factor_and_only_floods_count() {
        use lango_protocol::events::{SecurityEventKind as K, Weight};
        // Rate 1/s, burst 2, factor 3: the third refusal inside one window is a flood.
        let l = Admission::new(
            Params {
                flood_factor: 3,
                max_concurrent: 100,
                max_concurrent_per_peer: 100,
                ..(&cfg()).into()
            },
            HANDSHAKE,
        );
        let p = PeerId::random();
        let _a = l.admit(p);
        let _b = l.admit(p);
        let refusals: Vec<Refusal> = (0..6).filter_map(|_| l.admit(p).err()).collect();
        assert_eq!(refusals.len(), 6);
        let kinds: Vec<K> = refusals.iter().map(Refusal::event).collect();
        assert_eq!(
            kinds,
            [
                K::RateLimited,
                K::RateLimited,
                K::Flood,
                K::RateLimited,
                K::RateLimited,
                K::RateLimited
            ],
            "one flood event per window, at the factor"
        );
        assert_eq!(K::RateLimited.weight(), Weight::Ignored);
        assert_eq!(K::Flood.weight(), Weight::Hostile);
        // Another peer's refusals are its own.
        let q = PeerId::random();
        let _c = l.admit(q);
        assert_eq!(l.admit(q).err().map(|r| r.event()), Some(K::GlobalLimit));
    }
}
