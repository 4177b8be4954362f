//! One call: scratch directory, WASI context, store, the guest's run, and its outcome.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use wasmtime::component::ResourceTable;
use wasmtime::{Engine, Store, UpdateDeadline};
use wasmtime_wasi::p2::pipe::MemoryInputPipe;
use wasmtime_wasi::{FsPerms, I32Exit, WasiCtxBuilder};

use super::cache::Prepared;
use super::output::CappedOutput;
use super::scratch::Scratch;
use super::state::{Limiter, P1State, P2State};
use crate::error::SandboxError;
use crate::outcome::{Outcome, Termination};
use crate::spec::ToolSpec;

/// Where the scratch directory appears inside the guest (also `HOME` and `TMPDIR`).
pub const GUEST_SCRATCH: &str = "/scratch";

/// How long after the deadline a guest that is stuck in a host call is dropped.
const BACKSTOP_GRACE: Duration = Duration::from_millis(500);

/// Counts a guest as running for as long as it lives (dropped with the call's future).
pub(crate) struct Running(Arc<AtomicUsize>);

impl Running {
    pub(crate) fn enter(counter: &Arc<AtomicUsize>) -> Running {
        counter.fetch_add(1, Ordering::SeqCst);
        Running(counter.clone())
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The WASI context of one call: argv, declared env + HOME/TMPDIR, stdin from `input`,
/// capped stdout/stderr, only the scratch dir preopened, no sockets of any kind.
fn wasi_builder(
    spec: &ToolSpec,
    input: Vec<u8>,
    output: &CappedOutput,
    scratch: &Scratch,
) -> Result<WasiCtxBuilder, SandboxError> {
    let mut b = WasiCtxBuilder::new();
    if spec.command.is_empty() {
        b.arg(&spec.name);
    } else {
        b.args(&spec.command);
    }
    for (k, v) in &spec.env {
        if k != "HOME" && k != "TMPDIR" {
            b.env(k, v);
        }
    }
    b.env("HOME", GUEST_SCRATCH)
        .env("TMPDIR", GUEST_SCRATCH)
        .stdin(MemoryInputPipe::new(input))
        .stdout(output.stdout())
        .stderr(output.stderr())
        .allow_tcp(false)
        .allow_udp(false)
        .allow_ip_name_lookup(false)
        .socket_addr_check(|_, _| Box::pin(async { false }));
    b.preopened_dir(scratch.path(), GUEST_SCRATCH, FsPerms::ReadWrite)
        .map_err(|e| SandboxError::Setup {
            kind: "wasm",
            why: format!("preopen {}: {e:#}", scratch.path().display()),
        })?;
    Ok(b)
}

/// Traps the guest once `deadline` has passed (checked every epoch tick, where it also
/// yields to the executor so that a busy guest does not hold the thread).
fn arm_deadline<T: 'static>(store: &mut Store<T>, deadline: Instant, timed_out: Arc<AtomicBool>) {
    store.set_epoch_deadline(1);
    store.epoch_deadline_callback(move |_| {
        if Instant::now() >= deadline {
            timed_out.store(true, Ordering::SeqCst);
            Ok(UpdateDeadline::Interrupt)
        } else {
            Ok(UpdateDeadline::Yield(1))
        }
    });
}

/// How the guest itself ended, before the limits are looked at.
struct GuestEnd {
    result: wasmtime::Result<i32>,
    memory_refused: bool,
}

async fn run_p1(
    engine: &Engine,
    pre: &wasmtime::InstancePre<P1State>,
    builder: &mut WasiCtxBuilder,
    memory: usize,
    deadline: Instant,
    timed_out: Arc<AtomicBool>,
) -> GuestEnd {
    let state = P1State {
        wasi: builder.build_p1(),
        limiter: Limiter::new(memory),
    };
    let mut store = Store::new(engine, state);
    store.limiter(|s| &mut s.limiter);
    arm_deadline(&mut store, deadline, timed_out);
    let result = async {
        let instance = pre.instantiate_async(&mut store).await?;
        let start = instance.get_typed_func::<(), ()>(&mut store, "_start")?;
        start.call_async(&mut store, ()).await?;
        Ok(0)
    }
    .await;
    GuestEnd {
        result,
        memory_refused: store.data().limiter.refused(),
    }
}

async fn run_p2(
    engine: &Engine,
    pre: &wasmtime_wasi::p2::bindings::CommandPre<P2State>,
    builder: &mut WasiCtxBuilder,
    memory: usize,
    deadline: Instant,
    timed_out: Arc<AtomicBool>,
) -> GuestEnd {
    builder.initial_cwd(GUEST_SCRATCH);
    let state = P2State {
        ctx: builder.build(),
        table: ResourceTable::new(),
        limiter: Limiter::new(memory),
    };
    let mut store = Store::new(engine, state);
    store.limiter(|s| &mut s.limiter);
    arm_deadline(&mut store, deadline, timed_out);
    let result = async {
        let command = pre.instantiate_async(&mut store).await?;
        // `run` returns `result`: ok is exit 0, err is exit 1 (as wasmtime's CLI does).
        match command.wasi_cli_run().call_run(&mut store).await? {
            Ok(()) => Ok(0),
            Err(()) => Ok(1),
        }
    }
    .await;
    GuestEnd {
        result,
        memory_refused: store.data().limiter.refused(),
    }
}

/// Runs one prepared tool to its end under `spec.limits`.
pub(crate) async fn call(
    engine: &Engine,
    prepared: &Prepared,
    spec: &ToolSpec,
    input: Vec<u8>,
    scratch: &Scratch,
) -> Result<Outcome, SandboxError> {
    let limits = &spec.limits;
    let output = CappedOutput::new(limits.output_bytes);
    let mut builder = wasi_builder(spec, input, &output, scratch)?;
    // Memories are wasm32 here, so a cap past usize (32-bit hosts) is no cap at all.
    let memory = usize::try_from(limits.memory_bytes).unwrap_or(usize::MAX);
    let timed_out = Arc::new(AtomicBool::new(false));

    let started = Instant::now();
    let deadline = started + limits.timeout;
    let guest = async {
        match prepared {
            Prepared::Module(pre) => {
                run_p1(
                    engine,
                    pre,
                    &mut builder,
                    memory,
                    deadline,
                    timed_out.clone(),
                )
                .await
            }
            Prepared::Component(pre) => {
                run_p2(
                    engine,
                    pre,
                    &mut builder,
                    memory,
                    deadline,
                    timed_out.clone(),
                )
                .await
            }
        }
    };
    // The epoch callback stops guest code at the deadline. A guest parked in a host call
    // (e.g. a long `poll_oneoff` sleep) runs no code to check it, so this backstop drops
    // it a little later; the grace keeps the epoch trap the normal way a call ends.
    let end = tokio::time::timeout_at((deadline + BACKSTOP_GRACE).into(), guest).await;
    let duration = started.elapsed();

    let over_cap = output.over_cap();
    let (termination, exit_code) = match end {
        _ if over_cap => (Termination::OutputLimit, None),
        Err(_elapsed) => (Termination::TimedOut, None),
        Ok(_) if timed_out.load(Ordering::SeqCst) => (Termination::TimedOut, None),
        Ok(GuestEnd {
            result: Ok(code), ..
        }) => (Termination::Exited, Some(code)),
        Ok(GuestEnd {
            result: Err(e),
            memory_refused,
        }) => {
            if let Some(exit) = e.downcast_ref::<I32Exit>() {
                (Termination::Exited, Some(exit.0))
            } else if memory_refused {
                tracing::debug!(tool = %spec.name, error = %format!("{e:#}"), "wasm: memory cap");
                (Termination::OutOfMemory, None)
            } else {
                tracing::info!(tool = %spec.name, error = %format!("{e:#}"), "wasm: guest trapped");
                (Termination::Killed, None)
            }
        }
    };
    let captured = output.take();
    Ok(Outcome {
        termination,
        exit_code,
        signal: None,
        stdout: captured.stdout,
        stderr: captured.stderr,
        truncated: captured.over_cap,
        duration,
        violations: Vec::new(),
    })
}
