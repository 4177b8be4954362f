//! The one wasmtime [`Engine`] of a `Wasm` sandbox and the thread that ticks its epoch.

use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::Duration;

use wasmtime::{Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};

/// How often the epoch advances: the granularity of the deadline check and of the
/// guest yielding to the async executor.
pub(crate) const TICK: Duration = Duration::from_millis(10);

/// Core instances, memories and tables one call may take from the pool. A p1 module
/// needs one of each; a p2 component built with the p1 adapter needs a few.
pub(crate) const CORE_INSTANCES_PER_CALL: u32 = 8;
pub(crate) const MEMORIES_PER_CALL: u32 = 4;
pub(crate) const TABLES_PER_CALL: u32 = 8;

/// Engine with epoch interruption, the component model and a pooling allocator sized
/// for `slots` concurrent calls whose memories may each grow to `max_memory` bytes.
pub(crate) fn engine(slots: u32, max_memory: u64) -> wasmtime::Result<Engine> {
    let max_memory = usize::try_from(max_memory)?;
    let mut pool = PoolingAllocationConfig::new();
    pool.total_component_instances(slots)
        .total_core_instances(slots.saturating_mul(CORE_INSTANCES_PER_CALL))
        .total_memories(slots.saturating_mul(MEMORIES_PER_CALL))
        .total_tables(slots.saturating_mul(TABLES_PER_CALL))
        .total_stacks(slots)
        .max_core_instances_per_component(CORE_INSTANCES_PER_CALL)
        .max_memories_per_component(MEMORIES_PER_CALL)
        .max_tables_per_component(TABLES_PER_CALL)
        .max_memory_size(max_memory);

    let mut config = Config::new();
    config
        .epoch_interruption(true)
        .wasm_component_model(true)
        .parallel_compilation(true)
        .allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    Engine::new(&config)
}

/// Increments the engine's epoch every [`TICK`] on its own thread; dropping it ends
/// the thread (at its next tick).
pub(crate) struct Ticker {
    _stop: Sender<()>,
}

impl Ticker {
    /// Starts the ticker thread.
    pub(crate) fn start(engine: Engine) -> std::io::Result<Ticker> {
        let (stop, rx) = mpsc::channel::<()>();
        std::thread::Builder::new()
            .name("wasm-epoch".into())
            .spawn(move || {
                // Ends when the sender is dropped with the sandbox (or something is sent).
                while let Err(RecvTimeoutError::Timeout) = rx.recv_timeout(TICK) {
                    engine.increment_epoch();
                }
            })?;
        Ok(Ticker { _stop: stop })
    }
}
