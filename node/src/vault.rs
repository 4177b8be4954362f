//! The node's keys and database as one unit: the key provider, the unwrapped key
//! registry and the open SQLCipher database, behind one mutex.
//!
//! Every `secrets`, `keys` and `db` command is a [`VaultOp`] handled by
//! [`Vault::handle`], whether the daemon runs it (the CLI sends it over the control
//! socket) or the CLI runs it itself on a stopped node. One code path, so an operation
//! behaves the same either way; and while the daemon runs, the data-dir lock means the
//! CLI cannot open the store beside it.
//!
//! Every operation writes one audit entry naming what was done, never a secret value.

use std::sync::{Arc, Mutex, MutexGuard};

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use lango_storage::audit::AuditLog;
use lango_storage::db::Database;
use lango_storage::{DataDir, KeyClass, KeyProvider, KeyRegistry, SubkeyLabel};

use crate::ops::OpsError;

/// A `secrets`, `keys` or `db` operation.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum VaultOp {
    /// Create or replace a secret.
    SecretSet {
        /// Name.
        name: String,
        /// Value, base64 (values may be binary).
        value_b64: String,
    },
    /// Read a secret (the owner's own read; audited).
    SecretGet {
        /// Name.
        name: String,
    },
    /// Names and dates, never values.
    SecretList,
    /// Remove a secret.
    SecretRm {
        /// Name.
        name: String,
    },
    /// Provider, capabilities, health, key versions, database.
    KeysStatus,
    /// New KEK version; every data key re-wrapped.
    KeysRotate,
    /// New database key.
    DbRekey,
    /// Encrypt a plaintext database in place.
    DbEncrypt,
    /// Integrity and cipher checks.
    DbVerify,
    /// Cache the local provider's current KEK in the kernel keyring.
    KeyringStore,
    /// Remove every cached KEK of this node from the kernel keyring.
    KeyringClear,
    /// Whether the current KEK is cached.
    KeyringStatus,
}

type VaultError = OpsError;

fn fail(msg: impl Into<String>) -> VaultError {
    OpsError::internal(msg)
}

/// Appends one audit entry, naming who asked.
fn record(audit: &AuditLog, kind: &str, mut fields: Value, by: &str) -> Result<(), VaultError> {
    if let Value::Object(m) = &mut fields {
        m.insert("by".into(), Value::String(by.into()));
    }
    audit
        .append(kind, fields)
        .map(|_| ())
        .map_err(|e| fail(format!("audit log: {e}")))
}

/// The unlocked store.
pub struct Vault {
    /// The locked data dir (shared with the daemon's other parts).
    pub(crate) dir: Arc<DataDir>,
    /// The key provider.
    pub(crate) provider: Box<dyn KeyProvider>,
    /// Every data key.
    pub(crate) registry: KeyRegistry,
    /// The application database.
    pub(crate) db: Database,
    /// Cloud-KMS fallbacks to the local provider not yet audited.
    pub(crate) fallbacks: crate::providers::FallbackLog,
}

/// Secret values by name, as the output scanner is built from them.
pub(crate) type SecretValues = std::collections::BTreeMap<String, zeroize::Zeroizing<Vec<u8>>>;

impl Vault {
    /// Every secret in the store (values read under the secrets key). A secret that does
    /// not open is skipped and logged: the store check reports it.
    pub(crate) fn secret_values(&mut self) -> Result<SecretValues, String> {
        let names = self.db.secret_list().map_err(|e| e.to_string())?;
        let mut values = SecretValues::new();
        for n in names {
            match self.db.secret_get(&self.registry, &n.name) {
                Ok(Some(v)) => {
                    values.insert(n.name, v);
                }
                Ok(None) => {}
                Err(e) => tracing::error!("secret {:?} is not scanned for: {e}", n.name),
            }
        }
        Ok(values)
    }
}

