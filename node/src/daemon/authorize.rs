//! The one authorisation function every request protocol calls (ping, tools list, tools
//! call): the stream's authenticated PeerId must hold the named, live session, and the
//! peer must still be trusted and not blocked at the moment of the request. One state
//! lock covers all of it, the same lock a revoke or a trust removal takes.

use std::fmt;

use libp2p::PeerId;

use lango_protocol::session::{Session, SessionError, SessionId};
use lango_protocol::PeerIdBytes;

use super::state::Shared;
use crate::clock;

/// Why a request was not authorised.
#[derive(Debug)]
pub enum Denied {
    /// No session, another session's id, or an expired one.
    Session(SessionError),
    /// The peer's DID or PeerId is blocked, or it is no longer trusted.
    Blocked,
}

impl fmt::Display for Denied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Denied::Session(e) => e.fmt(f),
            Denied::Blocked => f.write_str("the peer is blocked or no longer trusted"),
        }
    }
}

/// Authorises one request on a stream from `peer` naming `session_id`.
pub(super) fn authorize(
    shared: &Shared,
    peer: PeerId,
    session_id: &[u8],
) -> Result<Session, Denied> {
    let id: [u8; 16] = session_id
        .try_into()
        .map_err(|_| Denied::Session(SessionError::WrongId))?;
    let now = clock::now();
    let core = shared.core();
    let session = core
        .sessions
        .authorize(&PeerIdBytes(peer.to_bytes()), &SessionId(id), now)
        .map_err(Denied::Session)?;
    let did = session.remote_did();
    let peer_blocked = core.peer_blocks.get(&peer).is_some_and(|b| b.until > now);
    if peer_blocked || !core.trust.is_trusted(did.as_str(), now) {
        return Err(Denied::Blocked);
    }
    Ok(session.clone())
}
