//! Length-prefixed frames over a libp2p stream, with a size cap and a read deadline.

use std::time::Duration;

use futures::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use lango_protocol::framing::{body_len, encode_frame, PREFIX_LEN};

/// Why a frame could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    /// No complete frame before the deadline.
    #[error("no complete frame within {0:?}")]
    Deadline(Duration),
    /// The stream failed or closed.
    #[error("stream: {0}")]
    Io(#[from] std::io::Error),
    /// Announced length over the cap, or empty.
    #[error(transparent)]
    Protocol(#[from] lango_protocol::Error),
}

/// Reads one frame body; the cap is enforced on the prefix before any body byte is read.
pub async fn read_frame<S: AsyncRead + Unpin>(
    stream: &mut S,
    cap: usize,
    deadline: Duration,
) -> Result<Vec<u8>, FrameError> {
    let fut = async {
        let mut prefix = [0u8; PREFIX_LEN];
        stream.read_exact(&mut prefix).await?;
        let len = body_len(prefix, cap)?;
        let mut body = vec![0u8; len];
        stream.read_exact(&mut body).await?;
        Ok(body)
    };
    tokio::time::timeout(deadline, fut)
        .await
        .map_err(|_| FrameError::Deadline(deadline))?
}

/// Reads the one request frame of an inbound stream from `peer`. A frame that breaks the
/// protocol (over the cap, empty) is a security event named after `what`; a stream that
/// fails or times out is only logged. None when there is no body to answer.
pub(super) async fn read_inbound<S: AsyncRead + Unpin>(
    shared: &super::state::Shared,
    peer: libp2p::PeerId,
    stream: &mut S,
    cap: usize,
    deadline: Duration,
    what: &str,
) -> Option<Vec<u8>> {
    match read_frame(stream, cap, deadline).await {
        Ok(b) => Some(b),
        Err(FrameError::Protocol(e)) => {
            if let Some(kind) = e.security_event() {
                shared.security_event(kind, peer, format!("{what}: {e}"));
            }
            None
        }
        Err(e) => {
            tracing::debug!(peer = %peer, "{what} stream failed: {e}");
            None
        }
    }
}

/// Writes one frame and flushes.
pub async fn write_frame<S: AsyncWrite + Unpin>(
    stream: &mut S,
    body: &[u8],
    cap: usize,
    deadline: Duration,
) -> Result<(), FrameError> {
    let frame = encode_frame(body, cap)?;
    tokio::time::timeout(deadline, async {
        stream.write_all(&frame).await?;
        stream.flush().await
    })
    .await
    .map_err(|_| FrameError::Deadline(deadline))??;
    Ok(())
}
