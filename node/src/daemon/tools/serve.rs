//! The callee's side of a call stream: read one request frame under a cap and a
//! deadline, run the pipeline while watching for the caller going away, answer with one
//! response frame.

use std::sync::Arc;
use std::time::Instant;

use futures::{AsyncReadExt, AsyncWriteExt};
use libp2p::{PeerId, Stream};

use lango_protocol::events::SecurityEventKind;
use lango_protocol::tools::firewall::Decision;
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
    let served = shared.served();
    let cap = served.invoke.max_input as usize + REQUEST_OVERHEAD;
    let (mut rd, mut wr) = stream.split();
    // Before a byte of the request is read: the stream's PeerId must hold a session, and
    // the firewall's rate limits and in-flight caps must admit the call, so a peer
    // without a session, or one over its limits, never makes the node take in (or
    // allocate) a body of up to `max_input`. These refusals name no request (the zero
    // id); the session id itself is checked by the pipeline's session stage.
    let Some(caller) = shared.session_of_peer(&peer) else {
        shared.security_event(
            SecurityEventKind::AclDenied,
            peer,
            "tools: no session (refused before the request was read)".into(),
        );
        return refuse_unread(&mut wr, Status::Denied, "session: no session", deadline).await;
    };
    // A peer that may call none of our tools gets no slot either (it could otherwise
    // hold in-flight slots with requests it never finishes).
    let acl = crate::daemon::pipeline::acl_of(&shared, &caller);
    let allowed_any = served
        .tools
        .iter()
        .any(|t| acl.decide(&t.cfg.name, &served.tool_deny) == Decision::Allow);
    if !allowed_any {
        shared.security_event(
            SecurityEventKind::AclDenied,
            peer,
            "tools: this peer may call no tool here (refused before the request was read)".into(),
        );
        let why = "firewall: this peer may call no tool here";
        return refuse_unread(&mut wr, Status::Denied, why, deadline).await;
    }
    let slot = match served.tool_limits.admit(peer) {
        Ok(slot) => slot,
        Err(r) => {
            shared.security_event(r.event(), peer, format!("tools: {}", r.why()));
            let why = format!("firewall: {}", r.why());
            let mut resp = ToolResponse::refusal([0; 16], Status::RateLimited, why);
            resp.retry_after_ms =
                Some(u64::try_from(r.retry_after().as_millis()).unwrap_or(u64::MAX));
            return answer_unread(&mut wr, resp, deadline).await;
        }
    };
    let body = match read_frame(&mut rd, cap, deadline).await {
        Ok(b) => b,
        Err(FrameError::Protocol(e)) => {
            if let Some(kind) = e.security_event() {
                shared.security_event(kind, peer, format!("tools: {e}"));
            }
            return refuse_unparsed(&mut wr, &e, deadline).await;
        }
        Err(FrameError::Deadline(d)) => {
            // A stalling caller (or a slow link): recorded, not counted toward a block;
            // the in-flight cap bounds how many such streams it can hold open.
            shared.security_event(
                SecurityEventKind::Timeout,
                peer,
                format!(
                    "tools: no complete request within the {} read deadline",
                    humantime::format_duration(d)
                ),
            );
            let why = "request: no complete frame within the read deadline";
            return refuse_unread(&mut wr, Status::BadRequest, why, deadline).await;
        }
        Err(e) => {
            tracing::debug!(peer = %peer, "tools stream: {e}");
            return;
        }
    };
    let req = match ToolRequest::decode(&body) {
        Ok(r) => r,
        Err(e) => {
            // Input that is not JSON is a caller's mistake (`bad_input`, misuse); a
            // frame that does not parse is hostile (`malformed_frame`).
            shared.security_event(
                e.security_event()
                    .unwrap_or(SecurityEventKind::MalformedFrame),
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
    // A stage's interim frames (approval's "pending") are written as they come.
    let (tool, request_id) = (req.tool.clone(), req.request_id);
    let (interim_tx, mut interim) = tokio::sync::mpsc::unbounded_channel::<Vec<u8>>();
    let call = Call::new(shared.clone(), served.clone(), peer, req, started, slot)
        .with_interim(interim_tx);
    let mut probe = [0u8; 1];
    let run = shared.pipeline.run(call);
    tokio::pin!(run);
    let mut interim_open = true;
    let (resp, _slot) = loop {
        tokio::select! {
            biased;
            done = &mut run => break done,
            frame = interim.recv(), if interim_open => match frame {
                Some(f) => {
                    if let Err(e) = write_frame(&mut wr, &f, RESPONSE_CAP, deadline).await {
                        tracing::debug!(peer = %peer, "interim frame not delivered: {e}");
                    }
                }
                None => interim_open = false,
            },
            _ = rd.read(&mut probe) => {
                tracing::info!(peer = %peer, tool = %tool, "caller went away; call cancelled");
                shared.audit(
                    "tool_cancelled",
                    serde_json::json!({"peer_id": peer.to_string(), "tool": tool,
                        "request_id": hex::encode(request_id)}),
                );
                return;
            }
        }
    };
    if let Err(e) = write_frame(&mut wr, &resp.encode(), RESPONSE_CAP, deadline).await {
        tracing::debug!(peer = %peer, "tools response not delivered: {e}");
    }
    let _ = wr.close().await;
    // The firewall's concurrency slot (`_slot`) is held until the response is written:
    // the cap bounds response buffers too.
}

/// Answers a request refused before it was read: `status` with the zero request id.
async fn refuse_unread<W: futures::AsyncWrite + Unpin>(
    wr: &mut W,
    status: Status,
    why: &str,
    deadline: std::time::Duration,
) {
    answer_unread(wr, ToolResponse::refusal([0; 16], status, why), deadline).await
}

/// Sends `resp` for a request that was not read, and lingers (see [`UNREAD_LINGER`]).
async fn answer_unread<W: futures::AsyncWrite + Unpin>(
    wr: &mut W,
    resp: ToolResponse,
    deadline: std::time::Duration,
) {
    let _ = write_frame(wr, &resp.encode(), RESPONSE_CAP, deadline).await;
    let _ = wr.close().await;
    // Dropping the stream resets it while the caller may still be writing its body; a
    // moment's grace lets the refusal be read first. Unread bytes stay in the stream's
    // receive window (bounded by the transport), never in a buffer of ours.
    tokio::time::sleep(UNREAD_LINGER).await;
}

/// How long a stream refused before its request was read stays open for the refusal to
/// be read.
const UNREAD_LINGER: std::time::Duration = std::time::Duration::from_millis(250);

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
