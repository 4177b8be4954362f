//! The launcher: a single-threaded program (the node binary's hidden subcommand, or
//! `lango-sandbox-exec` in tests) that reads one job, isolates itself layer by layer and
//! execs the tool. Three processes:
//!
//! - **L** (the launcher as spawned): new session and a new empty session keyring; new
//!   mount, ipc, uts, net and pid
//!   namespaces (created by root, so they belong to the initial user namespace and the
//!   tool can never administer them); forks C, waits for it, exits. SIGTERM from the
//!   node makes it SIGKILL C and wait on, so that its exit follows the namespace's end.
//! - **C** (pid 1 of the new pid namespace, dies with L through PDEATHSIG): private
//!   mounts, a fresh /proc, empty tmpfs over each `deny_read` directory, a size-capped
//!   tmpfs as the scratch directory; forks T, answers the system calls seccomp refuses
//!   and reports them ([`super::supervisor`]), reaps every orphan, kills every other
//!   process of the namespace when T ends, reports how T ended and exits.
//! - **T**: drops to the unprivileged uid/gid, enters a new user namespace, chdir to
//!   scratch, Landlock, no_new_privs, seccomp, rlimits, then execs the tool.
//!
//! Every layer is reported on fd 3; a layer named in the job's `require` list that fails
//! aborts the call with an `error` line before the tool runs.

use std::ffi::CString;
use std::path::Path;

use super::wire::{LaunchSpec, Status, MAX_FRAME, STATUS_FD};
use super::{fs_rules, supervisor, sys, syscall_filter};

/// Open-files limit for every tool.
pub(crate) const OPEN_FILES: u64 = 256;

/// Sends status lines and decides whether a failed layer is fatal.
struct Report<'a> {
    require: &'a [String],
}

impl Report<'_> {
    fn send(&self, status: &Status) {
        // The node reads this pipe until EOF; if it is gone there is nobody to tell.
        let _ = sys::write_all(STATUS_FD, status.line().as_bytes());
    }

    /// Reports a layer; a failed layer that is required becomes an error.
    fn layer(&self, name: &str, result: Result<String, String>) -> Result<bool, String> {
        match result {
            Ok(detail) => {
                self.send(&Status::Layer {
                    name: name.into(),
                    on: true,
                    detail,
                });
                Ok(true)
            }
            Err(why) if self.require.iter().any(|r| r == name) => Err(format!("{name}: {why}")),
            Err(why) => {
                self.send(&Status::Layer {
                    name: name.into(),
                    on: false,
                    detail: why,
                });
                Ok(false)
            }
        }
    }
}

/// Entry point of the launcher. Call it from `main` before any thread is started (it
/// forks), when the process was started by this crate as the sandbox launcher. Returns
/// the process exit code. Started with [`super::zygote::ZYGOTE_ARG`] it becomes the
/// zygote, which forks one launcher per call.
pub fn launcher_main() -> i32 {
    if std::env::args_os().any(|a| a == super::zygote::ZYGOTE_ARG) {
        return super::zygote::serve(launch_one);
    }
    launch_one()
}

/// One launcher: read the job on fd 0, isolate, exec the tool.
fn launch_one() -> i32 {
    if !sys::fd_is_open(STATUS_FD) {
        eprintln!("lango sandbox launcher: no status pipe on fd 3; only lango-node starts this");
        return 2;
    }
    if let Err(why) = sys::set_cloexec(STATUS_FD, true) {
        eprintln!("lango sandbox launcher: {why}");
        return 2;
    }
    let spec = match read_spec() {
        Ok(spec) => spec,
        Err(why) => {
            Report { require: &[] }.send(&Status::Error(why));
            return 1;
        }
    };
    let report = Report {
        require: &spec.require,
    };
    match outer(&spec, &report) {
        Ok(code) => code,
        Err(why) => {
            report.send(&Status::Error(why));
            1
        }
    }
}

