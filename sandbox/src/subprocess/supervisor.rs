//! The seccomp supervisor, run by the namespace's pid 1 (C) while the tool runs.
//!
//! T installs the seccomp filter with a user-notification listener and hands the listener
//! to C over a socket pair before it execs the tool (the listener is close-on-exec: the
//! tool never holds it, so it cannot answer its own refused calls). C then waits on the
//! listener and on SIGCHLD together: every refused system call is answered EPERM (what
//! the filter would have answered by itself) and the first attempt of each system call is
//! reported on the status pipe as a `violation` line; every process that ends is reaped,
//! until T itself ends.

use std::io::{IoSlice, IoSliceMut};
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, AsRawFd, OwnedFd};

use rustix::net::{
    AddressFamily, RecvAncillaryBuffer, RecvAncillaryMessage, RecvFlags, SendAncillaryBuffer,
    SendAncillaryMessage, SendFlags, SocketFlags, SocketType,
};

use super::wire::End;
use super::{sys, syscall_filter};

/// The socket pair over which T hands C the listener: (C's end, T's end), close-on-exec.
pub(crate) fn handoff_pair() -> Result<(OwnedFd, OwnedFd), String> {
    rustix::net::socketpair(
        AddressFamily::UNIX,
        SocketType::SEQPACKET,
        SocketFlags::CLOEXEC,
        None,
    )
    .map_err(|e| format!("socketpair: {e}"))
}

/// T's side: sends `listener` to C.
pub(crate) fn hand_over(sock: &OwnedFd, listener: &OwnedFd) -> Result<(), String> {
    let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(1))];
    let mut control = SendAncillaryBuffer::new(&mut space);
    let fds = [listener.as_fd()];
    if !control.push(SendAncillaryMessage::ScmRights(&fds)) {
        return Err("seccomp listener hand-over: control buffer too small".into());
    }
    rustix::net::sendmsg(
        sock,
        &[IoSlice::new(b"S")],
        &mut control,
        SendFlags::empty(),
    )
    .map_err(|e| format!("seccomp listener hand-over: sendmsg: {e}"))?;
    Ok(())
}

/// C's side: the listener T sent, or `None` if T closed its end without sending one
/// (its seccomp layer is off or answers EPERM itself, or it failed before that layer).
pub(crate) fn take_over(sock: &OwnedFd) -> Result<Option<OwnedFd>, String> {
    let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(1))];
    let mut control = RecvAncillaryBuffer::new(&mut space);
    let mut byte = [0u8; 1];
    let got = loop {
        match rustix::net::recvmsg(
            sock,
            &mut [IoSliceMut::new(&mut byte)],
            &mut control,
            RecvFlags::CMSG_CLOEXEC,
        ) {
            Ok(got) => break got,
            Err(rustix::io::Errno::INTR) => continue,
            Err(e) => return Err(format!("seccomp listener take-over: recvmsg: {e}")),
        }
    };
    if got.bytes == 0 {
        return Ok(None);
    }
    for msg in control.drain() {
        if let RecvAncillaryMessage::ScmRights(mut fds) = msg {
            if let Some(fd) = fds.next() {
                return Ok(Some(fd));
            }
        }
    }
    Err("seccomp listener take-over: message without a descriptor".into())
}

/// How a process ended, from its wait status.
fn end_of(status: i32, cpu_ms: u64) -> End {
    if libc::WIFSIGNALED(status) {
        End::Signaled {
            signal: libc::WTERMSIG(status),
            cpu_ms,
        }
    } else {
        End::Exited {
            code: libc::WEXITSTATUS(status),
            cpu_ms,
        }
    }
}

/// Reaps every process that ends in the namespace until T (`tool`) ends, and returns how
/// it ended. With a `listener`, refused system calls are answered EPERM meanwhile and
/// `violation` is called once per system call, at its first attempt.
pub(crate) fn wait_for_tool(
    tool: i32,
    listener: Option<OwnedFd>,
    mut violation: impl FnMut(&str),
) -> Result<End, String> {
    let sigchld = sys::sigchld_fd()?;
    let mut reported: Vec<i32> = Vec::new();
    let mut listener = listener;
    loop {
        // First, so that a child that ended before SIGCHLD was blocked is not missed.
        while let Some((pid, status, cpu_ms)) = sys::wait_ended()? {
            if pid == tool {
                return Ok(end_of(status, cpu_ms));
            }
        }
        let l = listener.as_ref().map_or(-1, AsRawFd::as_raw_fd);
        let [lr, sr] = sys::poll_in([l, sigchld.as_raw_fd()])?;
        if lr & libc::POLLIN != 0 {
            if let Some((id, nr)) = sys::notif_recv(l)? {
                sys::notif_refuse(l, id, libc::EPERM)?;
                if !reported.contains(&nr) {
                    reported.push(nr);
                    violation(&syscall_filter::name_of(nr));
                }
            }
        } else if lr != 0 {
            // Hang-up: no process is left under the filter; only reaping remains.
            listener = None;
        }
        if sr != 0 {
            sys::drain(sigchld.as_raw_fd());
        }
    }
}
