//! Inbound protocol streams, taken off libp2p on a thread of their own.
//!
//! libp2p-stream hands each inbound stream to its acceptor through a channel with room
//! for one, and drops the stream when that slot is taken (`Channel is full, dropping
//! inbound stream`). Polled from the async runtime, an acceptor can miss its turn when
//! every worker is busy (16 tool calls at once on two cores did it), and the caller sees
//! its stream reset. This thread does nothing but drain the acceptors into an unbounded
//! queue, so an inbound stream is dropped only if the OS does not run it for a whole
//! inter-arrival gap.

use futures::StreamExt;
use libp2p::{PeerId, Stream, StreamProtocol};
use tokio::sync::mpsc;

/// An accepted stream and the protocol it was negotiated for.
pub type Inbound = (StreamProtocol, PeerId, Stream);

/// Starts the acceptor thread for `protocols`; accepted streams arrive on the receiver.
/// The thread ends when the swarm (and with it every acceptor) is gone.
pub fn start(
    control: &mut libp2p_stream::Control,
    protocols: &[StreamProtocol],
) -> anyhow::Result<mpsc::UnboundedReceiver<Inbound>> {
    let mut incoming = Vec::new();
    for p in protocols {
        let s = control
            .accept(p.clone())
            .map_err(|_| anyhow::anyhow!("protocol {p} already registered"))?;
        let p = p.clone();
        incoming.push(
            s.map(move |(peer, stream)| (p.clone(), peer, stream))
                .boxed(),
        );
    }
    let (tx, rx) = mpsc::unbounded_channel();
    std::thread::Builder::new()
        .name("lango-accept".into())
        .spawn(move || {
            futures::executor::block_on(futures::stream::select_all(incoming).for_each(|x| {
                let _ = tx.send(x);
                futures::future::ready(())
            }));
        })?;
    Ok(rx)
}
