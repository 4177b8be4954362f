//! The node's side of one call: spawn the launcher, feed it the job and the input, read
//! stdout+stderr under one cap and the status pipe, enforce the wall timeout, kill the
//! whole tree when anything goes wrong or the future is dropped, map the result.

use std::os::fd::{AsRawFd, OwnedFd};
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::wire::{self, End, LaunchSpec, Status, STATUS_FD};
use super::zygote::{self, Zygote};
use super::{sys, SubprocessConfig};
use crate::{Layer, Outcome, SandboxError, Termination};

const KIND: &str = "subprocess";

/// How long to wait for the tree to be gone after a kill before saying so in the log.
const REAP_GRACE: Duration = Duration::from_secs(10);

/// Messages with which common runtimes report a failed allocation (RLIMIT_AS gives no
/// signal of its own, so this is how a memory failure is recognised).
const ALLOC_FAILURES: &[&str] = &[
    "out of memory",
    "cannot allocate memory",
    "memoryerror",
    "memory allocation of",
    "bad_alloc",
];

/// The launcher command with the status pipe's write end as its fd 3.
pub(crate) fn command(cfg: &SubprocessConfig, status_w: &OwnedFd) -> std::process::Command {
    use std::os::unix::process::CommandExt;
    let mut cmd = std::process::Command::new(&cfg.launcher);
    cmd.args(&cfg.launcher_args)
        .env_clear()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let fd = status_w.as_raw_fd();
    #[allow(unsafe_code)]
    // SAFETY: the closure runs in the forked child before exec and only calls dup2 or
    // fcntl, which are async-signal-safe; it allocates nothing and takes no lock.
    unsafe {
        cmd.pre_exec(move || {
            let rc = if fd == STATUS_FD {
                libc::fcntl(fd, libc::F_SETFD, 0)
            } else {
                libc::dup2(fd, STATUS_FD)
            };
            if rc < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd
}

/// Parsed status lines of one launch.
#[derive(Debug, Default)]
pub(crate) struct Report {
    pub layers: Vec<Layer>,
    pub error: Option<String>,
    pub exec_error: Option<String>,
    pub ready: bool,
    pub end: Option<End>,
    /// System calls seccomp refused, each once, in the order first tried.
    pub violations: Vec<String>,
}

impl Report {
    pub(crate) fn parse(bytes: &[u8]) -> Report {
        let mut r = Report::default();
        for line in String::from_utf8_lossy(bytes).lines() {
            match Status::parse(line) {
                Some(Status::Layer { name, on, detail }) => r.layers.push(Layer {
                    name,
                    active: on,
                    detail,
                }),
                Some(Status::Error(e)) => r.error = Some(e),
                Some(Status::Exec(e)) => r.exec_error = Some(e),
                Some(Status::Ready) => r.ready = true,
                Some(Status::End(end)) => r.end = Some(end),
                Some(Status::Violation(syscall)) => r.violations.push(syscall),
                None => r.error = Some(format!("malformed status line {line:?}")),
            }
        }
        r
    }

    /// Fails unless every required layer was reported on.
    pub(crate) fn check_required(&self, require: &[String]) -> Result<(), String> {
        for name in require {
            if !self.layers.iter().any(|l| &l.name == name && l.active) {
                return Err(format!("layer {name} expected but not in force"));
            }
        }
        Ok(())
    }
}

/// stdout and stderr under one cap.
struct Capture {
    cap: usize,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    truncated: bool,
}

impl Capture {
    /// Keeps what fits; returns whether the cap was exceeded.
    fn push(&mut self, err: bool, data: &[u8]) -> bool {
        let room = self
            .cap
            .saturating_sub(self.stdout.len() + self.stderr.len());
        let take = data.len().min(room);
        let target = if err {
            &mut self.stderr
        } else {
            &mut self.stdout
        };
        target.extend_from_slice(data.get(..take).unwrap_or_default());
        if take < data.len() {
            self.truncated = true;
        }
        self.truncated
    }
}

/// Why we killed the call, when we did.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Killed {
    Timeout,
    Output,
}

/// The raw result of one launch.
pub(crate) struct Launched {
    pub report: Report,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub truncated: bool,
    killed: Option<Killed>,
    pub duration: Duration,
    /// The launcher, when the call was answered before its status pipe closed (see
    /// [`finish`]); [`Teardown::confirm`] waits for the rest.
    pub teardown: Option<Teardown>,
}

/// A launcher whose tool has ended and whose namespace's init has SIGKILLed everything
/// else in it, but which has not finished exiting yet.
pub(crate) struct Teardown {
    started: Started,
}

impl Teardown {
    /// Waits (at most [`REAP_GRACE`]) for EOF on the status pipe, i.e. for the launcher
    /// and its namespace to be gone; says so in the log when that does not come. (Nothing
    /// follows the tool's end on that pipe.)
    pub(crate) async fn confirm(mut self) {
        let mut rest = Vec::new();
        let read = self.started.status.read_to_end(&mut rest);
        if tokio::time::timeout(REAP_GRACE, read).await.is_err() {
            tracing::error!(
                pid = self.started.pid,
                "sandbox launcher still alive {REAP_GRACE:?} after its tool ended"
            );
        }
    }
}

/// Counts calls that were answered while their launcher was still exiting, so that
/// shutdown and tests can wait for those to be gone.
#[derive(Debug, Default)]
pub(crate) struct Exiting {
    count: std::sync::atomic::AtomicUsize,
    none_left: tokio::sync::Notify,
}

/// One counted teardown; uncounts itself when dropped (also when its task is).
pub(crate) struct ExitingGuard(Arc<Exiting>);

impl Drop for ExitingGuard {
    fn drop(&mut self) {
        use std::sync::atomic::Ordering;
        if self.0.count.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.0.none_left.notify_waiters();
        }
    }
}

impl Exiting {
    /// Counts one teardown until the guard is dropped.
    pub(crate) fn enter(self: &Arc<Self>) -> ExitingGuard {
        self.count.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
        ExitingGuard(self.clone())
    }

    /// Teardowns under way now.
    pub(crate) fn count(&self) -> usize {
        self.count.load(std::sync::atomic::Ordering::Acquire)
    }

    /// Returns once no teardown is under way.
    pub(crate) async fn settled(&self) {
        crate::settle::until(&self.none_left, || self.count() == 0).await;
    }
}

/// A launcher forked on four fresh pipes that has applied every layer (or failed to):
/// with a gated job it waits for its call; otherwise it is already exec'ing. Dropping
/// it stops it through its pidfd (harmless once it has ended), and with it the tool's
/// pid namespace.
pub(crate) struct Started {
    pid: i32,
    pidfd: OwnedFd,
    gated: bool,
    /// Taken by `finish`, which closes it after the input.
    stdin: Option<tokio::net::unix::pipe::Sender>,
    stdout: tokio::net::unix::pipe::Receiver,
    stderr: tokio::net::unix::pipe::Receiver,
    status: tokio::net::unix::pipe::Receiver,
    status_buf: Vec<u8>,
    /// Whether the status pipe reached EOF during set-up (the launcher is gone).
    status_closed: bool,
}

impl Drop for Started {
    fn drop(&mut self) {
        if sys::pipe_hung_up(self.pidfd.as_raw_fd()) {
            return; // ended (the usual case: the call's teardown waited for it)
        }
        zygote::stop(&self.pidfd);
        // A launcher that does not act on the stop within the grace period is killed (a
        // no-op once it has ended: the pidfd names that process and no other).
        if let (Ok(rt), Ok(pidfd)) = (
            tokio::runtime::Handle::try_current(),
            self.pidfd.try_clone(),
        ) {
            rt.spawn(async move {
                tokio::time::sleep(REAP_GRACE).await;
                if !sys::pipe_hung_up(pidfd.as_raw_fd()) {
                    tracing::error!("sandbox launcher still alive {REAP_GRACE:?} after it was told to stop; killing it");
                    zygote::kill(&pidfd);
                }
            });
        }
    }
}

impl Started {
    /// Whether set-up finished with `ready` and the launcher is still there.
    pub(crate) fn ready(&self) -> bool {
        !self.status_closed && has_line(&self.status_buf, b"ready")
    }

    /// Whether the launcher process itself has exited: a pidfd polls readable from
    /// then on. Its pid namespace's init may still hold the status pipe open for a
    /// moment after that (until its parent-death SIGKILL lands).
    pub(crate) fn launcher_exited(&self) -> bool {
        use std::os::fd::AsRawFd;
        sys::pipe_hung_up(self.pidfd.as_raw_fd())
    }

    /// The launcher's pid (in the node's pid namespace).
    pub(crate) fn pid(&self) -> i32 {
        self.pid
    }

    /// The status pipe's read end (to check that a waiting launcher is still alive).
    pub(crate) fn status_fd(&self) -> std::os::fd::BorrowedFd<'_> {
        use std::os::fd::AsFd;
        self.status.as_fd()
    }
}

