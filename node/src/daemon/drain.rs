//! Draining connections: a connection we no longer want (a relayed one once a direct one
//! exists) is not cut under the streams it carries. Every connection's handler here keeps
//! it alive until the node asks it to drain; from then on no new stream of ours is opened
//! on it ([`Streams`] hides it from libp2p-stream, which picks any of a peer's
//! connections), and the swarm closes it once it has carried no stream for the idle
//! timeout, so a call already in flight on it finishes. `relays.rs` closes one that is
//! still busy after [`DRAIN_MAX_MS`].

use std::collections::HashMap;
use std::convert::Infallible;
use std::task::{Context, Poll, Waker};

use libp2p::core::transport::PortUse;
use libp2p::core::upgrade::DeniedUpgrade;
use libp2p::core::{ConnectedPoint, Endpoint};
use libp2p::swarm::behaviour::{ConnectionClosed, ConnectionEstablished};
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

/// libp2p-stream's behaviour, with draining connections hidden from it: it opens each
/// new stream on a connection to the peer picked at random, and a stream opened on a
/// draining connection would keep it open (and carry the call through the relay).
pub struct Streams {
    inner: libp2p_stream::Behaviour,
    /// Open connections, so that one can be reported closed to `inner` early.
    open: HashMap<ConnectionId, (PeerId, ConnectedPoint)>,
}

impl Streams {
    /// A new behaviour with no connection.
    pub fn new() -> Self {
        Streams {
            inner: libp2p_stream::Behaviour::new(),
            open: HashMap::new(),
        }
    }

    /// A handle to open and accept streams.
    pub fn new_control(&self) -> libp2p_stream::Control {
        self.inner.new_control()
    }

    /// Stops opening new streams on `id`: libp2p-stream is told it closed (it only
    /// forgets it as a choice; the streams on it and its handler go on).
    pub fn retire(&mut self, id: ConnectionId) {
        if let Some((peer_id, endpoint)) = self.open.remove(&id) {
            self.inner
                .on_swarm_event(FromSwarm::ConnectionClosed(ConnectionClosed {
                    peer_id,
                    connection_id: id,
                    endpoint: &endpoint,
                    cause: None,
                    remaining_established: 0,
                }));
        }
    }
}

impl NetworkBehaviour for Streams {
    type ConnectionHandler = <libp2p_stream::Behaviour as NetworkBehaviour>::ConnectionHandler;
    type ToSwarm = <libp2p_stream::Behaviour as NetworkBehaviour>::ToSwarm;

    fn handle_established_inbound_connection(
        &mut self,
        id: ConnectionId,
        peer: PeerId,
        local: &Multiaddr,
        remote: &Multiaddr,
    ) -> Result<THandler<Self>, ConnectionDenied> {
        self.inner
            .handle_established_inbound_connection(id, peer, local, remote)
    }

    fn handle_established_outbound_connection(
        &mut self,
        id: ConnectionId,
        peer: PeerId,
        addr: &Multiaddr,
        role: Endpoint,
        port_use: PortUse,
    ) -> Result<THandler<Self>, ConnectionDenied> {
        self.inner
            .handle_established_outbound_connection(id, peer, addr, role, port_use)
    }

    fn on_swarm_event(&mut self, event: FromSwarm) {
        match event {
            FromSwarm::ConnectionEstablished(ConnectionEstablished {
                peer_id,
                connection_id,
                endpoint,
                ..
            }) => {
                self.open.insert(connection_id, (peer_id, endpoint.clone()));
            }
            FromSwarm::ConnectionClosed(c) => {
                self.open.remove(&c.connection_id);
            }
            _ => {}
        }
        self.inner.on_swarm_event(event)
    }

    fn on_connection_handler_event(
        &mut self,
        peer: PeerId,
        id: ConnectionId,
        event: THandlerOutEvent<Self>,
    ) {
        self.inner.on_connection_handler_event(peer, id, event)
    }

    fn poll(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<ToSwarm<Self::ToSwarm, THandlerInEvent<Self>>> {
        self.inner.poll(cx)
    }
}

/// A behaviour whose handlers never hold a connection open themselves, leaving that to
/// [`Drain`]. DCUtR's handler keeps a relayed connection alive while it has hole-punch
/// attempts left, which would hold a drained one open for its whole drain.
pub struct NoKeepAlive<B>(pub B);

impl<B: NetworkBehaviour> NetworkBehaviour for NoKeepAlive<B> {
    type ConnectionHandler = NoKeepAliveHandler<B::ConnectionHandler>;
    type ToSwarm = B::ToSwarm;

    fn handle_pending_inbound_connection(
        &mut self,
        id: ConnectionId,
        local: &Multiaddr,
        remote: &Multiaddr,
    ) -> Result<(), ConnectionDenied> {
        self.0.handle_pending_inbound_connection(id, local, remote)
    }

    fn handle_established_inbound_connection(
        &mut self,
        id: ConnectionId,
        peer: PeerId,
        local: &Multiaddr,
        remote: &Multiaddr,
    ) -> Result<THandler<Self>, ConnectionDenied> {
        self.0
            .handle_established_inbound_connection(id, peer, local, remote)
            .map(NoKeepAliveHandler)
    }

