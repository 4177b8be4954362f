//! `bench invoke`: tool-call latency between two nodes on loopback, each in its own
//! process (this one calls; [`super::invoke_callee`] serves), one no-op tool
//! (output = input) per sandbox, against a reference measured in the same run:
//!
//! - wasm: an authenticated libp2p request-response echo between the same two nodes
//!   (`/lango/ping/1.0.0` over the same session and connection, so between the same
//!   two processes);
//! - subprocess: spawn + wait of the same program (`/bin/cat`) with the same input and
//!   no sandbox;
//! - container: `docker run --rm -i` of the same image, cold, with the same input.
//!
//! The nodes are the real daemon: session check, firewall, audit entry (group-committed
//! per `[audit] sync`) and the signed receipt are all in the measured path. Rate limits
//! are lifted for the run.
//!
//! Latency rows time one call at a time, each made once the callee's back end has
//! settled (warm pool refilled, the previous call torn down): the latency of a call that
//! meets an idle node. The `_back_to_back` rows time calls made as fast as they return,
//! so that refills and teardowns compete with them; the `c16` rows give throughput.

use std::io::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;

use lango_protocol::tools::status::Status;
use lango_protocol::AgentPublicKey;
use lango_sandbox::Kind;

use super::invoke_callee::Callee;
use super::BenchResult;
use crate::clock;
use crate::config::{ApprovalPolicy, Config, Safety, ToolConfig};
use crate::daemon::trust::TrustedPeer;
use crate::daemon::Running;

const INPUT: &str = r#"{"bench":"lango","n":1}"#;
/// The wasm no-op tool.
pub(super) const ECHO_WAT: &str = include_str!("../../../examples/tools/wasm/echo.wat");
const SEQUENTIAL: Duration = Duration::from_secs(3);
const CONCURRENT: Duration = Duration::from_secs(3);
const MIN_SAMPLES: usize = 20;

/// A safe tool table for the callee.
pub(super) fn tool(
    name: &str,
    kind: Kind,
    command: &[&str],
    module: Option<std::path::PathBuf>,
) -> ToolConfig {
    let mut t: ToolConfig =
        toml::from_str(&format!("name = {name:?}\nsandbox = {:?}\n", kind.as_str()))
            .unwrap_or_else(|_| unreachable!("a literal tool table parses"));
    t.command = command.iter().map(|s| s.to_string()).collect();
    t.module = module;
    t.safety = Safety::Safe;
    t
}

/// A node with rate limits lifted, approval off and 16-deep warm pools.
pub(super) async fn node(
    root: &std::path::Path,
    name: &str,
    tools: Vec<ToolConfig>,
) -> anyhow::Result<Running> {
    let mut cfg = Config {
        tools,
        ..Config::default()
    };
    cfg.approval.policy = ApprovalPolicy::None;
    cfg.invoke.peer_rate_per_second = 1_000_000;
    cfg.invoke.peer_burst = 1_000_000;
    cfg.invoke.rate_per_second = 1_000_000;
    cfg.invoke.burst = 1_000_000;
    cfg.invoke.max_concurrent = 64;
    cfg.invoke.max_concurrent_per_peer = 64;
    cfg.sandbox.warm_pool = 16;
    cfg.events.threshold = 1_000_000;
    super::start_node(root, name, cfg).await
}

