//! The running node: the swarm loop, the protocol acceptors, and the callee's call
//! pipeline. Its state is private to this module; the rest of the crate reaches it
//! through [`Handle`]. It knows nothing of the front ends (control socket, gateway):
//! they are adapters over [`crate::ops`].

mod accept;
mod announce;
mod authorize;
pub mod autonat;
pub(crate) mod drain;
pub mod events;
mod exchange;
mod framed;
mod handle;
mod handshake;
mod known;
mod lan;
mod limits;
mod notice;
pub(crate) mod ping;
pub mod pipeline;
pub mod reach;
mod records;
mod relays;
mod reload;
mod security;
mod signing;
mod state;
pub(crate) mod swarm;
pub(crate) mod tools;
pub mod trust;
mod trust_writes;

pub use handle::{Handle, Snapshot};
pub use reload::Reloaded;
pub use state::{PeerBlock, PendingPeer, RevokedBy};

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use futures::StreamExt;
use libp2p::swarm::SwarmEvent;
use libp2p::{Multiaddr, PeerId};
use serde_json::json;
use tokio::sync::mpsc;

use lango_protocol::replay::ReplayCache;
use lango_protocol::session::{Direction, SessionTable};
use lango_protocol::{PeerIdBytes, Signer, UnixMillis};
use lango_storage::replay_store::ReplayStore;
use lango_storage::DataDir;

use crate::clock;
use crate::config::Config;
use state::{Core, Shared, SwarmCommand};

/// What `run` needs, unlocked by the caller.
pub struct RunArgs {
    /// Locked data dir.
    pub dir: Arc<DataDir>,
    /// Config.
    pub cfg: Config,
    /// Listen addresses overriding the config.
    pub listen: Vec<Multiaddr>,
    /// Agent key.
    pub signer: Arc<dyn Signer>,
    /// Transport key.
    pub transport_key: libp2p::identity::Keypair,
    /// Trust store, loaded.
    pub trust: trust::TrustStore,
    /// Keys and database.
    pub vault: Arc<std::sync::Mutex<crate::vault::Vault>>,
    /// The callee's pipeline (`None`: [`pipeline::Pipeline::standard`]). Tests insert
    /// recording or waiting stages here.
    #[doc(hidden)]
    pub pipeline: Option<pipeline::Pipeline>,
    /// The program the subprocess sandbox re-executes as its launcher (`None`: this
    /// executable). For in-process tests, whose executable is the test harness.
    #[doc(hidden)]
    pub sandbox_launcher: Option<PathBuf>,
}

/// Dial backoff of one trusted DID without a session: exponential from
/// [`DIAL_BACKOFF_MIN_MS`] to [`DIAL_BACKOFF_MAX_MS`], jittered, reset only when a
/// session forms (a connection that the peer then refuses is not progress).
struct DialState {
    next: UnixMillis,
    backoff_ms: u64,
}

const DIAL_BACKOFF_MIN_MS: u64 = 1_000;
const DIAL_BACKOFF_MAX_MS: u64 = 60_000;

impl DialState {
    fn new(now: UnixMillis) -> Self {
        DialState {
            next: now,
            backoff_ms: DIAL_BACKOFF_MIN_MS,
        }
    }

    /// Whether an attempt is due; if so, schedules the next one.
    fn due(&mut self, now: UnixMillis) -> bool {
        if self.next > now {
            return false;
        }
        let jitter = rand::random::<u64>() % (self.backoff_ms / 4 + 1);
        self.next = now.plus(self.backoff_ms + jitter);
        self.backoff_ms = (self.backoff_ms * 2).min(DIAL_BACKOFF_MAX_MS);
        true
    }
}

/// A node started in this process.
pub struct Running {
    shared: Arc<Shared>,
    stop_tx: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
    dir: Arc<DataDir>,
}

impl std::fmt::Debug for Running {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Running")
            .field("dir", &self.dir.path())
            .finish()
    }
}

impl Running {
    /// A handle on the running daemon.
    pub fn handle(&self) -> Handle {
        Handle(self.shared.clone())
    }

