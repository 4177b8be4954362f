//! State shared by the swarm loop, the handshake tasks and the control socket.
//!
//! One `Mutex<Core>` guards everything that must change together (sessions, replay
//! cache, trust store, events); critical sections are short and never await.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use libp2p::{Multiaddr, PeerId};
use serde_json::json;
use tokio::sync::mpsc;

use lango_protocol::events::SecurityEventKind;
use lango_protocol::replay::ReplayCache;
use lango_protocol::session::{Inserted, Session, SessionTable};
use lango_protocol::{AgentPublicKey, PeerIdBytes, Signer, UnixMillis};
use lango_storage::audit::AuditLog;
use lango_storage::replay_store::ReplayStore;

use super::events::EventLog;
use super::limits::{self, Admission};
use super::trust::TrustStore;
use crate::clock;
use crate::config::Config;

/// Unknown peers remembered for `trust pending` (the oldest is forgotten first).
const MAX_PENDING: usize = 256;

/// An unknown peer that proved its key and asked to handshake.
#[derive(Clone, Debug, serde::Serialize)]
pub struct PendingPeer {
    /// Its DID (proven by a verified signature).
    pub did: String,
    /// PeerId it came from.
    pub peer_id: String,
    /// Address it came from, if known.
    pub addr: Option<String>,
    /// How many times it tried.
    pub attempts: u64,
    /// RFC 3339 time of the last attempt.
    pub last_seen: String,
}

/// The trust store and replay cache as the handshake state machines see them: each call
/// takes the state lock for itself, so the agent key signs with no lock held (a hardware
/// signer may take milliseconds). Replay entries are persisted as they are recorded.
pub struct CoreView<'a>(pub &'a Shared);

impl lango_protocol::handshake::PeerPolicy for CoreView<'_> {
    fn admit(
        &self,
        key: &lango_protocol::AgentPublicKey,
        now: UnixMillis,
    ) -> lango_protocol::handshake::Admission {
        self.0.core().trust.admit(key, now)
    }
}

impl lango_protocol::replay::ReplayLog for CoreView<'_> {
    fn seen(&mut self, key: &lango_protocol::replay::ReplayKey, now: UnixMillis) -> bool {
        self.0.core().replay.contains(key, now)
    }

    fn record(
        &mut self,
        key: &lango_protocol::replay::ReplayKey,
        now: UnixMillis,
    ) -> Result<UnixMillis, lango_protocol::Error> {
        let (result, fresh) = {
            let mut core = self.0.core();
            let r = core.replay.check_and_insert(key, now);
            (r, core.replay.take_unpersisted())
        };
        // Durable before the handshake goes on (the caller sends its next frame after).
        self.0.persist_replay(fresh);
        result
    }
}

/// Work only the swarm loop can do.
#[derive(Debug)]
pub enum SwarmCommand {
    /// Close every connection to this peer.
    Disconnect(PeerId),
    /// Open a new connection to this peer at this address (even if one exists).
    Dial(PeerId, Multiaddr),
}

/// Mutable node state.
pub struct Core {
    /// Live sessions.
    pub sessions: SessionTable,
    /// Replay cache (persisted through `Shared::replay_store`).
    pub replay: ReplayCache,
    /// Trust store.
    pub trust: TrustStore,
    /// Security events.
    pub events: EventLog,
    /// Unknown peers that tried.
    pub pending: Vec<PendingPeer>,
    /// Transport-level blocks (PeerIds that crossed the event threshold unauthenticated).
    pub peer_blocks: HashMap<PeerId, UnixMillis>,
    /// Connected peers and their remote addresses.
    pub connected: HashMap<PeerId, Vec<Multiaddr>>,
    /// Our listen addresses.
    pub listen_addrs: Vec<Multiaddr>,
    /// Peers that asked us not to redial before a time (their revocation notice).
    pub dial_holdoff: HashMap<String, UnixMillis>,
}

