//! The listening side: answers `hello` with a signed `response`, verifies `finish`.

use rand_core::{CryptoRng, RngCore};

use super::{admit, check_skew, Established, HandshakeConfig, PeerPolicy, SignatureVerified};
use crate::error::Error;
use crate::handshake::Admission;
use crate::identity::{PeerIdBytes, Signer};
use crate::replay::{ReplayKey, ReplayLog};
use crate::session::Direction;
use crate::time::UnixMillis;
use crate::transcript::Transcript;
use crate::wire::{HandshakeFrame, Response, HANDSHAKE_VERSION};

/// Responder waiting for message 1.
#[derive(Debug)]
pub struct ExpectHello {
    cfg: HandshakeConfig,
    local_peer: PeerIdBytes,
    remote_peer: PeerIdBytes,
}

/// Responder that sent `response`, waiting for message 3.
#[derive(Debug)]
pub struct ExpectFinish {
    cfg: HandshakeConfig,
    transcript: Transcript,
}

impl ExpectHello {
    /// A responder on a connection from `remote_peer` to `local_peer` (both as
    /// authenticated by the transport).
    pub fn new(cfg: HandshakeConfig, local_peer: PeerIdBytes, remote_peer: PeerIdBytes) -> Self {
        Self {
            cfg,
            local_peer,
            remote_peer,
        }
    }

    /// Handles message 1 and returns the signed `response`. Unauthenticated checks only:
    /// version, skew, block list, and a read-only replay pre-check.
    pub fn handle(
        self,
        frame: HandshakeFrame,
        now: UnixMillis,
        signer: &dyn Signer,
        policy: &dyn PeerPolicy,
        replay: &mut dyn ReplayLog,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> Result<(ExpectFinish, HandshakeFrame), Error> {
        let hello = match frame {
            HandshakeFrame::Hello(h) => h,
            other => {
                return Err(Error::UnexpectedMessage {
                    expected: "hello",
                    got: other.name(),
                })
            }
        };
        if hello.version != HANDSHAKE_VERSION {
            return Err(Error::UnsupportedVersion(hello.version));
        }
        check_skew(hello.timestamp, now, &self.cfg)?;
        // A blocked key gets no signature out of us (and costs us none).
        if policy.admit(&hello.agent_key, now) == Admission::Blocked {
            return Err(Error::Blocked(hello.agent_key.did().to_string()));
        }
        if replay.seen(&ReplayKey::new(&hello.agent_key, &hello.nonce), now) {
            return Err(Error::Replay);
        }
        let mut nonce = [0u8; 32];
        rng.fill_bytes(&mut nonce);
        let transcript = Transcript {
            initiator_peer: self.remote_peer,
            responder_peer: self.local_peer,
            initiator_key: hello.agent_key,
            responder_key: signer.public_key(),
            initiator_nonce: hello.nonce,
            responder_nonce: nonce,
            initiator_time: hello.timestamp,
            responder_time: now,
        };
        let signature = signer
            .sign(&transcript.responder_payload())
            .map_err(|e| Error::LocalSigner(e.0))?;
        let response = HandshakeFrame::Response(Response {
            agent_key: transcript.responder_key,
            nonce,
            timestamp: now,
            signature,
        });
        Ok((
            ExpectFinish {
                cfg: self.cfg,
                transcript,
            },
            response,
        ))
    }
}

impl ExpectFinish {
    /// Handles message 3: verifies the initiator's signature, then records the nonce and
    /// decides trust. Returns the established handshake and the `accept` to send.
    pub fn handle(
        self,
        frame: HandshakeFrame,
        now: UnixMillis,
        policy: &dyn PeerPolicy,
        replay: &mut dyn ReplayLog,
    ) -> Result<(Established, HandshakeFrame), Error> {
        let finish = match frame {
            HandshakeFrame::Finish(f) => f,
            // The initiator refused us (e.g. it does not trust our key): its call, not
            // a malformed frame.
            HandshakeFrame::Reject(code) => return Err(Error::Rejected(code)),
            other => {
                return Err(Error::UnexpectedMessage {
                    expected: "finish",
                    got: other.name(),
                })
            }
        };
        // `finish` must come while our own `response` is still fresh.
        check_skew(self.transcript.responder_time, now, &self.cfg)?;
        let t = &self.transcript;
        t.initiator_key
            .verify(&t.initiator_payload(), &finish.signature)?;
        let verified = SignatureVerified::assertion();
        replay.record(&ReplayKey::new(&t.initiator_key, &t.initiator_nonce), now)?;
        admit(policy, &t.initiator_key, now)?;
        Ok((
            Established {
                remote_key: t.initiator_key,
                remote_peer: t.initiator_peer.clone(),
                session_id: t.session_id(),
                direction: Direction::Inbound,
                verified,
            },
            HandshakeFrame::Accept,
        ))
    }
}
