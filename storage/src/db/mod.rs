//! The application database: SQLite with SQLCipher, one file per database key version.
//!
//! The file is `db/lango-v<N>.db`, keyed with the raw 256-bit database key version N
//! from the [`KeyRegistry`] (no SQLCipher KDF on top of ours, no plaintext header, so
//! the whole file is indistinguishable from random without the key). WAL mode; schema
//! migrations in [`migrations`].
//!
//! Changing the key ([`Database::rekey`]) or encrypting a plaintext database
//! ([`Database::encrypt_plaintext`]) never rewrites the live file: the data is exported
//! to a temporary file under the new key, fsynced, renamed to its final name, and only
//! then made live by one atomic step (the registry write for a rekey, the rename for an
//! encrypt). Leftovers of an interrupted run are removed at the next open, so a crash at
//! any point leaves a database that opens, with the old or the new key and all its data.
//!
//! A node initialised with `--plaintext-db` keeps `db/lango.db` unencrypted (for
//! debugging and migration only; the node reports it loudly) until `db encrypt`.

pub mod approvals;
pub mod audit_anchor;
pub mod migrations;
pub mod secrets;
pub mod trust;

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use crate::crypto::Key32;
use crate::datadir::{fsync_dir, DataDir};
use crate::error::{Error, Result};
use crate::provider::KeyProvider;
use crate::registry::{KeyClass, KeyRegistry};

const PLAINTEXT_FILE: &str = "lango.db";
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// An open application database.
pub struct Database {
    conn: Connection,
    path: PathBuf,
    /// Database key version, `None` for a plaintext database.
    key_version: Option<u32>,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("path", &self.path)
            .field("key_version", &self.key_version)
            .finish_non_exhaustive()
    }
}

/// What `db verify` found.
#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    /// The database file.
    pub file: PathBuf,
    /// Whether the file is encrypted.
    pub encrypted: bool,
    /// Database key version (encrypted databases).
    pub key_version: Option<u32>,
    /// SQLCipher's version string.
    pub cipher_version: String,
    /// Schema version after migrations.
    pub schema_version: u32,
    /// Number of pages.
    pub pages: u64,
    /// Envelope records checked (each opened with its AAD).
    pub records_checked: u64,
    /// Problems found; empty when the database is sound.
    pub problems: Vec<String>,
}

impl Database {
    /// `init`: creates an empty database (encrypted under the registry's current database
    /// key, or plaintext) and applies every migration.
    pub fn create(dir: &DataDir, registry: &KeyRegistry, plaintext: bool) -> Result<Database> {
        let db_dir = dir.db_dir();
        crate::datadir::create_private_dir(&db_dir)?;
        if find_files(&db_dir)?
            .iter()
            .any(|f| f.kind != FileKind::Temp)
        {
            return Err(Error::AlreadyInitialised {
                path: dir.path().to_path_buf(),
            });
        }
        let mut db = if plaintext {
            let path = db_dir.join(PLAINTEXT_FILE);
            Database::connect(&path, None, true)?
        } else {
            let (v, key) = registry.current(KeyClass::Database);
            Database::connect(&versioned(&db_dir, v), Some((v, key)), true)?
        };
        migrations::apply(&mut db.conn, &db.path)?;
        Ok(db)
    }

    /// Opens the live database, removing what an interrupted rekey or encrypt left, and
    /// applies pending migrations.
    pub fn open(dir: &DataDir, registry: &KeyRegistry) -> Result<Database> {
        let db_dir = dir.db_dir();
        let (v, key) = registry.current(KeyClass::Database);
        let files = find_files(&db_dir)?;
        let live_encrypted = files.iter().any(|f| f.kind == FileKind::Encrypted(v));
        let live_plain = !live_encrypted && files.iter().any(|f| f.kind == FileKind::Plaintext);
        if !live_encrypted && !live_plain {
            return Err(Error::NotInitialised {
                path: versioned(&db_dir, v),
            });
        }
        for f in &files {
            let stale = match f.kind {
                FileKind::Temp => true,
                FileKind::Encrypted(n) => n != v,
                FileKind::Plaintext => live_encrypted,
            };
            if stale {
                remove_db_file(&f.path)?;
            }
        }
        fsync_dir(&db_dir)?;
        let mut db = if live_encrypted {
            Database::connect(&versioned(&db_dir, v), Some((v, key)), false)?
        } else {
            Database::connect(&db_dir.join(PLAINTEXT_FILE), None, false)?
        };
        migrations::apply(&mut db.conn, &db.path)?;
        Ok(db)
    }