/// Everything a task of the daemon needs.
pub struct Shared {
    /// Configuration.
    pub cfg: Config,
    /// Our agent key.
    pub signer: Arc<dyn Signer>,
    /// Our agent public key.
    pub local_key: AgentPublicKey,
    /// Our PeerId.
    pub local_peer: PeerId,
    /// Guarded state.
    core: Mutex<Core>,
    /// Persistent replay entries.
    pub replay_store: ReplayStore,
    /// Hash-chained audit log.
    pub audit: AuditLog,
    /// Handshake admission limits.
    pub limits: Admission,
    /// Commands for the swarm loop.
    pub swarm_tx: mpsc::UnboundedSender<SwarmCommand>,
    /// libp2p stream control, to open protocol streams.
    pub streams: libp2p_stream::Control,
    /// Counts installed sessions; lets in-process callers (the benchmark) await one.
    pub installed: tokio::sync::watch::Sender<u64>,
    /// A handle on ourselves, for work spawned from `&self` methods.
    me: std::sync::Weak<Shared>,
    /// Bounds security-event audit entries (and their fsyncs) per second.
    event_audit: governor::DefaultDirectRateLimiter,
    /// Events not audited since the last security-event entry.
    suppressed_events: std::sync::atomic::AtomicU64,
    /// Keys and database (`secrets`, `keys`, `db` commands; the trust store writes here).
    pub vault: Arc<std::sync::Mutex<crate::vault::Vault>>,
    /// Exposed tools and their sandboxes.
    pub tools: super::tools::registry::Registry,
    /// Node-wide tool deny patterns (`[invoke] deny`).
    pub tool_deny: Vec<lango_protocol::tools::firewall::Pattern>,
    /// Admission of inbound tool calls.
    pub tool_limits: Admission,
}

/// Security-event audit entries per second (burst the same).
const EVENT_AUDIT_PER_SECOND: u32 = 20;

