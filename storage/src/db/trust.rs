//! Trust-store rows: trusted peers and blocks. The node's trust policy lives in the node
//! crate; this module only stores and loads its rows (protected by SQLCipher).

use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::Database;
use crate::error::{Error, Result};

/// One trusted peer as stored.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct PeerRow {
    /// Agent DID.
    pub did: String,
    /// Operator's label.
    pub name: Option<String>,
    /// Addresses to dial.
    pub addrs: Vec<String>,
    /// Tool patterns it may invoke.
    pub tools: Vec<String>,
    /// When it was added (Unix ms).
    pub added_ms: u64,
}

/// Where a trusted peer was last reached directly: tried first after a restart.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct KnownAddrs {
    /// Agent DID (a trusted peer).
    pub did: String,
    /// The PeerId its handshake proved.
    pub peer_id: String,
    /// Multiaddrs (no `/p2p/`), newest first.
    pub addrs: Vec<String>,
    /// When they were recorded (Unix ms).
    pub updated_ms: u64,
}

/// One block as stored.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct BlockRow {
    /// Blocked DID.
    pub did: String,
    /// End of the block (Unix ms); `None`: permanent.
    pub until_ms: Option<u64>,
    /// Why.
    pub reason: String,
    /// When it started (Unix ms).
    pub since_ms: u64,
}

