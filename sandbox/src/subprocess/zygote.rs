//! The zygote: one launcher process, started once per back end, that forks a fresh
//! launcher for every call instead of the node exec'ing one.
//!
//! Exec'ing the node binary as the launcher costs milliseconds (a large PIE binary and
//! its libraries are loaded and relocated anew each time); a fork of this small,
//! single-threaded, already-relocated process costs about a tenth of that. Nothing else
//! changes: the forked child runs exactly the launcher's code ([`super::launcher`]) on
//! the call's four pipes, isolates itself layer by layer and execs the tool.
//!
//! The node and the zygote speak over a `SOCK_SEQPACKET` socket pair (the zygote's
//! fd 0). A request is the byte `L` carrying four descriptors (SCM_RIGHTS): the call's
//! stdin read end, stdout and stderr write ends, and the status pipe's write end. The
//! reply is `P` + the child's pid (i32 LE) carrying a pidfd for it, or `E` + a message.
//! The node kills a call through the pidfd, which cannot hit a recycled pid. The zygote
//! dies with the node (PDEATHSIG, and EOF on the socket), and each launcher dies with
//! the zygote.

use std::io::{IoSlice, IoSliceMut};
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, AsRawFd, OwnedFd};
use std::process::{Child, Stdio};
use std::sync::Mutex;
use std::time::Duration;

use rustix::net::{
    RecvAncillaryBuffer, RecvAncillaryMessage, RecvFlags, SendAncillaryBuffer,
    SendAncillaryMessage, SendFlags,
};

use super::{sys, SubprocessConfig};

/// The argument, after the configured launcher arguments, that starts a zygote.
pub(crate) const ZYGOTE_ARG: &str = "--zygote";

/// How long the node waits for the zygote's reply to one request.
const REPLY_TIMEOUT: Duration = Duration::from_secs(5);

/// Descriptors in a request: stdin, stdout, stderr, status.
const CALL_FDS: usize = 4;

// ---------------------------------------------------------------- zygote side

/// Entry of the zygote process (single-threaded; called by `launcher_main`). Serves
/// requests until the node closes the socket; returns the exit code.
pub(crate) fn serve(launch: fn() -> i32) -> i32 {
    let me = rustix::process::getpid();
    if let Err(e) = sys::prctl(
        libc::PR_SET_PDEATHSIG,
        libc::SIGKILL as libc::c_ulong,
        "prctl(PDEATHSIG)",
    ) {
        eprintln!("lango sandbox zygote: {e}");
        return 2;
    }
    // Started by the node: if it is already gone, so are we.
    if rustix::process::getppid().is_none_or(|p| p.as_raw_nonzero().get() == 1) {
        return 2;
    }
    // The socket moves off fd 0, so that received descriptors never land on 0..=2.
    let sock = match rustix::io::fcntl_dupfd_cloexec(rustix::stdio::stdin(), 10) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("lango sandbox zygote: moving the socket: {e}");
            return 2;
        }
    };
    if let Err(e) = sys::stdio_to_devnull_keep_stderr() {
        eprintln!("lango sandbox zygote: {e}");
        return 2;
    }
    super::syscall_filter::precompile();
    loop {
        reap();
        let fds = match receive(&sock) {
            Ok(Some(fds)) => fds,
            Ok(None) => return 0,
            Err(e) => {
                eprintln!("lango sandbox zygote: {e}");
                return 1;
            }
        };
        let reply = match sys::fork() {
            Ok(0) => {
                drop(sock);
                sys::exit_now(child(fds, me, launch));
            }
            Ok(pid) => {
                drop(fds);
                rustix::process::Pid::from_raw(pid)
                    .ok_or_else(|| format!("fork returned pid {pid}"))
                    .and_then(|p| {
                        rustix::process::pidfd_open(p, rustix::process::PidfdFlags::empty())
                            .map_err(|e| format!("pidfd_open: {e}"))
                    })
                    .map(|fd| (pid, fd))
            }
            Err(e) => Err(e),
        };
        if let Err(e) = answer(&sock, reply) {
            eprintln!("lango sandbox zygote: {e}");
            return 1;
        }
    }
}

/// In the forked child: the call's pipes become fds 0..=3, then the launcher runs.
fn child(fds: Vec<OwnedFd>, zygote: rustix::process::Pid, launch: fn() -> i32) -> i32 {
    if sys::prctl(
        libc::PR_SET_PDEATHSIG,
        libc::SIGKILL as libc::c_ulong,
        "prctl(PDEATHSIG)",
    )
    .is_err()
        || rustix::process::getppid() != Some(zygote)
    {
        return 2;
    }
    // Received descriptors are >= 3 (0..=2 are taken), and one of them may be fd 3:
    // move all of them above the targets first, then into place.
    let mut high = Vec::with_capacity(CALL_FDS);
    for fd in &fds {
        match rustix::io::fcntl_dupfd_cloexec(fd, 16) {
            Ok(h) => high.push(h),
            Err(_) => return 2,
        }
    }
    drop(fds);
    for (target, fd) in high.iter().enumerate() {
        // `target` is 0..=3.
        if sys::dup2(fd.as_raw_fd(), target as i32).is_err() {
            return 2;
        }
    }
    drop(high);
    launch()
}

