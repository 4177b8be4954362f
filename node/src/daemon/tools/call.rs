//! The caller's side: send one request over the session with a peer, wait for the
//! response within the deadline, and check the callee's receipt before believing it.

use std::time::Duration;

use futures::AsyncWriteExt;
use libp2p::PeerId;
use serde_json::json;

use lango_protocol::tools::receipt;
use lango_protocol::tools::status::Status;
use lango_protocol::tools::wire::{ToolRequest, ToolResponse};
use lango_protocol::AgentPublicKey;

use super::serve::RESPONSE_CAP;
use super::PROTOCOL;
use crate::clock;
use crate::daemon::framed::{read_frame, write_frame};
use crate::daemon::state::Shared;

/// Time the callee gets beyond the tool's timeout (sandbox set-up, signing, transfer).
const GRACE: Duration = Duration::from_secs(10);

/// Why a call produced no trustworthy response.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    /// No live session with that peer.
    #[error("no session with {0}")]
    NoSession(String),
    /// The stream or the frames failed.
    #[error("{0}")]
    Transport(String),
    /// The response was malformed or does not match what was asked.
    #[error("bad response from the callee: {0}")]
    BadResponse(String),
}

/// Calls `tool` on the peer holding `callee` with `input` (JSON text).
pub async fn invoke(
    shared: &Shared,
    callee: &AgentPublicKey,
    tool: &str,
    input: String,
    timeout: Duration,
) -> Result<ToolResponse, CallError> {
    let session = shared
        .core()
        .sessions
        .by_key(callee, clock::now())
        .cloned()
        .ok_or_else(|| CallError::NoSession(callee.did().to_string()))?;
    let peer = PeerId::from_bytes(&session.remote_peer.0)
        .map_err(|e| CallError::Transport(e.to_string()))?;
    let req = ToolRequest {
        request_id: rand::random(),
        session_id: session.id,
        tool: tool.to_string(),
        input,
        timeout_ms: u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX).max(1),
    };
    let body = req.encode();
    let write_deadline = shared.cfg.handshake.read_timeout;
    let mut control = shared.streams.clone();
    let mut s = control
        .open_stream(peer, PROTOCOL)
        .await
        .map_err(|e| CallError::Transport(format!("cannot open tools stream: {e}")))?;
    write_frame(&mut s, &body, body.len(), write_deadline)
        .await
        .map_err(|e| CallError::Transport(e.to_string()))?;
    // The write half stays open: closing it would tell the callee we went away.
    let resp_body = read_frame(&mut s, RESPONSE_CAP, timeout + GRACE)
        .await
        .map_err(|e| CallError::Transport(format!("no response: {e}")))?;
    let _ = s.close().await;
    let resp =
        ToolResponse::decode(&resp_body).map_err(|e| CallError::BadResponse(e.to_string()))?;
    check(&resp, &req, callee, &shared.local_key)?;
    shared.audit(
        "tool_invoke",
        json!({
            "did": callee.did().to_string(),
            "tool": tool,
            "request_id": hex::encode(req.request_id),
            "input_sha256": hex::encode(receipt::input_hash(&req.input)),
            "status": resp.status.as_str(),
            "exit_code": resp.exit_code,
        }),
    );
    Ok(resp)
}

/// A response is believed only if it answers this request and, when the tool ran,
/// carries a receipt from this callee over exactly this input and output.
fn check(
    resp: &ToolResponse,
    req: &ToolRequest,
    callee: &AgentPublicKey,
    me: &AgentPublicKey,
) -> Result<(), CallError> {
    let bad = |m: String| Err(CallError::BadResponse(m));
    if resp.request_id != req.request_id {
        return bad("it answers another request".into());
    }
    let ran = matches!(resp.status, Status::Ok | Status::Timeout | Status::SandboxError);
    match &resp.receipt {
        None if ran => bad(format!("status {} without a receipt", resp.status)),
        None => Ok(()),
        Some(r) => {
            r.verify_for(callee, &req.request_id, &resp.output, &resp.stderr)
                .map_err(|e| CallError::BadResponse(e.to_string()))?;
            if &r.caller != me
                || r.tool != req.tool
                || r.input_sha256 != receipt::input_hash(&req.input)
                || r.status != resp.status
                || r.exit_code != resp.exit_code
                || r.truncated != resp.truncated
            {
                return bad("the receipt does not describe this call".into());
            }
            Ok(())
        }
    }
}
