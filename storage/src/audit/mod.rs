//! The append-only audit log (`audit.log`, JSON lines, mode 0600), chained and keyed.
//!
//! Each line is one [`AuditEntry`]:
//!
//! ```text
//! {"seq":1,"time":"2026-05-01T12:00:00Z","kind":"trust.add","fields":{..},"prev":"00..00","mac":"…"}
//! ```
//!
//! - `seq` counts from 1, one entry per line;
//! - `mac` is the hex HMAC-SHA256, under the node's audit key (the HKDF subkey
//!   `lango-node/v1/audit` of the master key), of the line as written *without* its
//!   `,"mac":"…"` member, i.e. of the exact bytes `{"seq":…,"prev":"…"}`;
//! - `prev` is the previous entry's `mac` (64 zeros for the first).
//!
//! Logs written before keyed chains hold unkeyed lines (`"hash"`: the SHA-256 of the
//! line without that member; `prev`: the SHA-256 of the previous whole line). They may
//! begin a log; the first keyed entry after them links to the last of them, so they are
//! bound too. An unkeyed line after a keyed one is a rewrite.
//!
//! Without the key nobody can write an entry that verifies, so a rewrite from any point
//! on is detected. A cut tail is detected by the **anchor**: the newest durable entry's
//! `seq` and `mac`, kept in the encrypted database ([`anchor`]) and updated after every
//! append; a log that ends before its anchored entry was cut.
//!
//! [`verify`] walks the whole file and names what it found: a missing file
//! ([`Error::AuditMissing`]), a cut tail ([`Error::AuditTruncated`]), or the first entry
//! that breaks the chain ([`Error::AuditChainBroken`]: modified, forged, removed,
//! reordered, rewritten).
//!
//! Durability ([`Durability`]): every entry is written to the file before `append`
//! returns, so a crash of the process loses nothing. With [`Durability::Always`] it is
//! also fsynced first; with [`Durability::Within`] a flusher thread fsyncs it at most
//! that long afterwards (group commit), so a power loss can cost the entries of that
//! window, never a torn chain (an incomplete last line is refused on open). The anchor
//! follows the fsync, so a power loss never leaves the anchor ahead of the log; in turn,
//! entries of the last window (and the moment the anchor takes to write) can be cut
//! without the anchor noticing.
//!
//! The log is plaintext and must hold nothing secret (record inputs as hashes).

mod anchor;
mod flusher;
mod line;
pub mod segments;
mod verify;

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::crypto::Key32;
use crate::datadir::fsync_dir;
use crate::error::{AuditBreak, Error, Result};

pub use anchor::AnchorWriter;
#[doc(hidden)]
pub use line::fuzz_line;
pub use line::{AuditEntry, Head, GENESIS_PREV};
pub use segments::Rotation;
pub use verify::{tail, verify, VerifyReport};

use anchor::Anchor;
use flusher::Flusher;

const TAIL_CHUNK: u64 = 8192;

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
    key: Key32,
    state: Mutex<Chain>,
    durability: Durability,
    /// The background flusher (only with [`Durability::Within`]).
    flusher: Option<Flusher>,
    anchor: Anchor,
    /// The anchor writer's thread, once [`AuditLog::anchor_with`] started it.
    anchor_thread: Mutex<Option<JoinHandle<()>>>,
    /// When the active segment is closed (off unless [`AuditLog::set_rotation`]).
    rotation: Rotation,
    /// Why the last rotation or retention failed, while it does.
    rotation_failure: Mutex<Option<String>>,
}

/// Where the chain stands: what the next entry must carry.
struct Chain {
    file: File,
    next_seq: u64,
    prev: String,
    /// Bytes of whole entries in the file.
    len: u64,
    /// The newest keyed entry written.
    head: Option<Head>,
    /// Set if a failed append could not be rolled back; further appends are refused.
    broken: bool,
    /// The first entry of the active segment: its seq (the next one while it is empty)
    /// and when it was written.
    segment_first: u64,
    segment_since: SystemTime,
    /// The active file was renamed to a closed segment but its successor could not be
    /// created: appends continue in the renamed file until a retry creates it.
    closed_pending: bool,
    /// After a failed rotation, no new attempt before this.
    rotation_retry_at: Option<std::time::Instant>,
}