impl Shared {
    /// Builds the shared state.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        cfg: Config,
        signer: Arc<dyn Signer>,
        local_peer: PeerId,
        core: Core,
        replay_store: ReplayStore,
        audit: AuditLog,
        swarm_tx: mpsc::UnboundedSender<SwarmCommand>,
        streams: libp2p_stream::Control,
        vault: Arc<std::sync::Mutex<crate::vault::Vault>>,
        tools: super::tools::registry::Registry,
    ) -> Arc<Self> {
        let limits = Admission::new((&cfg.handshake).into(), limits::HANDSHAKE);
        let inv = &cfg.invoke;
        let tool_limits = Admission::new(
            limits::Params {
                rate_per_second: inv.rate_per_second,
                burst: inv.burst,
                peer_rate_per_second: inv.peer_rate_per_second,
                peer_burst: inv.peer_burst,
                max_concurrent: inv.max_concurrent,
                max_concurrent_per_peer: inv.max_concurrent_per_peer,
            },
            limits::TOOL_CALLS,
        );
        let tool_deny = inv.deny_patterns();
        Arc::new_cyclic(|me| Self {
            local_key: signer.public_key(),
            cfg,
            signer,
            local_peer,
            core: Mutex::new(core),
            replay_store,
            audit,
            limits,
            swarm_tx,
            streams,
            installed: tokio::sync::watch::Sender::new(0),
            me: me.clone(),
            event_audit: governor::RateLimiter::direct(governor::Quota::per_second(
                std::num::NonZeroU32::new(EVENT_AUDIT_PER_SECOND)
                    .unwrap_or(std::num::NonZeroU32::MIN),
            )),
            suppressed_events: std::sync::atomic::AtomicU64::new(0),
            vault,
            tools,
            tool_deny,
            tool_limits,
        })
    }

    /// Locks the core. A poisoned lock means a task panicked mid-update; the state may
    /// be inconsistent, so the daemon stops rather than serve from it.
    pub fn core(&self) -> MutexGuard<'_, Core> {
        match self.core.lock() {
            Ok(g) => g,
            Err(_) => {
                tracing::error!("node state lock poisoned by a panicked task; stopping");
                std::process::exit(1);
            }
        }
    }

    /// Writes an audit entry; a failing audit log is logged loudly but does not stop the
    /// security decision that is being recorded.
    pub fn audit(&self, kind: &str, fields: serde_json::Value) {
        if let Err(e) = self.audit.append(kind, fields) {
            tracing::error!("audit log append failed ({kind}): {e}");
        }
    }

    /// Persists replay entries the cache handed out.
    pub fn persist_replay(&self, entries: Vec<([u8; 16], u64)>) {
        for (k, exp) in entries {
            if let Err(e) = self.replay_store.insert(k, exp) {
                tracing::error!("replay store write failed: {e}");
            }
        }
    }

    /// Records a security event against the transport identity `peer`; attributes it to a
    /// DID only if `peer` holds an authenticated session. Crossing the threshold revokes
    /// that session and blocks the peer.
    pub fn security_event(&self, kind: SecurityEventKind, peer: PeerId, detail: String) {
        let now = clock::now();
        let peer_bytes = PeerIdBytes(peer.to_bytes());
        let (rec, tripped, did) = {
            let mut core = self.core();
            let did = core
                .sessions
                .by_peer(&peer_bytes, now)
                .map(|s| s.remote_did().to_string());
            let (rec, tripped) = core.events.record(
                kind,
                &peer_bytes,
                peer.to_string(),
                did.clone(),
                detail,
                now,
            );
            (rec, tripped, did)
        };
        // Every event is counted (history, metrics, threshold). Its audit entry (an fsync,
        // outside the state lock) is rate-limited: refusals cost an attacker nothing, so
        // unlimited entries would let a PeerId-rotating flood fill the disk. Suppressed
        // entries are counted in the next one that is written.
        if self.event_audit.check().is_ok() {
            tracing::warn!(kind = rec.kind, peer = %peer, did = ?rec.did, "security event: {}", rec.detail);
            let suppressed = self
                .suppressed_events
                .swap(0, std::sync::atomic::Ordering::Relaxed);
            self.audit(
                "security_event",
                json!({"event": rec.kind, "peer_id": rec.peer_id, "did": rec.did, "detail": rec.detail, "suppressed_before": suppressed}),
            );
        } else {
            self.suppressed_events
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        if !tripped {
            return;
        }
        let block = self.cfg.events.block;
        let until = now.plus(block.as_millis() as u64);
        let mut core = self.core();
        core.peer_blocks.insert(peer, until);
        let mut revoked = None;
        let mut ended = None;
        if let Some(did) = did {
            if let Some(s) = core.sessions.remove_peer(&peer_bytes) {
                revoked = Some(s.remote_did().to_string());
                ended = Some(s);
            }
            if let Err(e) = core
                .trust
                .block(&did, Some(until), "security event threshold", now)
            {
                tracing::error!("cannot persist block of {did}: {e}");
            }
        }
        drop(core);
        tracing::warn!(peer = %peer, "security event threshold crossed: session revoked, peer blocked for {}", humantime::format_duration(block));
        self.audit(
            "auto_revoke",
            json!({"peer_id": peer.to_string(), "did": revoked, "block_ms": block.as_millis() as u64, "by": "event threshold"}),
        );
        match (ended, self.me.upgrade()) {
            // Tell the peer (best effort), then close; the notice needs the connection.
            (Some(session), Some(shared)) => {
                tokio::spawn(async move {
                    let block_ms = shared.cfg.events.block.as_millis() as u64;
                    super::notice::send_revoke(
                        &shared,
                        &session,
                        block_ms,
                        "security event threshold",
                    )
                    .await;
                    let _ = shared.swarm_tx.send(SwarmCommand::Disconnect(peer));
                });
            }
            _ => {
                let _ = self.swarm_tx.send(SwarmCommand::Disconnect(peer));
            }
        }
    }

    /// Whether `peer` holds a live session.
    pub fn has_session(&self, peer: &PeerId) -> bool {
        self.core()
            .sessions
            .by_peer(&PeerIdBytes(peer.to_bytes()), clock::now())
            .is_some()
    }

    /// Whether the transport identity is blocked (threshold crossed while unauthenticated).
    pub fn peer_blocked(&self, peer: &PeerId) -> bool {
        let now = clock::now();
        let mut core = self.core();
        match core.peer_blocks.get(peer) {
            Some(until) if *until > now => true,
            Some(_) => {
                core.peer_blocks.remove(peer);
                false
            }
            None => false,
        }
    }

    /// Installs a freshly established session, replacing older ones of the peer.
    pub fn install_session(&self, session: Session) {
        let did = session.remote_did().to_string();
        let fields = json!({
            "did": did,
            "peer_id": PeerId::from_bytes(&session.remote_peer.0).map(|p| p.to_string()).unwrap_or_default(),
            "session_id": session.id.to_hex(),
            "direction": session.direction.as_str(),
        });
        let window = self.cfg.handshake.read_timeout.as_millis() as u64 * 3;
        let outcome = self.core().sessions.insert(session, window);
        if outcome.is_installed() {
            self.installed.send_modify(|n| *n += 1);
        }
        match outcome {
            Inserted::Installed { replaced } => self.audit(
                if replaced.is_empty() {
                    "session_established"
                } else {
                    "session_renewed"
                },
                fields,
            ),
            Inserted::KeptExisting => {
                tracing::debug!("simultaneous handshake: kept the session with the smaller id")
            }
        }
    }

    /// Notes an unknown peer that proved its key, for `trust pending`.
    pub fn note_pending(&self, did: String, peer: PeerId) {
        let now = clock::now();
        let mut core = self.core();
        let addr = core
            .connected
            .get(&peer)
            .and_then(|a| a.first())
            .map(|a| a.to_string());
        if let Some(p) = core.pending.iter_mut().find(|p| p.did == did) {
            p.attempts += 1;
            p.last_seen = clock::rfc3339(now);
            p.peer_id = peer.to_string();
            if addr.is_some() {
                p.addr = addr;
            }
            return;
        }
        if core.pending.len() >= MAX_PENDING {
            core.pending.remove(0);
        }
        core.pending.push(PendingPeer {
            did,
            peer_id: peer.to_string(),
            addr,
            attempts: 1,
            last_seen: clock::rfc3339(now),
        });
    }
}
