//! Drives the protocol crate's handshake state machines over `/lango/handshake/1.0.0`
//! streams: framing, deadlines, admission limits, events, persistence.

use std::sync::Arc;

use futures::AsyncWriteExt;
use libp2p::{PeerId, Stream, StreamProtocol};
use rand::rngs::OsRng;
use serde_json::json;

use lango_protocol::events::SecurityEventKind;
use lango_protocol::framing::HANDSHAKE_FRAME_CAP;
use lango_protocol::handshake::{ExpectHello, ExpectResponse, HandshakeConfig};
use lango_protocol::wire::HandshakeFrame;
use lango_protocol::{Error as ProtoError, PeerIdBytes, RejectCode, HANDSHAKE_PROTOCOL};

use super::framed::{read_frame, write_frame, FrameError};
use super::limits::Refusal;
use super::state::{CoreView, Shared, SwarmCommand};
use crate::clock;

/// The handshake protocol id.
pub const PROTOCOL: StreamProtocol = StreamProtocol::new(HANDSHAKE_PROTOCOL);

fn hs_config(shared: &Shared) -> HandshakeConfig {
    HandshakeConfig {
        max_skew_ms: shared.cfg.handshake.max_skew.as_millis() as u64,
    }
}

async fn read(shared: &Shared, stream: &mut Stream) -> Result<HandshakeFrame, ProtoError> {
    let deadline = shared.cfg.handshake.read_timeout;
    match read_frame(stream, HANDSHAKE_FRAME_CAP, deadline).await {
        Ok(body) => HandshakeFrame::decode(&body),
        Err(FrameError::Protocol(e)) => Err(e),
        Err(FrameError::Deadline(d)) => Err(ProtoError::Deadline(format!(
            "no complete frame within the {} read deadline",
            humantime::format_duration(d)
        ))),
        Err(FrameError::Io(e)) => Err(ProtoError::Closed(format!("stream ended: {e}"))),
    }
}

async fn send(shared: &Shared, stream: &mut Stream, frame: &HandshakeFrame) -> bool {
    let deadline = shared.cfg.handshake.read_timeout;
    write_frame(stream, &frame.encode(), HANDSHAKE_FRAME_CAP, deadline)
        .await
        .is_ok()
}

/// A peer that stops answering once we have signed for it made us spend a signature
/// (on a TPM, HSM, KMS or ssh-agent, real time, money or a prompt): unlike a timeout
/// before any work, that counts toward its block, as a malformed exchange.
fn after_signing(r: Result<HandshakeFrame, ProtoError>) -> Result<HandshakeFrame, ProtoError> {
    r.map_err(|e| match e {
        ProtoError::Deadline(why) | ProtoError::Closed(why) => {
            ProtoError::Malformed(format!("{why} after our signed message"))
        }
        other => other,
    })
}

/// Reads the next frame (`signed`: after we signed for the peer, see [`after_signing`]);
/// on failure records it, answers with a reject and drops the connection, returning
/// `None`.
async fn read_or_fail(
    shared: &Arc<Shared>,
    peer: PeerId,
    stream: &mut Stream,
    signed: bool,
) -> Option<HandshakeFrame> {
    let r = read(shared, stream).await;
    match if signed { after_signing(r) } else { r } {
        Ok(f) => Some(f),
        Err(e) => {
            fail(shared, peer, stream, &e, true).await;
            None
        }
    }
}

