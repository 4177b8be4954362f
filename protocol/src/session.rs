//! Sessions: what a completed handshake leaves behind on each side.
//!
//! Each side mints its own record from the handshake it verified. The session id is
//! derived from the transcript (so neither side chooses it), requests are authorised by
//! the authenticated PeerId of the stream *and* the id (compared in constant time), and
//! lookups are O(1) hash-map hits, never scans. There is no bearer token: knowing a
//! session id is useless from any other PeerId.

use std::fmt;

use hashbrown::HashMap;
use subtle::ConstantTimeEq;

use crate::identity::{AgentPublicKey, Did, PeerIdBytes};
use crate::time::UnixMillis;

/// Default session lifetime: one hour.
pub const DEFAULT_SESSION_TTL_MS: u64 = 3_600_000;

/// 128-bit session identifier.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SessionId(pub [u8; 16]);

impl SessionId {
    /// Lower-case hex form, as shown to operators.
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl fmt::Debug for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SessionId({})", self.to_hex())
    }
}

/// Which side dialed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// We dialed and sent `hello`.
    Outbound,
    /// They dialed and we answered.
    Inbound,
}

impl Direction {
    /// `"outbound"` or `"inbound"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Outbound => "outbound",
            Direction::Inbound => "inbound",
        }
    }
}

/// One side's record of an authenticated peer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// Transcript-derived id.
    pub id: SessionId,
    /// The peer's agent key.
    pub remote_key: AgentPublicKey,
    /// The PeerId the handshake was bound to.
    pub remote_peer: PeerIdBytes,
    /// Who dialed.
    pub direction: Direction,
    /// When the handshake completed here.
    pub established_at: UnixMillis,
    /// When it stops authorising requests unless renewed by a new handshake.
    pub expires_at: UnixMillis,
}

impl Session {
    /// The peer's DID.
    pub fn remote_did(&self) -> Did {
        self.remote_key.did()
    }
}

/// Why a request was not authorised by the session table.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum SessionError {
    /// No session with this PeerId.
    #[error("no session with this peer")]
    NoSession,
    /// A session exists for this PeerId but under another id.
    #[error("session id does not match this peer's session")]
    WrongId,
    /// The session's TTL has passed.
    #[error("session expired")]
    Expired,
}

/// Outcome of [`SessionTable::insert`].
#[derive(Debug, PartialEq, Eq)]
pub enum Inserted {
    /// The new session is in force; these older ones were replaced.
    Installed {
        /// Replaced sessions.
        replaced: Vec<Session>,
    },
    /// A simultaneous handshake's session with a smaller id was kept instead.
    KeptExisting,
}

impl Inserted {
    /// Whether the new session was installed.
    pub fn is_installed(&self) -> bool {
        matches!(self, Inserted::Installed { .. })
    }
}

/// All live sessions of a node, indexed by PeerId and by agent key.
#[derive(Debug, Default)]
pub struct SessionTable {
    by_peer: HashMap<PeerIdBytes, Session>,
    by_key: HashMap<AgentPublicKey, PeerIdBytes>,
}

impl SessionTable {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// Installs `session`, replacing (renewing) any earlier one of the same peer or of the
    /// same agent key, and returns the sessions it replaced.
    ///
    /// Simultaneous dials run two handshakes, one each way, that complete in either
    /// order on each side. So that both sides keep the *same* session, a new session
    /// that arrives within `race_window_ms` of an existing one of the other direction
    /// only replaces it if its id is smaller; both sides derive both ids, so both keep
    /// the smaller one. Outside the window (renewals), the newer session always wins.
    pub fn insert(&mut self, session: Session, race_window_ms: u64) -> Inserted {
        if let Some(existing) = self.by_key(&session.remote_key, UnixMillis(0)) {
            let racing = existing.direction != session.direction
                && session
                    .established_at
                    .0
                    .saturating_sub(existing.established_at.0)
                    < race_window_ms;
            if racing && existing.id.0 < session.id.0 {
                return Inserted::KeptExisting;
            }
        }
        let mut replaced = Vec::new();
        if let Some(old_peer) = self.by_key.remove(&session.remote_key) {
            if let Some(old) = self.by_peer.remove(&old_peer) {
                replaced.push(old);
            }
        }
        if let Some(old) = self.by_peer.remove(&session.remote_peer) {
            self.by_key.remove(&old.remote_key);
            replaced.push(old);
        }
        self.by_key
            .insert(session.remote_key, session.remote_peer.clone());
        self.by_peer.insert(session.remote_peer.clone(), session);
        Inserted::Installed { replaced }
    }

    /// Authorises a request that arrived on a stream from `peer` naming session `id`.
    pub fn authorize(
        &self,
        peer: &PeerIdBytes,
        id: &SessionId,
        now: UnixMillis,
    ) -> Result<&Session, SessionError> {
        let s = self.by_peer.get(peer).ok_or(SessionError::NoSession)?;
        if !bool::from(s.id.0.ct_eq(&id.0)) {
            return Err(SessionError::WrongId);
        }
        if now >= s.expires_at {
            return Err(SessionError::Expired);
        }
        Ok(s)
    }

    /// The live session of `peer`, if any.
    pub fn by_peer(&self, peer: &PeerIdBytes, now: UnixMillis) -> Option<&Session> {
        self.by_peer.get(peer).filter(|s| now < s.expires_at)
    }

    /// The live session of agent key `key`, if any.
    pub fn by_key(&self, key: &AgentPublicKey, now: UnixMillis) -> Option<&Session> {
        self.by_key
            .get(key)
            .and_then(|p| self.by_peer.get(p))
            .filter(|s| now < s.expires_at)
    }

