//! The libp2p swarm: TCP and QUIC, Noise, Yamux, identify, ping, raw protocol streams,
//! connection and memory limits; a circuit-relay v2 client and DCUtR (hole punching) for
//! reaching trusted peers behind NATs; with `[relay] serve = true`, a relay hop that
//! serves only peers holding a session with this node; AutoNAT v2 (`autonat.rs`) asking
//! our relays whether we can be dialed, and answering as a relay; and, with `node.mdns`,
//! mDNS to find LAN neighbours (probed before any handshake, see `lan.rs`). No DHT.

use std::sync::{Arc, OnceLock, Weak};
use std::task::{Context, Poll};
use std::time::Duration;

use libp2p::core::transport::PortUse;
use libp2p::core::Endpoint;
use libp2p::swarm::behaviour::toggle::Toggle;
use libp2p::swarm::{
    ConnectionDenied, ConnectionId, FromSwarm, NetworkBehaviour, THandler, THandlerInEvent,
    THandlerOutEvent, ToSwarm,
};
use libp2p::{
    connection_limits, dcutr, identify, identity, mdns, memory_connection_limits, noise, ping,
    relay, tcp, yamux, Multiaddr, PeerId, Swarm,
};

use super::autonat::{AutonatClient, AutonatServer};
use super::state::Shared;
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
    /// Liveness and round-trip time.
    pub ping: ping::Behaviour,
    /// Reservations on relays and circuits through them.
    pub relay_client: relay::client::Behaviour,
    /// Relayed → direct upgrades by hole punching.
    pub dcutr: dcutr::Behaviour,
    /// The relay hop (`[relay] serve = true`).
    pub relay: Toggle<relay::Behaviour>,
    /// Whether we can be dialed, as our relays find.
    pub autonat: AutonatClient,
    /// Dial-backs for peers of ours (`[relay] serve = true`).
    pub autonat_server: Toggle<AutonatServer>,
    /// LAN neighbours (`node.mdns`).
    pub mdns: LanDiscovery,
    /// Raw streams for our protocols (none opened on a connection being drained).
    pub streams: super::drain::Streams,
}

/// mDNS whose discoveries reach the node only as events (`lan.rs` checks them). Plain
/// libp2p mDNS also hands every address it heard, unchecked and forgeable, to any dial
/// of that PeerId that names no address of its own, such as a stream opened to a peer
/// that has just disconnected; this wrapper gives none.
pub struct LanDiscovery(Toggle<mdns::tokio::Behaviour>);

impl LanDiscovery {
    /// Whether mDNS runs.
    pub fn is_enabled(&self) -> bool {
        self.0.is_enabled()
    }
}

type MdnsHandler = <Toggle<mdns::tokio::Behaviour> as NetworkBehaviour>::ConnectionHandler;

impl NetworkBehaviour for LanDiscovery {
    type ConnectionHandler = MdnsHandler;
    type ToSwarm = mdns::Event;

    fn handle_pending_inbound_connection(
        &mut self,
        id: ConnectionId,
        local: &Multiaddr,
        remote: &Multiaddr,
    ) -> Result<(), ConnectionDenied> {
        self.0.handle_pending_inbound_connection(id, local, remote)
    }

    fn handle_established_inbound_connection(
        &mut self,
        id: ConnectionId,
        peer: PeerId,
        local: &Multiaddr,
        remote: &Multiaddr,
    ) -> Result<THandler<Self>, ConnectionDenied> {
        self.0
            .handle_established_inbound_connection(id, peer, local, remote)
    }

    fn handle_pending_outbound_connection(
        &mut self,
        _id: ConnectionId,
        _peer: Option<PeerId>,
        _addresses: &[Multiaddr],
        _role: Endpoint,
    ) -> Result<Vec<Multiaddr>, ConnectionDenied> {
        // The point of the wrapper: no address from mDNS for any dial.
        Ok(Vec::new())
    }

    fn handle_established_outbound_connection(
        &mut self,
        id: ConnectionId,
        peer: PeerId,
        addr: &Multiaddr,
        role: Endpoint,
        port_use: PortUse,
    ) -> Result<THandler<Self>, ConnectionDenied> {
        self.0
            .handle_established_outbound_connection(id, peer, addr, role, port_use)
    }

    fn on_swarm_event(&mut self, event: FromSwarm) {
        self.0.on_swarm_event(event)
    }

    fn on_connection_handler_event(
        &mut self,
        peer: PeerId,
        id: ConnectionId,
        event: THandlerOutEvent<Self>,
    ) {
        self.0.on_connection_handler_event(peer, id, event)
    }

    fn poll(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<ToSwarm<Self::ToSwarm, THandlerInEvent<Self>>> {
        self.0.poll(cx)
    }
}

/// Who may use the relay hop: set once the daemon's state exists. Until then, and after
/// it is dropped, nobody.
#[derive(Clone, Default)]
pub struct RelayGate(Arc<OnceLock<Weak<Shared>>>);

impl RelayGate {
    /// Binds the gate to the daemon's state.
    pub(super) fn bind(&self, shared: &Arc<Shared>) {
        let _ = self.0.set(Arc::downgrade(shared));
    }

