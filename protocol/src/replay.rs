//! The replay cache: (agent key, nonce) pairs seen inside the acceptance window.
//!
//! Mistakes matter in one direction only. A false negative (forgetting a pair while a
//! message carrying it could still pass the timestamp check) reopens a replay window; a
//! false positive only refuses a handshake that can be retried with a fresh nonce. Hence:
//!
//! - an entry lives for `2 × skew + margin` after insertion: a timestamp accepted at
//!   insertion time is at most `skew` in the future and stops being acceptable `skew`
//!   after that, so the entry outlives every message that could carry it;
//! - when the cache is full of live entries it refuses new handshakes
//!   ([`Error::ReplayCacheFull`]) instead of evicting a live entry;
//! - keys are the first 128 bits of SHA-256 over a label, the key and the nonce;
//!   truncation can only merge keys, which errs on the safe side;
//! - entries are written only after the signature that covers the nonce has verified
//!   (the handshake state machines guarantee it), so unauthenticated traffic cannot fill
//!   it. The node persists each insertion (sled) and restores live ones at start.

use std::collections::VecDeque;

use hashbrown::HashSet;
use sha2::{Digest, Sha256};

use crate::error::Error;
use crate::identity::AgentPublicKey;
use crate::time::UnixMillis;

const REPLAY_KEY_LABEL: &[u8] = b"lango-node/replay/v1";
/// Slack added to the retention on top of twice the skew.
pub const RETENTION_MARGIN_MS: u64 = 1_000;

/// 128-bit digest of (agent key, nonce).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ReplayKey(pub [u8; 16]);

impl ReplayKey {
    /// Derives the cache key of a nonce used by an agent key.
    pub fn new(agent: &AgentPublicKey, nonce: &[u8; 32]) -> Self {
        let mut h = Sha256::new();
        h.update(REPLAY_KEY_LABEL);
        h.update(agent.as_bytes());
        h.update(nonce);
        let d = h.finalize();
        let mut k = [0u8; 16];
        k.copy_from_slice(&d[..16]);
        Self(k)
    }
}

/// What the handshake state machines need from a replay cache. [`ReplayCache`] is the
/// implementation; a driver may wrap it (e.g. to take a lock per call, so that the
/// agent key never signs while the driver's state is locked).
pub trait ReplayLog {
    /// Whether `key` was seen inside the window (read-only pre-check).
    fn seen(&mut self, key: &ReplayKey, now: UnixMillis) -> bool;
    /// Records `key`, or says it is a replay or that the cache is full.
    fn record(&mut self, key: &ReplayKey, now: UnixMillis) -> Result<UnixMillis, Error>;
}

impl ReplayLog for ReplayCache {
    fn seen(&mut self, key: &ReplayKey, now: UnixMillis) -> bool {
        self.contains(key, now)
    }

    fn record(&mut self, key: &ReplayKey, now: UnixMillis) -> Result<UnixMillis, Error> {
        self.check_and_insert(key, now)
    }
}

/// Bounded set of live replay keys with insertion-ordered expiry.
#[derive(Debug)]
pub struct ReplayCache {
    live: HashSet<[u8; 16]>,
    /// (key, expiry) in insertion order; expiries are non-decreasing while the clock is.
    order: VecDeque<([u8; 16], u64)>,
    capacity: usize,
    retention_ms: u64,
    /// Insertions not yet handed to the driver for persistence (see `take_unpersisted`).
    unpersisted: Vec<([u8; 16], u64)>,
}

impl ReplayCache {
    /// A cache holding at most `capacity` entries, for a timestamp skew of `skew_ms`.
    pub fn new(capacity: usize, skew_ms: u64) -> Self {
        Self {
            live: HashSet::with_capacity(capacity.min(1 << 16)),
            order: VecDeque::with_capacity(capacity.min(1 << 16)),
            capacity,
            retention_ms: skew_ms
                .saturating_mul(2)
                .saturating_add(RETENTION_MARGIN_MS),
            unpersisted: Vec::new(),
        }
    }

