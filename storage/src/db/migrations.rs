//! Schema migrations: an ordered list of SQL scripts, each applied once, in its own
//! transaction, with the schema version (`PRAGMA user_version`) bumped in the same
//! transaction, so a crash leaves the schema at one version or the next.
//!
//! Append new migrations at the end; never edit one that has shipped.

use std::path::Path;

use rusqlite::Connection;

use crate::error::{Error, Result};

/// `(version, SQL)`, in order. Version n is the schema after script n.
const MIGRATIONS: &[(u32, &str)] = &[
    (
        1,
        "CREATE TABLE trusted_peers (
        did       TEXT PRIMARY KEY NOT NULL,
        name      TEXT,
        addrs     TEXT NOT NULL,   -- JSON array of multiaddrs
        tools     TEXT NOT NULL,   -- JSON array of tool patterns
        added_ms  INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE blocks (
        did       TEXT PRIMARY KEY NOT NULL,
        until_ms  INTEGER,         -- NULL: permanent
        reason    TEXT NOT NULL,
        since_ms  INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE secrets (
        name         TEXT PRIMARY KEY NOT NULL,
        key_version  INTEGER NOT NULL,  -- version of the `secrets` data key
        value        BLOB NOT NULL,     -- envelope, AAD binds table, name, key version
        created      TEXT NOT NULL,
        updated      TEXT NOT NULL
    ) STRICT;",
    ),
    (
        2,
        "CREATE TABLE audit_anchor (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        seq         INTEGER NOT NULL,  -- newest durable audit entry
        mac         BLOB NOT NULL,     -- its HMAC-SHA256 (32 bytes)
        updated_ms  INTEGER NOT NULL
    ) STRICT;",
    ),
    (
        3,
        "CREATE TABLE approval_requests (
        id          TEXT PRIMARY KEY NOT NULL,  -- 32 hex digits (128 random bits)
        created_ms  INTEGER NOT NULL,
        state       TEXT NOT NULL,              -- pending, approved, denied, expired, cancelled
        body        TEXT NOT NULL               -- the request as JSON (node crate's schema)
    ) STRICT;
    CREATE TABLE approval_grants (
        id          TEXT PRIMARY KEY NOT NULL,
        caller_did  TEXT NOT NULL,
        expires_ms  INTEGER NOT NULL,
        body        TEXT NOT NULL
    ) STRICT;",
    ),
    (
        4,
        "CREATE TABLE known_addrs (
        did         TEXT PRIMARY KEY NOT NULL,  -- a trusted peer
        peer_id     TEXT NOT NULL,              -- the PeerId its handshake proved
        addrs       TEXT NOT NULL,              -- JSON array: where it was last reached directly
        updated_ms  INTEGER NOT NULL
    ) STRICT;",
    ),
];

/// The newest schema version this build knows.
pub const LATEST: u32 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// The schema version of an open database.
pub fn current(conn: &Connection, path: &Path) -> Result<u32> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| Error::Database {
            path: path.to_path_buf(),
            detail: format!("reading the schema version: {e}"),
        })
}

/// Applies every migration newer than the database's schema version. Refuses a
/// database newer than this build.
pub fn apply(conn: &mut Connection, path: &Path) -> Result<()> {
    let err = |e: rusqlite::Error| Error::Database {
        path: path.to_path_buf(),
        detail: format!("migration failed: {e}"),
    };
    let have = current(conn, path)?;
    if have > LATEST {
        return Err(Error::SchemaTooNew {
            path: path.to_path_buf(),
            found: have,
            known: LATEST,
        });
    }
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > have) {
        let tx = conn.transaction().map_err(err)?;
        tx.execute_batch(sql).map_err(err)?;
        tx.pragma_update(None, "user_version", version)
            .map_err(err)?;
        tx.commit().map_err(err)?;
    }
    Ok(())
}
