//! The callee's side of a call stream: read one request frame under a cap and a
//! deadline, run the pipeline while watching for the caller going away, answer with one
//! response frame.

use std::sync::Arc;
use std::time::Instant;

use futures::{AsyncReadExt, AsyncWriteExt};
use libp2p::{PeerId, Stream};

use lango_protocol::events::SecurityEventKind;
use lango_protocol::tools::status::Status;
use lango_protocol::tools::wire::{ToolRequest, ToolResponse, REQUEST_OVERHEAD, RESPONSE_OVERHEAD};

use crate::daemon::framed::{read_frame, write_frame, FrameError};
use crate::daemon::pipeline::Call;
use crate::daemon::state::Shared;

/// Largest tool output a response may carry (`output_cap` is validated against it).
pub const MAX_OUTPUT: usize = 16 << 20;
/// Cap on a response frame, both sides.
pub const RESPONSE_CAP: usize = MAX_OUTPUT + RESPONSE_OVERHEAD;

/// Serves one inbound call stream.
pub(crate) async fn serve(shared: Arc<Shared>, peer: PeerId, stream: Stream) {
    let started = Instant::now();
    let deadline = shared.cfg.handshake.read_timeout;
    let cap = shared.cfg.invoke.max_input as usize + REQUEST_OVERHEAD;
    let (mut rd, mut wr) = stream.split();
    let body = match read_frame(&mut rd, cap, deadline).await {
        Ok(b) => b,
        Err(FrameError::Protocol(e)) => {
            if let Some(kind) = e.security_event() {
                shared.security_event(kind, peer, format!("tools: {e}"));
            }
            return refuse_unparsed(&mut wr, &e, deadline).await;
        }
        Err(e) => {
            tracing::debug!(peer = %peer, "tools stream: {e}");
            return;
        }
    };
    let req = match ToolRequest::decode(&body) {
        Ok(r) => r,
        Err(e) => {
            shared.security_event(
                SecurityEventKind::MalformedFrame,
                peer,
                format!("tools: {e}"),
            );
            return refuse_unparsed(&mut wr, &e, deadline).await;
        }
    };
    // The whole pipeline, from the session check to the receipt, runs inside this
    // select: the caller keeps its half open until it has the response, so EOF, a reset
    // or any further byte means it went away, and dropping the pipeline's future cancels
    // whichever stage is running (a stage waiting for a human, or the sandbox, which
    // kills the tool). `biased`: the pipeline is polled first, so the stages that refuse
    // without waiting (session, firewall, input) always answer and raise their event,
    // even when the caller has already closed its half; a caller without a session can
    // never turn its refusal into a `tool_cancelled` entry.
    let (tool, request_id) = (req.tool.clone(), req.request_id);
    let call = Call::new(shared.clone(), peer, req, started);
    let mut probe = [0u8; 1];
    let (resp, _slot) = tokio::select! {
        biased;
        done = shared.pipeline.run(call) => done,
        _ = rd.read(&mut probe) => {
            tracing::info!(peer = %peer, tool = %tool, "caller went away; call cancelled");
            shared.audit(
                "tool_cancelled",
                serde_json::json!({"peer_id": peer.to_string(), "tool": tool,
                    "request_id": hex::encode(request_id)}),
            );
            return;
        }
    };
    if let Err(e) = write_frame(&mut wr, &resp.encode(), RESPONSE_CAP, deadline).await {
        tracing::debug!(peer = %peer, "tools response not delivered: {e}");
    }
    let _ = wr.close().await;
    // The firewall's concurrency slot (`_slot`) is held until the response is written:
    // the cap bounds response buffers too.
}

/// Answers a request that could not be parsed: `bad_request` with the zero request id
/// (the callee never learnt the caller's), then closes.
async fn refuse_unparsed<W: futures::AsyncWrite + Unpin>(
    wr: &mut W,
    e: &lango_protocol::Error,
    deadline: std::time::Duration,
) {
    let resp = ToolResponse::refusal([0; 16], Status::BadRequest, format!("request: {e}"));
    let _ = write_frame(wr, &resp.encode(), RESPONSE_CAP, deadline).await;
    let _ = wr.close().await;
}