    /// How long an entry is kept after insertion.
    pub fn retention_ms(&self) -> u64 {
        self.retention_ms
    }

    /// Number of live entries (after the last purge).
    pub fn len(&self) -> usize {
        self.live.len()
    }

    /// Whether the cache holds no entries.
    pub fn is_empty(&self) -> bool {
        self.live.is_empty()
    }

    /// Configured capacity.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Whether `key` was seen inside the window (read-only pre-check before verifying).
    pub fn contains(&mut self, key: &ReplayKey, now: UnixMillis) -> bool {
        self.purge(now);
        self.live.contains(&key.0)
    }

    /// Records `key`, or says it is a replay, or that the cache is full of live entries.
    /// Returns the expiry to persist.
    pub fn check_and_insert(
        &mut self,
        key: &ReplayKey,
        now: UnixMillis,
    ) -> Result<UnixMillis, Error> {
        self.purge(now);
        if self.live.contains(&key.0) {
            return Err(Error::Replay);
        }
        if self.live.len() >= self.capacity {
            return Err(Error::ReplayCacheFull);
        }
        let expires = now.plus(self.retention_ms);
        self.live.insert(key.0);
        self.order.push_back((key.0, expires.0));
        self.unpersisted.push((key.0, expires.0));
        Ok(expires)
    }

    /// Entries inserted since the last call, for the driver to persist (the quinn
    /// `poll_*` pattern: the cache decides, the driver does the I/O).
    pub fn take_unpersisted(&mut self) -> Vec<([u8; 16], u64)> {
        std::mem::take(&mut self.unpersisted)
    }

    /// Restores a persisted entry at start-up. Fails closed on both configuration
    /// changes a restart can bring: entries are restored even beyond a (lowered)
    /// capacity, so new handshakes are refused until they expire rather than old nonces
    /// forgotten; and each is kept at least one full retention of the *current* skew, in
    /// case the skew was raised.
    pub fn restore(&mut self, key: [u8; 16], expires: UnixMillis, now: UnixMillis) {
        if expires > now && self.live.insert(key) {
            let keep_until = expires.0.max(now.0.saturating_add(self.retention_ms));
            self.order.push_back((key, keep_until));
        }
    }

    /// Drops entries whose expiry has passed; returns how many.
    pub fn purge(&mut self, now: UnixMillis) -> usize {
        let mut n = 0;
        while let Some(&(key, exp)) = self.order.front() {
            if exp > now.0 {
                break;
            }
            self.order.pop_front();
            self.live.remove(&key);
            n += 1;
        }
        n
    }

