//! wasm back end (being built).
