//! One request and one response over a fresh stream: what tool calls, tool listings and
//! pings share, including the retry of a stream the callee's libp2p layer dropped unread.

use std::time::{Duration, Instant};

use libp2p::{PeerId, StreamProtocol};

use super::framed::{read_frame, write_frame, FrameError};
use super::state::Shared;

/// Attempts for a request whose stream the callee's libp2p layer dropped unread.
const MAX_ATTEMPTS: u32 = 10;
/// A stream reset this soon after opening, before any response byte, was dropped unread.
const DROP_WINDOW: Duration = Duration::from_secs(2);
/// Time to wait for an answer that may already be on its way when a write failed.
const ANSWER_GRACE: Duration = Duration::from_secs(10);

/// Requests up to this size are written before the response is read, without
/// splitting the stream: a frame this small fits in the stream's send window (yamux
/// gives 256 KiB), so writing it never waits on the callee reading.
const WRITE_FIRST_MAX: usize = 64 * 1024;

/// How one stream exchange failed.
enum Failure {
    /// The stream was reset soon after opening with no response byte: the callee's
    /// libp2p-stream layer dropped it before any handler saw it (it drops inbound streams
    /// it cannot queue). Every handler acts only on a whole request and answers every
    /// request it read, so nothing happened on the callee, and a retry is safe.
    Dropped(String),
    /// Anything else: not retried.
    Failed(String),
}

/// One request on `protocol` to `peer`: `body` out, one response frame (at most
/// `response_cap` bytes, within `read_deadline`) back. A stream dropped unread is
/// retried (up to 10 attempts, with jitter) while the session with `peer` holds; every
/// other failure is returned as one line.
pub async fn request(
    shared: &Shared,
    peer: PeerId,
    protocol: StreamProtocol,
    body: &[u8],
    response_cap: usize,
    read_deadline: Duration,
) -> Result<Vec<u8>, String> {
    request_with_interim(
        shared,
        peer,
        protocol,
        body,
        response_cap,
        read_deadline,
        &mut |_| None,
    )
    .await
}

/// Reads interim frames before the response: `interim` gets each frame and returns
/// the deadline for the next one when the frame was interim, `None` when it is the
/// response.
pub type Interim<'a> = &'a mut (dyn FnMut(&[u8]) -> Option<Duration> + Send);

/// [`request`], where the answer may be preceded by interim frames (at most
/// [`MAX_INTERIM`]): each is handed to `interim`, which says how long to wait for the
/// next frame.
pub async fn request_with_interim(
    shared: &Shared,
    peer: PeerId,
    protocol: StreamProtocol,
    body: &[u8],
    response_cap: usize,
    read_deadline: Duration,
    interim: Interim<'_>,
) -> Result<Vec<u8>, String> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        match once(
            shared,
            peer,
            &protocol,
            body,
            response_cap,
            read_deadline,
            interim,
        )
        .await
        {
            Ok(b) => return Ok(b),
            Err(Failure::Dropped(why)) if attempt < MAX_ATTEMPTS && shared.has_session(&peer) => {
                tracing::debug!(%peer, %protocol, attempt, "stream dropped unread ({why}); retrying");
                // Jitter, so that requests dropped in the same burst do not collide again.
                let ms = 10 * u64::from(attempt) + rand::random::<u64>() % 20;
                tokio::time::sleep(Duration::from_millis(ms)).await;
            }
            Err(Failure::Dropped(why)) | Err(Failure::Failed(why)) => return Err(why),
        }
    }
}

/// Most interim frames before the response.
pub const MAX_INTERIM: usize = lango_protocol::tools::pending::MAX_PENDING_FRAMES;

/// Reads frames until one is not interim. Once an interim frame was read, the callee
/// has acted on the request: a failure after it is never a stream dropped unread (which
/// would be retried).
async fn read_answer<S: futures::AsyncRead + Unpin>(
    s: &mut S,
    cap: usize,
    deadline: Duration,
    interim: Interim<'_>,
    acted: &mut bool,
) -> Result<Vec<u8>, FrameError> {
    let mut deadline = deadline;
    for _ in 0..=MAX_INTERIM {
        let body = read_frame(s, cap, deadline).await?;
        match interim(&body) {
            Some(next) => {
                *acted = true;
                deadline = next;
            }
            None => return Ok(body),
        }
    }
    Err(FrameError::Protocol(lango_protocol::Error::Malformed(
        format!("more than {MAX_INTERIM} interim frames"),
    )))
}

