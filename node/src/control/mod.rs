//! The local control socket: how CLI commands reach the running daemon.
//!
//! `DATA_DIR/control.sock`, mode 0600, in a data dir of mode 0700. One JSON request per
//! connection, one JSON response line back (or a stream of lines for `events --follow`).

pub mod client;
pub mod server;

use serde::{Deserialize, Serialize};

/// A command for the daemon.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "cmd", rename_all = "snake_case", deny_unknown_fields)]
pub enum Request {
    /// Our identity and addresses.
    Id,
    /// Summary.
    Status,
    /// Counters in the Prometheus text format.
    Metrics,
    /// Connected peers.
    Peers,
    /// Why trusted peers are or are not reachable.
    Doctor {
        /// A DID or name; none: every trusted peer.
        peer: Option<String>,
    },
    /// Trust a DID.
    TrustAdd {
        /// DID.
        did: String,
        /// Multiaddrs to dial.
        addrs: Vec<String>,
        /// Tool patterns.
        tools: Vec<String>,
        /// Label.
        name: Option<String>,
    },
    /// Trusted peers.
    TrustList,
    /// Untrust and block for good.
    TrustRemove {
        /// DID.
        did: String,
    },
    /// Unknown peers that tried.
    TrustPending,
    /// Blocks in force.
    TrustBlocks,
    /// Change parts of a trusted peer's entry.
    TrustSet {
        /// DID or name.
        peer: String,
        /// New dial addresses.
        #[serde(default)]
        addrs: Option<Vec<String>>,
        /// New tool patterns.
        #[serde(default)]
        tools: Option<Vec<String>>,
        /// New name (`""` clears it).
        #[serde(default)]
        name: Option<String>,
    },
    /// Trust a pending peer.
    TrustApprove {
        /// DID.
        did: String,
        /// Tool patterns.
        tools: Vec<String>,
        /// Name.
        #[serde(default)]
        name: Option<String>,
    },
    /// Live sessions.
    SessionList,
    /// End sessions.
    SessionRevoke {
        /// DID, or none with `all`.
        did: Option<String>,
        /// Every session.
        all: bool,
        /// Block duration (None: the configured default).
        block_ms: Option<u64>,
        /// Operator's reason.
        reason: Option<String>,
    },
    /// Lift a block.
    SessionUnblock {
        /// DID, name or PeerId.
        did: String,
    },
    /// Security events.
    Events {
        /// Keep streaming new ones.
        follow: bool,
    },
    /// Authenticated round trip to a peer.
    Ping {
        /// DID.
        did: String,
    },
    /// Verify the audit log against its key and anchor.
    AuditVerify,
    /// Take a consistent backup into a new directory.
    Backup {
        /// Absolute path of a directory that does not exist or is empty.
        to: std::path::PathBuf,
    },
    /// A `secrets`, `keys` or `db` operation on the daemon's store.
    Vault(crate::vault::VaultOp),
    /// The tools a peer lets us call.
    ToolsList {
        /// The peer's DID.
        peer: String,
    },
    /// Approval requests, newest first.
    ApprovalsList,
    /// One approval request.
    ApprovalsShow {
        /// Request id.
        id: String,
    },
    /// Approve a pending request.
    ApprovalsApprove {
        /// Request id.
        id: String,
        /// `once` or a duration.
        grant: String,
    },
    /// Deny a pending request.
    ApprovalsDeny {
        /// Request id.
        id: String,
        /// Told to the caller.
        #[serde(default)]
        reason: Option<String>,
    },
    /// Pending requests, then each new one as it arrives.
    ApprovalsWatch,
    /// Standing grants.
    ApprovalsGrants,
    /// Revoke a standing grant.
    ApprovalsRevokeGrant {
        /// Grant id.
        id: String,
    },
    /// Call a tool on a peer.
    Invoke {
        /// The peer's DID.
        did: String,
        /// Tool name.
        tool: String,
        /// Input JSON text.
        input: String,
        /// Time budget, ms.
        timeout_ms: u64,
    },
}

/// The daemon's answer.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Response {
    /// Success.
    pub ok: bool,
    /// Payload on success.
    #[serde(default)]
    pub data: serde_json::Value,
    /// One-line error on failure.
    #[serde(default)]
    pub error: Option<String>,
    /// Exit code the CLI should use (0, 1, 2, 3; 4, 5, 6 for a tampered audit log).
    #[serde(default)]
    pub exit: i32,
}

impl Response {
    /// Success with a payload.
    pub fn ok(data: serde_json::Value) -> Self {
        Self {
            ok: true,
            data,
            error: None,
            exit: 0,
        }
    }
}
