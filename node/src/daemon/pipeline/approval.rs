//! Stage 4: approval. A call that needs a person's yes (see [`crate::approval::policy`])
//! and that no standing grant covers becomes a stored request; the caller gets a
//! pending frame and the stream stays open until an operator decides, the request
//! times out (deny), or the caller goes away (the request is cancelled with this
//! stage's future).

use futures::future::BoxFuture;
use futures::FutureExt;

use lango_protocol::tools::firewall::Decision as Acl;
use lango_protocol::tools::pending::ToolPending;
use lango_protocol::tools::receipt::input_hash;
use lango_protocol::tools::status::Status;

use super::{Call, Stage, Stop};
use crate::approval::{policy, Decision, Request, State, INPUT_KEPT, PREVIEW_CHARS};
use crate::clock;

pub(super) struct Approval;

impl Stage for Approval {
    fn name(&self) -> &'static str {
        "approval"
    }

    fn run<'a>(&'a self, call: &'a mut Call) -> BoxFuture<'a, Result<(), Stop>> {
        async move {
            // A tool the firewall did not resolve has the strictest level.
            let safety = call.safety.unwrap_or(crate::config::Safety::Dangerous);
            let served = call.served.clone();
            if !policy::needs_approval(&served.approval, &call.req.tool, safety) {
                return Ok(());
            }
            let Some(caller) = call.caller().map(|k| k.did().to_string()) else {
                return Err(refused("approval: no session found before this stage"));
            };
            let node = call.node.clone();
            let audit = node.audit_sink();
            let now = clock::now().0;
            let call_id = hex::encode(call.req.request_id);
            if let Some(g) =
                node.approvals
                    .use_grant(&caller, &call.req.tool, &call_id, now, &audit)
            {
                tracing::info!(tool = %call.req.tool, grant = %g.id, "call covered by a standing grant");
                return Ok(());
            }
            if let Err(after) = node.approvals.may_open(&caller) {
                return Err(Stop {
                    status: Status::RateLimited,
                    why: format!(
                        "approval: this caller opened too many approval requests (at most {} a \
                         minute)",
                        crate::approval::broker::OPEN_PER_MINUTE
                    ),
                    event: None,
                    retry_after: Some(after),
                });
            }
            let wait = served
                .tools
                .get(&call.req.tool)
                .and_then(|t| t.cfg.approval_timeout)
                .unwrap_or(served.approval.timeout);
            let id = rand::random::<[u8; 16]>();
            let (preview, input_redacted) = preview(call).await;
            let req = Request {
                id: hex::encode(id),
                caller_did: caller,
                peer_id: call.peer.to_string(),
                tool: call.req.tool.clone(),
                input_sha256: hex::encode(input_hash(&call.req.input)),
                preview,
                input_redacted,
                created_ms: now,
                expires_ms: now.saturating_add(u64::try_from(wait.as_millis()).unwrap_or(u64::MAX)),
                state: State::Pending,
                decided_by: None,
                decided_ms: None,
                reason: None,
                grant: None,
                deliveries: Vec::new(),
            };
            let decision = node.approvals.open(&req, &audit).map_err(|e| {
                // Fail closed: a request that cannot be stored cannot be decided.
                refused(format!("approval: the request could not be stored ({e})"))
            })?;
            // Cancelled (the caller went away and this future was dropped) unless a
            // decision or the timeout ends it first.
            let mut pending = Guard {
                node: &node,
                id: &req.id,
                open: true,
            };
            if let Some(tx) = &call.interim {
                let frame = ToolPending {
                    request_id: call.req.request_id,
                    pending: "approval".into(),
                    approval_id: id,
                    expires_in_ms: u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                };
                let _ = tx.send(frame.encode());
            }
            node.announce(&req);
            let decision = match tokio::time::timeout(wait, decision).await {
                Ok(Ok(d)) => d,
                // Timed out: expired, unless an operator's decision got in first (then
                // it is in the store).
                Ok(Err(_)) | Err(_) => {
                    if pending.end(State::Expired) {
                        return Err(Stop {
                            status: Status::ApprovalTimeout,
                            why: format!(
                                "approval: nobody decided within {} (request {})",
                                humantime::format_duration(wait),
                                req.id
                            ),
                            event: None,
                            retry_after: None,
                        });
                    }
                    match node.approvals.get(&req.id) {
                        Ok(r) if r.state == State::Approved => return still_allowed(call),
                        Ok(r) => return Err(denied(&r.id, r.reason.as_deref())),
                        Err(e) => return Err(denied(&req.id, Some(&e.to_string()))),
                    }
                }
            };
            pending.open = false;
            match decision {
                Decision::Approve { .. } => still_allowed(call),
                Decision::Deny { reason, .. } => Err(denied(&req.id, reason.as_deref())),
            }
        }
        .boxed()
    }
}