fn read_spec() -> Result<LaunchSpec, String> {
    let mut len = [0u8; 4];
    sys::read_exact(0, &mut len)?;
    let len = usize::try_from(u32::from_le_bytes(len)).map_err(|_| "job length".to_string())?;
    if len > MAX_FRAME {
        return Err(format!("job of {len} bytes is over {MAX_FRAME}"));
    }
    let mut buf = vec![0u8; len];
    sys::read_exact(0, &mut buf)?;
    serde_json::from_slice(&buf).map_err(|e| format!("job: {e}"))
}

/// L: session, namespaces, fork of the namespace's pid 1.
fn outer(spec: &LaunchSpec, report: &Report) -> Result<i32, String> {
    report.layer(
        "session",
        sys::setsid().map(|id| format!("own session and process group {id}")),
    )?;
    report.layer(
        "session-keyring",
        sys::join_new_session_keyring()
            .map(|_| "the node's session keyring is replaced by an empty one".into()),
    )?;
    let root = sys::geteuid() == 0;
    if !root {
        // Without root, the other namespaces need a user namespace first.
        report.layer(
            "unprivileged-uid",
            Err(format!(
                "launcher is not root: the tool runs as the node's uid {}",
                sys::geteuid()
            )),
        )?;
        let (uid, gid) = (sys::geteuid(), sys::getegid());
        report.layer("user-namespace", enter_user_ns(uid, gid))?;
    }
    let ns = |flag, what: &str| sys::unshare(flag, what).map(|()| String::new());
    let mount_ns = report.layer("mount-namespace", ns(libc::CLONE_NEWNS, "unshare(NEWNS)"))?;
    report.layer("ipc-namespace", ns(libc::CLONE_NEWIPC, "unshare(NEWIPC)"))?;
    let uts_ns = report.layer("uts-namespace", ns(libc::CLONE_NEWUTS, "unshare(NEWUTS)"))?;
    if spec.network {
        report.layer("net-namespace", Err("the tool declares network".into()))?;
    } else {
        report.layer(
            "net-namespace",
            ns(libc::CLONE_NEWNET, "unshare(NEWNET)")
                .map(|_| "no interfaces but a down loopback".into()),
        )?;
    }
    report.layer(
        "pid-namespace",
        ns(libc::CLONE_NEWPID, "unshare(NEWPID)")
            .map(|_| "the tool tree dies with its pid 1".into()),
    )?;
    // C checks this pipe to learn whether L died before PDEATHSIG was armed.
    let (alive_r, alive_w) = sys::pipe()?;
    // SIGTERM is the node's "stop": blocked from before C exists, so that it is never
    // lost and always handled by the loop below (C unblocks both in its first step).
    let signals = sys::signal_fd(&[libc::SIGCHLD, libc::SIGTERM])?;
    let c = sys::fork()?;
    if c == 0 {
        drop(alive_w);
        drop(signals);
        if let Err(why) = sys::unblock_signals(&[libc::SIGCHLD, libc::SIGTERM]) {
            report.send(&Status::Error(why));
            sys::exit_now(1);
        }
        let code = match init(spec, report, &alive_r, mount_ns, uts_ns) {
            Ok(code) => code,
            Err(why) => {
                report.send(&Status::Error(why));
                1
            }
        };
        sys::exit_now(code);
    }
    drop(alive_r);
    sys::stdio_to_devnull()?;
    wait_or_stop(c, &signals)?;
    drop(alive_w);
    Ok(0)
}

/// L's wait for C. On SIGTERM (the node stopping the call) it SIGKILLs C and goes on
/// waiting: C, the namespace's pid 1, becomes reapable only after the kernel has killed
/// and reaped every other process of the namespace, and L holds the status pipe until
/// then, so the pipe's EOF tells the node that nothing of the tool is left. (Were L
/// killed instead, C's parent-death SIGKILL would close C's end of the pipe before the
/// kernel turns to the rest of the namespace.)
fn wait_or_stop(c: i32, signals: &std::os::fd::OwnedFd) -> Result<(), String> {
    use std::os::fd::AsRawFd;
    loop {
        // First, so that an end before the signalfd was polled is not missed.
        while let Some((pid, _, _)) = sys::wait_ended()? {
            if pid == c {
                return Ok(());
            }
        }
        sys::poll_in([signals.as_raw_fd()])?;
        if sys::read_signals(signals.as_raw_fd())
            .iter()
            .any(|s| i32::try_from(*s) == Ok(libc::SIGTERM))
        {
            sys::kill_child(c)?;
            while let Some((pid, _, _)) = sys::wait_any(c)? {
                if pid == c {
                    return Ok(());
                }
            }
            return Ok(());
        }
    }
}

