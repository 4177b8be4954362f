//! The last two stages: the audit record of the call, then the receipt the callee
//! signs over exactly the bytes that leave (after every output stage).

use futures::future::BoxFuture;
use futures::FutureExt;
use serde_json::json;

use lango_protocol::tools::receipt::{self, Unsigned};

use super::{Call, Stage, Stop};
use crate::clock;

/// Stage 9: one `tool_call` audit entry (inputs and outputs as hashes only).
pub(super) struct Audit;

impl Stage for Audit {
    fn name(&self) -> &'static str {
        "audit"
    }

    fn run<'a>(&'a self, call: &'a mut Call) -> BoxFuture<'a, Result<(), Stop>> {
        async move {
            let (Some(caller), Some(o)) = (call.caller(), call.output()) else {
                return Ok(());
            };
            call.node.audit(
                "tool_call",
                json!({
                    "did": caller.did().to_string(),
                    "tool": call.req.tool,
                    "request_id": hex::encode(call.req.request_id),
                    "input_sha256": hex::encode(receipt::input_hash(&call.req.input)),
                    "output_sha256": hex::encode(receipt::output_hash(&o.stdout, &o.stderr)),
                    "status": o.status.as_str(),
                    "exit_code": o.exit_status,
                    "termination": o.termination,
                    "truncated": o.truncated,
                    "duration_ms": call.started.elapsed().as_millis() as u64,
                    "violations": o.violations,
                    "redactions": o.redactions,
                    "redacted_types": o.redacted_types,
                    "pii_fallback": o.pii_fallback.is_some(),
                    "secrets_redacted": o.secret_hits,
                }),
            );
            Ok(())
        }
        .boxed()
    }
}

/// Stage 10: the receipt, signed by the agent key (off the async workers when the
/// signer is not in-process).
pub(super) struct Receipt;

impl Stage for Receipt {
    fn name(&self) -> &'static str {
        "receipt"
    }

    fn run<'a>(&'a self, call: &'a mut Call) -> BoxFuture<'a, Result<(), Stop>> {
        async move {
            let (Some(caller), Some(o)) = (call.caller(), call.output()) else {
                return Ok(());
            };
            let u = Unsigned {
                caller: *caller,
                request_id: call.req.request_id,
                tool: call.req.tool.clone(),
                input_sha256: receipt::input_hash(&call.req.input),
                output_sha256: receipt::output_hash(&o.stdout, &o.stderr),
                status: o.status,
                exit_status: o.exit_status,
                truncated: o.truncated,
                time: clock::now(),
            };
            call.receipt = call
                .node
                .sign_off_worker(move |signer| receipt::sign(u, signer))
                .await
                .map_err(|e| tracing::error!("cannot sign tool receipt: {e}"))
                .ok();
            Ok(())
        }
        .boxed()
    }
}
