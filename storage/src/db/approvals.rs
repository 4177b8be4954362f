//! Approval requests and standing grants, stored as JSON documents whose schema the
//! node crate owns (protected by SQLCipher like every other row). This module only
//! stores, lists and deletes them.

use rusqlite::params;

use super::Database;
use crate::error::Result;

/// One stored approval request: its id, state and JSON body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestRow {
    /// 32 hex digits.
    pub id: String,
    /// Unix ms.
    pub created_ms: u64,
    /// `pending`, `approved`, `denied`, `expired` or `cancelled`.
    pub state: String,
    /// The request as JSON.
    pub body: String,
}

/// One stored grant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GrantRow {
    /// 32 hex digits.
    pub id: String,
    /// The caller it covers.
    pub caller_did: String,
    /// Unix ms.
    pub expires_ms: u64,
    /// The grant as JSON.
    pub body: String,
}

/// Requests kept after they were decided (the newest; older ones are pruned).
pub const KEEP_DECIDED: usize = 1000;

impl Database {
    /// Inserts or replaces a request, and prunes decided requests beyond
    /// [`KEEP_DECIDED`], in one transaction.
    pub fn approval_put(&mut self, r: &RequestRow) -> Result<()> {
        let run = |conn: &mut rusqlite::Connection| -> rusqlite::Result<()> {
            let tx = conn.transaction()?;
            tx.execute(
                "INSERT INTO approval_requests (id, created_ms, state, body) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(id) DO UPDATE SET state = excluded.state, body = excluded.body",
                params![r.id, r.created_ms as i64, r.state, r.body],
            )?;
            tx.execute(
                "DELETE FROM approval_requests WHERE state != 'pending' AND id NOT IN
                   (SELECT id FROM approval_requests WHERE state != 'pending'
                    ORDER BY created_ms DESC LIMIT ?1)",
                params![KEEP_DECIDED as i64],
            )?;
            tx.commit()
        };
        run(&mut self.conn).map_err(|e| self.err(e))
    }

    /// Every stored request, oldest first.
    pub fn approval_list(&mut self) -> Result<Vec<RequestRow>> {
        let err = |e| self.err(e);
        let mut st = self
            .conn
            .prepare(
                "SELECT id, created_ms, state, body FROM approval_requests ORDER BY created_ms, id",
            )
            .map_err(err)?;
        let rows = st
            .query_map([], |r| {
                Ok(RequestRow {
                    id: r.get(0)?,
                    created_ms: r.get::<_, i64>(1)? as u64,
                    state: r.get(2)?,
                    body: r.get(3)?,
                })
            })
            .map_err(err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(err)?;
        Ok(rows)
    }

    /// One stored request.
    pub fn approval_get(&mut self, id: &str) -> Result<Option<RequestRow>> {
        let r = self.conn.query_row(
            "SELECT id, created_ms, state, body FROM approval_requests WHERE id = ?1",
            params![id],
            |r| {
                Ok(RequestRow {
                    id: r.get(0)?,
                    created_ms: r.get::<_, i64>(1)? as u64,
                    state: r.get(2)?,
                    body: r.get(3)?,
                })
            },
        );
        match r {
            Ok(row) => Ok(Some(row)),
            Err(rusqlite::Error::QueryReturnedNoRows) => Ok(None),
            Err(e) => Err(self.err(e)),
        }
    }

    /// Replaces the body of a grant that is still there; `false` when it is gone
    /// (revoked meanwhile: it must not come back).
    pub fn grant_update(&mut self, g: &GrantRow) -> Result<bool> {
        self.conn
            .execute(
                "UPDATE approval_grants SET body = ?2 WHERE id = ?1",
                params![g.id, g.body],
            )
            .map(|n| n == 1)
            .map_err(|e| self.err(e))
    }

    /// Inserts or replaces a grant.
    pub fn grant_put(&mut self, g: &GrantRow) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO approval_grants (id, caller_did, expires_ms, body) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(id) DO UPDATE SET expires_ms = excluded.expires_ms, body = excluded.body",
                params![g.id, g.caller_did, g.expires_ms as i64, g.body],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// Every stored grant.
    pub fn grant_list(&mut self) -> Result<Vec<GrantRow>> {
        let err = |e| self.err(e);
        let mut st = self
            .conn
            .prepare("SELECT id, caller_did, expires_ms, body FROM approval_grants ORDER BY expires_ms, id")
            .map_err(err)?;
        let rows = st
            .query_map([], |r| {
                Ok(GrantRow {
                    id: r.get(0)?,
                    caller_did: r.get(1)?,
                    expires_ms: r.get::<_, i64>(2)? as u64,
                    body: r.get(3)?,
                })
            })
            .map_err(err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(err)?;
        Ok(rows)
    }

    /// Removes one grant; `false` if there was none.
    pub fn grant_remove(&mut self, id: &str) -> Result<bool> {
        self.conn
            .execute("DELETE FROM approval_grants WHERE id = ?1", params![id])
            .map(|n| n > 0)
            .map_err(|e| self.err(e))
    }

    /// Removes every grant of `caller_did`; returns how many went.
    pub fn grant_remove_for(&mut self, caller_did: &str) -> Result<usize> {
        self.conn
            .execute(
                "DELETE FROM approval_grants WHERE caller_did = ?1",
                params![caller_did],
            )
            .map_err(|e| self.err(e))
    }
}