    /// The live file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Database key version, or `None` for a plaintext database.
    pub fn key_version(&self) -> Option<u32> {
        self.key_version
    }

    /// `db rekey`: the data under a new random database key. Export to a temporary file,
    /// rename, then the registry write makes it live; returns the new key version.
    pub fn rekey(
        &mut self,
        dir: &DataDir,
        registry: &mut KeyRegistry,
        provider: &dyn KeyProvider,
    ) -> Result<u32> {
        if self.key_version.is_none() {
            return Err(Error::Database {
                path: self.path.clone(),
                detail: "the database is not encrypted: run `lango-node db encrypt` first".into(),
            });
        }
        let db_dir = dir.db_dir();
        let next = registry.next_version(KeyClass::Database);
        let key = Key32::random();
        let target = versioned(&db_dir, next);
        self.export_to(&target, &key)?;
        // Commit point: from here the registry names version `next`.
        let v = registry.add_version(dir, provider, KeyClass::Database, key)?;
        debug_assert_eq!(v, next);
        self.switch_to(dir, registry, v)
    }

    /// `db encrypt`: a plaintext database becomes `lango-v<N>.db` under the registry's
    /// current database key. The rename is the commit point.
    pub fn encrypt_plaintext(&mut self, dir: &DataDir, registry: &mut KeyRegistry) -> Result<u32> {
        if let Some(v) = self.key_version {
            return Err(Error::Database {
                path: self.path.clone(),
                detail: format!("the database is already encrypted (key version {v})"),
            });
        }
        let (v, key) = registry.current(KeyClass::Database);
        let key = Key32::from_bytes(*key.as_bytes());
        self.export_to(&versioned(&dir.db_dir(), v), &key)?;
        self.switch_to(dir, registry, v)
    }

    /// `db verify`: SQLCipher's per-page HMAC check, SQLite's integrity check, the file
    /// header, and every envelope record opened with its AAD.
    pub fn verify(&mut self, registry: &KeyRegistry) -> Result<VerifyReport> {
        let mut problems = Vec::new();
        let head = read_head(&self.path)?;
        let plain_header = head.as_slice() == SQLITE_MAGIC;
        if self.key_version.is_some() && plain_header {
            problems.push("encrypted database has a plaintext SQLite header".into());
        }
        let q = |conn: &Connection, sql: &str| -> Result<Vec<String>> {
            let mut st = conn.prepare(sql).map_err(|e| self.err(e))?;
            let rows = st
                .query_map([], |r| r.get::<_, Option<String>>(0))
                .map_err(|e| self.err(e))?;
            let mut out = Vec::new();
            for r in rows {
                if let Some(s) = r.map_err(|e| self.err(e))? {
                    out.push(s);
                }
            }
            Ok(out)
        };
        let cipher_version = q(&self.conn, "PRAGMA cipher_version")?.join("");
        if self.key_version.is_some() {
            problems.extend(q(&self.conn, "PRAGMA cipher_integrity_check")?);
        }
        problems.extend(
            q(&self.conn, "PRAGMA integrity_check")?
                .into_iter()
                .filter(|s| s != "ok"),
        );
        let pages: i64 = self
            .conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        let pages = pages.max(0) as u64;
        let schema_version = migrations::current(&self.conn, &self.path)?;
        let (records_checked, bad) = secrets::verify_all(self, registry)?;
        problems.extend(bad);
        Ok(VerifyReport {
            file: self.path.clone(),
            encrypted: self.key_version.is_some(),
            key_version: self.key_version,
            cipher_version,
            schema_version,
            pages,
            records_checked,
            problems,
        })
    }

