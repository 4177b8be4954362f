//! State shared by the swarm loop, the handshake tasks and the control socket.
//!
//! One `Mutex<Core>` guards everything that must change together (sessions, replay
//! cache, trust store, events); critical sections are short and never await, and no
//! other lock is taken while it is held. Everything here is private to the daemon: the
//! operations layer sees the node through [`super::Handle`].

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};

use libp2p::{Multiaddr, PeerId};
use serde_json::json;
use tokio::sync::mpsc;

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
/// Peers whose announced listen addresses are remembered.
const MAX_ANNOUNCED: usize = 1024;

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
    /// RFC 3339 time of the first attempt.
    pub first_seen: String,
    /// RFC 3339 time of the last attempt.
    pub last_seen: String,
    /// The listen addresses it announced (libp2p identify): where we dial it back when
    /// the operator trusts it. A hint only: the handshake proves who answers.
    pub listen_addrs: Vec<String>,
}

/// A transport-level block: a PeerId that crossed a threshold, with or without a
/// session that proved its DID. Kept in memory (a PeerId is cheap to change; the DID's
/// own block, when known, is in the trust store and survives restarts).
#[derive(Clone, Debug)]
pub struct PeerBlock {
    /// Until when.
    pub until: UnixMillis,
    /// Since when.
    pub since: UnixMillis,
    /// Why, in the operator's words.
    pub reason: String,
    /// The DID it proved (a session, or a pending handshake), if any.
    pub did: Option<String>,
}

/// A peer revoked our session with a signed notice: what it said.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RevokedBy {
    /// Its DID.
    pub did: String,
    /// RFC 3339 time the notice arrived.
    pub at: String,
    /// Until when it refuses us (RFC 3339), if it blocked us.
    pub until: Option<String>,
    /// Its reason, as it sent it.
    pub reason: String,
}

/// The trust store and replay cache as the handshake state machines see them: each call
/// takes the state lock for itself, so the agent key signs with no lock held (a hardware
/// signer may take milliseconds). Replay entries are persisted as they are recorded.
pub(super) struct CoreView<'a>(pub(super) &'a Shared);

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
        // Durable before the handshake goes on (the caller sends its next frame after);
        // a record that cannot be made durable refuses the handshake (fail closed: a
        // restart would otherwise reopen the window for a replay).
        let expires = result?;
        self.0
            .persist_replay(fresh)
            .map_err(lango_protocol::Error::LocalStore)?;
        Ok(expires)
    }
}

/// Work only the swarm loop can do.
#[derive(Debug)]
pub enum SwarmCommand {
    /// Close every connection to this peer.
    Disconnect(PeerId),
    /// Open a new connection to this peer at this address (even if one exists).
    Dial(PeerId, Multiaddr),
    /// Dial this peer at these addresses (from its verified record) unless connected.
    DialAll(PeerId, Vec<Multiaddr>),
}

/// Mutable node state.
pub(super) struct Core {
    /// Live sessions.
    pub(super) sessions: SessionTable,
    /// Replay cache (persisted through `Shared::replay_store`).
    pub(super) replay: ReplayCache,
    /// Trust store.
    pub(super) trust: TrustStore,
    /// Security events.
    pub(super) events: EventLog,
    /// Unknown peers that tried.
    pub(super) pending: Vec<PendingPeer>,
    /// Transport-level blocks (PeerIds that crossed an event threshold).
    pub(super) peer_blocks: HashMap<PeerId, PeerBlock>,
    /// Peers we run an initiator handshake with now (one at a time each).
    pub(super) initiating: HashSet<PeerId>,
    /// Listen addresses peers announced (identify), newest kept, bounded.
    pub(super) announced: HashMap<PeerId, Vec<Multiaddr>>,
    /// The last handshake refusal each remote sent us, so a repeat is not logged again.
    pub(super) refused_by: HashMap<PeerId, lango_protocol::RejectCode>,
    /// Connected peers and their remote addresses.
    pub(super) connected: HashMap<PeerId, Vec<Multiaddr>>,
    /// Our listen addresses.
    pub(super) listen_addrs: Vec<Multiaddr>,
    /// Peers that asked us not to redial before a time (their revocation notice).
    pub(super) dial_holdoff: HashMap<String, UnixMillis>,
    /// The last revocation notice each peer sent us, by DID, for the operator.
    pub(super) revoked_by: HashMap<String, RevokedBy>,
    /// Connections and their paths, relays, peer records.
    pub(super) net: super::reach::NetState,
}

