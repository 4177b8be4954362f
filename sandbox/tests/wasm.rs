//! The wasm back end against real wasmtime: every limit is tried by a hostile tool
//! (examples/tools/wasm/*.wat) and the refusal is observed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use lango_sandbox::wasm::{Wasm, WasmConfig};
use lango_sandbox::{Kind, Limits, Sandbox, SandboxError, Termination, ToolSpec};

fn tool_path(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/tools/wasm")
        .join(file)
}

fn spec_for(path: PathBuf) -> ToolSpec {
    ToolSpec {
        name: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        kind: Kind::Wasm,
        secrets: Default::default(),
        command: vec![],
        module: Some(path),
        image: None,
        env: BTreeMap::new(),
        limits: Limits {
            timeout: Duration::from_secs(20),
            memory_bytes: 64 << 20,
            output_bytes: 4 << 20,
            ..Limits::default()
        },
    }
}

fn spec(file: &str) -> ToolSpec {
    spec_for(tool_path(file))
}

struct Fixture {
    root: tempfile::TempDir,
    wasm: Arc<Wasm>,
}

impl Fixture {
    fn new() -> Fixture {
        let root = tempfile::tempdir().unwrap();
        let mut config = WasmConfig::new(root.path().join("scratch"));
        config.max_concurrent = 4;
        config.max_memory_bytes = 1 << 30;
        let wasm = Arc::new(Wasm::new(config).unwrap());
        Fixture { root, wasm }
    }

