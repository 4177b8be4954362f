//! AutoNAT v2: whether this node can be dialed from outside, as `status.reachability`.
//!
//! - A client asks only the relays in its `[[relays]]` to dial it back: an answer from
//!   anyone else is never asked for, and a dial-back from anyone else is not listened to
//!   (libp2p's client takes a nonce on any inbound connection, so a stranger that knew
//!   one could confirm an address we do not have).
//! - A relay (`[relay] serve = true`) serves only peers holding a session with it, and
//!   dials back only the IP address their connection comes from: a trusted peer cannot
//!   use the relay to scan a third party, or the relay's own networks. A dial-back not
//!   answered within [`DIAL_BACK_DEADLINE`] counts as failed: behind a NAT that drops
//!   unsolicited packets a dial takes the full 10 s connection timeout, and libp2p's
//!   server gives up on the request at 10 s without an answer, so the client would ask
//!   again forever and never learn that it is not reachable.

use std::collections::{HashMap, HashSet, VecDeque};
use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use either::Either;
use libp2p::autonat::v2::{client, server};
use libp2p::core::transport::PortUse;
use libp2p::core::{ConnectedPoint, Endpoint};
use libp2p::multiaddr::Protocol;
use libp2p::swarm::behaviour::{
    ConnectionClosed, ConnectionEstablished, DialFailure, ExpiredListenAddr,
    NewExternalAddrCandidate, NewListenAddr,
};
use libp2p::swarm::{
    dummy, ConnectionDenied, ConnectionId, DialError, FromSwarm, NetworkBehaviour, THandler,
    THandlerInEvent, THandlerOutEvent, ToSwarm,
};
use libp2p::{Multiaddr, PeerId};
use serde::Serialize;

use lango_protocol::UnixMillis;

use super::lan::ip_of;
use super::reach::is_relayed;
use crate::clock;

/// Candidates held back until a relay is seen to observe us at their IP.
const MAX_HELD: usize = 16;

/// The AutoNAT v2 client, with the relays as its only servers.
///
/// Candidates (identify's "observed" addresses, reported by any connected peer) reach
/// the client only when their IP is one a relay observed us at: a relay dials back only
/// the IP it sees, so any other candidate would be refused, after the client had
/// uploaded the 30–100 kB the server asks for an address other than the observed one.
/// A stranger feeding us made-up observed addresses could otherwise keep us uploading.
pub struct AutonatClient {
    inner: client::Behaviour,
    servers: HashSet<PeerId>,
    /// The IP each connected relay last saw us at.
    relay_ips: HashMap<PeerId, IpAddr>,
    /// Candidates at other IPs, newest last (a relay's identify answer may come after
    /// the candidate it also produced).
    held: VecDeque<Multiaddr>,
    /// Our listen ports (TCP, and UDP for QUIC), not relayed.
    listen_ports: HashSet<(bool, u16)>,
}

impl AutonatClient {
    /// A client that asks only `servers` (our relays' PeerIds).
    pub fn new(servers: HashSet<PeerId>) -> Self {
        AutonatClient {
            inner: client::Behaviour::default(),
            servers,
            relay_ips: HashMap::new(),
            held: VecDeque::new(),
            listen_ports: HashSet::new(),
        }
    }

    /// `peer` (identify) saw us at `addr`. If it is one of our relays, candidates at
    /// that IP are tested from now on, including those held back until now.
    pub fn observed_by(&mut self, peer: PeerId, addr: &Multiaddr) {
        if !self.servers.contains(&peer) {
            return;
        }
        let Some(ip) = ip_of(addr) else { return };
        self.relay_ips.insert(peer, ip);
        let (now, later): (Vec<_>, Vec<_>) =
            self.held.drain(..).partition(|a| ip_of(a) == Some(ip));
        self.held = later.into();
        for addr in &now {
            self.inner
                .on_swarm_event(FromSwarm::NewExternalAddrCandidate(
                    NewExternalAddrCandidate { addr },
                ));
        }
    }
}

type ClientHandler = <client::Behaviour as NetworkBehaviour>::ConnectionHandler;

impl NetworkBehaviour for AutonatClient {
    type ConnectionHandler = Either<ClientHandler, dummy::ConnectionHandler>;
    type ToSwarm = client::Event;

