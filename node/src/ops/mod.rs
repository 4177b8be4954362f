//! The operations layer: every admin operation on a node, typed, once. Each front end
//! (the control socket that the CLI talks to; the gateway, MCP server and LLM proxy to
//! come) is an adapter that parses its own input, calls one method here with the
//! [`Actor`] it authenticated, and maps the result and [`OpsError`] to its own
//! vocabulary in one table.
//!
//! Operations validate their input, apply policy, and audit under the actor's name;
//! the mechanism they drive is [`crate::daemon::Handle`]. No lock is held across an
//! `.await`, and results are owned, secret-free copies.

pub mod approvals;
pub mod audit;
pub mod backup;
mod doctor;
mod error;
mod events;
mod node;
mod sessions;
mod tools;
mod trust;
pub mod vault;

use lango_protocol::{AgentPublicKey, Did};

pub use doctor::{Doctor, PeerDiagnosis};
pub use error::{exit_code, status_fault, Fault, OpsError, Tamper};
pub use node::{NodeId, NodeStatus, PeerInfo};
pub use sessions::{Revoke, Revoked, SessionInfo};
pub use tools::{Invoke, Pong};
pub use trust::{check_name, parse_tool_patterns, BlockInfo, TrustAdd, TrustEntry, TrustSet};

use crate::daemon::Handle;

/// Who asks for an operation; recorded in the audit log with every change.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Actor {
    /// A local user on the control socket (its peer credentials' uid, when known).
    Operator {
        /// The socket peer's uid.
        uid: Option<u32>,
    },
    /// A local user running the CLI on the store of a stopped node.
    Local {
        /// The process's uid.
        uid: u32,
    },
}

impl Actor {
    /// How the audit log names the actor.
    pub fn describe(&self) -> String {
        match self {
            Actor::Operator { uid } => format!(
                "operator (control socket, uid {})",
                uid.map_or("?".into(), |u| u.to_string())
            ),
            Actor::Local { uid } => format!("operator (local CLI, node stopped, uid {uid})"),
        }
    }
}

/// The operations on one running node.
#[derive(Clone, Debug)]
pub struct Ops {
    node: Handle,
}

impl Ops {
    /// The operations on the node behind `node`.
    pub fn new(node: Handle) -> Self {
        Ops { node }
    }
}

/// Parses a DID typed by the operator.
fn parse_did(s: &str) -> Result<(Did, AgentPublicKey), OpsError> {
    Did::parse(s).map_err(|e| OpsError::input(format!("bad DID {s:?}: {e}")))
}