/// C: pid 1 of the tool's pid namespace.
fn init(
    spec: &LaunchSpec,
    report: &Report,
    alive_r: &std::os::fd::OwnedFd,
    mount_ns: bool,
    uts_ns: bool,
) -> Result<i32, String> {
    use std::os::fd::AsRawFd;
    sys::prctl(
        libc::PR_SET_PDEATHSIG,
        libc::SIGKILL as libc::c_ulong,
        "prctl(PDEATHSIG)",
    )?;
    if sys::pipe_hung_up(alive_r.as_raw_fd()) {
        return Ok(1);
    }
    let mut shm = false;
    if mount_ns {
        report.layer("private-proc", private_mounts())?;
        let private = private_dirs(&spec.private_dirs, spec.argv.first().map(Path::new));
        let mounted = private.as_ref().map(|(_, m)| m.clone()).unwrap_or_default();
        report.layer("private-tmp-run", private.map(|(what, _)| what))?;
        report.layer("deny-read-mounts", hide(&spec.deny_read))?;
        report.layer("scratch-tmpfs", scratch_tmpfs(spec))?;
        seal_private_dirs(&mounted)?;
        shm = report.layer("private-shm", private_shm(spec))?;
    }
    if uts_ns {
        report.layer(
            "hostname",
            sys::sethostname("sandbox").map(|()| "sandbox".into()),
        )?;
    }
    let (c_end, t_end) = supervisor::handoff_pair()?;
    let t = sys::fork()?;
    if t == 0 {
        drop(c_end);
        let why = tool(spec, report, t_end, shm);
        report.send(&why);
        sys::exit_now(127);
    }
    drop(t_end);
    sys::stdio_to_devnull()?;
    let listener = supervisor::take_over(&c_end)?;
    drop(c_end);
    let end = supervisor::wait_for_tool(t, listener, |syscall| {
        report.send(&Status::Violation(syscall.into()));
    })?;
    // Everything T left behind is killed before its status goes out: once the node reads
    // `exit`/`signal`, no process of the tool can run again, and the node may answer
    // before this namespace has finished tearing down.
    sys::kill_all_others()?;
    report.send(&Status::End(end));
    Ok(0)
}

/// Private propagation and a /proc that shows only the tool's pid namespace.
fn private_mounts() -> Result<String, String> {
    sys::mount(None, "/", None, libc::MS_REC | libc::MS_PRIVATE, None)?;
    sys::mount(
        Some("proc"),
        "/proc",
        Some("proc"),
        libc::MS_NOSUID | libc::MS_NODEV | libc::MS_NOEXEC,
        None,
    )?;
    Ok("mounts private, /proc shows only the sandbox's processes".into())
}

