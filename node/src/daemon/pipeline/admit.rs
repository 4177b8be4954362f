//! The stages before any work is done for the caller: its session, the firewall (allow
//! and deny patterns, the tool's existence, rate limits, the concurrency cap), and the
//! input checks.

use std::time::Duration;

use futures::future::BoxFuture;
use futures::FutureExt;

use lango_protocol::events::SecurityEventKind;
use lango_protocol::tools::firewall::{Decision, ToolAcl};
use lango_protocol::tools::status::Status;
use lango_protocol::AgentPublicKey;

use super::{Call, Stage, Stop};
use crate::daemon::authorize::authorize;
use crate::daemon::limits::Refusal;
use crate::daemon::state::Shared;

/// Stage 1: the stream's authenticated PeerId must hold the named, live session of a
/// peer that is trusted and not blocked now.
pub(super) struct Session;

impl Stage for Session {
    fn name(&self) -> &'static str {
        "session"
    }

    fn run<'a>(&'a self, call: &'a mut Call) -> BoxFuture<'a, Result<(), Stop>> {
        async move {
            let session =
                authorize(&call.node, call.peer, &call.req.session_id.0).map_err(|e| {
                    Stop::new(
                        Status::Denied,
                        SecurityEventKind::AclDenied,
                        format!("session: {e}"),
                    )
                })?;
            call.session = Some(session);
            Ok(())
        }
        .boxed()
    }
}

/// The caller's tool patterns from its trust entry. Stored patterns were checked when
/// they were added; a list that no longer parses allows nothing.
pub(crate) fn acl_of(shared: &Shared, caller: &AgentPublicKey) -> ToolAcl {
    let patterns = shared
        .core()
        .trust
        .get(caller.did().as_str())
        .map(|p| p.tools.clone())
        .unwrap_or_default();
    ToolAcl::parse(&patterns).unwrap_or_default()
}

/// Stage 2: the caller's allow patterns and every deny rule (deny wins) and the tool's
/// existence. The rate limits and the in-flight caps were applied before the request
/// was read (its slot is held until the response is sent).
pub(super) struct Firewall;

impl Stage for Firewall {
    fn name(&self) -> &'static str {
        "firewall"
    }

    fn run<'a>(&'a self, call: &'a mut Call) -> BoxFuture<'a, Result<(), Stop>> {
        async move {
            let node = call.node.clone();
            let served = call.served.clone();
            let caller = *call.caller().ok_or_else(no_session)?;
            let tool = call.req.tool.as_str();
            // The allow list is checked before the tool's existence: a peer learns nothing
            // about tools it may not call, so a typo of an allowed tool reads as denied
            // too; the refusal names the tool and where the callable ones are listed.
            if let Decision::Deny(why) = acl_of(&node, &caller).decide(tool, &served.tool_deny) {
                return Err(Stop::new(
                    Status::Denied,
                    SecurityEventKind::AclDenied,
                    format!(
                        "firewall: {tool:?}: {why} (`lango-node tools list --peer <callee>` \
                         lists the ones it may call)"
                    ),
                ));
            }
            let Some(t) = served.tools.get(tool) else {
                return Err(Stop::new(
                    Status::UnknownTool,
                    SecurityEventKind::UnknownTool,
                    format!("firewall: no tool named {tool:?} here"),
                ));
            };
            // The stream handler admitted the call (rate limits, in-flight caps) before
            // reading it; a call that arrives without that slot is admitted here.
            if call.slot.is_none() {
                let slot = served.tool_limits.admit(call.peer).map_err(|r: Refusal| {
                    Stop::new(
                        Status::RateLimited,
                        r.event(),
                        format!("firewall: {}", r.why()),
                    )
                    .retry_after(r.retry_after())
                })?;
                call.slot = Some(slot);
            }
            let mut spec = t.spec.clone();
            // The call ends at the earlier of the caller's budget and the tool's own
            // timeout.
            spec.limits.timeout = spec
                .limits
                .timeout
                .min(Duration::from_millis(call.req.timeout_ms));
            call.spec = Some(spec);
            call.safety = Some(t.cfg.safety);
            Ok(())
        }
        .boxed()
    }
}

/// A stage that needs the session found none: the pipeline was built out of order.
fn no_session() -> Stop {
    Stop::new(
        Status::Denied,
        SecurityEventKind::AclDenied,
        "session: no session stage ran",
    )
}

/// Stage 3: the configured input size cap (the frame cap already bounds it) and syntax
/// (checked at decode: the input is one JSON document).
pub(super) struct InputChecks;

impl Stage for InputChecks {
    fn name(&self) -> &'static str {
        "input"
    }

    fn run<'a>(&'a self, call: &'a mut Call) -> BoxFuture<'a, Result<(), Stop>> {
        async move {
            let max = call.served.invoke.max_input;
            let len = call.req.input.len() as u64;
            if len > max {
                return Err(Stop::new(
                    Status::BadRequest,
                    SecurityEventKind::OversizeFrame,
                    format!("input: {len} bytes, cap {max}"),
                ));
            }
            Ok(())
        }
        .boxed()
    }
}
