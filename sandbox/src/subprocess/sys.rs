//! Thin wrappers over the raw system calls the launcher and the driver need. Each one is
//! a single libc call on plain values; errors come back as `String`s naming the call.

use std::ffi::CString;
use std::io;

fn last(call: &str) -> String {
    format!("{call}: {}", io::Error::last_os_error())
}

fn check(rc: libc::c_long, call: &str) -> Result<libc::c_long, String> {
    if rc < 0 {
        Err(last(call))
    } else {
        Ok(rc)
    }
}

/// Whether `fd` is an open descriptor.
#[allow(unsafe_code)]
pub(crate) fn fd_is_open(fd: i32) -> bool {
    // SAFETY: F_GETFD only reads the descriptor flags of `fd`; no memory is passed.
    unsafe { libc::fcntl(fd, libc::F_GETFD) >= 0 }
}

/// Sets or clears FD_CLOEXEC on `fd`.
#[allow(unsafe_code)]
pub(crate) fn set_cloexec(fd: i32, on: bool) -> Result<(), String> {
    let flag = if on { libc::FD_CLOEXEC } else { 0 };
    // SAFETY: F_SETFD takes an int flag word; no memory is passed.
    check(
        unsafe { libc::fcntl(fd, libc::F_SETFD, flag) }.into(),
        "fcntl(F_SETFD)",
    )?;
    Ok(())
}

/// Writes all of `buf` to `fd` (retrying on EINTR and short writes).
#[allow(unsafe_code)]
pub(crate) fn write_all(fd: i32, mut buf: &[u8]) -> Result<(), String> {
    while !buf.is_empty() {
        // SAFETY: `buf` is a live slice; write reads at most `buf.len()` bytes from it.
        let n = unsafe { libc::write(fd, buf.as_ptr().cast(), buf.len()) };
        if n < 0 {
            if io::Error::last_os_error().kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return Err(last("write"));
        }
        let n = usize::try_from(n).map_err(|_| "write: bad count".to_string())?;
        buf = buf.get(n..).unwrap_or_default();
    }
    Ok(())
}

/// Reads exactly `buf.len()` bytes from `fd`, unbuffered (nothing past them is consumed).
#[allow(unsafe_code)]
pub(crate) fn read_exact(fd: i32, buf: &mut [u8]) -> Result<(), String> {
    let mut got = 0;
    while got < buf.len() {
        let rest = buf.get_mut(got..).unwrap_or_default();
        // SAFETY: `rest` is a live mutable slice; read writes at most `rest.len()` bytes.
        let n = unsafe { libc::read(fd, rest.as_mut_ptr().cast(), rest.len()) };
        if n < 0 {
            if io::Error::last_os_error().kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return Err(last("read"));
        }
        if n == 0 {
            return Err("read: end of input before the job was complete".into());
        }
        got += usize::try_from(n).map_err(|_| "read: bad count".to_string())?;
    }
    Ok(())
}

/// Non-blocking check whether the write end of pipe `fd` is gone (EOF readable now).
#[allow(unsafe_code)]
pub(crate) fn pipe_hung_up(fd: i32) -> bool {
    let mut p = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: `p` is one valid pollfd; timeout 0 makes the call non-blocking.
    let rc = unsafe { libc::poll(&mut p, 1, 0) };
    rc > 0 && (p.revents & (libc::POLLHUP | libc::POLLIN)) != 0
}

/// `pipe2(O_CLOEXEC)`: (read end, write end).
#[allow(unsafe_code)]
pub(crate) fn pipe() -> Result<(std::os::fd::OwnedFd, std::os::fd::OwnedFd), String> {
    use std::os::fd::FromRawFd;
    let mut fds = [0i32; 2];
    // SAFETY: `fds` has room for the two descriptors pipe2 writes.
    check(
        unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) }.into(),
        "pipe2",
    )?;
    // SAFETY: pipe2 succeeded, so both are fresh descriptors owned by nobody else.
    Ok(unsafe {
        (
            std::os::fd::OwnedFd::from_raw_fd(fds[0]),
            std::os::fd::OwnedFd::from_raw_fd(fds[1]),
        )
    })
}

