//! Draining a superseded connection: once a peer has a direct connection, its relayed
//! one is no longer wanted, but a call may be in flight on it. The relayed connection is
//! first hidden from libp2p-stream ([`Streams::hide`]), so every new stream takes the
//! direct one; `relays.rs` closes it once the peer has had time to hide its end too
//! ([`SETTLE`]) and no call that could be on it is still in flight ([`Flights`]), or
//! [`DRAIN_MAX`] after it was hidden. If the direct connection goes first, the hidden one
//! is given back at once: [`Streams`] never leaves a peer with open connections and none
//! to open a stream on.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use libp2p::core::transport::PortUse;
use libp2p::core::{ConnectedPoint, Endpoint};
use libp2p::swarm::behaviour::{ConnectionClosed, ConnectionEstablished};
use libp2p::swarm::{
    ConnectionDenied, ConnectionId, FromSwarm, NetworkBehaviour, THandler, THandlerInEvent,
    THandlerOutEvent, ToSwarm,
};
use libp2p::{Multiaddr, PeerId};

/// Longest a hidden connection is kept for calls in flight on it: the longest approval
/// wait (an hour) plus a tool's run. Past it the connection is closed anyway.
pub const DRAIN_MAX: Duration = Duration::from_secs(2 * 3600);

/// How long after a connection is hidden a new call may still land on it: the peer hides
/// its end on its own tick (every 500 ms), and until then may open streams on it.
pub const SETTLE: Duration = Duration::from_secs(5);

/// An open connection as libp2p-stream was told of it.
struct Conn {
    peer: PeerId,
    endpoint: ConnectedPoint,
}

/// A hidden connection.
struct Hidden {
    conn: Conn,
    /// When it was hidden.
    since: Instant,
    /// Its close was asked for ([`Streams::closing`]); it stays here until it is closed,
    /// so that it can still be given back (a stream on it then fails at once, as on any
    /// closing connection, instead of waiting for a dial the swarm refuses).
    closing: bool,
}

/// libp2p-stream's behaviour, with some connections hidden from it. It opens each new
/// stream on one of the peer's connections picked at random; a hidden connection is one
/// it has been told is closed, so no new stream of ours goes on it, while its handler and
/// the streams already on it go on.
pub struct Streams {
    inner: libp2p_stream::Behaviour,
    visible: HashMap<ConnectionId, Conn>,
    hidden: HashMap<ConnectionId, Hidden>,
}

impl Default for Streams {
    fn default() -> Self {
        Self::new()
    }
}

impl Streams {
    /// A new behaviour with no connection.
    pub fn new() -> Self {
        Streams {
            inner: libp2p_stream::Behaviour::new(),
            visible: HashMap::new(),
            hidden: HashMap::new(),
        }
    }

    /// A handle to open and accept streams.
    pub fn new_control(&self) -> libp2p_stream::Control {
        self.inner.new_control()
    }

    /// Opens no new stream on `id` from now on. Refused (false) when `id` is not open and
    /// visible, or when it is its peer's only visible connection: a peer with open
    /// connections always has one to open a stream on.
    pub fn hide(&mut self, id: ConnectionId, now: Instant) -> bool {
        match self.visible.get(&id) {
            Some(c) if self.visible_to(&c.peer) >= 2 => {}
            _ => return false,
        }
        let Some(c) = self.visible.remove(&id) else {
            return false; // present: checked just above
        };
        self.inner
            .on_swarm_event(FromSwarm::ConnectionClosed(ConnectionClosed {
                peer_id: c.peer,
                connection_id: id,
                endpoint: &c.endpoint,
                cause: None,
                remaining_established: self.visible_to(&c.peer),
            }));
        self.hidden.insert(
            id,
            Hidden {
                conn: c,
                since: now,
                closing: false,
            },
        );
        true
    }

    /// Hidden connections not yet closing: `(peer, connection, when hidden)`.
    pub fn draining(&self) -> Vec<(PeerId, ConnectionId, Instant)> {
        self.hidden
            .iter()
            .filter(|(_, h)| !h.closing)
            .map(|(id, h)| (h.conn.peer, *id, h.since))
            .collect()
    }

    /// Every hidden connection, closing or not.
    pub fn hidden_ids(&self) -> std::collections::HashSet<ConnectionId> {
        self.hidden.keys().copied().collect()
    }

    /// Notes that the close of hidden `id` was asked for.
    pub fn closing(&mut self, id: ConnectionId) {
        if let Some(h) = self.hidden.get_mut(&id) {
            h.closing = true;
        }
    }

    fn visible_to(&self, peer: &PeerId) -> usize {
        self.visible.values().filter(|c| c.peer == *peer).count()
    }

