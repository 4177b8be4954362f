//! Sans-IO core of the lango-node mesh.
//!
//! This crate holds everything two nodes must agree on, and nothing that touches a socket,
//! a file or a clock: wire messages and their framing ([`wire`], [`framing`]), the
//! three-message mutual handshake as state machines ([`handshake`]), the transcript both
//! sides sign ([`transcript`]), the replay cache ([`replay`]), the session table
//! ([`session`]), signed revocation notices ([`notice`]) and security-event accounting
//! ([`events`]), and the tool-invocation messages, receipts and firewall rules ([`tools`]). The node crate drives these with bytes read from libp2p streams and with
//! the current time; tests drive them directly, without sockets.
//!
//! ```text
//!  initiator                                   responder
//!  Hello{key_i, nonce_i, ts_i}        ───────▶  skew, block, replay checks
//!                                     ◀───────  Response{key_r, nonce_r, ts_r, sig_r(T)}
//!  verify sig_r, trust, replay
//!  Finish{sig_i(T)}                   ───────▶  verify sig_i, replay insert, trust
//!                                     ◀───────  Outcome{accept | reject(code)}
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod error;
pub mod events;
pub mod framing;
/// Fuzz targets (see docs/fuzzing.md); each checks a property and panics when it fails.
#[doc(hidden)]
pub mod fuzzing;
pub mod handshake;
pub mod identity;
pub mod lookup;
pub mod notice;
pub mod record;
pub mod replay;
pub mod session;
pub mod time;
pub mod tools;
pub mod transcript;
pub mod wire;

pub use error::{Error, RejectCode};
pub use identity::{AgentPublicKey, Did, PeerIdBytes, Signature, Signer, SoftwareSigner};
pub use time::UnixMillis;

/// Protocol id of the handshake stream.
pub const HANDSHAKE_PROTOCOL: &str = "/lango/handshake/1.0.0";
/// Protocol id of the stream that carries signed revocation notices.
pub const NOTICE_PROTOCOL: &str = "/lango/notice/1.0.0";
