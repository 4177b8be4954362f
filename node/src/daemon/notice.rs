//! `/lango/notice/1.0.0`: sending and receiving signed revocation notices.

use std::sync::Arc;
use std::time::Duration;

use futures::AsyncWriteExt;
use libp2p::{PeerId, Stream, StreamProtocol};
use serde_json::json;

use lango_protocol::framing::HANDSHAKE_FRAME_CAP;
use lango_protocol::notice::{sign_notice, verify_notice, NoticeBody};
use lango_protocol::session::Session;
use lango_protocol::wire::RevokeNotice;
use lango_protocol::{PeerIdBytes, NOTICE_PROTOCOL};

use super::framed::{read_inbound, write_frame};
use super::state::{Shared, SwarmCommand};
use crate::clock;

/// The notice protocol id.
pub const PROTOCOL: StreamProtocol = StreamProtocol::new(NOTICE_PROTOCOL);
/// How long sending a notice may take before we give up (it is best effort).
const SEND_DEADLINE: Duration = Duration::from_secs(2);

/// Signs and sends a revocation notice for `session` (best effort); returns whether the
/// peer received it.
pub(super) async fn send_revoke(
    shared: &Shared,
    session: &Session,
    block_ms: u64,
    reason: &str,
) -> bool {
    let Ok(peer) = PeerId::from_bytes(&session.remote_peer.0) else {
        return false;
    };
    let body = NoticeBody {
        from_key: shared.local_key,
        to_key: session.remote_key,
        session_id: session.id,
        timestamp: clock::now(),
        block_ms,
        reason: reason.to_string(),
    };
    let (local, remote) = (
        PeerIdBytes(shared.local_peer.to_bytes()),
        session.remote_peer.clone(),
    );
    let signed = shared
        .sign_off_worker(move |signer| sign_notice(body, &local, &remote, signer))
        .await;
    let notice = match signed {
        Ok(n) => n,
        Err(e) => {
            tracing::error!("cannot sign revocation notice: {e}");
            return false;
        }
    };
    let mut control = shared.streams.clone();
    let sent = tokio::time::timeout(SEND_DEADLINE, async {
        let mut s = control.open_stream(peer, PROTOCOL).await.ok()?;
        write_frame(&mut s, &notice.encode(), HANDSHAKE_FRAME_CAP, SEND_DEADLINE)
            .await
            .ok()?;
        let _ = s.close().await;
        // The caller closes the connection next: wait until the peer has handled the
        // notice and dropped its end (EOF or reset), so the close cannot overtake it.
        let mut probe = [0u8; 1];
        let _ = futures::AsyncReadExt::read(&mut s, &mut probe).await;
        Some(())
    })
    .await;
    matches!(sent, Ok(Some(())))
}

/// Handles one inbound notice stream.
pub(super) async fn receive(shared: Arc<Shared>, peer: PeerId, mut stream: Stream) {
    let deadline = shared.cfg.handshake.read_timeout;
    let Some(body) = read_inbound(
        &shared,
        peer,
        &mut stream,
        HANDSHAKE_FRAME_CAP,
        deadline,
        "revocation notice",
    )
    .await
    else {
        return;
    };
    let notice = match RevokeNotice::decode(&body) {
        Ok(n) => n,
        Err(e) => {
            if let Some(kind) = e.security_event() {
                shared.security_event(kind, peer, format!("revocation notice: {e}"));
            }
            return;
        }
    };
    let now = clock::now();
    let peer_bytes = PeerIdBytes(peer.to_bytes());
    let session = shared.core().sessions.by_peer(&peer_bytes, now).cloned();
    let Some(session) = session else {
        tracing::info!(peer = %peer, "revocation notice for no current session: ignored");
        return;
    };
    if let Err(e) = verify_notice(
        &notice,
        &peer_bytes,
        &PeerIdBytes(shared.local_peer.to_bytes()),
        &shared.local_key,
        &session.remote_key,
        &session.id,
    ) {
        shared.security_event(
            lango_protocol::events::SecurityEventKind::BadSignature,
            peer,
            format!("revocation notice refused: {e}"),
        );
        return;
    }
    let did = session.remote_did().to_string();
    let until = (notice.block_ms > 0).then(|| now.plus(notice.block_ms));
    let until_text = until.map_or_else(String::new, |u| format!(" until {}", clock::rfc3339(u)));
    // Recorded while the session still names the DID.
    shared.security_event(
        lango_protocol::events::SecurityEventKind::RevokedByPeer,
        peer,
        format!("revoked our session{until_text}: {}", notice.reason),
    );

    {
        let mut core = shared.core();
        core.sessions.remove_peer(&peer_bytes);
        if let Some(u) = until {
            core.dial_holdoff.insert(did.clone(), u);
        }
        if core.revoked_by.len() >= 1024 {
            core.revoked_by.clear();
        }
        core.revoked_by.insert(
            did.clone(),
            super::state::RevokedBy {
                did: did.clone(),
                at: clock::rfc3339(now),
                until: until.map(clock::rfc3339),
                reason: notice.reason.clone(),
            },
        );
    }
    tracing::warn!(peer = %peer, did = %did, "peer revoked our session{until_text}: {}", notice.reason);
    shared.audit(
        "session_revoked_by_peer",
        json!({"did": did, "peer_id": peer.to_string(), "block_ms": notice.block_ms, "reason": notice.reason}),
    );
    let _ = shared.swarm_tx.send(SwarmCommand::Disconnect(peer));
}
