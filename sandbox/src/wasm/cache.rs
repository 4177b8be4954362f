//! Compiled, pre-instantiated tools, keyed by the SHA-256 of the module file's bytes.
//!
//! A hit skips compilation and import resolution entirely: the call only instantiates
//! (into a warm pooling-allocator slot). A changed file has a new hash and compiles anew;
//! the stale entry ages out (the cache holds at most `max` entries, oldest out first).

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use sha2::{Digest, Sha256};
use wasmtime::component::{Component, Linker as ComponentLinker};
use wasmtime::{Engine, ExternType, InstancePre, Linker, Module};
use wasmtime_wasi::p2::bindings::CommandPre;

use super::state::{P1State, P2State};

/// SHA-256 of a module file.
pub(crate) type Key = [u8; 32];

/// Hashes a module file's bytes (text or binary, as read from disk).
pub(crate) fn key(bytes: &[u8]) -> Key {
    Sha256::digest(bytes).into()
}

/// A tool ready to instantiate.
#[derive(Clone)]
pub(crate) enum Prepared {
    /// WASI preview 1 command module (`_start`).
    Module(InstancePre<P1State>),
    /// WASI preview 2 component exporting `wasi:cli/run`.
    Component(CommandPre<P2State>),
}

/// The linkers every tool is resolved against: WASI and nothing else.
pub(crate) struct Linkers {
    pub(crate) p1: Linker<P1State>,
    pub(crate) p2: ComponentLinker<P2State>,
}

impl Linkers {
    /// WASI p1 (`wasi_snapshot_preview1`) and WASI p2 (`wasi:*@0.2`), async host side.
    pub(crate) fn new(engine: &Engine) -> wasmtime::Result<Linkers> {
        let mut p1 = Linker::new(engine);
        wasmtime_wasi::p1::add_to_linker_async(&mut p1, |s: &mut P1State| &mut s.wasi)?;
        let mut p2 = ComponentLinker::new(engine);
        wasmtime_wasi::p2::add_to_linker_async(&mut p2)?;
        Ok(Linkers { p1, p2 })
    }
}

/// Compiles `bytes` (`.wasm` binary or `.wat` text, core module or component) and
/// resolves its imports. Errors are one line for `SandboxError::BadSpec`.
pub(crate) fn compile(
    engine: &Engine,
    linkers: &Linkers,
    bytes: &[u8],
) -> Result<Prepared, String> {
    let binary = wat::parse_bytes(bytes).map_err(|e| format!("not wasm or wat: {e}"))?;
    if is_component(&binary) {
        let component = Component::from_binary(engine, &binary)
            .map_err(|e| format!("component does not compile: {e:#}"))?;
        let pre = linkers
            .p2
            .instantiate_pre(&component)
            .map_err(|e| format!("component imports other than WASI p2: {e:#}"))?;
        let pre = CommandPre::new(pre)
            .map_err(|e| format!("not a WASI p2 command (no wasi:cli/run export): {e:#}"))?;
        Ok(Prepared::Component(pre))
    } else {
        let module = Module::from_binary(engine, &binary)
            .map_err(|e| format!("module does not compile: {e:#}"))?;
        match module.get_export("_start") {
            Some(ExternType::Func(f)) if f.params().len() == 0 && f.results().len() == 0 => {}
            _ => return Err("not a WASI p1 command: no `_start: func()` export".into()),
        }
        let pre = linkers
            .p1
            .instantiate_pre(&module)
            .map_err(|e| format!("module imports other than WASI p1: {e:#}"))?;
        Ok(Prepared::Module(pre))
    }
}

/// A wasm binary's header: `\0asm`, a 16-bit version, then a 16-bit layer that is 0 for
/// a core module and 1 for a component.
fn is_component(binary: &[u8]) -> bool {
    binary.len() >= 8 && binary[..4] == *b"\0asm" && binary[6..8] == [1, 0]
}

#[derive(Default)]
struct Entries {
    map: HashMap<Key, Prepared>,
    order: VecDeque<Key>,
}

/// In-memory cache of [`Prepared`] tools.
pub(crate) struct ModuleCache {
    entries: Mutex<Entries>,
    max: usize,
    compiled: AtomicU64,
}

impl ModuleCache {
    /// Holds at most `max` tools (at least one).
    pub(crate) fn new(max: usize) -> ModuleCache {
        ModuleCache {
            entries: Mutex::new(Entries::default()),
            max: max.max(1),
            compiled: AtomicU64::new(0),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Entries> {
        // A poisoned lock means a panic while inserting; the map itself is consistent
        // (every operation is a single insert/remove), so keep using it.
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The prepared tool for `key`, if cached.
    pub(crate) fn get(&self, key: &Key) -> Option<Prepared> {
        self.lock().map.get(key).cloned()
    }

    /// Records a fresh compilation and caches it.
    pub(crate) fn insert(&self, key: Key, prepared: Prepared) {
        self.compiled.fetch_add(1, Ordering::Relaxed);
        let mut e = self.lock();
        if e.map.insert(key, prepared).is_none() {
            e.order.push_back(key);
        }
        while e.order.len() > self.max {
            if let Some(old) = e.order.pop_front() {
                e.map.remove(&old);
            }
        }
    }

    /// How many compilations this cache has done (a hit does none).
    pub(crate) fn compiled(&self) -> u64 {
        self.compiled.load(Ordering::Relaxed)
    }

    /// How many tools are cached.
    pub(crate) fn len(&self) -> usize {
        self.lock().map.len()
    }
}
