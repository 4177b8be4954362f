//! lango-node as a library: the daemon, the operations layer every front end calls,
//! and the command line that is one of those front ends.
//!
//! ```text
//!  front ends          cli ──► control (socket) ──┐      (gateway, MCP, LLM proxy:
//!                                                 ▼       the same adapter shape)
//!  operations                                   ops ──► OpsError → exit code / status
//!                                                 │
//!  mechanism                                   daemon::Handle
//!                                                 │
//!  daemon     swarm loop · handshake · ping · tools-list · tools call → pipeline (stages)
//! ```
//!
//! - [`daemon`]: the running node (libp2p glue, the handshake driver, the callee's
//!   [`daemon::pipeline`] of stages); its state is private, reached through
//!   [`daemon::Handle`].
//! - [`ops`]: typed operations (trust, sessions, events, tools, invoke, secrets, keys,
//!   db, audit), each returning an [`ops::OpsError`] grouped by fault.
//! - [`control`]: the local control socket, an adapter over [`ops`].
//! - [`cli`]: the command line, a client of the control socket.
//!
//! The `lango-node` binary is `main.rs`: process set-up, then [`cli::run`].

pub mod approval;
pub mod cli;
pub(crate) mod clock;
pub mod config;
pub mod control;
pub mod daemon;
/// Fuzz targets (see docs/fuzzing.md); each checks a property and panics when it fails.
#[doc(hidden)]
pub mod fuzzing;
pub(crate) mod keys;
pub(crate) mod notify;
pub mod ops;
pub mod pii;
pub(crate) mod providers;
pub mod secrets;
pub(crate) mod tool_json;
pub mod vault;

mod bench;
#[doc(hidden)]
pub mod testkit;

pub use daemon::tools::backends::{launcher_main, LAUNCHER_SUBCOMMAND};

pub(crate) use cli::UsageError;