fn has_line(buf: &[u8], line: &[u8]) -> bool {
    buf.split(|b| *b == b'\n').any(|l| l == line)
}

/// Whether `buf` holds a complete `exit` or `signal` status line.
fn has_end(buf: &[u8]) -> bool {
    let complete = buf
        .iter()
        .rposition(|b| *b == b'\n')
        .and_then(|end| buf.get(..end))
        .unwrap_or_default();
    complete
        .split(|b| *b == b'\n')
        .any(|l| l.starts_with(b"exit\t") || l.starts_with(b"signal\t"))
}

/// Forks a launcher through `zygote`, sends it `job`, and waits until it reports
/// `ready` (every layer applied) or ends.
pub(crate) async fn start(zygote: &Arc<Zygote>, job: &LaunchSpec) -> Result<Started, SandboxError> {
    let setup = |why: String| SandboxError::Setup { kind: KIND, why };
    let frame = wire::frame(job).map_err(setup)?;
    let (stdin_r, stdin_w) = sys::pipe().map_err(setup)?;
    let (stdout_r, stdout_w) = sys::pipe().map_err(setup)?;
    let (stderr_r, stderr_w) = sys::pipe().map_err(setup)?;
    let (status_r, status_w) = sys::pipe().map_err(setup)?;
    let z = zygote.clone();
    let forked = tokio::task::spawn_blocking(move || {
        let r = z.launch([&stdin_r, &stdout_w, &stderr_w, &status_w]);
        // Our copies of the launcher's ends close here, so that EOF means it is gone.
        drop((stdin_r, stdout_w, stderr_w, status_w));
        r
    })
    .await
    .map_err(|e| setup(format!("launch task: {e}")))?
    .map_err(setup)?;
    let pipe = |what: &str, e: std::io::Error| setup(format!("{what} pipe: {e}"));
    let mut started = Started {
        pid: forked.pid,
        gated: job.gate,
        stdin: Some(
            tokio::net::unix::pipe::Sender::from_owned_fd(stdin_w).map_err(|e| pipe("stdin", e))?,
        ),
        stdout: tokio::net::unix::pipe::Receiver::from_owned_fd(stdout_r)
            .map_err(|e| pipe("stdout", e))?,
        stderr: tokio::net::unix::pipe::Receiver::from_owned_fd(stderr_r)
            .map_err(|e| pipe("stderr", e))?,
        status: tokio::net::unix::pipe::Receiver::from_owned_fd(status_r)
            .map_err(|e| pipe("status", e))?,
        pidfd: forked.pidfd,
        status_buf: Vec::new(),
        status_closed: false,
    };
    if let Some(stdin) = started.stdin.as_mut() {
        // EPIPE means the launcher ended early; its status says why.
        let _ = stdin.write_all(&frame).await;
    }
    if !job.gate {
        // Nothing to wait for: the launcher goes on to exec once it has read the job.
        return Ok(started);
    }
    let ready = async {
        let mut b = vec![0u8; 4096];
        loop {
            match started.status.read(&mut b).await {
                Ok(n) if n > 0 => {
                    started
                        .status_buf
                        .extend_from_slice(b.get(..n).unwrap_or_default());
                    if started.status_buf.len() > wire::MAX_FRAME {
                        return Err(setup("launcher status too long".into()));
                    }
                    if has_line(&started.status_buf, b"ready") {
                        return Ok(());
                    }
                }
                _ => {
                    started.status_closed = true;
                    return Ok(());
                }
            }
        }
    };
    tokio::time::timeout(REAP_GRACE, ready)
        .await
        .map_err(|_| setup(format!("launcher not ready within {REAP_GRACE:?}")))??;
    Ok(started)
}

