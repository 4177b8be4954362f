//! The dialing side: sends `hello`, verifies `response`, sends `finish`, awaits the outcome.

use rand_core::{CryptoRng, RngCore};

use super::{admit, check_skew, Established, HandshakeConfig, PeerPolicy, SignatureVerified};
use crate::error::Error;
use crate::identity::{AgentPublicKey, PeerIdBytes, Signer};
use crate::replay::{ReplayKey, ReplayLog};
use crate::session::Direction;
use crate::time::UnixMillis;
use crate::transcript::Transcript;
use crate::wire::{Finish, HandshakeFrame, Hello, HANDSHAKE_VERSION};

/// Initiator waiting for message 2.
#[derive(Debug)]
pub struct ExpectResponse {
    cfg: HandshakeConfig,
    local_peer: PeerIdBytes,
    remote_peer: PeerIdBytes,
    hello: Hello,
}

/// Initiator that sent `finish`, waiting for the responder's outcome.
#[derive(Debug)]
pub struct ExpectOutcome {
    established: Established,
}

impl ExpectResponse {
    /// Starts a handshake on a connection from `local_peer` to `remote_peer` (both as
    /// authenticated by the transport); returns the state and the `hello` to send.
    pub fn start(
        cfg: HandshakeConfig,
        local_key: AgentPublicKey,
        local_peer: PeerIdBytes,
        remote_peer: PeerIdBytes,
        now: UnixMillis,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> (Self, HandshakeFrame) {
        let mut nonce = [0u8; 32];
        rng.fill_bytes(&mut nonce);
        let hello = Hello {
            version: HANDSHAKE_VERSION,
            agent_key: local_key,
            nonce,
            timestamp: now,
        };
        let frame = HandshakeFrame::Hello(hello.clone());
        (
            Self {
                cfg,
                local_peer,
                remote_peer,
                hello,
            },
            frame,
        )
    }

    /// Handles message 2: checks skew, verifies the responder's signature, checks trust
    /// and replay, then signs and returns `finish`.
    pub fn handle(
        self,
        frame: HandshakeFrame,
        now: UnixMillis,
        signer: &dyn Signer,
        policy: &dyn PeerPolicy,
        replay: &mut dyn ReplayLog,
    ) -> Result<(ExpectOutcome, HandshakeFrame), Error> {
        let resp = match frame {
            HandshakeFrame::Response(r) => r,
            HandshakeFrame::Reject(code) => return Err(Error::Rejected(code)),
            other => {
                return Err(Error::UnexpectedMessage {
                    expected: "response",
                    got: other.name(),
                })
            }
        };
        check_skew(resp.timestamp, now, &self.cfg)?;
        let transcript = Transcript {
            initiator_peer: self.local_peer,
            responder_peer: self.remote_peer,
            initiator_key: self.hello.agent_key,
            responder_key: resp.agent_key,
            initiator_nonce: self.hello.nonce,
            responder_nonce: resp.nonce,
            initiator_time: self.hello.timestamp,
            responder_time: resp.timestamp,
        };
        resp.agent_key
            .verify(&transcript.responder_payload(), &resp.signature)?;
        let verified = SignatureVerified::assertion();
        admit(policy, &resp.agent_key, now)?;
        replay.record(&ReplayKey::new(&resp.agent_key, &resp.nonce), now)?;
        let signature = signer
            .sign(&transcript.initiator_payload())
            .map_err(|e| Error::LocalSigner(e.0))?;
        let established = Established {
            remote_key: resp.agent_key,
            session_id: transcript.session_id(),
            remote_peer: transcript.responder_peer,
            direction: Direction::Outbound,
            verified,
        };
        Ok((
            ExpectOutcome { established },
            HandshakeFrame::Finish(Finish { signature }),
        ))
    }
}

impl ExpectOutcome {
    /// Handles the responder's outcome frame.
    pub fn handle(self, frame: HandshakeFrame) -> Result<Established, Error> {
        match frame {
            HandshakeFrame::Accept => Ok(self.established),
            HandshakeFrame::Reject(code) => Err(Error::Rejected(code)),
            other => Err(Error::UnexpectedMessage {
                expected: "accept or reject",
                got: other.name(),
            }),
        }
    }
}