    fn handle_pending_outbound_connection(
        &mut self,
        id: ConnectionId,
        peer: Option<PeerId>,
        addresses: &[Multiaddr],
        role: Endpoint,
    ) -> Result<Vec<Multiaddr>, ConnectionDenied> {
        self.0
            .handle_pending_outbound_connection(id, peer, addresses, role)
    }

    fn handle_established_outbound_connection(
        &mut self,
        id: ConnectionId,
        peer: PeerId,
        addr: &Multiaddr,
        role: Endpoint,
        port_use: PortUse,
    ) -> Result<THandler<Self>, ConnectionDenied> {
        self.0
            .handle_established_outbound_connection(id, peer, addr, role, port_use)
            .map(NoKeepAliveHandler)
    }

    fn on_swarm_event(&mut self, event: FromSwarm) {
        self.0.on_swarm_event(event)
    }

    fn on_connection_handler_event(
        &mut self,
        peer: PeerId,
        id: ConnectionId,
        event: THandlerOutEvent<Self>,
    ) {
        self.0.on_connection_handler_event(peer, id, event)
    }

    fn poll(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<ToSwarm<Self::ToSwarm, THandlerInEvent<Self>>> {
        self.0.poll(cx)
    }
}

/// The handler of [`NoKeepAlive`]: the inner one's, with keep-alive false.
pub struct NoKeepAliveHandler<H>(H);

impl<H: libp2p::swarm::ConnectionHandler> libp2p::swarm::ConnectionHandler
    for NoKeepAliveHandler<H>
{
    type FromBehaviour = H::FromBehaviour;
    type ToBehaviour = H::ToBehaviour;
    type InboundProtocol = H::InboundProtocol;
    type OutboundProtocol = H::OutboundProtocol;
    type InboundOpenInfo = H::InboundOpenInfo;
    type OutboundOpenInfo = H::OutboundOpenInfo;

    fn listen_protocol(&self) -> SubstreamProtocol<Self::InboundProtocol, Self::InboundOpenInfo> {
        self.0.listen_protocol()
    }

    fn connection_keep_alive(&self) -> bool {
        false
    }

    fn poll(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<
        ConnectionHandlerEvent<Self::OutboundProtocol, Self::OutboundOpenInfo, Self::ToBehaviour>,
    > {
        self.0.poll(cx)
    }

    fn poll_close(&mut self, cx: &mut Context<'_>) -> Poll<Option<Self::ToBehaviour>> {
        self.0.poll_close(cx)
    }

    fn on_behaviour_event(&mut self, event: Self::FromBehaviour) {
        self.0.on_behaviour_event(event)
    }

    fn on_connection_event(
        &mut self,
        event: ConnectionEvent<
            Self::InboundProtocol,
            Self::OutboundProtocol,
            Self::InboundOpenInfo,
            Self::OutboundOpenInfo,
        >,
    ) {
        self.0.on_connection_event(event)
    }
}

#[cfg(test)]
mod tests {
    //! Two real swarms over libp2p's in-memory transport (Noise, Yamux), each with the
    //! drain behaviour and the raw streams wrapper, as the daemon runs them.

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
        streams: Streams,
        drain: Drain,
    }

    enum Cmd {
        Dial(Multiaddr),
        /// Drain a connection, answering once done.
        Drain(PeerId, ConnectionId, tokio::sync::oneshot::Sender<()>),
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
                streams: Streams::new(),
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
                        Some(Cmd::Drain(p, c, done)) => {
                            let b = s.behaviour_mut();
                            b.drain.drain(p, c, UnixMillis(0));
                            b.streams.retire(c);
                            let _ = done.send(());
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
    async fn a_draining_connection_finishes_its_stream_takes_no_new_one_and_then_closes() {
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
        let connect = async |a: &mut Node| {
            a.cmd.send(Cmd::Dial(addr.clone())).expect("a runs");
            match next(a).await {
                Seen::Up(p, c) if p == b.id => c,
                e => panic!("expected a connection to b, saw {e:?}"),
            }
        };
        let old = connect(&mut a).await;
        // Not draining: the connection outlives the idle timeout with no stream on it.
        no_close_for(&mut a, IDLE * 4).await;
        // A stream on the old connection (the only one), then a second connection.
        let mut s = a.control.open_stream(b.id, PROTO).await.expect("a stream");
        echo(&mut s, b"ping").await;
        let new = connect(&mut a).await;
        assert_ne!(old, new);
        let (done, drained) = tokio::sync::oneshot::channel();
        a.cmd.send(Cmd::Drain(b.id, old, done)).expect("a runs");
        drained.await.expect("a drains");
        // New streams while it drains: all on the new connection (held open below, so
        // one on the old connection would keep it open and the close never come).
        let mut later = Vec::new();
        for _ in 0..8 {
            let mut t = a.control.open_stream(b.id, PROTO).await.expect("a stream");
            echo(&mut t, b"more").await;
            later.push(t);
        }
        // Draining with a stream open: the connection stays, and the stream still works.
        no_close_for(&mut a, IDLE * 4).await;
        echo(&mut s, b"pong").await;
        // That stream ends: the old connection closes on its own.
        s.close().await.expect("close the stream");
        drop(s);
        match next(&mut a).await {
            Seen::Down(c) => assert_eq!(c, old),
            e => panic!("expected the drained connection to close, saw {e:?}"),
        }
        for t in &mut later {
            echo(t, b"done").await;
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
