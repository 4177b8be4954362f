//! The append-only, hash-chained audit log (`audit.log`, JSON lines, mode 0600).
//!
//! Each line is one [`AuditEntry`]:
//!
//! ```text
//! {"seq":1,"time":"2026-05-01T12:00:00Z","kind":"trust.add","fields":{..},"prev":"00..00","hash":"…"}
//! ```
//!
//! - `seq` counts from 1, one entry per line;
//! - `prev` is the hex SHA-256 of the previous line's bytes (64 zeros for the first);
//! - `hash` is the hex SHA-256 of the line as written *without* its `,"hash":"…"` member,
//!   i.e. of the exact bytes `{"seq":…,"prev":"…"}`. Hashing bytes rather than
//!   re-serialised JSON keeps verification independent of number or key formatting.
//!
//! [`verify`] walks the whole file and names the first entry that breaks the chain: a
//! modified entry fails its own hash, a deleted or reordered one fails its `seq`, an
//! entry rewritten with a fresh hash fails the next entry's `prev`.
//!
//! Durability ([`Durability`]): every entry is written to the file before `append`
//! returns, so a crash of the process loses nothing. With [`Durability::Always`] it is
//! also fsynced first; with [`Durability::Within`] a flusher thread fsyncs it at most
//! that long afterwards (group commit), so a power loss can cost the entries of that
//! window, never a torn chain (an incomplete last line is refused on open).
//!
//! Limits, stated plainly: the chain is unkeyed, so someone able to rewrite the file can
//! recompute every hash from the first change onward; it detects partial edits,
//! truncation in the middle and accidents, not a full rewrite. The log is plaintext and
//! must hold nothing secret (record inputs as hashes). Encryption and a keyed chain with
//! the audit subkey come in a later issue.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::{FileExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::datadir::fsync_dir;
use crate::error::{AuditBreak, Error, Result};

/// `prev` of the first entry.
pub const GENESIS_PREV: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Length of the `,"hash":"<64 hex>"}` suffix of every line.
const HASH_SUFFIX_LEN: usize = 9 + 64 + 2;
const TAIL_CHUNK: u64 = 8192;

/// One verified line of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Position in the log, from 1.
    pub seq: u64,
    /// When the entry was appended, RFC 3339 in UTC.
    pub time: String,
    /// What happened, e.g. `"trust.add"`.
    pub kind: String,
    /// Details; never secrets (use hashes of inputs).
    pub fields: Value,
    /// Hex SHA-256 of the previous line.
    pub prev: String,
    /// Hex SHA-256 of this entry's line without its `hash` member.
    pub hash: String,
}

/// What [`verify`] found in a log whose chain is intact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifyReport {
    /// Number of entries checked.
    pub entries: u64,
}

/// The entry minus its hash, in the fixed member order that is hashed.
#[derive(Serialize)]
struct BodyRef<'a> {
    seq: u64,
    time: &'a str,
    kind: &'a str,
    fields: &'a Value,
    prev: &'a str,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    seq: u64,
    time: String,
    kind: String,
    fields: Value,
    prev: String,
}

/// When an appended entry is fsynced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Durability {
    /// Before `append` returns: survives power loss as soon as it is acknowledged.
    Always,
    /// By a background flusher, at most this long after it was written. The entry is in
    /// the file (the page cache) when `append` returns, so it survives a crash of the
    /// process; a power loss can cost the entries of the last interval.
    Within(Duration),
}

/// An open audit log, ready to append. Safe to share between threads.
pub struct AuditLog {
    path: PathBuf,
    state: Mutex<Chain>,
    durability: Durability,
    /// The background flusher (only with [`Durability::Within`]).
    flusher: Option<Flusher>,
}

/// What the append path and the flusher thread share.
#[derive(Default)]
struct FlushState {
    /// Entries written since the flusher last took a batch.
    dirty: bool,
    /// Fsyncs under way that cover entries no longer counted in `dirty`: the flusher's
    /// group commit and any explicit [`AuditLog::sync`].
    syncing: u32,
    /// Set by `Drop`: sync what is dirty and end.
    stop: bool,
    /// Fsyncs the flusher has done (group commits).
    syncs: u64,
    /// An fsync that failed; the next append reports it.
    failed: Option<std::io::Error>,
}

struct Flusher {
    shared: Arc<(Mutex<FlushState>, Condvar)>,
    thread: Option<JoinHandle<()>>,
}

