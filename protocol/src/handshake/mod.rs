//! The three-message mutual handshake as sans-IO state machines.
//!
//! One type per awaited message: the initiator goes [`ExpectResponse`] →
//! [`ExpectOutcome`] → [`Established`]; the responder [`ExpectHello`] → [`ExpectFinish`]
//! → [`Established`]. Each `handle` consumes the state and one parsed frame and returns
//! the next state plus the frame to send, or an [`Error`] whose
//! [`Error::reject_code`] the driver sends back and whose [`Error::security_event`] it
//! records. States never touch sockets or clocks: the driver passes `now`, the signer,
//! the trust policy and the replay cache in.
//!
//! Order of checks on the responder, cheapest and unauthenticated first: version, clock
//! skew, block list, replay pre-check; then, on `finish`, the signature; only after the
//! signature verifies is the nonce written to the replay cache and trust decided. An
//! [`Established`] can only be built where a signature was verified
//! ([`SignatureVerified`] has a private constructor).

mod initiator;
mod responder;

pub use initiator::{ExpectOutcome, ExpectResponse};
pub use responder::{ExpectFinish, ExpectHello};

use crate::error::Error;
use crate::identity::{AgentPublicKey, PeerIdBytes};
use crate::session::{Direction, Session, SessionId};
use crate::time::UnixMillis;

/// Default accepted clock skew, each way: 30 s.
pub const DEFAULT_MAX_SKEW_MS: u64 = 30_000;

/// Knobs of the handshake state machines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HandshakeConfig {
    /// Largest accepted difference between a peer's timestamp and our clock, each way.
    pub max_skew_ms: u64,
}

impl Default for HandshakeConfig {
    fn default() -> Self {
        Self {
            max_skew_ms: DEFAULT_MAX_SKEW_MS,
        }
    }
}

/// What the operator's trust store says about an agent key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Admission {
    /// In the trust store and not blocked.
    Trusted,
    /// Not in the trust store.
    Unknown,
    /// Blocked (revoked with a block, or removed from trust).
    Blocked,
}

/// The trust decision the state machines consult; the node implements it over its store.
pub trait PeerPolicy {
    /// Decides about `key` at `now`.
    fn admit(&self, key: &AgentPublicKey, now: UnixMillis) -> Admission;
}

/// Proof that a peer signature over this handshake's transcript verified.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignatureVerified(());

impl SignatureVerified {
    fn assertion() -> Self {
        Self(())
    }
}

/// A completed handshake: the authenticated peer and the derived session id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Established {
    /// The peer's agent key, proven by its signature.
    pub remote_key: AgentPublicKey,
    /// The PeerId the signature is bound to.
    pub remote_peer: PeerIdBytes,
    /// Transcript-derived session id (equal on both sides).
    pub session_id: SessionId,
    /// Who dialed.
    pub direction: Direction,
    verified: SignatureVerified,
}

impl Established {
    /// Mints this side's session record, valid for `ttl_ms` from `now`.
    pub fn into_session(self, now: UnixMillis, ttl_ms: u64) -> Session {
        let _proof: SignatureVerified = self.verified;
        Session {
            id: self.session_id,
            remote_key: self.remote_key,
            remote_peer: self.remote_peer,
            direction: self.direction,
            established_at: now,
            expires_at: now.plus(ttl_ms),
        }
    }
}

/// Refuses a peer timestamp outside `now ± max_skew`. The timestamp is the peer's
/// choice, so every sum saturates (`u64::MAX` is a timestamp too).
fn check_skew(ts: UnixMillis, now: UnixMillis, cfg: &HandshakeConfig) -> Result<(), Error> {
    if ts.0.saturating_add(cfg.max_skew_ms) < now.0 {
        return Err(Error::StaleTimestamp {
            skew_ms: now.0 - ts.0,
            max_ms: cfg.max_skew_ms,
        });
    }
    if ts.0 > now.0.saturating_add(cfg.max_skew_ms) {
        return Err(Error::FutureTimestamp {
            skew_ms: ts.0 - now.0,
            max_ms: cfg.max_skew_ms,
        });
    }
    Ok(())
}

fn admit(policy: &dyn PeerPolicy, key: &AgentPublicKey, now: UnixMillis) -> Result<(), Error> {
    match policy.admit(key, now) {
        Admission::Trusted => Ok(()),
        Admission::Unknown => Err(Error::UnknownPeer(key.did().to_string())),
        Admission::Blocked => Err(Error::Blocked(key.did().to_string())),
    }
}

#[cfg(test)]
mod tests;