/// Records the failure, tells the peer (best effort) and drops the connection.
async fn fail(
    shared: &Arc<Shared>,
    peer: PeerId,
    stream: &mut Stream,
    err: &ProtoError,
    send_reject: bool,
) {
    if let ProtoError::UnknownPeer(did) = err {
        // First contact: recorded once per peer (with a count in `trust pending`), never
        // counted toward a block; retries only bump the count.
        if shared.note_pending(did.clone(), peer) {
            shared.security_event(
                SecurityEventKind::UnknownPeer,
                peer,
                format!("{err}; pending until an operator runs `lango-node trust approve {did}`"),
            );
        } else {
            tracing::debug!(peer = %peer, "pending peer {did} tried again");
        }
    } else if let Some(kind) = err.security_event() {
        shared.security_event(kind, peer, err.to_string());
    } else if let ProtoError::Rejected(code) = err {
        // The remote refused us: said once per change, not on every retry (a peer that
        // has not trusted us yet refuses every attempt until its operator does).
        let repeat = {
            let mut core = shared.core();
            if core.refused_by.len() >= MAX_REFUSED_BY && !core.refused_by.contains_key(&peer) {
                // Bounded: a stranger that sends rejects from fresh PeerIds fills nothing.
                core.refused_by.clear();
            }
            core.refused_by.insert(peer, *code) == Some(*code)
        };
        let hint = match code {
            RejectCode::UnknownPeer => {
                "it does not trust us (yet): its operator runs `lango-node trust approve <our DID>`; \
                 retrying with backoff"
            }
            RejectCode::Blocked => "it has blocked us; retrying with backoff",
            _ => "retrying with backoff",
        };
        if repeat {
            tracing::debug!(peer = %peer, "handshake refused again: {err}");
        } else {
            tracing::warn!(peer = %peer, "handshake refused by the remote node: {err}; {hint}");
        }
    } else if let ProtoError::LocalSigner(why) = err {
        tracing::error!(peer = %peer, "cannot sign for the handshake, refusing it: {why}");
    } else if let ProtoError::LocalStore(why) = err {
        tracing::error!(
            peer = %peer,
            "cannot persist the replay cache, refusing handshakes until it can: {why}"
        );
    } else if let ProtoError::Closed(why) = err {
        tracing::debug!(peer = %peer, "handshake stream ended early: {why}");
    } else {
        tracing::info!(peer = %peer, "handshake failed: {err}");
    }
    if send_reject {
        let _ = send(shared, stream, &HandshakeFrame::Reject(err.reject_code())).await;
    }
    close_stream(shared, stream).await;
    // A peer that failed to authenticate keeps no connection, unless it already holds a
    // session from an earlier handshake (a failed renewal does not end a good session).
    // The cut comes a moment later, so that the reject just written is not lost with the
    // connection when the peer is slow to read it; the handler itself returns now.
    let shared = shared.clone();
    tokio::spawn(async move {
        tokio::time::sleep(REJECT_LINGER).await;
        // Another handshake of this peer still running answers (and cuts) for itself:
        // cutting now would lose its reply.
        if !shared.has_session(&peer) && shared.limits.in_flight(&peer) == 0 {
            let _ = shared.swarm_tx.send(SwarmCommand::Disconnect(peer));
        }
    });
}

/// Remote refusals remembered (to log each change once), at most.
const MAX_REFUSED_BY: usize = 1024;

/// How long a refused peer's connection stays up after the reject, for it to be read.
const REJECT_LINGER: std::time::Duration = std::time::Duration::from_millis(200);

/// Runs the initiator side on a new stream to `peer`, unless one runs already. Two
/// connections that come up together (a relayed one and the direct one a hole punch
/// made) would otherwise each start one, and two sessions of the *same* direction can
/// complete in opposite orders on the two sides, each side keeping another one (the
/// race rule of `SessionTable::insert` settles only opposite directions): every call
/// would then be refused until the next renewal. A connection left without a session
/// this way is closed after the grace period and dialed again.
pub(super) async fn initiate(shared: Arc<Shared>, peer: PeerId) {
    if !shared.core().initiating.insert(peer) {
        tracing::debug!(peer = %peer, "an initiator handshake with this peer runs already");
        return;
    }
    // Taken out however the handshake ends (a panic or a cancelled task included):
    // an entry left behind would keep us from ever handshaking with the peer again.
    struct Running<'a>(&'a Shared, PeerId);
    impl Drop for Running<'_> {
        fn drop(&mut self) {
            self.0.core().initiating.remove(&self.1);
        }
    }
    let _running = Running(&shared, peer);
    initiate_once(&shared, peer).await;
}

/// Closes a handshake stream, waiting at most one read deadline: a peer that stops
/// reading (a zero window) must not hold the task, and the one-initiator slot, forever.
async fn close_stream(shared: &Shared, stream: &mut Stream) {
    let _ = tokio::time::timeout(shared.cfg.handshake.read_timeout, stream.close()).await;
}

