//! One call in one warm container: `exec` the tool as 65534 in `/scratch` with only the
//! declared environment, feed stdin, collect stdout/stderr under the cap, enforce the
//! wall timeout, read the exit and the OOM state, and remove the container afterwards
//! (on every path, including the future being dropped).

use std::time::Duration;

use bollard::exec::{CreateExecOptions, StartExecOptions, StartExecResults};
use bollard::query_parameters::KillContainerOptionsBuilder;
use bollard::Docker;
use futures::StreamExt;
use tokio::io::AsyncWriteExt;
use tokio::time::Instant;

use super::create::{SCRATCH, USER};
use super::{docker_err, oom, pool};
use crate::spec::ToolSpec;
use crate::{Outcome, SandboxError, Termination};

/// Force-removes the container when dropped: the call's end, whichever way it ends.
struct Removal {
    docker: Docker,
    id: String,
}

impl Drop for Removal {
    fn drop(&mut self) {
        pool::remove_later(&self.docker, std::mem::take(&mut self.id));
    }
}

/// Aborts a spawned task when dropped.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// stdout and stderr under one shared cap.
struct Collected {
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    cap: usize,
    truncated: bool,
}

impl Collected {
    /// Appends `chunk`; false once the cap is passed (what fits is kept).
    fn push(&mut self, err: bool, chunk: &[u8]) -> bool {
        let room = self
            .cap
            .saturating_sub(self.stdout.len() + self.stderr.len());
        let take = chunk.len().min(room);
        let buf = if err {
            &mut self.stderr
        } else {
            &mut self.stdout
        };
        buf.extend_from_slice(&chunk[..take]);
        if take < chunk.len() {
            self.truncated = true;
            return false;
        }
        true
    }
}

fn setup(why: String) -> SandboxError {
    SandboxError::Setup {
        kind: "container",
        why,
    }
}

/// The environment of the tool: the declared variables, then `HOME` and `TMPDIR`.
fn env_of(spec: &ToolSpec) -> Vec<String> {
    let mut env: Vec<String> = spec
        .env
        .iter()
        .filter(|(k, _)| k.as_str() != "HOME" && k.as_str() != "TMPDIR")
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    env.push(format!("HOME={SCRATCH}"));
    env.push(format!("TMPDIR={SCRATCH}"));
    env
}

