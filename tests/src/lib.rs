//! Harness for cross-crate integration tests.
//!
//! [`Node`] runs a real `lango-node` binary (init + run) in a temporary data dir and
//! talks to it through its CLI, exactly as an operator would. [`RawPeer`] is a libp2p
//! peer built in the test process that speaks the wire protocol through the sans-IO
//! state machines of `lango-protocol`, and can also send whatever bytes an attacker
//! would.
#![forbid(unsafe_code)]

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
