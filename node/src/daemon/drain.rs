//! Draining connections: a connection we no longer want (a relayed one once a direct one
//! exists) is not cut under the streams it carries. Every connection's handler here keeps
//! it alive until the node asks it to drain; from then on the swarm closes it once it has
//! carried no stream for the idle timeout, so a call already in flight on it finishes.
//! `relays.rs` closes one that is still busy after [`DRAIN_MAX_MS`].

use std::collections::HashMap;
use std::convert::Infallible;
use std::task::{Context, Poll, Waker};

use libp2p::core::transport::PortUse;
use libp2p::core::upgrade::DeniedUpgrade;
use libp2p::core::Endpoint;
use libp2p::swarm::handler::ConnectionEvent;
use libp2p::swarm::{
    ConnectionDenied, ConnectionHandlerEvent, ConnectionId, FromSwarm, NetworkBehaviour,
    NotifyHandler, SubstreamProtocol, THandler, THandlerInEvent, THandlerOutEvent, ToSwarm,
};
use libp2p::{Multiaddr, PeerId};

use lango_protocol::UnixMillis;

/// How long a draining connection may go on carrying streams before it is closed anyway
/// (a relayed circuit used by a stream of new calls would otherwise never go idle).
pub const DRAIN_MAX_MS: u64 = 5 * 60_000;

/// Keeps every connection alive until it is told to drain.
#[derive(Default)]
pub struct Drain {
    /// Connections draining, with when they started to.
    draining: HashMap<ConnectionId, UnixMillis>,
    /// Handlers still to be told.
    pending: Vec<(PeerId, ConnectionId)>,
    waker: Option<Waker>,
}

impl Drain {
    /// Lets `id` close once it carries no stream. Returns false when it already drains.
    pub fn drain(&mut self, peer: PeerId, id: ConnectionId, now: UnixMillis) -> bool {
        if self.draining.contains_key(&id) {
            return false;
        }
        self.draining.insert(id, now);
        self.pending.push((peer, id));
        if let Some(w) = self.waker.take() {
            w.wake();
        }
        true
    }

    /// Draining connections still open [`DRAIN_MAX_MS`] after they began to drain.
    pub fn overdue(&self, now: UnixMillis) -> Vec<ConnectionId> {
        self.draining
            .iter()
            .filter(|(_, at)| now.0.saturating_sub(at.0) >= DRAIN_MAX_MS)
            .map(|(id, _)| *id)
            .collect()
    }
}

impl NetworkBehaviour for Drain {
    type ConnectionHandler = Handler;
    type ToSwarm = Infallible;

    fn handle_established_inbound_connection(
        &mut self,
        _: ConnectionId,
        _: PeerId,
        _: &Multiaddr,
        _: &Multiaddr,
    ) -> Result<THandler<Self>, ConnectionDenied> {
        Ok(Handler { keep_alive: true })
    }

    fn handle_established_outbound_connection(
        &mut self,
        _: ConnectionId,
        _: PeerId,
        _: &Multiaddr,
        _: Endpoint,
        _: PortUse,
    ) -> Result<THandler<Self>, ConnectionDenied> {
        Ok(Handler { keep_alive: true })
    }

    fn on_swarm_event(&mut self, event: FromSwarm) {
        if let FromSwarm::ConnectionClosed(c) = event {
            self.draining.remove(&c.connection_id);
            self.pending.retain(|(_, id)| *id != c.connection_id);
        }
    }

    fn on_connection_handler_event(
        &mut self,
        _: PeerId,
        _: ConnectionId,
        e: THandlerOutEvent<Self>,
    ) {
        match e {}
    }

