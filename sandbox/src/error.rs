//! Why a sandbox could not run a tool at all (as opposed to the tool failing).

use std::path::PathBuf;

/// A failure of the sandbox, not of the tool.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SandboxError {
    /// The back end is not usable on this machine (e.g. Docker not running).
    #[error("{kind} sandbox unavailable: {why}")]
    Unavailable {
        /// Back end name.
        kind: &'static str,
        /// One line.
        why: String,
    },
    /// The tool's spec cannot run in this back end (empty command, missing module).
    #[error("tool {tool}: {why}")]
    BadSpec {
        /// Tool name.
        tool: String,
        /// What is wrong.
        why: String,
    },
    /// A file the sandbox needed could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// Setting up or tearing down isolation failed; the tool did not run.
    #[error("{kind} sandbox: {why}")]
    Setup {
        /// Back end name.
        kind: &'static str,
        /// What failed.
        why: String,
    },
}
