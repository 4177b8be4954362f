//! `/lango/ping/1.0.0`: the smallest authenticated request. It goes through the same
//! authorisation every request type uses ([`super::authorize`]), so operators and tests
//! can check that a session works, and that a revoked one does not.

use std::sync::Arc;
use std::time::Duration;

use futures::AsyncWriteExt;
use libp2p::{PeerId, Stream, StreamProtocol};
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

use lango_protocol::events::SecurityEventKind;
use lango_protocol::session::SessionError;

use super::authorize::{authorize, Denied};
use super::exchange;
use super::framed::{read_inbound, write_frame};
use super::state::Shared;

/// The ping protocol id.
pub const PROTOCOL: StreamProtocol = StreamProtocol::new("/lango/ping/1.0.0");
const CAP: usize = 1024;

/// Request body: `{"session_id": bytes(16), "nonce": bytes(16)}`.
#[derive(Serialize, Deserialize, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PingRequest {
    /// The caller's session id with us.
    pub session_id: ByteBuf,
    /// Echoed back.
    pub nonce: ByteBuf,
}

/// Response body: `{"status": "ok" | "no_session" | "wrong_session" | "expired" | "bad_request", "nonce": bytes}`.
#[derive(Serialize, Deserialize, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PingResponse {
    /// Outcome.
    pub status: String,
    /// The request's nonce.
    pub nonce: ByteBuf,
}

/// Full recognition before processing: one CBOR item, no trailing bytes, exact lengths.
pub(crate) fn parse_request(body: &[u8]) -> Result<PingRequest, String> {
    let mut cursor = std::io::Cursor::new(body);
    let req: PingRequest = ciborium::from_reader(&mut cursor).map_err(|e| e.to_string())?;
    if cursor.position() as usize != body.len() {
        return Err("trailing bytes after the CBOR item".into());
    }
    if req.session_id.len() != 16 || req.nonce.len() != 16 {
        return Err("session_id and nonce must be 16 bytes each".into());
    }
    Ok(req)
}

/// The caller's decoder: one CBOR item read from the front (the nonce is then compared
/// with the one sent).
pub(crate) fn parse_response(body: &[u8]) -> Result<PingResponse, String> {
    ciborium::from_reader(body).map_err(|e| format!("bad ping response: {e}"))
}

fn status_of(e: &Denied) -> &'static str {
    match e {
        Denied::Session(SessionError::NoSession) => "no_session",
        Denied::Session(SessionError::WrongId) => "wrong_session",
        Denied::Session(SessionError::Expired) => "expired",
        _ => "denied",
    }
}

fn cbor<T: Serialize>(v: &T) -> Vec<u8> {
    let mut out = Vec::new();
    // Serialising a plain struct into a Vec cannot fail.
    let _ = ciborium::into_writer(v, &mut out);
    out
}

/// Serves one inbound ping stream.
pub(super) async fn serve(shared: Arc<Shared>, peer: PeerId, mut stream: Stream) {
    let deadline = shared.cfg.handshake.read_timeout;
    let Some(body) = read_inbound(&shared, peer, &mut stream, CAP, deadline, "ping").await else {
        return;
    };
    let req = match parse_request(&body) {
        Ok(r) => r,
        Err(e) => {
            shared.security_event(
                SecurityEventKind::MalformedFrame,
                peer,
                format!("ping: {e}"),
            );
            let resp = PingResponse {
                status: "bad_request".into(),
                nonce: ByteBuf::new(),
            };
            let _ = write_frame(&mut stream, &cbor(&resp), CAP, deadline).await;
            let _ = stream.close().await;
            return;
        }
    };
    let status = match authorize(&shared, peer, &req.session_id) {
        Ok(_) => "ok",
        Err(e) => {
            shared.security_event(
                SecurityEventKind::AclDenied,
                peer,
                format!("ping refused: {e}"),
            );
            status_of(&e)
        }
    };
    let resp = PingResponse {
        status: status.into(),
        nonce: req.nonce,
    };
    let _ = write_frame(&mut stream, &cbor(&resp), CAP, deadline).await;
    let _ = stream.close().await;
}

/// Pings `peer` with `session_id`; returns the status and the round-trip time.
pub(super) async fn ping(
    shared: &Shared,
    peer: PeerId,
    session_id: [u8; 16],
) -> Result<(String, Duration), String> {
    let deadline = shared.cfg.handshake.read_timeout;
    let start = std::time::Instant::now();
    let nonce: [u8; 16] = rand::random();
    let req = PingRequest {
        session_id: ByteBuf::from(session_id.to_vec()),
        nonce: ByteBuf::from(nonce.to_vec()),
    };
    let body = exchange::request(shared, peer, PROTOCOL, &cbor(&req), CAP, deadline).await?;
    let resp = parse_response(&body)?;
    if resp.nonce.as_ref() != nonce {
        return Err("ping response echoes another nonce".into());
    }
    Ok((resp.status, start.elapsed()))
}
