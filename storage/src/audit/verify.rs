//! Reading the log back: [`verify`] walks the whole chain against the key and the
//! anchor; [`tail`] returns the last entries without the key.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use crate::crypto::Key32;
use crate::error::{AuditBreak, Error, Result};

use super::line::{self, AuditEntry, Head, GENESIS_PREV};
use super::segments;
use super::TAIL_CHUNK;

/// What [`verify`] found in a log whose chain is intact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct VerifyReport {
    /// Number of entries checked.
    pub entries: u64,
    /// How many of them, from the first, are unkeyed (written before keyed chains).
    pub unkeyed: u64,
    /// The entry the database anchors (`None`: nothing anchored yet).
    pub anchored: Option<u64>,
    /// Files checked: the closed segments and the active one.
    pub segments: u64,
}

/// Checks the whole log at `path` (its closed segments, then the active file): every
/// entry's sequence number, link and MAC under `key`, and that the entry `anchor` names
/// is there, unchanged.
///
/// Fails with [`Error::AuditMissing`] if there is no log, [`Error::AuditTruncated`] if
/// it ends before the anchored entry or in an incomplete line, and
/// [`Error::AuditChainBroken`] naming the first entry (and its file) that was modified,
/// forged, removed, reordered or rewritten, or the segments missing before the first.
pub fn verify(path: &Path, key: &Key32, anchor: Option<Head>) -> Result<VerifyReport> {
    verify_upto(path, key, anchor, None)
}

/// Where a walk over the segments stands.
struct Walk {
    /// The sequence number the next entry must carry (`None`: no entry read yet).
    expected: Option<u64>,
    prev: String,
    unkeyed: u64,
    keyed: bool,
    /// Where the oldest file starts, when that is not entry 1: (seq, its `prev`).
    start: Option<(u64, String)>,
    /// Retention records seen: (last removed seq, link of the first kept entry).
    removed: Vec<(u64, String)>,
    segments: u64,
}

/// [`verify`], reading only the first `upto` bytes of the active file, which a running
/// log says it wrote in whole entries (appends after that are not read, so none is
/// seen half-written).
pub(super) fn verify_upto(
    path: &Path,
    key: &Key32,
    anchor: Option<Head>,
    upto: Option<u64>,
) -> Result<VerifyReport> {
    let closed = segments::closed(path).map_err(|e| Error::io("list the segments of", path, e))?;
    let active = match File::open(path) {
        Ok(f) => Some(f),
        // Only the active file missing (a stop between closing a segment and creating
        // the next): an empty active segment; the anchor tells whether entries are gone.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !closed.is_empty() => None,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::AuditMissing {
                path: path.to_path_buf(),
                anchored: anchor.map(|h| h.seq),
            })
        }
        Err(e) => return Err(Error::io("open", path, e)),
    };
    let mut walk = Walk {
        expected: None,
        prev: GENESIS_PREV.to_owned(),
        unkeyed: 0,
        keyed: false,
        start: None,
        removed: Vec::new(),
        segments: closed.len() as u64,
    };
    for (first, seg) in &closed {
        let file = File::open(seg).map_err(|e| Error::io("open", seg, e))?;
        let before = walk.expected;
        walk_file(&mut walk, file, seg, key, anchor)?;
        let opened_at = before.unwrap_or(*first);
        if walk.expected == before {
            return Err(Error::AuditChainBroken {
                seq: opened_at,
                file: seg.clone(),
                reason: AuditBreak::Malformed("a closed segment holds no entry"),
            });
        }
    }
    let mut read = 0;
    if let Some(f) = active {
        read = walk_file(
            &mut walk,
            f.take(upto.unwrap_or(u64::MAX)),
            path,
            key,
            anchor,
        )?;
    }
    let last = walk.expected.map_or(0, |e| e - 1);
    if let Some((first, link)) = &walk.start {
        let vouched = walk
            .removed
            .iter()
            .any(|(through, l)| through.checked_add(1) == Some(*first) && l == link);
        if !vouched {
            let file = closed
                .first()
                .map_or_else(|| path.to_path_buf(), |(_, p)| p.clone());
            return Err(Error::AuditChainBroken {
                seq: *first,
                file,
                reason: AuditBreak::Malformed(
                    "the log starts here and no retention record vouches for the entries before",
                ),
            });
        }
    }
    if let Some(a) = anchor.filter(|a| a.seq > last) {
        return Err(Error::AuditTruncated {
            path: path.to_path_buf(),
            last,
            how: format!("entry {} was written and anchored in the database", a.seq),
        });
    }
    if let Some(upto) = upto.filter(|&u| read < u) {
        return Err(Error::AuditTruncated {
            path: path.to_path_buf(),
            last,
            how: format!("the running node wrote {upto} bytes; the file holds {read}"),
        });
    }
    Ok(VerifyReport {
        entries: last,
        unkeyed: walk.unkeyed,
        anchored: anchor.map(|a| a.seq),
        segments: walk.segments + 1,
    })
}

