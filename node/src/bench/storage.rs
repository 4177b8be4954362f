//! `bench storage`: the encrypted database against plain SQLite running the same schema
//! and workload in the same run, the envelope against `openssl speed`, and the cost of a
//! KEK unwrap for the local provider.
//!
//! The workload is the secret store's: `db_insert` sets N secrets (one transaction each,
//! `synchronous = FULL`, as the node runs), `db_read` gets them back. Values are sealed
//! per record in both databases, so the ratio isolates SQLCipher's cost.

use std::time::{Duration, Instant};

use lango_storage::crypto::{seal, Key32};
use lango_storage::db::Database;
use lango_storage::{DataDir, KeyProvider, KeyRegistry, LocalProvider, MIN_PBKDF2_ITERATIONS};

use super::crypto::{openssl_gcm, rate, row};
use super::BenchResult;

const ROWS: usize = 500;

/// (inserts/s, reads/s) on a fresh database.
fn db_rates(plaintext: bool) -> anyhow::Result<(f64, f64)> {
    let tmp = tempfile::tempdir()?;
    let dir = DataDir::create(tmp.path().join("n"))?;
    // The fastest legal local provider setup; its cost is outside the measured loops.
    let p = LocalProvider::create(&dir, b"bench", MIN_PBKDF2_ITERATIONS)?;
    let reg = KeyRegistry::create(&dir, &p)?;
    let mut db = Database::create(&dir, &reg, plaintext)?;
    let value = vec![0x42u8; 256];
    let t = Instant::now();
    for i in 0..ROWS {
        db.secret_set(&reg, &format!("secret-{i}"), &value)?;
    }
    let insert = ROWS as f64 / t.elapsed().as_secs_f64();
    let t = Instant::now();
    for i in 0..ROWS {
        std::hint::black_box(db.secret_get(&reg, &format!("secret-{i}"))?);
    }
    let read = ROWS as f64 / t.elapsed().as_secs_f64();
    Ok((insert, read))
}

/// Runs the suite.
pub fn run() -> anyhow::Result<Vec<BenchResult>> {
    // Alternate plain and encrypted runs and keep each one's best, so a noisy neighbour
    // does not land on one side only.
    let (mut enc, mut plain) = ((0f64, 0f64), (0f64, 0f64));
    for _ in 0..3 {
        let e = db_rates(false)?;
        let p = db_rates(true)?;
        enc = (enc.0.max(e.0), enc.1.max(e.1));
        plain = (plain.0.max(p.0), plain.1.max(p.1));
    }
    let key = Key32::random();
    let buf = vec![0x5a_u8; 16 * 1024];
    let seal_rate = rate(Duration::from_secs(2), || {
        let _ = std::hint::black_box(seal(&key, "bench-v1", b"aad", &buf));
    });
    let tmp = tempfile::tempdir()?;
    let dir = DataDir::create(tmp.path().join("n"))?;
    let p = LocalProvider::create(&dir, b"bench", MIN_PBKDF2_ITERATIONS)?;
    let wrapped = p.wrap(&key, b"aad")?;
    let unwraps = rate(Duration::from_secs(1), || {
        let _ = std::hint::black_box(p.unwrap(&wrapped, b"aad"));
    });
    Ok(vec![
        row(
            "db_insert",
            "rows/s",
            enc.0,
            Some(plain.0),
            "same schema and workload on plain SQLite (same build, no key)",
        ),
        row(
            "db_read",
            "rows/s",
            enc.1,
            Some(plain.1),
            "same schema and workload on plain SQLite (same build, no key)",
        ),
        row(
            "envelope_seal_16k",
            "MB/s",
            seal_rate * 16.0 * 1024.0 / 1e6,
            openssl_gcm(),
            "openssl speed -evp aes-256-gcm -bytes 16384",
        ),
        row(
            "unwrap_local",
            "µs",
            1e6 / unwraps,
            None,
            "for the record (the KEK is derived once at open)",
        ),
    ])
}