impl AuditLog {
    /// Opens `path` for appending (creating it with mode 0600) and continues its chain
    /// from the last line, which must be a complete entry whose MAC verifies under `key`.
    ///
    /// `anchored` is the head the database holds: the log must reach it (else
    /// [`Error::AuditTruncated`], or [`Error::AuditMissing`] if the file is gone) and
    /// agree with it. Only the last line is checked here; use [`verify`] for the whole
    /// chain. Start the anchor writer with [`AuditLog::anchor_with`].
    pub fn open(
        path: &Path,
        durability: Durability,
        key: Key32,
        anchored: Option<Head>,
    ) -> Result<AuditLog> {
        let existed = path.exists();
        let closed =
            segments::closed(path).map_err(|e| Error::io("list the segments of", path, e))?;
        if !existed && anchored.is_some() && closed.is_empty() {
            return Err(Error::AuditMissing {
                path: path.to_path_buf(),
                anchored: anchored.map(|h| h.seq),
            });
        }
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
        // The chain continues from the active segment's last entry, or, while it is
        // empty, from the newest closed segment's.
        let newest_closed = closed.last().map(|(_, p)| p.clone());
        let (tail_file, tail_path) = match (&newest_closed, len) {
            (Some(p), 0) => (
                Some(File::open(p).map_err(|e| Error::io("open", p, e))?),
                p.clone(),
            ),
            (_, 0) => (None, path.to_path_buf()),
            _ => (
                Some(file.try_clone().map_err(|e| Error::io("open", path, e))?),
                path.to_path_buf(),
            ),
        };
        let tail_err = |reason| Error::AuditTailCorrupt {
            path: tail_path.clone(),
            reason,
        };
        let (next_seq, prev, head) = match &tail_file {
            None => (1, GENESIS_PREV.to_owned(), None),
            Some(tail_file) => {
                let lines = verify::last_lines(tail_file, 1)
                    .map_err(|e| Error::io("read", &tail_path, e))?
                    .map_err(tail_err)?;
                let last = lines
                    .last()
                    .ok_or(tail_err(AuditBreak::Malformed("no complete line")))?;
                let parsed = line::parse(last).map_err(tail_err)?;
                parsed.check(&key).map_err(tail_err)?;
                let next =
                    parsed
                        .entry
                        .seq
                        .checked_add(1)
                        .ok_or(tail_err(AuditBreak::Malformed(
                            "sequence number at its maximum",
                        )))?;
                (next, parsed.link.clone(), parsed.head())
            }
        };
        let (segment_first, segment_since) = if len == 0 {
            (next_seq, SystemTime::now())
        } else {
            first_entry(&file, path)?
        };
        if let Some(a) = anchored {
            let last = next_seq - 1;
            if last < a.seq {
                return Err(Error::AuditTruncated {
                    path: path.to_path_buf(),
                    last,
                    how: format!("entry {} was written and anchored in the database", a.seq),
                });
            }
            match head {
                None => return Err(tail_err(AuditBreak::Downgrade)),
                Some(h) if h.seq == a.seq && h != a => {
                    return Err(tail_err(AuditBreak::AnchorMismatch))
                }
                // Entries after the anchor (a stop between an fsync and its anchor write;
                // or another, longer log of this node put in place): the anchored entry
                // must be there, unchanged, and everything after it must chain to it.
                Some(h) if h.seq > a.seq => {
                    verify::verify(path, &key, Some(a))?;
                }
                Some(_) => {}
            }
        }
        let anchor = Anchor::new(anchored);
        // The last entry may be anchored once it is on disk, not only in the page cache
        // (after a crash of the process, it may be only there).
        if let Some(h) = head {
            file.sync_data().map_err(|e| Error::io("fsync", path, e))?;
            anchor.publish(h);
        }
        let flusher = match durability {
            Durability::Always => None,
            Durability::Within(every) => {
                let clone = file.try_clone().map_err(|e| Error::io("open", path, e))?;
                Some(
                    Flusher::start(clone, every, anchor.clone())
                        .map_err(|e| Error::io("start a flusher for", path, e))?,
                )
            }
        };
        Ok(AuditLog {
            path: path.to_path_buf(),
            key,
            durability,
            flusher,
            anchor,
            anchor_thread: Mutex::new(None),
            rotation: Rotation::default(),
            rotation_failure: Mutex::new(None),
            state: Mutex::new(Chain {
                file,
                next_seq,
                prev,
                len,
                head,
                broken: false,
                closed_pending: false,
                rotation_retry_at: None,
                segment_first,
                segment_since,
            }),
        })
    }