/// Runs a started launcher's call to its end: opens its gate (when it has one), feeds
/// the input, reads stdout+stderr under one cap and the status pipe, enforces the wall
/// timeout (counted from here).
///
/// The call is answered when stdout and stderr are at EOF and the status pipe has
/// either said how the tool ended or reached EOF. The namespace's init writes the
/// tool's end only after `kill(-1, SIGKILL)` has returned, so from then on no process of
/// the tool runs again; the rest of the teardown (exits, namespace release) is left to
/// [`Launched::teardown`]. The status pipe's write end is held by the launcher until it
/// has reaped its pid namespace's init, and that init becomes reapable only once the
/// kernel has killed and reaped every process of the namespace; so when the status pipe
/// reaches EOF, nothing of the tool is left. After a kill (timeout, output cap) this
/// function stops the launcher (it SIGKILLs the init and keeps waiting) and waits for
/// that EOF.
pub(crate) async fn finish(
    mut started: Started,
    input: Vec<u8>,
    timeout: Duration,
    output_cap: usize,
) -> Result<Launched, SandboxError> {
    let setup = |why: String| SandboxError::Setup { kind: KIND, why };
    let began = Instant::now();
    let mut status_buf = std::mem::take(&mut started.status_buf);
    let gated = started.gated;
    let stdin = started.stdin.take();
    let writer = async move {
        let Some(mut stdin) = stdin else { return };
        // EPIPE when the tool does not read all of its input is not an error.
        if !gated || stdin.write_all(b"G").await.is_ok() {
            let _ = stdin.write_all(&input).await;
        }
    };
    tokio::pin!(writer);
    let deadline = tokio::time::Instant::now() + timeout;
    let mut cap = Capture {
        cap: output_cap,
        stdout: Vec::new(),
        stderr: Vec::new(),
        truncated: false,
    };
    let st_was_closed = started.status_closed;
    let (mut out_open, mut err_open, mut st_open, mut writing) = (true, true, !st_was_closed, true);
    let mut killed = None;
    let (mut b1, mut b2, mut b3) = (vec![0u8; 65536], vec![0u8; 65536], vec![0u8; 4096]);
    let Started {
        stdout,
        stderr,
        status,
        ..
    } = &mut started;
    let mut ended = has_end(&status_buf);
    while out_open || err_open || (st_open && !ended) {
        tokio::select! {
            r = stdout.read(&mut b1), if out_open => match r {
                Ok(n) if n > 0 => if cap.push(false, b1.get(..n).unwrap_or_default()) {
                    killed = Some(Killed::Output);
                    break;
                },
                _ => out_open = false,
            },
            r = stderr.read(&mut b2), if err_open => match r {
                Ok(n) if n > 0 => if cap.push(true, b2.get(..n).unwrap_or_default()) {
                    killed = Some(Killed::Output);
                    break;
                },
                _ => err_open = false,
            },
            r = status.read(&mut b3), if st_open => match r {
                Ok(n) if n > 0 => {
                    status_buf.extend_from_slice(b3.get(..n).unwrap_or_default());
                    if status_buf.len() > wire::MAX_FRAME {
                        return Err(setup("launcher status too long".into()));
                    }
                    ended = has_end(&status_buf);
                }
                _ => st_open = false,
            },
            () = &mut writer, if writing => writing = false,
            () = tokio::time::sleep_until(deadline) => {
                killed = Some(Killed::Timeout);
                break;
            }
        }
    }
    let duration = began.elapsed();
    if killed.is_some() {
        zygote::stop(&started.pidfd);
    }
    let mut teardown = None;
    if st_open && killed.is_none() {
        // Answered before the launcher's EOF: `Teardown::confirm` waits for the rest.
        teardown = Some(Teardown { started });
    } else if st_open {
        // Collect what the launcher still has to say, up to its EOF (bounded: everything
        // is being killed). That EOF is the proof that the tree is gone.
        let rest = async {
            let mut rest = Vec::new();
            let _ = started.status.read_to_end(&mut rest).await;
            rest
        };
        match tokio::time::timeout(REAP_GRACE, rest).await {
            Ok(rest) => status_buf.extend_from_slice(&rest),
            Err(_) => {
                tracing::error!(
                    pid = started.pid,
                    "sandbox launcher still alive {REAP_GRACE:?} after it was told to stop; killing it"
                );
                zygote::kill(&started.pidfd);
            }
        }
    }
    Ok(Launched {
        report: Report::parse(&status_buf),
        stdout: cap.stdout,
        stderr: cap.stderr,
        truncated: cap.truncated,
        killed,
        duration,
        teardown,
    })
}

