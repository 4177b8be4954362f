//! What a call produced.

use std::time::Duration;

/// How the tool's run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Termination {
    /// The CPU-time limit killed it (SIGXCPU/SIGKILL from RLIMIT_CPU, or wasm fuel).
    CpuLimit,
    /// It exited by itself; `exit_code` holds the code.
    Exited,
    /// It was killed by a signal it did not get from us (`signal` holds it).
    Killed,
    /// The memory cap killed it (container OOM state, wasm memory growth refused and
    /// trapped, or an allocation failure under RLIMIT_AS that ended the process).
    OutOfMemory,
    /// stdout + stderr went over the output cap; the tool was killed.
    OutputLimit,
    /// The wall-clock timeout killed it (and every process it started).
    TimedOut,
}

/// The result of one run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// How it ended.
    pub termination: Termination,
    /// Exit code when it exited by itself (wasm: the WASI exit code, 0 when `_start`
    /// returned).
    pub exit_code: Option<i32>,
    /// Killing signal, when there was one.
    pub signal: Option<i32>,
    /// stdout, at most `Limits::output_bytes` (less what stderr took).
    pub stdout: Vec<u8>,
    /// stderr, sharing the same cap.
    pub stderr: Vec<u8>,
    /// Whether output was cut at the cap.
    pub truncated: bool,
    /// Wall time of the run (from start of the tool to its end, without pool set-up).
    pub duration: Duration,
    /// What the tool tried that the sandbox refused, each named once (subprocess: the
    /// system calls seccomp refused). The node raises a `sandbox_violation` event for a
    /// call with any. Empty where a back end cannot observe refusals (`docs/sandbox-*.md`).
    pub violations: Vec<String>,
}

impl Outcome {
    /// Whether the tool ran to completion with exit code 0.
    pub fn success(&self) -> bool {
        self.termination == Termination::Exited && self.exit_code == Some(0)
    }
}