    fn handle_established_inbound_connection(
        &mut self,
        id: ConnectionId,
        peer: PeerId,
        local: &Multiaddr,
        remote: &Multiaddr,
    ) -> Result<THandler<Self>, ConnectionDenied> {
        if !self.servers.contains(&peer) {
            return Ok(Either::Right(dummy::ConnectionHandler));
        }
        self.inner
            .handle_established_inbound_connection(id, peer, local, remote)
            .map(Either::Left)
    }

    fn handle_established_outbound_connection(
        &mut self,
        id: ConnectionId,
        peer: PeerId,
        addr: &Multiaddr,
        role: Endpoint,
        port_use: PortUse,
    ) -> Result<THandler<Self>, ConnectionDenied> {
        if !self.servers.contains(&peer) {
            return Ok(Either::Right(dummy::ConnectionHandler));
        }
        self.inner
            .handle_established_outbound_connection(id, peer, addr, role, port_use)
            .map(Either::Left)
    }

    fn on_swarm_event(&mut self, event: FromSwarm) {
        match &event {
            FromSwarm::NewListenAddr(NewListenAddr { addr, .. }) => {
                if let Some(port) = plain_port(addr) {
                    self.listen_ports.insert(port);
                }
            }
            FromSwarm::ExpiredListenAddr(ExpiredListenAddr { addr, .. }) => {
                if let Some(port) = plain_port(addr) {
                    self.listen_ports.remove(&port);
                }
            }
            _ => {}
        }
        if let FromSwarm::NewExternalAddrCandidate(NewExternalAddrCandidate { addr }) = &event {
            // Only `/ipX/IP/tcp/PORT` or `/ipX/IP/udp/PORT/quic-v1` at one of our listen
            // ports: what identify makes of an honest observation. Anything else (a
            // circuit, which is the relay's address; another port or protocol, which any
            // connected stranger can report at our IP) is never ours to test, and each
            // would cost an upload and a dial-back.
            if !plain_port(addr).is_some_and(|p| self.listen_ports.contains(&p)) {
                return;
            }
            if !ip_of(addr).is_some_and(|ip| self.relay_ips.values().any(|r| *r == ip)) {
                if !self.held.contains(addr) {
                    if self.held.len() >= MAX_HELD {
                        self.held.pop_front();
                    }
                    self.held.push_back((*addr).clone());
                }
                return;
            }
        }
        if let FromSwarm::ConnectionClosed(ConnectionClosed {
            peer_id,
            remaining_established: 0,
            ..
        }) = &event
        {
            self.relay_ips.remove(peer_id);
        }
        // Every connection's events, ours or not: the client keeps a table of all.
        self.inner.on_swarm_event(event)
    }

    fn on_connection_handler_event(
        &mut self,
        peer: PeerId,
        id: ConnectionId,
        event: THandlerOutEvent<Self>,
    ) {
        match event {
            Either::Left(e) => self.inner.on_connection_handler_event(peer, id, e),
            Either::Right(never) => match never {},
        }
    }