    /// The locked data dir.
    pub fn data_dir(&self) -> &DataDir {
        &self.dir
    }

    /// Stops the swarm loop, shuts the sandboxes down, records the stop and releases the
    /// data-dir lock.
    pub async fn stop(self) {
        let _ = self.stop_tx.send(());
        let _ = self.task.await;
        for b in self.shared.served().tools.backends() {
            b.shutdown().await;
        }
        self.shared.audit("node_stop", json!({}));
        if let Err(e) = self.shared.audit.sync_anchored() {
            tracing::error!("audit log at stop: {e}");
        }
        drop(self.dir);
    }
}

/// Starts the node: swarm, acceptors; returns once it listens.
pub async fn start(args: RunArgs) -> anyhow::Result<Running> {
    let RunArgs {
        dir,
        cfg,
        listen,
        signer,
        transport_key,
        trust,
        vault,
        pipeline,
        sandbox_launcher,
    } = args;
    let local_peer = transport_key.public().to_peer_id();
    let gate = swarm::RelayGate::default();
    let (mut swarm, mdns_error) = swarm::build(transport_key, &cfg, &gate)?;
    if let Some(e) = &mdns_error {
        tracing::warn!("{e}; LAN peers are found only through relays and addresses given");
    }
    let listen: Vec<Multiaddr> = if listen.is_empty() {
        cfg.node
            .listen
            .iter()
            .map(|a| {
                a.parse()
                    .with_context(|| format!("bad listen address {a:?} in config"))
            })
            .collect::<anyhow::Result<_>>()?
    } else {
        listen
    };
    for a in &listen {
        swarm
            .listen_on(a.clone())
            .with_context(|| format!("cannot listen on {a}"))?;
    }

    let now = clock::now();
    let skew_ms = cfg.handshake.max_skew.as_millis() as u64;
    let mut replay = ReplayCache::new(cfg.handshake.replay_capacity, skew_ms);
    let replay_store = ReplayStore::open(&dir.replay_db_path())?;
    for (k, exp) in replay_store.load_live(now.0)? {
        replay.restore(k, UnixMillis(exp), now);
    }
    let restored = replay.len();
    let mut audit = crate::vault::open_audit(&vault, cfg.audit.sync).map_err(|e| match e {
        lango_storage::Error::AuditTruncated { .. }
        | lango_storage::Error::AuditMissing { .. }
        | lango_storage::Error::AuditTailCorrupt { .. } => anyhow::anyhow!(
            "{e}; the node does not append to an altered log: `lango-node audit verify` says \
             what is wrong, `lango-node audit restart --reason …` keeps it aside and starts \
             a new one"
        ),
        e => e.into(),
    })?;
    audit.set_rotation(cfg.audit.rotation());
    let events = events::EventLog::new(
        cfg.events.history,
        cfg.events.window.as_millis() as u64,
        cfg.events.threshold,
        cfg.events.misuse_threshold,
    );
    let mut core = Core {
        sessions: SessionTable::new(),
        replay,
        trust,
        events,
        pending: Vec::new(),
        peer_blocks: HashMap::new(),
        initiating: Default::default(),
        announced: HashMap::new(),
        refused_by: HashMap::new(),
        connected: HashMap::new(),
        listen_addrs: Vec::new(),
        dial_holdoff: HashMap::new(),
        revoked_by: HashMap::new(),
        net: reach::NetState::new(
            cfg.relays
                .iter()
                .map(|r| r.parse().map_err(anyhow::Error::msg))
                .collect::<anyhow::Result<_>>()?,
            cfg.relay.serve,
            cfg.relay.max_records,
        ),
    };
    core.net.lan.error = mdns_error;
    core.net.lan.listens = listen.iter().filter_map(lan::ip_of).collect();
    match crate::vault::lock(&vault).db.known_addrs_load() {
        Ok(rows) => {
            // Every trusted entry (a blocked one too: the block may end during the run).
            let k = known::load(rows, |d| core.trust.get(d).is_some());
            core.net.known = k;
        }
        Err(e) => tracing::warn!("cannot read last-known peer addresses ({e}); peers are found by address, relay or LAN only"),
    }
    // Our interface networks and their changes (LAN subnets; network change).
    let mut interfaces = match if_watch::tokio::IfWatcher::new() {
        Ok(w) => Some(w),
        Err(e) => {
            tracing::warn!("cannot watch network interfaces ({e}): mDNS neighbours are not dialed and address changes go unnoticed");
            None
        }
    };
    {
        // Containers a previous run of this node left behind (best effort, logged).
        let (cfg, path) = (cfg.clone(), dir.path().to_path_buf());
        tokio::spawn(async move { tools::backends::cleanup(&cfg, &path).await });
    }
    let registry = tools::registry::Registry::new(
        &cfg.tools,
        tools::backends::build(&cfg, dir.path(), false, sandbox_launcher),
    );
    for t in registry.iter() {
        if let Err(e) = registry.backend(t.spec.kind) {
            eprintln!(
                "lango-node: tool {:?} cannot run: {e} (calls to it answer sandbox_error)",
                t.spec.name
            );
        }
    }
    // The startup log says which isolation layers each sandbox in use has on this
    // kernel, and loudly which it lacks (e.g. Landlock without pathname Unix-socket
    // control), as `sandbox prepare` does.
    for b in registry.backends() {
        let b = b.clone();
        tokio::spawn(async move {
            let p = b.probe().await;
            for l in &p.layers {
                if !l.active {
                    tracing::warn!(
                        "sandbox {}: layer {} is off: {}",
                        p.kind.as_str(),
                        l.name,
                        l.detail
                    );
                } else if l.detail.contains("not scoped") {
                    tracing::warn!(
                        "sandbox {}: layer {}: {}",
                        p.kind.as_str(),
                        l.name,
                        l.detail
                    );
                } else {
                    tracing::info!(
                        "sandbox {}: layer {}: {}",
                        p.kind.as_str(),
                        l.name,
                        l.detail
                    );
                }
            }
        });
    }
    // The redactor's `hash` mode is keyed with the node's PII subkey.
    let pii_key = crate::pii::HashKey::new(
        vault
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .registry
            .subkey(lango_storage::SubkeyLabel::PiiHash),
    );
    let pii = crate::pii::Engine::new(&cfg.pii, "", pii_key)
        .map_err(|e| anyhow::anyhow!("[pii]: {e}"))?;
    let secret_values = crate::vault::lock(&vault)
        .secret_values()
        .map_err(|e| anyhow::anyhow!("secrets: {e}"))?;
    // A configuration error (exit 2), like any other the config check finds.
    crate::config::tools::check_secrets_exist(&cfg.tools, &cfg.approval, |n| {
        secret_values.contains_key(n)
    })
    .map_err(crate::ops::OpsError::input)?;
    // Refused here rather than run without the output scan.
    let secret_scanner = crate::secrets::SecretScanner::new(
        secret_values
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_slice())),
    )
    .map_err(|e| anyhow::anyhow!("secrets: {e}"))?;
    let (swarm_tx, mut swarm_rx) = mpsc::unbounded_channel();
    let mut control = swarm.behaviour().streams.new_control();
    let shared = Shared::new(
        cfg.clone(),
        signer,
        local_peer,
        core,
        replay_store,
        audit,
        swarm_tx,
        control.clone(),
        vault,
        registry,
        pipeline.unwrap_or_else(pipeline::Pipeline::standard),
        pii,
        (secret_scanner, secret_values),
    );
    gate.bind(&shared);
    match shared
        .approvals
        .expire_leftovers(clock::now().0, &shared.audit_sink())
    {
        Ok(0) => {}
        Ok(n) => {
            tracing::warn!("{n} approval request(s) left pending by the last run were expired")
        }
        Err(e) => anyhow::bail!("approval store: {e}"),
    }
    shared.audit(
        "node_start",
        json!({"did": shared.local_key.did().to_string(), "peer_id": local_peer.to_string(), "replay_entries_restored": restored}),
    );

    // Protocol acceptors (on their own thread, see `accept.rs`).
    let mut inbound = accept::start(
        &mut control,
        &[
            handshake::PROTOCOL,
            notice::PROTOCOL,
            ping::PROTOCOL,
            tools::PROTOCOL,
            tools::LIST_PROTOCOL,
            records::PROTOCOL,
        ],
    )?;
    {
        let s = shared.clone();
        tokio::spawn(async move {
            while let Some((proto, peer, stream)) = inbound.recv().await {
                let s = s.clone();
                // Counted in flight until served: a connection being drained stays open
                // under it (`drain.rs`).
                let flight = s.flights.begin(peer, drain::Way::In);
                let serve: futures::future::BoxFuture<'static, ()> = if proto == handshake::PROTOCOL
                {
                    Box::pin(handshake::respond(s, peer, stream))
                } else if proto == notice::PROTOCOL {
                    Box::pin(notice::receive(s, peer, stream))
                } else if proto == ping::PROTOCOL {
                    Box::pin(ping::serve(s, peer, stream))
                } else if proto == tools::PROTOCOL {
                    Box::pin(tools::serve::serve(s, peer, stream))
                } else if proto == tools::LIST_PROTOCOL {
                    Box::pin(tools::listing::serve(s, peer, stream))
                } else if proto == records::PROTOCOL {
                    Box::pin(records::serve(s, peer, stream))
                } else {
                    continue;
                };
                tokio::spawn(async move {
                    serve.await;
                    drop(flight);
                });
            }
        });
    }

    for a in &cfg.node.bootstrap {
        match a.parse::<Multiaddr>() {
            Ok(addr) => {
                let _ = swarm.dial(addr);
            }
            Err(e) => tracing::warn!("ignoring bad bootstrap address {a:?}: {e}"),
        }
    }

    let (stop_tx, mut stop_rx) = tokio::sync::oneshot::channel::<()>();
    let loop_shared = shared.clone();
    let task = tokio::spawn(async move {
        let shared = loop_shared;
        let mut dials: HashMap<String, DialState> = HashMap::new();
        let mut renewing: HashMap<PeerId, UnixMillis> = HashMap::new();
        let mut lookups = relays::Lookups::default();
        let mut tick = tokio::time::interval(Duration::from_millis(500));
        let started = clock::now();
        loop {
            tokio::select! {
                Some(ev) = next_interface_event(&mut interfaces) => match ev {
                    Ok(ev) => {
                        let now = clock::now();
                        let mut core = shared.core();
                        // The first events list what is there at start; later ones are changes.
                        if core.net.lan.interface(ev) && now.0.saturating_sub(started.0) > 2_000 {
                            let (ip, down) = match ev {
                                if_watch::IfEvent::Up(n) => (n.addr(), false),
                                if_watch::IfEvent::Down(n) => (n.addr(), true),
                            };
                            let lost = down && core.net.lan.listen_ips.contains(&ip);
                            if core.net.lan.note_change(ip, lost) {
                                tracing::info!("network change: {ev:?}");
                            }
                        }
                    }
                    Err(e) => {
                        tracing::warn!("network interface watcher failed ({e}); address changes go unnoticed");
                        interfaces = None;
                    }
                },
                ev = swarm.select_next_some() => on_swarm_event(&shared, &mut swarm, ev),
                Some(cmd) = swarm_rx.recv() => match cmd {
                    SwarmCommand::Disconnect(peer) => { let _ = swarm.disconnect_peer_id(peer); }
                    SwarmCommand::Dial(peer, addr) => {
                        let opts = libp2p::swarm::dial_opts::DialOpts::peer_id(peer)
                            .addresses(vec![addr])
                            .condition(libp2p::swarm::dial_opts::PeerCondition::Always)
                            .build();
                        if let Err(e) = swarm.dial(opts) {
                            tracing::debug!("dial {peer}: {e}");
                        }
                    }
                    SwarmCommand::DialAll(peer, addrs) => {
                        // Relayed addresses in one dial (they answer at once), direct ones
                        // in another (an unreachable one may hang until the TCP timeout,
                        // and must not hold the relayed dial back).
                        // The direct one from a new local port: from the listen port it
                        // would hold the 4-tuple a hole punch to the same address needs
                        // (the peer's public address, from its record or where it was last
                        // reached) for up to the 10 s connect timeout, and DCUtR's dial,
                        // finding it taken, would go out from a new port the peer's NAT
                        // has no mapping for: a punch lost to our own redial.
                        let (relayed, direct): (Vec<_>, Vec<_>) =
                            addrs.into_iter().partition(reach::is_relayed);
                        for (set, new_port) in [(relayed, false), (direct, true)] {
                            if set.is_empty() {
                                continue;
                            }
                            let opts = libp2p::swarm::dial_opts::DialOpts::peer_id(peer)
                                .addresses(set)
                                .condition(libp2p::swarm::dial_opts::PeerCondition::Disconnected);
                            let opts = if new_port { opts.allocate_new_port() } else { opts };
                            let opts = opts.build();
                            if let Err(e) = swarm.dial(opts) {
                                tracing::debug!("dial {peer} from its record: {e}");
                            }
                        }
                    }
                },
                _ = tick.tick() => {
                    if let Some(lost) = network_changed(&shared, &mut swarm) {
                        // Every peer is worth a dial and a lookup again, at once.
                        dials.clear();
                        lookups = relays::Lookups::default();
                        tracing::info!(lost, "network changed: republishing, redialing, probing the LAN again");
                    }
                    on_tick(&shared, &mut swarm, &mut dials, &mut renewing);
                    let wanted = relays::tick(&shared, &mut swarm, &mut lookups);
                    lan::tick(&shared, &mut swarm, &wanted);
                }
                _ = &mut stop_rx => break,
            }
        }
    });
    // Wait until the swarm reports a listen address (or give up after 10 s).
    for _ in 0..200 {
        if !shared.core().listen_addrs.is_empty() || listen.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tracing::info!(did = %shared.local_key.did(), peer_id = %local_peer, "lango-node running");
    Ok(Running {
        shared,
        stop_tx,
        task,
        dir,
    })
}

