//! Durable backing for the handshake replay cache (the in-memory cache lives in
//! `lango-protocol`).
//!
//! Each record is a 16-byte replay key (e.g. a handshake nonce) and the Unix time in
//! milliseconds after which it may be forgotten. A record is *live* while
//! `now_ms < expires_at_ms`. Losing a live record is the dangerous failure (a replayed
//! handshake would be accepted after a restart), so [`ReplayStore::insert`] flushes to
//! disk before returning. Nothing here is secret, so the store is not encrypted.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

const TREE: &str = "replay";

/// The sled-backed replay store at `replay.sled/`.
pub struct ReplayStore {
    path: PathBuf,
    tree: sled::Tree,
    /// Fault injection (tests): every insert fails while set.
    failing: std::sync::atomic::AtomicBool,
    /// Kept so the database stays open as long as the tree.
    _db: sled::Db,
}

impl ReplayStore {
    /// Opens (creating if needed) the sled database at `path`.
    ///
    /// Every insert flushes itself, so sled's background flusher is off. sled 0.34 can
    /// hold its file lock for a moment after the last handle is dropped (sled#1234), so
    /// a lock conflict is retried for up to [`LOCK_WAIT`] before it is reported.
    pub fn open(path: &Path) -> Result<ReplayStore> {
        let config = sled::Config::new().path(path).flush_every_ms(None);
        let started = Instant::now();
        let db = loop {
            match config.open() {
                Ok(db) => break db,
                Err(e) if is_lock_conflict(&e) && started.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(e) => return Err(db_err(path, e)),
            }
        };
        let tree = db.open_tree(TREE).map_err(|e| db_err(path, e))?;
        Ok(ReplayStore {
            path: path.to_path_buf(),
            tree,
            failing: std::sync::atomic::AtomicBool::new(false),
            _db: db,
        })
    }

    /// Records `key` as seen until `expires_at_ms` and flushes it to disk.
    ///
    /// If the key is already present the later expiry wins, so a record never shrinks.
    pub fn insert(&self, key: [u8; 16], expires_at_ms: u64) -> Result<()> {
        if self.failing.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(Error::Io {
                op: "write",
                path: self.path.clone(),
                source: std::io::Error::other("write failure injected by a test"),
            });
        }
        let new = expires_at_ms.to_be_bytes();
        self.tree
            .fetch_and_update(key, |old| {
                let keep_old = old
                    .and_then(|o| <[u8; 8]>::try_from(o).ok())
                    .is_some_and(|o| u64::from_be_bytes(o) > expires_at_ms);
                match old {
                    Some(o) if keep_old => Some(o.to_vec()),
                    _ => Some(new.to_vec()),
                }
            })
            .map_err(|e| self.err(e))?;
        self.flush()
    }

    /// Makes every [`ReplayStore::insert`] fail while `on` (fault injection for tests: a
    /// full or failing disk cannot be provoked on demand here).
    #[doc(hidden)]
    pub fn fail_writes(&self, on: bool) {
        self.failing.store(on, std::sync::atomic::Ordering::Relaxed);
    }

    /// Returns every live record, deleting the expired ones on the way.
    pub fn load_live(&self, now_ms: u64) -> Result<Vec<([u8; 16], u64)>> {
        let scan = self.scan(now_ms)?;
        self.remove_all(&scan.expired)?;
        Ok(scan.live)
    }

    /// Deletes every expired record and returns how many there were.
    pub fn purge(&self, now_ms: u64) -> Result<usize> {
        let scan = self.scan(now_ms)?;
        self.remove_all(&scan.expired)?;
        Ok(scan.expired.len())
    }

    /// Number of records stored, live or not yet purged.
    pub fn len(&self) -> usize {
        self.tree.len()
    }

    /// Whether the store holds no records.
    pub fn is_empty(&self) -> bool {
        self.tree.is_empty()
    }

    fn scan(&self, now_ms: u64) -> Result<Scan> {
        let mut live = Vec::new();
        let mut expired = Vec::new();
        for item in self.tree.iter() {
            let (k, v) = item.map_err(|e| self.err(e))?;
            let corrupt = |len| Error::ReplayRecordCorrupt {
                path: self.path.clone(),
                len,
            };
            let key = <[u8; 16]>::try_from(k.as_ref()).map_err(|_| corrupt(k.len()))?;
            let exp = <[u8; 8]>::try_from(v.as_ref()).map_err(|_| corrupt(v.len()))?;
            let exp = u64::from_be_bytes(exp);
            if exp > now_ms {
                live.push((key, exp));
            } else {
                expired.push(key);
            }
        }
        Ok(Scan { live, expired })
    }

    fn remove_all(&self, keys: &[[u8; 16]]) -> Result<()> {
        if keys.is_empty() {
            return Ok(());
        }
        let mut batch = sled::Batch::default();
        for k in keys {
            batch.remove(k.as_slice());
        }
        self.tree.apply_batch(batch).map_err(|e| self.err(e))?;
        self.flush()
    }

    fn flush(&self) -> Result<()> {
        self.tree.flush().map(|_| ()).map_err(|e| self.err(e))
    }

    fn err(&self, e: sled::Error) -> Error {
        db_err(&self.path, e)
    }
}