impl Core {
    /// Whether `peer` holds a live session at `now`.
    pub(super) fn has_session(&self, peer: &PeerId, now: UnixMillis) -> bool {
        self.sessions
            .by_peer(&PeerIdBytes(peer.to_bytes()), now)
            .is_some()
    }

    /// The trusted keys we want a session with and have none: trusted now, no
    /// revocation hold-off, no live session. Looked up on relays and probed for on the LAN.
    pub(super) fn wanted_keys(
        &self,
        now: UnixMillis,
    ) -> Vec<(String, lango_protocol::AgentPublicKey)> {
        self.trust
            .peers()
            .iter()
            .filter(|p| {
                self.trust.is_trusted(&p.did, now) && !self.dial_holdoff.contains_key(&p.did)
            })
            .filter_map(|p| lango_protocol::Did::parse(&p.did).ok())
            .filter(|(_, key)| self.sessions.by_key(key, now).is_none())
            .map(|(did, key)| (did.to_string(), key))
            .collect()
    }

    /// The addresses our peer record carries now (see `NetState::record_addrs`).
    pub(super) fn our_addrs(&self, local: &PeerId, now: UnixMillis) -> Vec<String> {
        let observed = self.net.observed_by(|p| self.has_session(p, now));
        self.net.record_addrs(&self.listen_addrs, &observed, local)
    }
}

/// Everything a task of the daemon needs.
pub(crate) struct Shared {
    /// Configuration.
    pub(super) cfg: Config,
    /// Our agent key.
    pub(super) signer: Arc<dyn Signer>,
    /// Our agent public key.
    pub(super) local_key: AgentPublicKey,
    /// Our PeerId.
    pub(super) local_peer: PeerId,
    /// Guarded state.
    core: Mutex<Core>,
    /// Persistent replay entries.
    pub(super) replay_store: ReplayStore,
    /// Hash-chained audit log.
    pub(super) audit: AuditLog,
    /// Handshake admission limits.
    pub(super) limits: Admission,
    /// Commands for the swarm loop.
    pub(super) swarm_tx: mpsc::UnboundedSender<SwarmCommand>,
    /// libp2p stream control, to open protocol streams.
    pub(super) streams: libp2p_stream::Control,
    /// Stream exchanges in flight per peer, so a connection being drained is closed only
    /// once none that may be on it is left (`drain.rs`).
    pub(super) flights: super::drain::Flights,
    /// Counts installed sessions; lets in-process callers (the benchmark) await one.
    pub(super) installed: tokio::sync::watch::Sender<u64>,
    /// A handle on ourselves, for work spawned from `&self` methods.
    pub(super) me: std::sync::Weak<Shared>,
    /// Bounds security-event audit entries (and their fsyncs) per second.
    pub(super) event_audit: governor::DefaultDirectRateLimiter,
    /// A separate, smaller budget for events that never count (first contact, rate
    /// refusals, timeouts): a stranger's stream of those cannot use up the budget that
    /// records hostile events.
    pub(super) quiet_event_audit: governor::DefaultDirectRateLimiter,
    /// Events not audited since the last security-event entry.
    pub(super) suppressed_events: std::sync::atomic::AtomicU64,
    /// Keys and database (`secrets`, `keys`, `db` commands; the trust store writes here).
    pub(super) vault: Arc<std::sync::Mutex<crate::vault::Vault>>,
    /// What the node serves: tools, their limits, approval (replaced by a reload).
    served: std::sync::RwLock<Arc<Served>>,
    /// Every secret the node holds, as the output scanner searches for them.
    secret_scanner: std::sync::RwLock<Arc<crate::secrets::SecretScanner>>,
    /// The values the scanner is built from (rebuilt from these on a change).
    secret_values: std::sync::Mutex<crate::vault::SecretValues>,
    /// Serialises trust-store writes (database, then memory) without holding the state
    /// lock across the database write.
    pub(super) trust_writes: Mutex<()>,
    /// Approval requests and grants.
    pub(crate) approvals: crate::approval::Approvals,
    /// The HTTP client of the approval webhooks (it never follows a redirect), or why
    /// none could be built (every delivery then says so).
    pub(crate) webhook_client: Result<reqwest::Client, String>,
    /// The callee's call pipeline.
    pub(super) pipeline: super::pipeline::Pipeline,
    /// When the node started.
    pub(super) started: UnixMillis,
}

