//! What the node and the launcher tell each other: the job (a length-prefixed JSON frame
//! at the start of the launcher's stdin, so secrets in `env` never show in argv) and the
//! launcher's status lines (on fd 3, a pipe the tool itself never holds).

use std::path::PathBuf;

/// The fd on which the launcher reports its status lines.
pub(crate) const STATUS_FD: i32 = 3;

/// Largest job frame the launcher accepts.
pub(crate) const MAX_FRAME: usize = 1024 * 1024;

/// One job for the launcher: everything it needs to isolate and exec the tool. `Debug`
/// shows the program and the environment's names, never an argument or a value (either
/// may hold a secret).
#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct LaunchSpec {
    /// Program (absolute path) and arguments.
    pub argv: Vec<String>,
    /// The tool's whole environment (declared + HOME/TMPDIR/PATH), already merged.
    pub env: Vec<(String, String)>,
    /// The call's scratch directory (created by the node, owned by `uid`).
    pub scratch: PathBuf,
    /// Unprivileged uid the tool runs as (when the launcher is root).
    pub uid: u32,
    /// Unprivileged gid the tool runs as (when the launcher is root).
    pub gid: u32,
    /// RLIMIT_AS.
    pub memory_bytes: u64,
    /// RLIMIT_CPU soft limit in seconds (hard = soft + 1).
    pub cpu_secs: u64,
    /// RLIMIT_NPROC.
    pub max_processes: u64,
    /// RLIMIT_FSIZE.
    pub scratch_bytes: u64,
    /// RLIMIT_NOFILE.
    pub open_files: u64,
    /// Whether the tool may use the network.
    pub network: bool,
    /// Directories hidden under an empty read-only tmpfs in the tool's mount namespace.
    pub deny_read: Vec<PathBuf>,
    /// Directories replaced by an empty private tmpfs in the tool's mount namespace
    /// (where the host keeps its Unix sockets: /tmp, /run, the user's runtime dir).
    #[serde(default)]
    pub private_dirs: Vec<PathBuf>,
    /// Layers that must be applied; failing one aborts the call before the tool runs.
    pub require: Vec<String>,
    /// Apply everything, then exit 0 instead of exec'ing (used by `probe`).
    pub probe_only: bool,
    /// After `ready`, wait for one byte on stdin before exec'ing: `G` runs the tool,
    /// anything else (or EOF) ends the launcher without running it. Used by the warm
    /// pool, whose launchers are set up before their call arrives.
    #[serde(default)]
    pub gate: bool,
}

impl std::fmt::Debug for LaunchSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LaunchSpec")
            .field("program", &self.argv.first())
            .field("args", &self.argv.len().saturating_sub(1))
            .field("env", &self.env.iter().map(|(k, _)| k).collect::<Vec<_>>())
            .field("scratch", &self.scratch)
            .field("uid", &self.uid)
            .field("network", &self.network)
            .field("gate", &self.gate)
            .finish_non_exhaustive()
    }
}

/// How the tool's first process ended, as seen by the namespace's pid 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum End {
    /// `exit(code)`; CPU time used in ms.
    Exited { code: i32, cpu_ms: u64 },
    /// Killed by `signal`; CPU time used in ms.
    Signaled { signal: i32, cpu_ms: u64 },
}

/// One status line from the launcher.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    /// A layer and whether it is in force.
    Layer {
        name: String,
        on: bool,
        detail: String,
    },
    /// Set-up failed; the tool did not run.
    Error(String),
    /// `execve` of the tool failed (bad path, not executable).
    Exec(String),
    /// Everything applied; the tool is being exec'd.
    Ready,
    /// The tool's first process ended.
    End(End),
    /// The tool tried a system call that seccomp refuses (sent once per system call, at
    /// its first attempt; the call got EPERM).
    Violation(String),
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

impl Status {
    /// The line for this status, newline included.
    pub(crate) fn line(&self) -> String {
        match self {
            Status::Layer { name, on, detail } => format!(
                "layer\t{}\t{}\t{}\n",
                clean(name),
                if *on { "on" } else { "off" },
                clean(detail)
            ),
            Status::Error(why) => format!("error\t{}\n", clean(why)),
            Status::Exec(why) => format!("exec\t{}\n", clean(why)),
            Status::Ready => "ready\n".into(),
            Status::End(End::Exited { code, cpu_ms }) => format!("exit\t{code}\t{cpu_ms}\n"),
            Status::End(End::Signaled { signal, cpu_ms }) => {
                format!("signal\t{signal}\t{cpu_ms}\n")
            }
            Status::Violation(syscall) => format!("violation\t{}\n", clean(syscall)),
        }
    }

    /// Parses one line (without its newline); `None` for a malformed line.
    pub(crate) fn parse(line: &str) -> Option<Status> {
        let mut f = line.split('\t');
        let status = match f.next()? {
            "layer" => Status::Layer {
                name: f.next()?.into(),
                on: f.next()? == "on",
                detail: f.next().unwrap_or("").into(),
            },
            "error" => Status::Error(f.next().unwrap_or("").into()),
            "exec" => Status::Exec(f.next().unwrap_or("").into()),
            "ready" => Status::Ready,
            "exit" => Status::End(End::Exited {
                code: f.next()?.parse().ok()?,
                cpu_ms: f.next()?.parse().ok()?,
            }),
            "signal" => Status::End(End::Signaled {
                signal: f.next()?.parse().ok()?,
                cpu_ms: f.next()?.parse().ok()?,
            }),
            "violation" => Status::Violation(f.next()?.into()),
            _ => return None,
        };
        Some(status)
    }
}

/// The frame written at the start of the launcher's stdin: u32 LE length, then JSON.
pub(crate) fn frame(spec: &LaunchSpec) -> Result<Vec<u8>, String> {
    let json = serde_json::to_vec(spec).map_err(|e| format!("encoding the job: {e}"))?;
    if json.len() > MAX_FRAME {
        return Err(format!(
            "job description is {} bytes (max {MAX_FRAME})",
            json.len()
        ));
    }
    let len = u32::try_from(json.len()).map_err(|_| "job too large".to_string())?;
    let mut out = len.to_le_bytes().to_vec();
    out.extend_from_slice(&json);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lines_round_trip() {
        for s in [
            Status::Layer {
                name: "seccomp".into(),
                on: true,
                detail: "a\tb".into(),
            },
            Status::Error("x".into()),
            Status::Exec("y".into()),
            Status::Ready,
            Status::End(End::Exited { code: 7, cpu_ms: 3 }),
            Status::End(End::Signaled {
                signal: 24,
                cpu_ms: 1000,
            }),
            Status::Violation("ptrace".into()),
        ] {
            let line = s.line();
            let parsed = Status::parse(line.trim_end_matches('\n'));
            let expect = match s {
                Status::Layer { name, on, .. } => Status::Layer {
                    name,
                    on,
                    detail: "a b".into(),
                },
                other => other,
            };
            assert_eq!(parsed, Some(expect));
        }
    }
}
