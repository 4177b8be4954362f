//! `bench crypto`: agent-key signatures, envelope AEAD and the passphrase KDF, each
//! against `openssl` measured in the same run.

use std::process::Command;
use std::time::{Duration, Instant};

use rand::rngs::OsRng;

use lango_protocol::transcript::Transcript;
use lango_protocol::{PeerIdBytes, Signer, SoftwareSigner, UnixMillis};
use lango_storage::crypto::{pbkdf2_sha256, seal, Key32};
use lango_storage::MIN_PBKDF2_ITERATIONS;

use super::BenchResult;

/// Calls `f` repeatedly for about `budget`; returns operations per second.
pub fn rate(budget: Duration, mut f: impl FnMut()) -> f64 {
    // Warm up.
    for _ in 0..10 {
        f();
    }
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < budget {
        for _ in 0..16 {
            f();
        }
        n += 16;
    }
    n as f64 / start.elapsed().as_secs_f64()
}

fn openssl(args: &[&str]) -> Option<String> {
    let out = Command::new("openssl").args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// (sign/s, verify/s) from `openssl speed -mr ecdsap256`.
fn openssl_ecdsa() -> Option<(f64, f64)> {
    let s = openssl(&["speed", "-mr", "-seconds", "1", "ecdsap256"])?;
    let line = s.lines().find(|l| l.starts_with("+F4:"))?;
    let f: Vec<&str> = line.split(':').collect();
    Some((f.get(3)?.parse().ok()?, f.get(4)?.parse().ok()?))
}

/// MB/s of AES-256-GCM on 16 KiB buffers from `openssl speed -mr -evp`.
pub fn openssl_gcm() -> Option<f64> {
    let s = openssl(&[
        "speed",
        "-mr",
        "-seconds",
        "1",
        "-evp",
        "aes-256-gcm",
        "-bytes",
        "16384",
    ])?;
    let line = s.lines().find(|l| l.starts_with("+F:"))?;
    let bytes_per_s: f64 = line.split(':').nth(3)?.parse().ok()?;
    Some(bytes_per_s / 1e6)
}

/// ms for one PBKDF2-HMAC-SHA256 derivation by `openssl kdf`.
fn openssl_pbkdf2(iterations: u32) -> Option<f64> {
    let iter = format!("iter:{iterations}");
    let start = Instant::now();
    openssl(&[
        "kdf",
        "-keylen",
        "32",
        "-kdfopt",
        "digest:SHA256",
        "-kdfopt",
        "pass:lango-bench",
        "-kdfopt",
        "salt:0123456789abcdef",
        "-kdfopt",
        &iter,
        "PBKDF2",
    ])?;
    Some(start.elapsed().as_secs_f64() * 1e3)
}

pub fn row(
    name: &str,
    unit: &str,
    ours: f64,
    reference: Option<f64>,
    reference_name: &str,
) -> BenchResult {
    BenchResult {
        name: name.into(),
        unit: unit.into(),
        ours,
        ratio: reference.map(|r| ours / r),
        reference_name: reference.map(|_| reference_name.into()),
        reference,
    }
}

/// Runs the suite.
pub fn run() -> Vec<BenchResult> {
    let budget = Duration::from_secs(2);
    let signer = SoftwareSigner::generate(&mut OsRng);
    let t = Transcript {
        initiator_peer: PeerIdBytes(vec![1; 38]),
        responder_peer: PeerIdBytes(vec![2; 38]),
        initiator_key: signer.public_key(),
        responder_key: signer.public_key(),
        initiator_nonce: [3; 32],
        responder_nonce: [4; 32],
        initiator_time: UnixMillis(1),
        responder_time: UnixMillis(2),
    };
    let payload = t.initiator_payload();
    let sig = signer
        .sign(&payload)
        .unwrap_or(lango_protocol::Signature([0; 64]));
    let key = signer.public_key();
    let sign_rate = rate(budget, || {
        let _ = std::hint::black_box(signer.sign(&payload));
    });
    let verify_rate = rate(budget, || {
        let _ = std::hint::black_box(key.verify(&payload, &sig));
    });
    let aead_key = Key32::random();
    let buf = vec![0x5a_u8; 16 * 1024];
    let seal_rate = rate(budget, || {
        let _ = std::hint::black_box(seal(&aead_key, "bench-v1", b"aad", &buf));
    });
    let start = Instant::now();
    let _ = std::hint::black_box(pbkdf2_sha256(
        b"lango-bench",
        b"0123456789abcdef",
        MIN_PBKDF2_ITERATIONS,
    ));
    let pbkdf2_ms = start.elapsed().as_secs_f64() * 1e3;

    let (ossl_sign, ossl_verify) = openssl_ecdsa().unzip();
    vec![
        row(
            "p256_sign",
            "ops/s",
            sign_rate,
            ossl_sign,
            "openssl speed ecdsap256 (sign)",
        ),
        row(
            "p256_verify",
            "ops/s",
            verify_rate,
            ossl_verify,
            "openssl speed ecdsap256 (verify)",
        ),
        row(
            "aes256gcm_16k",
            "MB/s",
            seal_rate * 16.0 * 1024.0 / 1e6,
            openssl_gcm(),
            "openssl speed -evp aes-256-gcm -bytes 16384",
        ),
        row(
            "pbkdf2",
            "ms",
            pbkdf2_ms,
            openssl_pbkdf2(MIN_PBKDF2_ITERATIONS),
            "openssl kdf PBKDF2 SHA256 (same iterations, includes process start)",
        ),
    ]
}
