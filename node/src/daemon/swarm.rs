//! The libp2p swarm: TCP and QUIC, Noise, Yamux, identify, ping, raw protocol streams,
//! and connection and memory limits. No mDNS, relay or DHT by default.

use std::time::Duration;

use libp2p::swarm::NetworkBehaviour;
use libp2p::{
    connection_limits, identify, identity, memory_connection_limits, noise, ping, tcp, yamux, Swarm,
};

use crate::config::Config;

/// The node's behaviours, in the order they see events.
#[derive(NetworkBehaviour)]
pub struct Behaviour {
    /// Connection-count limits.
    pub limits: connection_limits::Behaviour,
    /// Refuse connections when memory is short.
    pub memory: memory_connection_limits::Behaviour,
    /// Exchange listen addresses and protocol lists.
    pub identify: identify::Behaviour,
    /// Liveness.
    pub ping: ping::Behaviour,
    /// Raw streams for our protocols.
    pub streams: libp2p_stream::Behaviour,
}

/// Builds the swarm for `keypair` (the software-held transport key).
pub fn build(keypair: identity::Keypair, cfg: &Config) -> anyhow::Result<Swarm<Behaviour>> {
    let l = &cfg.limits;
    let limits = connection_limits::ConnectionLimits::default()
        .with_max_established(Some(l.max_established))
        .with_max_established_per_peer(Some(l.max_established_per_peer))
        .with_max_pending_incoming(Some(l.max_pending_incoming))
        .with_max_pending_outgoing(Some(l.max_pending_incoming));
    let fraction = l.max_memory_fraction;
    let swarm = libp2p::SwarmBuilder::with_existing_identity(keypair)
        .with_tokio()
        .with_tcp(
            tcp::Config::default().nodelay(true),
            noise::Config::new,
            yamux::Config::default,
        )?
        .with_quic()
        .with_behaviour(|key| Behaviour {
            limits: connection_limits::Behaviour::new(limits),
            memory: memory_connection_limits::Behaviour::with_max_percentage(fraction),
            identify: identify::Behaviour::new(identify::Config::new(
                "/lango/id/1.0.0".into(),
                key.public(),
            )),
            ping: ping::Behaviour::default(),
            streams: libp2p_stream::Behaviour::new(),
        })?
        .with_swarm_config(|c| c.with_idle_connection_timeout(Duration::from_secs(24 * 3600)))
        .build();
    Ok(swarm)
}