/// Reaps every launcher that has ended (they are our children).
fn reap() {
    while let Ok(Some(_)) = rustix::process::waitpid(None, rustix::process::WaitOptions::NOHANG) {}
}

/// One request: `Ok(None)` when the node has closed the socket.
fn receive(sock: &OwnedFd) -> Result<Option<Vec<OwnedFd>>, String> {
    let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(CALL_FDS))];
    let mut control = RecvAncillaryBuffer::new(&mut space);
    let mut byte = [0u8; 1];
    let got = loop {
        // Wake up now and then to reap launchers that have ended.
        let mut poll = [rustix::event::PollFd::new(
            sock,
            rustix::event::PollFlags::IN,
        )];
        let timeout = rustix::event::Timespec {
            tv_sec: 1,
            tv_nsec: 0,
        };
        match rustix::event::poll(&mut poll, Some(&timeout)) {
            Ok(0) => {
                reap();
                continue;
            }
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => continue,
            Err(e) => return Err(format!("poll: {e}")),
        }
        match rustix::net::recvmsg(
            sock,
            &mut [IoSliceMut::new(&mut byte)],
            &mut control,
            RecvFlags::CMSG_CLOEXEC,
        ) {
            Ok(m) => break m,
            Err(rustix::io::Errno::INTR) => continue,
            Err(e) => return Err(format!("recvmsg: {e}")),
        }
    };
    if got.bytes == 0 {
        return Ok(None);
    }
    let mut fds = Vec::new();
    for msg in control.drain() {
        if let RecvAncillaryMessage::ScmRights(r) = msg {
            fds.extend(r);
        }
    }
    if byte[0] != b'L' || fds.len() != CALL_FDS {
        return Err(format!(
            "malformed request ({:?}, {} descriptors)",
            byte[0] as char,
            fds.len()
        ));
    }
    Ok(Some(fds))
}

fn answer(sock: &OwnedFd, reply: Result<(i32, OwnedFd), String>) -> Result<(), String> {
    let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(1))];
    let mut control = SendAncillaryBuffer::new(&mut space);
    let (body, fd) = match reply {
        Ok((pid, fd)) => {
            let mut b = vec![b'P'];
            b.extend_from_slice(&pid.to_le_bytes());
            (b, Some(fd))
        }
        Err(why) => {
            let mut b = vec![b'E'];
            b.extend_from_slice(why.as_bytes());
            (b, None)
        }
    };
    let borrowed = fd.as_ref().map(|f| [f.as_fd()]);
    if let Some(b) = &borrowed {
        if !control.push(SendAncillaryMessage::ScmRights(b)) {
            return Err("no room for the pidfd".into());
        }
    }
    rustix::net::sendmsg(
        sock,
        &[IoSlice::new(&body)],
        &mut control,
        SendFlags::NOSIGNAL,
    )
    .map_err(|e| format!("sendmsg: {e}"))?;
    Ok(())
}

// ---------------------------------------------------------------- node side

/// The node's handle on its zygote; started again if it dies.
#[derive(Debug)]
pub(crate) struct Zygote {
    cfg: SubprocessConfig,
    live: Mutex<Option<Live>>,
}

#[derive(Debug)]
struct Live {
    sock: OwnedFd,
    process: Child,
}