/// Starts and finishes one ungated launch (the probe).
pub(crate) async fn launch(
    zygote: &Arc<Zygote>,
    job: &LaunchSpec,
    input: Vec<u8>,
    timeout: Duration,
    output_cap: usize,
) -> Result<Launched, SandboxError> {
    let started = start(zygote, job).await?;
    let mut launched = finish(started, input, timeout, output_cap).await?;
    if let Some(teardown) = launched.teardown.take() {
        teardown.confirm().await;
    }
    Ok(launched)
}

/// Turns a launch into the call's result.
pub(crate) fn outcome(
    tool: &str,
    launched: Launched,
    require: &[String],
    cpu_limit: Duration,
) -> Result<Outcome, SandboxError> {
    let setup = |why: String| SandboxError::Setup { kind: KIND, why };
    let Launched {
        report,
        stdout,
        stderr,
        truncated,
        killed,
        duration,
        teardown: _,
    } = launched;
    if let Some(why) = report.error {
        return Err(setup(why));
    }
    if let Some(why) = report.exec_error {
        return Err(SandboxError::BadSpec {
            tool: tool.into(),
            why,
        });
    }
    let base = |termination, exit_code, signal| Outcome {
        termination,
        exit_code,
        signal,
        stdout: Vec::new(),
        stderr: Vec::new(),
        truncated,
        duration,
        violations: Vec::new(),
    };
    let mut out = match killed {
        Some(Killed::Timeout) => base(Termination::TimedOut, None, Some(libc::SIGKILL)),
        Some(Killed::Output) => base(Termination::OutputLimit, None, Some(libc::SIGKILL)),
        None => {
            report.check_required(require).map_err(setup)?;
            if !report.ready {
                return Err(setup(format!(
                    "launcher ended before the tool started: {}",
                    String::from_utf8_lossy(&stderr).trim()
                )));
            }
            let alloc_failed = || {
                let text = String::from_utf8_lossy(&stderr).to_lowercase();
                ALLOC_FAILURES.iter().any(|m| text.contains(m))
            };
            let cpu_ms = u64::try_from(cpu_limit.as_millis()).unwrap_or(u64::MAX);
            match report.end {
                None => return Err(setup("launcher ended without the tool's status".into())),
                Some(End::Exited { code, .. }) if code != 0 && alloc_failed() => {
                    base(Termination::OutOfMemory, Some(code), None)
                }
                Some(End::Exited { code, .. }) => base(Termination::Exited, Some(code), None),
                Some(End::Signaled { signal, .. }) if signal == libc::SIGXCPU => {
                    base(Termination::CpuLimit, None, Some(signal))
                }
                Some(End::Signaled {
                    signal,
                    cpu_ms: used,
                }) if signal == libc::SIGKILL && used >= cpu_ms => {
                    base(Termination::CpuLimit, None, Some(signal))
                }
                Some(End::Signaled { signal, .. }) if alloc_failed() => {
                    base(Termination::OutOfMemory, None, Some(signal))
                }
                Some(End::Signaled { signal, .. }) => base(Termination::Killed, None, Some(signal)),
            }
        }
    };
    out.stdout = stdout;
    out.stderr = stderr;
    out.violations = report.violations;
    Ok(out)
}