/// After an interface address came or went: our record is published again (its addresses
/// changed), relays are redialed and re-reserved at once, LAN neighbours are probed
/// again, and punch failures are forgotten (a new network may allow what the old one
/// did not). When an address went away, every connection is closed: those from it are
/// dead, and which ones they are is not known for dialed connections; sessions are
/// re-established over new connections. Returns whether an address was lost, or none
/// if nothing changed.
fn network_changed(
    shared: &Arc<Shared>,
    swarm: &mut libp2p::Swarm<swarm::Behaviour>,
) -> Option<bool> {
    let now = clock::now();
    let (lost, peers) = {
        let mut core = shared.core();
        let lost = core.net.lan.take_change(now)?;
        core.net.lan.reprobe_all();
        core.net.punches.clear();
        for slot in core.net.relays.iter_mut() {
            slot.published = None;
            slot.publish_after = now;
            slot.retry_at = now;
            slot.dial_at = now;
        }
        let peers: Vec<PeerId> = core.connected.keys().copied().collect();
        (lost, peers)
    };
    shared.audit("network_change", json!({"address_lost": lost}));
    if lost {
        for p in peers {
            let _ = swarm.disconnect_peer_id(p);
        }
    }
    Some(lost)
}

/// The next interface event, or never when there is no watcher.
async fn next_interface_event(
    w: &mut Option<if_watch::tokio::IfWatcher>,
) -> Option<std::io::Result<if_watch::IfEvent>> {
    match w {
        Some(w) => w.next().await,
        None => std::future::pending().await,
    }
}

