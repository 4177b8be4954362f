//! What to run and under which limits: the part of a `[[tools]]` entry a back end needs.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

/// The back end a tool runs in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Docker container through bollard.
    Container,
    /// Native process in its own namespaces.
    Subprocess,
    /// WebAssembly in wasmtime.
    Wasm,
}

impl Kind {
    /// The name used in config files and JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Container => "container",
            Kind::Subprocess => "subprocess",
            Kind::Wasm => "wasm",
        }
    }
}

/// Resource limits for one call. The same field means the same thing in every back end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Wall-clock time from start to kill.
    pub timeout: Duration,
    /// Memory cap in bytes (address space for subprocess, store limit for wasm, cgroup
    /// memory = memory+swap for containers).
    pub memory_bytes: u64,
    /// CPU time cap (RLIMIT_CPU for subprocess; for wasm the epoch deadline is the wall
    /// timeout; for containers the CPU quota is `cpu_percent`).
    pub cpu_time: Duration,
    /// Share of one core a container may use, in percent (100 = one core).
    pub cpu_percent: u32,
    /// Cap on stdout + stderr together, in bytes. Past it the tool is killed and the
    /// outcome says `truncated`.
    pub output_bytes: usize,
    /// Cap on processes/threads (RLIMIT_NPROC in the sandbox user, container pids limit).
    pub max_processes: u32,
    /// Cap on files written in scratch (RLIMIT_FSIZE, tmpfs size).
    pub scratch_bytes: u64,
    /// Whether the tool may use the network. Default false: no network at all.
    pub network: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            timeout: Duration::from_secs(30),
            memory_bytes: 256 * 1024 * 1024,
            cpu_time: Duration::from_secs(30),
            cpu_percent: 100,
            output_bytes: 1024 * 1024,
            max_processes: 64,
            scratch_bytes: 64 * 1024 * 1024,
            network: false,
        }
    }
}

/// Which parts of a resolved spec hold secret values (the caller substituted them): a
/// back end must keep those out of anything another party can read (the container back
/// end keeps them out of Docker's API).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct SecretParts {
    /// Names of `env` variables whose values hold a secret.
    pub env: Vec<String>,
    /// Indexes of `command` arguments that hold a secret.
    pub args: Vec<usize>,
}

impl SecretParts {
    /// Whether nothing is secret.
    pub fn is_empty(&self) -> bool {
        self.env.is_empty() && self.args.is_empty()
    }
}

/// One tool, resolved: secrets in `env` and `command` are already substituted by the
/// caller, and `secrets` says where. `Debug` shows neither environment values nor the
/// secret arguments.
#[derive(Clone, PartialEq, Eq)]
pub struct ToolSpec {
    /// Tool name (for labels, logs and the wasm module cache).
    pub name: String,
    /// The back end.
    pub kind: Kind,
    /// subprocess: argv (absolute program path first). container: argv inside the image.
    /// wasm: argv as the module sees it (`argv[0]` is the tool name if empty).
    pub command: Vec<String>,
    /// wasm: the `.wasm` or `.wat` file.
    pub module: Option<PathBuf>,
    /// container: the image reference (default: the node's locally built tool image).
    pub image: Option<String>,
    /// Declared environment variables; nothing else is inherited.
    pub env: BTreeMap<String, String>,
    /// Where `env` and `command` hold secret values.
    pub secrets: SecretParts,
    /// Limits.
    pub limits: Limits,
}

impl std::fmt::Debug for ToolSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let command: Vec<&str> = self
            .command
            .iter()
            .enumerate()
            .map(|(i, a)| {
                if self.secrets.args.contains(&i) {
                    "<secret>"
                } else {
                    a.as_str()
                }
            })
            .collect();
        f.debug_struct("ToolSpec")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("command", &command)
            .field("module", &self.module)
            .field("image", &self.image)
            .field("env", &self.env.keys().collect::<Vec<_>>())
            .field("limits", &self.limits)
            .finish()
    }
}
