//! wasm back end: tools are WASI preview 1 command modules or preview 2 components
//! (`.wasm` or `.wat`), run in wasmtime with an epoch deadline, a store memory limit,
//! only the per-call scratch directory preopened and no sockets. One engine per
//! [`Wasm`], a pooling allocator, and a cache of pre-instantiated tools keyed by the
//! SHA-256 of the module file, so a call does not recompile.

mod cache;
mod engine;
mod output;
mod run;
mod state;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use futures::future::BoxFuture;
use futures::FutureExt;
use tokio::sync::Semaphore;
use wasmtime::Engine;

use crate::error::SandboxError;
use crate::outcome::Outcome;
use crate::probe::{Layer, Probe};
use crate::spec::{Kind, ToolSpec};
use crate::Sandbox;

use cache::{Linkers, ModuleCache, Prepared};
use engine::Ticker;
use run::{Running, Scratch};

pub use run::GUEST_SCRATCH;

/// How a [`Wasm`] sandbox is set up.
#[derive(Clone, Debug)]
pub struct WasmConfig {
    /// Directory under which each call gets a fresh scratch dir (created if missing;
    /// should be private to the node and, to bound scratch writes, a size-capped tmpfs).
    pub scratch_root: PathBuf,
    /// Calls that may run at once; more wait for a slot. Sizes the pooling allocator.
    pub max_concurrent: u32,
    /// Largest any one linear memory may ever grow (pool slot size); per-call caps
    /// (`Limits::memory_bytes`) apply below it. 4 GiB is the wasm32 maximum.
    pub max_memory_bytes: u64,
    /// Compiled tools kept in memory (oldest dropped first).
    pub max_cached_modules: usize,
    /// Largest module file read (a path to a huge or endless file is refused).
    pub max_module_bytes: u64,
}

impl WasmConfig {
    /// Defaults: 8 concurrent calls, 4 GiB pool slots, 64 cached tools, 64 MiB modules.
    pub fn new(scratch_root: impl Into<PathBuf>) -> WasmConfig {
        WasmConfig {
            scratch_root: scratch_root.into(),
            max_concurrent: 8,
            max_memory_bytes: 4 << 30,
            max_cached_modules: 64,
            max_module_bytes: 64 << 20,
        }
    }
}

struct Inner {
    engine: Engine,
    linkers: Linkers,
}

/// The wasm sandbox: one wasmtime engine, its epoch ticker, the module cache.
pub struct Wasm {
    inner: Arc<Inner>,
    config: WasmConfig,
    cache: Arc<ModuleCache>,
    slots: Semaphore,
    running: Arc<AtomicUsize>,
    _ticker: Ticker,
}

fn setup(why: impl std::fmt::Display) -> SandboxError {
    SandboxError::Setup {
        kind: "wasm",
        why: why.to_string(),
    }
}

impl Wasm {
    /// Builds the engine (epoch interruption, pooling allocator), the WASI linkers and
    /// the epoch ticker thread, and creates `scratch_root`.
    pub fn new(config: WasmConfig) -> Result<Wasm, SandboxError> {
        if config.max_concurrent == 0 {
            return Err(setup("max_concurrent must be at least 1"));
        }
        std::fs::create_dir_all(&config.scratch_root).map_err(|source| SandboxError::Io {
            path: config.scratch_root.clone(),
            source,
        })?;
        let engine =
            engine::engine(config.max_concurrent, config.max_memory_bytes).map_err(|e| {
                SandboxError::Unavailable {
                    kind: "wasm",
                    why: format!("wasmtime engine: {e:#}"),
                }
            })?;
        let linkers = Linkers::new(&engine).map_err(|e| setup(format!("WASI linker: {e:#}")))?;
        let ticker = Ticker::start(engine.clone())
            .map_err(|e| setup(format!("epoch ticker thread: {e}")))?;
        Ok(Wasm {
            inner: Arc::new(Inner { engine, linkers }),
            cache: Arc::new(ModuleCache::new(config.max_cached_modules)),
            slots: Semaphore::new(config.max_concurrent as usize),
            running: Arc::new(AtomicUsize::new(0)),
            config,
            _ticker: ticker,
        })
    }

    /// How many times a module or component has been compiled (cache misses).
    pub fn compiled_count(&self) -> u64 {
        self.cache.compiled()
    }

    /// How many guests are running right now.
    pub fn running_guests(&self) -> usize {
        self.running.load(Ordering::SeqCst)
    }