fn on_swarm_event(
    shared: &Arc<Shared>,
    swarm: &mut libp2p::Swarm<swarm::Behaviour>,
    ev: SwarmEvent<swarm::BehaviourEvent>,
) {
    use swarm::BehaviourEvent as B;
    match ev {
        SwarmEvent::Behaviour(B::Ping(libp2p::ping::Event {
            peer,
            result: Ok(rtt),
            ..
        })) => {
            shared.core().net.rtt.insert(peer, rtt);
        }
        SwarmEvent::Behaviour(B::Dcutr(libp2p::dcutr::Event {
            remote_peer_id,
            result,
        })) => {
            let (ok, reason) = match result {
                Ok(_) => (true, "hole punch succeeded".to_string()),
                Err(e) => (false, format!("hole punch failed: {e}")),
            };
            tracing::info!(peer = %remote_peer_id, "{reason}");
            shared
                .core()
                .net
                .punched(remote_peer_id, ok, reason, clock::now());
        }
        SwarmEvent::Behaviour(B::RelayClient(
            libp2p::relay::client::Event::ReservationReqAccepted {
                relay_peer_id,
                renewal,
                limit,
            },
        )) => {
            if !renewal {
                tracing::info!(relay = %relay_peer_id, "reservation accepted ({limit:?})");
            }
            let renews =
                clock::now().plus(shared.cfg.relay.reservation_duration.as_millis() as u64 * 3 / 4);
            for slot in shared.core().net.relays.iter_mut() {
                if slot.relay.peer == relay_peer_id {
                    slot.reserved = true;
                    slot.renews = Some(renews);
                    slot.last_error = None;
                    // The record now carries the relayed address: publish it.
                    slot.published = None;
                }
            }
        }
        SwarmEvent::Behaviour(B::Autonat(e)) => {
            match &e.result {
                Ok(()) => {
                    tracing::info!(addr = %e.tested_addr, server = %e.server, "AutoNAT: reachable")
                }
                Err(err) => {
                    tracing::info!(addr = %e.tested_addr, server = %e.server, "AutoNAT: not reachable: {err}")
                }
            }
            shared.core().net.nat.tested(&e, clock::now());
        }
        SwarmEvent::Behaviour(B::AutonatServer(e)) => {
            tracing::debug!(client = %e.client, addr = %e.tested_addr, "AutoNAT dial-back: {:?}", e.result);
        }
        SwarmEvent::ListenerClosed {
            listener_id,
            reason,
            addresses,
        } => {
            let mut core = shared.core();
            core.listen_addrs.retain(|a| !addresses.contains(a));
            for slot in core.net.relays.iter_mut() {
                if slot.listener == Some(listener_id) {
                    slot.listener = None;
                    slot.reserved = false;
                    slot.renews = None;
                    slot.published = None;
                    // Soon: a relay that restarted takes a new reservation at once, and
                    // one that refuses is asked at most every 2 s (only while we hold a
                    // session with it).
                    slot.retry_at = clock::now().plus(2_000);
                    slot.last_error = Some(match &reason {
                        Ok(()) => "reservation ended".into(),
                        Err(e) => format!("reservation failed: {e}"),
                    });
                    tracing::info!(relay = %slot.relay.peer, "relay listener closed: {:?}", slot.last_error);
                }
            }
        }
        SwarmEvent::NewListenAddr { address, .. } => {
            tracing::info!("listening on {address}");
            // A relay tells the peers it reserves for where it is: its own listen
            // addresses (the operator made it a relay, so they are meant to be reached).
            if shared.cfg.relay.serve && !reach::is_relayed(&address) {
                swarm.add_external_address(address.clone());
            }
            let mut core = shared.core();
            if let Some(ip) = lan::ip_of(&address) {
                core.net.lan.listen_ips.insert(ip);
            }
            core.listen_addrs.push(address);
        }
        SwarmEvent::ExpiredListenAddr { address, .. } => {
            swarm.remove_external_address(&address);
            shared.core().listen_addrs.retain(|a| *a != address);
        }
        SwarmEvent::ConnectionEstablished {
            peer_id,
            endpoint,
            connection_id,
            ..
        } => {
            let addr = endpoint.get_remote_address().clone();
            shared.core().net.link_up(peer_id, connection_id, &endpoint);
            shared
                .core()
                .connected
                .entry(peer_id)
                .or_default()
                .push(addr.clone());
            // (Taken out whatever happens next: an entry left behind would hold one of
            // the probe-dial slots until it expired.)
            let probe_dial = shared
                .core()
                .net
                .lan
                .probing
                .remove(&connection_id)
                .is_some();
            if endpoint.is_dialer() && !shared.has_session(&peer_id) {
                // A record or last-known address named this PeerId for a trusted key:
                // handshake (which must prove that key). Otherwise a connection to an
                // mDNS neighbour (our probe dial, or any other dial that reached one) is
                // probed first: a handshake would show our DID to whoever announced it.
                // Everyone else we dial, we dialed as a trusted peer's address, a relay
                // or a bootstrap address.
                let probe = {
                    let core = shared.core();
                    !core.net.expected.contains_key(&peer_id)
                        && (probe_dial || core.net.lan.is_neighbour(&peer_id))
                };
                if probe {
                    tokio::spawn(lan::probe(shared.clone(), peer_id));
                } else {
                    tokio::spawn(handshake::initiate(shared.clone(), peer_id));
                }
            }
            // Every connection, dialed or accepted, must carry a session within two read
            // deadlines; otherwise it is closed (and, if dialed, redialed with backoff).
            {
                let s = shared.clone();
                let grace = shared.cfg.handshake.read_timeout * 2;
                tokio::spawn(async move {
                    tokio::time::sleep(grace).await;
                    if !s.has_session(&peer_id) {
                        tracing::debug!(peer = %peer_id, "closing connection that did not authenticate");
                        let _ = s.swarm_tx.send(SwarmCommand::Disconnect(peer_id));
                    }
                });
            }
        }
        SwarmEvent::ConnectionClosed {
            peer_id,
            num_established,
            endpoint,
            connection_id,
            ..
        } => {
            let mut core = shared.core();
            core.net.link_down(&peer_id, connection_id);
            if num_established == 0 {
                core.connected.remove(&peer_id);
                // A session lives on its connections: the next connection re-handshakes.
                if let Some(s) = core.sessions.remove_peer(&PeerIdBytes(peer_id.to_bytes())) {
                    drop(core);
                    shared.audit(
                        "session_closed",
                        json!({"did": s.remote_did().to_string(), "peer_id": peer_id.to_string(), "session_id": s.id.to_hex()}),
                    );
                }
            } else if let Some(v) = core.connected.get_mut(&peer_id) {
                let a = endpoint.get_remote_address();
                if let Some(i) = v.iter().position(|x| x == a) {
                    v.remove(i);
                }
            }
        }
        SwarmEvent::Behaviour(swarm::BehaviourEvent::Identify(
            libp2p::identify::Event::Received { peer_id, info, .. },
        )) => {
            swarm
                .behaviour_mut()
                .autonat
                .observed_by(peer_id, &info.observed_addr);
            shared
                .core()
                .net
                .observe(peer_id, info.observed_addr.clone());
            shared.note_announced(peer_id, info.listen_addrs);
        }
        SwarmEvent::Behaviour(B::Mdns(libp2p::mdns::Event::Discovered(found))) => {
            let now = clock::now();
            let mut core = shared.core();
            for (peer, addr) in found {
                core.net.lan.discovered(peer, addr, now);
            }
        }
        SwarmEvent::Behaviour(B::Mdns(libp2p::mdns::Event::Expired(gone))) => {
            let mut core = shared.core();
            for (peer, addr) in gone {
                core.net.lan.expired(&peer, &addr);
            }
        }
        SwarmEvent::OutgoingConnectionError {
            peer_id,
            error,
            connection_id,
        } => {
            tracing::debug!("dial failed: {error}");
            let now = clock::now();
            let mut core = shared.core();
            core.net.lan.probing.remove(&connection_id);
            if let libp2p::swarm::DialError::Transport(errs) = &error {
                for (addr, e) in errs {
                    core.net
                        .dial_failed(strip_p2p(addr), dial_error_text(e), now);
                }
            }
            if let Some(p) = peer_id {
                core.net.dial_failed(p.to_string(), error.to_string(), now);
            }
        }
        SwarmEvent::IncomingConnectionError { error, .. } => {
            tracing::debug!("incoming connection failed: {error}");
        }
        _ => {}
    }
}

