//! The audit log, read from its file (the node need not run): `audit verify | tail`.

use std::path::Path;

use lango_storage::audit::{self, AuditEntry};

use super::OpsError;

/// Verifies the hash chain of the log at `path`; returns how many entries it holds.
pub fn verify(path: &Path) -> Result<u64, OpsError> {
    if !path.exists() {
        return Err(OpsError::input(format!(
            "no audit log at {}",
            path.display()
        )));
    }
    audit::verify(path)
        .map(|r| r.entries)
        .map_err(|e| OpsError::internal(format!("audit log verification failed: {e}")))
}

/// The last `n` entries of the log at `path`.
pub fn tail(path: &Path, n: usize) -> Result<Vec<AuditEntry>, OpsError> {
    if !path.exists() {
        return Err(OpsError::input(format!(
            "no audit log at {}",
            path.display()
        )));
    }
    audit::tail(path, n).map_err(|e| OpsError::internal(e.to_string()))
}