async fn initiate_once(shared: &Arc<Shared>, peer: PeerId) {
    let mut control = shared.streams.clone();
    let _flight = shared.flights.begin(peer, super::drain::Way::Out);
    // A stream can land on a connection that is closing (a replaced or revoked one);
    // retry briefly before giving up. Each attempt is bounded: libp2p-stream queues a
    // stream for a peer it sees no connection to until a new connection comes.
    let deadline = shared.cfg.handshake.read_timeout;
    let mut attempt = 0;
    let mut stream = loop {
        let opened = tokio::time::timeout(deadline, control.open_stream(peer, PROTOCOL))
            .await
            .unwrap_or_else(|_| {
                Err(libp2p_stream::OpenStreamError::Io(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    format!(
                        "no connection took the stream within {} s",
                        deadline.as_secs()
                    ),
                )))
            });
        match opened {
            Ok(s) => break s,
            Err(e) if attempt < 3 => {
                attempt += 1;
                tracing::debug!(peer = %peer, "handshake stream attempt {attempt} failed: {e}");
                tokio::time::sleep(std::time::Duration::from_millis(50 * attempt)).await;
            }
            Err(e) => {
                // Most often the connection closed under us (a refused or replaced one);
                // the dial loop retries with backoff.
                tracing::debug!(peer = %peer, "cannot open handshake stream: {e}");
                if !shared.has_session(&peer) {
                    let _ = shared.swarm_tx.send(SwarmCommand::Disconnect(peer));
                }
                return;
            }
        }
    };
    let (state, hello) = ExpectResponse::start(
        hs_config(shared),
        shared.local_key,
        PeerIdBytes(shared.local_peer.to_bytes()),
        PeerIdBytes(peer.to_bytes()),
        clock::now(),
        &mut OsRng,
    );
    if !send(shared, &mut stream, &hello).await {
        return;
    }
    let Some(frame) = read_or_fail(shared, peer, &mut stream, false).await else {
        return;
    };
    // Signs (a hardware signer may take long): off the async workers, no lock held.
    let step = shared
        .off_worker(move |sh| {
            state.handle(
                frame,
                clock::now(),
                &*sh.signer,
                &CoreView(sh),
                &mut CoreView(sh),
            )
        })
        .await
        .unwrap_or_else(|| Err(ProtoError::LocalSigner("the signing task failed".into())));
    let (state, finish) = match step {
        Ok(x) => x,
        Err(ProtoError::UnknownPeer(did)) if expects_other(shared, peer, &did) => {
            // We dialed this PeerId because a record of a trusted key named it, and it
            // proved a key we do not know: the record's fault, not a stranger's attempt
            // at contact (so no pending entry).
            return record_mismatch(shared, peer, &mut stream, &did).await;
        }
        Err(e) => {
            let reply = !matches!(e, ProtoError::Rejected(_));
            return fail(shared, peer, &mut stream, &e, reply).await;
        }
    };
    if !send(shared, &mut stream, &finish).await {
        return;
    }
    let outcome = match after_signing(read(shared, &mut stream).await).and_then(|f| state.handle(f))
    {
        Ok(est) => est,
        Err(e) => return fail(shared, peer, &mut stream, &e, false).await,
    };
    let now = clock::now();
    let session = outcome.into_session(now, shared.cfg.session.ttl.as_millis() as u64);
    let did = session.remote_did().to_string();
    // We dialed this PeerId because a peer record said another key answers on it: the
    // record lied (or the key moved); no session.
    // One check per record-driven dial: renewals and later dials are not affected.
    if expects_other(shared, peer, &did) {
        return record_mismatch(shared, peer, &mut stream, &did).await;
    }
    shared.core().net.expected.remove(&peer);
    if shared.install_session(session) {
        tracing::info!(peer = %peer, did = %did, "session established (outbound)");
    } else if !shared.has_session(&peer) {
        let _ = shared.swarm_tx.send(SwarmCommand::Disconnect(peer));
    }
    close_stream(shared, &mut stream).await;
}

/// Whether a peer record made us expect another key than `did` on `peer`.
fn expects_other(shared: &Shared, peer: PeerId, did: &str) -> bool {
    shared
        .core()
        .net
        .expected
        .get(&peer)
        .is_some_and(|(k, _)| k.did().as_str() != did)
}

