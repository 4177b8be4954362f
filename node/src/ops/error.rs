//! What an operation's failure is, grouped by whose fault it is; every front end maps
//! [`Fault`] to its own vocabulary in one table (the control socket and the CLI to exit
//! codes with [`exit_code`], the gateway to HTTP statuses).

use std::fmt;

use lango_protocol::tools::status::Status;

/// Whose fault a failed operation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Fault {
    /// The operation ran and did not succeed (a tool that failed, timed out, or answered
    /// `bad_request`).
    Failed,
    /// The caller's input is wrong: a bad DID, pattern, name or duration.
    Input,
    /// A bug or an unexpected failure on this node (a store that cannot be written).
    Internal,
    /// The thing named does not exist (not pending, not blocked, no such secret).
    NotFound,
    /// A policy refused: no session, denied by the peer's firewall or approver.
    Refused,
    /// Something the operation needs is not reachable now (the peer, a stream).
    Unavailable,
    /// Stored evidence does not verify: the audit log was altered.
    Evidence(Tamper),
}

/// How the audit log was found altered; each has its own exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tamper {
    /// An entry was modified, forged, removed, reordered or rewritten (exit 4).
    Rewritten,
    /// The log ends before what was written to it (exit 5).
    Truncated,
    /// The log file is gone (exit 6).
    Missing,
}

/// A failed operation: its fault, one line for the operator (never a secret), and, for a
/// tool call that was answered, the answer itself.
#[derive(Debug)]
pub struct OpsError {
    /// Whose fault.
    pub fault: Fault,
    /// One line naming what went wrong.
    pub message: String,
    /// The peer's answer, when there was one (a refused or failed tool call).
    pub detail: Option<serde_json::Value>,
}

impl OpsError {
    /// An error of `fault` with `message`.
    pub fn new(fault: Fault, message: impl Into<String>) -> Self {
        Self {
            fault,
            message: message.into(),
            detail: None,
        }
    }

    /// The caller's input is wrong.
    pub fn input(message: impl Into<String>) -> Self {
        Self::new(Fault::Input, message)
    }

    /// Something failed here.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(Fault::Internal, message)
    }

    /// The thing named does not exist.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(Fault::NotFound, message)
    }

    /// A policy refused.
    pub fn refused(message: impl Into<String>) -> Self {
        Self::new(Fault::Refused, message)
    }

    /// Something needed is not reachable.
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(Fault::Unavailable, message)
    }
}

impl fmt::Display for OpsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for OpsError {}

impl From<lango_storage::Error> for OpsError {
    /// A store error is the caller's when it names bad input (a secret's name or size),
    /// and this node's otherwise.
    fn from(e: lango_storage::Error) -> Self {
        let fault = match e {
            lango_storage::Error::InvalidName { .. }
            | lango_storage::Error::SecretTooLarge { .. } => Fault::Input,
            _ => Fault::Internal,
        };
        OpsError::new(fault, e.to_string())
    }
}

/// The fault a tool call's status is, if it is one: a refusal by policy, or a call that
/// ran and failed. `ok` with exit code 0 is no fault; `ok` with another exit code is a
/// failure of the tool.
pub fn status_fault(status: Status, exit: Option<i32>) -> Option<Fault> {
    match status {
        Status::Ok if exit == Some(0) => None,
        Status::ApprovalDenied
        | Status::ApprovalTimeout
        | Status::Denied
        | Status::RateLimited
        | Status::UnknownTool => Some(Fault::Refused),
        _ => Some(Fault::Failed),
    }
}

/// The CLI's exit code for a fault (brief section 10: 1 failure, 2 usage, 3 denied;
/// 4, 5, 6 an audit log rewritten, truncated, missing).
/// The one place a fault becomes an exit code.
pub fn exit_code(fault: Fault) -> u8 {
    match fault {
        Fault::Input => 2,
        Fault::Refused => 3,
        Fault::Failed | Fault::Internal | Fault::NotFound | Fault::Unavailable => 1,
        Fault::Evidence(Tamper::Rewritten) => 4,
        Fault::Evidence(Tamper::Truncated) => 5,
        Fault::Evidence(Tamper::Missing) => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_the_exit_code_the_cli_documents() {
        for s in Status::ALL {
            let code = status_fault(s, Some(0)).map_or(0, exit_code);
            let want = match s {
                Status::Ok => 0,
                Status::BadRequest
                | Status::SandboxError
                | Status::Timeout
                | Status::PiiUnavailable => 1,
                _ => 3,
            };
            assert_eq!(code, want, "{s}");
        }
        assert_eq!(status_fault(Status::Ok, Some(1)), Some(Fault::Failed));
        assert_eq!(status_fault(Status::Ok, None), Some(Fault::Failed));
    }
}