/// One stream: write the request and read the response. A callee that refuses the
/// request from its length prefix answers without reading the body, and that answer must
/// not be lost behind a write that can no longer finish: a large request is written while
/// the response is read, a small one first (see [`WRITE_FIRST_MAX`]).
async fn once(
    shared: &Shared,
    peer: PeerId,
    protocol: &StreamProtocol,
    body: &[u8],
    response_cap: usize,
    read_deadline: Duration,
    interim: Interim<'_>,
) -> Result<Vec<u8>, Failure> {
    let write_deadline = shared.cfg.handshake.read_timeout;
    let opened = Instant::now();
    let mut control = shared.streams.clone();
    let _flight = shared.flights.begin(peer, super::drain::Way::Out);
    // libp2p-stream queues a stream for a peer it sees no connection to until a new
    // connection comes, and negotiates a connection's new streams one at a time: bounded
    // here (three read deadlines, room for a queue of calls on a slow relayed link), so
    // that no call can wait forever.
    let open_deadline = write_deadline * 3;
    let mut s = tokio::time::timeout(open_deadline, control.open_stream(peer, protocol.clone()))
        .await
        .map_err(|_| {
            Failure::Failed(format!(
                "cannot open a {protocol} stream: none opened within {} s (is the peer still connected? `lango-node session list`)",
                open_deadline.as_secs()
            ))
        })?
        .map_err(|e| Failure::Failed(format!("cannot open a {protocol} stream: {e}")))?;
    let mut acted = false;
    let dropped = |e: &FrameError, acted: bool| {
        !acted && matches!(e, FrameError::Io(_)) && opened.elapsed() < DROP_WINDOW
    };
    // The callee may already have answered when the write failed: give it a moment.
    let after_write_error = |we: FrameError, answer: Option<Vec<u8>>| match answer {
        Some(b) => Ok(b),
        None if dropped(&we, false) => Err(Failure::Dropped(format!("sending the request: {we}"))),
        None => Err(Failure::Failed(format!("sending the request: {we}"))),
    };
    let result = if body.len() <= WRITE_FIRST_MAX {
        let r = match write_frame(&mut s, body, body.len(), write_deadline).await {
            Ok(()) => read_answer(&mut s, response_cap, read_deadline, interim, &mut acted).await,
            Err(we) => {
                let read = read_frame(&mut s, response_cap, ANSWER_GRACE);
                let answer = tokio::time::timeout(ANSWER_GRACE, read)
                    .await
                    .ok()
                    .and_then(Result::ok);
                Ok(after_write_error(we, answer)?)
            }
        };
        // The write side stayed open until now: closing it earlier tells the callee we
        // went away. With the response in, the stream is dropped, not closed: the callee
        // is done with it, and a close would wait on the connection's task.
        drop(s);
        r
    } else {
        let (mut rd, mut wr) = futures::AsyncReadExt::split(s);
        let write = std::pin::pin!(write_frame(&mut wr, body, body.len(), write_deadline));
        let read = std::pin::pin!(read_answer(
            &mut rd,
            response_cap,
            read_deadline,
            interim,
            &mut acted
        ));
        match futures::future::select(write, read).await {
            futures::future::Either::Left((Ok(()), read)) => read.await,
            futures::future::Either::Left((Err(we), read)) => {
                let answer = tokio::time::timeout(ANSWER_GRACE, read)
                    .await
                    .ok()
                    .and_then(Result::ok);
                Ok(after_write_error(we, answer)?)
            }
            futures::future::Either::Right((r, _)) => r,
        }
    };
    match result {
        Ok(b) => Ok(b),
        Err(e) if dropped(&e, acted) => Err(Failure::Dropped(format!("no response: {e}"))),
        Err(e) => Err(Failure::Failed(format!("no response: {e}"))),
    }
}
