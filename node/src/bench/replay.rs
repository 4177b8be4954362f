//! `bench replay-cache`: check-and-insert throughput at 1M live entries, and memory per
//! entry. No external reference exists; ratios are null.

use std::time::Instant;

use lango_protocol::replay::{ReplayCache, ReplayKey};
use lango_protocol::{Signer, SoftwareSigner, UnixMillis};
use rand::rngs::OsRng;

use super::BenchResult;

const LIVE: u64 = 1_000_000;
const MEASURED: u64 = 1_000_000;

/// Runs the suite.
pub fn run() -> Vec<BenchResult> {
    let key = SoftwareSigner::generate(&mut OsRng).public_key();
    let nonce = |i: u64| {
        let mut n = [0u8; 32];
        n[..8].copy_from_slice(&i.to_le_bytes());
        n
    };
    let now = UnixMillis(1_800_000_000_000);
    let mut cache = ReplayCache::new((LIVE + MEASURED) as usize, 30_000);
    for i in 0..LIVE {
        let _ = cache.check_and_insert(&ReplayKey::new(&key, &nonce(i)), now);
    }
    let _ = cache.take_unpersisted();
    let bytes_per_entry = cache.heap_bytes() as f64 / cache.len() as f64;
    let start = Instant::now();
    for i in LIVE..LIVE + MEASURED {
        // Every operation derives the key from (agent key, nonce), checks and inserts.
        let _ = std::hint::black_box(cache.check_and_insert(&ReplayKey::new(&key, &nonce(i)), now));
        if i % 4096 == 0 {
            let _ = cache.take_unpersisted();
        }
    }
    let ops = MEASURED as f64 / start.elapsed().as_secs_f64();
    vec![
        BenchResult {
            name: "replay_check_insert".into(),
            unit: "ops/s".into(),
            ours: ops,
            reference: None,
            reference_name: None,
            ratio: None,
        },
        BenchResult {
            name: "replay_bytes_per_entry".into(),
            unit: "bytes".into(),
            ours: bytes_per_entry,
            reference: None,
            reference_name: None,
            ratio: None,
        },
    ]
}
