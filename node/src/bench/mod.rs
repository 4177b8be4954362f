//! `lango-node bench SUITE [--json]`: measured ratios against a reference run in the same
//! invocation (design brief section 10).

mod crypto;
mod handshake;
mod invoke;
mod invoke_callee;
mod pii;
mod replay;
mod secrets;
mod storage;

use serde::Serialize;

use crate::testkit::start_node;

/// One result row.
#[derive(Debug, Serialize)]
pub struct BenchResult {
    /// Name from the issue.
    pub name: String,
    /// Unit of `ours` and `reference`.
    pub unit: String,
    /// Our measurement.
    pub ours: f64,
    /// The reference measurement, if any.
    pub reference: Option<f64>,
    /// What the reference is.
    pub reference_name: Option<String>,
    /// ours / reference.
    pub ratio: Option<f64>,
}

/// MB/s of `f` over `bytes` in steady state: after at least [`WARM_UP`] of untimed runs
/// (this machine's cores take several runs to reach full speed on a new kind of work,
/// and a cold first pass measured half the steady speed), the best of five timed runs.
/// The text suites measure ours and the reference alike with it.
pub(crate) fn throughput<T: AsRef<[u8]> + ?Sized>(bytes: &T, f: impl Fn(&T) -> usize) -> f64 {
    let start = std::time::Instant::now();
    let mut runs = 0;
    while runs < 3 || start.elapsed() < WARM_UP {
        std::hint::black_box(f(bytes));
        runs += 1;
    }
    (0..5)
        .map(|_| {
            let start = std::time::Instant::now();
            std::hint::black_box(f(bytes));
            bytes.as_ref().len() as f64 / 1e6 / start.elapsed().as_secs_f64()
        })
        .fold(0.0, f64::max)
}

/// Untimed runs before a throughput is measured.
const WARM_UP: std::time::Duration = std::time::Duration::from_millis(300);

/// Runs a suite and prints it.
pub async fn run(suite: &str, json: bool) -> anyhow::Result<()> {
    let results: Vec<BenchResult> = match suite {
        "handshake" => handshake::run().await?,
        "invoke" => invoke::run().await?,
        // The callee process of `invoke`; it prints its own protocol, not results.
        invoke_callee::SUITE => return invoke_callee::serve().await,
        "crypto" => tokio::task::spawn_blocking(crypto::run).await?,
        "replay-cache" => tokio::task::spawn_blocking(replay::run).await?,
        "storage" => tokio::task::spawn_blocking(storage::run).await??,
        "pii" => tokio::task::spawn_blocking(pii::run).await?,
        "secrets" => tokio::task::spawn_blocking(secrets::run).await?,
        other => {
            return Err(crate::UsageError(format!(
                "unknown bench suite {other:?} (known: handshake, invoke, replay-cache, crypto, storage, pii, secrets)"
            ))
            .into())
        }
    };
    print(suite, &results, json)
}

fn print(suite: &str, results: &[BenchResult], json: bool) -> anyhow::Result<()> {
    if json {
        println!(
            "{}",
            serde_json::to_string(&serde_json::json!({"suite": suite, "results": results}))?
        );
    } else {
        println!(
            "{:<26} {:>14} {:>14} {:>8}  unit / reference",
            "name", "ours", "reference", "ratio"
        );
        for r in results {
            println!(
                "{:<26} {:>14.2} {:>14} {:>8}  {} / {}",
                r.name,
                r.ours,
                r.reference.map_or("-".into(), |v| format!("{v:.2}")),
                r.ratio.map_or("-".into(), |v| format!("{v:.3}")),
                r.unit,
                r.reference_name.as_deref().unwrap_or("-")
            );
        }
    }
    Ok(())
}
