//! `/lango/tools-list/1.0.0`: a caller asks which tools it may call; the callee answers
//! with the tools its allow list admits after every deny rule, and nothing without a
//! valid session.

use std::sync::Arc;

use futures::AsyncWriteExt;
use libp2p::PeerId;
use serde_bytes::ByteBuf;

use lango_protocol::events::SecurityEventKind;
use lango_protocol::tools::firewall::Decision;
use lango_protocol::tools::wire::{ListRequest, ListResponse, ListedTool, LIST_CAP, TOOLS_VERSION};
use lango_protocol::AgentPublicKey;

use super::LIST_PROTOCOL;
use crate::clock;
use crate::daemon::authorize::authorize;
use crate::daemon::exchange;
use crate::daemon::framed::{read_frame, write_frame, FrameError};
use crate::daemon::state::Shared;

const REQUEST_CAP: usize = 256;

/// The tools `caller` may call here.
pub(crate) fn allowed_for(shared: &Shared, caller: &AgentPublicKey) -> Vec<ListedTool> {
    let acl = crate::daemon::pipeline::acl_of(shared, caller);
    let served = shared.served();
    served
        .tools
        .iter()
        .filter(|t| acl.decide(&t.cfg.name, &served.tool_deny) == Decision::Allow)
        .map(|t| {
            let i = t.info();
            ListedTool {
                name: i.name,
                description: i.description,
                sandbox: i.sandbox,
                safety: i.safety,
                timeout_ms: i.timeout_ms,
            }
        })
        .collect()
}

/// Serves one inbound listing stream.
pub(crate) async fn serve(shared: Arc<Shared>, peer: PeerId, mut stream: libp2p::Stream) {
    let deadline = shared.cfg.handshake.read_timeout;
    let req = match read_frame(&mut stream, REQUEST_CAP, deadline).await {
        Ok(b) => ListRequest::decode(&b).map_err(|e| e.to_string()),
        Err(FrameError::Protocol(e)) => Err(e.to_string()),
        Err(_) => return,
    };
    let caller = req.and_then(|r| {
        authorize(&shared, peer, &r.session_id)
            .map(|s| s.remote_key)
            .map_err(|e| e.to_string())
    });
    let resp = match caller {
        Ok(k) => ListResponse {
            v: TOOLS_VERSION,
            status: "ok".into(),
            tools: allowed_for(&shared, &k),
        },
        Err(why) => {
            shared.security_event(
                SecurityEventKind::AclDenied,
                peer,
                format!("tools-list refused: {why}"),
            );
            ListResponse {
                v: TOOLS_VERSION,
                status: "denied".into(),
                tools: Vec::new(),
            }
        }
    };
    let _ = write_frame(&mut stream, &resp.encode(), LIST_CAP, deadline).await;
    let _ = stream.close().await;
}

/// Why a listing could not be fetched.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// No live session with that peer.
    #[error("no session with {0}")]
    NoSession(String),
    /// The stream or the frames failed.
    #[error("{0}")]
    Transport(String),
}

/// Asks the peer holding `callee` for the tools we may call.
pub(crate) async fn fetch(
    shared: &Shared,
    callee: &AgentPublicKey,
) -> Result<ListResponse, FetchError> {
    let session = shared
        .core()
        .sessions
        .by_key(callee, clock::now())
        .cloned()
        .ok_or_else(|| FetchError::NoSession(callee.did().to_string()))?;
    fetch_on(shared, &session)
        .await
        .map_err(FetchError::Transport)
}

async fn fetch_on(
    shared: &Shared,
    session: &lango_protocol::session::Session,
) -> Result<ListResponse, String> {
    let peer = PeerId::from_bytes(&session.remote_peer.0).map_err(|e| e.to_string())?;
    let req = ListRequest {
        v: TOOLS_VERSION,
        session_id: ByteBuf::from(session.id.0.to_vec()),
    };
    let deadline = shared.cfg.handshake.read_timeout;
    let body = exchange::request(
        shared,
        peer,
        LIST_PROTOCOL,
        &req.encode(),
        LIST_CAP,
        deadline,
    )
    .await?;
    ListResponse::decode(&body).map_err(|e| e.to_string())
}