/// Opens the data dir's audit log, keyed with the node's audit subkey and checked
/// against the anchor in the database, with a writer that keeps that anchor current.
///
/// The writer takes the vault lock on its own thread; appends made while the lock is
/// held (every [`Vault::handle`]) never wait for it.
pub fn open_audit(
    vault: &Arc<Mutex<Vault>>,
    durability: lango_storage::Durability,
) -> lango_storage::Result<AuditLog> {
    let (path, key, anchored) = {
        let v = lock(vault);
        (
            v.dir.audit_log_path(),
            v.registry.subkey(SubkeyLabel::Audit),
            v.db.audit_anchor()?,
        )
    };
    let log = AuditLog::open(&path, durability, key, anchored)?;
    let theirs = Arc::clone(vault);
    log.anchor_with(Box::new(move |head| {
        lock(&theirs)
            .db
            .set_audit_anchor(head, crate::clock::now().0)
            .map_err(|e| {
                // Retried with backoff; until it succeeds, a cut of the newest entries
                // would go unseen, so say so each time.
                tracing::error!(
                    "audit anchor not written (entry {}): {e}; retrying",
                    head.seq
                );
                e.to_string()
            })
    }))?;
    Ok(log)
}

/// Checks the audit log of a store opened by this process (the node is not running)
/// against its anchor.
pub fn verify_audit(vault: &Vault) -> lango_storage::Result<lango_storage::VerifyReport> {
    lango_storage::audit::verify(
        &vault.dir.audit_log_path(),
        &vault.registry.subkey(SubkeyLabel::Audit),
        vault.db.audit_anchor()?,
    )
}

/// Locks the vault; a panic in another holder cannot leave the database half-written
/// (SQLite transactions roll back), so a poisoned lock is recovered.
pub fn lock(v: &Mutex<Vault>) -> MutexGuard<'_, Vault> {
    v.lock().unwrap_or_else(|p| p.into_inner())
}

impl Vault {
    /// Runs one operation and records it in `audit` under the name of whoever asked
    /// (`by`).
    pub(crate) fn handle(
        &mut self,
        op: VaultOp,
        audit: &AuditLog,
        by: &str,
    ) -> Result<Value, VaultError> {
        let (kind, fields, out) = match op {
            VaultOp::SecretSet { name, value_b64 } => {
                let value = zeroize::Zeroizing::new(
                    base64::engine::general_purpose::STANDARD
                        .decode(value_b64.as_bytes())
                        .map_err(|e| OpsError::input(format!("secret value: bad base64: {e}")))?,
                );
                self.db.secret_set(&self.registry, &name, &value)?;
                ("secret_set", json!({"name": name}), json!({"name": name}))
            }
            VaultOp::SecretGet { name } => {
                let v = self
                    .db
                    .secret_get(&self.registry, &name)?
                    .ok_or_else(|| OpsError::not_found(format!("no secret named {name:?}")))?;
                let b64 = base64::engine::general_purpose::STANDARD.encode(&v[..]);
                (
                    "secret_get",
                    json!({"name": name}),
                    json!({"value_b64": b64}),
                )
            }
            VaultOp::SecretList => {
                let list = self.db.secret_list()?;
                return Ok(json!(list));
            }
            VaultOp::SecretRm { name } => {
                if !self.db.secret_remove(&name)? {
                    return Err(OpsError::not_found(format!("no secret named {name:?}")));
                }
                ("secret_rm", json!({"name": name}), json!({"name": name}))
            }
            VaultOp::KeysStatus => return Ok(self.status()),
            VaultOp::KeysRotate => return self.rotate(None, audit, by),
            VaultOp::DbRekey => {
                let old = self.db.key_version();
                let new = self
                    .db
                    .rekey(&self.dir, &mut self.registry, &*self.provider)?;
                let f = json!({"from_key_version": old, "key_version": new});
                ("db_rekey", f.clone(), f)
            }
            VaultOp::DbEncrypt => {
                let v = self.db.encrypt_plaintext(&self.dir, &mut self.registry)?;
                let f = json!({"key_version": v, "file": self.db.path()});
                ("db_encrypt", f.clone(), f)
            }
            VaultOp::KeyringStore => {
                let slot = self.cache_current()?;
                let f = json!({"slot": slot, "kek_version": self.provider.kek_version()});
                ("keyring_store", f.clone(), f)
            }
            VaultOp::KeyringClear => {
                let mut cleared = Vec::new();
                for v in 1..=self.provider.kek_version() {
                    let slot = self.cache_slot(v)?;
                    if slot.clear()? {
                        cleared.push(slot.description().to_owned());
                    }
                }
                let f = json!({"cleared": cleared});
                ("keyring_clear", f.clone(), f)
            }
            VaultOp::KeyringStatus => {
                let slot = self.cache_slot(self.provider.kek_version())?;
                return Ok(json!({
                    "provider": self.provider.id(),
                    "slot": slot.description(),
                    "present": slot.is_present()?,
                }));
            }
            VaultOp::DbVerify => {
                let r = self.db.verify(&self.registry)?;
                let f = json!({"ok": r.problems.is_empty(), "problems": r.problems.len()});
                record(audit, "db_verify", f, by)?;
                if let Some(first) = r.problems.first() {
                    return Err(fail(format!(
                        "database {} failed verification ({} problems): {first}",
                        r.file.display(),
                        r.problems.len()
                    )));
                }
                return Ok(json!(r));
            }
        };
        record(audit, kind, fields, by)?;
        self.audit_fallbacks(audit)?;
        Ok(out)
    }

