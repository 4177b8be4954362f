//! The keys and the database: `secrets`, `keys`, `keyring`, `db`. The same operation
//! runs on the daemon's store while the node runs, and on the store itself while it does
//! not (the data-dir lock keeps the two apart), so it behaves the same either way.

use serde_json::Value;

use super::{Actor, Ops, OpsError};
use crate::vault::{self, Vault, VaultOp};

/// Orders `keys rotate` calls, and nothing else.
static ROTATION: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl Ops {
    /// Runs a vault operation on the running node's store, off the async workers (a
    /// rotation runs PBKDF2, a rekey copies the file). A rotation holds the vault lock
    /// only to start and to finish, not while the new KEK is derived.
    pub async fn vault(&self, actor: &Actor, op: VaultOp) -> Result<Value, OpsError> {
        let node = self.node.clone();
        let by = actor.describe();
        // A secret a served tool refers to stays: its calls would fail at run time.
        if let VaultOp::SecretRm { name } = &op {
            if let Some(tool) = self.tool_referring_to(name) {
                return Err(OpsError::refused(format!(
                    "tool {tool:?} refers to {{{{secret:{name}}}}}; remove the reference from \
                     the config (and reload) before the secret"
                )));
            }
        }
        tokio::task::spawn_blocking(move || {
            let v = node.vault();
            if let VaultOp::KeysRotate = op {
                // The new KEK's derivation (PBKDF2) runs with the vault unlocked; only
                // another rotation waits for it, so two rotations both succeed in turn.
                let _one_rotation = ROTATION.lock().unwrap_or_else(|p| p.into_inner());
                let job = vault::lock(&v).provider.prepare_rotation()?;
                let prepared = job.map(|j| j());
                return vault::lock(&v).rotate(prepared, node.audit_log(), &by);
            }
            // The output scanner searches for the secrets held now.
            let change = match &op {
                VaultOp::SecretSet { name, value_b64 } => {
                    use base64::Engine as _;
                    base64::engine::general_purpose::STANDARD
                        .decode(value_b64.as_bytes())
                        .ok()
                        .map(|v| (name.clone(), Some(zeroize::Zeroizing::new(v))))
                }
                VaultOp::SecretRm { name } => Some((name.clone(), None)),
                _ => None,
            };
            let out = vault::lock(&v).handle(op, node.audit_log(), &by);
            if let (Ok(_), Some((name, value))) = (&out, change) {
                node.secret_changed(&name, value);
            }
            out
        })
        .await
        .map_err(|e| OpsError::internal(format!("vault operation failed: {e}")))?
    }
}

impl Ops {
    /// The first served tool (or webhook) whose configuration refers to secret `name`.
    fn tool_referring_to(&self, name: &str) -> Option<String> {
        let served = self.node.served();
        let refers = |v: &String| {
            crate::config::tools::secret_refs(v).is_ok_and(|n| n.iter().any(|x| x == name))
        };
        if let Some(t) = served
            .tools
            .iter()
            .find(|t| t.cfg.env.values().chain(&t.cfg.command).any(refers))
        {
            return Some(t.cfg.name.clone());
        }
        served
            .approval
            .webhooks
            .iter()
            .any(|w| w.secret.as_ref().is_some_and(refers))
            .then(|| "[[approval.webhooks]]".to_string())
    }
}

/// Runs a vault operation on a store opened by this process (the node is not running).
pub fn offline(
    vault: &mut Vault,
    audit: &lango_storage::audit::AuditLog,
    actor: &Actor,
    op: VaultOp,
) -> Result<Value, OpsError> {
    vault.handle(op, audit, &actor.describe())
}
