//! One sandboxed call of a no-op tool (output = input), per back end, against a
//! reference measured in the same run, without a node or a network in between:
//!
//! - `wasm/sandbox`: `Wasm::run` of `examples/tools/wasm/echo.wat` (module cache hit,
//!   pooling allocator, epoch deadline, store limits, scratch preopen, capped output);
//!   `wasm/bare_wasmtime`: the same module run by plain wasmtime with WASI p1 on the
//!   calling thread (compiled and linked once; per call: context, store, instantiate,
//!   `_start`), none of the sandbox's limits.
//! - `subprocess/sandbox`: `Subprocess::run` of `/bin/cat` from a settled warm pool (every
//!   isolation layer; needs root, like `tests/subprocess.rs`); `subprocess/spawn_wait`:
//!   spawn + wait of `/bin/cat` with the same input and no sandbox.
//!
//! `lango-node bench invoke` measures whole calls between two nodes; this one says how
//! much of a call is the sandbox itself. Containers are left to `bench invoke` (a cold
//! `docker run` reference takes ~200 ms a sample). Run with
//! `cargo bench -p lango-sandbox --bench call`; compare the two lines of each group.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use lango_sandbox::subprocess::{Subprocess, SubprocessConfig};
use lango_sandbox::wasm::{Wasm, WasmConfig};
use lango_sandbox::{Kind, Limits, Sandbox, ToolSpec};
use wasmtime_wasi::p2::pipe::{MemoryInputPipe, MemoryOutputPipe};

const INPUT: &[u8] = br#"{"bench":"lango","n":1}"#;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a benchmark needs a tokio runtime")
}

fn spec(kind: Kind, command: &[&str], module: Option<PathBuf>) -> ToolSpec {
    ToolSpec {
        name: "noop".into(),
        kind,
        secrets: Default::default(),
        command: command.iter().map(|s| s.to_string()).collect(),
        module,
        image: None,
        env: BTreeMap::new(),
        limits: Limits {
            timeout: Duration::from_secs(30),
            ..Limits::default()
        },
    }
}

/// Times `iters` calls of `tool`, each once the sandbox has settled (the last call torn
/// down, warm pools and spares refilled), as `bench invoke`'s latency rows do; the
/// settling is not timed.
fn settled_calls(
    rt: &tokio::runtime::Runtime,
    sb: &dyn Sandbox,
    tool: &ToolSpec,
    iters: u64,
) -> Duration {
    rt.block_on(async {
        let mut spent = Duration::ZERO;
        for _ in 0..iters {
            sb.settled().await;
            let t = Instant::now();
            let out = sb.run(tool, INPUT.to_vec()).await.expect("the tool runs");
            spent += t.elapsed();
            assert_eq!(out.stdout, INPUT, "the sandboxed no-op must echo");
        }
        spent
    })
}

fn echo_wat() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/tools/wasm/echo.wat")
}

fn wasm(c: &mut Criterion) {
    let rt = runtime();
    let root = tempfile::tempdir().expect("temp dir");
    let sb = Wasm::new(WasmConfig::new(root.path().join("scratch"))).expect("wasm sandbox");
    let tool = spec(Kind::Wasm, &[], Some(echo_wat()));
    rt.block_on(sb.prepare(&tool)).expect("echo.wat compiles");

    let mut group = c.benchmark_group("wasm");
    group.bench_function("sandbox", |b| {
        b.iter_custom(|iters| settled_calls(&rt, &sb, &tool, iters))
    });

    let engine = wasmtime::Engine::default();
    let bytes = std::fs::read(echo_wat()).expect("echo.wat is readable");
    let module = wasmtime::Module::new(&engine, &bytes).expect("echo.wat compiles");
    let mut linker = wasmtime::Linker::<wasmtime_wasi::p1::WasiP1Ctx>::new(&engine);
    wasmtime_wasi::p1::add_to_linker_sync(&mut linker, |s| s).expect("WASI p1 links");
    let pre = linker
        .instantiate_pre(&module)
        .expect("echo imports only WASI");
    group.bench_function("bare_wasmtime", |b| {
        b.iter(|| {
            let stdout = MemoryOutputPipe::new(1 << 20);
            let ctx = wasmtime_wasi::WasiCtxBuilder::new()
                .stdin(MemoryInputPipe::new(INPUT))
                .stdout(stdout.clone())
                .build_p1();
            let mut store = wasmtime::Store::new(&engine, ctx);
            let instance = pre.instantiate(&mut store).expect("instantiates");
            let start = instance
                .get_typed_func::<(), ()>(&mut store, "_start")
                .expect("a WASI command");
            start.call(&mut store, ()).expect("echo runs");
            drop(store);
            assert_eq!(&stdout.contents()[..], INPUT, "the bare echo must echo");
        })
    });
    group.finish();
}

fn subprocess(c: &mut Criterion) {
    if !rustix::process::geteuid().is_root() {
        eprintln!("subprocess: skipped (the sandbox's namespaces and uid drop need root)");
        return;
    }
    let rt = runtime();
    // 0711, so that the sandbox uid can reach the scratch root below it.
    let root = tempfile::tempdir().expect("temp dir");
    std::fs::set_permissions(root.path(), std::fs::Permissions::from_mode(0o711))
        .expect("chmod temp dir");
    let sb = Subprocess::new(SubprocessConfig {
        launcher: PathBuf::from(env!("CARGO_BIN_EXE_lango-sandbox-exec")),
        launcher_args: Vec::new(),
        scratch_root: root.path().join("scratch"),
        warm: 4,
        ..SubprocessConfig::default()
    })
    .expect("subprocess sandbox");
    let tool = spec(Kind::Subprocess, &["/bin/cat"], None);
    rt.block_on(sb.prepare(&tool)).expect("cat is a valid tool");

    let mut group = c.benchmark_group("subprocess");
    group.bench_function("sandbox", |b| {
        b.iter_custom(|iters| settled_calls(&rt, &sb, &tool, iters))
    });
    group.bench_function("spawn_wait", |b| {
        b.iter(|| {
            let mut child = std::process::Command::new("/bin/cat")
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .env_clear()
                .spawn()
                .expect("spawn cat");
            if let Some(mut stdin) = child.stdin.take() {
                stdin.write_all(INPUT).expect("write to cat");
            }
            let out = child.wait_with_output().expect("wait for cat");
            assert_eq!(out.stdout, INPUT, "the bare cat must echo");
        })
    });
    group.finish();
    rt.block_on(sb.shutdown());
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(Duration::from_secs(5));
    targets = wasm, subprocess
}
criterion_main!(benches);
