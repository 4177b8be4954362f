//! lango-sandbox: the one [`Sandbox`] interface every tool call runs through, and its
//! three back ends: [`subprocess`] (namespaces, rlimits, Landlock, seccomp), [`wasm`]
//! (wasmtime, WASI p1 and p2) and [`container`] (Docker through bollard).
//!
//! The contract is the same for every back end (design brief, section 6):
//!
//! - the input JSON is written to the tool's stdin, its stdout is the output;
//! - [`Limits`] mean the same thing everywhere: wall-clock timeout, memory cap, CPU cap,
//!   output cap (stdout + stderr together), process cap, scratch size, network;
//! - a fresh scratch directory per call, removed afterwards; nothing else writable;
//! - an empty environment plus the variables the tool declares, plus `HOME` and
//!   `TMPDIR` pointing at the scratch directory;
//! - when the call ends, whatever way it ends (exit, timeout, output over the cap, or the
//!   future being dropped because the caller went away), every process it started is
//!   killed and its scratch directory removed.
//!
//! A back end that cannot enforce a layer on this machine says so in its [`Probe`]
//! instead of silently running without it.

#![deny(unsafe_code)]

pub mod container;
pub mod error;
pub mod outcome;
pub mod probe;
mod settle;
pub mod spec;
pub mod subprocess;
pub mod wasm;

use futures::future::BoxFuture;

pub use error::SandboxError;
pub use outcome::{Outcome, Termination};
pub use probe::{Layer, Probe};
pub use spec::{Kind, Limits, SecretParts, ToolSpec};

/// One way of running a tool in isolation.
///
/// Dropping the future returned by [`Sandbox::run`] cancels the call: the back end must
/// kill everything the call started (asynchronously if it has to, e.g. removing a
/// container) and must never leave a process or a scratch directory behind.
pub trait Sandbox: Send + Sync {
    /// Which back end this is.
    fn kind(&self) -> Kind;

    /// Runs `spec` once with `input` on stdin.
    ///
    /// `Ok` whenever the tool ran, whatever its exit: a non-zero exit, a timeout, an OOM
    /// kill and an output over the cap are all [`Outcome`]s. `Err` means the sandbox
    /// could not run the tool at all (missing module, Docker unreachable, bad spec).
    fn run<'a>(
        &'a self,
        spec: &'a ToolSpec,
        input: Vec<u8>,
    ) -> BoxFuture<'a, Result<Outcome, SandboxError>>;

    /// Does the per-tool work that can be done ahead of the first call (compile a wasm
    /// module, check an image and fill the warm pool), so that calls do not pay for it.
    fn prepare<'a>(&'a self, spec: &'a ToolSpec) -> BoxFuture<'a, Result<(), SandboxError>>;

    /// What works on this machine and which isolation layers are active.
    fn probe(&self) -> BoxFuture<'_, Probe>;

    /// Releases what the back end holds between calls (idle warm containers) when the
    /// node stops. Calls still running clean up after themselves.
    fn shutdown(&self) -> BoxFuture<'_, ()> {
        Box::pin(async {})
    }

    /// Drops the idle sandboxes it set up ahead of calls whose jobs hold resolved values
    /// (a secret was set or removed): the next call sets one up again, and no process
    /// keeps an old value. A back end whose idle sandboxes hold no values does nothing.
    fn forget_warm(&self) {}

    /// Returns once the work the back end does between calls is done (warm pools
    /// refilled, finished calls torn down), so that the next call meets an idle node. For
    /// the benchmark's latency rows and for tests; calls never need it.
    fn settled(&self) -> BoxFuture<'_, ()> {
        Box::pin(async {})
    }
}