/// `setsid()`: returns the new session (and process group) id.
#[allow(unsafe_code)]
pub(crate) fn setsid() -> Result<i32, String> {
    // SAFETY: no arguments.
    let rc = unsafe { libc::setsid() };
    if rc < 0 {
        Err(last("setsid"))
    } else {
        Ok(rc)
    }
}

/// `unshare(flags)`.
#[allow(unsafe_code)]
pub(crate) fn unshare(flags: i32, what: &str) -> Result<(), String> {
    // SAFETY: plain flag word.
    check(unsafe { libc::unshare(flags) }.into(), what)?;
    Ok(())
}

/// Effective uid.
#[allow(unsafe_code)]
pub(crate) fn geteuid() -> u32 {
    // SAFETY: no arguments, cannot fail.
    unsafe { libc::geteuid() }
}

/// The calling process's supplementary groups.
#[allow(unsafe_code)]
pub(crate) fn supplementary_groups() -> Result<Vec<u32>, String> {
    // SAFETY: a size of 0 with a null list only returns the count.
    let n = unsafe { libc::getgroups(0, std::ptr::null_mut()) };
    let len = usize::try_from(n).map_err(|_| last("getgroups"))?;
    let mut groups: Vec<libc::gid_t> = vec![0; len];
    // SAFETY: `groups` has room for `n` entries, the size passed.
    let got = unsafe { libc::getgroups(n, groups.as_mut_ptr()) };
    let got = usize::try_from(got).map_err(|_| last("getgroups"))?;
    groups.truncate(got);
    Ok(groups)
}

/// Effective gid.
#[allow(unsafe_code)]
pub(crate) fn getegid() -> u32 {
    // SAFETY: no arguments, cannot fail.
    unsafe { libc::getegid() }
}

/// Drops every supplementary group, then sets real/effective/saved gid and uid.
#[allow(unsafe_code)]
pub(crate) fn drop_to(uid: u32, gid: u32) -> Result<(), String> {
    // SAFETY: size 0 with a null list clears the supplementary groups.
    check(
        unsafe { libc::setgroups(0, std::ptr::null()) }.into(),
        "setgroups",
    )?;
    // SAFETY: plain ids.
    check(
        unsafe { libc::setresgid(gid, gid, gid) }.into(),
        "setresgid",
    )?;
    // SAFETY: plain ids.
    check(
        unsafe { libc::setresuid(uid, uid, uid) }.into(),
        "setresuid",
    )?;
    // SAFETY: no arguments.
    let (ru, eu) = unsafe { (libc::getuid(), libc::geteuid()) };
    if ru != uid || eu != uid {
        return Err(format!("still uid {ru}/{eu} after setresuid({uid})"));
    }
    Ok(())
}

/// `prctl` with one integer argument.
#[allow(unsafe_code)]
pub(crate) fn prctl(option: i32, arg: libc::c_ulong, what: &str) -> Result<(), String> {
    // SAFETY: the options used here (DUMPABLE, PDEATHSIG, NO_NEW_PRIVS) take integers only.
    check(unsafe { libc::prctl(option, arg, 0, 0, 0) }.into(), what)?;
    Ok(())
}

/// `fork()`. Only called by the single-threaded launcher.
#[allow(unsafe_code)]
pub(crate) fn fork() -> Result<i32, String> {
    // SAFETY: the launcher is single-threaded (launcher_main runs before any thread is
    // started), so the child's copy of the address space holds no lock held elsewhere.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        Err(last("fork"))
    } else {
        Ok(pid)
    }
}

/// `kill(-1, SIGKILL)`: from a pid namespace's init, every other process of that
/// namespace (and of namespaces below it) gets SIGKILL before this returns. A fork racing
/// with it either is signalled or fails, since the parent already has SIGKILL pending.
#[allow(unsafe_code)]
pub(crate) fn kill_all_others() -> Result<(), String> {
    // SAFETY: plain system call on integer arguments.
    let rc = unsafe { libc::kill(-1, libc::SIGKILL) };
    if rc < 0 && io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH) {
        return Err(last("kill(-1, SIGKILL)"));
    }
    Ok(())
}