/// An empty private tmpfs over each directory where the host keeps Unix sockets
/// (`/tmp`, `/run`, the runtime dir): the tool finds no socket there to connect to. Each
/// is writable until the scratch directory has been made inside it (the scratch root
/// usually lives in /tmp), then [`seal_private_dirs`] makes it read-only. Returns the
/// layer's detail and the mount points.
fn private_dirs(
    dirs: &[std::path::PathBuf],
    program: Option<&Path>,
) -> Result<(String, Vec<String>), String> {
    // A tool whose program lives in one of these directories keeps it: the file is held
    // open now, and bound back at its path inside the private tmpfs below.
    // Bound at its real path (a program reached through a symlink from elsewhere
    // resolves to it there too).
    let keep = match program {
        Some(p) if p.is_absolute() => std::fs::canonicalize(p)
            .ok()
            .and_then(|real| std::fs::File::open(&real).ok().map(|f| (real, f))),
        _ => None,
    };
    let mut done: Vec<String> = Vec::new();
    for d in dirs {
        // /var/run is usually a link to /run: mount each real directory once.
        let Ok(real) = std::fs::canonicalize(d) else {
            continue;
        };
        if !real.is_dir() {
            continue;
        }
        let target = real
            .to_str()
            .ok_or_else(|| format!("{}: not UTF-8", real.display()))?
            .to_string();
        if done.contains(&target) {
            continue;
        }
        sys::mount(
            Some("lango-private"),
            &target,
            Some("tmpfs"),
            libc::MS_NOSUID | libc::MS_NODEV | libc::MS_NOEXEC,
            Some("size=64k,nr_inodes=64,mode=0755"),
        )?;
        done.push(target);
    }
    if let Some((path, file)) = keep {
        if !path.exists() {
            bind_back(&path, &file)?;
        }
    }
    let what = if done.is_empty() {
        "nothing to replace".to_string()
    } else {
        format!("empty: {}", done.join(", "))
    };
    Ok((what, done))
}

/// Binds the open `file` at `path` (which a private tmpfs now hides), making its parent
/// directories searchable.
fn bind_back(path: &Path, file: &std::fs::File) -> Result<(), String> {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(parent) = path.parent() {
        make_searchable_dirs(parent)?;
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o755)
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let target = path
        .to_str()
        .ok_or_else(|| format!("{}: not UTF-8", path.display()))?;
    let source = format!("/proc/self/fd/{}", file.as_raw_fd());
    sys::mount(Some(&source), target, None, libc::MS_BIND, None)
}

/// Creates `dir` and its missing parents, mode 0755 whatever the umask (the tool's uid
/// must be able to pass through them).
fn make_searchable_dirs(dir: &Path) -> Result<(), String> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    let mut missing = Vec::new();
    let mut p = dir;
    while !p.exists() {
        missing.push(p.to_path_buf());
        p = p
            .parent()
            .ok_or_else(|| format!("{}: no existing parent", dir.display()))?;
    }
    for d in missing.iter().rev() {
        std::fs::DirBuilder::new()
            .mode(0o755)
            .create(d)
            .and_then(|()| std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)))
            .map_err(|e| format!("{}: {e}", d.display()))?;
    }
    Ok(())
}

/// Makes the private directories read-only once the scratch directory is mounted.
fn seal_private_dirs(mounted: &[String]) -> Result<(), String> {
    for target in mounted {
        sys::mount(
            None,
            target,
            None,
            libc::MS_REMOUNT | libc::MS_RDONLY | libc::MS_NOSUID | libc::MS_NODEV | libc::MS_NOEXEC,
            None,
        )?;
    }
    Ok(())
}

/// An empty, read-only, mode-000 tmpfs over each directory the tool must not read.
fn hide(paths: &[std::path::PathBuf]) -> Result<String, String> {
    let mut hidden = Vec::new();
    for p in paths {
        if !p.is_dir() {
            continue;
        }
        let target = p
            .to_str()
            .ok_or_else(|| format!("{}: not UTF-8", p.display()))?;
        sys::mount(
            Some("lango-deny"),
            target,
            Some("tmpfs"),
            libc::MS_RDONLY | libc::MS_NOSUID | libc::MS_NODEV | libc::MS_NOEXEC,
            Some("size=4k,mode=000"),
        )?;
        hidden.push(target.to_string());
    }
    Ok(if hidden.is_empty() {
        "nothing to hide".into()
    } else {
        format!("hidden: {}", hidden.join(", "))
    })
}

