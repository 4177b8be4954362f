//! Stage 6: runs the tool in its sandbox. Dropping this stage's future (the caller went
//! away) kills the tool: every back end guarantees it.

use futures::future::BoxFuture;
use futures::FutureExt;

use lango_protocol::events::SecurityEventKind;
use lango_protocol::tools::status::Status;
use lango_sandbox::{Outcome, Termination};

use super::{Call, Output, Stage, Stop};

pub(super) struct Sandbox;

impl Stage for Sandbox {
    fn name(&self) -> &'static str {
        "sandbox"
    }

    fn run<'a>(&'a self, call: &'a mut Call) -> BoxFuture<'a, Result<(), Stop>> {
        async move {
            let Some(spec) = call.spec.as_ref() else {
                return Err(Stop::new(
                    Status::Denied,
                    SecurityEventKind::AclDenied,
                    "sandbox: no firewall stage admitted the tool",
                ));
            };
            let result = match call.served.tools.backend(spec.kind) {
                Ok(b) => b
                    .run(spec, call.tool_input().as_bytes().to_vec())
                    .await
                    .map_err(|e| e.to_string()),
                Err(e) => Err(e),
            };
            let output = match result {
                Ok(o) => output_of(o),
                Err(e) => Output::empty(Status::SandboxError, format!("sandbox: {e}")),
            };
            if !output.violations.is_empty() {
                // The tool, run on this caller's input, tried what its sandbox refuses:
                // counted to the caller like any other refusal (threshold, revocation,
                // audit).
                call.node.security_event(
                    SecurityEventKind::SandboxViolation,
                    call.peer,
                    format!(
                        "tool {}: the sandbox refused {}",
                        call.req.tool,
                        output.violations.join(", ")
                    ),
                );
            }
            call.output = Some(output);
            Ok(())
        }
        .boxed()
    }
}

fn output_of(o: Outcome) -> Output {
    let (status, error) = status_of(&o);
    Output {
        termination: termination_name(o.termination),
        stdout: o.stdout,
        stderr: o.stderr,
        exit_status: o.exit_code,
        truncated: o.truncated,
        violations: o.violations,
        ..Output::empty(status, error)
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
fn termination_name(t: Termination) -> String {
    serde_json::to_value(t)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
