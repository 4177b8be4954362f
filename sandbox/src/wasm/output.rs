//! The guest's stdout and stderr: two in-memory pipes sharing one byte cap.
//!
//! A write that would go past the cap keeps the bytes that fit, marks the pipe as over
//! the cap and traps the guest, so the call ends at once with `Termination::OutputLimit`
//! (the same "kill it, keep what fits" rule the other back ends apply).

use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};

use bytes::Bytes;
use tokio::io::AsyncWrite;
use wasmtime_wasi::cli::{IsTerminal, StdoutStream};
use wasmtime_wasi::p2::{OutputStream, Pollable, StreamError, StreamResult};

/// Which of the two streams a handle writes to.
#[derive(Clone, Copy, Debug)]
enum Which {
    Stdout,
    Stderr,
}

#[derive(Debug, Default)]
struct Buffers {
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    cap: usize,
    over: bool,
}

impl Buffers {
    fn room(&self) -> usize {
        self.cap
            .saturating_sub(self.stdout.len() + self.stderr.len())
    }

    /// Appends what fits; returns false (and remembers it) when `data` did not fit.
    fn push(&mut self, which: Which, data: &[u8]) -> bool {
        let fits = data.len().min(self.room());
        let buf = match which {
            Which::Stdout => &mut self.stdout,
            Which::Stderr => &mut self.stderr,
        };
        buf.extend_from_slice(&data[..fits]);
        if fits < data.len() {
            self.over = true;
        }
        fits == data.len()
    }
}

/// Both output streams of one call, under one cap.
#[derive(Clone, Debug)]
pub(crate) struct CappedOutput {
    buffers: Arc<Mutex<Buffers>>,
}

/// What the guest wrote, read once the call is over.
#[derive(Debug)]
pub(crate) struct Captured {
    pub(crate) stdout: Vec<u8>,
    pub(crate) stderr: Vec<u8>,
    pub(crate) over_cap: bool,
}

impl CappedOutput {
    /// Empty pipes holding at most `cap` bytes together.
    pub(crate) fn new(cap: usize) -> CappedOutput {
        CappedOutput {
            buffers: Arc::new(Mutex::new(Buffers {
                cap,
                ..Buffers::default()
            })),
        }
    }

    /// The handle the guest's stdout goes to.
    pub(crate) fn stdout(&self) -> CappedStream {
        CappedStream {
            buffers: self.buffers.clone(),
            which: Which::Stdout,
        }
    }

    /// The handle the guest's stderr goes to.
    pub(crate) fn stderr(&self) -> CappedStream {
        CappedStream {
            buffers: self.buffers.clone(),
            which: Which::Stderr,
        }
    }

    /// Whether a write went over the cap (checked right after the guest ends).
    pub(crate) fn over_cap(&self) -> bool {
        lock(&self.buffers).over
    }

    /// Takes what was written.
    pub(crate) fn take(&self) -> Captured {
        let mut b = lock(&self.buffers);
        Captured {
            stdout: std::mem::take(&mut b.stdout),
            stderr: std::mem::take(&mut b.stderr),
            over_cap: b.over,
        }
    }
}

/// A poisoned lock only means another writer panicked mid-append; the bytes are still
/// plain bytes, so the data is used as is.
fn lock(m: &Mutex<Buffers>) -> MutexGuard<'_, Buffers> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// One of the two streams; cloned freely by WASI (every handle shares the buffers).
#[derive(Clone, Debug)]
pub(crate) struct CappedStream {
    buffers: Arc<Mutex<Buffers>>,
    which: Which,
}

const OVER_CAP: &str = "output over the cap (stdout + stderr)";

impl OutputStream for CappedStream {
    fn write(&mut self, bytes: Bytes) -> StreamResult<()> {
        if lock(&self.buffers).push(self.which, &bytes) {
            Ok(())
        } else {
            Err(StreamError::trap(OVER_CAP))
        }
    }

    fn flush(&mut self) -> StreamResult<()> {
        Ok(())
    }

    fn check_write(&mut self) -> StreamResult<usize> {
        // At the cap we still grant one byte: a guest that wrote exactly the cap and
        // stops is fine, and one that tries to write more reaches `write`, which flags
        // it and traps. Returning 0 would make WASI wait for readiness forever.
        Ok(lock(&self.buffers).room().max(1))
    }
}

#[wasmtime_wasi::async_trait]
impl Pollable for CappedStream {
    async fn ready(&mut self) {}
}

impl AsyncWrite for CappedStream {
    fn poll_write(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if lock(&self.buffers).push(self.which, buf) {
            Poll::Ready(Ok(buf.len()))
        } else {
            Poll::Ready(Err(io::Error::other(OVER_CAP)))
        }
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

impl IsTerminal for CappedStream {
    fn is_terminal(&self) -> bool {
        false
    }
}

impl StdoutStream for CappedStream {
    fn p2_stream(&self) -> Box<dyn OutputStream> {
        Box::new(self.clone())
    }

    fn async_stream(&self) -> Box<dyn AsyncWrite + Send + Sync> {
        Box::new(self.clone())
    }
}
