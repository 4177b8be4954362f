//! `bench secrets`: the output secret scanner with 1 000 secrets (each in every form it
//! searches for) over 32 MiB of generated tool output, against a `memchr::memmem` search
//! for one needle over the same bytes in the same run.

use rand::{Rng, SeedableRng};

use super::{throughput, BenchResult};
use crate::secrets::SecretScanner;

const CORPUS_BYTES: usize = 32 << 20;
const SECRETS: usize = 1000;

/// Runs the suite.
pub fn run() -> Vec<BenchResult> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let secrets: Vec<(String, Vec<u8>)> = (0..SECRETS)
        .map(|i| {
            let len = rng.gen_range(16..40);
            let v = (0..len)
                .map(|_| alphabet[rng.gen_range(0..alphabet.len())])
                .collect();
            (format!("SECRET_{i}"), v)
        })
        .collect();
    // A scanner over 1 000 secrets cannot fail to build (a few tens of thousands of
    // patterns); a failure would be a bug this benchmark reports.
    let scanner = SecretScanner::new(secrets.iter().map(|(n, v)| (n.as_str(), v.as_slice())))
        .expect("scanner over 1 000 secrets");
    // Log-like output: words, numbers, hex ids, and now and then a secret.
    let words = [
        "GET /api/v2/items 200",
        "user=ana",
        "latency_ms=12",
        "status ok",
        "request_id=",
        "retrying connection to db-01",
        "token refreshed",
        "cache miss for key",
        "\n",
    ];
    let mut text = Vec::with_capacity(CORPUS_BYTES + 64);
    while text.len() < CORPUS_BYTES {
        let w = words[rng.gen_range(0..words.len())];
        text.extend_from_slice(w.as_bytes());
        text.push(b' ');
        text.extend_from_slice(format!("{:08x} ", rng.gen::<u32>()).as_bytes());
        if rng.gen_range(0..2000) == 0 {
            text.extend_from_slice(&secrets[rng.gen_range(0..SECRETS)].1);
            text.push(b' ');
        }
    }
    let ours = throughput(&text, |t| scanner.count(t));
    let needle = memchr::memmem::Finder::new(&secrets[0].1);
    let reference = throughput(&text, |t| needle.find_iter(t).count());
    vec![BenchResult {
        name: "secret_scan_throughput".into(),
        unit: "MB/s".into(),
        ours,
        reference: Some(reference),
        reference_name: Some(format!(
            "memchr::memmem, one needle, same bytes (our scan: {})",
            SecretScanner::path()
        )),
        ratio: Some(ours / reference),
    }]
}
