//! [`Handle`]: what the rest of the crate (the operations layer, the benchmarks) may do
//! with a running daemon. Every result is an owned copy; no lock is held when a method
//! returns, and none across an `.await`. Policy (what an operator may do, what is
//! audited under whose name) lives in [`crate::ops`]; this is the mechanism.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use libp2p::{Multiaddr, PeerId};

use lango_protocol::session::Session;
use lango_protocol::tools::wire::{ListResponse, ToolResponse};
use lango_protocol::{AgentPublicKey, PeerIdBytes, UnixMillis};
use lango_storage::audit::AuditLog;

use super::events::EventRecord;
use super::state::{PeerBlock, PendingPeer, RevokedBy, Shared, SwarmCommand};
use super::trust::{Block, TrustedPeer};
use crate::clock;
use crate::config::Config;
use crate::vault::Vault;

/// A running daemon, as the rest of the crate sees it.
#[derive(Clone)]
pub struct Handle(pub(super) Arc<Shared>);

/// The node's state at one instant, copied under one lock.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// Our listen addresses.
    pub listen_addrs: Vec<Multiaddr>,
    /// Connected peers and their remote addresses.
    pub connected: Vec<(PeerId, Vec<Multiaddr>)>,
    /// Live sessions.
    pub sessions: Vec<Session>,
    /// Trusted peers.
    pub trusted: Vec<TrustedPeer>,
    /// Blocks in force.
    pub blocks: Vec<Block>,
    /// PeerId blocks in force.
    pub peer_blocks: Vec<(PeerId, PeerBlock)>,
    /// Peers that revoked our session, and what they said.
    pub revoked_by: Vec<RevokedBy>,
    /// Unknown peers that proved their key.
    pub pending: Vec<PendingPeer>,
    /// Live replay-cache entries.
    pub replay_entries: usize,
    /// Security events since start, by kind.
    pub event_counts: Vec<(&'static str, u64)>,
    /// How each connected peer is reached.
    pub paths: std::collections::HashMap<PeerId, super::reach::PathInfo>,
    /// Our `[[relays]]` and our reservations on them.
    pub relays: Vec<super::reach::RelayStatus>,
    /// Our addresses as peers holding a session observe them.
    pub observed: Vec<Multiaddr>,
    /// LAN discovery: on or off and why, neighbours heard.
    pub mdns: super::reach::MdnsStatus,
    /// What our relays' AutoNAT dial-backs found about the addresses we have now.
    pub autonat: Vec<super::autonat::NatTest>,
    /// Peer records we hold (learned from relays or LAN probes): DID, PeerId,
    /// addresses, expiry.
    pub records: Vec<(String, PeerId, Vec<String>, UnixMillis)>,
    /// Where trusted DIDs were last reached directly: DID, PeerId, addresses.
    pub known: Vec<(String, PeerId, Vec<Multiaddr>)>,
    /// The last handshake refusal each remote sent us.
    pub refused_by: Vec<(PeerId, lango_protocol::RejectCode)>,
    /// The last dial failure per target (address without `/p2p/`, or PeerId): error, when.
    pub dial_errors: Vec<(String, String, UnixMillis)>,
}

impl std::fmt::Debug for Handle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handle")
            .field("did", &self.0.local_key.did().as_str())
            .finish()
    }
}

impl Handle {
    /// Our agent public key.
    pub fn local_key(&self) -> AgentPublicKey {
        self.0.local_key
    }

    /// The data dir's path.
    pub fn data_dir_path(&self) -> std::path::PathBuf {
        crate::vault::lock(&self.0.vault).dir.path().to_path_buf()
    }

    /// When the node started.
    pub fn started(&self) -> UnixMillis {
        self.0.started
    }

    /// Our PeerId.
    pub fn peer_id(&self) -> PeerId {
        self.0.local_peer
    }

    /// The configuration the daemon runs with.
    pub fn config(&self) -> &Config {
        &self.0.cfg
    }

