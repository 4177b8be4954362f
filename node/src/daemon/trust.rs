//! The trust store: which agent keys may handshake with us, where to dial them, which
//! tools they may call, and who is blocked until when.
//!
//! Kept in the SQLCipher database (`trusted_peers` and `blocks` tables) with this
//! in-memory copy for the handshake path. The daemon writes a change to the database
//! first (holding only the vault lock) and applies it here only when that succeeded
//! (holding only the state lock), so the two never differ and the locks never nest.

use lango_protocol::handshake::{Admission, PeerPolicy};
use lango_protocol::{AgentPublicKey, Did, UnixMillis};
use lango_storage::db::trust::{BlockRow, PeerRow};

/// One trusted peer.
pub type TrustedPeer = PeerRow;

/// A block: no handshake from this DID until `until_ms` (`None`: for good).
pub type Block = BlockRow;

/// The loaded trust store (memory only; see the module doc for how it is persisted).
#[derive(Default)]
pub struct TrustStore {
    peers: Vec<TrustedPeer>,
    blocks: Vec<Block>,
}

impl TrustStore {
    /// Loads every peer and block from the database.
    pub fn load(db: &mut lango_storage::db::Database) -> Result<Self, lango_storage::Error> {
        let (peers, blocks) = db.trust_load()?;
        Ok(Self { peers, blocks })
    }

    /// Adds or replaces a peer (already persisted); lifts any block on it.
    pub(crate) fn apply_put(&mut self, peer: TrustedPeer) {
        self.blocks.retain(|b| b.did != peer.did);
        match self.peers.iter_mut().find(|p| p.did == peer.did) {
            Some(p) => *p = peer,
            None => self.peers.push(peer),
        }
    }

    /// Replaces a trusted peer's entry (already persisted), leaving its blocks.
    pub(crate) fn apply_update(&mut self, peer: TrustedPeer) {
        if let Some(p) = self.peers.iter_mut().find(|p| p.did == peer.did) {
            *p = peer;
        }
    }

    /// Removes a peer and installs its permanent block (already persisted); false if it
    /// was not trusted.
    pub(crate) fn apply_remove(&mut self, block: Block) -> bool {
        let before = self.peers.len();
        self.peers.retain(|p| p.did != block.did);
        self.apply_block(block);
        self.peers.len() != before
    }

    /// Installs a block (already persisted), replacing the DID's older one.
    pub(crate) fn apply_block(&mut self, block: Block) {
        self.blocks.retain(|b| b.did != block.did);
        self.blocks.push(block);
    }

    /// Lifts a block (already persisted); false if there was none.
    pub(crate) fn apply_unblock(&mut self, did: &str) -> bool {
        let before = self.blocks.len();
        self.blocks.retain(|b| b.did != did);
        self.blocks.len() != before
    }

    /// The block recorded for `did`, live or expired.
    pub(crate) fn blocks_of(&self, did: &str) -> Option<&Block> {
        self.blocks.iter().find(|b| b.did == did)
    }

    /// Whether any block, live or expired, is recorded for `did`.
    pub fn has_block(&self, did: &str) -> bool {
        self.blocks.iter().any(|b| b.did == did)
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