    /// Starts the thread that writes each durable head with `write` (to the database).
    /// `write` may take locks held by callers of [`AuditLog::append`]: appends never wait
    /// for it.
    pub fn anchor_with(&self, write: AnchorWriter) -> Result<()> {
        let mut slot = self.anchor_thread.lock().unwrap_or_else(|p| p.into_inner());
        if slot.is_none() {
            *slot = Some(
                self.anchor
                    .start(write)
                    .map_err(|e| Error::io("start the anchor writer for", &self.path, e))?,
            );
        }
        Ok(())
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
        // only advanced after a successful write.
        let mut chain = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if chain.broken {
            return Err(Error::AuditTailCorrupt {
                path: self.path.clone(),
                reason: AuditBreak::Malformed("an earlier append failed and was not rolled back"),
            });
        }
        // Rotation is best effort: a segment that cannot be closed (a disk error, a file
        // planted under its name) never costs an entry; the log keeps growing where it
        // is, the failure is reported, and the rotation is tried again a minute later.
        if self.rotation_due(&chain) {
            let result = self.rotate(&mut chain, &time);
            let mut failure = self
                .rotation_failure
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            match result {
                Ok(()) => {
                    chain.rotation_retry_at = None;
                    *failure = None;
                }
                Err(e) => {
                    chain.rotation_retry_at = Some(std::time::Instant::now() + ROTATION_RETRY);
                    *failure = Some(e.to_string());
                }
            }
        }
        self.write_entry(&mut chain, time, kind, fields)
    }