impl Database {
    /// Every trusted peer and every block.
    pub fn trust_load(&mut self) -> Result<(Vec<PeerRow>, Vec<BlockRow>)> {
        let err = |e| self.err(e);
        let json_err = |what: &str, e: serde_json::Error| Error::Database {
            path: self.path.clone(),
            detail: format!("trusted_peers.{what}: {e}"),
        };
        let conn = &self.conn;
        let mut st = conn
            .prepare("SELECT did, name, addrs, tools, added_ms FROM trusted_peers ORDER BY added_ms, did")
            .map_err(err)?;
        let raw = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                ))
            })
            .map_err(err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(err)?;
        let mut peers = Vec::with_capacity(raw.len());
        for (did, name, addrs, tools, added) in raw {
            peers.push(PeerRow {
                did,
                name,
                addrs: serde_json::from_str(&addrs).map_err(|e| json_err("addrs", e))?,
                tools: serde_json::from_str(&tools).map_err(|e| json_err("tools", e))?,
                added_ms: added as u64,
            });
        }
        let mut st = conn
            .prepare("SELECT did, until_ms, reason, since_ms FROM blocks ORDER BY since_ms, did")
            .map_err(err)?;
        let blocks = st
            .query_map([], |r| {
                Ok(BlockRow {
                    did: r.get(0)?,
                    until_ms: r.get::<_, Option<i64>>(1)?.map(|v| v as u64),
                    reason: r.get(2)?,
                    since_ms: r.get::<_, i64>(3)? as u64,
                })
            })
            .map_err(err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(err)?;
        Ok((peers, blocks))
    }

    /// Adds or replaces a peer and lifts any block on it, in one transaction.
    pub fn trust_put_peer(&mut self, p: &PeerRow) -> Result<()> {
        let (addrs, tools) = encode_lists(p)?;
        self.write(|tx| {
            tx.execute("DELETE FROM blocks WHERE did = ?1", params![p.did])?;
            tx.execute(
                "INSERT INTO trusted_peers (did, name, addrs, tools, added_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(did) DO UPDATE SET name = excluded.name,
                   addrs = excluded.addrs, tools = excluded.tools",
                params![p.did, p.name, addrs, tools, p.added_ms as i64],
            )?;
            Ok(())
        })
    }

    /// Changes a trusted peer's name, addresses and tools, leaving any block on it in
    /// force (`trust set` is not a decision to trust again). Returns whether the peer
    /// was trusted.
    pub fn trust_update_peer(&mut self, p: &PeerRow) -> Result<bool> {
        let (addrs, tools) = encode_lists(p)?;
        let mut changed = 0;
        self.write(|tx| {
            changed = tx.execute(
                "UPDATE trusted_peers SET name = ?2, addrs = ?3, tools = ?4 WHERE did = ?1",
                params![p.did, p.name, addrs, tools],
            )?;
            Ok(())
        })?;
        Ok(changed == 1)
    }

    /// Removes a peer (if trusted) and its last-known addresses and puts `block` in
    /// force, in one transaction.
    pub fn trust_remove_peer(&mut self, did: &str, block: Option<&BlockRow>) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM trusted_peers WHERE did = ?1", params![did])?;
            tx.execute("DELETE FROM known_addrs WHERE did = ?1", params![did])?;
            if let Some(b) = block {
                put_block(tx, b)?;
            }
            Ok(())
        })
    }

    /// Puts a block in force (replacing any on the same DID).
    pub fn trust_put_block(&mut self, b: &BlockRow) -> Result<()> {
        self.write(|tx| put_block(tx, b))
    }

    /// Lifts the block on `did`; `false` if there was none.
    pub fn trust_remove_block(&mut self, did: &str) -> Result<bool> {
        let mut n = 0;
        self.write(|tx| {
            n = tx.execute("DELETE FROM blocks WHERE did = ?1", params![did])?;
            Ok(())
        })?;
        Ok(n > 0)
    }

    /// Every trusted peer's last-known good addresses.
    pub fn known_addrs_load(&mut self) -> Result<Vec<KnownAddrs>> {
        let err = |e| self.err(e);
        let mut st = self
            .conn
            .prepare("SELECT did, peer_id, addrs, updated_ms FROM known_addrs ORDER BY did")
            .map_err(err)?;
        let raw = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })
            .map_err(err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(err)?;
        raw.into_iter()
            .map(|(did, peer_id, addrs, updated)| {
                Ok(KnownAddrs {
                    addrs: serde_json::from_str(&addrs).map_err(|e| Error::Database {
                        path: self.path.clone(),
                        detail: format!("known_addrs.addrs of {did}: {e}"),
                    })?,
                    did,
                    peer_id,
                    updated_ms: updated as u64,
                })
            })
            .collect()
    }

    /// Records where a trusted peer was last reached directly (replacing what was
    /// there, unless that is newer: writes may finish out of order); nothing if it is no
    /// longer trusted.
    pub fn known_addrs_put(&mut self, k: &KnownAddrs) -> Result<()> {
        let addrs = serde_json::to_string(&k.addrs).map_err(|source| Error::Encode {
            what: "known addresses",
            source,
        })?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO known_addrs (did, peer_id, addrs, updated_ms)
                 SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM trusted_peers WHERE did = ?1)
                 ON CONFLICT(did) DO UPDATE SET peer_id = excluded.peer_id,
                   addrs = excluded.addrs, updated_ms = excluded.updated_ms
                 WHERE excluded.updated_ms >= known_addrs.updated_ms",
                params![k.did, k.peer_id, addrs, k.updated_ms as i64],
            )?;
            Ok(())
        })
    }

    /// Runs `f` in a transaction; commits if it succeeds.
    fn write(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<()>,
    ) -> Result<()> {
        let run = |conn: &mut rusqlite::Connection| -> rusqlite::Result<()> {
            let tx = conn.transaction()?;
            f(&tx)?;
            tx.commit()
        };
        run(&mut self.conn).map_err(|e| self.err(e))
    }
}

fn put_block(tx: &rusqlite::Transaction<'_>, b: &BlockRow) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO blocks (did, until_ms, reason, since_ms) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(did) DO UPDATE SET until_ms = excluded.until_ms,
           reason = excluded.reason, since_ms = excluded.since_ms",
        params![
            b.did,
            b.until_ms.map(|v| v as i64),
            b.reason,
            b.since_ms as i64
        ],
    )?;
    Ok(())
}

/// A peer's addresses and tool patterns as the JSON text the table stores.
fn encode_lists(p: &PeerRow) -> Result<(String, String)> {
    let addrs = serde_json::to_string(&p.addrs).map_err(|source| Error::Encode {
        what: "peer addresses",
        source,
    })?;
    let tools = serde_json::to_string(&p.tools).map_err(|source| Error::Encode {
        what: "peer tool patterns",
        source,
    })?;
    Ok((addrs, tools))
}