    fn connect(path: &Path, key: Option<(u32, &Key32)>, create: bool) -> Result<Database> {
        // CREATE is always set because `ATTACH` (the export of rekey and encrypt) inherits
        // the main connection's flags; `open` has already checked the live file exists.
        if !create && !path.exists() {
            return Err(Error::NotInitialised {
                path: path.to_path_buf(),
            });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let err = |e: rusqlite::Error| Error::Database {
            path: path.to_path_buf(),
            detail: e.to_string(),
        };
        let conn = Connection::open_with_flags(path, flags).map_err(err)?;
        // SQLCipher would also print its errors to stderr; ours carry them instead.
        conn.pragma_update(None, "cipher_log_level", "NONE")
            .map_err(err)?;
        if let Some((_, k)) = key {
            keyed(&conn, "main", k).map_err(err)?;
        }
        // The first read proves the key: a wrong key or a damaged first page fails here.
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(|e| Error::Database {
            path: path.to_path_buf(),
            detail: format!("does not open with its key or is damaged: {e}"),
        })?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(err)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(err)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(err)?;
        crate::datadir::restrict_mode(path)?;
        Ok(Database {
            conn,
            path: path.to_path_buf(),
            key_version: key.map(|(v, _)| v),
        })
    }

    /// Writes a complete copy of the data under `key` to `target` (via `target.tmp`,
    /// fsynced, then renamed). Does not make it live.
    fn export_to(&mut self, target: &Path, key: &Key32) -> Result<()> {
        let tmp = temp_path(target);
        remove_db_file(&tmp)?;
        let schema = migrations::current(&self.conn, &self.path)?;
        let run = |conn: &Connection| -> rusqlite::Result<()> {
            let tmp_str = tmp.to_string_lossy();
            conn.execute(
                "ATTACH DATABASE ?1 AS export KEY ?2",
                rusqlite::params![tmp_str, raw_key_literal(key).as_str()],
            )?;
            let r = (|| {
                // SQLCipher's own whole-database copy: schema, rows, indexes.
                conn.query_row("SELECT sqlcipher_export('export')", [], |_| Ok(()))?;
                conn.pragma_update(Some("export"), "user_version", schema)?;
                Ok(())
            })();
            conn.execute("DETACH DATABASE export", [])?;
            r
        };
        run(&self.conn).map_err(|e| Error::Database {
            path: tmp.clone(),
            detail: format!("export failed: {e}"),
        })?;
        crate::datadir::restrict_mode(&tmp)?;
        fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::io("fsync", &tmp, e))?;
        fs::rename(&tmp, target).map_err(|e| Error::io("rename", &tmp, e))?;
        fsync_dir(target.parent().unwrap_or(Path::new(".")))?;
        Ok(())
    }

    /// Writes a consistent copy of the live database (one read transaction), under the
    /// same key, or plaintext if it is, into `dir` under the live file's name (fsynced);
    /// returns its path. The running node keeps writing meanwhile.
    pub fn backup_into(&mut self, dir: &Path, registry: &KeyRegistry) -> Result<PathBuf> {
        let name = self.path.file_name().unwrap_or_default().to_os_string();
        let target = dir.join(name);
        match self.key_version {
            Some(v) => {
                let key = registry.get(KeyClass::Database, v)?;
                self.export_to(&target, key)?;
            }
            None => {
                let tmp = temp_path(&target);
                remove_db_file(&tmp)?;
                self.conn
                    .execute("VACUUM INTO ?1", rusqlite::params![tmp.to_string_lossy()])
                    .map_err(|e| self.err(e))?;
                crate::datadir::restrict_mode(&tmp)?;
                fs::File::open(&tmp)
                    .and_then(|f| f.sync_all())
                    .map_err(|e| Error::io("fsync", &tmp, e))?;
                fs::rename(&tmp, &target).map_err(|e| Error::io("rename", &tmp, e))?;
                fsync_dir(dir)?;
            }
        }
        Ok(target)
    }