    /// Reads the tool's module file and returns its prepared form, compiling it (on a
    /// blocking thread) only if its content hash is not cached yet.
    async fn prepared(&self, spec: &ToolSpec) -> Result<Prepared, SandboxError> {
        let bad = |why: String| SandboxError::BadSpec {
            tool: spec.name.clone(),
            why,
        };
        if spec.kind != Kind::Wasm {
            return Err(bad(format!("kind is {}, not wasm", spec.kind.as_str())));
        }
        if spec.limits.network {
            return Err(bad(
                "declares network access; wasm tools get no sockets (use another back end)".into(),
            ));
        }
        let path = spec
            .module
            .as_ref()
            .ok_or_else(|| bad("no module file (.wasm or .wat) given".into()))?;
        let bytes = read_capped(path, self.config.max_module_bytes)
            .await?
            .ok_or_else(|| {
                bad(format!(
                    "{}: larger than {} bytes (max_module_bytes)",
                    path.display(),
                    self.config.max_module_bytes
                ))
            })?;
        let key = cache::key(&bytes);
        if let Some(hit) = self.cache.get(&key) {
            return Ok(hit);
        }
        let inner = self.inner.clone();
        let compiled = tokio::task::spawn_blocking(move || {
            cache::compile(&inner.engine, &inner.linkers, &bytes)
        })
        .await
        .map_err(|e| setup(format!("compile task: {e}")))?
        .map_err(|why| bad(format!("{}: {why}", path.display())))?;
        self.cache.insert(key, compiled.clone());
        Ok(compiled)
    }

    async fn run_once(&self, spec: &ToolSpec, input: Vec<u8>) -> Result<Outcome, SandboxError> {
        let prepared = self.prepared(spec).await?;
        let _slot = self
            .slots
            .acquire()
            .await
            .map_err(|e| setup(format!("call slots: {e}")))?;
        let scratch = Scratch::create(&self.config.scratch_root)?;
        let _running = Running::enter(&self.running);
        run::call(&self.inner.engine, &prepared, spec, input, &scratch).await
        // Drop order: the guest (store) has ended, then the running mark, the scratch
        // dir (removed), the slot. Dropping this future mid-run drops them the same way.
    }
}

/// Reads at most `max` bytes of `path`; `None` if the file is longer.
async fn read_capped(path: &std::path::Path, max: u64) -> Result<Option<Vec<u8>>, SandboxError> {
    use tokio::io::AsyncReadExt;
    let io = |source| SandboxError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = tokio::fs::File::open(path).await.map_err(io)?;
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .await
        .map_err(io)?;
    Ok((bytes.len() as u64 <= max).then_some(bytes))
}

impl Sandbox for Wasm {
    fn kind(&self) -> Kind {
        Kind::Wasm
    }

    fn run<'a>(
        &'a self,
        spec: &'a ToolSpec,
        input: Vec<u8>,
    ) -> BoxFuture<'a, Result<Outcome, SandboxError>> {
        self.run_once(spec, input).boxed()
    }

    fn prepare<'a>(&'a self, spec: &'a ToolSpec) -> BoxFuture<'a, Result<(), SandboxError>> {
        async move { self.prepared(spec).await.map(|_| ()) }.boxed()
    }

    fn probe(&self) -> BoxFuture<'_, Probe> {
        let c = &self.config;
        let layers = vec![
            Layer::on(
                "epoch-deadline",
                format!(
                    "epoch tick {} ms; the guest traps at limits.timeout, and a guest parked \
                     in a host call is dropped at the same deadline",
                    engine::TICK.as_millis()
                ),
            ),
            Layer::on(
                "memory-limit",
                "store limiter: all linear memories of a call together <= limits.memory_bytes; \
                 growth past it traps (OutOfMemory)",
            ),
            Layer::on(
                "filesystem",
                format!("only the per-call scratch dir is preopened, as {GUEST_SCRATCH}"),
            ),
            Layer::on(
                "no-network",
                "WASI TCP/UDP/name lookup disabled and every socket address denied; tools \
                 declaring network are refused",
            ),
            Layer::on(
                "environment",
                "no inherited args/env: argv from the spec, declared env + HOME/TMPDIR",
            ),
            Layer::on(
                "output-cap",
                "stdout + stderr share limits.output_bytes; over it the guest traps",
            ),
            Layer::on(
                "pooling-allocator",
                format!(
                    "{} concurrent calls, linear memories up to {} bytes each",
                    c.max_concurrent, c.max_memory_bytes
                ),
            ),
            Layer::on(
                "module-cache",
                format!(
                    "pre-instantiated tools keyed by SHA-256 of the file, up to {} (now {})",
                    c.max_cached_modules,
                    self.cache.len()
                ),
            ),
            Layer::off(
                "cpu-time",
                "no separate CPU budget: a guest runs on one thread and the wall-clock epoch \
                 deadline (limits.timeout) bounds it; limits.cpu_time is not used",
            ),
            Layer::off(
                "scratch-size",
                "WASI file writes are not metered: limits.scratch_bytes is not enforced; put \
                 scratch_root on a size-capped tmpfs",
            ),
        ];
        let probe = Probe {
            kind: Kind::Wasm,
            available: true,
            detail: "wasmtime 48, WASI preview 1 modules and preview 2 components".into(),
            layers,
        };
        async move { probe }.boxed()
    }
}