impl Drop for Live {
    fn drop(&mut self) {
        // Closing the socket ends it too; the kill makes sure, the wait reaps it.
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// One launched call: the launcher's pid and a pidfd that signals exactly it.
pub(crate) struct Launched {
    pub pid: i32,
    pub pidfd: OwnedFd,
}

impl Zygote {
    /// Starts the zygote (`launcher launcher_args… --zygote`).
    pub(crate) fn start(cfg: &SubprocessConfig) -> Result<Zygote, String> {
        let z = Zygote {
            cfg: cfg.clone(),
            live: Mutex::new(None),
        };
        let live = z.spawn()?;
        *z.lock() = Some(live);
        Ok(z)
    }

    /// The zygote's pid, while one is running.
    pub(crate) fn pid(&self) -> Option<u32> {
        self.lock().as_ref().map(|l| l.process.id())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Live>> {
        self.live.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn spawn(&self) -> Result<Live, String> {
        let (ours, theirs) = rustix::net::socketpair(
            rustix::net::AddressFamily::UNIX,
            rustix::net::SocketType::SEQPACKET,
            rustix::net::SocketFlags::CLOEXEC,
            None,
        )
        .map_err(|e| format!("socketpair: {e}"))?;
        let process = std::process::Command::new(&self.cfg.launcher)
            .args(&self.cfg.launcher_args)
            .arg(ZYGOTE_ARG)
            .env_clear()
            .stdin(Stdio::from(theirs))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("starting the zygote {}: {e}", self.cfg.launcher.display()))?;
        Ok(Live {
            sock: ours,
            process,
        })
    }

    /// Forks a launcher on the call's pipes (stdin read end, stdout and stderr write
    /// ends, status write end). Blocking: a fork's worth of time. A zygote that has died
    /// is started again once.
    pub(crate) fn launch(&self, fds: [&OwnedFd; CALL_FDS]) -> Result<Launched, String> {
        let mut live = self.lock();
        for attempt in 0..2 {
            if live.is_none() {
                *live = Some(self.spawn()?);
            }
            let Some(l) = live.as_ref() else {
                continue;
            };
            match request(&l.sock, fds) {
                Ok(r) => return r,
                Err(e) if attempt == 0 => {
                    tracing::warn!("sandbox zygote failed ({e}); starting it again");
                    *live = None;
                }
                Err(e) => return Err(format!("sandbox zygote: {e}")),
            }
        }
        Err("sandbox zygote: not running".into())
    }
}

/// One exchange. The outer error means the zygote is unusable (restart it); the inner
/// one is its answer to this request.
fn request(sock: &OwnedFd, fds: [&OwnedFd; CALL_FDS]) -> Result<Result<Launched, String>, String> {
    let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(CALL_FDS))];
    let mut control = SendAncillaryBuffer::new(&mut space);
    let borrowed = fds.map(|f| f.as_fd());
    if !control.push(SendAncillaryMessage::ScmRights(&borrowed)) {
        return Err("no room for the descriptors".into());
    }
    rustix::net::sendmsg(
        sock,
        &[IoSlice::new(b"L")],
        &mut control,
        SendFlags::NOSIGNAL,
    )
    .map_err(|e| format!("sendmsg: {e}"))?;

    let mut poll = [rustix::event::PollFd::new(
        sock,
        rustix::event::PollFlags::IN,
    )];
    let timeout = rustix::event::Timespec {
        tv_sec: REPLY_TIMEOUT.as_secs() as i64,
        tv_nsec: 0,
    };
    match rustix::event::poll(&mut poll, Some(&timeout)) {
        Ok(0) => return Err(format!("no reply within {REPLY_TIMEOUT:?}")),
        Ok(_) => {}
        Err(e) => return Err(format!("poll: {e}")),
    }
    let mut rspace = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(1))];
    let mut rcontrol = RecvAncillaryBuffer::new(&mut rspace);
    let mut body = [0u8; 512];
    let got = rustix::net::recvmsg(
        sock,
        &mut [IoSliceMut::new(&mut body)],
        &mut rcontrol,
        RecvFlags::CMSG_CLOEXEC,
    )
    .map_err(|e| format!("recvmsg: {e}"))?;
    let mut pidfd = None;
    for msg in rcontrol.drain() {
        if let RecvAncillaryMessage::ScmRights(mut r) = msg {
            pidfd = r.next();
        }
    }
    let body = body.get(..got.bytes).unwrap_or_default();
    match (body.split_first(), pidfd) {
        (None, _) => Err("the zygote closed its socket".into()),
        (Some((b'P', pid)), Some(pidfd)) => {
            let pid: [u8; 4] = pid
                .try_into()
                .map_err(|_| "malformed reply from the zygote".to_string())?;
            Ok(Ok(Launched {
                pid: i32::from_le_bytes(pid),
                pidfd,
            }))
        }
        (Some((b'E', why)), _) => Ok(Err(String::from_utf8_lossy(why).into_owned())),
        _ => Err("malformed reply from the zygote".into()),
    }
}

/// SIGTERM to the launcher behind `pidfd` (a no-op once it has ended): it SIGKILLs its
/// pid namespace's init and exits once the kernel has killed and reaped the whole tool
/// tree, so the status pipe's EOF follows the tree's end.
pub(crate) fn stop(pidfd: &OwnedFd) {
    let _ = rustix::process::pidfd_send_signal(pidfd, rustix::process::Signal::TERM);
}

/// SIGKILL to the launcher behind `pidfd`, for one that did not act on [`stop`]. Its
/// pid namespace's init dies with it (PDEATHSIG), and with that init the whole tool
/// tree, but the status pipe may reach EOF while the kernel is still killing it.
pub(crate) fn kill(pidfd: &OwnedFd) {
    let _ = rustix::process::pidfd_send_signal(pidfd, rustix::process::Signal::KILL);
}
