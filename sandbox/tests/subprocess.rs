//! The subprocess back end on the real kernel: every isolation property is attacked by a
//! tool and the refusal observed. Needs root (namespaces, dropping to nobody).

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod common;

use common::{can_run, SYSCALL_PROBE};
use lango_sandbox::subprocess::{Subprocess, SubprocessConfig};
use lango_sandbox::{Kind, Limits, Sandbox, Termination, ToolSpec};

struct Env {
    sb: Subprocess,
    root: tempfile::TempDir,
}

impl Env {
    fn scratch_root(&self) -> PathBuf {
        self.root.path().join("scratch")
    }

    /// A test tool, copied where the sandbox uid can reach it (the checkout may sit
    /// under a 0700 home).
    fn tool_path(&self, name: &str) -> String {
        self.root
            .path()
            .join("tools")
            .join(name)
            .display()
            .to_string()
    }
}

/// A 0711 temp dir holding `tools/` (0755: the test tools and the example echo tool).
fn test_root() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    std::fs::set_permissions(root.path(), std::fs::Permissions::from_mode(0o711)).unwrap();
    let tools = root.path().join("tools");
    std::fs::create_dir(&tools).unwrap();
    std::fs::set_permissions(&tools, std::fs::Permissions::from_mode(0o755)).unwrap();
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    for src in [
        manifest.join("tests/tools/fork-sleeper.sh"),
        manifest.join("tests/tools/fork-bomb.sh"),
        manifest.join("../examples/tools/subprocess/echo.sh"),
    ] {
        let dst = tools.join(src.file_name().unwrap());
        std::fs::copy(&src, &dst).unwrap();
        std::fs::set_permissions(&dst, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    root
}

fn env_with(deny_read: Vec<PathBuf>) -> Env {
    let root = test_root();
    let sb = Subprocess::new(SubprocessConfig {
        launcher: PathBuf::from(env!("CARGO_BIN_EXE_lango-sandbox-exec")),
        launcher_args: Vec::new(),
        scratch_root: root.path().join("scratch"),
        deny_read,
        ..SubprocessConfig::default()
    })
    .unwrap();
    Env { sb, root }
}

fn env() -> Env {
    env_with(Vec::new())
}

fn tool(cmd: &[&str]) -> ToolSpec {
    ToolSpec {
        name: "t".into(),
        kind: Kind::Subprocess,
        secrets: Default::default(),
        command: cmd.iter().map(|s| s.to_string()).collect(),
        module: None,
        image: None,
        env: BTreeMap::new(),
        limits: Limits {
            timeout: Duration::from_secs(30),
            ..Limits::default()
        },
    }
}

fn sh(script: &str) -> ToolSpec {
    tool(&["/bin/sh", "-c", script])
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A unique number that `sleep` accepts and that marks its argv.
fn marker() -> String {
    let n = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("1000.{}{n}", std::process::id())
}

/// Pids of live processes whose argv contains `needle`.
fn procs_with(needle: &str) -> Vec<u32> {
    let mut found = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        if pid == std::process::id() {
            continue;
        }
        if let Ok(cmd) = std::fs::read(e.path().join("cmdline")) {
            if text(&cmd).contains(needle) {
                found.push(pid);
            }
        }
    }
    found
}

/// Runs `spec` while sampling, every 20 ms, how many live processes carry `needle`;
/// returns the outcome and the largest count seen.
async fn run_watched(env: &Env, spec: &ToolSpec, needle: &str) -> (lango_sandbox::Outcome, usize) {
    let run = env.sb.run(spec, Vec::new());
    tokio::pin!(run);
    let mut max = 0;
    loop {
        tokio::select! {
            out = &mut run => return (out.unwrap(), max),
            () = tokio::time::sleep(Duration::from_millis(20)) => {
                max = max.max(procs_with(needle).len());
            }
        }
    }
}

/// Scratch directories of calls (running, or not yet removed): every directory under
/// the root except those of warm launchers waiting for a call, once the pool has
/// finished setting up the ones it was starting and answered calls have finished
/// exiting.
async fn scratch_dirs(env: &Env) -> Vec<PathBuf> {
    env.sb.settled().await;
    let (warm, _) = env.sb.warm_scratch_dirs();
    std::fs::read_dir(env.scratch_root())
        .map(|d| d.flatten().map(|e| e.path()).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .filter(|p| !warm.contains(p))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn probe_reports_every_layer_in_force() {
    let env = env();
    let probe = env.sb.probe().await;
    assert!(probe.available, "{probe:?}");
    for name in [
        "session",
        "session-keyring",
        "unprivileged-uid",
        "user-namespace",
        "mount-namespace",
        "ipc-namespace",
        "uts-namespace",
        "net-namespace",
        "pid-namespace",
        "private-proc",
        "deny-read-mounts",
        "scratch-tmpfs",
        "private-shm",
        "landlock",
        "no-new-privs",
        "seccomp",
        "rlimits",
    ] {
        assert!(
            probe.layers.iter().any(|l| l.name == name && l.active),
            "{name} not active: {probe:?}"
        );
    }
    let seccomp = probe.layers.iter().find(|l| l.name == "seccomp");
    assert!(
        seccomp.is_some_and(|l| !l.detail.contains("not reported")),
        "refused calls go unreported: {seccomp:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn echo_round_trips_input_and_runs_as_nobody() {
    let env = env();
    let out = env
        .sb
        .run(&tool(&["/bin/cat"]), b"{\"a\":1}".to_vec())
        .await
        .unwrap();
    assert!(out.success(), "{out:?}");
    assert_eq!(out.stdout, b"{\"a\":1}");
    assert!(out.violations.is_empty(), "{out:?}");

    let echo = env.tool_path("echo.sh");
    let big: Vec<u8> = (0..1024 * 1024).map(|i| (i % 251) as u8).collect();
    let mut spec = tool(&[&echo]);
    spec.limits.output_bytes = 2 * 1024 * 1024;
    let out = env.sb.run(&spec, big.clone()).await.unwrap();
    assert!(out.success(), "{:?} {}", out.termination, text(&out.stderr));
    assert_eq!(out.stdout.len(), big.len());
    assert!(out.stdout == big);

    let out = env
        .sb
        .run(&tool(&["/usr/bin/id", "-u"]), Vec::new())
        .await
        .unwrap();
    assert_eq!(text(&out.stdout).trim(), "65534");
    assert!(scratch_dirs(&env).await.is_empty(), "scratch left behind");
}

#[tokio::test(flavor = "multi_thread")]
async fn exit_codes_come_back() {
    let env = env();
    let out = env
        .sb
        .run(&sh("echo out; echo err >&2; exit 7"), Vec::new())
        .await
        .unwrap();
    assert_eq!(out.termination, Termination::Exited);
    assert_eq!(out.exit_code, Some(7));
    assert_eq!(out.stdout, b"out\n");
    assert_eq!(out.stderr, b"err\n");
    assert!(!out.truncated);

    let out = env.sb.run(&sh("kill -TERM $$"), Vec::new()).await.unwrap();
    assert_eq!(out.termination, Termination::Killed);
    assert_eq!(out.signal, Some(15));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tool_that_ignores_a_large_input_still_returns() {
    let env = env();
    let out = env
        .sb
        .run(&sh("echo ignored"), vec![b'x'; 4 * 1024 * 1024])
        .await
        .unwrap();
    assert!(out.success(), "{out:?}");
    assert_eq!(out.stdout, b"ignored\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_program_is_a_bad_spec() {
    let env = env();
    let err = env
        .sb
        .run(&tool(&["/nonexistent/tool"]), Vec::new())
        .await
        .unwrap_err();
    assert!(
        matches!(err, lango_sandbox::SandboxError::BadSpec { .. }),
        "{err}"
    );
    let err = env.sb.run(&tool(&["cat"]), Vec::new()).await.unwrap_err();
    assert!(
        matches!(err, lango_sandbox::SandboxError::BadSpec { .. }),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn output_over_the_cap_is_truncated_and_killed() {
    let env = env();
    let line = format!("lots of output {}", marker());
    let mut spec = tool(&["/usr/bin/yes", &line]);
    spec.limits.output_bytes = 10_000;
    let started = Instant::now();
    let out = env.sb.run(&spec, Vec::new()).await.unwrap();
    assert_eq!(out.termination, Termination::OutputLimit);
    assert!(out.truncated);
    assert_eq!(out.stdout.len() + out.stderr.len(), 10_000);
    assert!(text(&out.stdout).starts_with(&format!("{line}\n")));
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(procs_with(&line).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn timeout_kills_the_whole_tree() {
    let env = env();
    let mark = marker();
    let mut spec = tool(&[&env.tool_path("fork-sleeper.sh"), &mark]);
    // Long enough for both sleepers to be seen on a loaded machine (it once failed at
    // 1 s while a build ran alongside).
    spec.limits.timeout = Duration::from_secs(3);
    let started = Instant::now();
    let (out, seen) = run_watched(&env, &spec, &mark).await;
    assert_eq!(out.termination, Termination::TimedOut);
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(seen >= 2, "the background sleeper never ran ({seen})");
    assert_eq!(
        procs_with(&mark),
        Vec::<u32>::new(),
        "sleepers survived the timeout"
    );
    assert!(scratch_dirs(&env).await.is_empty());
}

/// When the tool exits, everything it left running dies with it, and that is already
/// so when the call is answered: a leftover that does not hold the output pipes (which
/// would delay the answer until it is gone) is at worst still exiting. (The namespace's
/// init SIGKILLs the rest before it reports the tool's end and exits right after, so
/// this test does not tell those two orders apart; the kill first makes the property
/// hold without depending on how fast the init exits.)
#[tokio::test(flavor = "multi_thread")]
async fn background_processes_die_when_the_tool_exits() {
    let env = env();
    let mark = marker();
    // setsid: even a process that leaves the session dies with the pid namespace.
    let script = format!(
        "setsid sleep {mark} >/dev/null 2>&1 & sleep {mark} >/dev/null 2>&1 & sleep 2; echo started"
    );
    let (out, seen) = run_watched(&env, &sh(&script), &mark).await;
    let runnable: Vec<u32> = procs_with(&mark)
        .into_iter()
        .filter(|p| can_run(*p))
        .collect();
    assert_eq!(
        runnable,
        Vec::<u32>::new(),
        "leftovers could still run after the answer"
    );
    assert!(out.success(), "{out:?}");
    assert_eq!(out.stdout, b"started\n");
    assert!(seen >= 2, "the background sleepers never ran ({seen})");
    env.sb.settled().await;
    assert_eq!(procs_with(&mark), Vec::<u32>::new());
    assert_eq!(env.sb.exiting(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn fork_bomb_is_contained() {
    let env = env();
    let mut spec = tool(&[&env.tool_path("fork-bomb.sh")]);
    spec.limits.timeout = Duration::from_secs(20);
    spec.limits.max_processes = 32;
    let started = Instant::now();
    let bomb = env.tool_path("fork-bomb.sh");
    let (out, most) = run_watched(&env, &spec, &bomb).await;
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(out.termination, Termination::Exited, "{out:?}");
    // RLIMIT_NPROC refused the forks past the cap...
    assert!(
        text(&out.stderr).contains("Cannot fork"),
        "{}",
        text(&out.stderr)
    );
    // ...and never more processes ran than the cap allows (the sampling may miss the
    // bomb: dash exits on a failed fork, so the tree collapses fast).
    assert!(most <= 32, "{most} bomb processes at once");
    assert!(procs_with(&bomb).is_empty(), "bomb survived");
    // The host can still start processes.
    assert!(std::process::Command::new("/bin/true")
        .status()
        .unwrap()
        .success());
}

#[tokio::test(flavor = "multi_thread")]
async fn memory_bomb_ends_with_a_memory_failure() {
    let env = env();
    let mut spec = tool(&[
        "/usr/bin/awk",
        "BEGIN { s = \"xxxxxxxxxxxxxxxx\"; while (1) s = s s }",
    ]);
    spec.limits.memory_bytes = 64 * 1024 * 1024;
    let out = env.sb.run(&spec, Vec::new()).await.unwrap();
    assert_eq!(
        out.termination,
        Termination::OutOfMemory,
        "{}",
        text(&out.stderr)
    );
    assert!(text(&out.stderr).contains("out of memory"));
    // The host is fine.
    let v = vec![1u8; 128 * 1024 * 1024];
    assert_eq!(v.len(), 128 * 1024 * 1024);
}

#[tokio::test(flavor = "multi_thread")]
async fn cpu_loop_is_ended_by_the_cpu_limit() {
    let env = env();
    let mut spec = sh("while :; do :; done");
    spec.limits.cpu_time = Duration::from_secs(1);
    spec.limits.timeout = Duration::from_secs(120);
    let out = env.sb.run(&spec, Vec::new()).await.unwrap();
    assert_eq!(out.termination, Termination::CpuLimit, "{out:?}");
    assert_eq!(out.signal, Some(libc_sigxcpu()));
}

fn libc_sigxcpu() -> i32 {
    24
}

#[tokio::test(flavor = "multi_thread")]
async fn cpu_loop_is_ended_by_the_wall_timeout() {
    let env = env();
    let mut spec = sh("while :; do :; done");
    spec.limits.cpu_time = Duration::from_secs(600);
    spec.limits.timeout = Duration::from_secs(1);
    let started = Instant::now();
    let out = env.sb.run(&spec, Vec::new()).await.unwrap();
    assert_eq!(out.termination, Termination::TimedOut);
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[tokio::test(flavor = "multi_thread")]
async fn no_network_unless_declared() {
    let env = env();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let script = format!("exec 3<>/dev/tcp/127.0.0.1/{port} && echo CONNECTED");
    let out = env
        .sb
        .run(&tool(&["/bin/bash", "-c", &script]), Vec::new())
        .await
        .unwrap();
    assert_ne!(out.exit_code, Some(0));
    assert!(!text(&out.stdout).contains("CONNECTED"));
    assert_eq!(out.violations, ["socket"]);
    // seccomp refuses the AF_INET socket before the empty net namespace could.
    assert!(
        text(&out.stderr).contains("Operation not permitted"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        listener.accept().unwrap_err().kind(),
        std::io::ErrorKind::WouldBlock,
        "the listener saw a connection"
    );

    // Control: with network declared the same tool connects.
    let mut spec = tool(&["/bin/bash", "-c", &script]);
    spec.limits.network = true;
    let out = env.sb.run(&spec, Vec::new()).await.unwrap();
    assert_eq!(text(&out.stdout), "CONNECTED\n", "{}", text(&out.stderr));
    assert!(out.violations.is_empty(), "{out:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn files_outside_scratch_are_out_of_reach() {
    let data = tempfile::tempdir().unwrap();
    std::fs::set_permissions(data.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::write(data.path().join("identity.key"), "SECRET-KEY").unwrap();
    std::fs::set_permissions(
        data.path().join("identity.key"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let env = env_with(vec![data.path().to_path_buf()]);
    let d = data.path().display();

    let out = env
        .sb
        .run(&sh(&format!("cat {d}/identity.key; ls -a {d}")), Vec::new())
        .await
        .unwrap();
    assert!(!text(&out.stdout).contains("SECRET-KEY"));
    assert!(!text(&out.stdout).contains("identity.key"));
    assert_ne!(out.exit_code, Some(0));

    let out = env
        .sb
        .run(&tool(&["/bin/cat", "/etc/shadow"]), Vec::new())
        .await
        .unwrap();
    assert_eq!(out.exit_code, Some(1));
    assert!(out.stdout.is_empty());
    assert!(
        text(&out.stderr).contains("Permission denied"),
        "{}",
        text(&out.stderr)
    );

    let outside = format!("/tmp/lango-sandbox-escape-{}", std::process::id());
    let prog_dir = env.tool_path("escape");
    let script = format!(
        "echo x > {outside}; echo x > {prog_dir}; echo inside > $HOME/f && cat $HOME/f; \
         echo tmp > $TMPDIR/g && cat $TMPDIR/g"
    );
    let out = env.sb.run(&sh(&script), Vec::new()).await.unwrap();
    assert_eq!(text(&out.stdout), "inside\ntmp\n", "{}", text(&out.stderr));
    assert!(!Path::new(&outside).exists(), "wrote outside scratch");
    assert!(
        !Path::new(&prog_dir).exists(),
        "wrote into the program's dir"
    );
    // Each write is refused: by Landlock, by the read-only private /tmp, or because the
    // program's directory is not there at all inside the sandbox.
    assert_eq!(refusals(&text(&out.stderr)), 2, "{}", text(&out.stderr));
}

/// Lines of `stderr` that say a file operation was refused.
fn refusals(stderr: &str) -> usize {
    stderr
        .lines()
        .filter(|l| {
            l.contains("Permission denied")
                || l.contains("Read-only file system")
                || l.contains("Directory nonexistent")
        })
        .count()
}

#[tokio::test(flavor = "multi_thread")]
async fn scratch_space_is_capped_in_total() {
    let env = env();
    // One file over the cap: RLIMIT_FSIZE stops it (SIGXFSZ) at exactly the cap.
    let mut spec = sh("head -c 3000000 /dev/zero > $HOME/big; echo rc=$?; wc -c < $HOME/big");
    spec.limits.scratch_bytes = 1_000_000;
    let out = env.sb.run(&spec, Vec::new()).await.unwrap();
    assert_eq!(
        text(&out.stdout),
        "rc=153\n1000000\n",
        "{}",
        text(&out.stderr)
    );
    // Many files under the per-file cap: the scratch tmpfs is full at the total cap.
    let script = "i=0; while [ $i -lt 10 ]; do head -c 400000 /dev/zero > $HOME/f$i || break; \
                  i=$((i+1)); done; echo files=$i";
    let mut spec = sh(script);
    spec.limits.scratch_bytes = 1_000_000;
    let out = env.sb.run(&spec, Vec::new()).await.unwrap();
    assert_eq!(text(&out.stdout), "files=2\n", "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("No space left on device"),
        "{}",
        text(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_calls_cannot_read_each_other() {
    let env = env();
    let a = sh("echo PRIVATE > $HOME/secret; sleep 5");
    let run_a = env.sb.run(&a, Vec::new());
    let probe_b = async {
        // Find A's scratch from outside (the only one while B has not started; its
        // content lives in A's own tmpfs), then let B try to read it.
        let mut dir = None;
        for _ in 0..200 {
            tokio::time::sleep(Duration::from_millis(25)).await;
            if let [d] = scratch_dirs(&env).await.as_slice() {
                dir = Some(d.clone());
                break;
            }
        }
        let dir = dir.expect("A's scratch never appeared");
        tokio::time::sleep(Duration::from_millis(500)).await;
        let script = format!("cat {}/secret; ls {}", dir.display(), dir.display());
        env.sb.run(&sh(&script), Vec::new()).await.unwrap()
    };
    let (a_out, b_out) = tokio::join!(run_a, probe_b);
    assert!(a_out.unwrap().success());
    assert!(!text(&b_out.stdout).contains("PRIVATE"));
    assert!(!text(&b_out.stdout).contains("secret"));
    // With the scratch root in /tmp, B's private /tmp does not even hold A's directory;
    // elsewhere, A's directory is there but closed to B.
    let err = text(&b_out.stderr);
    assert!(
        err.contains("Permission denied") || err.contains("No such file or directory"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn environment_is_only_what_was_declared() {
    // SAFETY-free in edition 2021: the test sets a variable the tool must not see.
    std::env::set_var("LANGO_LEAK_CHECK", "leaked");
    let env = env();
    let mut spec = tool(&["/usr/bin/env"]);
    spec.env.insert("API_TOKEN".into(), "t0ken".into());
    let out = env.sb.run(&spec, Vec::new()).await.unwrap();
    let mut names: Vec<String> = text(&out.stdout)
        .lines()
        .map(|l| l.split('=').next().unwrap_or("").to_string())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["API_TOKEN", "HOME", "PATH", "TMPDIR"],
        "{}",
        text(&out.stdout)
    );
    let lines = text(&out.stdout);
    assert!(lines.contains("API_TOKEN=t0ken\n"));
    assert!(lines.contains("PATH=/usr/bin:/bin\n"));
    let home = lines
        .lines()
        .find_map(|l| l.strip_prefix("HOME="))
        .unwrap()
        .to_string();
    assert!(home.starts_with(&env.scratch_root().display().to_string()));
    assert!(lines.contains(&format!("TMPDIR={home}\n")));
}

#[tokio::test(flavor = "multi_thread")]
async fn seccomp_refuses_keyring_ptrace_and_namespaces() {
    let env = env();
    let out = env
        .sb
        .run(
            &tool(&["/usr/bin/python3", "-c", SYSCALL_PROBE]),
            Vec::new(),
        )
        .await
        .unwrap();
    let stdout = text(&out.stdout);
    for name in ["keyctl", "add_key", "ptrace", "unshare", "ptrace again"] {
        assert!(
            stdout.contains(&format!("{name} -1 1\n")),
            "{name}: {stdout} {}",
            text(&out.stderr)
        );
    }
    // Each refused system call is reported, once, in the order first tried; the tool
    // itself went on (EPERM, as without the report) and exited normally.
    assert_eq!(out.violations, ["keyctl", "add_key", "ptrace", "unshare"]);
    assert!(out.success(), "{out:?}");
    // Control: outside the sandbox the same probe gets through for keyctl and ptrace.
    let host = std::process::Command::new("/usr/bin/python3")
        .args(["-c", SYSCALL_PROBE])
        .output()
        .unwrap();
    let host = text(&host.stdout);
    assert!(!host.contains("keyctl -1 1\n"), "{host}");
    assert!(host.contains("ptrace 0 0\n"), "{host}");
}

#[tokio::test(flavor = "multi_thread")]
async fn dropping_the_call_kills_the_tool() {
    let env = env();
    let mark = marker();
    let spec = tool(&[&env.tool_path("fork-sleeper.sh"), &mark]);
    let run = env.sb.run(&spec, Vec::new());
    let seen = tokio::select! {
        _ = run => panic!("the sleeper ended by itself"),
        seen = async {
            for _ in 0..400 {
                tokio::time::sleep(Duration::from_millis(25)).await;
                if procs_with(&mark).len() >= 2 {
                    return true;
                }
            }
            false
        } => seen,
    };
    assert!(seen, "the sleepers never started");
    // `run` is dropped here.
    let mut left = procs_with(&mark);
    for _ in 0..200 {
        if left.is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
        left = procs_with(&mark);
    }
    assert_eq!(left, Vec::<u32>::new(), "processes survived the drop");
    for _ in 0..200 {
        if scratch_dirs(&env).await.is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        scratch_dirs(&env).await.is_empty(),
        "scratch survived the drop"
    );
}

/// While a tool runs, every layer is visible on its process from the host side.
#[tokio::test(flavor = "multi_thread")]
async fn layers_are_visible_on_the_running_tool() {
    let data = tempfile::tempdir().unwrap();
    let env = env_with(vec![data.path().to_path_buf()]);
    let mark = marker();
    let mut spec = tool(&[&env.tool_path("fork-sleeper.sh"), &mark]);
    spec.limits.timeout = Duration::from_secs(3);
    let run = env.sb.run(&spec, Vec::new());
    let inspect = async {
        for _ in 0..200 {
            tokio::time::sleep(Duration::from_millis(20)).await;
            if let Some(pid) = procs_with(&mark).first() {
                let read = |f: &str| std::fs::read_to_string(format!("/proc/{pid}/{f}")).unwrap();
                let ns = |n: &str| std::fs::read_link(format!("/proc/{pid}/ns/{n}")).unwrap();
                let own = |n: &str| std::fs::read_link(format!("/proc/self/ns/{n}")).unwrap();
                return Some((
                    read("status"),
                    read("mountinfo"),
                    read("limits"),
                    ["user", "mnt", "net", "pid", "ipc", "uts"]
                        .iter()
                        .filter(|n| ns(n) == own(n))
                        .map(|n| n.to_string())
                        .collect::<Vec<_>>(),
                ));
            }
        }
        None
    };
    let (out, seen) = tokio::join!(run, inspect);
    assert_eq!(out.unwrap().termination, Termination::TimedOut);
    let (status, mountinfo, limits, shared) = seen.expect("the tool never showed up");
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(field("Uid:"), "65534 65534 65534 65534");
    assert_eq!(field("Gid:"), "65534 65534 65534 65534");
    assert_eq!(field("Groups:"), "");
    assert_eq!(field("CapEff:"), "0000000000000000");
    assert_eq!(field("NoNewPrivs:"), "1");
    assert_eq!(field("Seccomp:"), "2");
    assert!(
        shared.is_empty(),
        "namespaces shared with the host: {shared:?}"
    );
    let hidden = format!(" {} ", data.path().display());
    // The data dir is hidden by its own empty tmpfs, or (under /tmp, as here) by the
    // private /tmp it is not in.
    assert!(
        mountinfo
            .lines()
            .any(|l| l.contains(&hidden) && l.contains("tmpfs lango-deny"))
            || (data.path().starts_with("/tmp")
                && mountinfo
                    .lines()
                    .any(|l| l.contains(" /tmp ") && l.contains("tmpfs lango-private"))),
        "{mountinfo}"
    );
    assert!(
        mountinfo
            .lines()
            .any(|l| l.contains(" tmpfs lango-scratch ") && l.contains("size=65536k")),
        "{mountinfo}"
    );
    let limit = |name: &str| {
        limits
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap()
            .split_whitespace()
            .rev()
            .nth(1)
            .unwrap()
            .to_string()
    };
    assert_eq!(limit("Max processes"), "64");
    assert_eq!(limit("Max open files"), "256");
    assert_eq!(limit("Max core file size"), "0");
    let as_soft = limits
        .lines()
        .find(|l| l.starts_with("Max address space"))
        .unwrap()
        .to_string();
    assert!(as_soft.contains("268435456"), "{as_soft}");
}

/// The launcher binary, copied where uid 1000 can run it, behind a wrapper that runs it
/// as uid 1000 with no supplementary groups (a node that is not root).
fn launcher_as_1000(root: &tempfile::TempDir) -> PathBuf {
    let bin = root.path().join("tools/lango-sandbox-exec");
    std::fs::copy(env!("CARGO_BIN_EXE_lango-sandbox-exec"), &bin).unwrap();
    let wrapper = root.path().join("tools/as-1000.sh");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nexec /usr/bin/setpriv --reuid=1000 --regid=1000 --clear-groups {} \"$@\"\n",
            bin.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    wrapper
}

/// A node that is not root: the launcher (here under setpriv as uid 1000) first makes a
/// user namespace of its own, then the others inside it; Landlock, seccomp and the
/// tree kill hold all the same.
#[tokio::test(flavor = "multi_thread")]
async fn launcher_without_root_still_isolates() {
    let root = test_root();
    let wrapper = launcher_as_1000(&root);
    let sb = Subprocess::new(SubprocessConfig {
        launcher: wrapper,
        launcher_args: Vec::new(),
        scratch_root: root.path().join("scratch"),
        deny_read: Vec::new(),
        private_dirs: lango_sandbox::subprocess::private_dirs(),
        uid: 1000,
        gid: 1000,
        warm: 2,
    })
    .unwrap();
    let probe = sb.probe().await;
    assert!(probe.available, "{probe:?}");
    let layer = |n: &str| probe.layers.iter().find(|l| l.name == n).unwrap().active;
    assert!(!layer("unprivileged-uid"));
    for n in [
        "user-namespace",
        "pid-namespace",
        "net-namespace",
        "landlock",
        "seccomp",
    ] {
        assert!(layer(n), "{n}: {probe:?}");
    }

    let script = "id -u; cat /etc/shadow; echo x > /tmp/lango-nonroot-escape; \
                  echo in > $HOME/f && cat $HOME/f";
    let out = sb.run(&sh(script), Vec::new()).await.unwrap();
    assert_eq!(text(&out.stdout), "1000\nin\n", "{}", text(&out.stderr));
    assert_eq!(refusals(&text(&out.stderr)), 2, "{}", text(&out.stderr));
    assert!(!Path::new("/tmp/lango-nonroot-escape").exists());

    let mark = marker();
    let mut spec = sh(&format!("sleep {mark} & sleep {mark}"));
    spec.limits.timeout = Duration::from_secs(1);
    let out = sb.run(&spec, Vec::new()).await.unwrap();
    assert_eq!(out.termination, Termination::TimedOut);
    assert_eq!(procs_with(&mark), Vec::<u32>::new());
}

fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| {
            let state = s
                .rsplit_once(')')
                .map(|(_, r)| r.trim_start().chars().next());
            !matches!(state, Some(Some('Z' | 'X')) | None)
        })
        .unwrap_or(false)
}

/// Launchers are forked by one zygote process. If it dies (killed, crashed), the next
/// call starts a new one and runs normally; when the back end is dropped, its zygote
/// goes with it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dead_zygote_is_replaced_and_a_dropped_back_end_leaves_none() {
    let env = env();
    let first = env.sb.zygote_pid().expect("a zygote runs");
    assert!(alive(first));
    let out = env.sb.run(&sh("echo one"), Vec::new()).await.unwrap();
    assert_eq!(out.stdout, b"one\n");

    assert!(std::process::Command::new("kill")
        .args(["-KILL", &first.to_string()])
        .status()
        .unwrap()
        .success());
    let out = env.sb.run(&sh("echo two"), Vec::new()).await.unwrap();
    assert_eq!(out.termination, Termination::Exited, "{out:?}");
    assert_eq!(out.stdout, b"two\n");
    let second = env.sb.zygote_pid().expect("a zygote runs again");
    assert_ne!(first, second);
    assert!(alive(second));

    drop(env);
    // Refills still in flight hold the zygote until they end (a few milliseconds).
    for _ in 0..400 {
        if !alive(second) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(!alive(second), "the zygote outlived its back end");
}

/// Warm launchers are set up before their call and serve exactly one: each call of a
/// tool that refuses to overwrite a file in its scratch succeeds (a reused launcher or
/// scratch would find the file), the input reaches the tool byte for byte behind the
/// gate, and a launcher started for one job never runs another (changed environment).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn warm_launchers_serve_one_call_each_and_only_their_own_job() {
    let env = env();
    let once = sh("set -C; echo x > \"$HOME/once\" || exit 9; cat");
    for i in 0..8 {
        let input = format!("{{\"call\":{i}}}").into_bytes();
        let out = env.sb.run(&once, input.clone()).await.unwrap();
        assert_eq!(out.exit_code, Some(0), "call {i}: {}", text(&out.stderr));
        assert_eq!(out.stdout, input, "call {i}");
    }
    // The pool refills to its size in the background.
    env.sb.settled().await;
    assert_eq!(env.sb.warm_launchers(), 2, "the pool did not refill");
    // Forgotten (a secret changed): no launcher keeps its job; the next call works.
    lango_sandbox::Sandbox::forget_warm(&env.sb);
    assert_eq!(env.sb.warm_launchers(), 0);
    let out = env.sb.run(&once, b"{}".to_vec()).await.unwrap();
    assert_eq!(out.exit_code, Some(0), "{}", text(&out.stderr));

    let mut spec = tool(&["/usr/bin/env"]);
    for value in ["first", "second", "third"] {
        spec.env.insert("WHICH".into(), value.into());
        let out = env.sb.run(&spec, Vec::new()).await.unwrap();
        assert!(
            text(&out.stdout).contains(&format!("WHICH={value}\n")),
            "{value}: {}",
            text(&out.stdout)
        );
    }
    assert!(
        scratch_dirs(&env).await.is_empty(),
        "{:?}",
        scratch_dirs(&env).await
    );
}

/// A launcher killed from outside while it waits at its gate (the OOM killer, an
/// operator's `kill`) is not used: the next call gets a live one, the tool runs, and
/// the pool fills up again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_waiting_launcher_killed_from_outside_is_not_used() {
    let env = env();
    let echo = tool(&["/bin/cat"]);
    env.sb.prepare(&echo).await.unwrap();
    env.sb.settled().await;
    let pids = env.sb.warm_launcher_pids();
    assert_eq!(pids.len(), 2, "the pool was not filled");
    for pid in &pids {
        let killed = std::process::Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status()
            .unwrap();
        assert!(killed.success(), "kill {pid}");
    }
    // Until each has exited (a zombie or gone), as a launcher killed while it waited has
    // by the time a call comes.
    let exited = |pid: i32| {
        std::fs::read_to_string(format!("/proc/{pid}/status")).map_or(true, |st| {
            st.lines()
                .any(|l| l.starts_with("State:") && (l.contains('Z') || l.contains('X')))
        })
    };
    let t0 = Instant::now();
    while !pids.iter().all(|p| exited(*p)) {
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "killed launchers still run"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    for i in 0..3 {
        let input = format!("{{\"after_kill\":{i}}}").into_bytes();
        let out = env.sb.run(&echo, input.clone()).await.unwrap();
        assert_eq!(out.exit_code, Some(0), "call {i}: {}", text(&out.stderr));
        assert_eq!(out.stdout, input, "call {i}");
    }
    env.sb.settled().await;
    assert_eq!(env.sb.warm_launchers(), 2, "the pool did not fill up again");
    assert!(
        env.sb
            .warm_launcher_pids()
            .iter()
            .all(|p| !pids.contains(p)),
        "a killed launcher is still in the pool"
    );
}

/// A launcher waiting in the pool has applied its layers but must not run the tool
/// before a call opens its gate; one that is shut down never runs it at all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waiting_launchers_do_not_run_the_tool_until_a_call_opens_the_gate() {
    let env = env();
    let mark = marker();
    let spec = sh(&format!("sleep 30 # {mark}"));
    env.sb.prepare(&spec).await.unwrap();
    env.sb.settled().await;
    assert_eq!(env.sb.warm_launchers(), 2, "the pool was not filled");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        procs_with(&mark),
        Vec::<u32>::new(),
        "a waiting launcher ran the tool"
    );
    env.sb.shutdown().await;
    assert_eq!(env.sb.warm_launchers(), 0);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        procs_with(&mark),
        Vec::<u32>::new(),
        "a shut-down launcher ran the tool"
    );
}

/// A tool that hammers a refused system call from several threads gets EPERM every
/// time, is reported once, and ends normally: the supervisor keeps up and stays out of
/// the way.
#[tokio::test(flavor = "multi_thread")]
async fn a_flood_of_refused_calls_is_answered_and_reported_once() {
    let env = env();
    let script = r#"
import ctypes, threading
libc = ctypes.CDLL(None, use_errno=True)
bad = []
def hammer():
    for _ in range(5000):
        if libc.syscall(101, 0, 0, 0, 0, 0) != -1 or ctypes.get_errno() != 1:
            bad.append(1)
ts = [threading.Thread(target=hammer) for _ in range(4)]
for t in ts: t.start()
for t in ts: t.join()
print("refused", 20000 - len(bad))
"#;
    let out = env
        .sb
        .run(&tool(&["/usr/bin/python3", "-c", script]), Vec::new())
        .await
        .unwrap();
    assert!(out.success(), "{out:?} {}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "refused 20000\n",
        "{}",
        text(&out.stderr)
    );
    assert_eq!(out.violations, ["ptrace"]);
}

/// The tool holds no descriptor but its stdin, stdout and stderr: not the status pipe
/// (it could forge its end), not the seccomp listener (it could answer its own refused
/// calls), not the socket it was handed over on, and nothing the node itself inherited
/// (under `cargo test` that is the jobserver pipe and a /dev/null, which reached the
/// tool before `cloexec_from_3`).
#[tokio::test(flavor = "multi_thread")]
async fn the_tool_holds_only_its_three_standard_descriptors() {
    let env = env();
    let script = r#"
import os
def is_open(fd):
    try:
        os.fstat(fd)
        return True
    except OSError:
        return False
print([fd for fd in range(0, 1024) if is_open(fd)])
"#;
    let out = env
        .sb
        .run(&tool(&["/usr/bin/python3", "-c", script]), Vec::new())
        .await
        .unwrap();
    assert!(out.success(), "{out:?} {}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "[0, 1, 2]\n", "{}", text(&out.stderr));
}

/// Everyday interpreters doing everyday things (JSON, threads, a child process, a temp
/// file, async file reads) make no system call the filter refuses: a benign tool must
/// not count against its caller's `sandbox_violation` threshold. The calls that glibc
/// and the runtimes fall back from (`clone3` answered ENOSYS) are not reported either.
/// Node.js (libuv may probe `io_uring_setup`, which is refused) is run where installed.
#[tokio::test(flavor = "multi_thread")]
async fn everyday_interpreters_raise_no_violation() {
    let env = env();
    let python = r#"
import json, subprocess, sys, tempfile, threading
doc = json.load(sys.stdin)
t = threading.Thread(target=lambda: doc.setdefault("thread", True)); t.start(); t.join()
doc["child"] = subprocess.run(["/bin/echo", "hi"], capture_output=True, text=True).stdout.strip()
with tempfile.NamedTemporaryFile() as f:
    f.write(b"x"); f.flush()
json.dump(doc, sys.stdout, sort_keys=True)
"#;
    let perl = r#"use JSON::PP; local $/; my $d = decode_json(<STDIN>);
$d->{child} = `/bin/echo hi` =~ s/\n\z//r; $d->{thread} = JSON::PP::true;
print JSON::PP->new->canonical->encode($d);"#;
    let node = r#"const fs = require("fs"), cp = require("child_process");
const d = JSON.parse(fs.readFileSync(0, "utf8"));
d.child = cp.execFileSync("/bin/echo", ["hi"]).toString().trim(); d.thread = true;
fs.readFile("/etc/hostname", () => process.stdout.write(JSON.stringify(d, ["a", "child", "thread"])));"#;
    let mut runs = vec![
        ("python3", tool(&["/usr/bin/python3", "-c", python])),
        ("perl", tool(&["/usr/bin/perl", "-e", perl])),
    ];
    if Path::new("/usr/bin/node").exists() {
        runs.push(("node", tool(&["/usr/bin/node", "-e", node])));
    } else {
        eprintln!("/usr/bin/node not installed: node not checked");
    }
    for (name, spec) in runs {
        let mut spec = spec;
        spec.limits.memory_bytes = 1 << 30; // node reserves a large heap up front
        let out = env.sb.run(&spec, b"{\"a\":1}".to_vec()).await.unwrap();
        assert!(out.success(), "{name}: {out:?} {}", text(&out.stderr));
        assert_eq!(
            text(&out.stdout).replace(' ', ""),
            r#"{"a":1,"child":"hi","thread":true}"#,
            "{name}: {}",
            text(&out.stderr)
        );
        assert!(out.violations.is_empty(), "{name}: {:?}", out.violations);
    }
}

/// `/dev/shm` is each call's own tmpfs: POSIX semaphores work (Python's multiprocessing
/// pool), and nothing crosses it, neither from the host nor to it nor between two calls
/// running at the same time.
#[tokio::test(flavor = "multi_thread")]
async fn dev_shm_is_private_to_each_call() {
    let env = env();
    let m = marker();
    let host_file = PathBuf::from(format!("/dev/shm/lango-host-{m}"));
    std::fs::write(&host_file, "HOST").unwrap();

    let pool = "import multiprocessing as m\n\
                with m.Pool(2) as p: print(p.map(abs, [-1, -2]))";
    let out = env
        .sb
        .run(&tool(&["/usr/bin/python3", "-c", pool]), Vec::new())
        .await
        .unwrap();
    assert!(out.success(), "{out:?} {}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "[1, 2]\n");
    assert!(out.violations.is_empty(), "{:?}", out.violations);

    // A writes its file and stays; B, running meanwhile, looks for it and for the host's.
    let a = sh(&format!("echo A > /dev/shm/lango-a-{m} && sleep 3"));
    let b = sh(&format!(
        "sleep 1; ls -a /dev/shm; cat /dev/shm/lango-a-{m} /dev/shm/lango-host-{m}"
    ));
    let host_view = async {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        std::fs::read_dir("/dev/shm")
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
    };
    let (a_out, b_out, host_names) = tokio::join!(
        env.sb.run(&a, Vec::new()),
        env.sb.run(&b, Vec::new()),
        host_view
    );
    std::fs::remove_file(&host_file).unwrap();
    assert!(a_out.unwrap().success());
    let b_out = b_out.unwrap();
    // B sees an empty /dev/shm of its own: only `.` and `..`.
    assert_eq!(text(&b_out.stdout), ".\n..\n", "{}", text(&b_out.stderr));
    assert!(
        text(&b_out.stderr).contains("No such file"),
        "{}",
        text(&b_out.stderr)
    );
    // While A ran, its file was not in the host's /dev/shm (the host's own one was).
    assert!(
        host_names.contains(&format!("lango-host-{m}")),
        "{host_names:?}"
    );
    assert!(
        !host_names.contains(&format!("lango-a-{m}")),
        "a call's /dev/shm reached the host: {host_names:?}"
    );
}

/// Listening Unix sockets where a host keeps them: /tmp, /run and a user runtime dir,
/// open to everyone (mode 0777), so only the sandbox stands between a tool and them.
struct HostSockets {
    paths: Vec<PathBuf>,
    listeners: Vec<std::os::unix::net::UnixListener>,
    runtime: PathBuf,
}

impl HostSockets {
    fn new(tag: &str) -> HostSockets {
        let id = format!("{tag}-{}", std::process::id());
        let runtime = PathBuf::from(format!("/var/lib/lango-test-runtime-{id}"));
        std::fs::create_dir_all(&runtime).unwrap();
        std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o755)).unwrap();
        let paths = vec![
            PathBuf::from(format!("/tmp/lango-host-{id}.sock")),
            PathBuf::from(format!("/run/lango-host-{id}.sock")),
            runtime.join("agent.sock"),
        ];
        let listeners = paths
            .iter()
            .map(|p| {
                let _ = std::fs::remove_file(p);
                let l = std::os::unix::net::UnixListener::bind(p).unwrap();
                std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o777)).unwrap();
                l.set_nonblocking(true).unwrap();
                l
            })
            .collect();
        HostSockets {
            paths,
            listeners,
            runtime,
        }
    }

    /// `/tmp`, `/run`, `/var/run` and the runtime dir, as a node would configure them.
    fn private_dirs(&self) -> Vec<PathBuf> {
        let mut d = lango_sandbox::subprocess::private_dirs();
        d.push(self.runtime.clone());
        d
    }

    /// A tool that tries to connect to each socket and says what happened.
    fn probe(&self, network: bool) -> ToolSpec {
        let mut argv = vec![
            "/usr/bin/python3",
            "-c",
            "import socket,sys\nprint('ALIVE')\nfor p in sys.argv[1:]:\n  try:\n    s=socket.socket(socket.AF_UNIX); s.connect(p); print('CONNECTED', p)\n  except Exception as e: print('refused', p, type(e).__name__)\n",
        ];
        let paths: Vec<String> = self.paths.iter().map(|p| p.display().to_string()).collect();
        argv.extend(paths.iter().map(String::as_str));
        let mut spec = tool(&argv);
        spec.limits.network = network;
        spec
    }

    /// Fails if any listener saw a connection.
    fn assert_untouched(&self) {
        for (p, l) in self.paths.iter().zip(&self.listeners) {
            match l.accept() {
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                other => panic!("{} saw a connection: {other:?}", p.display()),
            }
        }
    }
}

impl Drop for HostSockets {
    fn drop(&mut self) {
        for p in &self.paths {
            let _ = std::fs::remove_file(p);
        }
        let _ = std::fs::remove_dir_all(&self.runtime);
    }
}

async fn no_host_socket_is_reached(sb: &Subprocess, host: &HostSockets) {
    for network in [false, true] {
        let out = sb.run(&host.probe(network), Vec::new()).await.unwrap();
        let stdout = text(&out.stdout);
        assert!(
            stdout.starts_with("ALIVE\n"),
            "{stdout} {}",
            text(&out.stderr)
        );
        assert!(!stdout.contains("CONNECTED"), "network {network}: {stdout}");
        assert_eq!(stdout.matches("refused").count(), 3, "{stdout}");
        // Refused quietly: an honest tool probing for a socket earns its caller no
        // sandbox_violation strike.
        assert!(out.violations.is_empty(), "{:?}", out.violations);
        host.assert_untouched();
    }
}

/// Hardening issue, hole 1: a tool cannot reach the host's Unix sockets (the Docker
/// socket, a session bus, the ssh-agent the node signs with) in /tmp, /run or the user's
/// runtime dir, with or without network, when the node is root.
#[tokio::test(flavor = "multi_thread")]
async fn host_unix_sockets_are_out_of_reach_of_tools_of_a_root_node() {
    let host = HostSockets::new("root");
    let root = test_root();
    let sb = Subprocess::new(SubprocessConfig {
        launcher: PathBuf::from(env!("CARGO_BIN_EXE_lango-sandbox-exec")),
        launcher_args: Vec::new(),
        scratch_root: root.path().join("scratch"),
        private_dirs: host.private_dirs(),
        ..SubprocessConfig::default()
    })
    .unwrap();
    let probe = sb.probe().await;
    let layer = probe.layers.iter().find(|l| l.name == "private-tmp-run");
    assert!(layer.is_some_and(|l| l.active), "{probe:?}");
    no_host_socket_is_reached(&sb, &host).await;
}

/// The same, when the node is not root (the launcher runs as uid 1000 with no
/// supplementary groups).
#[tokio::test(flavor = "multi_thread")]
async fn host_unix_sockets_are_out_of_reach_of_tools_of_a_non_root_node() {
    let host = HostSockets::new("user");
    let root = test_root();
    let wrapper = launcher_as_1000(&root);
    let sb = Subprocess::new(SubprocessConfig {
        launcher: wrapper,
        launcher_args: Vec::new(),
        scratch_root: root.path().join("scratch"),
        private_dirs: host.private_dirs(),
        uid: 1000,
        gid: 1000,
        ..SubprocessConfig::default()
    })
    .unwrap();
    no_host_socket_is_reached(&sb, &host).await;
}

/// Hardening issue, hole 2: a system call made through its x32 number (bit 30 set, same
/// architecture value as x86_64) is refused like its x86_64 twin. The probe is a static
/// binary without libc that calls x32 `keyctl(KEYCTL_GET_KEYRING_ID, session)` and
/// prints the errno: EPERM from the filter; ENOSYS would mean the kernel lacks x32 and
/// the filter let it through, success that the keyring was reached.
#[cfg(target_arch = "x86_64")]
#[tokio::test(flavor = "multi_thread")]
async fn x32_system_calls_are_refused() {
    let env = env();
    let src = env.root.path().join("tools/x32probe.c");
    std::fs::write(
        &src,
        r#"
static long sys(long n, long a, long b, long c) {
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return r;
}
void _start(void) {
    long r = sys(0x40000000L | 250, 0, -3, 0);
    long e = r < 0 ? -r : 0;
    char msg[] = "errno=000\n";
    msg[6] = '0' + (e / 100) % 10; msg[7] = '0' + (e / 10) % 10; msg[8] = '0' + e % 10;
    sys(1, 1, (long)msg, 10);
    sys(60, 0, 0, 0);
}
"#,
    )
    .unwrap();
    let bin = env.tool_path("x32probe");
    let cc = std::process::Command::new("cc")
        .args(["-static", "-nostdlib", "-O1", "-o", &bin])
        .arg(&src)
        .output()
        .expect("cc (scripts/test installs gcc)");
    assert!(cc.status.success(), "{}", text(&cc.stderr));
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = env.sb.run(&tool(&[&bin]), Vec::new()).await.unwrap();
    assert_eq!(text(&out.stdout), "errno=001\n", "{}", text(&out.stderr));
}
