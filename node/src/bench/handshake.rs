//! `bench handshake`: full connection + lango handshake per second between two nodes in
//! this process on loopback, against bare libp2p connection setup (same TCP + Noise +
//! Yamux stack) measured in the same run.
//!
//! The nodes are the real daemon (`daemon::start`): trust store, replay cache with its
//! sled persistence and the audit log are all in the measured path. Their handshake rate
//! limits are lifted for the run, since the benchmark measures the protocol, not the
//! limiter.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use futures::StreamExt;
use libp2p::swarm::{NetworkBehaviour, SwarmEvent};
use libp2p::{noise, tcp, yamux, Multiaddr};

use super::BenchResult;
use crate::clock;
use crate::config::Config;
use crate::daemon::trust::TrustedPeer;
use crate::daemon::Running;

const BUDGET: Duration = Duration::from_secs(5);
/// A dial that has produced no session after this long is retried (its time counts).
const STALL: Duration = Duration::from_millis(500);

async fn node(root: &std::path::Path, name: &str) -> anyhow::Result<Running> {
    let mut cfg = Config::default();
    cfg.handshake.rate_per_second = 1_000_000;
    cfg.handshake.burst = 1_000_000;
    cfg.handshake.peer_rate_per_second = 1_000_000;
    cfg.handshake.peer_burst = 1_000_000;
    super::start_node(root, name, cfg).await
}

async fn trust(a: &Running, b: &Running) -> anyhow::Result<()> {
    a.handle()
        .trust_put(TrustedPeer {
            did: b.handle().local_key().did().to_string(),
            name: Some("bench".into()),
            addrs: Vec::new(),
            tools: Vec::new(),
            added_ms: clock::now().0,
        })
        .await
        .map(drop)
        .map_err(anyhow::Error::msg)
}

/// Handshakes per second, each on a fresh connection, with `k` initiator nodes dialing
/// one responder at once.
async fn ours(k: usize) -> anyhow::Result<f64> {
    let tmp = tempfile::tempdir()?;
    let b = Arc::new(node(tmp.path(), "responder").await?);
    let mut initiators = Vec::new();
    for i in 0..k {
        let a = node(tmp.path(), &format!("initiator-{i}")).await?;
        trust(&a, &b).await?;
        trust(&b, &a).await?;
        initiators.push(a);
    }
    let b_peer = b.handle().peer_id();
    let b_addr: Multiaddr = b
        .handle()
        .snapshot()
        .listen_addrs
        .first()
        .cloned()
        .context("bench node has no listen address")?;
    let start = Instant::now();
    let mut tasks = Vec::new();
    for a in initiators {
        let b_addr = b_addr.clone();
        tasks.push(tokio::spawn(async move {
            let h = a.handle();
            let mut installed = h.sessions_installed();
            let mut n = 0u64;
            let mut stalls = 0u32;
            while start.elapsed() < BUDGET {
                if stalls >= 50 {
                    break;
                }
                h.forget_session(&b_peer);
                h.disconnect(b_peer);
                h.dial(b_peer, b_addr.clone());
                match tokio::time::timeout(STALL, installed.changed()).await {
                    Ok(Ok(())) => n += 1,
                    Ok(Err(_)) => break,
                    Err(_) => stalls += 1,
                }
            }
            a.stop().await;
            (n, stalls)
        }));
    }
    let mut total = 0u64;
    for t in tasks {
        let (n, stalls) = t.await?;
        anyhow::ensure!(stalls < 50, "handshakes stalled 50 times on one initiator");
        if stalls > 0 {
            tracing::warn!(
                "bench handshake: {stalls} dial(s) produced no session within {STALL:?} and were retried (the time counts)"
            );
        }
        total += n;
    }
    let rate = total as f64 / start.elapsed().as_secs_f64();
    if let Ok(b) = Arc::try_unwrap(b) {
        b.stop().await;
    }
    Ok(rate)
}

#[derive(NetworkBehaviour)]
struct Bare {
    streams: libp2p_stream::Behaviour,
}

fn bare_swarm() -> anyhow::Result<libp2p::Swarm<Bare>> {
    Ok(libp2p::SwarmBuilder::with_new_identity()
        .with_tokio()
        .with_tcp(
            tcp::Config::default().nodelay(true),
            noise::Config::new,
            yamux::Config::default,
        )?
        .with_behaviour(|_| Bare {
            streams: libp2p_stream::Behaviour::new(),
        })?
        .with_swarm_config(|c| c.with_idle_connection_timeout(Duration::from_secs(60)))
        .build())
}

