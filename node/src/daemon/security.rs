//! Security events: each is counted against the stream's PeerId (and its DID when it
//! holds a session), audited at a bounded rate, and, past the threshold, revokes the
//! session, tells the peer, and blocks it.

use libp2p::PeerId;
use serde_json::json;

use lango_protocol::events::SecurityEventKind;
use lango_protocol::PeerIdBytes;

use super::notice;
use super::state::{PeerBlock, Shared, SwarmCommand};
use super::trust::Block;
use crate::clock;

impl Shared {
    /// Records a security event against the transport identity `peer`; attributes it to a
    /// DID only if `peer` holds an authenticated session. Crossing the threshold revokes
    /// that session and blocks the peer.
    pub(crate) fn security_event(&self, kind: SecurityEventKind, peer: PeerId, detail: String) {
        let now = clock::now();
        let peer_bytes = PeerIdBytes(peer.to_bytes());
        let (rec, tripped, did) = {
            let mut core = self.core();
            let did = core
                .sessions
                .by_peer(&peer_bytes, now)
                .map(|s| s.remote_did().to_string());
            let name = did
                .as_deref()
                .and_then(|d| core.trust.get(d))
                .and_then(|p| p.name.clone());
            let (rec, tripped) = core.events.record(
                kind,
                &peer_bytes,
                peer.to_string(),
                (did.clone(), name),
                detail,
                now,
            );
            (rec, tripped, did)
        };
        // Every event is counted (history, metrics, threshold). Its audit entry (an fsync,
        // outside the state lock) is rate-limited: refusals cost an attacker nothing, so
        // unlimited entries would let a PeerId-rotating flood fill the disk. Suppressed
        // entries are counted in the next one that is written.
        let budget = if kind.weight() == lango_protocol::events::Weight::Ignored {
            &self.quiet_event_audit
        } else {
            &self.event_audit
        };
        if budget.check().is_ok() {
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
        let reason = kind.block_reason();
        // The session ends and the block takes effect in one state change, so the DID
        // cannot re-handshake from a fresh PeerId in between; the database follows, off
        // the async workers (the vault may be held by a rotation or a rekey).
        let (ended, persist) = {
            let mut core = self.core();
            let peer_str = peer.to_string();
            let proven = did.clone().or_else(|| {
                core.pending
                    .iter()
                    .find(|p| p.peer_id == peer_str)
                    .map(|p| p.did.clone())
            });
            core.peer_blocks.insert(
                peer,
                PeerBlock {
                    until,
                    since: now,
                    reason: reason.into(),
                    did: proven,
                },
            );
            let ended = did
                .as_ref()
                .and_then(|_| core.sessions.remove_peer(&peer_bytes));
            let persist = did.as_ref().and_then(|did| {
                let row = Block {
                    did: did.clone(),
                    until_ms: Some(until.0),
                    reason: reason.into(),
                    since_ms: now.0,
                };
                // A block already in force that outlasts this one (an operator's, or
                // `trust remove`'s for good) stays.
                let outlasted = core
                    .trust
                    .block_of(did, now)
                    .is_some_and(|b| b.until_ms.is_none_or(|u| u >= until.0));
                (!outlasted).then(|| {
                    core.trust.apply_block(row.clone());
                    row
                })
            });
            (ended, persist)
        };
        if let (Some(row), Some(shared)) = (persist, self.me.upgrade()) {
            let persist = move || {
                let did = row.did.clone();
                if let Err(e) = shared.trust_persist_block(row) {
                    tracing::error!("cannot persist block of {did}: {e}");
                }
            };
            match tokio::runtime::Handle::try_current() {
                Ok(rt) => {
                    rt.spawn_blocking(persist);
                }
                Err(_) => persist(),
            }
        }
        let revoked = ended.as_ref().map(|s| s.remote_did().to_string());
        if let (Some(did), Some(shared)) = (&revoked, self.me.upgrade()) {
            // A blocked peer keeps no standing approval grant (off the async workers:
            // the store is behind a blocking lock).
            let did = did.clone();
            let drop_grants = move || {
                let audit = shared.audit_sink();
                shared.approvals.drop_grants_of(&did, &audit);
            };
            match tokio::runtime::Handle::try_current() {
                Ok(rt) => {
                    rt.spawn_blocking(drop_grants);
                }
                Err(_) => drop_grants(),
            }
        }
        tracing::warn!(peer = %peer, did = ?revoked, "security event threshold crossed ({reason}): session revoked, peer blocked for {}", humantime::format_duration(block));
        self.audit(
            "auto_revoke",
            json!({"peer_id": peer.to_string(), "did": revoked, "block_ms": block.as_millis() as u64, "by": "event threshold", "reason": reason}),
        );
        match (ended, self.me.upgrade()) {
            // Tell the peer (best effort), then close; the notice needs the connection.
            (Some(session), Some(shared)) => {
                tokio::spawn(async move {
                    let block_ms = shared.cfg.events.block.as_millis() as u64;
                    notice::send_revoke(&shared, &session, block_ms, reason).await;
                    let _ = shared.swarm_tx.send(SwarmCommand::Disconnect(peer));
                });
            }
            _ => {
                let _ = self.swarm_tx.send(SwarmCommand::Disconnect(peer));
            }
        }
    }
}
