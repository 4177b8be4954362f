//! The caller's side: send one request over the session with a peer, wait for the
//! response within the deadline, and check the callee's receipt before believing it.

use std::time::{Duration, Instant};

use libp2p::PeerId;
use serde_json::json;

use lango_protocol::tools::pending::ToolPending;
use lango_protocol::tools::receipt;
use lango_protocol::tools::status::Status;
use lango_protocol::tools::wire::{ToolRequest, ToolResponse};
use lango_protocol::AgentPublicKey;

use super::serve::RESPONSE_CAP;
use super::PROTOCOL;
use crate::clock;
use crate::daemon::exchange;
use crate::daemon::state::Shared;

/// Retries of a call the callee refused for rate, at most.
const MAX_RETRIES: u32 = 12;
/// The shortest and longest wait before a retry, whatever the callee says.
const MIN_RETRY_MS: u64 = 20;
const MAX_RETRY_MS: u64 = 10_000;

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

/// Calls `tool` on the peer holding `callee` with `input` (JSON text). A callee that
/// answers `rate_limited` with a retry-after is asked again after that wait (plus
/// jitter), as long as the wait fits in what is left of `timeout`; the last answer is
/// returned.
pub async fn invoke(
    shared: &Shared,
    callee: &AgentPublicKey,
    tool: &str,
    input: String,
    timeout: Duration,
    pending: Pending<'_>,
) -> Result<ToolResponse, CallError> {
    let deadline = Instant::now() + timeout;
    let mut retries = 0u32;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let resp = invoke_once(
            shared,
            callee,
            tool,
            input.clone(),
            left.max(Duration::from_millis(1)),
            pending,
        )
        .await?;
        let wait = match (resp.status, resp.retry_after_ms) {
            (Status::RateLimited, Some(ms)) => match retry_wait(ms, retries) {
                Some(w) => w,
                None => return Ok(resp),
            },
            _ => return Ok(resp),
        };
        if Instant::now() + wait >= deadline {
            return Ok(resp);
        }
        retries += 1;
        tracing::debug!(
            tool,
            retries,
            "rate limited by the callee; retrying in {wait:?}"
        );
        tokio::time::sleep(wait).await;
    }
}

/// How long to wait before retry number `retries + 1` of a call the callee refused with
/// `retry_after_ms = ms`, or `None` after [`MAX_RETRIES`]. Jitter spreads callers that
/// were refused together; the wait grows with each retry, so a caller never presses
/// harder than it was told; a callee can neither make it spin (a floor) nor park it (a
/// cap).
fn retry_wait(ms: u64, retries: u32) -> Option<Duration> {
    if retries >= MAX_RETRIES {
        return None;
    }
    let ms = ms
        .clamp(MIN_RETRY_MS, MAX_RETRY_MS)
        .saturating_mul(1 << retries.min(5))
        .min(MAX_RETRY_MS);
    Some(Duration::from_millis(
        ms.saturating_add(rand::random::<u64>() % (ms / 2 + 1)),
    ))
}

/// Told when the callee says a call waits for approval.
pub type Pending<'a> = &'a (dyn Fn(&ToolPending) + Send + Sync);

/// One request and its response.
async fn invoke_once(
    shared: &Shared,
    callee: &AgentPublicKey,
    tool: &str,
    input: String,
    timeout: Duration,
    pending: Pending<'_>,
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
        timeout_ms: u64::try_from(timeout.as_millis())
            .unwrap_or(u64::MAX)
            .max(1),
    };
    // The first pending frame for this request extends the wait, once, by the callee's
    // approval timeout (capped by the protocol), after which the tool's own budget
    // starts; later frames cannot move that deadline.
    let mut bad_interim = None;
    let mut wait = ApprovalWait::new(req.request_id, timeout);
    let mut on_frame = |body: &[u8]| match wait.on_frame(body, Instant::now())? {
        Ok((p, left)) => {
            pending(&p);
            Some(left)
        }
        Err(why) => {
            bad_interim = Some(why);
            None
        }
    };
    let resp_body = exchange::request_with_interim(
        shared,
        peer,
        PROTOCOL,
        &req.encode(),
        RESPONSE_CAP,
        timeout + GRACE,
        &mut on_frame,
    )
    .await
    .map_err(CallError::Transport)?;
    if let Some(why) = bad_interim {
        return Err(CallError::BadResponse(why));
    }
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
            "exit_code": resp.exit_status,
        }),
    );
    Ok(resp)
}