/// A trust entry for `did`, every tool allowed, dialled at `addrs`.
pub(super) fn trust_entry(did: &str, addrs: Vec<String>) -> TrustedPeer {
    TrustedPeer {
        did: did.to_string(),
        name: Some("bench".into()),
        addrs,
        tools: vec!["*".into()],
        added_ms: clock::now().0,
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// How sequential calls are spaced.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pace {
    /// Each call once the callee's back end has settled (an idle node).
    Settled,
    /// Each call as soon as the previous one returned.
    BackToBack,
}

/// Sequential calls of `tool` for [`SEQUENTIAL`] (and at least [`MIN_SAMPLES`]);
/// latencies in µs, sorted.
async fn sequential(
    a: &Running,
    b: &mut Callee,
    tool: &str,
    kind: Kind,
    pace: Pace,
) -> anyhow::Result<Vec<f64>> {
    tracing::info!("bench invoke: {tool}, one call at a time");
    let key = b.key;
    for _ in 0..10 {
        call(a, &key, tool).await?;
    }
    let mut lat = Vec::new();
    let start = Instant::now();
    while (start.elapsed() < SEQUENTIAL || lat.len() < MIN_SAMPLES) && lat.len() < 2_000 {
        if pace == Pace::Settled {
            b.settle(kind).await?;
        }
        let t = Instant::now();
        call(a, &key, tool).await?;
        lat.push(micros(t.elapsed()));
    }
    lat.sort_by(f64::total_cmp);
    Ok(lat)
}

async fn call(a: &Running, key: &AgentPublicKey, tool: &str) -> anyhow::Result<()> {
    let r = a
        .handle()
        .invoke(key, tool, INPUT.into(), Duration::from_secs(30))
        .await
        .with_context(|| format!("bench call of {tool}"))?;
    anyhow::ensure!(
        r.status == Status::Ok && r.output == INPUT.as_bytes(),
        "bench tool {tool} answered {} ({}) instead of echoing",
        r.status,
        r.error
    );
    Ok(())
}

/// Calls per second with 16 calls in flight.
async fn concurrent(a: &Arc<Running>, key: AgentPublicKey, tool: &str) -> anyhow::Result<f64> {
    tracing::info!("bench invoke: {tool}, 16 calls in flight");
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let (a, tool) = (a.clone(), tool.to_string());
        tasks.push(tokio::spawn(async move {
            let mut n = 0u64;
            while start.elapsed() < CONCURRENT {
                call(&a, &key, &tool).await?;
                n += 1;
            }
            anyhow::Ok(n)
        }));
    }
    let mut total = 0;
    for t in tasks {
        total += t.await??;
    }
    Ok(total as f64 / start.elapsed().as_secs_f64())
}

/// Reference for wasm: the authenticated ping echo over the same session.
async fn ping_p50(a: &Running, b: &AgentPublicKey) -> anyhow::Result<f64> {
    let session = a
        .handle()
        .session_with(b)
        .context("no session for the ping reference")?;
    let mut lat = Vec::new();
    let start = Instant::now();
    while start.elapsed() < SEQUENTIAL && lat.len() < 2_000 {
        let (status, rtt) = a
            .handle()
            .ping(&session)
            .await
            .map_err(anyhow::Error::msg)?;
        anyhow::ensure!(status == "ok", "reference ping answered {status}");
        lat.push(micros(rtt));
    }
    lat.sort_by(f64::total_cmp);
    Ok(percentile(&lat, 0.5))
}

/// Reference for subprocess: spawn + wait of `/bin/cat` with the same input, no sandbox.
fn spawn_p50() -> anyhow::Result<f64> {
    let mut lat = Vec::new();
    let start = Instant::now();
    while start.elapsed() < SEQUENTIAL && lat.len() < 2_000 {
        let t = Instant::now();
        let mut c = std::process::Command::new("/bin/cat")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .env_clear()
            .spawn()?;
        if let Some(mut i) = c.stdin.take() {
            i.write_all(INPUT.as_bytes())?;
        }
        let out = c.wait_with_output()?;
        anyhow::ensure!(out.stdout == INPUT.as_bytes(), "reference cat did not echo");
        lat.push(micros(t.elapsed()));
    }
    lat.sort_by(f64::total_cmp);
    Ok(percentile(&lat, 0.5))
}

