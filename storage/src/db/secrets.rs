//! The secret store: named values, each sealed with the `secrets` data key under AAD
//! that binds it to its table, its name and its key version, so a value copied to
//! another name, or relabelled with another key version, does not open.
//!
//! Values are envelope-encrypted on top of SQLCipher: a plaintext database (before
//! `db encrypt`) still never holds a secret in the clear.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::Database;
use crate::crypto::{open, seal};
use crate::error::{Error, Result};
use crate::registry::{KeyClass, KeyRegistry};

const TABLE: &str = "secrets";

/// Largest secret value accepted (API tokens, keys and passwords fit many times over;
/// the bound keeps a control request and a memory copy small).
pub const MAX_SECRET_LEN: usize = 32 * 1024;
const AAD_PREFIX: &[u8] = b"lango-node record v1";

/// What `secrets list` shows: never a value.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SecretInfo {
    /// The secret's name.
    pub name: String,
    /// When it was first set (RFC 3339).
    pub created: String,
    /// When it was last set (RFC 3339).
    pub updated: String,
}

/// A secret name: 1–128 of `[A-Za-z0-9_.-]`, starting with a letter or digit, so it can
/// appear in `{{secret:NAME}}` references and on command lines unquoted.
pub fn check_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 128
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidName {
            what: "secret",
            name: name.chars().take(140).collect(),
            rule: "1-128 characters of A-Z a-z 0-9 _ . -, starting with a letter or digit",
        })
    }
}

fn aad(name: &str, key_version: u32) -> Vec<u8> {
    let mut a = AAD_PREFIX.to_vec();
    for part in [
        TABLE.as_bytes(),
        name.as_bytes(),
        key_version.to_string().as_bytes(),
    ] {
        a.push(0);
        a.extend_from_slice(part);
    }
    a
}

fn key_id(v: u32) -> String {
    format!("{TABLE}/v{v}")
}

impl Database {
    /// Sets (creates or replaces) a secret, sealed under the current `secrets` key.
    pub fn secret_set(&mut self, registry: &KeyRegistry, name: &str, value: &[u8]) -> Result<()> {
        check_name(name)?;
        if value.len() > MAX_SECRET_LEN {
            return Err(Error::SecretTooLarge {
                len: value.len(),
                max: MAX_SECRET_LEN,
            });
        }
        let (v, key) = registry.current(KeyClass::Secrets);
        let sealed = seal(key, &key_id(v), &aad(name, v), value)?;
        let now = crate::audit::now_rfc3339()?;
        self.conn
            .execute(
                "INSERT INTO secrets (name, key_version, value, created, updated)
                 VALUES (?1, ?2, ?3, ?4, ?4)
                 ON CONFLICT(name) DO UPDATE SET
                   key_version = excluded.key_version, value = excluded.value,
                   updated = excluded.updated",
                params![name, v, sealed, now],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// A secret's value, or `None` if there is no such secret. A value that does not
    /// open under its key and AAD is [`Error::RecordCorrupt`], never returned.
    pub fn secret_get(
        &mut self,
        registry: &KeyRegistry,
        name: &str,
    ) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>> {
        check_name(name)?;
        let row: Option<(u32, Vec<u8>)> = self
            .conn
            .query_row(
                "SELECT key_version, value FROM secrets WHERE name = ?1",
                params![name],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let Some((v, sealed)) = row else {
            return Ok(None);
        };
        open_value(registry, name, v, &sealed).map(Some)
    }

    /// Every secret's name and dates, sorted by name.
    pub fn secret_list(&mut self) -> Result<Vec<SecretInfo>> {
        let err = |e| self.err(e);
        let mut st = self
            .conn
            .prepare("SELECT name, created, updated FROM secrets ORDER BY name")
            .map_err(err)?;
        let rows = st
            .query_map([], |r| {
                Ok(SecretInfo {
                    name: r.get(0)?,
                    created: r.get(1)?,
                    updated: r.get(2)?,
                })
            })
            .map_err(err)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(err)
    }

    /// Removes a secret; `false` if there was none.
    pub fn secret_remove(&mut self, name: &str) -> Result<bool> {
        check_name(name)?;
        let n = self
            .conn
            .execute("DELETE FROM secrets WHERE name = ?1", params![name])
            .map_err(|e| self.err(e))?;
        Ok(n > 0)
    }
}

impl Database {
    /// Replaces every `{{secret:NAME}}` in `template` with that secret's value (UTF-8).
    /// For the node's own use when it hands a tool its configuration; an unknown name, a
    /// value that is not UTF-8, or an unterminated reference is an error, never left as is.
    pub fn resolve_secret_refs(
        &mut self,
        registry: &KeyRegistry,
        template: &str,
    ) -> Result<zeroize::Zeroizing<String>> {
        const OPEN: &str = "{{secret:";
        let mut out = zeroize::Zeroizing::new(String::with_capacity(template.len()));
        let mut rest = template;
        while let Some(i) = rest.find(OPEN) {
            out.push_str(&rest[..i]);
            let after = &rest[i + OPEN.len()..];
            let end = after.find("}}").ok_or(Error::SecretReference {
                detail: "unterminated `{{secret:` reference".into(),
            })?;
            let name = &after[..end];
            let value = self
                .secret_get(registry, name)?
                .ok_or_else(|| Error::SecretReference {
                    detail: format!("no secret named {name:?}"),
                })?;
            let text = std::str::from_utf8(&value).map_err(|_| Error::SecretReference {
                detail: format!("secret {name:?} is not UTF-8 text"),
            })?;
            out.push_str(text);
            rest = &after[end + 2..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

fn open_value(
    registry: &KeyRegistry,
    name: &str,
    v: u32,
    sealed: &[u8],
) -> Result<zeroize::Zeroizing<Vec<u8>>> {
    let key = registry.get(KeyClass::Secrets, v)?;
    open(key, &key_id(v), &aad(name, v), sealed).map_err(|_| Error::RecordCorrupt {
        table: TABLE,
        record: name.to_owned(),
    })
}

/// Opens every secret (for `db verify`); returns how many were checked and a line per
/// one that failed.
pub(super) fn verify_all(db: &mut Database, registry: &KeyRegistry) -> Result<(u64, Vec<String>)> {
    let err = |e| db.err(e);
    let mut st = db
        .conn
        .prepare("SELECT name, key_version, value FROM secrets ORDER BY name")
        .map_err(err)?;
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, u32>(1)?,
                r.get::<_, Vec<u8>>(2)?,
            ))
        })
        .map_err(err)?;
    let (mut n, mut bad) = (0, Vec::new());
    for row in rows {
        let (name, v, sealed) = row.map_err(err)?;
        n += 1;
        if let Err(e) = open_value(registry, &name, v, &sealed) {
            bad.push(e.to_string());
        }
    }
    Ok((n, bad))
}