    /// Whether `peer` holds a session with us (and so may reserve or open a circuit, or
    /// ask for a dial-back).
    pub(super) fn admits(&self, peer: &PeerId) -> bool {
        self.0
            .get()
            .and_then(Weak::upgrade)
            .is_some_and(|s| s.has_session(peer))
    }

    fn admits_to_relay(&self, peer: &PeerId) -> bool {
        let admitted = self.admits(peer);
        if !admitted {
            tracing::info!(peer = %peer, "relay: refused a peer without a session");
        }
        admitted
    }
}

fn relay_config(cfg: &Config, gate: &RelayGate) -> relay::Config {
    let r = &cfg.relay;
    let (g1, g2) = (gate.clone(), gate.clone());
    relay::Config {
        max_reservations: r.max_reservations,
        max_reservations_per_peer: r.max_reservations_per_peer,
        reservation_duration: r.reservation_duration,
        max_circuits: r.max_circuits,
        max_circuits_per_peer: r.max_circuits_per_peer,
        max_circuit_duration: r.circuit_duration,
        max_circuit_bytes: r.circuit_bytes,
        // The only limiter on each: a session with us. (libp2p's default per-peer and
        // per-IP rate limiters are dropped: the peers admitted are trusted ones.)
        reservation_rate_limiters: vec![Box::new(
            move |p: PeerId, _: &Multiaddr, _: web_time::Instant| g1.admits_to_relay(&p),
        )],
        circuit_src_rate_limiters: vec![Box::new(
            move |p: PeerId, _: &Multiaddr, _: web_time::Instant| g2.admits_to_relay(&p),
        )],
    }
}

/// How often each connection is pinged (libp2p's default is 15 s). A relay that closes
/// one end of a circuit (a revoke, a crash) does not end the other until something
/// crosses it: the other end learns within one ping interval.
const PING_INTERVAL: Duration = Duration::from_secs(5);

/// How often mDNS asks the LAN who is there (an answer from a new node arrives at once;
/// this catches a lost packet and a neighbour that came back).
const MDNS_QUERY_INTERVAL: Duration = Duration::from_secs(30);
/// How long an mDNS answer stands without being repeated.
const MDNS_TTL: Duration = Duration::from_secs(120);

/// Builds the swarm for `keypair` (the software-held transport key). Also says why mDNS
/// is off when the config asks for it and it could not start.
pub fn build(
    keypair: identity::Keypair,
    cfg: &Config,
    gate: &RelayGate,
) -> anyhow::Result<(Swarm<Behaviour>, Option<String>)> {
    let mut mdns_error = None;
    let l = &cfg.limits;
    let limits = connection_limits::ConnectionLimits::default()
        .with_max_established(Some(l.max_established))
        .with_max_established_per_peer(Some(l.max_established_per_peer))
        .with_max_pending_incoming(Some(l.max_pending_incoming))
        .with_max_pending_outgoing(Some(l.max_pending_incoming));
    let fraction = l.max_memory_fraction;
    let serve = cfg.relay.serve.then(|| relay_config(cfg, gate));
    let nat_server = cfg.relay.serve.then(|| {
        let g = gate.clone();
        AutonatServer::new(Box::new(move |p| g.admits(p)))
    });
    let nat_servers = cfg
        .relays
        .iter()
        .filter_map(|r| r.parse().ok())
        .map(|r| r.peer)
        .collect();
    let mut swarm = libp2p::SwarmBuilder::with_existing_identity(keypair)
        .with_tokio()
        .with_tcp(
            tcp::Config::default().nodelay(true),
            noise::Config::new,
            yamux::Config::default,
        )?
        .with_quic()
        .with_relay_client(noise::Config::new, yamux::Config::default)?
        .with_behaviour(|key, relay_client| {
            let mdns = if cfg.node.mdns {
                let c = mdns::Config {
                    ttl: MDNS_TTL,
                    query_interval: MDNS_QUERY_INTERVAL,
                    enable_ipv6: false,
                };
                mdns::tokio::Behaviour::new(c, key.public().to_peer_id())
                    .map_err(|e| mdns_error = Some(format!("mDNS could not start: {e}")))
                    .ok()
            } else {
                None
            };
            Behaviour {
                limits: connection_limits::Behaviour::new(limits),
                memory: memory_connection_limits::Behaviour::with_max_percentage(fraction),
                identify: identify::Behaviour::new(identify::Config::new(
                    "/lango/id/1.0.0".into(),
                    key.public(),
                )),
                ping: ping::Behaviour::new(ping::Config::new().with_interval(PING_INTERVAL)),
                relay_client,
                dcutr: dcutr::Behaviour::new(key.public().to_peer_id()),
                relay: serve
                    .map(|c| relay::Behaviour::new(key.public().to_peer_id(), c))
                    .into(),
                autonat: AutonatClient::new(nat_servers),
                autonat_server: nat_server.into(),
                mdns: LanDiscovery(mdns.into()),
                streams: super::drain::Streams::new(),
            }
        })?
        .with_swarm_config(|c| c.with_idle_connection_timeout(Duration::from_secs(24 * 3600)))
        .build();
    // libp2p advertises the hop only once it has a confirmed external address (AutoNAT);
    // a relay here is one because its operator said so.
    if let Some(r) = swarm.behaviour_mut().relay.as_mut() {
        r.set_status(Some(relay::Status::Enable));
    }
    Ok((swarm, mdns_error))
}