/// The caller's wait for an approval: the first pending frame for the request fixes
/// the deadline (the callee's approval timeout, capped by the protocol, then the call's
/// own budget and [`GRACE`]); later frames cannot move it.
struct ApprovalWait {
    request_id: [u8; 16],
    budget: Duration,
    until: Option<Instant>,
}

impl ApprovalWait {
    fn new(request_id: [u8; 16], budget: Duration) -> Self {
        ApprovalWait {
            request_id,
            budget,
            until: None,
        }
    }

    /// `None`: `body` is not a pending frame (it is the response). Otherwise the frame
    /// and how long to wait for the next one, or why the frame is refused.
    fn on_frame(
        &mut self,
        body: &[u8],
        now: Instant,
    ) -> Option<Result<(ToolPending, Duration), String>> {
        Some(match ToolPending::decode(body)? {
            Ok(p) if p.request_id == self.request_id => {
                let budget = self.budget;
                let until = *self.until.get_or_insert_with(|| {
                    now + Duration::from_millis(p.expires_in_ms) + budget + GRACE
                });
                Ok((p, until.saturating_duration_since(now)))
            }
            Ok(_) => Err("a pending frame for another request".to_string()),
            Err(e) => Err(format!("pending frame: {e}")),
        })
    }
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
    // A request refused before the callee read it (no session, over a rate limit, a
    // read deadline) or from its frame alone (too long, undecodable) is answered with
    // the zero id: the callee never saw ours. Such an answer carries nothing to trust.
    let unparsed = resp.request_id == [0; 16]
        && matches!(
            resp.status,
            Status::BadRequest | Status::Denied | Status::RateLimited
        )
        && resp.receipt.is_none()
        && resp.output.is_empty()
        && resp.stderr.is_empty();
    if resp.request_id != req.request_id && !unparsed {
        return bad("it answers another request".into());
    }
    let ran = matches!(
        resp.status,
        Status::Ok | Status::Timeout | Status::SandboxError
    );
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
                || r.exit_status != resp.exit_status
                || r.truncated != resp.truncated
            {
                return bad("the receipt does not describe this call".into());
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use lango_protocol::session::SessionId;
    use lango_protocol::tools::receipt::{output_hash, sign, Unsigned};
    use lango_protocol::{Signer, SoftwareSigner, UnixMillis};

    use super::*;

    struct Fixture {
        callee: SoftwareSigner,
        me: AgentPublicKey,
        req: ToolRequest,
    }

    fn fixture() -> Fixture {
        let mut rng = rand::rngs::OsRng;
        Fixture {
            callee: SoftwareSigner::generate(&mut rng),
            me: SoftwareSigner::generate(&mut rng).public_key(),
            req: ToolRequest {
                request_id: [7; 16],
                session_id: SessionId([1; 16]),
                tool: "echo".into(),
                input: r#"{"x":1}"#.into(),
                timeout_ms: 1_000,
            },
        }
    }

    /// An honest `ok` response with output `out`, signed by `signer` for `caller`.
    fn response(
        f: &Fixture,
        signer: &SoftwareSigner,
        caller: AgentPublicKey,
        out: &[u8],
    ) -> ToolResponse {
        let mut r = ToolResponse::refusal(f.req.request_id, Status::Ok, "");
        r.output = out.to_vec();
        r.exit_status = Some(0);
        r.receipt = Some(
            sign(
                Unsigned {
                    caller,
                    request_id: f.req.request_id,
                    tool: f.req.tool.clone(),
                    input_sha256: receipt::input_hash(&f.req.input),
                    output_sha256: output_hash(out, b""),
                    status: Status::Ok,
                    exit_status: Some(0),
                    truncated: false,
                    time: UnixMillis(1),
                },
                signer,
            )
            .unwrap(),
        );
        r
    }

    #[test]
    fn the_first_pending_frame_fixes_the_wait_and_later_ones_cannot_stretch_it() {
        let frame = |id: [u8; 16], ms: u64| {
            ToolPending {
                request_id: id,
                pending: "approval".into(),
                approval_id: [9; 16],
                expires_in_ms: ms,
            }
            .encode()
        };
        let t0 = Instant::now();
        let mut w = ApprovalWait::new([1; 16], Duration::from_secs(30));
        let first = w.on_frame(&frame([1; 16], 60_000), t0).unwrap().unwrap().1;
        assert_eq!(first, Duration::from_secs(60 + 30) + GRACE);
        // A later frame, however long it says, leaves the deadline where it was.
        let later = t0 + Duration::from_secs(50);
        let second = w
            .on_frame(&frame([1; 16], 3_600_000), later)
            .unwrap()
            .unwrap()
            .1;
        assert_eq!(second, first - Duration::from_secs(50));
        // An absurd first wait is capped by the protocol (1 h).
        let mut w = ApprovalWait::new([1; 16], Duration::from_secs(1));
        let capped = w
            .on_frame(&frame([1; 16], u64::MAX), t0)
            .unwrap()
            .unwrap()
            .1;
        assert_eq!(capped, Duration::from_secs(3600 + 1) + GRACE);
        // A frame for another request is refused; a response is not a pending frame.
        assert!(w.on_frame(&frame([2; 16], 1), t0).unwrap().is_err());
        let resp = ToolResponse::refusal([1; 16], Status::Denied, "no").encode();
        assert!(w.on_frame(&resp, t0).is_none());
    }

    #[test]
    fn a_callee_cannot_make_the_caller_spin_park_or_retry_forever() {
        // `retry_after_ms = 1` every time: each wait still has the floor.
        assert!(retry_wait(1, 0).is_some_and(|w| w >= Duration::from_millis(MIN_RETRY_MS)));
        // An absurd wait is capped (jitter adds at most half), without overflow.
        let cap = Duration::from_millis(MAX_RETRY_MS + MAX_RETRY_MS / 2);
        assert!(retry_wait(u64::MAX, 0).is_some_and(|w| w <= cap));
        assert!(retry_wait(u64::MAX, 31).is_none());
        // And the retries end.
        assert!(retry_wait(50, MAX_RETRIES - 1).is_some());
        assert!(retry_wait(50, MAX_RETRIES).is_none());
    }

    fn refused(r: &ToolResponse, f: &Fixture) -> bool {
        matches!(
            check(r, &f.req, &f.callee.public_key(), &f.me),
            Err(CallError::BadResponse(_))
        )
    }

    #[test]
    fn an_honest_response_is_believed() {
        let f = fixture();
        let r = response(&f, &f.callee, f.me, b"{\"x\":1}");
        assert!(check(&r, &f.req, &f.callee.public_key(), &f.me).is_ok());
    }

    #[test]
    fn altered_or_misdirected_responses_are_refused() {
        let f = fixture();
        // Output changed in transit after signing.
        let mut r = response(&f, &f.callee, f.me, b"{\"x\":1}");
        r.output = b"{\"x\":2}".to_vec();
        assert!(refused(&r, &f));
        // Status or exit code changed after signing.
        let mut r = response(&f, &f.callee, f.me, b"{}");
        r.exit_status = Some(1);
        assert!(refused(&r, &f));
        // Signed by another key than the session's.
        let stranger = SoftwareSigner::generate(&mut rand::rngs::OsRng);
        assert!(refused(&response(&f, &stranger, f.me, b"{}"), &f));
        // A receipt issued to another caller, replayed to us.
        let other = SoftwareSigner::generate(&mut rand::rngs::OsRng).public_key();
        assert!(refused(&response(&f, &f.callee, other, b"{}"), &f));
        // An answer to another request.
        let mut r = response(&f, &f.callee, f.me, b"{}");
        r.request_id = [8; 16];
        assert!(refused(&r, &f));
        // A tool that ran but sent no receipt.
        let mut r = response(&f, &f.callee, f.me, b"{}");
        r.receipt = None;
        assert!(refused(&r, &f));
        // The zero id is accepted only for a bare bad_request, never to smuggle output.
        let mut r = ToolResponse::refusal([0; 16], Status::Ok, "");
        r.output = b"{}".to_vec();
        assert!(refused(&r, &f));
        let bare = ToolResponse::refusal([0; 16], Status::BadRequest, "too long");
        assert!(check(&bare, &f.req, &f.callee.public_key(), &f.me).is_ok());
    }
}