    /// The state at this instant.
    pub fn snapshot(&self) -> Snapshot {
        let now = clock::now();
        let core = self.0.core();
        Snapshot {
            listen_addrs: core.listen_addrs.clone(),
            connected: core
                .connected
                .iter()
                .map(|(p, a)| (*p, a.clone()))
                .collect(),
            sessions: core
                .sessions
                .iter()
                .filter(|s| s.expires_at > now)
                .cloned()
                .collect(),
            trusted: core.trust.peers().to_vec(),
            blocks: core.trust.blocks(now).into_iter().cloned().collect(),
            peer_blocks: core
                .peer_blocks
                .iter()
                .filter(|(_, b)| b.until > now)
                .map(|(p, b)| (*p, b.clone()))
                .collect(),
            pending: core.pending.clone(),
            revoked_by: core.revoked_by.values().cloned().collect(),
            replay_entries: core.replay.len(),
            event_counts: core.events.counts(),
            paths: core
                .net
                .links
                .keys()
                .map(|p| (*p, core.net.path(p)))
                .collect(),
            relays: core
                .net
                .relays
                .iter()
                .map(|s| super::reach::RelayStatus {
                    addr: s.relay.addr.to_string(),
                    session: core.has_session(&s.relay.peer, now),
                    reserved: s.reserved,
                    renews: s.renews.map(clock::rfc3339),
                    last_error: s.last_error.clone(),
                })
                .collect(),
            observed: core.net.observed_by(|p| core.has_session(p, now)),
            autonat: core.net.nat.current(
                &core.listen_addrs,
                &core.net.observed.values().cloned().collect::<Vec<_>>(),
            ),
            mdns: super::reach::MdnsStatus {
                enabled: self.0.cfg.node.mdns && core.net.lan.error.is_none(),
                error: core.net.lan.error.clone(),
                neighbours: core.net.lan.len(),
            },
            records: core
                .trust
                .peers()
                .iter()
                .filter_map(|p| {
                    let (_, key) = lango_protocol::Did::parse(&p.did).ok()?;
                    let r = core.net.book.get(&key, now)?;
                    let peer = PeerId::from_bytes(&r.record.peer_id.0).ok()?;
                    Some((
                        p.did.clone(),
                        peer,
                        r.record.addrs.clone(),
                        r.record.expires,
                    ))
                })
                .collect(),
            known: core
                .net
                .known
                .iter()
                .map(|(d, (p, a))| (d.clone(), *p, a.clone()))
                .collect(),
            refused_by: core.refused_by.iter().map(|(p, c)| (*p, *c)).collect(),
            dial_errors: core
                .net
                .dial_errors
                .iter()
                .map(|(t, (e, at))| (t.clone(), e.clone(), *at))
                .collect(),
        }
    }

    /// The trust entry of `did`.
    pub fn trusted(&self, did: &str) -> Option<TrustedPeer> {
        self.0.core().trust.get(did).cloned()
    }

    /// What `did` said when it last revoked our session, if it did since our last
    /// session with it.
    pub fn revoked_by(&self, did: &str) -> Option<RevokedBy> {
        self.0.core().revoked_by.get(did).cloned()
    }

    /// The pending entry of `did`.
    pub fn pending(&self, did: &str) -> Option<PendingPeer> {
        self.0.core().pending.iter().find(|p| p.did == did).cloned()
    }

    /// The live session with `key`.
    pub fn session_with(&self, key: &AgentPublicKey) -> Option<Session> {
        self.0.core().sessions.by_key(key, clock::now()).cloned()
    }

    /// The live session of the transport identity `peer`.
    pub fn session_of(&self, peer: &PeerId) -> Option<Session> {
        self.0
            .core()
            .sessions
            .by_peer(&PeerIdBytes(peer.to_bytes()), clock::now())
            .cloned()
    }