/// `_exit(code)`: leaves without running destructors or flushing anything shared.
#[allow(unsafe_code)]
pub(crate) fn exit_now(code: i32) -> ! {
    // SAFETY: terminates the calling process.
    unsafe { libc::_exit(code) }
}

/// `wait4(pid)`: (pid, raw status, CPU ms user+system), retrying on EINTR; `None` on
/// ECHILD.
pub(crate) fn wait_any(pid: i32) -> Result<Option<(i32, i32, u64)>, String> {
    wait4(pid, 0)
}

/// `wait4(-1, WNOHANG)`: a child that has ended, if any; `None` when none has (or there
/// is no child).
pub(crate) fn wait_ended() -> Result<Option<(i32, i32, u64)>, String> {
    wait4(-1, libc::WNOHANG)
}

#[allow(unsafe_code)]
fn wait4(pid: i32, flags: i32) -> Result<Option<(i32, i32, u64)>, String> {
    loop {
        let mut status = 0;
        // SAFETY: rusage is plain old data; all-zero is a valid value.
        let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: both out-pointers point to live locals.
        let rc = unsafe { libc::wait4(pid, &mut status, flags, &mut ru) };
        if rc < 0 {
            let e = io::Error::last_os_error();
            match e.raw_os_error() {
                Some(libc::EINTR) => continue,
                Some(libc::ECHILD) => return Ok(None),
                _ => return Err(format!("wait4: {e}")),
            }
        }
        if rc == 0 {
            return Ok(None);
        }
        let ms = |t: libc::timeval| {
            u64::try_from(t.tv_sec).unwrap_or(0) * 1000
                + u64::try_from(t.tv_usec).unwrap_or(0) / 1000
        };
        return Ok(Some((rc, status, ms(ru.ru_utime) + ms(ru.ru_stime))));
    }
}

/// Blocks SIGCHLD for the calling (single-threaded) process and returns a non-blocking
/// signalfd on which it arrives instead, so that one `poll` can wait for children and
/// other descriptors together.
pub(crate) fn sigchld_fd() -> Result<std::os::fd::OwnedFd, String> {
    signal_fd(&[libc::SIGCHLD])
}

/// A set of the signals in `sigs`.
#[allow(unsafe_code)]
fn sigset(sigs: &[i32]) -> libc::sigset_t {
    // SAFETY: sigset_t is plain old data, initialised by sigemptyset before any use.
    let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
    // SAFETY: `set` is a live local; these calls only write it. sigaddset fails only
    // for an invalid signal number, and callers pass libc constants.
    unsafe {
        libc::sigemptyset(&mut set);
        for s in sigs {
            libc::sigaddset(&mut set, *s);
        }
    }
    set
}

/// `sigprocmask(SIG_UNBLOCK, sigs)`: undoes [`signal_fd`]'s blocking in a forked child,
/// which inherits its parent's mask (and would pass it on through `execve`).
#[allow(unsafe_code)]
pub(crate) fn unblock_signals(sigs: &[i32]) -> Result<(), String> {
    let set = sigset(sigs);
    // SAFETY: `set` is a live, initialised sigset; the old mask is not asked for.
    let rc = unsafe { libc::sigprocmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut()) };
    check(rc.into(), "sigprocmask").map(|_| ())
}

/// SIGKILL to `pid`, a child of the caller that it has not reaped (so the pid cannot
/// have been recycled).
#[allow(unsafe_code)]
pub(crate) fn kill_child(pid: i32) -> Result<(), String> {
    // SAFETY: plain system call on integer arguments.
    let rc = unsafe { libc::kill(pid, libc::SIGKILL) };
    if rc < 0 && io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH) {
        return Err(last("kill(init, SIGKILL)"));
    }
    Ok(())
}

/// The signal numbers waiting on the non-blocking signalfd `fd` (read and consumed).
#[allow(unsafe_code)]
pub(crate) fn read_signals(fd: i32) -> Vec<u32> {
    let mut got = Vec::new();
    // SAFETY: signalfd_siginfo is plain old data; all-zero is a valid value.
    let mut info: libc::signalfd_siginfo = unsafe { std::mem::zeroed() };
    let size = std::mem::size_of::<libc::signalfd_siginfo>();
    loop {
        // SAFETY: `info` is a live local of `size` bytes; read writes at most that.
        let n = unsafe { libc::read(fd, std::ptr::from_mut(&mut info).cast(), size) };
        if usize::try_from(n).ok() != Some(size) {
            return got;
        }
        got.push(info.ssi_signo);
    }
}