/// Bare libp2p connection setups per second, `k` dialers at once. With `node_stack`,
/// every swarm is built by the node's own builder (identify, ping, limits included), so
/// the ratio isolates what the lango handshake adds.
async fn reference(node_stack: bool, k: usize) -> anyhow::Result<f64> {
    let mut cfg = Config::default();
    // Swarms on loopback: mDNS would only add multicast noise to the measurement.
    cfg.node.mdns = false;
    let make = || -> anyhow::Result<libp2p::Swarm<crate::daemon::swarm::Behaviour>> {
        Ok(crate::daemon::swarm::build(
            libp2p::identity::Keypair::generate_ed25519(),
            &cfg,
            &Default::default(),
        )?
        .0)
    };
    if node_stack {
        let dialers = (0..k).map(|_| make()).collect::<anyhow::Result<Vec<_>>>()?;
        return dial_loop(make()?, dialers).await;
    }
    let dialers = (0..k)
        .map(|_| bare_swarm())
        .collect::<anyhow::Result<Vec<_>>>()?;
    dial_loop(bare_swarm()?, dialers).await
}

async fn dial_loop<B>(
    mut listener: libp2p::Swarm<B>,
    dialers: Vec<libp2p::Swarm<B>>,
) -> anyhow::Result<f64>
where
    B: NetworkBehaviour + Send + 'static,
    B::ToSwarm: Send + std::fmt::Debug,
{
    listener.listen_on("/ip4/127.0.0.1/tcp/0".parse()?)?;
    let addr = loop {
        if let SwarmEvent::NewListenAddr { address, .. } = listener.select_next_some().await {
            break address;
        }
    };
    let peer = *listener.local_peer_id();
    let listen_task = tokio::spawn(async move {
        loop {
            listener.select_next_some().await;
        }
    });
    let start = Instant::now();
    let mut tasks = Vec::new();
    for mut dialer in dialers {
        let addr = addr.clone();
        tasks.push(tokio::spawn(async move {
            let mut n = 0u64;
            while start.elapsed() < BUDGET {
                let _ = dialer.disconnect_peer_id(peer);
                let opts = libp2p::swarm::dial_opts::DialOpts::peer_id(peer)
                    .addresses(vec![addr.clone()])
                    .condition(libp2p::swarm::dial_opts::PeerCondition::Always)
                    .build();
                dialer.dial(opts)?;
                loop {
                    match tokio::time::timeout(Duration::from_secs(10), dialer.select_next_some())
                        .await
                        .context("bare dial stalled")?
                    {
                        SwarmEvent::ConnectionEstablished { .. } => break,
                        SwarmEvent::OutgoingConnectionError { error, .. } => {
                            anyhow::bail!("bare dial failed: {error}")
                        }
                        _ => {}
                    }
                }
                n += 1;
            }
            anyhow::Ok(n)
        }));
    }
    let mut total = 0u64;
    for t in tasks {
        total += t.await??;
    }
    listen_task.abort();
    Ok(total as f64 / start.elapsed().as_secs_f64())
}

/// Runs the suite.
pub async fn run() -> anyhow::Result<Vec<BenchResult>> {
    let row = |name: &str, ours: f64, reference: f64, what: &str| BenchResult {
        name: name.into(),
        unit: "handshakes/s".into(),
        ours,
        reference: Some(reference),
        reference_name: Some(what.into()),
        ratio: Some(ours / reference),
    };
    let bare = reference(false, 1).await?;
    let stack = reference(true, 1).await?;
    let ours1 = ours(1).await?;
    let bare8 = reference(false, 8).await?;
    let ours8 = ours(8).await?;
    Ok(vec![
        row(
            "handshake",
            ours1,
            bare,
            "bare libp2p connection setup/s (TCP + Noise + Yamux only, one dialer, loopback)",
        ),
        row(
            "handshake_vs_node_stack",
            ours1,
            stack,
            "libp2p connection setup/s with the node's own swarm (identify, ping, limits), one dialer",
        ),
        row(
            "handshake_c8",
            ours8,
            bare8,
            "bare libp2p connection setup/s, 8 dialers at once (ours: 8 initiator nodes, one responder)",
        ),
    ])
}