/// Runs `spec` once in started container `id`, which this call owns and removes.
pub(crate) async fn run(
    docker: &Docker,
    id: String,
    spec: &ToolSpec,
    input: Vec<u8>,
) -> Result<Outcome, SandboxError> {
    let removal = Removal {
        docker: docker.clone(),
        id,
    };
    let id = removal.id.as_str();
    let exec = docker
        .create_exec(
            id,
            CreateExecOptions {
                attach_stdin: Some(true),
                attach_stdout: Some(true),
                attach_stderr: Some(true),
                tty: Some(false),
                privileged: Some(false),
                env: Some(env_of(spec)),
                cmd: Some(spec.command.clone()),
                user: Some(USER.to_owned()),
                working_dir: Some(SCRATCH.to_owned()),
                ..Default::default()
            },
        )
        .await
        .map_err(|e| docker_err(e, "creating the exec"))?;
    let limits = &spec.limits;
    let started = Instant::now();
    let deadline = started + limits.timeout;
    let attached = docker
        .start_exec(
            &exec.id,
            Some(StartExecOptions {
                detach: false,
                tty: false,
                output_capacity: Some(64 * 1024),
            }),
        )
        .await
        .map_err(|e| docker_err(e, "starting the exec"))?;
    let StartExecResults::Attached {
        mut output,
        input: mut stdin,
    } = attached
    else {
        return Err(setup("exec started detached".into()));
    };
    // Feed stdin concurrently with reading, so a tool that writes before it has read
    // everything cannot deadlock the call; EOF (half-close) when done.
    let _writer = AbortOnDrop(tokio::spawn(async move {
        if stdin.write_all(&input).await.is_ok() {
            let _ = stdin.flush().await;
        }
        let _ = stdin.shutdown().await;
    }));
    let mut out = Collected {
        stdout: Vec::new(),
        stderr: Vec::new(),
        cap: limits.output_bytes,
        truncated: false,
    };
    let mut cut = None;
    loop {
        match tokio::time::timeout_at(deadline, output.next()).await {
            Err(_) => {
                cut = Some(Termination::TimedOut);
                break;
            }
            Ok(None) => break,
            Ok(Some(Err(e))) => return Err(docker_err(e, "reading the tool's output")),
            Ok(Some(Ok(chunk))) => {
                use bollard::container::LogOutput as L;
                let fits = match chunk {
                    L::StdOut { message } | L::Console { message } => out.push(false, &message),
                    L::StdErr { message } => out.push(true, &message),
                    L::StdIn { .. } => true,
                };
                if !fits {
                    cut = Some(Termination::OutputLimit);
                    break;
                }
            }
        }
    }
    // The streams closed; the tool may still run (it can close stdout and go on).
    let exit = match cut {
        Some(_) => None,
        None => match wait_exit(docker, &exec.id, deadline).await? {
            Some(code) => Some(code),
            None => {
                cut = Some(Termination::TimedOut);
                None
            }
        },
    };
    let duration = started.elapsed();
    if let Some(termination) = cut {
        kill(docker, id).await;
        return Ok(Outcome {
            termination,
            exit_code: None,
            signal: Some(9),
            stdout: out.stdout,
            stderr: out.stderr,
            truncated: out.truncated,
            duration,
        });
    }
    let code = exit.unwrap_or(-1);
    let (termination, exit_code, signal) = if oom_killed(docker, id, code).await {
        (Termination::OutOfMemory, None, Some(9))
    } else if (129..=128 + 64).contains(&code) {
        // Docker reports a process ended by signal n as 128 + n (it cannot tell that from
        // `exit(128 + n)`); we sent no signal on this path.
        (Termination::Killed, None, Some(code - 128))
    } else {
        (Termination::Exited, Some(code), None)
    };
    drop(removal);
    Ok(Outcome {
        termination,
        exit_code,
        signal,
        stdout: out.stdout,
        stderr: out.stderr,
        truncated: out.truncated,
        duration,
    })
}

/// Polls the exec until it is no longer running; `None` if the deadline passes first.
async fn wait_exit(
    docker: &Docker,
    exec: &str,
    deadline: Instant,
) -> Result<Option<i32>, SandboxError> {
    let mut pause = Duration::from_millis(2);
    loop {
        let info = docker
            .inspect_exec(exec)
            .await
            .map_err(|e| docker_err(e, "inspecting the exec"))?;
        if info.running == Some(false) {
            if let Some(code) = info.exit_code {
                return Ok(Some(i32::try_from(code).unwrap_or(-1)));
            }
        }
        if Instant::now() + pause >= deadline {
            return Ok(None);
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_millis(100));
    }
}

/// Whether the kernel OOM-killed something in the container during this call (the
/// container is fresh, so any kill counted is this call's), or pid 1 died of OOM.
async fn oom_killed(docker: &Docker, id: &str, code: i32) -> bool {
    if oom::kills(id).await.is_some_and(|n| n > 0) {
        return true;
    }
    if code != 128 + 9 {
        return false;
    }
    // A SIGKILL exit: the kernel counts the kill right after it sends SIGKILL, so look
    // once more after a moment; then ask Docker about pid 1.
    tokio::time::sleep(Duration::from_millis(50)).await;
    if oom::kills(id).await.is_some_and(|n| n > 0) {
        return true;
    }
    matches!(
        docker.inspect_container(id, None).await,
        Ok(c) if c.state.as_ref().and_then(|s| s.oom_killed) == Some(true)
    )
}

/// SIGKILLs the container's pid 1 (and so, with its pid namespace, every process in it).
async fn kill(docker: &Docker, id: &str) {
    let opts = KillContainerOptionsBuilder::default()
        .signal("KILL")
        .build();
    if let Err(e) = docker.kill_container(id, Some(opts)).await {
        tracing::debug!(container = %id, error = %e, "kill failed (removal follows)");
    }
}