    fn poll(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<ToSwarm<Self::ToSwarm, THandlerInEvent<Self>>> {
        match self.pending.pop() {
            Some((peer_id, id)) => Poll::Ready(ToSwarm::NotifyHandler {
                peer_id,
                handler: NotifyHandler::One(id),
                event: (),
            }),
            None => {
                self.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

/// A connection's keep-alive: true until the behaviour says drain.
pub struct Handler {
    keep_alive: bool,
}

impl libp2p::swarm::ConnectionHandler for Handler {
    type FromBehaviour = ();
    type ToBehaviour = Infallible;
    type InboundProtocol = DeniedUpgrade;
    type OutboundProtocol = DeniedUpgrade;
    type InboundOpenInfo = ();
    type OutboundOpenInfo = ();

    fn listen_protocol(&self) -> SubstreamProtocol<Self::InboundProtocol> {
        SubstreamProtocol::new(DeniedUpgrade, ())
    }

    fn connection_keep_alive(&self) -> bool {
        self.keep_alive
    }

    fn on_behaviour_event(&mut self, (): ()) {
        self.keep_alive = false;
    }

    fn poll(
        &mut self,
        _: &mut Context<'_>,
    ) -> Poll<ConnectionHandlerEvent<Self::OutboundProtocol, (), Self::ToBehaviour>> {
        Poll::Pending
    }

    fn on_connection_event(
        &mut self,
        _: ConnectionEvent<Self::InboundProtocol, Self::OutboundProtocol>,
    ) {
        // No protocol of its own: nothing is ever negotiated on this handler.
    }
}

#[cfg(test)]
mod tests {
    //! Two real swarms over libp2p's in-memory transport (Noise, Yamux), each with the
    //! drain behaviour and raw streams, as the daemon runs them.

    use std::time::Duration;

    use futures::{AsyncReadExt, AsyncWriteExt, StreamExt};
    use libp2p::core::{transport::MemoryTransport, upgrade::Version, Transport};
    use libp2p::swarm::{NetworkBehaviour, SwarmEvent};
    use libp2p::{noise, yamux, StreamProtocol, Swarm};
    use tokio::sync::mpsc;

    use super::*;

    const PROTO: StreamProtocol = StreamProtocol::new("/lango/drain-test/1");
    const IDLE: Duration = Duration::from_millis(300);

    #[derive(NetworkBehaviour)]
    struct B {
        streams: libp2p_stream::Behaviour,
        drain: Drain,
    }

    enum Cmd {
        Dial(Multiaddr),
        Drain(PeerId, ConnectionId),
    }

    #[derive(Debug)]
    enum Seen {
        Listening(Multiaddr),
        Up(PeerId, ConnectionId),
        Down(ConnectionId),
    }

    struct Node {
        id: PeerId,
        control: libp2p_stream::Control,
        cmd: mpsc::UnboundedSender<Cmd>,
        seen: mpsc::UnboundedReceiver<Seen>,
    }

    fn node(listen: bool) -> Node {
        let mut s: Swarm<B> = libp2p::SwarmBuilder::with_new_identity()
            .with_tokio()
            .with_other_transport(|k| {
                Ok(MemoryTransport::default()
                    .upgrade(Version::V1)
                    .authenticate(noise::Config::new(k)?)
                    .multiplex(yamux::Config::default()))
            })
            .expect("memory transport with noise and yamux")
            .with_behaviour(|_| B {
                streams: libp2p_stream::Behaviour::new(),
                drain: Drain::default(),
            })
            .expect("infallible behaviour")
            .with_swarm_config(|c| c.with_idle_connection_timeout(IDLE))
            .build();
        if listen {
            s.listen_on("/memory/0".parse().expect("memory address"))
                .expect("listen on memory");
        }
        let id = *s.local_peer_id();
        let control = s.behaviour().streams.new_control();
        let (cmd, mut commands) = mpsc::unbounded_channel();
        let (tx, seen) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    e = s.select_next_some() => {
                        let e = match e {
                            SwarmEvent::NewListenAddr { address, .. } => Seen::Listening(address),
                            SwarmEvent::ConnectionEstablished { peer_id, connection_id, .. } => {
                                Seen::Up(peer_id, connection_id)
                            }
                            SwarmEvent::ConnectionClosed { connection_id, .. } => Seen::Down(connection_id),
                            _ => continue,
                        };
                        let _ = tx.send(e);
                    }
                    c = commands.recv() => match c {
                        Some(Cmd::Dial(a)) => s.dial(a).expect("dial"),
                        Some(Cmd::Drain(p, c)) => {
                            s.behaviour_mut().drain.drain(p, c, UnixMillis(0));
                        }
                        None => break,
                    },
                }
            }
        });
        Node {
            id,
            control,
            cmd,
            seen,
        }
    }

    async fn next(n: &mut Node) -> Seen {
        tokio::time::timeout(Duration::from_secs(20), n.seen.recv())
            .await
            .expect("a swarm event within 20 s")
            .expect("the swarm task runs")
    }

    /// Nothing closed on `n` while the swarms run for `d`.
    async fn no_close_for(n: &mut Node, d: Duration) {
        tokio::time::sleep(d).await;
        while let Ok(e) = n.seen.try_recv() {
            assert!(!matches!(e, Seen::Down(_)), "a connection closed: {e:?}");
        }
    }

    async fn echo(s: &mut libp2p::Stream, msg: &[u8; 4]) {
        s.write_all(msg).await.expect("write");
        s.flush().await.expect("flush");
        let mut back = [0u8; 4];
        s.read_exact(&mut back).await.expect("read the echo");
        assert_eq!(&back, msg);
    }

    #[tokio::test]
    async fn a_draining_connection_finishes_its_stream_and_only_then_closes() {
        let mut b = node(true);
        let Seen::Listening(addr) = next(&mut b).await else {
            panic!("b did not listen first")
        };
        let mut incoming = b.control.accept(PROTO).expect("one acceptor");
        tokio::spawn(async move {
            while let Some((_, mut s)) = incoming.next().await {
                tokio::spawn(async move {
                    let mut buf = [0u8; 4];
                    while s.read_exact(&mut buf).await.is_ok() {
                        if s.write_all(&buf).await.is_err() || s.flush().await.is_err() {
                            break;
                        }
                    }
                });
            }
        });
        let mut a = node(false);
        a.cmd.send(Cmd::Dial(addr)).expect("a runs");
        let conn = match next(&mut a).await {
            Seen::Up(p, c) if p == b.id => c,
            e => panic!("expected a connection to b, saw {e:?}"),
        };
        // Not draining: the connection outlives the idle timeout with no stream on it.
        no_close_for(&mut a, IDLE * 4).await;

        let mut s = a.control.open_stream(b.id, PROTO).await.expect("a stream");
        echo(&mut s, b"ping").await;
        a.cmd.send(Cmd::Drain(b.id, conn)).expect("a runs");
        // Draining with a stream open: the connection stays, and the stream still works.
        no_close_for(&mut a, IDLE * 4).await;
        echo(&mut s, b"pong").await;
        // The stream ends: the connection closes on its own.
        s.close().await.expect("close the stream");
        drop(s);
        match next(&mut a).await {
            Seen::Down(c) => assert_eq!(c, conn),
            e => panic!("expected the drained connection to close, saw {e:?}"),
        }
    }

    #[test]
    fn a_connection_is_drained_once_and_overdue_after_the_cap() {
        let mut d = Drain::default();
        let (p, c) = (PeerId::random(), ConnectionId::new_unchecked(7));
        assert!(d.drain(p, c, UnixMillis(1_000)));
        assert!(
            !d.drain(p, c, UnixMillis(2_000)),
            "a second drain is a no-op"
        );
        assert!(d.overdue(UnixMillis(1_000 + DRAIN_MAX_MS - 1)).is_empty());
        assert_eq!(d.overdue(UnixMillis(1_000 + DRAIN_MAX_MS)), vec![c]);
    }
}
