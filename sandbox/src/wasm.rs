//! wasm back end: tools are WASI preview 1 command modules or preview 2 components
//! (`.wasm` or `.wat`), run in wasmtime with an epoch deadline, a store memory limit,
//! only the per-call scratch directory preopened and no sockets. One engine per
//! [`Wasm`], a pooling allocator, and a cache of pre-instantiated tools keyed by the
//! SHA-256 of the module file, so a call does not recompile.

mod cache;
mod engine;
mod output;
mod run;
mod scratch;
mod state;

use std::collections::HashMap;
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
use run::Running;
use scratch::ScratchPool;

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
    /// Which content hash each module path had when last read, and the file's identity
    /// then, so that an unchanged file is not re-read and re-hashed on every call.
    seen: std::sync::Mutex<HashMap<PathBuf, (FileStamp, cache::Key)>>,
    slots: Semaphore,
    running: Arc<AtomicUsize>,
    /// Fresh directories for calls; removal of used ones happens off the call path.
    scratch: ScratchPool,
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
        // Spares for the calls that may run at once, capped: each is an empty inode.
        let spares = (config.max_concurrent as usize).clamp(1, 16);
        let scratch = ScratchPool::start(&config.scratch_root, spares)?;
        Ok(Wasm {
            inner: Arc::new(Inner { engine, linkers }),
            cache: Arc::new(ModuleCache::new(config.max_cached_modules)),
            seen: std::sync::Mutex::default(),
            slots: Semaphore::new(config.max_concurrent as usize),
            running: Arc::new(AtomicUsize::new(0)),
            scratch,
            config,
            _ticker: ticker,
        })
    }

    /// How many times a module or component has been compiled (cache misses).
    #[doc(hidden)]
    pub fn compiled_count(&self) -> u64 {
        self.cache.compiled()
    }

    /// Spare scratch directories made ahead of calls (empty; never used yet). Every
    /// other directory under the scratch root belongs to a running call or is being
    /// removed.
    #[doc(hidden)]
    pub fn spare_scratch_dirs(&self) -> Vec<PathBuf> {
        self.scratch.spares()
    }

    /// How many guests are running right now.
    #[doc(hidden)]
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
        // An unchanged file (same inode, size, mtime and ctime: any write moves ctime,
        // which no unprivileged user can set back) maps to the hash read last time.
        let stamp = FileStamp::of(path);
        if let Some(stamp) = stamp {
            let known = self
                .seen_lock()
                .get(path)
                .filter(|(s, _)| *s == stamp)
                .map(|(_, k)| *k);
            if let Some(hit) = known.and_then(|k| self.cache.get(&k)) {
                return Ok(hit);
            }
        }
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
        // The stamp was taken before the read: a write during it changes the ctime, so
        // the next call reads again rather than trusting this pairing.
        if let Some(stamp) = stamp {
            let mut seen = self.seen_lock();
            if seen.len() >= self.config.max_cached_modules.max(1) * 4 {
                seen.clear();
            }
            seen.insert(path.clone(), (stamp, key));
        }
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
        let scratch = self.scratch.take()?;
        let _running = Running::enter(&self.running);
        run::call(&self.inner.engine, &prepared, spec, input, &scratch).await
        // Drop order: the guest (store) has ended, then the running mark, the scratch
        // dir (removed), the slot. Dropping this future mid-run drops them the same way.
    }
}

/// What identifies one version of a file without reading it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct FileStamp {
    dev: u64,
    ino: u64,
    size: u64,
    mtime_ns: i128,
    ctime_ns: i128,
}

impl FileStamp {
    /// `None` when the file cannot be stat'ed (the read that follows says why).
    fn of(path: &std::path::Path) -> Option<FileStamp> {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        let ns = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
        Some(FileStamp {
            dev: m.dev(),
            ino: m.ino(),
            size: m.size(),
            mtime_ns: ns(m.mtime(), m.mtime_nsec()),
            ctime_ns: ns(m.ctime(), m.ctime_nsec()),
        })
    }
}

impl Wasm {
    fn seen_lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, (FileStamp, cache::Key)>> {
        self.seen.lock().unwrap_or_else(|p| p.into_inner())
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

    fn settled(&self) -> BoxFuture<'_, ()> {
        Box::pin(self.scratch.settled())
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