    /// Ends the session of agent key `key`, returning it.
    pub fn remove_key(&mut self, key: &AgentPublicKey) -> Option<Session> {
        let peer = self.by_key.remove(key)?;
        self.by_peer.remove(&peer)
    }

    /// Ends the session bound to `peer`, returning it.
    pub fn remove_peer(&mut self, peer: &PeerIdBytes) -> Option<Session> {
        let s = self.by_peer.remove(peer)?;
        self.by_key.remove(&s.remote_key);
        Some(s)
    }

    /// Ends every session, returning them.
    pub fn clear(&mut self) -> Vec<Session> {
        self.by_key.clear();
        self.by_peer.drain().map(|(_, s)| s).collect()
    }

    /// Drops expired sessions, returning them.
    pub fn purge_expired(&mut self, now: UnixMillis) -> Vec<Session> {
        let dead: Vec<PeerIdBytes> = self
            .by_peer
            .iter()
            .filter(|(_, s)| now >= s.expires_at)
            .map(|(p, _)| p.clone())
            .collect();
        dead.iter().filter_map(|p| self.remove_peer(p)).collect()
    }

    /// Live sessions, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &Session> {
        self.by_peer.values()
    }

    /// Number of sessions held.
    pub fn len(&self) -> usize {
        self.by_peer.len()
    }

    /// Whether no session is held.
    pub fn is_empty(&self) -> bool {
        self.by_peer.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::{Signer, SoftwareSigner};

    fn session(peer: u8, key: AgentPublicKey, id: u8) -> Session {
        Session {
            id: SessionId([id; 16]),
            remote_key: key,
            remote_peer: PeerIdBytes(vec![peer]),
            direction: Direction::Inbound,
            established_at: UnixMillis(0),
            expires_at: UnixMillis(100),
        }
    }

    fn key() -> AgentPublicKey {
        SoftwareSigner::generate(&mut rand_core::OsRng).public_key()
    }

    #[test]
    fn session_id_from_another_peer_is_refused() {
        let mut t = SessionTable::new();
        assert!(t.insert(session(1, key(), 7), 0).is_installed());
        assert!(t.insert(session(2, key(), 8), 0).is_installed());
        // Peer 2 presents peer 1's session id: the stream's PeerId decides.
        assert_eq!(
            t.authorize(&PeerIdBytes(vec![2]), &SessionId([7; 16]), UnixMillis(1)),
            Err(SessionError::WrongId)
        );
        assert_eq!(
            t.authorize(&PeerIdBytes(vec![3]), &SessionId([7; 16]), UnixMillis(1)),
            Err(SessionError::NoSession)
        );
        assert!(t
            .authorize(&PeerIdBytes(vec![1]), &SessionId([7; 16]), UnixMillis(1))
            .is_ok());
    }

    #[test]
    fn expired_session_does_not_authorise() {
        let mut t = SessionTable::new();
        assert!(t.insert(session(1, key(), 7), 0).is_installed());
        assert_eq!(
            t.authorize(&PeerIdBytes(vec![1]), &SessionId([7; 16]), UnixMillis(100)),
            Err(SessionError::Expired)
        );
        assert_eq!(t.purge_expired(UnixMillis(100)).len(), 1);
        assert!(t.is_empty());
    }

    /// Two handshakes racing in opposite directions complete in opposite orders on the
    /// two sides; both sides must end up with the same session.
    #[test]
    fn simultaneous_handshakes_converge_on_the_smaller_id() {
        let k = key();
        let out = |id: u8, at: u64| Session {
            direction: Direction::Outbound,
            established_at: UnixMillis(at),
            ..session(1, k, id)
        };
        let inb = |id: u8, at: u64| Session {
            established_at: UnixMillis(at),
            ..session(1, k, id)
        };
        // Side A completes X (outbound, id 9) then Y (inbound, id 3).
        let mut a = SessionTable::new();
        assert!(a.insert(out(9, 0), 1_000).is_installed());
        assert!(a.insert(inb(3, 5), 1_000).is_installed());
        // Side B completes Y (outbound, id 3) then X (inbound, id 9).
        let mut b = SessionTable::new();
        assert!(b.insert(out(3, 0), 1_000).is_installed());
        assert_eq!(b.insert(inb(9, 5), 1_000), Inserted::KeptExisting);
        let pa = PeerIdBytes(vec![1]);
        assert_eq!(
            a.by_peer(&pa, UnixMillis(6)).unwrap().id,
            SessionId([3; 16])
        );
        assert_eq!(
            b.by_peer(&pa, UnixMillis(6)).unwrap().id,
            SessionId([3; 16])
        );
        // Outside the window a renewal always replaces, whatever its id.
        assert!(b.insert(inb(9, 5_000), 1_000).is_installed());
    }

    #[test]
    fn renewal_replaces_the_old_session_and_revocation_removes_it() {
        let k = key();
        let mut t = SessionTable::new();
        assert!(t.insert(session(1, k, 7), 0).is_installed());
        let Inserted::Installed { replaced } = t.insert(session(2, k, 9), 0) else {
            panic!("renewal must install")
        };
        assert_eq!(replaced.len(), 1);
        assert_eq!(t.len(), 1);
        assert!(t.by_peer(&PeerIdBytes(vec![1]), UnixMillis(0)).is_none());
        assert_eq!(t.by_key(&k, UnixMillis(0)).unwrap().id, SessionId([9; 16]));
        assert!(t.remove_key(&k).is_some());
        assert_eq!(
            t.authorize(&PeerIdBytes(vec![2]), &SessionId([9; 16]), UnixMillis(1)),
            Err(SessionError::NoSession)
        );
    }
}