/// Blocks `sigs` for the calling (single-threaded) process and returns a non-blocking
/// signalfd on which they arrive instead.
#[allow(unsafe_code)]
pub(crate) fn signal_fd(sigs: &[i32]) -> Result<std::os::fd::OwnedFd, String> {
    use std::os::fd::FromRawFd;
    let set = sigset(sigs);
    // SAFETY: `set` is a live, initialised sigset; the old mask is not asked for.
    let rc = unsafe { libc::sigprocmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) };
    check(rc.into(), "sigprocmask")?;
    // SAFETY: `set` is a live, initialised sigset; -1 asks for a new descriptor.
    let fd = unsafe { libc::signalfd(-1, &set, libc::SFD_NONBLOCK | libc::SFD_CLOEXEC) };
    check(fd.into(), "signalfd")?;
    // SAFETY: signalfd returned a new descriptor that nothing else owns.
    Ok(unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) })
}

/// Reads everything readable from the non-blocking `fd` and throws it away.
#[allow(unsafe_code)]
pub(crate) fn drain(fd: i32) {
    let mut buf = [0u8; 512];
    // SAFETY: `buf` is a live local; read writes at most its length.
    while unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) } > 0 {}
}

/// `poll(2)` for readability (or hang-up) on `fds`, without timeout, retrying on EINTR.
/// Returns each descriptor's `revents`; a negative fd is skipped (revents 0).
#[allow(unsafe_code)]
pub(crate) fn poll_in<const N: usize>(fds: [i32; N]) -> Result<[i16; N], String> {
    let mut p = fds.map(|fd| libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    });
    loop {
        // SAFETY: `p` is an array of N valid pollfds, and N is its length.
        let rc = unsafe { libc::poll(p.as_mut_ptr(), N as libc::nfds_t, -1) };
        if rc >= 0 {
            return Ok(p.map(|x| x.revents));
        }
        if io::Error::last_os_error().kind() != io::ErrorKind::Interrupted {
            return Err(last("poll"));
        }
    }
}

/// Installs the seccomp filter `prog` on the calling thread with a new user-notification
/// listener (`SECCOMP_FILTER_FLAG_NEW_LISTENER`), which it returns (close-on-exec).
/// Needs no_new_privs (or CAP_SYS_ADMIN) first.
#[allow(unsafe_code)]
pub(crate) fn seccomp_with_listener(
    prog: &[seccompiler::sock_filter],
) -> Result<std::os::fd::OwnedFd, String> {
    use std::os::fd::FromRawFd;
    let len = u16::try_from(prog.len()).map_err(|_| "seccomp: program too long".to_string())?;
    let fprog = libc::sock_fprog {
        len,
        // seccompiler's `sock_filter` is `#[repr(C)]` with the kernel's fields (code, jt,
        // jf, k), the layout of `libc::sock_filter`; the kernel only reads it.
        filter: prog.as_ptr().cast::<libc::sock_filter>().cast_mut(),
    };
    // SAFETY: `fprog` points to `len` live instructions; the kernel copies them and
    // keeps no pointer. The flag makes the call return a new descriptor.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_seccomp,
            libc::SECCOMP_SET_MODE_FILTER,
            libc::SECCOMP_FILTER_FLAG_NEW_LISTENER,
            &fprog as *const libc::sock_fprog,
        )
    };
    let fd = i32::try_from(check(rc, "seccomp(NEW_LISTENER)")?)
        .map_err(|_| "seccomp: bad descriptor".to_string())?;
    // SAFETY: the kernel returned a new descriptor that nothing else owns.
    Ok(unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) })
}

