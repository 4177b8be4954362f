//! Reading the log back: [`verify`] walks the whole chain against the key and the
//! anchor; [`tail`] returns the last entries without the key.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use crate::crypto::Key32;
use crate::error::{AuditBreak, Error, Result};

use super::line::{self, AuditEntry, Head, GENESIS_PREV};
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
}

/// Checks the whole log at `path`: every entry's sequence number, link and MAC under
/// `key`, and that the entry `anchor` names is there, unchanged.
///
/// Fails with [`Error::AuditMissing`] if the file is gone, [`Error::AuditTruncated`] if
/// it ends before the anchored entry or in an incomplete line, and
/// [`Error::AuditChainBroken`] naming the first entry that was modified, forged,
/// removed, reordered or rewritten.
pub fn verify(path: &Path, key: &Key32, anchor: Option<Head>) -> Result<VerifyReport> {
    verify_upto(path, key, anchor, None)
}

/// [`verify`] of the first `upto` bytes, which a running log says it wrote in whole
/// entries (appends after that are not read, so none is seen half-written).
pub(super) fn verify_upto(
    path: &Path,
    key: &Key32,
    anchor: Option<Head>,
    upto: Option<u64>,
) -> Result<VerifyReport> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::AuditMissing {
                path: path.to_path_buf(),
                anchored: anchor.map(|h| h.seq),
            })
        }
        Err(e) => return Err(Error::io("open", path, e)),
    };
    let mut reader = BufReader::new(file.take(upto.unwrap_or(u64::MAX)));
    let mut expected_seq = 1u64;
    let mut prev = GENESIS_PREV.to_owned();
    let (mut unkeyed, mut keyed) = (0u64, false);
    let mut read = 0u64;
    let mut line = Vec::new();
    let truncated = |last: u64, how: String| Error::AuditTruncated {
        path: path.to_path_buf(),
        last,
        how,
    };
    loop {
        line.clear();
        let n = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| Error::io("read", path, e))?;
        read += n as u64;
        if n == 0 {
            break;
        }
        let broken = |reason| Error::AuditChainBroken {
            seq: expected_seq,
            reason,
        };
        let Some(content) = line.strip_suffix(b"\n") else {
            return Err(truncated(
                expected_seq - 1,
                "the last line is incomplete".into(),
            ));
        };
        let parsed = line::parse(content).map_err(broken)?;
        let entry = &parsed.entry;
        if entry.seq != expected_seq {
            return Err(broken(AuditBreak::SeqMismatch {
                expected: expected_seq,
                found: entry.seq,
            }));
        }
        if entry.prev != prev {
            return Err(broken(AuditBreak::PrevMismatch));
        }
        parsed.check(key).map_err(broken)?;
        if parsed.keyed() {
            keyed = true;
        } else if keyed {
            return Err(broken(AuditBreak::Downgrade));
        } else {
            unkeyed += 1;
        }
        if let Some(a) = anchor.filter(|a| a.seq == expected_seq) {
            if parsed.head() != Some(a) {
                return Err(broken(AuditBreak::AnchorMismatch));
            }
        }
        prev = parsed.link;
        expected_seq += 1;
    }
    let last = expected_seq - 1;
    if let Some(a) = anchor.filter(|a| a.seq > last) {
        return Err(truncated(
            last,
            format!("entry {} was written and anchored in the database", a.seq),
        ));
    }
    if let Some(upto) = upto.filter(|&u| read < u) {
        return Err(truncated(
            last,
            format!("the running node wrote {upto} bytes; the file holds {read}"),
        ));
    }
    Ok(VerifyReport {
        entries: last,
        unkeyed,
        anchored: anchor.map(|a| a.seq),
    })
}

/// Returns the last `n` entries of the log at `path`, oldest first. Unkeyed entries are
/// checked against their hash; keyed ones are only parsed (their MAC needs the key:
/// use [`verify`]).
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
        .map(|l| line::parse(l).map(|p| p.entry).map_err(tail_err))
        .collect()
}

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