    /// Adds or replaces a trusted peer (off the async workers: it writes the database);
    /// returns its pending entry, if it had one.
    pub async fn trust_put(&self, peer: TrustedPeer) -> Result<Option<PendingPeer>, String> {
        let s = self.0.clone();
        blocking(move || s.trust_put(peer)).await
    }

    /// Changes a trusted peer's entry, leaving its blocks; false if it is not trusted.
    pub async fn trust_update(&self, peer: TrustedPeer) -> Result<bool, String> {
        let s = self.0.clone();
        blocking(move || s.trust_update(peer)).await
    }

    /// Removes `key`'s trust and blocks it for good; ends its session in the same state
    /// change. Returns whether it was trusted and the session it had.
    pub async fn trust_remove(
        &self,
        key: AgentPublicKey,
    ) -> Result<(bool, Option<Session>), String> {
        let s = self.0.clone();
        blocking(move || {
            let did = key.did().to_string();
            let removed = s.trust_remove(&did, clock::now())?;
            Ok((removed, s.core().sessions.remove_key(&key)))
        })
        .await
    }

    /// Blocks `did` until `until` (none: only ends the session) and takes `key`'s
    /// session out of the table. Returns the session it had.
    pub async fn block_and_end(
        &self,
        did: String,
        key: AgentPublicKey,
        until: Option<UnixMillis>,
        reason: String,
    ) -> Result<Option<Session>, String> {
        let s = self.0.clone();
        blocking(move || {
            let now = clock::now();
            if let Some(u) = until {
                s.trust_block(&did, Some(u), &reason, now)?;
            }
            Ok(s.core().sessions.remove_key(&key))
        })
        .await
    }

    /// Lifts the blocks on `did` (its own, and its PeerIds'); false if there was none.
    pub async fn unblock(&self, did: String) -> Result<bool, String> {
        let s = self.0.clone();
        blocking(move || s.trust_unblock(&did)).await
    }

    /// Lifts the block on a PeerId; false if there was none.
    pub fn unblock_peer(&self, peer: &PeerId) -> bool {
        self.0.unblock_peer(peer)
    }

    /// Sends the signed revocation notice for `session` (best effort) and closes the
    /// connections; returns whether the peer received the notice.
    pub async fn end_session(&self, session: &Session, block_ms: u64, reason: &str) -> bool {
        let delivered = super::notice::send_revoke(&self.0, session, block_ms, reason).await;
        if let Ok(peer) = PeerId::from_bytes(&session.remote_peer.0) {
            self.disconnect(peer);
        }
        delivered
    }

    /// Closes every connection to `peer`.
    pub fn disconnect(&self, peer: PeerId) {
        let _ = self.0.swarm_tx.send(SwarmCommand::Disconnect(peer));
    }

    /// Opens a new connection to `peer` at `addr`, even if one exists.
    pub fn dial(&self, peer: PeerId, addr: Multiaddr) {
        let _ = self.0.swarm_tx.send(SwarmCommand::Dial(peer, addr));
    }

    /// Security events kept in memory, oldest first.
    pub fn events(&self) -> Vec<EventRecord> {
        self.0.core().events.history()
    }

    /// The events so far and a subscription to the next ones, taken under one lock so
    /// that none is missed or seen twice between the two.
    pub fn follow_events(
        &self,
    ) -> (
        Vec<EventRecord>,
        tokio::sync::broadcast::Receiver<EventRecord>,
    ) {
        let core = self.0.core();
        (core.events.history(), core.events.subscribe())
    }

    /// Writes an audit entry (a failing log is logged loudly).
    pub(crate) fn audit(&self, kind: &str, fields: serde_json::Value) {
        self.0.audit(kind, fields)
    }

    /// The audit log.
    pub fn audit_log(&self) -> &AuditLog {
        &self.0.audit
    }

    /// The keys and database. Operations go through [`crate::ops`]; tests hold the lock
    /// to show that nothing else waits for it.
    #[doc(hidden)]
    pub fn vault(&self) -> Arc<Mutex<Vault>> {
        self.0.vault.clone()
    }

