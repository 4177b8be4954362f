//! What a call carries through the stages: who asked, over which session, for which
//! tool with which input, and, once the sandbox ran, what came out.

use std::sync::Arc;
use std::time::Instant;

use libp2p::PeerId;

use lango_protocol::session::Session;
use lango_protocol::tools::receipt::Receipt;
use lango_protocol::tools::status::Status;
use lango_protocol::tools::wire::{ToolRequest, ToolResponse};
use lango_protocol::AgentPublicKey;
use lango_sandbox::ToolSpec;

use super::Stop;
use crate::config::Safety;
use crate::daemon::limits::Slot;
use crate::daemon::state::Shared;

/// What the tool produced, as the output stages see and may rewrite it.
#[derive(Debug)]
pub struct Output {
    /// Status so far (`ok`, `timeout`, `sandbox_error`, or a later stage's stop).
    pub status: Status,
    /// One line for a non-`ok` status.
    pub error: String,
    /// The bytes of stdout that will leave.
    pub stdout: Vec<u8>,
    /// The bytes of stderr that will leave.
    pub stderr: Vec<u8>,
    /// The tool's exit status, when it exited by itself.
    pub exit_status: Option<i32>,
    /// How the sandbox saw the run end (wire name), or empty.
    pub termination: String,
    /// Output was cut at the cap.
    pub truncated: bool,
    /// What the sandbox refused the tool.
    pub violations: Vec<String>,
    /// Spans the output stages redacted.
    pub redactions: u32,
    /// The same, per entity type.
    pub redacted_types: std::collections::BTreeMap<String, u32>,
    /// Why the PII analyzer's findings are missing, when it fell back.
    pub pii_fallback: Option<String>,
    /// Secret values replaced by `[SECRET:NAME]`, per secret name.
    pub secret_hits: std::collections::BTreeMap<String, u32>,
}

impl Output {
    /// An output with no bytes and this status.
    pub fn empty(status: Status, error: impl Into<String>) -> Self {
        Output {
            status,
            error: error.into(),
            stdout: Vec::new(),
            stderr: Vec::new(),
            exit_status: None,
            termination: String::new(),
            truncated: false,
            violations: Vec::new(),
            redactions: 0,
            redacted_types: Default::default(),
            pii_fallback: None,
            secret_hits: Default::default(),
        }
    }
}

/// One call in the pipeline.
pub struct Call {
    pub(super) node: Arc<Shared>,
    /// The tools, limits and policy the call started with (a reload does not change
    /// them under it).
    pub(super) served: Arc<crate::daemon::state::Served>,
    pub(super) peer: PeerId,
    pub(super) req: ToolRequest,
    pub(super) started: Instant,
    pub(super) session: Option<Session>,
    pub(super) spec: Option<ToolSpec>,
    pub(super) safety: Option<Safety>,
    pub(super) slot: Option<Slot>,
    pub(super) output: Option<Output>,
    pub(super) receipt: Option<Receipt>,
    /// The input the sandbox gets when a stage rewrote it (PII redaction of the input);
    /// the receipt still covers the input as received.
    pub(super) tool_input: Option<String>,
    /// Interim frames to the caller (the stream handler writes them as they come).
    pub(super) interim: Option<tokio::sync::mpsc::UnboundedSender<Vec<u8>>>,
}

impl Call {
    pub(crate) fn new(
        node: Arc<Shared>,
        served: Arc<crate::daemon::state::Served>,
        peer: PeerId,
        req: ToolRequest,
        started: Instant,
        slot: Slot,
    ) -> Self {
        Call {
            node,
            served,
            peer,
            req,
            started,
            session: None,
            spec: None,
            safety: None,
            slot: Some(slot),
            output: None,
            receipt: None,
            tool_input: None,
            interim: None,
        }
    }

    /// The same call, with a channel for interim frames to the caller.
    pub(crate) fn with_interim(mut self, tx: tokio::sync::mpsc::UnboundedSender<Vec<u8>>) -> Self {
        self.interim = Some(tx);
        self
    }

    /// The stream's authenticated PeerId.
    pub fn peer(&self) -> PeerId {
        self.peer
    }

    /// The caller's agent key, once the session stage found its session.
    pub fn caller(&self) -> Option<&AgentPublicKey> {
        self.session.as_ref().map(|s| &s.remote_key)
    }

    /// The caller's session, once the session stage found it.
    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// The tool name the caller asked for.
    pub fn tool_name(&self) -> &str {
        &self.req.tool
    }

    /// What the sandbox will run, once the firewall admitted the tool.
    pub fn spec(&self) -> Option<&ToolSpec> {
        self.spec.as_ref()
    }

    /// The tool's safety level, once the firewall admitted the tool.
    pub fn safety(&self) -> Option<Safety> {
        self.safety
    }

    /// The input JSON text, exactly as received.
    pub fn input(&self) -> &str {
        &self.req.input
    }

    /// The input the tool will be given: the input as received, unless a stage
    /// rewrote it.
    pub fn tool_input(&self) -> &str {
        self.tool_input.as_deref().unwrap_or(&self.req.input)
    }

    /// The request id.
    pub fn request_id(&self) -> [u8; 16] {
        self.req.request_id
    }

    /// What the tool produced, once the sandbox ran.
    pub fn output(&self) -> Option<&Output> {
        self.output.as_ref()
    }

    /// What the tool produced, for an output stage to rewrite.
    pub fn output_mut(&mut self) -> Option<&mut Output> {
        self.output.as_mut()
    }

    /// Ends a call stopped before the tool ran: the event, then a bare refusal.
    pub(super) fn refuse(self, stop: Stop) -> (ToolResponse, Option<Slot>) {
        if let Some(kind) = stop.event {
            self.node.security_event(
                kind,
                self.peer,
                format!("tool {:?} refused: {}", self.req.tool, stop.why),
            );
        }
        let mut resp = ToolResponse::refusal(self.req.request_id, stop.status, stop.why);
        resp.retry_after_ms = stop
            .retry_after
            .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX).max(1));
        (resp, self.slot)
    }

    /// A stage stopped the call after the tool ran: nothing of the output leaves.
    pub(super) fn withhold(&mut self, stop: Stop) {
        if let Some(kind) = stop.event {
            self.node.security_event(
                kind,
                self.peer,
                format!("tool {:?} output withheld: {}", self.req.tool, stop.why),
            );
        }
        if let Some(o) = self.output.as_mut() {
            // Nothing of the run leaves but the fact that it was withheld.
            *o = Output::empty(stop.status, stop.why);
        }
    }

    /// The response, from the output and the receipt.
    pub(super) fn into_response(self) -> (ToolResponse, Option<Slot>) {
        let o = self
            .output
            .unwrap_or_else(|| Output::empty(Status::SandboxError, "no sandbox stage ran"));
        let mut resp = ToolResponse::refusal(self.req.request_id, o.status, o.error);
        resp.output = o.stdout;
        resp.stderr = o.stderr;
        resp.exit_status = o.exit_status;
        resp.termination = o.termination;
        resp.truncated = o.truncated;
        resp.redactions = o.redactions;
        resp.redacted_types = o.redacted_types;
        resp.pii_fallback = o.pii_fallback;
        resp.duration_ms = self.started.elapsed().as_millis() as u64;
        resp.receipt = self.receipt;
        (resp, self.slot)
    }
}
