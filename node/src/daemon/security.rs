//! Security events: each is counted against the stream's PeerId (and its DID when it
//! holds a session), audited at a bounded rate, and, past the threshold, revokes the
//! session, tells the peer, and blocks it.

use libp2p::PeerId;
use serde_json::json;

use lango_protocol::events::SecurityEventKind;
use lango_protocol::PeerIdBytes;

use super::notice;
use super::state::{Shared, SwarmCommand};
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
        let ended = {
            let mut core = self.core();
            core.peer_blocks.insert(peer, until);
            did.as_ref()
                .and_then(|_| core.sessions.remove_peer(&peer_bytes))
        };
        let revoked = ended.as_ref().map(|s| s.remote_did().to_string());
        if let Some(did) = &did {
            if let Err(e) = self.trust_block(did, Some(until), "security event threshold", now) {
                tracing::error!("cannot persist block of {did}: {e}");
            }
        }
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
                    notice::send_revoke(&shared, &session, block_ms, "security event threshold")
                        .await;
                    let _ = shared.swarm_tx.send(SwarmCommand::Disconnect(peer));
                });
            }
            _ => {
                let _ = self.swarm_tx.send(SwarmCommand::Disconnect(peer));
            }
        }
    }
}
