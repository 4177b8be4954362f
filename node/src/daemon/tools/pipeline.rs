//! The callee's pipeline, in the brief's order (section 5), each stage able to stop the
//! call:
//!
//! session → firewall (allow/deny patterns, unknown tool, rate limits, concurrency cap)
//! → input checks → approval → secret references → sandbox → output secret scan →
//! output PII redaction → audit → response.
//!
//! Approval, secret references, the output secret scan and PII redaction are stages
//! here with the behaviour this build can honour: approval refuses every call that
//! needs one (no approver channel exists yet, and an unreachable approver means deny);
//! secret references are refused at config load; the two output stages pass output
//! through and count no redactions. `docs/tools.md` says so.

use std::time::{Duration, Instant};

use libp2p::PeerId;
use serde_json::json;

use lango_protocol::events::SecurityEventKind;
use lango_protocol::session::SessionId;
use lango_protocol::tools::firewall::{Decision, ToolAcl};
use lango_protocol::tools::receipt::{self, Receipt, Unsigned};
use lango_protocol::tools::status::Status;
use lango_protocol::tools::wire::{ToolRequest, ToolResponse};
use lango_protocol::{AgentPublicKey, PeerIdBytes};
use lango_sandbox::{Outcome, Termination, ToolSpec};

use super::registry::needs_approval;
use crate::clock;
use crate::daemon::limits::{Refusal, Slot};
use crate::daemon::state::Shared;

/// A call stopped by a stage: what the caller is told and the security event raised.
#[derive(Debug)]
pub struct Refused {
    /// Status sent back.
    pub status: Status,
    /// One line sent back (names the stage and reason, never a secret).
    pub why: String,
    /// The event recorded against the stream's PeerId.
    pub event: SecurityEventKind,
}

fn refused(status: Status, event: SecurityEventKind, why: impl Into<String>) -> Refused {
    Refused {
        status,
        why: why.into(),
        event,
    }
}

/// A call every pre-sandbox stage let through.
pub struct Admitted {
    /// The caller's agent key, from its session.
    pub caller: AgentPublicKey,
    /// The caller's PeerId (the stream's), to which security events are counted.
    pub peer: PeerId,
    /// What to run, with the call's timeout applied.
    pub spec: ToolSpec,
    /// The firewall's concurrency slot, held until the response is sent.
    pub _slot: Slot,
}

/// Runs the stages before the sandbox.
pub fn admit(shared: &Shared, peer: PeerId, req: &ToolRequest) -> Result<Admitted, Refused> {
    let caller = session(shared, peer, &req.session_id)?;
    let slot = firewall(shared, peer, &caller, &req.tool)?;
    let tool = shared.tools.get(&req.tool).ok_or_else(|| {
        refused(
            Status::UnknownTool,
            SecurityEventKind::AclDenied,
            "no such tool",
        )
    })?;
    input_checks(shared, req)?;
    approval(shared, tool.cfg.safety)?;
    let mut spec = tool.spec.clone();
    // The call ends at the earlier of the caller's budget and the tool's own timeout.
    spec.limits.timeout = spec
        .limits
        .timeout
        .min(Duration::from_millis(req.timeout_ms));
    Ok(Admitted {
        peer,
        caller,
        spec,
        _slot: slot,
    })
}

/// Stage 1: the stream's authenticated PeerId must hold the named, live session.
fn session(shared: &Shared, peer: PeerId, id: &SessionId) -> Result<AgentPublicKey, Refused> {
    let core = shared.core();
    core.sessions
        .authorize(&PeerIdBytes(peer.to_bytes()), id, clock::now())
        .map(|s| s.remote_key)
        .map_err(|e| {
            refused(
                Status::Denied,
                SecurityEventKind::AclDenied,
                format!("session: {e}"),
            )
        })
}

/// The caller's tool patterns from its trust entry. Stored patterns were checked when
/// they were added; a list that no longer parses allows nothing.
pub fn acl_of(shared: &Shared, caller: &AgentPublicKey) -> ToolAcl {
    let patterns = shared
        .core()
        .trust
        .get(caller.did().as_str())
        .map(|p| p.tools.clone())
        .unwrap_or_default();
    ToolAcl::parse(&patterns).unwrap_or_default()
}

/// Stage 2: the caller's allow patterns, every deny rule (deny wins), the tool's
/// existence, then the rate limits and the concurrency cap.
fn firewall(
    shared: &Shared,
    peer: PeerId,
    caller: &AgentPublicKey,
    tool: &str,
) -> Result<Slot, Refused> {
    if let Decision::Deny(why) = acl_of(shared, caller).decide(tool, &shared.tool_deny) {
        return Err(refused(
            Status::Denied,
            SecurityEventKind::AclDenied,
            format!("firewall: {why}"),
        ));
    }
    if shared.tools.get(tool).is_none() {
        return Err(refused(
            Status::UnknownTool,
            SecurityEventKind::AclDenied,
            format!("firewall: no tool named {tool:?} here"),
        ));
    }
    shared.tool_limits.admit(peer).map_err(|r| {
        let why = match r {
            Refusal::RateLimited(w) | Refusal::Busy(w) => w,
        };
        refused(
            Status::RateLimited,
            SecurityEventKind::RateLimited,
            format!("firewall: {why}"),
        )
    })
}