/// What a reload (SIGHUP) may replace while the node runs: the tools, the tool-call
/// limits and deny rules, and the approval policy. A call in flight keeps the `Served`
/// it started with (and its concurrency slot in that admission).
pub(crate) struct Served {
    /// Exposed tools and their sandboxes.
    pub(crate) tools: Arc<super::tools::registry::Registry>,
    /// Node-wide tool deny patterns (`[invoke] deny`).
    pub(crate) tool_deny: Vec<lango_protocol::tools::firewall::Pattern>,
    /// Admission of inbound tool calls.
    pub(crate) tool_limits: Arc<Admission>,
    /// `[invoke]` as served.
    pub(crate) invoke: crate::config::InvokeSection,
    /// `[approval]` as served.
    pub(crate) approval: crate::config::ApprovalSection,
    /// `[pii]` as served, and its compiled redactor.
    pub(crate) pii_cfg: crate::config::pii::PiiSection,
    /// The redactor of `[pii]` (keyed with the node's PII subkey).
    pub(crate) pii: Arc<crate::pii::Engine>,
}

impl Served {
    /// The tool-call admission `invoke` asks for.
    pub(crate) fn admission(invoke: &crate::config::InvokeSection, flood_factor: u32) -> Admission {
        Admission::new(
            limits::Params {
                rate_per_second: invoke.rate_per_second,
                burst: invoke.burst,
                peer_rate_per_second: invoke.peer_rate_per_second,
                peer_burst: invoke.peer_burst,
                max_concurrent: invoke.max_concurrent,
                max_concurrent_per_peer: invoke.max_concurrent_per_peer,
                flood_factor,
            },
            limits::TOOL_CALLS,
        )
    }
}

/// Audit entries per second for events that never count toward a block.
const QUIET_EVENT_AUDIT_PER_SECOND: u32 = 2;

/// Security-event audit entries per second (burst the same).
const EVENT_AUDIT_PER_SECOND: u32 = 20;