/// Takes one pending notification from a seccomp listener: (id, syscall number).
/// `None` when its process died before it could be read.
#[allow(unsafe_code)]
pub(crate) fn notif_recv(listener: i32) -> Result<Option<(u64, i32)>, String> {
    loop {
        // SAFETY: seccomp_notif is plain old data; the kernel wants it zeroed.
        let mut n: libc::seccomp_notif = unsafe { std::mem::zeroed() };
        // SAFETY: RECV writes one seccomp_notif into `n`, a live local of that type.
        let rc = unsafe { libc::ioctl(listener, libc::SECCOMP_IOCTL_NOTIF_RECV, &mut n) };
        if rc == 0 {
            return Ok(Some((n.id, n.data.nr)));
        }
        match io::Error::last_os_error().raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(libc::ENOENT) => return Ok(None),
            _ => return Err(last("ioctl(SECCOMP_IOCTL_NOTIF_RECV)")),
        }
    }
}

/// Answers notification `id` with the error `errno` (the system call does not run).
/// A process that died in the meantime is not an error.
#[allow(unsafe_code)]
pub(crate) fn notif_refuse(listener: i32, id: u64, errno: i32) -> Result<(), String> {
    let resp = libc::seccomp_notif_resp {
        id,
        val: 0,
        error: -errno,
        flags: 0,
    };
    // SAFETY: SEND reads one seccomp_notif_resp from `resp`, a live local of that type.
    let rc = unsafe { libc::ioctl(listener, libc::SECCOMP_IOCTL_NOTIF_SEND, &resp) };
    if rc == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::ENOENT) {
        Ok(())
    } else {
        Err(last("ioctl(SECCOMP_IOCTL_NOTIF_SEND)"))
    }
}

/// Marks every descriptor from 3 up close-on-exec (`close_range(3, ~0,
/// CLOSE_RANGE_CLOEXEC)`), so that nothing the process inherited reaches the program it
/// execs. Kernels before 5.11 lack the call: then each fd below 65536 is marked.
#[allow(unsafe_code)]
pub(crate) fn cloexec_from_3() -> Result<(), String> {
    // SAFETY: close_range takes plain integers; it only changes descriptor flags.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_close_range,
            3u32,
            u32::MAX,
            libc::CLOSE_RANGE_CLOEXEC,
        )
    };
    if rc == 0 {
        return Ok(());
    }
    if io::Error::last_os_error().raw_os_error() != Some(libc::ENOSYS) {
        return Err(last("close_range"));
    }
    for fd in 3..65536 {
        if fd_is_open(fd) {
            set_cloexec(fd, true)?;
        }
    }
    Ok(())
}

/// `mount(2)` with optional source/type/data.
#[allow(unsafe_code)]
pub(crate) fn mount(
    source: Option<&str>,
    target: &str,
    fstype: Option<&str>,
    flags: libc::c_ulong,
    data: Option<&str>,
) -> Result<(), String> {
    let c = |s: &str| CString::new(s).map_err(|_| format!("mount {target}: NUL in argument"));
    let source = source.map(c).transpose()?;
    let fstype = fstype.map(c).transpose()?;
    let data = data.map(c).transpose()?;
    let target_c = c(target)?;
    let ptr = |s: &Option<CString>| s.as_ref().map_or(std::ptr::null(), |s| s.as_ptr());
    // SAFETY: every pointer is null or a live NUL-terminated string kept alive above.
    let rc = unsafe {
        libc::mount(
            ptr(&source),
            target_c.as_ptr(),
            ptr(&fstype),
            flags,
            ptr(&data).cast(),
        )
    };
    check(rc.into(), &format!("mount {target}"))?;
    Ok(())
}

/// `sethostname(name)`.
#[allow(unsafe_code)]
pub(crate) fn sethostname(name: &str) -> Result<(), String> {
    // SAFETY: pointer and length describe the live `name` bytes.
    check(
        unsafe { libc::sethostname(name.as_ptr().cast(), name.len()) }.into(),
        "sethostname",
    )?;
    Ok(())
}

/// `setrlimit(resource, soft, hard)`.
#[allow(unsafe_code)]
pub(crate) fn setrlimit(
    resource: libc::__rlimit_resource_t,
    soft: u64,
    hard: u64,
    what: &str,
) -> Result<(), String> {
    let lim = libc::rlimit {
        rlim_cur: soft,
        rlim_max: hard,
    };
    // SAFETY: `lim` is a live rlimit.
    check(unsafe { libc::setrlimit(resource, &lim) }.into(), what)?;
    Ok(())
}

