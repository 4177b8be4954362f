//! Secrets on the callee's side of a call (brief section 7). `scan.rs`: every output byte
//! is searched for every secret the node holds, in its raw and encoded forms (`forms.rs`),
//! and each hit becomes `[SECRET:NAME]` before the PII stage and the receipt.

mod forms;
mod scan;

pub use scan::SecretScanner;
