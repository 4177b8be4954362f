//! `/lango/tools/1.0.0`: remote tool invocation, sans-IO.
//!
//! - [`wire`]: the request and response messages and their CBOR encoding;
//! - [`pending`]: the interim frame of a call that waits for approval;
//! - [`status`]: the outcome of a call as both sides name it;
//! - [`receipt`]: the callee's signed statement of what it ran and what came out;
//! - [`firewall`]: tool-name patterns and the allow/deny decision (deny wins).
//!
//! The node crate reads and writes the frames, runs the pipeline and the sandbox; this
//! module only decides what bytes mean.

pub mod firewall;
pub mod pending;
pub mod receipt;
pub mod status;
pub mod wire;

/// Protocol id of the tool-invocation stream.
pub const TOOLS_PROTOCOL: &str = "/lango/tools/1.0.0";

/// Longest tool name: `[A-Za-z0-9._-]{1,64}`.
pub const MAX_TOOL_NAME: usize = 64;

/// Whether `name` is a well-formed tool name: 1 to 64 of `A-Z a-z 0-9 . _ -`.
pub fn valid_tool_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_TOOL_NAME
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}