impl Flusher {
    fn start(file: File, every: Duration) -> std::io::Result<Flusher> {
        let shared: Arc<(Mutex<FlushState>, Condvar)> = Arc::default();
        let theirs = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("audit-flush".into())
            .spawn(move || flush_loop(&file, &theirs, every))?;
        Ok(Flusher {
            shared,
            thread: Some(thread),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FlushState> {
        self.shared.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Drop for Flusher {
    fn drop(&mut self) {
        self.lock().stop = true;
        self.shared.1.notify_all();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Waits for a write, lets `every` pass (or a stop), fsyncs; repeats until stopped with
/// nothing dirty. The fsync runs without the append lock, so appends are not held up.
fn flush_loop(file: &File, shared: &(Mutex<FlushState>, Condvar), every: Duration) {
    let (lock, cv) = shared;
    let mut st = lock.lock().unwrap_or_else(|p| p.into_inner());
    loop {
        while !st.dirty && !st.stop {
            st = cv.wait(st).unwrap_or_else(|p| p.into_inner());
        }
        if !st.dirty {
            return;
        }
        if !st.stop {
            st = cv
                .wait_timeout_while(st, every, |s| !s.stop)
                .map(|(g, _)| g)
                .unwrap_or_else(|p| p.into_inner().0);
        }
        st.dirty = false;
        st.syncing += 1;
        drop(st);
        let synced = file.sync_data();
        st = lock.lock().unwrap_or_else(|p| p.into_inner());
        st.syncing -= 1;
        match synced {
            Ok(()) => st.syncs += 1,
            Err(e) => {
                st.dirty = true;
                st.failed = Some(e);
            }
        }
    }
}

/// Where the chain stands: what the next entry must carry.
struct Chain {
    file: File,
    next_seq: u64,
    prev: String,
    len: u64,
    /// Set if a failed append could not be rolled back; further appends are refused.
    broken: bool,
}

impl AuditLog {
    /// Opens `path` for appending (creating it with mode 0600) and continues its chain
    /// from the last line, which must be a complete, self-consistent entry.
    ///
    /// Only the last line is checked here; use [`verify`] for the whole chain. Every
    /// entry is fsynced before `append` returns; see [`AuditLog::open_with`].
    pub fn open(path: &Path) -> Result<AuditLog> {
        AuditLog::open_with(path, Durability::Always)
    }

    /// [`AuditLog::open`] with the given durability.
    pub fn open_with(path: &Path, durability: Durability) -> Result<AuditLog> {
        let existed = path.exists();
        let file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .mode(0o600)
            .open(path)
            .map_err(|e| Error::io("open", path, e))?;
        if !existed {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                fsync_dir(dir)?;
            }
        }
        let len = file
            .metadata()
            .map_err(|e| Error::io("inspect", path, e))?
            .len();
        let (next_seq, prev) = if len == 0 {
            (1, GENESIS_PREV.to_owned())
        } else {
            let tail_err = |reason| Error::AuditTailCorrupt {
                path: path.to_path_buf(),
                reason,
            };
            let lines = last_lines(&file, 1)
                .map_err(|e| Error::io("read", path, e))?
                .map_err(tail_err)?;
            let last = lines
                .last()
                .ok_or(tail_err(AuditBreak::Malformed("no complete line")))?;
            let entry = parse_line(last).map_err(tail_err)?;
            (entry.seq + 1, hex_sha256(last))
        };
        let flusher = match durability {
            Durability::Always => None,
            Durability::Within(every) => {
                let clone = file.try_clone().map_err(|e| Error::io("open", path, e))?;
                Some(
                    Flusher::start(clone, every)
                        .map_err(|e| Error::io("start a flusher for", path, e))?,
                )
            }
        };
        Ok(AuditLog {
            path: path.to_path_buf(),
            durability,
            flusher,
            state: Mutex::new(Chain {
                file,
                next_seq,
                prev,
                len,
                broken: false,
            }),
        })
    }

    /// Appends an entry stamped with the current time; fsyncs it per the log's
    /// [`Durability`].
    pub fn append(&self, kind: &str, fields: Value) -> Result<AuditEntry> {
        self.append_at(SystemTime::now(), kind, fields)
    }

    /// Appends an entry stamped with `time` (for deterministic tests and for callers that
    /// own the clock).
    pub fn append_at(&self, time: SystemTime, kind: &str, fields: Value) -> Result<AuditEntry> {
        let time = rfc3339(time)?;
        // A panic while holding the lock cannot leave `Chain` ahead of the file: it is
        // only advanced after a successful fsync.
        let mut chain = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if chain.broken {
            return Err(Error::AuditTailCorrupt {
                path: self.path.clone(),
                reason: AuditBreak::Malformed("an earlier append failed and was not rolled back"),
            });
        }
        let body = BodyRef {
            seq: chain.next_seq,
            time: &time,
            kind,
            fields: &fields,
            prev: &chain.prev,
        };
        let body = serde_json::to_string(&body).map_err(|source| Error::Encode {
            what: "audit entry",
            source,
        })?;
        let hash = hex_sha256(body.as_bytes());
        let line = join_line(&body, &hash);
        let mut bytes = line.clone().into_bytes();
        bytes.push(b'\n');

        if let Some(f) = &self.flusher {
            if let Some(e) = f.lock().failed.take() {
                return Err(Error::io("fsync", &self.path, e));
            }
        }
        let written = chain
            .file
            .write_all(&bytes)
            .and_then(|()| match self.flusher {
                None => chain.file.sync_data(),
                Some(_) => Ok(()),
            });
        if let Err(e) = written {
            let len = chain.len;
            if chain
                .file
                .set_len(len)
                .and_then(|()| chain.file.sync_data())
                .is_err()
            {
                chain.broken = true;
            }
            return Err(Error::io("append to", &self.path, e));
        }
        let entry = AuditEntry {
            seq: chain.next_seq,
            time,
            kind: kind.to_owned(),
            fields,
            prev: std::mem::replace(&mut chain.prev, hex_sha256(line.as_bytes())),
            hash,
        };
        chain.next_seq += 1;
        chain.len += bytes.len() as u64;
        drop(chain);
        if let Some(f) = &self.flusher {
            f.lock().dirty = true;
            f.shared.1.notify_all();
        }
        Ok(entry)
    }

    /// Fsyncs every entry appended so far.
    pub fn sync(&self) -> Result<()> {
        let chain = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(f) = &self.flusher {
            let mut st = f.lock();
            st.dirty = false;
            st.syncing += 1;
        }
        let synced = chain.file.sync_data();
        if let Some(f) = &self.flusher {
            let mut st = f.lock();
            st.syncing -= 1;
            if synced.is_err() {
                st.dirty = true;
            }
        }
        synced.map_err(|e| Error::io("fsync", &self.path, e))
    }

    /// Whether entries have been written but not yet fsynced (always `false` with
    /// [`Durability::Always`]).
    pub fn unsynced(&self) -> bool {
        self.flusher.as_ref().is_some_and(|f| {
            let st = f.lock();
            st.dirty || st.syncing > 0
        })
    }

    /// Group commits done by the background flusher so far.
    pub fn flusher_syncs(&self) -> u64 {
        self.flusher.as_ref().map_or(0, |f| f.lock().syncs)
    }

    /// When entries reach the disk.
    pub fn durability(&self) -> Durability {
        self.durability
    }

    /// The log file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Checks the whole chain of the log at `path`.
///
/// Returns [`Error::AuditChainBroken`] naming the first entry (by its expected `seq`,
/// which is also its line number) that is malformed, out of sequence, not linked to its
/// predecessor, or whose hash does not match.
pub fn verify(path: &Path) -> Result<VerifyReport> {
    let file = File::open(path).map_err(|e| Error::io("open", path, e))?;
    let mut reader = BufReader::new(file);
    let mut expected_seq = 1u64;
    let mut prev = GENESIS_PREV.to_owned();
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| Error::io("read", path, e))?;
        if n == 0 {
            return Ok(VerifyReport {
                entries: expected_seq - 1,
            });
        }
        let broken = |reason| Error::AuditChainBroken {
            seq: expected_seq,
            reason,
        };
        let Some(content) = line.strip_suffix(b"\n") else {
            return Err(broken(AuditBreak::Malformed("incomplete last line")));
        };
        let entry = parse_line(content).map_err(broken)?;
        if entry.seq != expected_seq {
            return Err(broken(AuditBreak::SeqMismatch {
                expected: expected_seq,
                found: entry.seq,
            }));
        }
        if entry.prev != prev {
            return Err(broken(AuditBreak::PrevMismatch));
        }
        prev = hex_sha256(content);
        expected_seq += 1;
    }
}

/// Returns the last `n` entries of the log at `path`, oldest first, each checked against
/// its own hash (not against the chain; use [`verify`] for that).
pub fn tail(path: &Path, n: usize) -> Result<Vec<AuditEntry>> {
    let file = File::open(path).map_err(|e| Error::io("open", path, e))?;
    let tail_err = |reason| Error::AuditTailCorrupt {
        path: path.to_path_buf(),
        reason,
    };
    let lines = last_lines(&file, n)
        .map_err(|e| Error::io("read", path, e))?
        .map_err(tail_err)?;
    lines
        .iter()
        .map(|l| parse_line(l).map_err(tail_err))
        .collect()
}

/// Parses one line (without its newline) and checks its own hash.
fn parse_line(line: &[u8]) -> std::result::Result<AuditEntry, AuditBreak> {
    let text = std::str::from_utf8(line).map_err(|_| AuditBreak::Malformed("not UTF-8"))?;
    let split = text
        .len()
        .checked_sub(HASH_SUFFIX_LEN)
        .filter(|&i| text.is_char_boundary(i))
        .ok_or(AuditBreak::Malformed("line too short to hold a hash"))?;
    let (head, suffix) = text.split_at(split);
    let hash = suffix
        .strip_prefix(",\"hash\":\"")
        .and_then(|s| s.strip_suffix("\"}"))
        .filter(|h| h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        .ok_or(AuditBreak::Malformed("line does not end in a hash member"))?;
    let body_text = format!("{head}}}");
    let body: Body = serde_json::from_str(&body_text)
        .map_err(|_| AuditBreak::Malformed("not an audit entry"))?;
    if hex_sha256(body_text.as_bytes()) != hash {
        return Err(AuditBreak::HashMismatch);
    }
    Ok(AuditEntry {
        seq: body.seq,
        time: body.time,
        kind: body.kind,
        fields: body.fields,
        prev: body.prev,
        hash: hash.to_owned(),
    })
}

/// `{…body…}` + hash → `{…body…,"hash":"<hash>"}`.
fn join_line(body: &str, hash: &str) -> String {
    let open = body.strip_suffix('}').unwrap_or(body);
    format!("{open},\"hash\":\"{hash}\"}}")
}

fn hex_sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Reads backwards from the end and returns the last `n` lines (without newlines), oldest
/// first. Fails with [`AuditBreak::Malformed`] if the file does not end in a newline,
/// i.e. an append was cut short.
fn last_lines(file: &File, n: usize) -> std::io::Result<LastLines> {
    let len = file.metadata()?.len();
    let mut start = len;
    let mut buf: Vec<u8> = Vec::new();
    while start > 0 && buf.iter().filter(|&&b| b == b'\n').count() <= n {
        let step = TAIL_CHUNK.min(start);
        start -= step;
        // `step` is at most TAIL_CHUNK, so it fits in usize.
        let mut chunk = vec![0u8; step as usize];
        file.read_exact_at(&mut chunk, start)?;
        chunk.extend_from_slice(&buf);
        buf = chunk;
    }
    if start > 0 {
        if let Some(i) = buf.iter().position(|&b| b == b'\n') {
            buf.drain(..=i);
        }
    }
    let mut lines: Vec<Vec<u8>> = buf.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    // After the last '\n' comes either nothing (a well-formed file) or a partial line.
    if lines.pop().is_some_and(|partial| !partial.is_empty()) {
        return Ok(Err(AuditBreak::Malformed("incomplete last line")));
    }
    let skip = lines.len().saturating_sub(n);
    Ok(Ok(lines.split_off(skip)))
}

/// The lines [`last_lines`] found, or why the tail is unusable.
type LastLines = std::result::Result<Vec<Vec<u8>>, AuditBreak>;

/// `time` as an RFC 3339 UTC timestamp.
pub(crate) fn rfc3339(time: SystemTime) -> Result<String> {
    OffsetDateTime::from(time)
        .format(&Rfc3339)
        .map_err(|_| Error::TimeOutOfRange)
}

/// Now, as an RFC 3339 UTC timestamp.
pub(crate) fn now_rfc3339() -> Result<String> {
    rfc3339(SystemTime::now())
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::os::unix::fs::PermissionsExt;
    use std::sync::Arc;
    use std::time::{Duration, UNIX_EPOCH};

    use serde_json::json;

    use super::*;

    fn log_with(n: u64) -> (tempfile::TempDir, PathBuf) {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("audit.log");
        let log = AuditLog::open(&p).unwrap();
        for i in 1..=n {
            log.append("test.event", json!({ "n": i })).unwrap();
        }
        (t, p)
    }

    fn lines(p: &Path) -> Vec<String> {
        fs::read_to_string(p)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect()
    }

    fn write_lines(p: &Path, lines: &[String]) {
        let mut s = lines.join("\n");
        s.push('\n');
        fs::write(p, s).unwrap();
    }

    fn broken_at(p: &Path) -> (u64, AuditBreak) {
        match verify(p) {
            Err(Error::AuditChainBroken { seq, reason }) => (seq, reason),
            other => panic!("expected AuditChainBroken, got {other:?}"),
        }
    }

    #[test]
    fn batched_entries_are_in_the_file_at_once_and_fsynced_in_groups() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("audit.log");
        let log = AuditLog::open_with(&p, Durability::Within(Duration::from_millis(30))).unwrap();
        for i in 1..=200u64 {
            log.append("test.event", json!({ "n": i })).unwrap();
            // Written before append returned: another reader sees it now.
            assert_eq!(lines(&p).len() as u64, i);
        }
        assert!(log.unsynced() || log.flusher_syncs() > 0);
        let mut waited = 0;
        while log.unsynced() && waited < 1000 {
            std::thread::sleep(Duration::from_millis(10));
            waited += 1;
        }
        assert!(!log.unsynced(), "the flusher never caught up");
        let syncs = log.flusher_syncs();
        assert!(syncs >= 1, "no group commit happened");
        assert!(
            syncs < 200,
            "one fsync per entry is not a group commit ({syncs})"
        );
        drop(log);
        assert_eq!(verify(&p).unwrap(), VerifyReport { entries: 200 });
        // The chain continues across a reopen in the other mode.
        let log = AuditLog::open(&p).unwrap();
        assert_eq!(log.append("test.event", json!({})).unwrap().seq, 201);
        assert!(!log.unsynced());
    }

    #[test]
    fn explicit_sync_clears_pending_and_drop_does_not_wait_the_interval() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("audit.log");
        let log = AuditLog::open_with(&p, Durability::Within(Duration::from_secs(3600))).unwrap();
        log.append("test.event", json!({})).unwrap();
        assert!(log.unsynced());
        assert_eq!(log.flusher_syncs(), 0);
        log.sync().unwrap();
        assert!(!log.unsynced());
        log.append("test.event", json!({})).unwrap();
        assert!(log.unsynced());
        // Dropping syncs the rest and returns; with an hour-long interval, a flusher
        // that waited it out would hang this test.
        drop(log);
        assert_eq!(verify(&p).unwrap(), VerifyReport { entries: 2 });
    }

    #[test]
    fn appended_entries_chain_and_verify() {
        let (_t, p) = log_with(5);
        assert_eq!(verify(&p).unwrap(), VerifyReport { entries: 5 });
        let all = tail(&p, 10).unwrap();
        assert_eq!(all.len(), 5);
        assert_eq!(all[0].prev, GENESIS_PREV);
        assert_eq!(all[0].seq, 1);
        for w in all.windows(2) {
            assert_eq!(w[1].seq, w[0].seq + 1);
        }
        let l = lines(&p);
        assert_eq!(all[3].prev, hex_sha256(l[2].as_bytes()));
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }

    #[test]
    fn empty_log_verifies_with_zero_entries() {
        let (_t, p) = log_with(0);
        assert_eq!(verify(&p).unwrap().entries, 0);
        assert!(tail(&p, 3).unwrap().is_empty());
    }

    #[test]
    fn timestamps_are_rfc3339_utc() {
        let t = tempfile::tempdir().unwrap();
        let log = AuditLog::open(&t.path().join("a")).unwrap();
        let e = log
            .append_at(
                UNIX_EPOCH + Duration::from_secs(1_700_000_000),
                "k",
                json!(null),
            )
            .unwrap();
        assert_eq!(e.time, "2023-11-14T22:13:20Z");
    }

    #[test]
    fn reopen_continues_the_chain() {
        let (_t, p) = log_with(3);
        let log = AuditLog::open(&p).unwrap();
        let e = log.append("after.reopen", json!({})).unwrap();
        assert_eq!(e.seq, 4);
        assert_eq!(e.prev, hex_sha256(lines(&p)[2].as_bytes()));
        assert_eq!(verify(&p).unwrap().entries, 4);
    }

    #[test]
    fn modified_entry_is_named_by_seq() {
        let (_t, p) = log_with(5);
        let mut l = lines(&p);
        l[2] = l[2].replace("\"n\":3", "\"n\":33");
        write_lines(&p, &l);
        assert_eq!(broken_at(&p), (3, AuditBreak::HashMismatch));
    }

    #[test]
    fn modified_entry_with_recomputed_hash_breaks_the_next_link() {
        let (_t, p) = log_with(5);
        let mut l = lines(&p);
        let head = &l[2][..l[2].len() - HASH_SUFFIX_LEN];
        let body = format!("{}}}", head.replace("\"n\":3", "\"n\":33"));
        l[2] = join_line(&body, &hex_sha256(body.as_bytes()));
        write_lines(&p, &l);
        assert_eq!(broken_at(&p), (4, AuditBreak::PrevMismatch));
    }

    #[test]
    fn deleted_middle_entry_is_named_by_seq() {
        let (_t, p) = log_with(5);
        let mut l = lines(&p);
        l.remove(2);
        write_lines(&p, &l);
        assert_eq!(
            broken_at(&p),
            (
                3,
                AuditBreak::SeqMismatch {
                    expected: 3,
                    found: 4
                }
            )
        );
    }

    #[test]
    fn reordered_pair_is_named_by_seq() {
        let (_t, p) = log_with(5);
        let mut l = lines(&p);
        l.swap(1, 2);
        write_lines(&p, &l);
        assert_eq!(
            broken_at(&p),
            (
                2,
                AuditBreak::SeqMismatch {
                    expected: 2,
                    found: 3
                }
            )
        );
    }

    #[test]
    fn renumbered_deletion_breaks_the_prev_link() {
        let (_t, p) = log_with(4);
        let mut l = lines(&p);
        l.remove(1);
        // Fix up seq and hash of the entry that moved up, but not its prev.
        let head = &l[1][..l[1].len() - HASH_SUFFIX_LEN];
        let body = format!("{}}}", head.replacen("\"seq\":3", "\"seq\":2", 1));
        l[1] = join_line(&body, &hex_sha256(body.as_bytes()));
        write_lines(&p, &l);
        assert_eq!(broken_at(&p), (2, AuditBreak::PrevMismatch));
    }

    #[test]
    fn garbage_line_is_malformed() {
        let (_t, p) = log_with(3);
        let mut l = lines(&p);
        l[1] = "not json".to_owned();
        write_lines(&p, &l);
        assert!(matches!(broken_at(&p), (2, AuditBreak::Malformed(_))));
    }

    #[test]
    fn open_refuses_a_log_with_a_torn_last_line() {
        let (_t, p) = log_with(3);
        let bytes = fs::read(&p).unwrap();
        // Cut the final newline only, then cut into the last entry.
        for cut in [1, 10] {
            fs::write(&p, &bytes[..bytes.len() - cut]).unwrap();
            assert!(matches!(
                AuditLog::open(&p),
                Err(Error::AuditTailCorrupt { .. })
            ));
            assert!(matches!(broken_at(&p), (3, AuditBreak::Malformed(_))));
        }
    }

    #[test]
    fn open_refuses_a_log_whose_last_entry_was_edited() {
        let (_t, p) = log_with(3);
        let mut l = lines(&p);
        l[2] = l[2].replace("\"n\":3", "\"n\":4");
        write_lines(&p, &l);
        assert!(matches!(
            AuditLog::open(&p),
            Err(Error::AuditTailCorrupt {
                reason: AuditBreak::HashMismatch,
                ..
            })
        ));
    }

    #[test]
    fn tail_returns_the_last_entries_across_read_chunks() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("audit.log");
        let log = AuditLog::open(&p).unwrap();
        for i in 1..=300u64 {
            log.append("bulk", json!({ "n": i, "pad": "x".repeat(40) }))
                .unwrap();
        }
        assert!(fs::metadata(&p).unwrap().len() > 4 * TAIL_CHUNK);
        let last = tail(&p, 120).unwrap();
        assert_eq!(last.len(), 120);
        assert_eq!(last[0].seq, 181);
        assert_eq!(last[119].seq, 300);
        assert_eq!(tail(&p, 1).unwrap()[0].fields["n"], 300);
        drop(log);
        assert_eq!(
            AuditLog::open(&p)
                .unwrap()
                .append("k", json!(1))
                .unwrap()
                .seq,
            301
        );
    }

    #[test]
    fn concurrent_appends_keep_one_chain() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("audit.log");
        let log = Arc::new(AuditLog::open(&p).unwrap());
        let handles: Vec<_> = (0..4)
            .map(|i| {
                let log = Arc::clone(&log);
                std::thread::spawn(move || {
                    for j in 0..10 {
                        log.append("thread", json!({ "t": i, "j": j })).unwrap();
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        assert_eq!(verify(&p).unwrap().entries, 40);
    }
}
