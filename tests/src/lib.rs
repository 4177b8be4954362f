//! Harness for cross-crate integration tests.
//!
//! [`Node`] runs a real `lango-node` binary (init + run) in a temporary data dir and
//! talks to it through its CLI, exactly as an operator would. [`RawPeer`] is a libp2p
//! peer built in the test process that speaks the wire protocol through the sans-IO
//! state machines of `lango-protocol`, and can also send whatever bytes an attacker
//! would.
#![forbid(unsafe_code)]

mod candidates;
pub mod node;
pub mod raw;

pub use node::{Node, NodeConfig};
pub use raw::RawPeer;

/// A two-worker tokio runtime for tests that drive a [`RawPeer`].
pub fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

/// Resident set size of process `pid` in KiB (0 if it cannot be read).
pub fn rss_kib(pid: u32) -> u64 {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    s.lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}