    /// Gives `peer`'s hidden connections back to libp2p-stream.
    fn restore(&mut self, peer: &PeerId) {
        let ids: Vec<ConnectionId> = self
            .hidden
            .iter()
            .filter(|(_, h)| h.conn.peer == *peer)
            .map(|(id, _)| *id)
            .collect();
        for id in ids {
            let Some(Hidden { conn: c, .. }) = self.hidden.remove(&id) else {
                continue;
            };
            tracing::debug!(%peer, "a hidden connection is the peer's last one: given back for new streams");
            let others = self.visible_to(peer);
            self.inner
                .on_swarm_event(FromSwarm::ConnectionEstablished(ConnectionEstablished {
                    peer_id: c.peer,
                    connection_id: id,
                    endpoint: &c.endpoint,
                    failed_addresses: &[],
                    other_established: others,
                }));
            self.visible.insert(id, c);
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
            FromSwarm::ConnectionEstablished(e) => {
                self.visible.insert(
                    e.connection_id,
                    Conn {
                        peer: e.peer_id,
                        endpoint: e.endpoint.clone(),
                    },
                );
                self.inner.on_swarm_event(event);
            }
            FromSwarm::ConnectionClosed(c) => {
                if self.hidden.remove(&c.connection_id).is_some() {
                    // libp2p-stream was told when it was hidden.
                    return;
                }
                let was_visible = self.visible.remove(&c.connection_id).is_some();
                // Hidden connections are given back *before* libp2p-stream hears of the
                // close: `Control::open_stream` picks a connection under its own lock,
                // from any thread, and must never find the peer with none (it would queue
                // the stream for a dial the swarm refuses, the peer being connected).
                if was_visible && self.visible_to(&c.peer_id) == 0 {
                    self.restore(&c.peer_id);
                }
                self.inner.on_swarm_event(event);
            }
            _ => self.inner.on_swarm_event(event),
        }
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

/// Calls in flight per peer, either way, with when each began: a hidden connection may
/// still carry those that began before it was hidden (plus [`SETTLE`]).
#[derive(Clone, Default)]
pub struct Flights(Arc<Mutex<FlightTable>>);

#[derive(Default)]
struct FlightTable {
    next: u64,
    live: HashMap<PeerId, BTreeMap<u64, (Instant, Way)>>,
}

/// Which side opened an exchange's stream.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Way {
    /// We opened it: from the moment a connection is hidden, ours go elsewhere.
    Out,
    /// The peer opened it: until the peer hides its end too, it may use the connection.
    In,
}

impl Flights {
    fn table(&self) -> MutexGuard<'_, FlightTable> {
        // A panic while holding the lock leaves the table consistent (every update is
        // one insert or remove), so a poisoned lock is still usable.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts a stream exchange with `peer` until the guard is dropped.
    pub fn begin(&self, peer: PeerId, way: Way) -> Flight {
        let mut t = self.table();
        let n = t.next;
        t.next += 1;
        t.live
            .entry(peer)
            .or_default()
            .insert(n, (Instant::now(), way));
        Flight {
            flights: self.clone(),
            peer,
            n,
        }
    }

    /// Whether an exchange with `peer` that may be on a connection hidden at `since` is
    /// in flight: one of ours begun before then, or one of the peer's begun before it
    /// hid its end too (within [`SETTLE`]).
    pub fn may_use(&self, peer: &PeerId, since: Instant) -> bool {
        self.table().live.get(peer).is_some_and(|m| {
            m.values().any(|(at, way)| match way {
                Way::Out => *at <= since,
                Way::In => *at <= since + SETTLE,
            })
        })
    }