impl Shared {
    /// Builds the shared state.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
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
        pipeline: super::pipeline::Pipeline,
        pii: crate::pii::Engine,
        (secret_scanner, secret_values): (
            crate::secrets::SecretScanner,
            crate::vault::SecretValues,
        ),
    ) -> Arc<Self> {
        let limits = Admission::new(
            limits::Params {
                flood_factor: cfg.events.flood_factor,
                ..(&cfg.handshake).into()
            },
            limits::HANDSHAKE,
        );
        let served = Served {
            tools: Arc::new(tools),
            tool_deny: cfg.invoke.deny_patterns(),
            tool_limits: Arc::new(Served::admission(&cfg.invoke, cfg.events.flood_factor)),
            invoke: cfg.invoke.clone(),
            approval: cfg.approval.clone(),
            pii_cfg: cfg.pii.clone(),
            pii: Arc::new(pii),
        };
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
            flights: Default::default(),
            installed: tokio::sync::watch::Sender::new(0),
            me: me.clone(),
            event_audit: governor::RateLimiter::direct(governor::Quota::per_second(
                std::num::NonZeroU32::new(EVENT_AUDIT_PER_SECOND)
                    .unwrap_or(std::num::NonZeroU32::MIN),
            )),
            quiet_event_audit: governor::RateLimiter::direct(governor::Quota::per_second(
                std::num::NonZeroU32::new(QUIET_EVENT_AUDIT_PER_SECOND)
                    .unwrap_or(std::num::NonZeroU32::MIN),
            )),
            suppressed_events: std::sync::atomic::AtomicU64::new(0),
            approvals: crate::approval::Approvals::new(vault.clone()),
            webhook_client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| e.to_string()),
            vault,
            served: std::sync::RwLock::new(Arc::new(served)),
            secret_scanner: std::sync::RwLock::new(Arc::new(secret_scanner)),
            secret_values: std::sync::Mutex::new(secret_values),
            trust_writes: Mutex::new(()),
            pipeline,
            started: clock::now(),
        })
    }

    /// What the node serves now (tools, limits, approval); a reload replaces it.
    pub(crate) fn served(&self) -> Arc<Served> {
        self.served
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The scanner for the secrets the node holds now.
    pub(crate) fn secret_scanner(&self) -> Arc<crate::secrets::SecretScanner> {
        self.secret_scanner
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Takes a secret set (`Some(value)`) or removed (`None`) into the scanner: the
    /// node keeps the values it scans for, so a change rebuilds from memory instead of
    /// reading the whole store again.
    /// The value of the secret `name`, if the node holds it.
    pub(crate) fn secret_value(&self, name: &str) -> Option<zeroize::Zeroizing<Vec<u8>>> {
        self.secret_values
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(name)
            .cloned()
    }

    /// Whether the node holds a secret called `name`.
    pub(crate) fn has_secret(&self, name: &str) -> bool {
        self.secret_values
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains_key(name)
    }

    pub(crate) fn secret_changed(&self, name: &str, value: Option<zeroize::Zeroizing<Vec<u8>>>) {
        let mut values = self.secret_values.lock().unwrap_or_else(|p| p.into_inner());
        match value {
            Some(v) => {
                values.insert(name.to_string(), v);
            }
            None => {
                values.remove(name);
            }
        }
        let built = crate::secrets::SecretScanner::new(
            values.iter().map(|(n, v)| (n.as_str(), v.as_slice())),
        );
        match built {
            Ok(s) => {
                *self
                    .secret_scanner
                    .write()
                    .unwrap_or_else(|p| p.into_inner()) = Arc::new(s)
            }
            Err(e) => tracing::error!("secret scanner not rebuilt: {e}"),
        }
        drop(values);
        // Idle sandboxes set up with an earlier call's job may hold the old value.
        for b in self.served().tools.backends() {
            b.forget_warm();
        }
    }

    /// Puts a reloaded `Served` in place; calls in flight keep the one they started with.
    pub(super) fn serve_from(&self, served: Served) {
        *self.served.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(served);
    }

    /// Locks the core. A poisoned lock means a task panicked mid-update; the state may
    /// be inconsistent, so the daemon stops rather than serve from it.
    pub(super) fn core(&self) -> MutexGuard<'_, Core> {
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
    /// The audit log as a sink for the approval broker.
    pub(crate) fn audit_sink(&self) -> impl Fn(&str, serde_json::Value) + Send + Sync + '_ {
        move |kind, fields| self.audit(kind, fields)
    }

    pub(super) fn audit(&self, kind: &str, fields: serde_json::Value) {
        if let Err(e) = self.audit.append(kind, fields) {
            tracing::error!("audit log append failed ({kind}): {e}");
        }
    }

    /// Persists replay entries the cache handed out; the first failure is returned.
    pub(super) fn persist_replay(&self, entries: Vec<([u8; 16], u64)>) -> Result<(), String> {
        for (k, exp) in entries {
            self.replay_store
                .insert(k, exp)
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    /// The agent key of the live session the transport identity `peer` holds, if any.
    pub(super) fn session_of_peer(&self, peer: &PeerId) -> Option<AgentPublicKey> {
        self.core()
            .sessions
            .by_peer(&PeerIdBytes(peer.to_bytes()), clock::now())
            .map(|s| s.remote_key)
    }

    /// Whether `peer` holds a live session.
    pub(super) fn has_session(&self, peer: &PeerId) -> bool {
        self.core().has_session(peer, clock::now())
    }

    /// Whether the transport identity is blocked (threshold crossed while unauthenticated).
    pub(super) fn peer_blocked(&self, peer: &PeerId) -> bool {
        let now = clock::now();
        let mut core = self.core();
        match core.peer_blocks.get(peer) {
            Some(b) if b.until > now => true,
            Some(_) => {
                core.peer_blocks.remove(peer);
                false
            }
            None => false,
        }
    }

    /// Installs a freshly established session, replacing older ones of the peer.
    ///
    /// Trust and blocks are checked again under the state lock, the lock every revoke,
    /// block and trust removal applies its change under: a session whose handshake was
    /// in flight while its peer was revoked or removed is not installed (returns false).
    pub(super) fn install_session(&self, session: Session) -> bool {
        let did = session.remote_did().to_string();
        let fields = json!({
            "did": did,
            "peer_id": PeerId::from_bytes(&session.remote_peer.0).map(|p| p.to_string()).unwrap_or_default(),
            "session_id": session.id.to_hex(),
            "direction": session.direction.as_str(),
        });
        let window = self.cfg.handshake.read_timeout.as_millis() as u64 * 3;
        let remote_peer = PeerId::from_bytes(&session.remote_peer.0).ok();
        let outcome = {
            let mut core = self.core();
            let now = clock::now();
            let peer = PeerId::from_bytes(&session.remote_peer.0).ok();
            let peer_blocked = peer
                .and_then(|p| core.peer_blocks.get(&p))
                .is_some_and(|b| b.until > now);
            if peer_blocked || !core.trust.is_trusted(&did, now) {
                drop(core);
                tracing::info!(did = %did, "handshake completed after the peer was revoked, blocked or removed: no session");
                return false;
            }
            core.sessions.insert(session, window)
        };
        if outcome.is_installed() {
            self.installed.send_modify(|n| *n += 1);
            self.core().revoked_by.remove(&did);
            if let Some(p) = remote_peer.filter(|p| self.core().refused_by.remove(p).is_some()) {
                tracing::info!(peer = %p, did = %did, "the peer accepts us now");
            }
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
        true
    }

    /// Notes an unknown peer that proved its key, for `trust pending`: once per peer,
    /// with a count. Returns true the first time (the caller records the event then,
    /// not on every retry).
    pub(super) fn note_pending(&self, did: String, peer: PeerId) -> bool {
        let now = clock::now();
        let mut core = self.core();
        let addr = core
            .connected
            .get(&peer)
            .and_then(|a| a.first())
            .map(|a| a.to_string());
        let announced: Vec<String> = core
            .announced
            .get(&peer)
            .map(|v| v.iter().map(|a| a.to_string()).collect())
            .unwrap_or_default();
        if let Some(p) = core.pending.iter_mut().find(|p| p.did == did) {
            p.attempts += 1;
            p.last_seen = clock::rfc3339(now);
            p.peer_id = peer.to_string();
            if addr.is_some() {
                p.addr = addr;
            }
            if !announced.is_empty() {
                p.listen_addrs = announced;
            }
            return false;
        }
        if core.pending.len() >= MAX_PENDING {
            // The least recently seen goes (times are RFC 3339 in one format, so they
            // sort as text): a burst of fresh keys does not push out a peer that keeps
            // trying.
            if let Some(i) = core
                .pending
                .iter()
                .enumerate()
                .min_by(|a, b| a.1.last_seen.cmp(&b.1.last_seen))
                .map(|(i, _)| i)
            {
                core.pending.remove(i);
            }
        }
        core.pending.push(PendingPeer {
            did,
            peer_id: peer.to_string(),
            addr,
            attempts: 1,
            first_seen: clock::rfc3339(now),
            last_seen: clock::rfc3339(now),
            listen_addrs: announced,
        });
        true
    }

    /// Records the listen addresses `peer` announced (identify), and updates its pending
    /// entry if it has one.
    pub(super) fn note_announced(&self, peer: PeerId, addrs: Vec<Multiaddr>) {
        let mut core = self.core();
        if !core.announced.contains_key(&peer) && core.announced.len() >= MAX_ANNOUNCED {
            // Forget those no longer connected first, then any.
            let stale: Vec<PeerId> = core
                .announced
                .keys()
                .filter(|p| !core.connected.contains_key(p))
                .copied()
                .collect();
            for p in stale {
                core.announced.remove(&p);
            }
            if core.announced.len() >= MAX_ANNOUNCED {
                core.announced.clear();
            }
        }
        let text: Vec<String> = addrs.iter().map(|a| a.to_string()).collect();
        let peer_str = peer.to_string();
        for p in core.pending.iter_mut().filter(|p| p.peer_id == peer_str) {
            p.listen_addrs = text.clone();
        }
        core.announced.insert(peer, addrs);
    }
}