/// Refuses the handshake with `peer` that a record-driven dial led to: the record named
/// this PeerId for one key and the handshake proves `did`.
async fn record_mismatch(shared: &Shared, peer: PeerId, stream: &mut Stream, did: &str) {
    let want = shared
        .core()
        .net
        .expected
        .remove(&peer)
        .map(|(k, _)| k.did());
    shared.security_event(
        lango_protocol::events::SecurityEventKind::RecordMismatch,
        peer,
        format!(
            "peer record mismatch: a signed record or last-known address of {} named this PeerId, whose handshake proves {did}",
            want.map(|d| d.to_string()).unwrap_or_default()
        ),
    );
    close_stream(shared, stream).await;
    let _ = shared.swarm_tx.send(SwarmCommand::Disconnect(peer));
}

/// Runs the responder side on an inbound stream from `peer`.
pub(super) async fn respond(shared: Arc<Shared>, peer: PeerId, mut stream: Stream) {
    if shared.peer_blocked(&peer) {
        let _ = send(
            &shared,
            &mut stream,
            &HandshakeFrame::Reject(RejectCode::Blocked),
        )
        .await;
        let _ = shared.swarm_tx.send(SwarmCommand::Disconnect(peer));
        return;
    }
    let _slot = match shared.limits.admit(peer) {
        Ok(slot) => slot,
        Err(refusal) => {
            let code = match refusal {
                Refusal::RateLimited(..) | Refusal::GlobalRate(..) | Refusal::Flood(..) => {
                    RejectCode::RateLimited
                }
                Refusal::Busy(_) | Refusal::GlobalBusy(_) => RejectCode::Busy,
            };
            shared.security_event(
                refusal.event(),
                peer,
                format!(
                    "handshake refused before any signature work: {}",
                    refusal.why()
                ),
            );
            let _ = send(&shared, &mut stream, &HandshakeFrame::Reject(code)).await;
            close_stream(&shared, &mut stream).await;
            return;
        }
    };
    let Some(frame) = read_or_fail(&shared, peer, &mut stream, false).await else {
        return;
    };
    let state = ExpectHello::new(
        hs_config(&shared),
        PeerIdBytes(shared.local_peer.to_bytes()),
        PeerIdBytes(peer.to_bytes()),
    );
    // Signs (a hardware signer may take long): off the async workers, no lock held.
    let step = shared
        .off_worker(move |sh| {
            state.handle(
                frame,
                clock::now(),
                &*sh.signer,
                &CoreView(sh),
                &mut CoreView(sh),
                &mut OsRng,
            )
        })
        .await
        .unwrap_or_else(|| Err(ProtoError::LocalSigner("the signing task failed".into())));
    let (state, response) = match step {
        Ok(x) => x,
        Err(e) => return fail(&shared, peer, &mut stream, &e, true).await,
    };
    if !send(&shared, &mut stream, &response).await {
        return;
    }
    let Some(frame) = read_or_fail(&shared, peer, &mut stream, true).await else {
        return;
    };
    let step = state.handle(
        frame,
        clock::now(),
        &CoreView(&shared),
        &mut CoreView(&shared),
    );
    let (established, accept) = match step {
        Ok(x) => x,
        Err(e) => return fail(&shared, peer, &mut stream, &e, true).await,
    };
    let session = established.into_session(clock::now(), shared.cfg.session.ttl.as_millis() as u64);
    let did = session.remote_did().to_string();
    if !shared.install_session(session) {
        // Revoked, blocked or removed while the handshake was in flight.
        let _ = send(
            &shared,
            &mut stream,
            &HandshakeFrame::Reject(RejectCode::Blocked),
        )
        .await;
        close_stream(&shared, &mut stream).await;
        let _ = shared.swarm_tx.send(SwarmCommand::Disconnect(peer));
        return;
    }
    if !send(&shared, &mut stream, &accept).await {
        tracing::info!(peer = %peer, "peer went away before our accept");
    }
    tracing::info!(peer = %peer, did = %did, "session established (inbound)");
    shared.audit(
        "handshake",
        json!({"did": did, "peer_id": peer.to_string(), "direction": "inbound"}),
    );
    close_stream(&shared, &mut stream).await;
}
