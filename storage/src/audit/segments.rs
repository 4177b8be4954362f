//! Segments: a log that lives for years is split into files. `audit.log` is the active
//! segment; when it reaches the size or age limit it is renamed `audit.log.<first seq>`
//! (closed) and a new `audit.log` continues the same chain: its first entry's `seq`
//! follows the closed segment's last and its `prev` is that entry's MAC. Verifying the
//! log is verifying the segments in order as one chain.
//!
//! Retention removes the oldest closed segments beyond a count. Before it does, the log
//! records what goes (`audit_segments_removed`: the last removed `seq` and the link the
//! first kept entry carries); a log whose oldest file does not start at entry 1 verifies
//! only if such a keyed record vouches for its start, so deleting segments by hand is
//! detected like any other cut.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// When the active segment is closed, and how many closed segments are kept.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rotation {
    /// Close the active segment once it holds this many bytes (0: never for size).
    pub max_bytes: u64,
    /// Close it once its first entry is this old (`None`: never for age).
    pub max_age: Option<Duration>,
    /// Closed segments kept; older ones are removed (0: keep all).
    pub keep: usize,
}

/// The kind of the entry that records a retention removal.
pub const REMOVED_KIND: &str = "audit_segments_removed";

/// The closed segment that starts at `first_seq`, beside the active log at `active`.
pub fn closed_path(active: &Path, first_seq: u64) -> PathBuf {
    let name = active
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "audit.log".into());
    active.with_file_name(format!("{name}.{first_seq}"))
}

/// The closed segments beside `active`, by first sequence number. Files set aside by
/// `audit restart` (`audit.log.altered-…`) are not segments.
pub fn closed(active: &Path) -> std::io::Result<Vec<(u64, PathBuf)>> {
    let Some(dir) = active.parent() else {
        return Ok(Vec::new());
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!(
        "{}.",
        active
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    );
    let mut found = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(found),
        Err(e) => return Err(e),
    };
    for e in entries {
        let e = e?;
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(digits) = name.strip_prefix(&prefix) else {
            continue;
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if let Ok(first) = digits.parse::<u64>() {
            found.push((first, e.path()));
        }
    }
    found.sort();
    Ok(found)
}

/// Every file of the log, oldest first: the closed segments, then the active one.
pub fn files(active: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> = closed(active)?.into_iter().map(|(_, p)| p).collect();
    v.push(active.to_path_buf());
    Ok(v)
}
