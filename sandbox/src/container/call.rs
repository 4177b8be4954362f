//! One call in one warm container: attach to the gate, write the go line and the input,
//! collect stdout/stderr under the cap, enforce the wall timeout, read the exit code and
//! `State.OOMKilled` from the container, and remove the container afterwards (on every
//! path, including the future being dropped).

use std::time::Duration;

use bollard::query_parameters::{AttachContainerOptionsBuilder, KillContainerOptionsBuilder};
use bollard::Docker;
use futures::StreamExt;
use tokio::io::AsyncWriteExt;
use tokio::time::Instant;

use super::{docker_err, pool};
use crate::spec::Limits;
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

/// Runs the tool gated in started container `id`, which this call owns and removes.
pub(crate) async fn run(
    docker: &Docker,
    id: String,
    limits: &Limits,
    input: Vec<u8>,
) -> Result<Outcome, SandboxError> {
    let removal = Removal {
        docker: docker.clone(),
        id,
    };
    let id = removal.id.as_str();
    let opts = AttachContainerOptionsBuilder::default()
        .stdin(true)
        .stdout(true)
        .stderr(true)
        .stream(true)
        .logs(false)
        .build();
    let attached = docker
        .attach_container(id, Some(opts))
        .await
        .map_err(|e| docker_err(e, "attaching to the container"))?;
    let mut output = attached.output;
    let mut stdin = attached.input;
    let started = Instant::now();
    let deadline = started + limits.timeout;
    // The go line, then the input, concurrently with reading so that a tool that writes
    // before it has read everything cannot deadlock the call; then EOF (half-close).
    let writer = AbortOnDrop(tokio::spawn(async move {
        if stdin.write_all(b"\n").await.is_ok() && stdin.write_all(&input).await.is_ok() {
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
    // Close the attach connection first: Docker must not block on writing output to us
    // while it kills the container.
    drop(output);
    drop(writer);
    // The streams closed: the tool (pid 1) is exiting or has exited; read its state.
    let state = match cut {
        Some(_) => None,
        None => {
            let state = wait_exit(docker, id, deadline).await?;
            if state.is_none() {
                cut = Some(Termination::TimedOut);
            }
            state
        }
    };
    let duration = started.elapsed();
    let (termination, exit_code, signal) = match (cut, state) {
        (Some(termination), _) => {
            kill(docker, id).await;
            (termination, None, Some(9))
        }
        (None, Some(Exit { oom: true, code })) if code > 128 => {
            (Termination::OutOfMemory, None, Some(code - 128))
        }
        // A process of the tool was OOM-killed but the tool itself exited.
        (None, Some(Exit { oom: true, code })) => (Termination::OutOfMemory, Some(code), None),
        // Docker reports a process ended by signal n as 128 + n (it cannot tell that from
        // `exit(128 + n)`); we sent no signal on this path.
        (None, Some(Exit { code, .. })) if (129..=128 + 64).contains(&code) => {
            (Termination::Killed, None, Some(code - 128))
        }
        (None, Some(Exit { code, .. })) => (Termination::Exited, Some(code), None),
        (None, None) => (Termination::TimedOut, None, Some(9)),
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

/// How the container's pid 1 (the tool) ended.
struct Exit {
    code: i32,
    oom: bool,
}

/// Polls the container until it is no longer running; `None` if the deadline passes.
async fn wait_exit(
    docker: &Docker,
    id: &str,
    deadline: Instant,
) -> Result<Option<Exit>, SandboxError> {
    let mut pause = Duration::from_millis(1);
    loop {
        let info = docker
            .inspect_container(id, None)
            .await
            .map_err(|e| docker_err(e, "inspecting the container"))?;
        if let Some(st) = info.state {
            if st.running == Some(false) {
                if let Some(code) = st.exit_code {
                    return Ok(Some(Exit {
                        code: i32::try_from(code).unwrap_or(-1),
                        oom: st.oom_killed == Some(true),
                    }));
                }
            }
        }
        if Instant::now() + pause >= deadline {
            return Ok(None);
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_millis(100));
    }
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
