//! Errors of the protocol core, grouped by whose fault they are.

use crate::events::SecurityEventKind;

/// Why a handshake or notice was refused.
///
/// Every variant that a peer can cause maps to the security event it raises
/// ([`Error::security_event`]) and to the reject code sent back ([`Error::reject_code`]).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The peer's signature did not verify over the transcript of this connection.
    #[error(
        "bad signature: the peer's signature does not verify over this connection's transcript"
    )]
    BadSignature,
    /// The peer sent a frame that is not valid CBOR of the expected shape.
    #[error("malformed frame: {0}")]
    Malformed(String),
    /// The peer sent a frame longer than the cap.
    #[error("oversize frame: {len} bytes, cap {cap}")]
    Oversize {
        /// Announced length.
        len: u64,
        /// Cap in force.
        cap: u64,
    },
    /// The peer sent a message the state machine did not expect now.
    #[error("unexpected message: expected {expected}, got {got}")]
    UnexpectedMessage {
        /// What the state machine waited for.
        expected: &'static str,
        /// What arrived.
        got: &'static str,
    },
    /// The peer speaks a protocol version we do not.
    #[error("unsupported handshake version {0}")]
    UnsupportedVersion(u8),
    /// The (agent key, nonce) pair was already seen inside the acceptance window.
    #[error("replay: this agent key already used this nonce inside the acceptance window")]
    Replay,
    /// The replay cache is full of live entries; refusing rather than forgetting one.
    #[error("replay cache full: refusing new handshakes until entries expire")]
    ReplayCacheFull,
    /// The peer's timestamp is older than the accepted skew.
    #[error("stale timestamp: {skew_ms} ms behind, accepted {max_ms} ms")]
    StaleTimestamp {
        /// How far behind our clock it was.
        skew_ms: u64,
        /// The configured bound.
        max_ms: u64,
    },
    /// The peer's timestamp is further in the future than the accepted skew.
    #[error("future timestamp: {skew_ms} ms ahead, accepted {max_ms} ms")]
    FutureTimestamp {
        /// How far ahead of our clock it was.
        skew_ms: u64,
        /// The configured bound.
        max_ms: u64,
    },
    /// The peer's agent key is not in the trust store.
    #[error("unknown peer {0}: not in the trust store")]
    UnknownPeer(String),
    /// The peer's agent key is blocked (revoked with a block, or removed from trust).
    #[error("blocked peer {0}")]
    Blocked(String),
    /// The remote side refused the handshake and said why.
    #[error("the remote node refused the handshake: {0}")]
    Rejected(RejectCode),
    /// No complete frame arrived within the read deadline: a slow link or a stalling
    /// peer. Raises `timeout`, which never counts toward a block (an honest peer on a
    /// slow link must not collect strikes).
    #[error("{0}")]
    Deadline(String),
    /// The stream ended before a complete frame: no event (a peer that went away).
    #[error("{0}")]
    Closed(String),
    /// Our replay cache could not be made durable: refused rather than accepting a
    /// handshake that a restart could let be replayed. Not the peer's fault: no security
    /// event; the node logs it loudly.
    #[error("replay store: {0}")]
    LocalStore(String),
    /// Our own agent-key signer failed (e.g. an external signer is unreachable). Not the
    /// peer's fault: no security event; the node logs it loudly.
    #[error("local agent-key signer failed: {0}")]
    LocalSigner(String),
    /// A notice named a session or key that does not match the stream it came on.
    #[error("notice does not match the session of this peer")]
    NoticeMismatch,
    /// A tool request whose input is not one JSON document (the frame itself parsed):
    /// a caller's mistake, not hostility.
    #[error("input is not JSON: {0}")]
    BadInput(String),
}

impl Error {
    /// The security event this refusal raises, if any (`Rejected` is the remote's business).
    pub fn security_event(&self) -> Option<SecurityEventKind> {
        use SecurityEventKind as K;
        Some(match self {
            Error::BadSignature | Error::NoticeMismatch => K::BadSignature,
            Error::Malformed(_)
            | Error::UnexpectedMessage { .. }
            | Error::UnsupportedVersion(_) => K::MalformedFrame,
            Error::Oversize { .. } => K::OversizeFrame,
            Error::Replay => K::Replay,
            Error::ReplayCacheFull => K::RateLimited,
            Error::StaleTimestamp { .. } => K::StaleTimestamp,
            Error::FutureTimestamp { .. } => K::FutureTimestamp,
            Error::UnknownPeer(_) | Error::Blocked(_) => K::UnknownPeer,
            Error::Deadline(_) => K::Timeout,
            Error::BadInput(_) => K::BadInput,
            Error::Rejected(_)
            | Error::LocalSigner(_)
            | Error::LocalStore(_)
            | Error::Closed(_) => return None,
        })
    }

