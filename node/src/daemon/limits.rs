//! Admission control for inbound handshakes, applied before any signature work: a
//! global and a per-PeerId token bucket, and caps on handshakes in flight.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};

use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};
use libp2p::PeerId;

use crate::config::HandshakeSection;

/// Why a handshake was not admitted.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A rate limit refused the attempt.
    RateLimited(&'static str),
    /// Too many handshakes in flight.
    Busy(&'static str),
}

/// Limits shared by all inbound handshakes.
pub struct HandshakeLimits {
    global: DefaultDirectRateLimiter,
    per_peer: DefaultKeyedRateLimiter<PeerId>,
    max_total: usize,
    max_per_peer: usize,
    in_flight: Arc<Mutex<InFlight>>,
}

#[derive(Default)]
struct InFlight {
    total: usize,
    per_peer: HashMap<PeerId, usize>,
}

/// A handshake slot; frees itself on drop.
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

impl HandshakeLimits {
    /// Limits from the `[handshake]` section.
    pub fn new(cfg: &HandshakeSection) -> Self {
        Self {
            global: RateLimiter::direct(
                Quota::per_second(nz(cfg.rate_per_second)).allow_burst(nz(cfg.burst)),
            ),
            per_peer: RateLimiter::keyed(
                Quota::per_second(nz(cfg.peer_rate_per_second)).allow_burst(nz(cfg.peer_burst)),
            ),
            max_total: cfg.max_concurrent,
            max_per_peer: cfg.max_concurrent_per_peer,
            in_flight: Arc::default(),
        }
    }

    /// Admits one inbound handshake from `peer`, or says why not.
    pub fn admit(&self, peer: PeerId) -> Result<Slot, Refusal> {
        if self.per_peer.check_key(&peer).is_err() {
            return Err(Refusal::RateLimited("per-peer handshake rate"));
        }
        if self.global.check().is_err() {
            return Err(Refusal::RateLimited("global handshake rate"));
        }
        let mut f = self
            .in_flight
            .lock()
            .map_err(|_| Refusal::Busy("limiter state poisoned"))?;
        if f.total >= self.max_total {
            return Err(Refusal::Busy("handshakes in flight (all peers)"));
        }
        let n = f.per_peer.entry(peer).or_insert(0);
        if *n >= self.max_per_peer {
            return Err(Refusal::Busy("handshakes in flight from this peer"));
        }
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
        let l = HandshakeLimits::new(&HandshakeSection {
            peer_burst: 100,
            burst: 100,
            ..cfg()
        });
        let p = PeerId::random();
        let slot = l.admit(p).unwrap();
        assert!(matches!(l.admit(p), Err(Refusal::Busy(_))));
        drop(slot);
        assert!(l.admit(p).is_ok());
    }

    #[test]
    fn bursts_beyond_the_rate_are_refused() {
        let l = HandshakeLimits::new(&cfg());
        let p = PeerId::random();
        let _a = l.admit(p);
        let _b = l.admit(p);
        // Third attempt from the same peer within the second exceeds its burst of 2.
        assert_eq!(
            l.admit(p).err(),
            Some(Refusal::RateLimited("per-peer handshake rate"))
        );
    }
}
