//! Per-call store state: the WASI context and the memory limiter.

use wasmtime::component::ResourceTable;
use wasmtime::{ResourceLimiter, StoreLimits, StoreLimitsBuilder};
use wasmtime_wasi::p1::WasiP1Ctx;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

/// Wasmtime's [`StoreLimits`] (per memory, per table, instance counts; growth failure
/// traps) plus a cap on the sum of all linear memories of the store, and a record of
/// whether a growth was refused (so the outcome can say `OutOfMemory`).
pub(crate) struct Limiter {
    inner: StoreLimits,
    cap: usize,
    total: usize,
    refused: bool,
}

impl Limiter {
    /// At most `cap` bytes of linear memory in all the store's memories together.
    pub(crate) fn new(cap: usize) -> Limiter {
        let inner = StoreLimitsBuilder::new()
            .memory_size(cap)
            .table_elements(100_000)
            .instances(64)
            .memories(16)
            .tables(64)
            .trap_on_grow_failure(true)
            .build();
        Limiter {
            inner,
            cap,
            total: 0,
            refused: false,
        }
    }

    /// Whether the guest asked for memory past the cap (or the pool refused it).
    pub(crate) fn refused(&self) -> bool {
        self.refused
    }
}

impl ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let after = self.total.saturating_add(desired.saturating_sub(current));
        if after > self.cap {
            self.refused = true;
            wasmtime::bail!(
                "memory cap: growing to {desired} bytes would make {after} bytes of \
                 linear memory, over the cap of {} bytes",
                self.cap
            );
        }
        match self.inner.memory_growing(current, desired, maximum) {
            Ok(true) => {
                self.total = after;
                Ok(true)
            }
            other => {
                self.refused = true;
                other
            }
        }
    }

    fn memory_grow_failed(&mut self, error: wasmtime::Error) -> wasmtime::Result<()> {
        self.refused = true;
        self.inner.memory_grow_failed(error)
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        self.inner.table_growing(current, desired, maximum)
    }

    fn table_grow_failed(&mut self, error: wasmtime::Error) -> wasmtime::Result<()> {
        self.inner.table_grow_failed(error)
    }

    fn instances(&self) -> usize {
        self.inner.instances()
    }

    fn tables(&self) -> usize {
        self.inner.tables()
    }

    fn memories(&self) -> usize {
        self.inner.memories()
    }
}

/// Store data of a WASI preview 1 command module.
pub(crate) struct P1State {
    pub(crate) wasi: WasiP1Ctx,
    pub(crate) limiter: Limiter,
}

/// Store data of a WASI preview 2 component.
pub(crate) struct P2State {
    pub(crate) ctx: WasiCtx,
    pub(crate) table: ResourceTable,
    pub(crate) limiter: Limiter,
}

impl WasiView for P2State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.ctx,
            table: &mut self.table,
        }
    }
}