/// Stage 3: size cap (the frame cap already bounds it; this is the configured limit)
/// and syntax (checked at decode: the input is one JSON document).
fn input_checks(shared: &Shared, req: &ToolRequest) -> Result<(), Refused> {
    let max = shared.cfg.invoke.max_input;
    if req.input.len() as u64 > max {
        return Err(refused(
            Status::BadRequest,
            SecurityEventKind::OversizeFrame,
            format!("input: {} bytes, cap {max}", req.input.len()),
        ));
    }
    Ok(())
}

/// Stage 4: approval. No approver channel exists in this build, so a call that needs
/// approval is refused (an unreachable approver means deny).
fn approval(shared: &Shared, safety: crate::config::Safety) -> Result<(), Refused> {
    if needs_approval(shared.cfg.approval.policy, safety) {
        return Err(refused(
            Status::ApprovalDenied,
            SecurityEventKind::AclDenied,
            format!(
                "approval: this {} tool needs approval under policy {:?} and no approver is \
                 configured",
                safety.as_str(),
                shared.cfg.approval.policy
            ),
        ));
    }
    Ok(())
}

/// Stages 6 to 10: runs the sandbox, passes the output through the output stages,
/// audits, and signs the receipt.
pub async fn run(
    shared: &Shared,
    call: Admitted,
    req: &ToolRequest,
    started: Instant,
) -> ToolResponse {
    let result = match shared.tools.backend(call.spec.kind) {
        Ok(b) => b
            .run(&call.spec, req.input.clone().into_bytes())
            .await
            .map_err(|e| e.to_string()),
        Err(e) => Err(e),
    };
    let (status, outcome, error) = match result {
        Ok(o) => {
            let (status, error) = status_of(&o);
            (status, Some(o), error)
        }
        Err(e) => (Status::SandboxError, None, format!("sandbox: {e}")),
    };
    let (stdout, stderr, exit_code, termination, truncated, violations) = match outcome {
        Some(o) => (
            o.stdout,
            o.stderr,
            o.exit_code,
            termination_name(o.termination),
            o.truncated,
            o.violations,
        ),
        None => (
            Vec::new(),
            Vec::new(),
            None,
            String::new(),
            false,
            Vec::new(),
        ),
    };
    if !violations.is_empty() {
        // The tool, run on this caller's input, tried what its sandbox refuses: counted
        // to the caller like any other refusal (threshold, revocation, audit).
        shared.security_event(
            SecurityEventKind::SandboxViolation,
            call.peer,
            format!(
                "tool {}: the sandbox refused {}",
                req.tool,
                violations.join(", ")
            ),
        );
    }
    // Output secret scan and PII redaction: pass-through in this build.
    let redactions = 0;
    let duration_ms = started.elapsed().as_millis() as u64;
    let input_sha256 = receipt::input_hash(&req.input);
    let output_sha256 = receipt::output_hash(&stdout, &stderr);
    shared.audit(
        "tool_call",
        json!({
            "did": call.caller.did().to_string(),
            "tool": req.tool,
            "request_id": hex::encode(req.request_id),
            "input_sha256": hex::encode(input_sha256),
            "output_sha256": hex::encode(output_sha256),
            "status": status.as_str(),
            "exit_code": exit_code,
            "termination": termination,
            "truncated": truncated,
            "duration_ms": duration_ms,
            "violations": violations,
        }),
    );
    let receipt = sign_receipt(
        shared,
        Unsigned {
            caller: call.caller,
            request_id: req.request_id,
            tool: req.tool.clone(),
            input_sha256,
            output_sha256,
            status,
            exit_code,
            truncated,
            time: clock::now(),
        },
    )
    .await;
    let mut resp = ToolResponse::refusal(req.request_id, status, error);
    resp.output = stdout;
    resp.stderr = stderr;
    resp.exit_code = exit_code;
    resp.termination = termination;
    resp.truncated = truncated;
    resp.redactions = redactions;
    resp.duration_ms = duration_ms;
    resp.receipt = receipt;
    resp
}

async fn sign_receipt(shared: &Shared, u: Unsigned) -> Option<Receipt> {
    let signer = shared.signer.clone();
    if signer.in_process() {
        // ~20 µs of arithmetic: a hand-off to a blocking thread would cost more.
        return receipt::sign(u, signer.as_ref())
            .map_err(|e| tracing::error!("cannot sign tool receipt: {e}"))
            .ok();
    }
    // A hardware signer may take milliseconds: off the async threads.
    match tokio::task::spawn_blocking(move || receipt::sign(u, signer.as_ref())).await {
        Ok(Ok(r)) => Some(r),
        Ok(Err(e)) => {
            tracing::error!("cannot sign tool receipt: {e}");
            None
        }
        Err(e) => {
            tracing::error!("receipt signing task failed: {e}");
            None
        }
    }
}

/// Maps how the run ended to the response status and its one-line error.
fn status_of(o: &Outcome) -> (Status, String) {
    match o.termination {
        Termination::Exited => (Status::Ok, String::new()),
        Termination::OutputLimit => (
            Status::Ok,
            "output over the cap: truncated, tool stopped".into(),
        ),
        Termination::TimedOut => (
            Status::Timeout,
            "the tool ran past its deadline and was killed".into(),
        ),
        Termination::OutOfMemory => (Status::SandboxError, "the tool hit its memory cap".into()),
        Termination::CpuLimit => (Status::SandboxError, "the tool hit its CPU-time cap".into()),
        Termination::Killed => (
            Status::SandboxError,
            format!("the tool was killed by signal {}", o.signal.unwrap_or(0)),
        ),
    }
}

/// Wire name of a termination (as serde names it).
pub fn termination_name(t: Termination) -> String {
    serde_json::to_value(t)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