    /// Approximate heap bytes held, for the memory benchmark.
    pub fn heap_bytes(&self) -> usize {
        // hashbrown: one 16-byte slot plus one control byte per bucket.
        self.live.capacity() * 8 / 7 * 17 + self.order.capacity() * 24
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::{Signer, SoftwareSigner};
    use proptest::prelude::*;

    fn key(n: u8) -> ReplayKey {
        ReplayKey([n; 16])
    }

    #[test]
    fn second_insert_inside_window_is_a_replay() {
        let mut c = ReplayCache::new(10, 30_000);
        c.check_and_insert(&key(1), UnixMillis(1000)).unwrap();
        assert_eq!(
            c.check_and_insert(&key(1), UnixMillis(1000 + 60_000)),
            Err(Error::Replay)
        );
    }

    #[test]
    fn entry_outlives_every_acceptable_timestamp() {
        // A message stamped `skew` in the future is accepted at t=0 and stays acceptable
        // until t = 2*skew; the entry must still be there at that instant.
        let skew = 30_000;
        let mut c = ReplayCache::new(10, skew);
        c.check_and_insert(&key(1), UnixMillis(0)).unwrap();
        assert!(c.contains(&key(1), UnixMillis(2 * skew)));
        assert!(!c.contains(&key(1), UnixMillis(2 * skew + RETENTION_MARGIN_MS)));
    }

    #[test]
    fn full_cache_refuses_instead_of_evicting_live_entries() {
        let mut c = ReplayCache::new(2, 30_000);
        c.check_and_insert(&key(1), UnixMillis(0)).unwrap();
        c.check_and_insert(&key(2), UnixMillis(0)).unwrap();
        assert_eq!(
            c.check_and_insert(&key(3), UnixMillis(1)),
            Err(Error::ReplayCacheFull)
        );
        // Both old entries are still remembered.
        assert_eq!(
            c.check_and_insert(&key(1), UnixMillis(2)),
            Err(Error::Replay)
        );
        // Once they expire, there is room again.
        let later = UnixMillis(c.retention_ms() + 1);
        c.check_and_insert(&key(3), later).unwrap();
        assert_eq!(c.len(), 1);
    }

    #[test]
    fn restored_entries_still_count_and_expired_ones_are_dropped() {
        let mut c = ReplayCache::new(10, 30_000);
        c.restore(key(1).0, UnixMillis(5_000), UnixMillis(1_000));
        c.restore(key(2).0, UnixMillis(500), UnixMillis(1_000));
        assert_eq!(
            c.check_and_insert(&key(1), UnixMillis(1_000)),
            Err(Error::Replay)
        );
        c.check_and_insert(&key(2), UnixMillis(1_000)).unwrap();
        // Only the new insertion is handed out for persistence, once.
        assert_eq!(
            c.take_unpersisted(),
            vec![([2; 16], 1_000 + c.retention_ms())]
        );
        assert!(c.take_unpersisted().is_empty());
    }

    #[test]
    fn restore_beyond_a_lowered_capacity_fails_closed() {
        let mut c = ReplayCache::new(1, 30_000);
        c.restore([1; 16], UnixMillis(10_000), UnixMillis(0));
        c.restore([2; 16], UnixMillis(10_000), UnixMillis(0));
        assert_eq!(c.len(), 2, "no persisted nonce is forgotten");
        assert_eq!(
            c.check_and_insert(&key(3), UnixMillis(1)),
            Err(Error::ReplayCacheFull)
        );
        assert_eq!(
            c.check_and_insert(&ReplayKey([2; 16]), UnixMillis(1)),
            Err(Error::Replay)
        );
    }

    #[test]
    fn key_depends_on_agent_and_nonce() {
        let a = SoftwareSigner::generate(&mut rand_core::OsRng).public_key();
        let b = SoftwareSigner::generate(&mut rand_core::OsRng).public_key();
        assert_ne!(ReplayKey::new(&a, &[0; 32]), ReplayKey::new(&b, &[0; 32]));
        assert_ne!(ReplayKey::new(&a, &[0; 32]), ReplayKey::new(&a, &[1; 32]));
        assert_eq!(ReplayKey::new(&a, &[1; 32]), ReplayKey::new(&a, &[1; 32]));
    }

    proptest! {
        /// Against a model (a list of (key, inserted_at)): no replay inside the retention
        /// is ever accepted, and the cache never exceeds its capacity.
        #[test]
        fn cache_matches_model(ops in proptest::collection::vec((0u8..8, 0u64..5_000), 1..200)) {
            let skew = 1_000;
            let cap = 5;
            let mut c = ReplayCache::new(cap, skew);
            let mut now = 0u64;
            let mut model: Vec<(u8, u64)> = Vec::new();
            for (k, dt) in ops {
                now += dt;
                let retention = c.retention_ms();
                model.retain(|&(_, t)| t + retention > now);
                let r = c.check_and_insert(&key(k), UnixMillis(now));
                if model.iter().any(|&(mk, _)| mk == k) {
                    prop_assert_eq!(r, Err(Error::Replay));
                } else if model.len() >= cap {
                    prop_assert_eq!(r, Err(Error::ReplayCacheFull));
                } else {
                    prop_assert!(r.is_ok());
                    model.push((k, now));
                }
                prop_assert!(c.len() <= cap);
            }
        }
    }
}