    fn poll(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<ToSwarm<Self::ToSwarm, THandlerInEvent<Self>>> {
        self.inner.poll(cx).map(|e| e.map_in(Either::Left))
    }
}

/// How long a dial-back may take before it counts as failed (a TCP SYN is sent three
/// times in it, at 0, 1 and 3 s).
pub const DIAL_BACK_DEADLINE: Duration = Duration::from_secs(5);

/// Dial-backs in flight at most, in all and per requester: each holds one of the relay's
/// pending outgoing connections until it connects or times out (10 s), so that a trusted
/// peer asking for dial-backs to dead ports cannot take them all.
const MAX_DIAL_BACKS: usize = 8;
const MAX_DIAL_BACKS_PER_PEER: usize = 2;

/// Who may ask the server for a dial-back.
pub type Admit = Box<dyn Fn(&PeerId) -> bool + Send>;

/// The AutoNAT v2 server of a relay: gated, and dialing back only the client's own IP.
pub struct AutonatServer {
    inner: server::Behaviour,
    admit: Admit,
    /// The IP each inbound connection comes from (none for a relayed one).
    from: HashMap<ConnectionId, Option<IpAddr>>,
    /// Dial-back requests passed to the server, oldest first: the requester's IP.
    awaiting: VecDeque<Option<IpAddr>>,
    /// Dial-backs the server started: the only IP each may dial.
    dials: HashMap<ConnectionId, Option<IpAddr>>,
    /// Dial-backs under way: the requester, and when the dial counts as failed.
    deadlines: Vec<(ConnectionId, PeerId, Pin<Box<tokio::time::Sleep>>)>,
    /// Dial-backs whose dial has not ended yet (past its deadline too), by requester.
    in_flight: HashMap<ConnectionId, PeerId>,
    waker: Option<Waker>,
}

impl AutonatServer {
    /// A server answering the peers `admit` lets through.
    pub fn new(admit: Admit) -> Self {
        AutonatServer {
            inner: server::Behaviour::default(),
            admit,
            from: HashMap::new(),
            awaiting: VecDeque::new(),
            dials: HashMap::new(),
            deadlines: Vec::new(),
            in_flight: HashMap::new(),
            waker: None,
        }
    }
}

/// Whether a dial-back to `addrs` may go out for a requester whose connection comes from
/// `from`: every address an IP address of the requester's, none relayed.
pub fn may_dial_back(from: Option<IpAddr>, addrs: &[Multiaddr]) -> bool {
    let Some(from) = from else { return false };
    !addrs.is_empty()
        && addrs
            .iter()
            .all(|a| !is_relayed(a) && ip_of(a) == Some(from))
}

/// `(is_tcp, port)` of a plain `/ipX/IP/tcp/PORT` or `/ipX/IP/udp/PORT/quic-v1` address
/// (nothing after it), else None.
fn plain_port(a: &Multiaddr) -> Option<(bool, u16)> {
    let mut it = a.iter();
    if !matches!(it.next()?, Protocol::Ip4(_) | Protocol::Ip6(_)) {
        return None;
    }
    let port = match (it.next()?, it.next(), it.next()) {
        (Protocol::Tcp(p), None, None) => (true, p),
        (Protocol::Udp(p), Some(Protocol::QuicV1), None) => (false, p),
        _ => return None,
    };
    Some(port)
}

type ServerHandler = <server::Behaviour as NetworkBehaviour>::ConnectionHandler;

impl NetworkBehaviour for AutonatServer {
    type ConnectionHandler = ServerHandler;
    type ToSwarm = server::Event;

