//! One call in one warm container: attach to the gate, write the go line (a fresh end
//! token) and the input, collect stdout/stderr under the cap up to the gate's end
//! markers, enforce the wall timeout, and remove the container afterwards (on every path,
//! including the future being dropped). When the markers do not come (the gate itself
//! was killed), the exit code and `State.OOMKilled` are read from Docker instead.

use std::sync::Arc;
use std::time::Duration;

use bollard::query_parameters::{AttachContainerOptionsBuilder, KillContainerOptionsBuilder};
use bollard::Docker;
use futures::StreamExt;
use tokio::io::AsyncWriteExt;
use tokio::time::Instant;

use super::docker_err;
use super::pool::Pool;
use crate::spec::Limits;
use crate::{Outcome, SandboxError, Termination};

/// Force-removes the container when dropped: the call's end, whichever way it ends.
struct Removal {
    pool: Arc<Pool>,
    id: String,
}

impl Drop for Removal {
    fn drop(&mut self) {
        self.pool.remove_used(std::mem::take(&mut self.id));
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

/// Finds the gate's end marker in one output stream and holds back what could be its
/// start, so that the marker never reaches the tool's output.
struct Ending {
    token: Vec<u8>,
    /// Bytes that may begin the marker, not yet passed on.
    held: Vec<u8>,
    /// What followed the token, once it was seen (the stdout marker's status fields).
    after: Option<Vec<u8>>,
}

/// How much of what follows the token is kept (`" <status> <oom kills>\n"`).
const AFTER_MAX: usize = 64;

impl Ending {
    fn new(token: &[u8]) -> Ending {
        Ending {
            token: token.to_vec(),
            held: Vec::new(),
            after: None,
        }
    }

    /// Takes one chunk and returns the part of it that is the tool's output.
    fn feed(&mut self, chunk: &[u8]) -> Vec<u8> {
        if let Some(after) = self.after.as_mut() {
            let room = AFTER_MAX.saturating_sub(after.len());
            after.extend_from_slice(chunk.get(..room.min(chunk.len())).unwrap_or_default());
            return Vec::new();
        }
        let mut buf = std::mem::take(&mut self.held);
        buf.extend_from_slice(chunk);
        if let Some(at) = buf.windows(self.token.len()).position(|w| w == self.token) {
            let rest = buf.split_off(at);
            let tail = rest.get(self.token.len()..).unwrap_or_default();
            self.after = Some(Vec::new());
            self.feed(tail);
            return buf;
        }
        let keep = (self.token.len() - 1).min(buf.len());
        self.held = buf.split_off(buf.len() - keep);
        buf
    }

    /// Whether the marker has been seen (with its whole line, when `line` is asked for).
    fn done(&self, line: bool) -> bool {
        match &self.after {
            Some(after) => !line || after.contains(&b'\n'),
            None => false,
        }
    }

    /// `<status> <oom kills>` after the stdout marker's token.
    fn exit(&self) -> Option<Exit> {
        let after = self.after.as_ref()?;
        let line = std::str::from_utf8(after).ok()?.lines().next()?;
        let mut fields = line.split_whitespace();
        let code = fields.next()?.parse::<i32>().ok()?;
        let oom = fields.next()?.parse::<u64>().ok()?;
        Some(Exit { code, oom: oom > 0 })
    }

    /// What was held back when the stream ends without a marker: it was output.
    fn flush(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.held)
    }
}

/// A fresh token for one call: 128 random bits, hex.
fn end_token() -> Vec<u8> {
    use rand_core::RngCore;
    let mut bytes = [0u8; 16];
    rand_core::OsRng.fill_bytes(&mut bytes);
    format!("lango-end-{}", hex::encode(bytes)).into_bytes()
}

/// Runs the tool gated in started container `id`, which this call owns and removes.
///
/// The call ends when the gate has written its end marker on stdout and on stderr (each
/// stream is copied separately by Docker, so only both markers mean that all output is
/// in). The gate writes them after the tool has ended and every other process of the
/// container was SIGKILLed, so no process of the tool runs after the answer; removing
/// the container is left to the background. A tool that learns the token (it could
/// read its parent's memory) can only end its own call early with a status of its
/// choosing, which its own exit code already gives it.
pub(crate) async fn run(
    pool: &Arc<Pool>,
    id: String,
    limits: &Limits,
    secrets: zeroize::Zeroizing<Vec<u8>>,
    input: Vec<u8>,
) -> Result<Outcome, SandboxError> {
    let docker = pool.docker();
    let removal = Removal {
        pool: pool.clone(),
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
    let token = end_token();
    // The go line and the secret values (see `create::gate`) in one write.
    let mut go = zeroize::Zeroizing::new(token.clone());
    go.push(b'\n');
    go.extend_from_slice(&secrets);
    drop(secrets);
    let (mut out_end, mut err_end) = (Ending::new(&token), Ending::new(&token));
    let writer = AbortOnDrop(tokio::spawn(async move {
        if stdin.write_all(&go).await.is_ok() && stdin.write_all(&input).await.is_ok() {
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
    let mut closed = false;
    while !(out_end.done(true) && err_end.done(false)) {
        match tokio::time::timeout_at(deadline, output.next()).await {
            Err(_) => {
                cut = Some(Termination::TimedOut);
                break;
            }
            Ok(None) => {
                closed = true;
                break;
            }
            Ok(Some(Err(e))) => return Err(docker_err(e, "reading the tool's output")),
            Ok(Some(Ok(chunk))) => {
                use bollard::container::LogOutput as L;
                let fits = match chunk {
                    L::StdOut { message } | L::Console { message } => {
                        out.push(false, &out_end.feed(&message))
                    }
                    L::StdErr { message } => out.push(true, &err_end.feed(&message)),
                    L::StdIn { .. } => true,
                };
                if !fits {
                    cut = Some(Termination::OutputLimit);
                    break;
                }
            }
        }
    }
    if !(out_end.done(true) && err_end.done(false)) {
        // No (complete) marker: the call timed out, went over the cap, or the gate did not
        // report (it was killed). What was held back was output.
        let (o, e) = (out_end.flush(), err_end.flush());
        if !(out.push(false, &o) && out.push(true, &e)) && cut.is_none() {
            cut = Some(Termination::OutputLimit);
        }
    }
    // Close the attach connection first: Docker must not block on writing output to us
    // while it kills the container.
    drop(output);
    drop(writer);
    // With both markers in, the gate has said how the tool ended; otherwise the streams
    // closed because the container's pid 1 ended: read its state from Docker.
    let reported = if closed { None } else { out_end.exit() };
    let state = match (cut, reported) {
        (Some(_), _) => None,
        (None, Some(exit)) => Some(exit),
        // (A marker whose fields do not parse can only be forged by the tool.)
        (None, None) => {
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
        violations: Vec::new(),
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