/// `execve(argv[0], argv, envp)`; returns only on failure.
#[allow(unsafe_code)]
pub(crate) fn execve(argv: &[CString], env: &[CString]) -> String {
    let Some(prog) = argv.first() else {
        return "execve: empty argv".into();
    };
    let mut a: Vec<*const libc::c_char> = argv.iter().map(|s| s.as_ptr()).collect();
    a.push(std::ptr::null());
    let mut e: Vec<*const libc::c_char> = env.iter().map(|s| s.as_ptr()).collect();
    e.push(std::ptr::null());
    // SAFETY: both arrays are null-terminated lists of pointers to live CStrings.
    unsafe { libc::execve(prog.as_ptr(), a.as_ptr(), e.as_ptr()) };
    format!(
        "execve {}: {}",
        prog.to_string_lossy(),
        io::Error::last_os_error()
    )
}

/// The Landlock ABI version of the running kernel, or the errno text.
#[allow(unsafe_code)]
pub(crate) fn landlock_abi() -> Result<i64, String> {
    // SAFETY: LANDLOCK_CREATE_RULESET_VERSION (1) with a null attr and size 0 only
    // returns the ABI version.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_landlock_create_ruleset,
            std::ptr::null::<u8>(),
            0usize,
            1u32,
        )
    };
    if rc < 0 {
        Err(last("landlock_create_ruleset"))
    } else {
        Ok(rc)
    }
}

/// `chown(path, uid, gid)`.
pub(crate) fn chown(path: &std::path::Path, uid: u32, gid: u32) -> io::Result<()> {
    std::os::unix::fs::chown(path, Some(uid), Some(gid))
}

/// The current hard limit of `res` (infinity when it cannot be read).
#[allow(unsafe_code)]
pub(crate) fn hard_limit(res: libc::__rlimit_resource_t) -> u64 {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `lim` is a live rlimit for getrlimit to fill.
    if unsafe { libc::getrlimit(res, &mut lim) } == 0 {
        lim.rlim_max
    } else {
        libc::RLIM_INFINITY
    }
}

/// `keyctl(KEYCTL_JOIN_SESSION_KEYRING, NULL)`: swaps the inherited session keyring
/// (which may hold the node's keys) for a new anonymous one; returns its serial.
#[allow(unsafe_code)]
pub(crate) fn join_new_session_keyring() -> Result<i64, String> {
    const KEYCTL_JOIN_SESSION_KEYRING: libc::c_long = 1;
    // SAFETY: a null name asks for an anonymous keyring; no memory is passed.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_keyctl,
            KEYCTL_JOIN_SESSION_KEYRING,
            std::ptr::null::<libc::c_char>(),
        )
    };
    if rc < 0 {
        Err(last("keyctl(JOIN_SESSION_KEYRING)"))
    } else {
        Ok(rc)
    }
}

/// Points fds 0, 1 and 2 at /dev/null, so that only the tool holds the call's pipes.
pub(crate) fn stdio_to_devnull() -> Result<(), String> {
    devnull_onto(0..3)
}

/// `dup2(from, to)`.
#[allow(unsafe_code)]
pub(crate) fn dup2(from: i32, to: i32) -> Result<(), String> {
    // SAFETY: dup2 on plain descriptor numbers; the caller owns `to`'s slot.
    check(unsafe { libc::dup2(from, to) }.into(), "dup2").map(|_| ())
}

/// Points fds 0 and 1 at /dev/null and leaves fd 2 (the zygote's error channel).
pub(crate) fn stdio_to_devnull_keep_stderr() -> Result<(), String> {
    devnull_onto(0..2)
}

/// Points each of `fds` at /dev/null.
fn devnull_onto(fds: std::ops::Range<i32>) -> Result<(), String> {
    use std::os::fd::AsRawFd;
    let null = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/null")
        .map_err(|e| format!("/dev/null: {e}"))?;
    for fd in fds {
        dup2(null.as_raw_fd(), fd)?;
    }
    Ok(())
}