    fn handle_pending_outbound_connection(
        &mut self,
        id: ConnectionId,
        peer: Option<PeerId>,
        addrs: &[Multiaddr],
        role: Endpoint,
    ) -> Result<Vec<Multiaddr>, ConnectionDenied> {
        if let Some(from) = self.dials.remove(&id) {
            if !may_dial_back(from, addrs) {
                tracing::info!(
                    peer = ?peer,
                    "autonat: refused to dial back {addrs:?}: not the address the request came from"
                );
                return Err(ConnectionDenied::new(
                    "AutoNAT dials back only the address a request came from",
                ));
            }
            if let Some(peer) = peer {
                self.in_flight.insert(id, peer);
                let sleep = Box::pin(tokio::time::sleep(DIAL_BACK_DEADLINE));
                self.deadlines.push((id, peer, sleep));
                if let Some(w) = self.waker.take() {
                    w.wake();
                }
            }
        }
        self.inner
            .handle_pending_outbound_connection(id, peer, addrs, role)
    }

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
        match &event {
            FromSwarm::ConnectionEstablished(ConnectionEstablished {
                connection_id,
                endpoint: ConnectedPoint::Listener { send_back_addr, .. },
                ..
            }) => {
                let ip = if is_relayed(send_back_addr) {
                    None
                } else {
                    ip_of(send_back_addr)
                };
                self.from.insert(*connection_id, ip);
            }
            FromSwarm::ConnectionEstablished(ConnectionEstablished { connection_id, .. }) => {
                self.deadlines.retain(|(id, _, _)| id != connection_id);
                self.in_flight.remove(connection_id);
            }
            FromSwarm::ConnectionClosed(ConnectionClosed { connection_id, .. }) => {
                self.from.remove(connection_id);
            }
            FromSwarm::DialFailure(DialFailure { connection_id, .. }) => {
                self.dials.remove(connection_id);
                self.deadlines.retain(|(id, _, _)| id != connection_id);
                self.in_flight.remove(connection_id);
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
        if let Either::Right(Either::Left(cmd)) = event {
            // A dial-back request. Refused: the request is dropped, and the requester
            // gets an error answer.
            if !(self.admit)(&peer) {
                tracing::info!(peer = %peer, "autonat: refused a peer without a session");
                drop(cmd);
                return;
            }
            // Requests passed on whose dial has not started count too.
            let mine = self.in_flight.values().filter(|p| **p == peer).count();
            let all = self.in_flight.len() + self.awaiting.len();
            if all >= MAX_DIAL_BACKS || mine >= MAX_DIAL_BACKS_PER_PEER {
                tracing::info!(peer = %peer, "autonat: refused a dial-back: too many under way");
                drop(cmd);
                return;
            }
            self.awaiting
                .push_back(self.from.get(&id).copied().flatten());
            self.inner
                .on_connection_handler_event(peer, id, Either::Right(Either::Left(cmd)));
            return;
        }
        self.inner.on_connection_handler_event(peer, id, event)
    }

    fn poll(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<ToSwarm<Self::ToSwarm, THandlerInEvent<Self>>> {
        // Dial-backs past their deadline: the server is told the dial failed, and
        // answers "not reachable" (a late connection then gets no dial-back handler).
        let mut i = 0;
        while i < self.deadlines.len() {
            if self.deadlines[i].2.as_mut().poll(cx).is_ready() {
                let (id, peer, _) = self.deadlines.swap_remove(i);
                tracing::info!(peer = %peer, "autonat: dial-back not answered within {DIAL_BACK_DEADLINE:?}");
                self.inner
                    .on_swarm_event(FromSwarm::DialFailure(DialFailure {
                        peer_id: Some(peer),
                        error: &DialError::Aborted,
                        connection_id: id,
                    }));
            } else {
                i += 1;
            }
        }
        self.waker = Some(cx.waker().clone());
        let ev = self.inner.poll(cx);
        if let Poll::Ready(ToSwarm::Dial { opts }) = &ev {
            // The server dials once per request passed on, in order. (None left: no
            // address is allowed.)
            let from = self.awaiting.pop_front().flatten();
            self.dials.insert(opts.connection_id(), from);
        }
        ev
    }
}

/// How many tested addresses are kept.
const MAX_TESTS: usize = 16;

/// One AutoNAT answer: whether a relay could dial us at an address.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct NatTest {
    /// The address tested.
    pub addr: String,
    /// Whether the relay's dial-back reached us there.
    pub reachable: bool,
    /// The relay that tested it (PeerId).
    pub server: String,
    /// When (RFC 3339).
    pub at: String,
    /// Why not, when not.
    pub error: Option<String>,
}

/// The answers, newest last, one per address.
#[derive(Default)]
pub(super) struct NatTests(Vec<(Multiaddr, NatTest, UnixMillis)>);

impl NatTests {
    /// Notes the answer in `e`.
    pub(super) fn tested(&mut self, e: &client::Event, now: UnixMillis) {
        let t = NatTest {
            addr: e.tested_addr.to_string(),
            reachable: e.result.is_ok(),
            server: e.server.to_string(),
            at: clock::rfc3339(now),
            error: e.result.as_ref().err().map(|x| x.to_string()),
        };
        self.0.retain(|(a, _, _)| *a != e.tested_addr);
        if self.0.len() >= MAX_TESTS {
            self.0.remove(0);
        }
        self.0.push((e.tested_addr.clone(), t, now));
    }

