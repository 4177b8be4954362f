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

use lango_protocol::PeerIdBytes;
use lango_storage::DataDir;

use super::BenchResult;
use crate::config::Config;
use crate::daemon::state::SwarmCommand;
use crate::daemon::trust::TrustedPeer;
use crate::daemon::{self, Running};
use crate::{clock, keys};

const BUDGET: Duration = Duration::from_secs(5);

async fn node(root: &std::path::Path, name: &str) -> anyhow::Result<Running> {
    let dir = DataDir::create(root.join(name))?;
    let unlocked = keys::init(&dir, "lango bench passphrase")?;
    let mut cfg = Config::default();
    cfg.handshake.rate_per_second = 1_000_000;
    cfg.handshake.burst = 1_000_000;
    cfg.handshake.peer_rate_per_second = 1_000_000;
    cfg.handshake.peer_burst = 1_000_000;
    daemon::start(daemon::RunArgs {
        dir,
        cfg,
        listen: vec!["/ip4/127.0.0.1/tcp/0".parse()?],
        signer: Arc::new(unlocked.signer),
        transport_key: unlocked.transport,
        trust: unlocked.trust,
    })
    .await
}

fn trust(a: &Running, b: &Running) -> anyhow::Result<()> {
    a.shared.core().trust.add(TrustedPeer {
        did: b.shared.local_key.did().to_string(),
        name: Some("bench".into()),
        addrs: Vec::new(),
        tools: Vec::new(),
        added_ms: clock::now().0,
    })?;
    Ok(())
}

/// Handshakes per second, each on a fresh connection.
async fn ours() -> anyhow::Result<f64> {
    let tmp = tempfile::tempdir()?;
    let a = node(tmp.path(), "a").await?;
    let b = node(tmp.path(), "b").await?;
    trust(&a, &b)?;
    trust(&b, &a)?;
    let b_peer = b.shared.local_peer;
    let b_addr: Multiaddr = b
        .shared
        .core()
        .listen_addrs
        .first()
        .cloned()
        .context("bench node has no listen address")?;
    let mut installed = a.shared.installed.subscribe();
    let mut n = 0u64;
    let mut stalls = 0u32;
    let start = Instant::now();
    while start.elapsed() < BUDGET {
        anyhow::ensure!(stalls < 3, "handshakes stalled 3 times; {n} completed");
        a.shared
            .core()
            .sessions
            .remove_peer(&PeerIdBytes(b_peer.to_bytes()));
        let _ = a.shared.swarm_tx.send(SwarmCommand::Disconnect(b_peer));
        let _ = a
            .shared
            .swarm_tx
            .send(SwarmCommand::Dial(b_peer, b_addr.clone()));
        match tokio::time::timeout(Duration::from_secs(5), installed.changed()).await {
            Ok(r) => {
                r?;
                n += 1;
            }
            Err(_) => stalls += 1,
        }
    }
    let rate = n as f64 / start.elapsed().as_secs_f64();
    a.stop().await;
    b.stop().await;
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

/// Bare libp2p connection setups per second. With `node_stack`, both swarms are built
/// by the node's own builder (identify, ping, limits included), so the ratio isolates
/// what the lango handshake adds.
async fn reference(node_stack: bool) -> anyhow::Result<f64> {
    if node_stack {
        let cfg = Config::default();
        let a = crate::daemon::swarm::build(libp2p::identity::Keypair::generate_ed25519(), &cfg)?;
        let b = crate::daemon::swarm::build(libp2p::identity::Keypair::generate_ed25519(), &cfg)?;
        return dial_loop(a, b).await;
    }
    dial_loop(bare_swarm()?, bare_swarm()?).await
}

async fn dial_loop<B: NetworkBehaviour + Send>(
    mut listener: libp2p::Swarm<B>,
    mut dialer: libp2p::Swarm<B>,
) -> anyhow::Result<f64>
where
    B::ToSwarm: Send + std::fmt::Debug,
    libp2p::Swarm<B>: Send + 'static,
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
    let mut n = 0u64;
    let start = Instant::now();
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
    listen_task.abort();
    Ok(n as f64 / start.elapsed().as_secs_f64())
}

/// Runs the suite.
pub async fn run() -> anyhow::Result<Vec<BenchResult>> {
    let bare = reference(false).await?;
    let stack = reference(true).await?;
    let ours = ours().await?;
    Ok(vec![
        BenchResult {
            name: "handshake".into(),
            unit: "handshakes/s".into(),
            ours,
            reference: Some(bare),
            reference_name: Some(
                "bare libp2p connection setup/s (TCP + Noise + Yamux only, same process, loopback)"
                    .into(),
            ),
            ratio: Some(ours / bare),
        },
        BenchResult {
            name: "handshake_vs_node_stack".into(),
            unit: "handshakes/s".into(),
            ours,
            reference: Some(stack),
            reference_name: Some(
                "libp2p connection setup/s with the node's own swarm (identify, ping, limits), no lango handshake"
                    .into(),
            ),
            ratio: Some(ours / stack),
        },
    ])
}
