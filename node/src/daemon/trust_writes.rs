//! Changes to the trust store: each is written to the database first, holding only the
//! vault lock, then applied in memory, holding only the state lock. A writers' lock
//! keeps concurrent changes in the same order in both; handshakes and requests never
//! take it, so a slow database (or a `keys rotate` holding the vault) cannot stall them.

use lango_protocol::UnixMillis;
use lango_storage::db::Database;

use libp2p::PeerId;

use super::state::{PendingPeer, Shared};
use super::trust::{Block, TrustedPeer};
use crate::vault;

impl Shared {
    fn trust_write<T>(
        &self,
        db: impl FnOnce(&mut Database) -> Result<(), lango_storage::Error>,
        apply: impl FnOnce(&mut super::state::Core) -> T,
    ) -> Result<T, lango_storage::Error> {
        let _writer = self.trust_writes.lock().unwrap_or_else(|p| p.into_inner());
        db(&mut vault::lock(&self.vault).db)?;
        Ok(apply(&mut self.core()))
    }

    /// Adds or replaces a trusted peer (keeping its first `added` time); lifts any block
    /// on it, by DID or by a PeerId it proved (an explicit operator decision), and
    /// forgets it as pending. Returns its pending entry, if it had one.
    pub(super) fn trust_put(
        &self,
        mut peer: TrustedPeer,
    ) -> Result<Option<PendingPeer>, lango_storage::Error> {
        let _writer = self.trust_writes.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(p) = self.core().trust.get(&peer.did) {
            peer.added_ms = p.added_ms;
        }
        vault::lock(&self.vault).db.trust_put_peer(&peer)?;
        let mut core = self.core();
        let pending = core
            .pending
            .iter()
            .position(|p| p.did == peer.did)
            .map(|i| core.pending.remove(i));
        let pending_peer = pending
            .as_ref()
            .and_then(|p| p.peer_id.parse::<PeerId>().ok());
        core.peer_blocks
            .retain(|k, b| b.did.as_deref() != Some(peer.did.as_str()) && Some(*k) != pending_peer);
        core.trust.apply_put(peer);
        Ok(pending)
    }

    /// Changes a trusted peer's entry (keeping `added`), leaving its blocks in force;
    /// false if it is not trusted.
    pub(super) fn trust_update(&self, mut peer: TrustedPeer) -> Result<bool, lango_storage::Error> {
        let _writer = self.trust_writes.lock().unwrap_or_else(|p| p.into_inner());
        match self.core().trust.get(&peer.did) {
            Some(p) => peer.added_ms = p.added_ms,
            None => return Ok(false),
        }
        if !vault::lock(&self.vault).db.trust_update_peer(&peer)? {
            return Ok(false);
        }
        self.core().trust.apply_update(peer);
        Ok(true)
    }

    /// Removes a peer and blocks it for good; false if it was not trusted.
    pub(super) fn trust_remove(
        &self,
        did: &str,
        now: UnixMillis,
    ) -> Result<bool, lango_storage::Error> {
        let block = Block {
            did: did.into(),
            until_ms: None,
            reason: "trust removed".into(),
            since_ms: now.0,
        };
        let row = block.clone();
        self.trust_write(
            |db| db.trust_remove_peer(did, Some(&row)),
            |core| {
                core.net.known.remove(did);
                core.trust.apply_remove(block)
            },
        )
    }

    /// Blocks `did` until `until` (`None`: for good).
    pub(super) fn trust_block(
        &self,
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
        let row = block.clone();
        self.trust_write(
            |db| db.trust_put_block(&row),
            |core| core.trust.apply_block(block),
        )
    }

    /// Writes to the database a block already applied in memory, unless it was lifted
    /// or replaced meanwhile (the writers' lock orders this against `session unblock`).
    pub(super) fn trust_persist_block(&self, block: Block) -> Result<(), lango_storage::Error> {
        let _writer = self.trust_writes.lock().unwrap_or_else(|p| p.into_inner());
        let current = self
            .core()
            .trust
            .blocks_of(&block.did)
            .is_some_and(|b| *b == block);
        if !current {
            return Ok(());
        }
        vault::lock(&self.vault).db.trust_put_block(&block)
    }

    /// Lifts the blocks on a DID: its own and those of the PeerIds it proved; false if
    /// there was none.
    pub(super) fn trust_unblock(&self, did: &str) -> Result<bool, lango_storage::Error> {
        let _writer = self.trust_writes.lock().unwrap_or_else(|p| p.into_inner());
        let lifted_peers = {
            let mut core = self.core();
            let before = core.peer_blocks.len();
            core.peer_blocks
                .retain(|_, b| b.did.as_deref() != Some(did));
            before != core.peer_blocks.len()
        };
        if !self.core().trust.has_block(did) {
            return Ok(lifted_peers);
        }
        vault::lock(&self.vault).db.trust_remove_block(did)?;
        Ok(self.core().trust.apply_unblock(did) || lifted_peers)
    }

    /// Lifts the block on a PeerId (memory only); false if there was none.
    pub(super) fn unblock_peer(&self, peer: &PeerId) -> bool {
        self.core().peer_blocks.remove(peer).is_some()
    }
}