/// A transport error with its causes, one line ("…: Connection refused (os error 111)").
fn dial_error_text(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let c_text = c.to_string();
        if !text.contains(&c_text) {
            text.push_str(": ");
            text.push_str(&c_text);
        }
        cause = c.source();
    }
    text
}

pub(super) fn strip_p2p(a: &Multiaddr) -> String {
    reach::without_p2p(a).to_string()
}

fn on_tick(
    shared: &Arc<Shared>,
    swarm: &mut libp2p::Swarm<swarm::Behaviour>,
    dials: &mut HashMap<String, DialState>,
    renewing: &mut HashMap<PeerId, UnixMillis>,
) {
    let now = clock::now();
    let ttl = shared.cfg.session.ttl.as_millis() as u64;
    let (to_dial, to_renew, expired) = {
        let mut core = shared.core();
        let expired = core.sessions.purge_expired(now);
        core.replay.purge(now);
        core.dial_holdoff.retain(|_, until| *until > now);
        core.peer_blocks.retain(|_, b| b.until > now);
        let connected_addrs: Vec<String> =
            core.connected.values().flatten().map(strip_p2p).collect();
        let mut to_dial = Vec::new();
        let mut wanted = std::collections::HashSet::new();
        for p in core.trust.peers() {
            if !core.trust.is_trusted(&p.did, now) || core.dial_holdoff.contains_key(&p.did) {
                continue;
            }
            let Ok((_, key)) = lango_protocol::Did::parse(&p.did) else {
                continue;
            };
            if core.sessions.by_key(&key, now).is_some() || p.addrs.is_empty() {
                continue;
            }
            wanted.insert(p.did.clone());
            let d = dials
                .entry(p.did.clone())
                .or_insert_with(|| DialState::new(now));
            if !d.due(now) {
                continue;
            }
            for a in &p.addrs {
                let Ok(addr) = a.parse::<Multiaddr>() else {
                    continue;
                };
                if !connected_addrs.contains(&strip_p2p(&addr)) {
                    to_dial.push(addr);
                }
            }
        }
        // A peer with a session (or no longer trusted) starts from the shortest backoff
        // the next time it needs dialling.
        dials.retain(|did, _| wanted.contains(did));
        let to_renew: Vec<PeerId> = core
            .sessions
            .iter()
            .filter(|s| {
                s.direction == Direction::Outbound && s.expires_at.0.saturating_sub(now.0) < ttl / 5
            })
            .filter_map(|s| PeerId::from_bytes(&s.remote_peer.0).ok())
            .collect();
        (to_dial, to_renew, expired)
    };
    for s in expired {
        shared.audit(
            "session_expired",
            json!({"did": s.remote_did().to_string(), "session_id": s.id.to_hex()}),
        );
    }
    for addr in to_dial {
        if let Err(e) = swarm.dial(addr.clone()) {
            tracing::debug!("dial {addr}: {e}");
        }
    }
    // One renewal attempt per peer per min(30 s, TTL/10).
    let retry_ms = (ttl / 10).clamp(500, 30_000);
    renewing.retain(|_, last| now.0.saturating_sub(last.0) <= retry_ms);
    for peer in to_renew {
        if let std::collections::hash_map::Entry::Vacant(e) = renewing.entry(peer) {
            e.insert(now);
            tokio::spawn(handshake::initiate(shared.clone(), peer));
        }
    }
    if now.0 % 10_000 < 500 {
        if let Some(why) = shared.audit.rotation_failure() {
            tracing::error!("audit log: {why}; entries are still written to the active segment");
        }
    }
    if now.0 % 60_000 < 500 {
        if let Err(e) = shared.replay_store.purge(now.0) {
            tracing::warn!("replay store purge failed: {e}");
        }
    }
}