/// Reference for container: cold `docker run --rm -i IMAGE cat`, same input.
fn docker_run_p50(image: &str) -> anyhow::Result<f64> {
    let mut lat = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let mut c = std::process::Command::new("docker")
            .args(["run", "--rm", "-i", "--network", "none", image, "cat"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .context("cannot run the docker CLI for the reference")?;
        if let Some(mut i) = c.stdin.take() {
            i.write_all(INPUT.as_bytes())?;
        }
        let out = c.wait_with_output()?;
        anyhow::ensure!(
            out.stdout == INPUT.as_bytes(),
            "reference docker run did not echo: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        lat.push(micros(t.elapsed()));
    }
    lat.sort_by(f64::total_cmp);
    Ok(percentile(&lat, 0.5))
}

/// Runs the suite.
pub async fn run() -> anyhow::Result<Vec<BenchResult>> {
    let tmp = tempfile::tempdir()?;
    let mut b = Callee::spawn().await?;
    let docker = b.docker;
    if !docker {
        eprintln!("bench invoke: Docker is not reachable; container rows are left out");
    }
    let a = match node(tmp.path(), "caller", Vec::new()).await {
        Ok(a) => Arc::new(a),
        Err(e) => {
            b.stop().await;
            return Err(e);
        }
    };
    let result = measure(&a, &mut b, docker).await;
    // Stopped on every path: the callee's warm containers live outside both processes.
    b.stop().await;
    if let Ok(a) = Arc::try_unwrap(a) {
        a.stop().await;
    }
    result
}

/// The measurements, between two started nodes.
async fn measure(
    a: &Arc<Running>,
    b: &mut Callee,
    docker: bool,
) -> anyhow::Result<Vec<BenchResult>> {
    b.trust(&a.handle().local_key().did().to_string()).await?;
    a.handle()
        .trust_put(trust_entry(&b.key.did().to_string(), b.addrs.clone()))
        .await
        .map_err(anyhow::Error::msg)?;
    let (key, peer) = (b.key, b.peer);
    let deadline = Instant::now() + Duration::from_secs(30);
    while a.handle().session_of(&peer).is_none() {
        anyhow::ensure!(
            Instant::now() < deadline,
            "bench nodes formed no session in 30 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let row = |name: &str, unit: &str, ours: f64, reference: Option<(f64, &str)>| BenchResult {
        name: name.into(),
        unit: unit.into(),
        ours,
        reference: reference.map(|r| r.0),
        reference_name: reference.map(|r| r.1.to_string()),
        ratio: reference.map(|r| ours / r.0),
    };
    let mut out = Vec::new();
    let ping = ping_p50(a, &key).await?;
    let wasm = sequential(a, b, "noop-wasm", Kind::Wasm, Pace::Settled).await?;
    out.push(row(
        "invoke_wasm_p50",
        "µs",
        percentile(&wasm, 0.5),
        Some((
            ping,
            "libp2p request-response echo (/lango/ping) between the same two nodes, p50",
        )),
    ));
    out.push(row("invoke_wasm_p99", "µs", percentile(&wasm, 0.99), None));
    let spawn = tokio::task::spawn_blocking(spawn_p50).await??;
    let spawn_ref = "spawn + wait of /bin/cat with the same input, no sandbox, p50";
    for (name, pace) in [
        ("invoke_subprocess_p50", Pace::Settled),
        ("invoke_subprocess_p50_back_to_back", Pace::BackToBack),
    ] {
        let sub = sequential(a, b, "noop-subprocess", Kind::Subprocess, pace).await?;
        out.push(row(
            name,
            "µs",
            percentile(&sub, 0.5),
            Some((spawn, spawn_ref)),
        ));
    }
    if docker {
        let img = Config::default().sandbox.image;
        let cold = tokio::task::spawn_blocking(move || docker_run_p50(&img)).await??;
        let cold_ref = "docker run --rm -i of the same image, cold, p50 of 5";
        for (name, pace) in [
            ("invoke_container_p50", Pace::Settled),
            ("invoke_container_p50_back_to_back", Pace::BackToBack),
        ] {
            let con = sequential(a, b, "noop-container", Kind::Container, pace).await?;
            out.push(row(
                name,
                "µs",
                percentile(&con, 0.5),
                Some((cold, cold_ref)),
            ));
        }
    }
    out.push(row(
        "invoke_subprocess_c16_per_s",
        "calls/s",
        concurrent(a, key, "noop-subprocess").await?,
        None,
    ));
    out.push(row(
        "invoke_wasm_c16_per_s",
        "calls/s",
        concurrent(a, key, "noop-wasm").await?,
        None,
    ));
    if docker {
        out.push(row(
            "invoke_container_c16_per_s",
            "calls/s",
            concurrent(a, key, "noop-container").await?,
            None,
        ));
    }
    Ok(out)
}
