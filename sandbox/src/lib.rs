//! lango-sandbox: the one `Sandbox` interface for running tools, with subprocess, wasm
//! and container back ends.
//!
//! Not built yet: remote tool invocation and its sandboxes are issue #3. The crate exists
//! so that the workspace layout of the design brief (section 2) is in place.
#![forbid(unsafe_code)]
