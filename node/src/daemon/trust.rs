//! The trust store: which agent keys may handshake with us, where to dial them, which
//! tools they may call, and who is blocked until when.
//!
//! Kept in the SQLCipher database (`trusted_peers` and `blocks` tables) with an in-memory
//! copy for the handshake path. Every change is written to the database first, in one
//! transaction, and applied in memory only when that succeeded, so the two never differ.

use std::sync::{Arc, Mutex};

use lango_protocol::handshake::{Admission, PeerPolicy};
use lango_protocol::{AgentPublicKey, Did, UnixMillis};
use lango_storage::db::trust::{BlockRow, PeerRow};

use crate::vault::Vault;

/// One trusted peer.
pub type TrustedPeer = PeerRow;

/// A block: no handshake from this DID until `until_ms` (`None`: for good).
pub type Block = BlockRow;

/// The loaded trust store and the database it persists to.
pub struct TrustStore {
    peers: Vec<TrustedPeer>,
    blocks: Vec<Block>,
    vault: Arc<Mutex<Vault>>,
}

impl TrustStore {
    /// Loads every peer and block from the database.
    pub fn load(vault: Arc<Mutex<Vault>>) -> Result<Self, lango_storage::Error> {
        let (peers, blocks) = crate::vault::lock(&vault).db.trust_load()?;
        Ok(Self {
            peers,
            blocks,
            vault,
        })
    }

    fn db<T>(
        &self,
        f: impl FnOnce(&mut lango_storage::db::Database) -> Result<T, lango_storage::Error>,
    ) -> Result<T, lango_storage::Error> {
        f(&mut crate::vault::lock(&self.vault).db)
    }

    /// Adds or updates a peer; lifts any block on it (an explicit operator decision).
    pub fn add(&mut self, mut peer: TrustedPeer) -> Result<(), lango_storage::Error> {
        if let Some(p) = self.get(&peer.did) {
            peer.added_ms = p.added_ms;
        }
        self.db(|db| db.trust_put_peer(&peer))?;
        self.blocks.retain(|b| b.did != peer.did);
        match self.peers.iter_mut().find(|p| p.did == peer.did) {
            Some(p) => *p = peer,
            None => self.peers.push(peer),
        }
        Ok(())
    }

    /// Removes a peer and blocks it for good; false if it was not trusted.
    pub fn remove(&mut self, did: &str, now: UnixMillis) -> Result<bool, lango_storage::Error> {
        let block = Block {
            did: did.into(),
            until_ms: None,
            reason: "trust removed".into(),
            since_ms: now.0,
        };
        self.db(|db| db.trust_remove_peer(did, Some(&block)))?;
        let before = self.peers.len();
        self.peers.retain(|p| p.did != did);
        self.blocks.retain(|b| b.did != did);
        self.blocks.push(block);
        Ok(self.peers.len() != before)
    }

    /// Blocks `did` until `until` (`None`: for good).
    pub fn block(
        &mut self,
        did: &str,
        until: Option<UnixMillis>,
        reason: &str,
        now: UnixMillis,
    ) -> Result<(), lango_storage::Error> {
        let block = Block {
            did: did.into(),
            until_ms: until.map(|u| u.0),
            reason: reason.into(),
            since_ms: now.0,
        };
        self.db(|db| db.trust_put_block(&block))?;
        self.blocks.retain(|b| b.did != did);
        self.blocks.push(block);
        Ok(())
    }

    /// Lifts a block; false if there was none.
    pub fn unblock(&mut self, did: &str) -> Result<bool, lango_storage::Error> {
        if !self.blocks.iter().any(|b| b.did == did) {
            return Ok(false);
        }
        self.db(|db| db.trust_remove_block(did))?;
        self.blocks.retain(|b| b.did != did);
        Ok(true)
    }

    /// Trusted peers.
    pub fn peers(&self) -> &[TrustedPeer] {
        &self.peers
    }

    /// The trusted entry of `did`.
    pub fn get(&self, did: &str) -> Option<&TrustedPeer> {
        self.peers.iter().find(|p| p.did == did)
    }

    /// Blocks in force at `now` (trusted or not), oldest first.
    pub fn blocks(&self, now: UnixMillis) -> Vec<&Block> {
        self.blocks
            .iter()
            .filter(|b| b.until_ms.is_none_or(|u| u > now.0))
            .collect()
    }

    /// The block in force on `did` at `now`, if any.
    pub fn block_of(&self, did: &str, now: UnixMillis) -> Option<&Block> {
        self.blocks
            .iter()
            .find(|b| b.did == did && b.until_ms.is_none_or(|u| u > now.0))
    }

    /// Whether the peer is trusted and not blocked.
    pub fn is_trusted(&self, did: &str, now: UnixMillis) -> bool {
        self.get(did).is_some() && self.block_of(did, now).is_none()
    }
}

impl PeerPolicy for TrustStore {
    fn admit(&self, key: &AgentPublicKey, now: UnixMillis) -> Admission {
        let did: Did = key.did();
        if self.block_of(did.as_str(), now).is_some() {
            Admission::Blocked
        } else if self.get(did.as_str()).is_some() {
            Admission::Trusted
        } else {
            Admission::Unknown
        }
    }
}

/// Checks a `--tools` pattern list: comma-separated names, `*`, prefixes like `fs.*`,
/// and `!pattern` to deny (deny wins).
pub fn parse_tool_patterns(s: &str) -> Result<Vec<String>, String> {
    lango_protocol::tools::firewall::parse_pattern_list(s).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_patterns_are_validated() {
        assert_eq!(
            parse_tool_patterns("fs.*, echo").unwrap(),
            vec!["fs.*", "echo"]
        );
        assert!(parse_tool_patterns("f*s").is_err());
        assert_eq!(
            parse_tool_patterns("*,!fs.write").unwrap(),
            vec!["*", "!fs.write"]
        );
        assert!(parse_tool_patterns("a;b").is_err());
        assert!(parse_tool_patterns("").unwrap().is_empty());
    }
}