    /// Whether a connection to `peer` hidden at `since` can be closed at `now`: it has
    /// been hidden for [`SETTLE`] (so the peer has hidden its end too, and no new stream
    /// is on its way) and no exchange that may be on it is still in flight; or it has
    /// drained for [`DRAIN_MAX`].
    pub fn drained(&self, peer: &PeerId, since: Instant, now: Instant) -> bool {
        let waited = now.saturating_duration_since(since);
        waited >= DRAIN_MAX || (waited >= SETTLE && !self.may_use(peer, since))
    }
}

/// One exchange in flight; dropping it ends it.
pub struct Flight {
    flights: Flights,
    peer: PeerId,
    n: u64,
}

impl Drop for Flight {
    fn drop(&mut self) {
        let mut t = self.flights.table();
        if let Some(m) = t.live.get_mut(&self.peer) {
            m.remove(&self.n);
            if m.is_empty() {
                t.live.remove(&self.peer);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    //! Two real swarms over libp2p's in-memory transport (Noise, Yamux), each with the
    //! raw streams wrapper as the daemon runs it; two connections between them stand for
    //! the relayed one and the direct one (the wrapper does not tell them apart).

    use std::time::Duration;

    use futures::{AsyncReadExt, AsyncWriteExt, StreamExt};
    use libp2p::core::{transport::MemoryTransport, upgrade::Version, Transport};
    use libp2p::swarm::SwarmEvent;
    use libp2p::{noise, yamux, StreamProtocol, Swarm};
    use tokio::sync::mpsc;

    use super::*;

    const PROTO: StreamProtocol = StreamProtocol::new("/lango/drain-test/1");

    enum Cmd {
        Dial(Multiaddr),
        /// Hide a connection, answering whether it was.
        Hide(ConnectionId, tokio::sync::oneshot::Sender<bool>),
        /// Note a hidden connection closing (without closing it yet).
        Closing(ConnectionId),
        Close(ConnectionId),
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
        let mut s: Swarm<Streams> = libp2p::SwarmBuilder::with_new_identity()
            .with_tokio()
            .with_other_transport(|k| {
                Ok(MemoryTransport::default()
                    .upgrade(Version::V1)
                    .authenticate(noise::Config::new(k)?)
                    .multiplex(yamux::Config::default()))
            })
            .expect("memory transport with noise and yamux")
            .with_behaviour(|_| Streams::new())
            .expect("infallible behaviour")
            .with_swarm_config(|c| c.with_idle_connection_timeout(Duration::from_secs(3600)))
            .build();
        if listen {
            s.listen_on("/memory/0".parse().expect("memory address"))
                .expect("listen on memory");
        }
        let id = *s.local_peer_id();
        let control = s.behaviour().new_control();
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
                        Some(Cmd::Hide(c, done)) => {
                            let _ = done.send(s.behaviour_mut().hide(c, Instant::now()));
                        }
                        Some(Cmd::Closing(c)) => s.behaviour_mut().closing(c),
                        Some(Cmd::Close(c)) => {
                            s.close_connection(c);
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

    async fn hide(n: &Node, c: ConnectionId) -> bool {
        let (done, hidden) = tokio::sync::oneshot::channel();
        n.cmd.send(Cmd::Hide(c, done)).expect("the swarm task runs");
        hidden.await.expect("the swarm task answers")
    }

    async fn echo(s: &mut libp2p::Stream, msg: &[u8; 4]) -> std::io::Result<()> {
        s.write_all(msg).await?;
        s.flush().await?;
        let mut back = [0u8; 4];
        s.read_exact(&mut back).await?;
        assert_eq!(&back, msg);
        Ok(())
    }

    /// A new stream within a deadline: a queued one (no visible connection, a dial the
    /// swarm refuses) would never come.
    async fn open(n: &mut Node, peer: PeerId) -> libp2p::Stream {
        tokio::time::timeout(Duration::from_secs(10), n.control.open_stream(peer, PROTO))
            .await
            .expect("a stream within 10 s")
            .expect("a stream")
    }

    /// `b` echoes every stream; `a` dials it. Returns both and `b`'s address.
    async fn pair() -> (Node, Node, Multiaddr) {
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
        (node(false), b, addr)
    }

    async fn connect(a: &mut Node, b: PeerId, addr: &Multiaddr) -> ConnectionId {
        a.cmd.send(Cmd::Dial(addr.clone())).expect("a runs");
        match next(a).await {
            Seen::Up(p, c) if p == b => c,
            e => panic!("expected a connection to b, saw {e:?}"),
        }
    }

    #[tokio::test]
    async fn a_hidden_connection_finishes_its_stream_and_takes_no_new_one() {
        let (mut a, b, addr) = pair().await;
        let old = connect(&mut a, b.id, &addr).await;
        assert!(
            !hide(&a, old).await,
            "a peer's only connection is never hidden"
        );
        // A stream on the old connection (the only one), then a second connection.
        let mut s = open(&mut a, b.id).await;
        echo(&mut s, b"ping")
            .await
            .expect("echo on the old connection");
        let new = connect(&mut a, b.id, &addr).await;
        assert_ne!(old, new);
        assert!(hide(&a, old).await, "the old connection is hidden");
        assert!(
            !hide(&a, old).await,
            "a hidden connection is not hidden twice"
        );
        // New streams: all on the new connection, so closing the old one leaves them.
        let mut later = Vec::new();
        for _ in 0..8 {
            let mut t = open(&mut a, b.id).await;
            echo(&mut t, b"more").await.expect("echo on a new stream");
            later.push(t);
        }
        // The stream on the hidden connection still works.
        echo(&mut s, b"pong")
            .await
            .expect("echo on the hidden connection");
        a.cmd.send(Cmd::Close(old)).expect("a runs");
        match next(&mut a).await {
            Seen::Down(c) => assert_eq!(c, old),
            e => panic!("expected the hidden connection to close, saw {e:?}"),
        }
        assert!(
            echo(&mut s, b"gone").await.is_err(),
            "the stream on the closed connection is gone"
        );
        for t in &mut later {
            echo(t, b"done")
                .await
                .expect("a stream on the new connection");
        }
        // And libp2p-stream still opens streams (the closed hidden one is forgotten).
        let mut t = open(&mut a, b.id).await;
        echo(&mut t, b"last").await.expect("echo after the close");
    }

    #[tokio::test]
    async fn the_hidden_connection_is_given_back_when_the_other_one_closes() {
        let (mut a, b, addr) = pair().await;
        let old = connect(&mut a, b.id, &addr).await;
        let new = connect(&mut a, b.id, &addr).await;
        assert!(hide(&a, old).await);
        // The attack on the drain: the direct connection goes while the relayed one is
        // hidden. A new stream must still open, on the hidden one, and not wait for a
        // dial the swarm refuses (the peer is still connected).
        a.cmd.send(Cmd::Close(new)).expect("a runs");
        match next(&mut a).await {
            Seen::Down(c) => assert_eq!(c, new),
            e => panic!("expected the new connection to close, saw {e:?}"),
        }
        let mut t = open(&mut a, b.id).await;
        echo(&mut t, b"back")
            .await
            .expect("echo on the given-back connection");
        assert!(
            !hide(&a, old).await,
            "the given-back connection is the peer's only one again"
        );
    }

    #[tokio::test]
    async fn a_hidden_connection_being_closed_is_given_back_too() {
        let (mut a, b, addr) = pair().await;
        let old = connect(&mut a, b.id, &addr).await;
        let new = connect(&mut a, b.id, &addr).await;
        assert!(hide(&a, old).await);
        // Its close asked for but not done when the other one goes: libp2p-stream must
        // still see a connection (a stream on a closing one fails at once; with none, it
        // would wait for a dial the swarm refuses).
        a.cmd.send(Cmd::Closing(old)).expect("a runs");
        a.cmd.send(Cmd::Close(new)).expect("a runs");
        match next(&mut a).await {
            Seen::Down(c) => assert_eq!(c, new),
            e => panic!("expected the new connection to close, saw {e:?}"),
        }
        let mut t = open(&mut a, b.id).await;
        echo(&mut t, b"back")
            .await
            .expect("echo on the given-back connection");
        assert!(
            !hide(&a, old).await,
            "it is the peer's only connection again"
        );
    }

    #[test]
    fn a_hidden_connection_drains_once_no_call_that_may_be_on_it_is_in_flight() {
        let f = Flights::default();
        let (p, q) = (PeerId::random(), PeerId::random());
        let ours = f.begin(p, Way::Out);
        let other = f.begin(q, Way::In);
        let since = Instant::now();
        let settled = since + SETTLE;
        assert!(
            !f.drained(&p, since, settled),
            "our call from before the hide holds it"
        );
        assert!(
            !f.drained(&q, since, since + SETTLE / 2),
            "not before SETTLE, whatever is in flight"
        );
        assert!(
            f.drained(&p, since, since + DRAIN_MAX),
            "past DRAIN_MAX it closes anyway"
        );
        drop(ours);
        assert!(f.drained(&p, since, settled), "nothing in flight with p");
        assert!(
            !f.drained(&p, since, since + SETTLE / 2),
            "nothing in flight, but the peer may still be opening a stream on it"
        );
        // Hidden a moment ago: the peer's call begun now may be on it (it has not hidden
        // its end yet), ours begun now is not (ours go elsewhere from the hide on).
        let Some(recently) = Instant::now().checked_sub(Duration::from_millis(10)) else {
            return; // An Instant this close to the clock's origin: nothing more to test.
        };
        let theirs = f.begin(p, Way::In);
        assert!(
            !f.drained(&p, recently, recently + SETTLE),
            "the peer's call holds it"
        );
        drop(theirs);
        let ours_after = f.begin(p, Way::Out);
        assert!(
            f.drained(&p, recently, recently + SETTLE),
            "ours after the hide does not"
        );
        // Hidden long ago: the peer's call begun after SETTLE is elsewhere too.
        let Some(long_ago) = recently.checked_sub(SETTLE + Duration::from_secs(1)) else {
            return;
        };
        let theirs_after = f.begin(p, Way::In);
        assert!(
            f.drained(&p, long_ago, Instant::now()),
            "a later call does not hold it"
        );
        drop((ours_after, theirs_after));
        drop(other);
        assert!(
            !f.may_use(&q, Instant::now()),
            "a dropped flight is forgotten"
        );
    }
}