    /// The answers about the addresses we have now: those whose IP is one we listen on
    /// or one a connected peer sees us at (an answer about a network we left is moot).
    pub(super) fn current(&self, listen: &[Multiaddr], observed: &[Multiaddr]) -> Vec<NatTest> {
        let ips: Vec<IpAddr> = listen.iter().chain(observed).filter_map(ip_of).collect();
        self.0
            .iter()
            .filter(|(a, _, _)| ip_of(a).is_some_and(|ip| ips.contains(&ip)))
            .map(|(_, t, _)| t.clone())
            .collect()
    }
}

/// `public`: a relay dialed us back at an address outside the private ranges;
/// `private`: the relays could not, or only at a private address, or peers see us at an
/// address that is none of ours (a NAT is in the way); else `unknown`.
pub fn reachability(
    tests: &[NatTest],
    listen: &[Multiaddr],
    observed: &[Multiaddr],
) -> &'static str {
    let public = tests.iter().any(|t| {
        t.reachable
            && t.addr
                .parse::<Multiaddr>()
                .ok()
                .and_then(|a| ip_of(&a))
                .is_some_and(|ip| !is_private(ip))
    });
    if public {
        return "public";
    }
    if !tests.is_empty() {
        return "private";
    }
    let ours: Vec<IpAddr> = listen.iter().filter_map(ip_of).collect();
    if observed
        .iter()
        .filter_map(ip_of)
        .any(|o| !ours.contains(&o))
    {
        "private"
    } else {
        "unknown"
    }
}

/// Loopback, RFC 1918, shared (100.64/10), link-local, unique-local, unspecified.
fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || (a == 100 && (64..128).contains(&b))
        }
        IpAddr::V6(v6) => {
            let s = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || (s & 0xfe00) == 0xfc00
                || (s & 0xffc0) == 0xfe80
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Multiaddr {
        s.parse().expect("test address")
    }

    fn test(addr: &str, reachable: bool) -> NatTest {
        NatTest {
            addr: addr.into(),
            reachable,
            server: "relay".into(),
            at: String::new(),
            error: None,
        }
    }

    #[test]
    fn a_dial_back_goes_only_to_the_requesters_own_ip() {
        let from = Some("198.51.100.2".parse().expect("ip"));
        assert!(may_dial_back(from, &[m("/ip4/198.51.100.2/tcp/4001")]));
        assert!(may_dial_back(from, &[m("/ip4/198.51.100.2/udp/9/quic-v1")]));
        // A third party, the relay's own LAN, loopback: refused.
        for a in [
            "/ip4/198.51.100.9/tcp/22",
            "/ip4/10.0.0.1/tcp/22",
            "/ip4/127.0.0.1/tcp/4001",
            "/dns4/example.com/tcp/4001",
            "/ip4/198.51.100.2/tcp/4001/p2p/12D3KooWJ3m7skCxNrsv6o4aMVv7SkMmmkNAz6UVLQ7AgRFKHYq9/p2p-circuit",
        ] {
            assert!(!may_dial_back(from, &[m(a)]), "{a}");
        }
        // One bad address among good ones, none at all, or a requester over a circuit.
        assert!(!may_dial_back(
            from,
            &[m("/ip4/198.51.100.2/tcp/1"), m("/ip4/198.51.100.9/tcp/1")]
        ));
        assert!(!may_dial_back(from, &[]));
        assert!(!may_dial_back(None, &[m("/ip4/198.51.100.2/tcp/4001")]));
    }

    #[test]
    fn a_candidate_is_tested_only_once_a_relay_sees_us_at_its_ip() {
        let key = || {
            libp2p::identity::Keypair::generate_ed25519()
                .public()
                .to_peer_id()
        };
        let (relay, stranger) = (key(), key());
        let mut c = AutonatClient::new([relay].into());
        for l in ["/ip4/0.0.0.0/tcp/4001", "/ip4/0.0.0.0/udp/4001/quic-v1"] {
            let addr = m(l);
            c.on_swarm_event(FromSwarm::NewListenAddr(NewListenAddr {
                listener_id: libp2p::core::transport::ListenerId::next(),
                addr: &addr,
            }));
        }
        let cand = |c: &mut AutonatClient, a: &str| {
            let addr = m(a);
            c.on_swarm_event(FromSwarm::NewExternalAddrCandidate(
                NewExternalAddrCandidate { addr: &addr },
            ));
        };
        cand(&mut c, "/ip4/203.0.113.7/tcp/4001");
        cand(&mut c, "/ip4/192.0.2.99/tcp/4001");
        // How a peer sees us over a circuit: the relay's address, never a candidate.
        cand(
            &mut c,
            "/ip4/203.0.113.7/tcp/4001/p2p/12D3KooWJ3m7skCxNrsv6o4aMVv7SkMmmkNAz6UVLQ7AgRFKHYq9/p2p-circuit",
        );
        assert_eq!(c.held.len(), 2);
        // A stranger's word is not enough.
        c.observed_by(stranger, &m("/ip4/203.0.113.7/tcp/4001"));
        assert_eq!(c.held.len(), 2);
        // Our relay's is: the candidate at that IP goes to the client, the other waits.
        c.observed_by(relay, &m("/ip4/203.0.113.7/tcp/5555"));
        assert_eq!(c.held, [m("/ip4/192.0.2.99/tcp/4001")]);
        // At our relay-seen IP, only our listen ports in the plain shapes: a stranger's
        // other ports and protocols there are dropped, not tested.
        for other in [
            "/ip4/203.0.113.7/tcp/9999",
            "/ip4/203.0.113.7/udp/4001",
            "/ip4/203.0.113.7/tcp/4001/ws",
            "/ip4/203.0.113.7/tcp/4001/p2p/12D3KooWJ3m7skCxNrsv6o4aMVv7SkMmmkNAz6UVLQ7AgRFKHYq9",
            "/dns4/example.com/tcp/4001",
        ] {
            cand(&mut c, other);
        }
        assert_eq!(c.held, [m("/ip4/192.0.2.99/tcp/4001")]);
        // Made-up candidates at other IPs are held at most MAX_HELD.
        for i in 0..100 {
            cand(&mut c, &format!("/ip4/192.0.2.{i}/udp/4001/quic-v1"));
        }
        assert_eq!(c.held.len(), MAX_HELD);
    }

    #[test]
    fn reachability_is_public_only_for_a_confirmed_address_outside_private_ranges() {
        let listen = [m("/ip4/10.1.0.2/tcp/4001")];
        assert_eq!(
            reachability(&[test("/ip4/198.51.100.4/tcp/4001", true)], &listen, &[]),
            "public"
        );
        for private in [
            "/ip4/10.1.0.2/tcp/4001",
            "/ip4/127.0.0.1/tcp/4001",
            "/ip4/100.64.1.1/tcp/4001",
            "/ip6/fd00::1/tcp/4001",
            "/ip6/fe80::1/tcp/4001",
        ] {
            assert_eq!(
                reachability(&[test(private, true)], &listen, &[]),
                "private",
                "{private}"
            );
        }
        assert_eq!(
            reachability(&[test("/ip4/198.51.100.2/tcp/4001", false)], &listen, &[]),
            "private"
        );
        // Untested: a NAT seen from outside says private; nothing says unknown.
        assert_eq!(
            reachability(&[], &listen, &[m("/ip4/198.51.100.2/tcp/4001")]),
            "private"
        );
        assert_eq!(
            reachability(&[], &listen, &[m("/ip4/10.1.0.2/tcp/4001")]),
            "unknown"
        );
        assert_eq!(reachability(&[], &listen, &[]), "unknown");
    }

    #[test]
    fn only_answers_about_the_addresses_we_have_now_count() {
        let relay: PeerId = libp2p::identity::Keypair::generate_ed25519()
            .public()
            .to_peer_id();
        let mut t = NatTests::default();
        let ev = |addr: &str| client::Event {
            tested_addr: m(addr),
            bytes_sent: 0,
            server: relay,
            result: Ok(()),
        };
        t.tested(&ev("/ip4/198.51.100.2/tcp/4001"), UnixMillis(1));
        t.tested(&ev("/ip4/203.0.113.7/tcp/4001"), UnixMillis(2));
        let now = t.current(
            &[m("/ip4/10.2.0.2/tcp/4001")],
            &[m("/ip4/203.0.113.7/tcp/4001")],
        );
        assert_eq!(now.len(), 1);
        assert_eq!(now[0].addr, "/ip4/203.0.113.7/tcp/4001");
        // A second answer about one address replaces the first; the table is bounded.
        t.tested(&ev("/ip4/203.0.113.7/tcp/4001"), UnixMillis(3));
        for i in 0..40 {
            t.tested(
                &ev(&format!("/ip4/203.0.113.7/tcp/{}", 5000 + i)),
                UnixMillis(4),
            );
        }
        assert_eq!(t.0.len(), MAX_TESTS);
    }
}