    /// Why closing a segment (or applying retention) last failed, while it does.
    pub fn rotation_failure(&self) -> Option<String> {
        self.rotation_failure
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Whether the active segment is due to be closed before the next entry.
    fn rotation_due(&self, chain: &Chain) -> bool {
        let r = &self.rotation;
        if chain
            .rotation_retry_at
            .is_some_and(|t| std::time::Instant::now() < t)
        {
            return false;
        }
        chain.closed_pending
            || chain.len > 0
                && ((r.max_bytes > 0 && chain.len >= r.max_bytes)
                    || r.max_age
                        .is_some_and(|age| chain.segment_since.elapsed().is_ok_and(|e| e >= age)))
    }

    /// Closes the active segment (fsynced, renamed `audit.log.<first seq>`), opens a new
    /// one that continues the chain, and applies retention.
    fn rotate(&self, chain: &mut Chain, time: &str) -> Result<()> {
        chain
            .file
            .sync_data()
            .map_err(|e| Error::io("fsync", &self.path, e))?;
        let dir = self.path.parent().filter(|d| !d.as_os_str().is_empty());
        if !chain.closed_pending {
            let closed = segments::closed_path(&self.path, chain.segment_first);
            if std::fs::symlink_metadata(&closed).is_ok() {
                return Err(Error::io(
                    "close the segment",
                    &closed,
                    std::io::Error::new(
                        std::io::ErrorKind::AlreadyExists,
                        "a file of that name exists (not written by this log)",
                    ),
                ));
            }
            std::fs::rename(&self.path, &closed)
                .map_err(|e| Error::io("close the segment", &self.path, e))?;
            // From here the open file is the closed segment: appends go on in it until
            // the next one exists.
            chain.closed_pending = true;
            if let Some(dir) = dir {
                fsync_dir(dir)?;
            }
        }
        let file = OpenOptions::new()
            .read(true)
            .append(true)
            .create_new(true)
            .mode(0o600)
            .open(&self.path)
            .map_err(|e| Error::io("open", &self.path, e))?;
        if let Some(dir) = dir {
            fsync_dir(dir)?;
        }
        if let Some(fl) = &self.flusher {
            let clone = file
                .try_clone()
                .map_err(|e| Error::io("open", &self.path, e))?;
            fl.lock().file = Some(std::sync::Arc::new(clone));
        }
        chain.file = file;
        chain.closed_pending = false;
        chain.len = 0;
        chain.segment_first = chain.next_seq;
        chain.segment_since = SystemTime::now();
        // Everything in the closed segment is durable now.
        if let Some(h) = chain.head {
            self.anchor.publish(h);
        }
        self.retain(chain, time)
    }

    /// Removes the oldest closed segments beyond `keep`, after recording (in a keyed,
    /// durable entry) where the kept log starts.
    fn retain(&self, chain: &mut Chain, time: &str) -> Result<()> {
        if self.rotation.keep == 0 {
            return Ok(());
        }
        let closed = segments::closed(&self.path)
            .map_err(|e| Error::io("list the segments of", &self.path, e))?;
        let excess = closed.len().saturating_sub(self.rotation.keep);
        if excess == 0 {
            return Ok(());
        }
        let (gone, kept) = closed.split_at(excess);
        // Only segments of this chain go, and only if the kept log still starts where
        // they end: every kept segment's first entry carries a MAC under our key and the
        // seq of its name, and the newest removed segment's last entry (MAC checked too)
        // is what the first kept one links to. Files planted among the segments make
        // retention refuse, never delete.
        let refuse = |p: &Path, why: &'static str| Error::AuditChainBroken {
            seq: 0,
            file: p.to_path_buf(),
            reason: AuditBreak::Malformed(why),
        };
        let mut first_kept = None;
        for (first, p) in kept {
            let f = File::open(p).map_err(|e| Error::io("open", p, e))?;
            let parsed = first_line(&f, p)?;
            parsed
                .check(&self.key)
                .map_err(|_| refuse(p, "retention refused: its first entry does not verify"))?;
            if parsed.entry.seq != *first {
                return Err(refuse(
                    p,
                    "retention refused: its name is not its first entry",
                ));
            }
            first_kept.get_or_insert((parsed.entry.seq, parsed.entry.prev.clone()));
        }
        let Some((first_seq, link)) = first_kept else {
            // `keep` ≥ 1 and there is an excess: a kept segment exists.
            return Ok(());
        };
        if let Some((_, newest_gone)) = gone.last() {
            let f = File::open(newest_gone).map_err(|e| Error::io("open", newest_gone, e))?;
            let last = verify::last_lines(&f, 1)
                .map_err(|e| Error::io("read", newest_gone, e))?
                .map_err(|_| refuse(newest_gone, "retention refused: its last line is damaged"))?;
            let parsed = last
                .last()
                .map(|l| line::parse(l))
                .transpose()
                .map_err(|_| refuse(newest_gone, "retention refused: its last line is damaged"))?
                .ok_or_else(|| refuse(newest_gone, "retention refused: it is empty"))?;
            parsed.check(&self.key).map_err(|_| {
                refuse(
                    newest_gone,
                    "retention refused: its last entry does not verify",
                )
            })?;
            if parsed.link != link || parsed.entry.seq.checked_add(1) != Some(first_seq) {
                return Err(refuse(
                    newest_gone,
                    "retention refused: the kept segments do not continue it",
                ));
            }
        }
        let files: Vec<String> = gone.iter().map(|(_, p)| p.display().to_string()).collect();
        self.write_entry(
            chain,
            time.to_string(),
            segments::REMOVED_KIND,
            serde_json::json!({"through": first_seq - 1, "link": link, "files": files}),
        )?;
        chain
            .file
            .sync_data()
            .map_err(|e| Error::io("fsync", &self.path, e))?;
        for (_, p) in gone {
            std::fs::remove_file(p).map_err(|e| Error::io("remove the old segment", p, e))?;
        }
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fsync_dir(dir)?;
        }
        Ok(())
    }

    /// Formats, writes and (per the durability) fsyncs one entry; the chain advances only
    /// when the write succeeded.
    fn write_entry(
        &self,
        chain: &mut Chain,
        time: String,
        kind: &str,
        fields: Value,
    ) -> Result<AuditEntry> {
        let f = line::format(
            &self.key,
            chain.next_seq,
            time,
            kind,
            fields,
            chain.prev.clone(),
        )
        .map_err(|source| Error::Encode {
            what: "audit entry",
            source,
        })?;
        let mut bytes = f.line.into_bytes();
        bytes.push(b'\n');

        if let Some(fl) = &self.flusher {
            if let Some(e) = fl.lock().failed.take() {
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
        chain.next_seq += 1;
        chain.len += bytes.len() as u64;
        chain.prev = hex::encode(f.head.mac);
        chain.head = Some(f.head);
        match &self.flusher {
            None => self.anchor.publish(f.head),
            Some(fl) => {
                let mut st = fl.lock();
                st.dirty = true;
                st.written = Some(f.head);
                fl.shared.1.notify_all();
            }
        }
        Ok(f.entry)
    }

    /// Copies the log into `dir` (every closed segment, then the active one up to the
    /// entries this log has written), each file fsynced; returns the files written.
    /// Appends wait only while the active segment is copied.
    pub fn copy_into(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        self.sync()?;
        let mut written = Vec::new();
        let copy_closed = |written: &mut Vec<PathBuf>| -> Result<()> {
            let closed = segments::closed(&self.path)
                .map_err(|e| Error::io("list the segments of", &self.path, e))?;
            for (_, p) in closed {
                let to = dir.join(p.file_name().unwrap_or_default());
                if !written.contains(&to) {
                    copy_prefix(&p, &to, None)?;
                    written.push(to);
                }
            }
            Ok(())
        };
        // Closed segments never change: copied without holding up appends.
        copy_closed(&mut written)?;
        let chain = self.state.lock().unwrap_or_else(|p| p.into_inner());
        // Any closed since, then the active segment as far as whole entries go.
        copy_closed(&mut written)?;
        let to = dir.join(self.path.file_name().unwrap_or_default());
        copy_prefix(&self.path, &to, Some(chain.len))?;
        drop(chain);
        written.push(to);
        fsync_dir(dir)?;
        Ok(written)
    }

    /// Sets when the active segment is closed and how many closed segments are kept.
    pub fn set_rotation(&mut self, rotation: Rotation) {
        self.rotation = rotation;
    }

    /// Fsyncs every entry appended so far (and publishes the newest to the anchor).
    pub fn sync(&self) -> Result<Option<Head>> {
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
        synced.map_err(|e| Error::io("fsync", &self.path, e))?;
        if let Some(h) = chain.head {
            self.anchor.publish(h);
        }
        Ok(chain.head)
    }

    /// [`AuditLog::sync`], then waits until the anchor writer has written the newest
    /// head. Must not be called while holding anything the writer takes.
    pub fn sync_anchored(&self) -> Result<()> {
        match self.sync()? {
            Some(h) => self
                .anchor
                .wait_for(h)
                .map_err(|detail| Error::AuditAnchor { detail }),
            None => Ok(()),
        }
    }

    /// The head the anchor writer last wrote (or the one the log was opened with).
    pub fn anchored(&self) -> Option<Head> {
        self.anchor.anchored()
    }

    /// Why the anchor writer is failing, while it is (it retries; entries are still
    /// appended, and `verify` cannot see a cut of the entries after the anchor).
    pub fn anchor_failure(&self) -> Option<String> {
        self.anchor.failure()
    }

    /// Verifies this log's file as [`verify`] does, up to the entries this log has
    /// written (so an append under way is not read half-written).
    pub fn verify(&self, anchored: Option<Head>) -> Result<VerifyReport> {
        // A segment closed while we read moves bytes out of the active file: read again.
        let mut attempt = 0;
        let report = loop {
            let (len, first) = {
                let c = self.state.lock().unwrap_or_else(|p| p.into_inner());
                (c.len, c.segment_first)
            };
            let r = verify::verify_upto(&self.path, &self.key, anchored, Some(len));
            let moved = self
                .state
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .segment_first
                != first;
            attempt += 1;
            if !moved || attempt == 3 {
                break r?;
            }
        };
        // What was appended while we read is ours; anything else in the file is not.
        let chain = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let size = chain
            .file
            .metadata()
            .map_err(|e| Error::io("inspect", &self.path, e))?
            .len();
        if size > chain.len {
            return Err(Error::AuditChainBroken {
                seq: chain.next_seq,
                file: self.path.clone(),
                reason: AuditBreak::Malformed("bytes after the last entry this node wrote"),
            });
        }
        if size < chain.len {
            return Err(Error::AuditTruncated {
                path: self.path.clone(),
                last: report.entries,
                how: format!(
                    "the running node wrote {} bytes; the file holds {size}",
                    chain.len
                ),
            });
        }
        Ok(report)
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

impl Drop for AuditLog {
    /// Syncs what is pending, lets the anchor writer write it, and ends both threads.
    fn drop(&mut self) {
        drop(self.flusher.take());
        self.anchor.stop();
        let thread = self
            .anchor_thread
            .get_mut()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(t) = thread {
            let _ = t.join();
        }
    }
}

/// Copies `from` (its first `len` bytes, or all of it) to a new file `to` (mode 0600),
/// fsynced.
fn copy_prefix(from: &Path, to: &Path, len: Option<u64>) -> Result<()> {
    let src = File::open(from).map_err(|e| Error::io("open", from, e))?;
    let mut dst = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(to)
        .map_err(|e| Error::io("create", to, e))?;
    let mut src = std::io::Read::take(src, len.unwrap_or(u64::MAX));
    std::io::copy(&mut src, &mut dst).map_err(|e| Error::io("copy", from, e))?;
    dst.sync_all().map_err(|e| Error::io("fsync", to, e))
}

/// How long after a failed rotation the next attempt waits.
const ROTATION_RETRY: Duration = Duration::from_secs(60);

/// The first line of the file at `path`, parsed.
fn first_line(file: &File, path: &Path) -> Result<line::Parsed> {
    let mut reader =
        std::io::BufReader::new(file.try_clone().map_err(|e| Error::io("open", path, e))?);
    std::io::Seek::seek(&mut reader, std::io::SeekFrom::Start(0))
        .map_err(|e| Error::io("read", path, e))?;
    let mut line = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(&mut reader, verify::MAX_FIRST_LINE),
        &mut line,
    )
    .map_err(|e| Error::io("read", path, e))?;
    let end = line.iter().position(|&b| b == b'\n').unwrap_or(line.len());
    line::parse(&line[..end]).map_err(|reason| Error::AuditTailCorrupt {
        path: path.to_path_buf(),
        reason,
    })
}

/// The seq and time of the first entry of the non-empty file at `path`.
fn first_entry(file: &File, path: &Path) -> Result<(u64, SystemTime)> {
    let parsed = first_line(file, path)?;
    let since = OffsetDateTime::parse(&parsed.entry.time, &Rfc3339)
        .map(SystemTime::from)
        .unwrap_or_else(|_| SystemTime::now());
    Ok((parsed.entry.seq, since))
}

/// Moves the log at `path` aside (kept as evidence, never deleted) and makes the move
/// durable; `None` if there is no log. A log of one file becomes
/// `audit.log.altered-<suffix>`; a log with closed segments moves, every file of it, into
/// the directory `audit.log.altered-<suffix>/`.
pub fn set_aside(path: &Path, suffix: u64) -> Result<Option<PathBuf>> {
    let closed = segments::closed(path).map_err(|e| Error::io("list the segments of", path, e))?;
    if !path.exists() && closed.is_empty() {
        return Ok(None);
    }
    let kept = path.with_file_name(format!("audit.log.altered-{suffix}"));
    if closed.is_empty() {
        std::fs::rename(path, &kept).map_err(|e| Error::io("move aside", path, e))?;
    } else {
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(&kept)
            .map_err(|e| Error::io("create", &kept, e))?;
        let mut files: Vec<PathBuf> = closed.into_iter().map(|(_, p)| p).collect();
        if path.exists() {
            files.push(path.to_path_buf());
        }
        for f in files {
            let to = kept.join(f.file_name().unwrap_or_default());
            std::fs::rename(&f, &to).map_err(|e| Error::io("move aside", &f, e))?;
        }
        fsync_dir(&kept)?;
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fsync_dir(dir)?;
    }
    Ok(Some(kept))
}

/// `time` as an RFC 3339 UTC timestamp in milliseconds (`2026-12-06T13:20:00.123Z`),
/// the format the node uses everywhere.
pub(crate) fn rfc3339(time: SystemTime) -> Result<String> {
    let fmt = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    );
    OffsetDateTime::from(time)
        .to_offset(time::UtcOffset::UTC)
        .format(&fmt)
        .map_err(|_| Error::TimeOutOfRange)
}

/// Now, as an RFC 3339 UTC timestamp.
pub(crate) fn now_rfc3339() -> Result<String> {
    rfc3339(SystemTime::now())
}

#[cfg(test)]
mod tests;