/// A size-capped tmpfs over the scratch directory: the cap is on the total written, not
/// only per file (RLIMIT_FSIZE), and nothing the tool writes reaches the host's disk.
fn scratch_tmpfs(spec: &LaunchSpec) -> Result<String, String> {
    let target = spec
        .scratch
        .to_str()
        .ok_or_else(|| "scratch path is not UTF-8".to_string())?;
    // The scratch directory may sit under a directory just replaced by a private
    // tmpfs: make it (and its parents, searchable) there.
    if !spec.scratch.is_dir() {
        make_searchable_dirs(&spec.scratch)?;
    }
    // size=0 would mean "no limit" to tmpfs.
    let size = spec.scratch_bytes.max(4096);
    let (uid, gid) = if sys::geteuid() == 0 {
        (spec.uid, spec.gid)
    } else {
        (sys::geteuid(), sys::getegid())
    };
    sys::mount(
        Some("lango-scratch"),
        target,
        Some("tmpfs"),
        libc::MS_NOSUID | libc::MS_NODEV,
        Some(&format!("size={size},mode=0700,uid={uid},gid={gid}")),
    )?;
    Ok(format!("{size} bytes"))
}

/// Where POSIX shared memory and semaphores live.
const SHM: &str = "/dev/shm";

/// Largest private `/dev/shm` a call gets (less when `scratch_bytes` is smaller).
const SHM_MAX_BYTES: u64 = 64 << 20;

/// A fresh tmpfs over `/dev/shm`, private to this call's mount namespace, so that POSIX
/// semaphores and shared memory (Python's multiprocessing, for one) work without a
/// channel to the host's or another call's `/dev/shm`. Capped in size and inodes.
fn private_shm(spec: &LaunchSpec) -> Result<String, String> {
    if !Path::new(SHM).is_dir() {
        return Err(format!("{SHM} does not exist here"));
    }
    let size = spec.scratch_bytes.clamp(4096, SHM_MAX_BYTES);
    sys::mount(
        Some("lango-shm"),
        SHM,
        Some("tmpfs"),
        libc::MS_NOSUID | libc::MS_NODEV | libc::MS_NOEXEC,
        Some(&format!("size={size},nr_inodes=1024,mode=1777")),
    )?;
    Ok(format!("{size} bytes, 1024 files"))
}

/// Maps `uid`/`gid` to themselves in a new user namespace.
fn enter_user_ns(uid: u32, gid: u32) -> Result<String, String> {
    sys::prctl(libc::PR_SET_DUMPABLE, 1, "prctl(DUMPABLE)")?;
    sys::unshare(libc::CLONE_NEWUSER, "unshare(NEWUSER)")?;
    let w =
        |file: &str, text: String| std::fs::write(file, text).map_err(|e| format!("{file}: {e}"));
    w("/proc/self/setgroups", "deny".into())?;
    w("/proc/self/uid_map", format!("{uid} {uid} 1\n"))?;
    w("/proc/self/gid_map", format!("{gid} {gid} 1\n"))?;
    sys::prctl(libc::PR_SET_DUMPABLE, 0, "prctl(DUMPABLE)")?;
    Ok(format!("only uid {uid} and gid {gid} mapped"))
}

/// T: confine, limit, exec. Returns only on failure, with the status to send.
/// `shm`: whether `/dev/shm` is this call's own tmpfs (then the tool may use it).
fn tool(spec: &LaunchSpec, report: &Report, handoff: std::os::fd::OwnedFd, shm: bool) -> Status {
    match confine_and_exec(spec, report, handoff, shm) {
        Ok(never) => match never {},
        Err(status) => status,
    }
}

