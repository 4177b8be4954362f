//! Approval: a call that needs a person's yes waits as a stored request until an
//! operator decides it over the control socket, a grant covers it, or it times out.
//!
//! - [`policy`]: which calls need approval;
//! - [`broker`]: requests and grants, in memory and in the encrypted database, and the
//!   hand-off of a decision to the waiting call;
//! - [`webhook`]: channels that announce a request (they never decide).
//!
//! Every request, decision, grant use and expiry is written to the audit log by the
//! broker; values of the input never are (only its SHA-256 and a redacted preview, which
//! stays in the database).

pub mod broker;
pub mod policy;
pub mod webhook;

use serde::{Deserialize, Serialize};

pub use broker::{Approvals, DecideError};

/// Where a request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Waiting for a decision.
    Pending,
    /// An operator said yes; the call ran.
    Approved,
    /// An operator said no.
    Denied,
    /// Nobody decided in time, or the node restarted while it waited.
    Expired,
    /// The caller went away before a decision.
    Cancelled,
}

impl State {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Approved => "approved",
            State::Denied => "denied",
            State::Expired => "expired",
            State::Cancelled => "cancelled",
        }
    }
}

/// One attempt to announce a request on a channel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    /// The channel's URL without its path's secrets (scheme, host, port).
    pub channel: String,
    /// Attempts made.
    pub attempts: u32,
    /// `delivered`, or why the last attempt failed.
    pub result: String,
    /// When the last attempt ended (Unix ms).
    pub at_ms: u64,
}

/// A call waiting for (or past) a decision, as stored and listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// 128 random bits, 32 hex digits.
    pub id: String,
    /// The caller's DID.
    pub caller_did: String,
    /// The caller's PeerId.
    pub peer_id: String,
    /// The tool asked for.
    pub tool: String,
    /// SHA-256 of the exact input text, hex.
    pub input_sha256: String,
    /// The start of the input with PII redacted (at most [`PREVIEW_CHARS`] characters).
    pub preview: String,
    /// The whole input with PII redacted (at most [`INPUT_KEPT`] bytes), for
    /// `approvals show --input`: what the approver decides on. Not in `approvals list`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_redacted: Option<String>,
    /// Unix ms.
    pub created_ms: u64,
    /// When it times out to deny (Unix ms).
    pub expires_ms: u64,
    /// Where it stands.
    pub state: State,
    /// Who decided (`uid:N` for the control socket), when someone did.
    #[serde(default)]
    pub decided_by: Option<String>,
    /// When it left `pending` (Unix ms).
    #[serde(default)]
    pub decided_ms: Option<u64>,
    /// The deny reason, or why it expired.
    #[serde(default)]
    pub reason: Option<String>,
    /// The grant an approval gave: `once` or the standing grant's id.
    #[serde(default)]
    pub grant: Option<String>,
    /// What each channel did with it.
    #[serde(default)]
    pub deliveries: Vec<Delivery>,
}

/// Characters of the input kept (after PII redaction) as a request's preview.
pub const PREVIEW_CHARS: usize = 200;
/// Bytes of the redacted input kept with a request.
pub const INPUT_KEPT: usize = 64 * 1024;

/// A standing grant: this caller may call this tool without asking until it expires.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    /// 32 hex digits.
    pub id: String,
    /// The caller it covers.
    pub caller_did: String,
    /// The tool it covers.
    pub tool: String,
    /// Unix ms.
    pub created_ms: u64,
    /// Unix ms.
    pub expires_ms: u64,
    /// Who gave it.
    pub approver: String,
    /// The request whose approval gave it.
    pub request_id: String,
    /// Calls it let through.
    pub uses: u64,
}

/// What an approver grants with a yes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GrantKind {
    /// This call only: this exact input, this caller, one use.
    Once,
    /// This caller and tool, for this long (capped by `[approval] max_grant`).
    For(std::time::Duration),
}

impl GrantKind {
    /// Parses `once` or a duration (`10m`, `1h`).
    pub fn parse(s: &str) -> Result<Self, String> {
        if s == "once" {
            return Ok(GrantKind::Once);
        }
        let d = crate::config::parse_duration(s)
            .map_err(|e| format!("--grant {s:?}: want `once` or a duration such as 10m ({e})"))?;
        if d.is_zero() {
            return Err("--grant: a duration must be > 0".into());
        }
        Ok(GrantKind::For(d))
    }
}

/// An operator's decision on one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Yes, with this grant.
    Approve {
        /// Who said it.
        by: String,
        /// What it covers.
        grant: GrantKind,
    },
    /// No.
    Deny {
        /// Who said it.
        by: String,
        /// Why (shown to the caller).
        reason: Option<String>,
    },
}
