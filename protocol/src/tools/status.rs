//! The status of a tool call, as the brief names it (section 5).

use std::fmt;
use std::str::FromStr;

/// Outcome of a call. Everything but `Ok` means the tool's output is absent or partial.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Status {
    /// An approver said no.
    ApprovalDenied,
    /// No approver answered in time.
    ApprovalTimeout,
    /// The request did not parse or failed the input checks.
    BadRequest,
    /// The firewall refused: no session, tool not allowed for this peer, or a deny rule.
    Denied,
    /// The tool ran (its exit code may be non-zero; `truncated` may be set).
    Ok,
    /// The output was withheld: the configured PII analyzer could not answer and the
    /// callee is set to fail rather than fall back to its built-in detectors.
    PiiUnavailable,
    /// A rate limit or the concurrency cap refused the call.
    RateLimited,
    /// The sandbox could not run the tool, or stopped it at a memory or CPU limit.
    SandboxError,
    /// The wall-clock deadline ended the call.
    Timeout,
    /// The callee has no tool of that name.
    UnknownTool,
}

impl Status {
    /// Every status, in wire-name order.
    pub const ALL: [Status; 10] = [
        Status::ApprovalDenied,
        Status::ApprovalTimeout,
        Status::BadRequest,
        Status::Denied,
        Status::Ok,
        Status::PiiUnavailable,
        Status::RateLimited,
        Status::SandboxError,
        Status::Timeout,
        Status::UnknownTool,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::ApprovalDenied => "approval_denied",
            Status::ApprovalTimeout => "approval_timeout",
            Status::BadRequest => "bad_request",
            Status::Denied => "denied",
            Status::Ok => "ok",
            Status::PiiUnavailable => "pii_unavailable",
            Status::RateLimited => "rate_limited",
            Status::SandboxError => "sandbox_error",
            Status::Timeout => "timeout",
            Status::UnknownTool => "unknown_tool",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A status name that is not one of [`Status::ALL`].
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown tool-call status {0:?}")]
pub struct UnknownStatus(pub String);

impl FromStr for Status {
    type Err = UnknownStatus;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| UnknownStatus(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_are_refused() {
        for s in Status::ALL {
            assert_eq!(s.as_str().parse::<Status>().unwrap(), s);
        }
        assert!("OK".parse::<Status>().is_err());
        assert!("".parse::<Status>().is_err());
    }
}