    /// Pings the peer holding the live `session`: its status and the round trip.
    pub async fn ping(&self, session: &Session) -> Result<(String, Duration), String> {
        let peer = PeerId::from_bytes(&session.remote_peer.0).map_err(|e| e.to_string())?;
        super::ping::ping(&self.0, peer, session.id.0).await
    }

    /// The tools the peer holding `callee` lets us call.
    pub async fn tools_of(
        &self,
        callee: &AgentPublicKey,
    ) -> Result<ListResponse, super::tools::listing::FetchError> {
        super::tools::listing::fetch(&self.0, callee).await
    }

    /// Takes a secret set or removed into the output secret scanner.
    pub(crate) fn secret_changed(&self, name: &str, value: Option<zeroize::Zeroizing<Vec<u8>>>) {
        self.0.secret_changed(name, value)
    }

    /// What the node serves now (tools, limits, approval, PII redaction).
    pub(crate) fn served(&self) -> std::sync::Arc<super::state::Served> {
        self.0.served()
    }

    /// Approval requests and grants.
    pub(crate) fn approvals(&self) -> &crate::approval::Approvals {
        &self.0.approvals
    }

    /// Runs `f` with the audit log as an approval audit sink.
    pub(crate) fn with_audit<T>(
        &self,
        f: impl FnOnce(crate::approval::broker::AuditSink<'_>) -> T,
    ) -> T {
        let sink = self.0.audit_sink();
        f(&sink)
    }

    /// Calls `tool` on the peer holding `callee`.
    pub async fn invoke(
        &self,
        callee: &AgentPublicKey,
        tool: &str,
        input: String,
        timeout: Duration,
    ) -> Result<ToolResponse, super::tools::call::CallError> {
        super::tools::call::invoke(&self.0, callee, tool, input, timeout, &|_| {}).await
    }

    /// [`Handle::invoke`], telling `pending` when the callee says the call waits for
    /// approval (the wait then extends the deadline by the callee's approval timeout).
    pub async fn invoke_watching(
        &self,
        callee: &AgentPublicKey,
        tool: &str,
        input: String,
        timeout: Duration,
        pending: &(dyn Fn(&lango_protocol::tools::pending::ToolPending) + Send + Sync),
    ) -> Result<ToolResponse, super::tools::call::CallError> {
        super::tools::call::invoke(&self.0, callee, tool, input, timeout, pending).await
    }

    /// Forgets the session of `peer` without telling it (benchmarks force a fresh
    /// handshake this way).
    #[doc(hidden)]
    pub fn forget_session(&self, peer: &PeerId) {
        self.0
            .core()
            .sessions
            .remove_peer(&PeerIdBytes(peer.to_bytes()));
    }

    /// Applies a reloaded (and validated) config where it is safe to; says what changed
    /// and what needs a restart.
    pub fn reload(&self, cfg: &Config) -> super::Reloaded {
        self.0.reload(cfg)
    }

    /// The exposed tools and their sandboxes.
    pub(crate) fn tools(&self) -> Arc<super::tools::registry::Registry> {
        self.0.served().tools.clone()
    }

    /// Makes the replay store's writes fail (fault injection for tests).
    #[doc(hidden)]
    pub fn fail_replay_writes(&self, on: bool) {
        self.0.replay_store.fail_writes(on);
    }

    /// Counts installed sessions; lets in-process callers (benchmarks, tests) await one.
    pub fn sessions_installed(&self) -> tokio::sync::watch::Receiver<u64> {
        self.0.installed.subscribe()
    }
}

/// Runs blocking store work off the async workers; the error is one line.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, lango_storage::Error> + Send + 'static,
) -> Result<T, String> {
    match tokio::task::spawn_blocking(f).await {
        Ok(r) => r.map_err(|e| e.to_string()),
        Err(e) => Err(format!("store task failed: {e}")),
    }
}
