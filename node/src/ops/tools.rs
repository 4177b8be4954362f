//! Requests to peers: `ping`, `tools list --peer`, `invoke`.

use std::time::Duration;

use serde::Serialize;

use lango_protocol::tools::wire::ListedTool;

use super::{status_fault, Ops, OpsError};
use crate::daemon::tools::call::CallError;
use crate::daemon::tools::listing::FetchError;

/// `ping`: the peer's answer.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Pong {
    /// `ok`.
    pub status: String,
    /// Round trip, µs.
    pub rtt_us: u64,
}

/// `invoke`: what to call where.
#[derive(Clone, Debug)]
pub struct Invoke {
    /// The callee's DID.
    pub did: String,
    /// The tool's name.
    pub tool: String,
    /// The input, JSON text.
    pub input: String,
    /// The caller's time budget.
    pub timeout: Duration,
}

impl Ops {
    /// "No session with …", and why, when the peer told us: `blocked by bob until …:
    /// repeated sandbox violations`.
    pub(crate) fn no_session(&self, did: &str) -> OpsError {
        let who = match self.name_of(did) {
            Some(n) => format!("{n} ({did})"),
            None => did.to_string(),
        };
        match self.node.revoked_by(did) {
            Some(r) => {
                let until = r.until.map_or_else(String::new, |u| format!(" until {u}"));
                let verb = if until.is_empty() {
                    "revoked"
                } else {
                    "blocked"
                };
                OpsError::refused(format!(
                    "no session with {who}: {verb} by {}{until}: {}",
                    self.name_of(did).unwrap_or_else(|| "the peer".into()),
                    r.reason
                ))
            }
            None => OpsError::refused(format!("no session with {who}")),
        }
    }

    /// An authenticated round trip over the session with a peer.
    pub async fn ping(&self, did: &str) -> Result<Pong, OpsError> {
        let (did, key) = self.resolve_peer(did)?;
        let session = self
            .node
            .session_with(&key)
            .ok_or_else(|| self.no_session(did.as_str()))?;
        match self.node.ping(&session).await {
            Ok((status, rtt)) if status == "ok" => Ok(Pong {
                status,
                rtt_us: rtt.as_micros() as u64,
            }),
            Ok((status, _)) => Err(OpsError::refused(format!("denied by {did}: {status}"))),
            Err(e) => Err(OpsError::unavailable(e)),
        }
    }

    /// The tools a peer lets us call.
    pub async fn tools_of(&self, peer: &str) -> Result<Vec<ListedTool>, OpsError> {
        let (_, key) = self.resolve_peer(peer)?;
        let r = self.node.tools_of(&key).await.map_err(|e| match e {
            FetchError::NoSession(d) => self.no_session(&d),
            FetchError::Transport(_) => OpsError::unavailable(e.to_string()),
        })?;
        if r.status != "ok" {
            return Err(OpsError::refused(format!("denied by {peer}: {}", r.status)));
        }
        Ok(r.tools)
    }

    /// Calls a tool on a peer. The answer is returned as the `invoke --json` document;
    /// an answer that is a refusal or a failure is an error that carries it as detail.
    pub async fn invoke(&self, req: Invoke) -> Result<serde_json::Value, OpsError> {
        self.invoke_watching(req, &|_| {}).await
    }

    /// [`Ops::invoke`], handing `pending` a JSON note (`pending`, `approval_id`,
    /// `expires_in_ms`) each time the callee says the call waits for approval.
    pub async fn invoke_watching(
        &self,
        req: Invoke,
        pending: &(dyn Fn(serde_json::Value) + Send + Sync),
    ) -> Result<serde_json::Value, OpsError> {
        let (_, key) = self.resolve_peer(&req.did)?;
        if !lango_protocol::tools::valid_tool_name(&req.tool) {
            return Err(OpsError::input(format!("bad tool name {:?}", req.tool)));
        }
        if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(&req.input) {
            return Err(OpsError::input(format!("input is not JSON: {e}")));
        }
        let timeout = req.timeout.max(Duration::from_millis(1));
        // `[pii] caller_input`: the input is redacted before it leaves this node.
        let served = self.node.served();
        let input = if served.pii_cfg.caller_input {
            let mut r = crate::pii::Redaction::default();
            let redacted = served
                .pii
                .redact_text_async(&req.input, &mut r)
                .await
                .map_err(|e| OpsError::unavailable(format!("input not sent: {e}")))?;
            if let Some(why) = &r.fallback {
                tracing::warn!(
                    "input to {} redacted by the built-in detectors only: {why}",
                    req.tool
                );
            }
            redacted
        } else {
            req.input
        };
        let note = |p: &lango_protocol::tools::pending::ToolPending| {
            pending(serde_json::json!({
                "pending": p.pending,
                "approval_id": hex::encode(p.approval_id),
                "expires_in_ms": p.expires_in_ms,
            }))
        };
        let resp = match self
            .node
            .invoke_watching(&key, &req.tool, input, timeout, &note)
            .await
        {
            Ok(r) => r,
            Err(CallError::NoSession(d)) => return Err(self.no_session(&d)),
            Err(e @ CallError::Transport(_)) => return Err(OpsError::unavailable(e.to_string())),
            Err(e) => return Err(OpsError::internal(e.to_string())),
        };
        let doc = crate::tool_json::response(&resp);
        match status_fault(resp.status, resp.exit_status) {
            None => Ok(doc),
            Some(fault) => {
                let message = if resp.error.is_empty() {
                    format!(
                        "{}, exit code {}",
                        resp.status,
                        resp.exit_status.map_or("-".into(), |c| c.to_string())
                    )
                } else {
                    format!("{}: {}", resp.status, resp.error)
                };
                Err(OpsError {
                    fault,
                    message,
                    detail: Some(doc),
                })
            }
        }
    }
}