    /// Reconnects to `lango-v<v>.db` and removes every other database file.
    fn switch_to(&mut self, dir: &DataDir, registry: &mut KeyRegistry, v: u32) -> Result<u32> {
        let db_dir = dir.db_dir();
        let new = {
            let key = registry.get(KeyClass::Database, v)?;
            Database::connect(&versioned(&db_dir, v), Some((v, key)), false)?
        };
        let old = std::mem::replace(self, new);
        drop(old);
        for f in find_files(&db_dir)? {
            if f.kind != FileKind::Encrypted(v) {
                remove_db_file(&f.path)?;
            }
        }
        fsync_dir(&db_dir)?;
        registry.drop_older(dir, KeyClass::Database, v)?;
        Ok(v)
    }

    /// An SQL failure on this database, naming its file.
    fn err(&self, e: rusqlite::Error) -> Error {
        Error::Database {
            path: self.path.clone(),
            detail: e.to_string(),
        }
    }
}

/// Keys a connection's schema with a raw key (no SQLCipher KDF).
fn keyed(conn: &Connection, schema: &str, key: &Key32) -> rusqlite::Result<()> {
    conn.pragma_update(Some(schema), "key", raw_key_literal(key).as_str())
}

/// `x'<64 hex>'`: SQLCipher's syntax for a raw key. Zeroized on drop.
fn raw_key_literal(key: &Key32) -> zeroize::Zeroizing<String> {
    zeroize::Zeroizing::new(format!("x'{}'", hex::encode(key.as_bytes())))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Plaintext,
    Encrypted(u32),
    Temp,
}

struct DbFile {
    path: PathBuf,
    kind: FileKind,
}

/// Every database file in `db/` (with its -wal/-shm companions folded in by
/// [`remove_db_file`]). Files that are not ours are left alone.
fn find_files(db_dir: &Path) -> Result<Vec<DbFile>> {
    let rd = match fs::read_dir(db_dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("list", db_dir, e)),
    };
    let mut out = Vec::new();
    for ent in rd {
        let ent = ent.map_err(|e| Error::io("list", db_dir, e))?;
        let name = ent.file_name().to_string_lossy().into_owned();
        let kind = if name.ends_with(".db.tmp") {
            FileKind::Temp
        } else if name == PLAINTEXT_FILE {
            FileKind::Plaintext
        } else if let Some(v) = name
            .strip_prefix("lango-v")
            .and_then(|r| r.strip_suffix(".db"))
            .and_then(|v| v.parse().ok())
        {
            FileKind::Encrypted(v)
        } else {
            continue;
        };
        out.push(DbFile {
            path: ent.path(),
            kind,
        });
    }
    Ok(out)
}

fn versioned(db_dir: &Path, v: u32) -> PathBuf {
    db_dir.join(format!("lango-v{v}.db"))
}

fn temp_path(target: &Path) -> PathBuf {
    let mut s = target.as_os_str().to_owned();
    s.push(".tmp");
    PathBuf::from(s)
}

/// Removes a database file and its WAL and shared-memory files, if present.
fn remove_db_file(path: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        match fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io("remove", Path::new(&p), e)),
        }
    }
    Ok(())
}

fn read_head(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut f = fs::File::open(path).map_err(|e| Error::io("open", path, e))?;
    let mut buf = vec![0u8; 16];
    let n = f.read(&mut buf).map_err(|e| Error::io("read", path, e))?;
    buf.truncate(n);
    Ok(buf)
}

#[cfg(test)]
mod tests;