fn confine_and_exec(
    spec: &LaunchSpec,
    report: &Report,
    handoff: std::os::fd::OwnedFd,
    shm: bool,
) -> Result<std::convert::Infallible, Status> {
    let fail = Status::Error;
    let program = spec
        .argv
        .first()
        .ok_or_else(|| fail("empty argv".into()))?
        .clone();
    let argv = cstrings(spec.argv.iter().map(String::as_str)).map_err(fail)?;
    let env = cstrings(
        spec.env
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str),
    )
    .map_err(fail)?;
    if sys::geteuid() == 0 {
        // Never exec a tool as root: a failed drop is fatal whatever `require` says.
        sys::drop_to(spec.uid, spec.gid).map_err(|e| fail(format!("unprivileged-uid: {e}")))?;
        if sys::geteuid() == 0 {
            return Err(fail("still root after dropping privileges".into()));
        }
        report.send(&Status::Layer {
            name: "unprivileged-uid".into(),
            on: true,
            detail: format!("uid {} gid {}", spec.uid, spec.gid),
        });
        report
            .layer("user-namespace", enter_user_ns(spec.uid, spec.gid))
            .map_err(fail)?;
    }
    std::env::set_current_dir(&spec.scratch)
        .map_err(|e| fail(format!("chdir {}: {e}", spec.scratch.display())))?;
    report
        .layer(
            "landlock",
            fs_rules::restrict(
                Path::new(&program),
                &spec.scratch,
                shm.then_some(Path::new(SHM)),
                spec.network,
            ),
        )
        .map_err(fail)?;
    report
        .layer(
            "no-new-privs",
            sys::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, "prctl(NO_NEW_PRIVS)").map(|()| String::new()),
        )
        .map_err(fail)?;
    let mut listener = None;
    report
        .layer(
            "seccomp",
            syscall_filter::install(spec.network).map(|(detail, l)| {
                listener = l;
                detail
            }),
        )
        .map_err(fail)?;
    if let Some(l) = listener {
        // C answers and reports the refused calls from here on; T keeps no copy.
        supervisor::hand_over(&handoff, &l).map_err(fail)?;
    }
    // Closed with or without a listener sent: C stops waiting for one.
    drop(handoff);
    report.layer("rlimits", rlimits(spec)).map_err(fail)?;
    // Whatever the node inherited (a parent's pipes, a jobserver) must not reach the
    // tool; T's own descriptors are close-on-exec already.
    sys::cloexec_from_3().map_err(|e| fail(format!("inherited descriptors: {e}")))?;
    report.send(&Status::Ready);
    if spec.probe_only {
        sys::exit_now(0);
    }
    if spec.gate {
        // The call's input follows this byte on the same pipe, for the tool to read.
        let mut go = [0u8; 1];
        if sys::read_exact(0, &mut go).is_err() || go != *b"G" {
            sys::exit_now(0);
        }
    }
    Err(Status::Exec(sys::execve(&argv, &env)))
}

fn cstrings<'a>(items: impl Iterator<Item = &'a str>) -> Result<Vec<CString>, String> {
    items
        .map(|s| CString::new(s).map_err(|_| format!("NUL byte in {s:?}")))
        .collect()
}

/// Lowers the limits (never raises them: a requested value over the current hard limit
/// is clamped to it, and the detail says so).
fn rlimits(spec: &LaunchSpec) -> Result<String, String> {
    let cpu = spec.cpu_secs.max(1);
    let limits: [(libc::__rlimit_resource_t, &str, u64, u64); 6] = [
        (libc::RLIMIT_AS, "as", spec.memory_bytes, spec.memory_bytes),
        (libc::RLIMIT_CPU, "cpu", cpu, cpu + 1),
        (
            libc::RLIMIT_NPROC,
            "nproc",
            spec.max_processes,
            spec.max_processes,
        ),
        (
            libc::RLIMIT_NOFILE,
            "nofile",
            spec.open_files,
            spec.open_files,
        ),
        (
            libc::RLIMIT_FSIZE,
            "fsize",
            spec.scratch_bytes,
            spec.scratch_bytes,
        ),
        (libc::RLIMIT_CORE, "core", 0, 0),
    ];
    let mut parts = Vec::new();
    for (res, name, soft, hard) in limits {
        let cur = sys::hard_limit(res);
        let (soft, hard) = (soft.min(cur), hard.min(cur));
        sys::setrlimit(res, soft, hard, &format!("setrlimit({name})"))?;
        parts.push(format!("{name}={soft}"));
    }
    Ok(parts.join(" "))
}