/// Checks the entries of one file, continuing `walk`; returns the bytes read.
fn walk_file(
    walk: &mut Walk,
    file: impl Read,
    path: &Path,
    key: &Key32,
    anchor: Option<Head>,
) -> Result<u64> {
    let mut reader = BufReader::new(file);
    let mut read = 0u64;
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| Error::io("read", path, e))?;
        read += n as u64;
        if n == 0 {
            break;
        }
        let here = walk.expected.unwrap_or(1);
        let broken = |reason| Error::AuditChainBroken {
            seq: here,
            file: path.to_path_buf(),
            reason,
        };
        let Some(content) = line.strip_suffix(b"\n") else {
            return Err(Error::AuditTruncated {
                path: path.to_path_buf(),
                last: here - 1,
                how: "the last line is incomplete".into(),
            });
        };
        let parsed = line::parse(content).map_err(broken)?;
        let entry = &parsed.entry;
        if walk.expected.is_none() && entry.seq != 1 {
            // The oldest file does not start the chain: retention must vouch for it.
            walk.start = Some((entry.seq, entry.prev.clone()));
            walk.expected = Some(entry.seq);
            walk.prev = entry.prev.clone();
        }
        let expected = walk.expected.unwrap_or(1);
        if entry.seq != expected {
            return Err(broken(AuditBreak::SeqMismatch {
                expected,
                found: entry.seq,
            }));
        }
        if entry.prev != walk.prev {
            return Err(broken(AuditBreak::PrevMismatch));
        }
        parsed.check(key).map_err(broken)?;
        if parsed.keyed() {
            walk.keyed = true;
            if entry.kind == segments::REMOVED_KIND {
                if let (Some(t), Some(l)) = (
                    entry.fields["through"].as_u64(),
                    entry.fields["link"].as_str(),
                ) {
                    walk.removed.push((t, l.to_string()));
                }
            }
        } else if walk.keyed {
            return Err(broken(AuditBreak::Downgrade));
        } else {
            walk.unkeyed += 1;
        }
        if let Some(a) = anchor.filter(|a| a.seq == expected) {
            if parsed.head() != Some(a) {
                return Err(broken(AuditBreak::AnchorMismatch));
            }
        }
        walk.prev = parsed.link;
        walk.expected = Some(expected + 1);
    }
    Ok(read)
}

/// Returns the last `n` entries of the log at `path`, oldest first. Unkeyed entries are
/// checked against their hash; keyed ones are only parsed (their MAC needs the key:
/// use [`verify`]).
pub fn tail(path: &Path, n: usize) -> Result<Vec<AuditEntry>> {
    // The newest file first, then older segments while fewer than `n` were found.
    let mut files =
        segments::files(path).map_err(|e| Error::io("list the segments of", path, e))?;
    files.retain(|f| f != path || f.exists());
    if files.is_empty() {
        return Err(Error::io(
            "open",
            path,
            std::io::Error::from(std::io::ErrorKind::NotFound),
        ));
    }
    let mut out: Vec<AuditEntry> = Vec::new();
    for f in files.iter().rev() {
        if out.len() >= n {
            break;
        }
        let file = File::open(f).map_err(|e| Error::io("open", f, e))?;
        let tail_err = |reason| Error::AuditTailCorrupt {
            path: f.clone(),
            reason,
        };
        let lines = last_lines(&file, n - out.len())
            .map_err(|e| Error::io("read", f, e))?
            .map_err(tail_err)?;
        let mut older = lines
            .iter()
            .map(|l| line::parse(l).map(|p| p.entry).map_err(tail_err))
            .collect::<Result<Vec<_>>>()?;
        older.append(&mut out);
        out = older;
    }
    Ok(out)
}

/// What is read at most of a file's first line (an entry is a few hundred bytes).
pub(super) const MAX_FIRST_LINE: u64 = 1 << 20;

/// What [`last_lines`] reads back at most per line asked for: entries are a few hundred
/// bytes, and a crafted multi-gigabyte last line must not stall `run` or `tail`.
const MAX_LINE_READ: u64 = 1 << 20;

/// The lines [`last_lines`] found, or why the tail is unusable.
pub(super) type LastLines = std::result::Result<Vec<Vec<u8>>, AuditBreak>;

/// Reads backwards from the end and returns the last `n` lines (without newlines), oldest
/// first. Fails with [`AuditBreak::Malformed`] if the file does not end in a newline,
/// i.e. an append was cut short.
pub(super) fn last_lines(file: &File, n: usize) -> std::io::Result<LastLines> {
    use std::os::unix::fs::FileExt;
    let len = file.metadata()?.len();
    let mut start = len;
    let mut buf: Vec<u8> = Vec::new();
    while start > 0 && buf.iter().filter(|&&b| b == b'\n').count() <= n {
        if buf.len() as u64 > MAX_LINE_READ.saturating_mul(n as u64 + 1) {
            return Ok(Err(AuditBreak::Malformed(
                "last lines longer than 1 MiB each: not audit entries",
            )));
        }
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