    /// The code sent to the peer in a `reject` outcome.
    pub fn reject_code(&self) -> RejectCode {
        match self {
            Error::BadSignature | Error::NoticeMismatch => RejectCode::BadSignature,
            Error::Malformed(_) | Error::UnexpectedMessage { .. } | Error::BadInput(_) => {
                RejectCode::MalformedFrame
            }
            Error::UnsupportedVersion(_) => RejectCode::UnsupportedVersion,
            Error::Oversize { .. } => RejectCode::OversizeFrame,
            Error::Replay => RejectCode::Replay,
            Error::ReplayCacheFull => RejectCode::RateLimited,
            Error::StaleTimestamp { .. } => RejectCode::StaleTimestamp,
            Error::FutureTimestamp { .. } => RejectCode::FutureTimestamp,
            Error::UnknownPeer(_) => RejectCode::UnknownPeer,
            Error::Blocked(_) => RejectCode::Blocked,
            Error::Rejected(code) => *code,
            Error::LocalSigner(_) | Error::LocalStore(_) => RejectCode::Unavailable,
            Error::Deadline(_) | Error::Closed(_) => RejectCode::Timeout,
        }
    }
}

/// Reason codes carried in a `reject` outcome frame (`docs/protocol.md` lists their numbers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RejectCode {
    /// Signature failed.
    BadSignature,
    /// Peer blocked by the operator.
    Blocked,
    /// Responder is at its handshake concurrency cap.
    Busy,
    /// Timestamp too far ahead.
    FutureTimestamp,
    /// Frame could not be parsed.
    MalformedFrame,
    /// Frame over the cap.
    OversizeFrame,
    /// Too many attempts.
    RateLimited,
    /// Nonce reuse.
    Replay,
    /// Timestamp too old.
    StaleTimestamp,
    /// Agent key not trusted.
    UnknownPeer,
    /// The responder cannot sign right now (its agent-key signer is unavailable).
    Unavailable,
    /// Protocol version not spoken.
    UnsupportedVersion,
    /// No complete frame within the read deadline (or the stream ended first).
    Timeout,
    /// A code this implementation does not know (from a newer peer).
    Other(u16),
}

impl RejectCode {
    /// Wire number of the code.
    pub fn to_u16(self) -> u16 {
        match self {
            RejectCode::BadSignature => 1,
            RejectCode::Replay => 2,
            RejectCode::StaleTimestamp => 3,
            RejectCode::FutureTimestamp => 4,
            RejectCode::UnknownPeer => 5,
            RejectCode::Blocked => 6,
            RejectCode::RateLimited => 7,
            RejectCode::OversizeFrame => 8,
            RejectCode::MalformedFrame => 9,
            RejectCode::UnsupportedVersion => 10,
            RejectCode::Busy => 11,
            RejectCode::Unavailable => 12,
            RejectCode::Timeout => 13,
            RejectCode::Other(n) => n,
        }
    }

    /// Code from its wire number; unknown numbers are kept as `Other`.
    pub fn from_u16(n: u16) -> Self {
        match n {
            1 => RejectCode::BadSignature,
            2 => RejectCode::Replay,
            3 => RejectCode::StaleTimestamp,
            4 => RejectCode::FutureTimestamp,
            5 => RejectCode::UnknownPeer,
            6 => RejectCode::Blocked,
            7 => RejectCode::RateLimited,
            8 => RejectCode::OversizeFrame,
            9 => RejectCode::MalformedFrame,
            10 => RejectCode::UnsupportedVersion,
            11 => RejectCode::Busy,
            12 => RejectCode::Unavailable,
            13 => RejectCode::Timeout,
            n => RejectCode::Other(n),
        }
    }

    /// Stable snake_case name, as shown to operators.
    pub fn as_str(self) -> &'static str {
        match self {
            RejectCode::BadSignature => "bad_signature",
            RejectCode::Blocked => "blocked",
            RejectCode::Busy => "busy",
            RejectCode::FutureTimestamp => "future_timestamp",
            RejectCode::MalformedFrame => "malformed_frame",
            RejectCode::OversizeFrame => "oversize_frame",
            RejectCode::RateLimited => "rate_limited",
            RejectCode::Replay => "replay",
            RejectCode::StaleTimestamp => "stale_timestamp",
            RejectCode::UnknownPeer => "unknown_peer",
            RejectCode::Unavailable => "unavailable",
            RejectCode::Timeout => "timeout",
            RejectCode::UnsupportedVersion => "unsupported_version",
            RejectCode::Other(_) => "other",
        }
    }
}

impl std::fmt::Display for RejectCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RejectCode::Other(n) => write!(f, "code {n}"),
            c => f.write_str(c.as_str()),
        }
    }
}
