//! The audit log's anchor: the newest durable entry's sequence number and MAC, kept
//! here (encrypted, beyond the reach of whoever can edit `audit.log`) so a cut tail is
//! detected. One row; it only moves forward.

use rusqlite::{params, OptionalExtension};

use super::Database;
use crate::audit::Head;
use crate::error::{Error, Result};

impl Database {
    /// The anchored head, if any entry was ever anchored.
    pub fn audit_anchor(&self) -> Result<Option<Head>> {
        let row: Option<(i64, Vec<u8>)> = self
            .conn
            .query_row("SELECT seq, mac FROM audit_anchor WHERE id = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()
            .map_err(|e| self.err(e))?;
        let Some((seq, mac)) = row else {
            return Ok(None);
        };
        let bad = |what: &str| Error::Database {
            path: self.path.clone(),
            detail: format!("audit_anchor: {what}"),
        };
        Ok(Some(Head {
            seq: u64::try_from(seq).map_err(|_| bad("negative seq"))?,
            mac: mac.try_into().map_err(|_| bad("mac is not 32 bytes"))?,
        }))
    }

    /// Forgets the anchor, for a new log started by `audit restart` (whose first entry
    /// records the old anchor).
    pub fn clear_audit_anchor(&self) -> Result<()> {
        self.conn
            .execute("DELETE FROM audit_anchor", [])
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Records `head` as the anchor unless a newer one is already recorded.
    pub fn set_audit_anchor(&self, head: Head, now_ms: u64) -> Result<()> {
        let seq = i64::try_from(head.seq).map_err(|_| Error::Database {
            path: self.path.clone(),
            detail: format!("audit_anchor: seq {} out of range", head.seq),
        })?;
        self.conn
            .execute(
                "INSERT INTO audit_anchor (id, seq, mac, updated_ms) VALUES (1, ?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, mac = excluded.mac,
                     updated_ms = excluded.updated_ms
                 WHERE excluded.seq > audit_anchor.seq",
                params![seq, &head.mac[..], now_ms as i64],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}
