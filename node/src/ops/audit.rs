//! The audit log: `audit verify` (against the key and the anchor in the database: the
//! running node's, or the store's when it is stopped) and `audit tail` (read from the
//! file; the node need not run).

use std::path::Path;

use lango_storage::audit::{self, AuditEntry};
use lango_storage::VerifyReport;

use super::{Fault, Ops, OpsError, Tamper};
use crate::vault::{self, Vault};

impl Ops {
    /// Verifies the running node's audit log against its key and anchor, up to the
    /// entries it has written.
    pub async fn audit_verify(&self) -> Result<VerifyReport, OpsError> {
        let node = self.node.clone();
        tokio::task::spawn_blocking(move || {
            let anchored = vault::lock(&node.vault()).db.audit_anchor()?;
            node.audit_log().verify(anchored).map_err(verify_error)
        })
        .await
        .map_err(|e| OpsError::internal(format!("audit verification failed: {e}")))?
    }
}

/// Verifies the audit log of a store opened by this process (the node is not running).
pub fn verify_offline(vault: &Vault) -> Result<VerifyReport, OpsError> {
    vault::verify_audit(vault).map_err(verify_error)
}

/// A verification failure as an [`OpsError`]: tampering has its own fault per kind.
fn verify_error(e: lango_storage::Error) -> OpsError {
    let fault = match e {
        lango_storage::Error::AuditChainBroken { .. } => Fault::Evidence(Tamper::Rewritten),
        lango_storage::Error::AuditTruncated { .. } => Fault::Evidence(Tamper::Truncated),
        lango_storage::Error::AuditMissing { .. } => Fault::Evidence(Tamper::Missing),
        _ => Fault::Internal,
    };
    OpsError::new(fault, format!("audit log verification failed: {e}"))
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

/// What `audit restart` did.
#[derive(Debug, serde::Serialize)]
pub struct Restarted {
    /// Where the altered log now is (empty if it was missing).
    pub kept: std::path::PathBuf,
    /// What verification said about it.
    pub found: String,
}

/// `audit restart`: on a stopped node whose audit log fails verification, moves the log
/// aside (never deleted: it is evidence), forgets the anchor, and starts a new log
/// whose first entry names the old file, its anchor, what was found, the reason and
/// the actor. A log that verifies is left alone.
pub fn restart_offline(
    v: &std::sync::Arc<std::sync::Mutex<Vault>>,
    reason: &str,
    actor: &super::Actor,
) -> Result<Restarted, OpsError> {
    if reason.trim().is_empty() {
        return Err(OpsError::input(
            "--reason must say why the log is restarted",
        ));
    }
    let (path, anchored, found) = {
        let g = vault::lock(v);
        let found = match vault::verify_audit(&g) {
            Ok(r) => {
                return Err(OpsError::refused(format!(
                    "the audit log verifies ({} entries): nothing to restart",
                    r.entries
                )))
            }
            Err(e) => match verify_error(e) {
                OpsError {
                    fault: Fault::Evidence(_),
                    message,
                    ..
                } => message,
                // A store or disk failure is not an altered log: nothing to set aside.
                other => return Err(other),
            },
        };
        (g.dir.audit_log_path(), g.db.audit_anchor()?, found)
    };
    let kept = audit::set_aside(&path, crate::clock::now().0)?;
    vault::lock(v).db.clear_audit_anchor()?;
    let log = vault::open_audit(v, lango_storage::Durability::Always)?;
    log.append(
        "audit_restarted",
        serde_json::json!({
            "previous": kept.as_ref().map(|k| k.display().to_string()),
            "previous_anchor": anchored.map(|h| serde_json::json!({"seq": h.seq, "mac": hex::encode(h.mac)})),
            "found": found,
            "reason": reason,
            "by": actor.describe(),
        }),
    )?;
    log.sync_anchored()?;
    Ok(Restarted {
        kept: kept.unwrap_or_default(),
        found,
    })
}
