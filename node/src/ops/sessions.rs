//! Sessions: `session list | revoke | unblock`.

use serde::Serialize;
use serde_json::json;

use lango_protocol::AgentPublicKey;

use super::{Actor, Ops, OpsError};
use crate::clock::{self, rfc3339};

/// One live session.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SessionInfo {
    /// The peer's DID.
    pub did: String,
    /// The name this node gives it, if any.
    pub name: Option<String>,
    /// The peer's PeerId.
    pub peer_id: String,
    /// Session id, hex.
    pub session_id: String,
    /// `inbound` or `outbound`.
    pub direction: &'static str,
    /// RFC 3339.
    pub established_at: String,
    /// RFC 3339.
    pub expires_at: String,
    /// `direct` or `relayed` (while any relayed connection remains).
    pub path: Option<&'static str>,
    /// The relay's PeerId when relayed.
    pub via: Option<String>,
    /// `tcp` or `quic`.
    pub transport: Option<&'static str>,
    /// Remote address of the connection streams take.
    pub remote_addr: Option<String>,
    /// Last ping round trip, ms.
    pub rtt_ms: Option<f64>,
    /// The last hole punch with this peer.
    pub punch: Option<crate::daemon::reach::Punch>,
}

/// `session revoke`: whom and for how long.
#[derive(Clone, Debug, Default)]
pub struct Revoke {
    /// The peer's DID (none: `all`).
    pub did: Option<String>,
    /// Every session.
    pub all: bool,
    /// Block this long, ms (0: only end the session; none: the configured default).
    pub block_ms: Option<u64>,
    /// The operator's reason.
    pub reason: Option<String>,
}

/// One revoked peer.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Revoked {
    /// Its DID.
    pub did: String,
    /// Whether it had a session.
    pub had_session: bool,
    /// Whether it received our signed notice.
    pub notice_delivered: bool,
    /// Until when it is blocked (RFC 3339), if it is.
    pub blocked_until: Option<String>,
}

impl Ops {
    /// Live sessions, by DID.
    pub fn session_list(&self) -> Vec<SessionInfo> {
        let snap = self.node.snapshot();
        let name = |did: &str| {
            snap.trusted
                .iter()
                .find(|p| p.did == did)
                .and_then(|p| p.name.clone())
        };
        let mut list: Vec<SessionInfo> = snap
            .sessions
            .iter()
            .map(|s| {
                let peer = libp2p::PeerId::from_bytes(&s.remote_peer.0).ok();
                let path = peer
                    .and_then(|p| snap.paths.get(&p).cloned())
                    .unwrap_or_default();
                SessionInfo {
                    did: s.remote_did().to_string(),
                    name: name(s.remote_did().as_str()),
                    peer_id: libp2p::PeerId::from_bytes(&s.remote_peer.0)
                        .map(|p| p.to_string())
                        .unwrap_or_default(),
                    session_id: s.id.to_hex(),
                    direction: s.direction.as_str(),
                    established_at: rfc3339(s.established_at),
                    expires_at: rfc3339(s.expires_at),
                    path: path.path,
                    via: path.via,
                    transport: path.transport,
                    remote_addr: path.remote_addr,
                    rtt_ms: path.rtt_ms,
                    punch: path.punch,
                }
            })
            .collect();
        list.sort_by(|a, b| a.did.cmp(&b.did));
        list
    }

    /// Ends sessions at once, tells the peers (signed notice, best effort), closes the
    /// connections, and blocks re-handshakes for the block time.
    pub async fn session_revoke(
        &self,
        actor: &Actor,
        req: Revoke,
    ) -> Result<Vec<Revoked>, OpsError> {
        let block_ms = req
            .block_ms
            .unwrap_or(self.node.config().session.default_block.as_millis() as u64);
        let reason = req.reason.unwrap_or_else(|| "revoked by operator".into());
        let targets: Vec<(String, AgentPublicKey)> = if req.all {
            self.node
                .snapshot()
                .sessions
                .iter()
                .map(|s| (s.remote_did().to_string(), s.remote_key))
                .collect()
        } else {
            let did = req
                .did
                .ok_or_else(|| OpsError::input("session revoke needs a DID or --all"))?;
            let (did, key) = self.resolve_peer(&did)?;
            vec![(did.to_string(), key)]
        };
        // Every block and session end first: a peer that stalls its notice must not
        // keep its session while the others are told.
        let mut ended = Vec::new();
        for (did, key) in targets {
            let now = clock::now();
            let until = (block_ms > 0).then(|| now.plus(block_ms));
            let session = self
                .node
                .block_and_end(did.clone(), key, until, reason.clone())
                .await
                .map_err(|e| OpsError::internal(format!("cannot save block: {e}")))?;
            self.drop_grants(&did);
            ended.push((did, until, session));
        }
        let notices = ended.iter().map(|(_, _, session)| async {
            match session {
                Some(s) => self.node.end_session(s, block_ms, &reason).await,
                None => false,
            }
        });
        let delivered = futures::future::join_all(notices).await;
        let mut revoked = Vec::new();
        for ((did, until, session), notified) in ended.into_iter().zip(delivered) {
            self.node.audit(
                "session_revoke",
                json!({"did": did, "by": actor.describe(), "reason": reason, "block_ms": block_ms, "had_session": session.is_some(), "notice_delivered": notified}),
            );
            revoked.push(Revoked {
                did,
                had_session: session.is_some(),
                notice_delivered: notified,
                blocked_until: until.map(rfc3339),
            });
        }
        Ok(revoked)
    }

    /// Lifts the blocks on a peer: given a DID or a name, the DID's own block and those
    /// of the PeerIds it proved; given a PeerId, that PeerId's block.
    pub async fn session_unblock(&self, actor: &Actor, peer: &str) -> Result<String, OpsError> {
        if !peer.starts_with("did:") {
            if let Ok(pid) = peer.parse::<libp2p::PeerId>() {
                let lifted = self.node.unblock_peer(&pid);
                self.node.audit(
                    "session_unblock",
                    json!({"peer_id": peer, "by": actor.describe(), "was_blocked": lifted}),
                );
                if !lifted {
                    return Err(OpsError::not_found(format!(
                        "PeerId {peer} was not blocked"
                    )));
                }
                return Ok(peer.to_string());
            }
        }
        let (did, _) = self.resolve_peer(peer)?;
        let lifted = self
            .node
            .unblock(did.to_string())
            .await
            .map_err(|e| OpsError::internal(format!("cannot save trust store: {e}")))?;
        self.node.audit(
            "session_unblock",
            json!({"did": did.to_string(), "by": actor.describe(), "was_blocked": lifted}),
        );
        if !lifted {
            return Err(OpsError::not_found(format!("{did} was not blocked")));
        }
        Ok(did.to_string())
    }
}