    /// `keys rotate`: a new KEK version, every data key re-wrapped, the keyring cache
    /// kept in step. `prepared` is the new KEK when it was derived ahead with no lock
    /// held ([`KeyProvider::prepare_rotation`]); `None` derives it here.
    pub(crate) fn rotate(
        &mut self,
        prepared: Option<lango_storage::PreparedKek>,
        audit: &AuditLog,
        by: &str,
    ) -> Result<Value, VaultError> {
        let old = self.provider.kek_version();
        // A keyring cache that cannot even be looked at is treated as absent.
        let cached = self.provider.id() == "local"
            && matches!(self.cache_slot(old).map(|s| s.is_present()), Ok(Ok(true)));
        let new = self
            .registry
            .rotate_kek_prepared(&self.dir, &mut *self.provider, prepared)?;
        if cached {
            // Keep the cache in step: the new KEK in, the retired one out.
            self.cache_current()?;
            self.cache_slot(old)?.clear()?;
        }
        let f =
            json!({"provider": self.provider.id(), "from_kek_version": old, "kek_version": new});
        record(audit, "keys_rotate", f.clone(), by)?;
        self.audit_fallbacks(audit)?;
        Ok(f)
    }

    /// Writes one `key_provider_fallback` security entry per fallback since the last call.
    pub(crate) fn audit_fallbacks(&self, audit: &AuditLog) -> Result<(), VaultError> {
        let seen = std::mem::take(&mut *self.fallbacks.lock().unwrap_or_else(|p| p.into_inner()));
        for msg in seen {
            audit
                .append(
                    "key_provider_fallback",
                    json!({"security_event": true, "detail": msg}),
                )
                .map_err(|e| fail(format!("audit log: {e}")))?;
        }
        Ok(())
    }

    /// The keyring slot caching KEK version `v` (local provider only).
    fn cache_slot(&self, v: u32) -> Result<lango_storage::KeyringSlot, VaultError> {
        if self.provider.id() != "local" {
            return Err(fail(format!(
                "keyring caching is for the passphrase (local) provider; this node's KEK is held by `{}`",
                self.provider.id()
            )));
        }
        Ok(lango_storage::local::keyring_slot(&self.dir, v)?)
    }

    /// Stores the current KEK in its slot; returns the slot's description.
    fn cache_current(&self) -> Result<String, VaultError> {
        let (v, kek) = self
            .provider
            .kek_for_keyring_cache()
            .ok_or_else(|| fail("this key provider's KEK cannot be cached"))?;
        let slot = self.cache_slot(v)?;
        slot.store(&kek)?;
        Ok(slot.description().to_owned())
    }

    /// `keys status`.
    pub(crate) fn status(&self) -> Value {
        let health = match self.provider.health() {
            Ok(()) => json!({"ok": true}),
            Err(e) => json!({"ok": false, "error": e.to_string()}),
        };
        json!({
            "provider": self.provider.id(),
            "capabilities": self.provider.capabilities(),
            "kek_version": self.provider.kek_version(),
            "health": health,
            "keys": self.registry.info(),
            "database": {
                "file": self.db.path(),
                "encrypted": self.db.key_version().is_some(),
                "key_version": self.db.key_version(),
            },
            "secrets_key_version": self.registry.current(KeyClass::Secrets).0,
        })
    }
}