    /// Directories under the scratch root now, other than the unused spares: those of
    /// running calls and those not removed yet.
    fn scratch_in_use(&self) -> Vec<PathBuf> {
        let spares = self.wasm.spare_scratch_dirs();
        std::fs::read_dir(self.root.path().join("scratch"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| !spares.contains(p))
            .collect()
    }

    /// Used directories left after the janitor has had up to 10 s to remove them
    /// (removal is off the call's path); every call's dir must be gone.
    fn scratch_left(&self) -> Vec<PathBuf> {
        let t0 = Instant::now();
        loop {
            let left = self.scratch_in_use();
            if left.is_empty() || t0.elapsed() > Duration::from_secs(10) {
                return left;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    async fn echo_still_works(&self) {
        let out = self
            .wasm
            .run(&spec("echo.wat"), b"still here".to_vec())
            .await
            .unwrap();
        assert!(out.success(), "{out:?}");
        assert_eq!(out.stdout, b"still here");
        assert_eq!(self.wasm.running_guests(), 0);
        assert!(self.scratch_left().is_empty(), "{:?}", self.scratch_left());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn echo_returns_input() {
    let f = Fixture::new();
    let input = br#"{"query":"hello"}"#.to_vec();
    let out = f.wasm.run(&spec("echo.wat"), input.clone()).await.unwrap();
    assert_eq!(out.termination, Termination::Exited);
    assert_eq!(out.exit_code, Some(0));
    assert_eq!(out.stdout, input);
    assert!(out.stderr.is_empty());
    assert!(!out.truncated);
    assert!(f.scratch_left().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_mib_round_trips() {
    let f = Fixture::new();
    let input: Vec<u8> = (0..(1u32 << 20))
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let out = f.wasm.run(&spec("echo.wat"), input.clone()).await.unwrap();
    assert!(out.success(), "{:?}", out.termination);
    assert_eq!(out.stdout.len(), input.len());
    assert!(out.stdout == input, "1 MiB came back altered");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_code_comes_back() {
    let f = Fixture::new();
    let out = f.wasm.run(&spec("exit7.wat"), vec![]).await.unwrap();
    assert_eq!(out.termination, Termination::Exited);
    assert_eq!(out.exit_code, Some(7));
    assert!(!out.success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn infinite_loop_ends_by_epoch_and_the_sandbox_serves_the_next_call() {
    let f = Fixture::new();
    let mut s = spec("spin.wat");
    s.limits.timeout = Duration::from_secs(1);
    let t0 = Instant::now();
    let out = f.wasm.run(&s, vec![]).await.unwrap();
    assert_eq!(out.termination, Termination::TimedOut);
    assert_eq!(out.exit_code, None);
    assert!(out.duration >= Duration::from_secs(1), "{:?}", out.duration);
    assert!(t0.elapsed() < Duration::from_secs(20), "{:?}", t0.elapsed());
    f.echo_still_works().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_guest_parked_in_a_host_sleep_still_times_out() {
    let f = Fixture::new();
    let mut s = spec("sleep.wat");
    s.limits.timeout = Duration::from_secs(1);
    let t0 = Instant::now();
    let out = f.wasm.run(&s, vec![]).await.unwrap();
    assert_eq!(out.termination, Termination::TimedOut);
    assert!(t0.elapsed() < Duration::from_secs(20), "{:?}", t0.elapsed());
    f.echo_still_works().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_bomb_is_out_of_memory_and_the_host_is_fine() {
    let f = Fixture::new();
    let mut s = spec("membomb.wat");
    s.limits.memory_bytes = 32 << 20;
    let out = f.wasm.run(&s, vec![]).await.unwrap();
    assert_eq!(out.termination, Termination::OutOfMemory, "{out:?}");
    assert_eq!(out.exit_code, None);

    // A module that asks for more than the cap up front (64 MiB initial memory) never
    // starts.
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.wat");
    std::fs::write(&big, r#"(module (memory 1024) (func (export "_start")))"#).unwrap();
    let mut s = spec_for(big);
    s.limits.memory_bytes = 32 << 20;
    let out = f.wasm.run(&s, vec![]).await.unwrap();
    assert_eq!(out.termination, Termination::OutOfMemory, "{out:?}");
    // Under the cap the same module runs.
    s.limits.memory_bytes = 65 << 20;
    assert!(f.wasm.run(&s, vec![]).await.unwrap().success());
    f.echo_still_works().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_calls_than_pool_slots_wait_and_all_complete() {
    let f = Fixture::new(); // 4 slots
    let mut calls = Vec::new();
    for i in 0..12u8 {
        let wasm = f.wasm.clone();
        let file = if i % 2 == 0 {
            "echo.wat"
        } else {
            "echo-p2.wat"
        };
        calls.push(tokio::spawn(async move {
            let out = wasm.run(&spec(file), vec![i; 10_000]).await.unwrap();
            assert!(out.success(), "{file}: {out:?}");
            assert_eq!(out.stdout, vec![i; 10_000]);
        }));
    }
    for c in calls {
        c.await.unwrap();
    }
    assert_eq!(f.wasm.running_guests(), 0);
    assert!(f.scratch_left().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stack_overflow_is_a_trap_and_the_host_is_fine() {
    let f = Fixture::new();
    let out = f.wasm.run(&spec("recurse.wat"), vec![]).await.unwrap();
    assert_eq!(out.termination, Termination::Killed, "{out:?}");
    assert_eq!((out.exit_code, out.signal), (None, None));
    f.echo_still_works().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn output_over_the_cap_is_truncated_and_flagged() {
    let f = Fixture::new();
    let mut s = spec("bigout.wat");
    s.limits.output_bytes = 100_000;
    let out = f.wasm.run(&s, vec![]).await.unwrap();
    assert_eq!(out.termination, Termination::OutputLimit);
    assert!(out.truncated);
    assert_eq!(out.stdout.len() + out.stderr.len(), 100_000);
    assert!(out.stdout.iter().all(|&b| b == b'x'));
    f.echo_still_works().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn output_of_exactly_the_cap_is_not_flagged() {
    let f = Fixture::new();
    let mut s = spec("echo.wat");
    s.limits.output_bytes = 1000;
    let out = f.wasm.run(&s, vec![b'a'; 1000]).await.unwrap();
    assert!(out.success(), "{out:?}");
    assert!(!out.truncated);
    assert_eq!(out.stdout.len(), 1000);
    let out = f.wasm.run(&s, vec![b'a'; 1001]).await.unwrap();
    assert_eq!(out.termination, Termination::OutputLimit);
    assert!(out.truncated);
    assert_eq!(out.stdout.len(), 1000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paths_outside_scratch_cannot_be_opened() {
    let f = Fixture::new();
    let out = f.wasm.run(&spec("escape.wat"), vec![]).await.unwrap();
    assert!(out.success(), "{out:?}");
    let errno = out.stdout.clone();
    assert_eq!(errno.len(), 4, "{errno:?}");
    // WASI p1 errno 63 = EPERM: wasmtime-wasi refuses a path that leads outside the
    // preopen. Not 0 (opened) and not 44 (ENOENT, which would mean the lookup reached
    // the host's /etc, where passwd exists).
    assert_eq!(errno[0], 63, "../../../../etc/passwd: errno {}", errno[0]);
    assert_eq!(errno[1], 63, "/etc/passwd: errno {}", errno[1]);
    // Creating a symlink whose target points outside is allowed (it is only a string
    // in scratch) ...
    assert_eq!(errno[2], 0, "symlink creation: errno {}", errno[2]);
    // ... following it is not.
    assert_eq!(errno[3], 63, "symlink out of scratch: errno {}", errno[3]);
    assert!(f.scratch_left().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scratch_is_writable_and_removed_after_the_call() {
    let f = Fixture::new();
    let out = f.wasm.run(&spec("writer.wat"), vec![]).await.unwrap();
    assert!(out.success(), "{out:?}");
    assert_eq!(out.stdout, b"hello scratch");
    assert!(f.scratch_left().is_empty(), "{:?}", f.scratch_left());
}

/// `settled` returns only once the janitor has removed each used directory and made the
/// spares again: right after it, nothing but the spares (4, one per concurrent call) is
/// under the root, without any polling.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settled_means_used_scratch_is_removed_and_spares_are_ready() {
    let f = Fixture::new();
    // Also before any call: the first fill is pending work.
    f.wasm.settled().await;
    assert_eq!(f.wasm.spare_scratch_dirs().len(), 4, "before any call");
    for i in 0..8 {
        let out = f.wasm.run(&spec("writer.wat"), vec![]).await.unwrap();
        assert!(out.success(), "call {i}: {out:?}");
        f.wasm.settled().await;
        assert!(
            f.scratch_in_use().is_empty(),
            "call {i}: {:?}",
            f.scratch_in_use()
        );
        assert_eq!(f.wasm.spare_scratch_dirs().len(), 4, "call {i}");
    }
}

/// Spare directories are made ahead of calls; none may ever serve a second call. The
/// tool creates its file with O_EXCL, so it fails (exit 11) in a directory that an
/// earlier call wrote to.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_scratch_dir_serves_two_calls() {
    let f = Fixture::new();
    let s = spec_for(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/writer-excl.wat"));
    for i in 0..24 {
        let out = f.wasm.run(&s, vec![]).await.unwrap();
        assert_eq!(out.exit_code, Some(0), "call {i}: {out:?}");
        assert_eq!(out.stdout, b"hello scratch");
    }
    for spare in f.wasm.spare_scratch_dirs() {
        assert_eq!(std::fs::read_dir(&spare).unwrap().count(), 0, "{spare:?}");
    }
    assert!(f.scratch_left().is_empty(), "{:?}", f.scratch_left());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn environment_is_only_the_declared_variables_plus_home_and_tmpdir() {
    let f = Fixture::new();
    let mut s = spec("env.wat");
    s.command = vec!["mytool".into(), "--flag".into()];
    s.env.insert("API_TOKEN".into(), "t0k3n".into());
    s.env.insert("HOME".into(), "/root".into());
    let out = f.wasm.run(&s, vec![]).await.unwrap();
    assert!(out.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let (args, env) = text.split_once("--\n").unwrap();
    assert_eq!(args.lines().collect::<Vec<_>>(), ["mytool", "--flag"]);
    let mut env: Vec<&str> = env.lines().collect();
    env.sort();
    // The host's PATH, USER, CARGO_* etc. are not there; HOME cannot be overridden.
    assert_eq!(env, ["API_TOKEN=t0k3n", "HOME=/scratch", "TMPDIR=/scratch"]);

    // No command: argv is the tool name.
    let s = spec("env.wat");
    let out = f.wasm.run(&s, vec![]).await.unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("env\n--\n"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn second_call_hits_the_module_cache_and_a_changed_file_recompiles() {
    let f = Fixture::new();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tool.wat");
    std::fs::copy(tool_path("echo.wat"), &path).unwrap();
    let s = spec_for(path.clone());

    assert_eq!(f.wasm.compiled_count(), 0);
    f.wasm.prepare(&s).await.unwrap();
    assert_eq!(f.wasm.compiled_count(), 1);
    for _ in 0..3 {
        let out = f.wasm.run(&s, b"x".to_vec()).await.unwrap();
        assert_eq!(out.stdout, b"x");
    }
    assert_eq!(
        f.wasm.compiled_count(),
        1,
        "a cached tool was compiled again"
    );

    // Same bytes under another name: same hash, no compilation.
    let copy = dir.path().join("copy.wat");
    std::fs::copy(&path, &copy).unwrap();
    f.wasm.run(&spec_for(copy), vec![]).await.unwrap();
    assert_eq!(f.wasm.compiled_count(), 1);

    // The file changes: new hash, new compilation, new behaviour.
    std::fs::copy(tool_path("exit7.wat"), &path).unwrap();
    let out = f.wasm.run(&s, vec![]).await.unwrap();
    assert_eq!(out.exit_code, Some(7));
    assert_eq!(f.wasm.compiled_count(), 2);

    // An unchanged file is not re-read per call, so try to slip a change past that:
    // rewrite it in place with the same size and put its mtime back. Its ctime moves
    // (no unprivileged user can set that back), and the new code must be what runs.
    let file = std::fs::File::open(&path).unwrap();
    let mtime = file.metadata().unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let patched = text.replace("(i32.const 7)", "(i32.const 8)");
    assert_eq!(patched.len(), text.len());
    std::fs::write(&path, patched).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), mtime);
    let out = f.wasm.run(&s, vec![]).await.unwrap();
    assert_eq!(out.exit_code, Some(8), "a stale cached module ran");
    assert_eq!(f.wasm.compiled_count(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropping_the_future_stops_the_guest_and_removes_scratch() {
    let f = Fixture::new();
    let mut s = spec("spin.wat");
    s.limits.timeout = Duration::from_secs(600);
    let wasm = f.wasm.clone();
    let task = tokio::spawn(async move { wasm.run(&s, vec![]).await });

    let t0 = Instant::now();
    while f.wasm.running_guests() == 0 {
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "guest never started"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(f.scratch_in_use().len(), 1);
    // Let it spin a little, then the caller goes away.
    tokio::time::sleep(Duration::from_millis(200)).await;
    task.abort();
    assert!(task.await.unwrap_err().is_cancelled());
    assert_eq!(f.wasm.running_guests(), 0);
    assert!(f.scratch_left().is_empty(), "{:?}", f.scratch_left());
    f.echo_still_works().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn preview2_component_echoes_and_reports_err_as_exit_1() {
    let f = Fixture::new();
    let input = br#"{"p2":true}"#.to_vec();
    let out = f
        .wasm
        .run(&spec("echo-p2.wat"), input.clone())
        .await
        .unwrap();
    assert!(out.success(), "{out:?}");
    assert_eq!(out.stdout, input);

    let big = vec![b'z'; 300_000];
    let out = f.wasm.run(&spec("echo-p2.wat"), big.clone()).await.unwrap();
    assert!(out.success(), "{:?}", out.termination);
    assert!(out.stdout == big);

    let out = f.wasm.run(&spec("fail-p2.wat"), vec![]).await.unwrap();
    assert_eq!(out.termination, Termination::Exited);
    assert_eq!(out.exit_code, Some(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn preview2_output_cap_applies() {
    let f = Fixture::new();
    let mut s = spec("echo-p2.wat");
    s.limits.output_bytes = 1000;
    let out = f.wasm.run(&s, vec![b'q'; 5000]).await.unwrap();
    assert_eq!(out.termination, Termination::OutputLimit);
    assert!(out.truncated);
    assert_eq!(out.stdout, vec![b'q'; 1000]);
    f.echo_still_works().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_specs_are_refused_before_running() {
    let f = Fixture::new();
    let dir = tempfile::tempdir().unwrap();

    let mut s = spec("echo.wat");
    s.limits.network = true;
    assert!(matches!(
        f.wasm.run(&s, vec![]).await,
        Err(SandboxError::BadSpec { .. })
    ));

    let mut s = spec("echo.wat");
    s.module = None;
    assert!(matches!(
        f.wasm.run(&s, vec![]).await,
        Err(SandboxError::BadSpec { .. })
    ));

    let s = spec_for(dir.path().join("missing.wasm"));
    assert!(matches!(
        f.wasm.run(&s, vec![]).await,
        Err(SandboxError::Io { .. })
    ));

    // Imports something other than WASI: refused at prepare, never instantiated.
    let host_fn = dir.path().join("host.wat");
    std::fs::write(
        &host_fn,
        r#"(module (import "env" "system" (func (param i32))) (func (export "_start")))"#,
    )
    .unwrap();
    let err = f.wasm.prepare(&spec_for(host_fn)).await.unwrap_err();
    assert!(matches!(err, SandboxError::BadSpec { .. }), "{err}");

    // A module file larger than the configured maximum is not read whole.
    let mut config = WasmConfig::new(f.root.path().join("scratch2"));
    config.max_module_bytes = 100;
    config.max_concurrent = 1;
    let small = Wasm::new(config).unwrap();
    let err = small.prepare(&spec("echo.wat")).await.unwrap_err();
    assert!(err.to_string().contains("larger than"), "{err}");

    // A reactor (no _start) is not a command.
    let reactor = dir.path().join("reactor.wat");
    std::fs::write(&reactor, r#"(module (func (export "f")))"#).unwrap();
    let err = f.wasm.prepare(&spec_for(reactor)).await.unwrap_err();
    assert!(err.to_string().contains("_start"), "{err}");
    assert_eq!(f.wasm.running_guests(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn probe_reports_layers_including_the_ones_it_cannot_apply() {
    let f = Fixture::new();
    let p = f.wasm.probe().await;
    assert_eq!(p.kind, Kind::Wasm);
    assert!(p.available);
    let layer = |n: &str| p.layers.iter().find(|l| l.name == n).unwrap().active;
    assert!(layer("epoch-deadline"));
    assert!(layer("memory-limit"));
    assert!(layer("filesystem"));
    assert!(layer("no-network"));
    assert!(!layer("scratch-size"));
    assert!(!layer("cpu-time"));
}