/// How long [`ReplayStore::open`] waits for a lock a just-dropped handle still holds.
const LOCK_WAIT: Duration = Duration::from_secs(2);

/// sled reports a held `flock` as an I/O error of kind `WouldBlock`.
fn is_lock_conflict(e: &sled::Error) -> bool {
    matches!(e, sled::Error::Io(io) if io.kind() == std::io::ErrorKind::WouldBlock
        || io.to_string().contains("could not acquire lock"))
}

/// One pass over the tree, split at `now_ms`.
struct Scan {
    live: Vec<([u8; 16], u64)>,
    expired: Vec<[u8; 16]>,
}

fn db_err(path: &Path, source: sled::Error) -> Error {
    Error::ReplayDb {
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(b: u8) -> [u8; 16] {
        [b; 16]
    }

    #[test]
    fn records_survive_close_and_reopen() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("replay.sled");
        {
            let s = ReplayStore::open(&p).unwrap();
            s.insert(k(1), 2_000).unwrap();
            s.insert(k(2), 3_000).unwrap();
        }
        let s = ReplayStore::open(&p).unwrap();
        assert_eq!(s.len(), 2);
        let mut live = s.load_live(1_000).unwrap();
        live.sort();
        assert_eq!(live, vec![(k(1), 2_000), (k(2), 3_000)]);
    }

    #[test]
    fn load_live_drops_expired_records_for_good() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("replay.sled");
        {
            let s = ReplayStore::open(&p).unwrap();
            s.insert(k(1), 1_000).unwrap();
            s.insert(k(2), 5_000).unwrap();
            // Expiry is exclusive: a record expiring exactly now is gone.
            assert_eq!(s.load_live(1_000).unwrap(), vec![(k(2), 5_000)]);
            assert_eq!(s.len(), 1);
        }
        let s = ReplayStore::open(&p).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s.load_live(0).unwrap(), vec![(k(2), 5_000)]);
    }

    #[test]
    fn purge_counts_what_it_removed() {
        let t = tempfile::tempdir().unwrap();
        let s = ReplayStore::open(&t.path().join("r")).unwrap();
        assert!(s.is_empty());
        for i in 0..5u8 {
            s.insert(k(i), 100 * u64::from(i)).unwrap();
        }
        assert_eq!(s.purge(250).unwrap(), 3);
        assert_eq!(s.len(), 2);
        assert_eq!(s.purge(250).unwrap(), 0);
    }

    #[test]
    fn reinsert_never_shortens_a_record() {
        let t = tempfile::tempdir().unwrap();
        let s = ReplayStore::open(&t.path().join("r")).unwrap();
        s.insert(k(1), 9_000).unwrap();
        s.insert(k(1), 1_000).unwrap();
        assert_eq!(s.load_live(5_000).unwrap(), vec![(k(1), 9_000)]);
        s.insert(k(1), 12_000).unwrap();
        assert_eq!(s.load_live(5_000).unwrap(), vec![(k(1), 12_000)]);
    }
}