/// Ends the request as cancelled if the stage's future is dropped while it waits.
struct Guard<'a> {
    node: &'a crate::daemon::state::Shared,
    id: &'a str,
    open: bool,
}

impl Guard<'_> {
    /// Ends the request undecided; `false` when a decision got there first.
    fn end(&mut self, state: State) -> bool {
        self.open = false;
        let audit = self.node.audit_sink();
        self.node
            .approvals
            .end_undecided(self.id, state, clock::now().0, &audit)
    }
}

impl Drop for Guard<'_> {
    fn drop(&mut self) {
        if self.open {
            self.end(State::Cancelled);
        }
    }
}

fn refused(why: impl Into<String>) -> Stop {
    Stop {
        status: Status::ApprovalDenied,
        why: why.into(),
        event: None,
        retry_after: None,
    }
}

fn denied(id: &str, reason: Option<&str>) -> Stop {
    refused(match reason {
        Some(r) => format!("approval: denied by the operator (request {id}): {r}"),
        None => format!("approval: denied by the operator (request {id})"),
    })
}

/// A call approved after a wait runs only if it would still be admitted now: the
/// caller's session, its allowed tools and the node's deny rules may have changed while
/// it waited (a reload, `trust set`, `session revoke`).
fn still_allowed(call: &Call) -> Result<(), Stop> {
    let node = &call.node;
    let gone = || Stop {
        status: Status::Denied,
        why: "approval: approved, but the caller may no longer call this tool".into(),
        event: None,
        retry_after: None,
    };
    let Some(caller) = call.caller() else {
        return Err(gone());
    };
    if node.session_of_peer(&call.peer).is_none() {
        return Err(gone());
    }
    let served = node.served();
    let acl = super::acl_of(node, caller);
    if acl.decide(&call.req.tool, &served.tool_deny) != Acl::Allow {
        return Err(gone());
    }
    Ok(())
}

/// The input with PII redacted by the node's engine (redacted whole first, so no value
/// is cut in two and left half unredacted): cut to [`PREVIEW_CHARS`] characters with a
/// note of how much was cut, and cut to [`INPUT_KEPT`] bytes for `approvals show
/// --input`.
async fn preview(call: &Call) -> (String, Option<String>) {
    let mut r = crate::pii::Redaction::default();
    let text = match call
        .served
        .pii
        .redact_text_async(&call.req.input, &mut r)
        .await
    {
        Ok(text) => text,
        // Nothing rather than the unredacted input.
        Err(_) => {
            return (
                "(preview withheld: the PII analyzer could not answer)".into(),
                None,
            )
        }
    };
    let cut = |max_chars: usize, max_bytes: usize| {
        let mut head = String::new();
        for c in text.chars().take(max_chars) {
            if head.len() + c.len_utf8() > max_bytes {
                break;
            }
            head.push(c);
        }
        if head.len() < text.len() {
            head.push_str(&format!(
                " … (+{} bytes not shown)",
                text.len() - head.len()
            ));
        }
        head
    };
    (
        cut(PREVIEW_CHARS, usize::MAX),
        Some(cut(usize::MAX, INPUT_KEPT)),
    )
}
