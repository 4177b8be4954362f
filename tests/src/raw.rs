//! A libp2p peer in the test process that speaks lango-node's wire protocol, honestly
//! (through `lango-protocol`'s state machines) or not (raw bytes).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures::{AsyncReadExt, AsyncWriteExt, StreamExt};
use libp2p::swarm::{NetworkBehaviour, SwarmEvent};
use libp2p::{noise, tcp, yamux, Multiaddr, PeerId, Stream, StreamProtocol};
use rand_core::OsRng;
use tokio::sync::mpsc;

use lango_protocol::handshake::{Admission, ExpectResponse, HandshakeConfig, PeerPolicy};
use lango_protocol::replay::ReplayCache;
use lango_protocol::wire::HandshakeFrame;
use lango_protocol::{AgentPublicKey, PeerIdBytes, RejectCode, Signer, SoftwareSigner, UnixMillis};

/// Handshake protocol id.
pub const HANDSHAKE: StreamProtocol = StreamProtocol::new("/lango/handshake/1.0.0");
/// Notice protocol id.
pub const NOTICE: StreamProtocol = StreamProtocol::new("/lango/notice/1.0.0");
/// Ping protocol id.
pub const PING: StreamProtocol = StreamProtocol::new("/lango/ping/1.0.0");

#[derive(NetworkBehaviour)]
struct Behaviour {
    streams: libp2p_stream::Behaviour,
    relay: libp2p::relay::client::Behaviour,
    mdns: libp2p::swarm::behaviour::toggle::Toggle<libp2p::mdns::tokio::Behaviour>,
    identify: libp2p::swarm::behaviour::toggle::Toggle<libp2p::identify::Behaviour>,
    autonat: libp2p::swarm::behaviour::toggle::Toggle<libp2p::autonat::v2::client::Behaviour>,
    candidates: crate::candidates::Candidates,
}

/// What an AutoNAT client peer ([`RawPeer::with_autonat`]) learned.
#[derive(Default)]
struct NatView {
    /// Our address as the last identify answer saw it.
    observed: Option<Multiaddr>,
    /// Answers: tested address, reachable, error.
    results: Vec<(Multiaddr, bool, String)>,
}

/// A reply channel of the swarm task.
type Reply<T> = tokio::sync::oneshot::Sender<Result<T, String>>;

/// Accepts any responder key (the tests check what the node does, not what we trust).
struct TrustAll;

impl PeerPolicy for TrustAll {
    fn admit(&self, _key: &AgentPublicKey, _now: UnixMillis) -> Admission {
        Admission::Trusted
    }
}

/// Wall clock in protocol units.
pub fn now() -> UnixMillis {
    UnixMillis(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0),
    )
}

/// The frames of one honest handshake, for replaying.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// Message 1 as sent.
    pub hello: HandshakeFrame,
    /// Message 3 as sent.
    pub finish: HandshakeFrame,
    /// Session id both sides derived.
    pub session_id: [u8; 16],
}

/// A test peer with its own transport identity.
pub struct RawPeer {
    /// Our PeerId.
    pub peer_id: PeerId,
    /// Our agent key.
    pub signer: SoftwareSigner,
    control: libp2p_stream::Control,
    last_addr: std::sync::Mutex<Option<String>>,
    listening: std::sync::Arc<std::sync::Mutex<Vec<Multiaddr>>>,
    dial_tx: mpsc::UnboundedSender<(
        Multiaddr,
        tokio::sync::oneshot::Sender<Result<PeerId, String>>,
    )>,
    reserve_tx: mpsc::UnboundedSender<(Multiaddr, Reply<()>)>,
    candidate_tx: mpsc::UnboundedSender<Multiaddr>,
    nat: std::sync::Arc<std::sync::Mutex<NatView>>,
}

impl RawPeer {
    /// A peer with a fresh transport key and the given agent key.
    pub fn new(signer: SoftwareSigner) -> RawPeer {
        Self::build(signer, false, false)
    }

    /// A LAN neighbour: also listens on every interface and answers mDNS queries, so
    /// nodes with `node.mdns` find it.
    pub fn on_lan(signer: SoftwareSigner) -> RawPeer {
        Self::build(signer, true, false)
    }

    /// A peer running libp2p's own AutoNAT v2 client (and identify, which finds
    /// servers): it asks any server it dialed to test its candidate addresses, and
    /// listens on 127.0.0.1 and 127.0.0.2 so a test can offer a candidate on either.
    pub fn with_autonat(signer: SoftwareSigner) -> RawPeer {
        Self::build(signer, false, true)
    }

    /// Offers `addr` to the AutoNAT client as a candidate address of ours.
    pub fn nat_candidate(&self, addr: Multiaddr) {
        self.candidate_tx.send(addr).expect("swarm task alive");
    }

    /// Our address as the last identify answer saw it.
    pub fn observed(&self) -> Option<Multiaddr> {
        self.nat.lock().ok().and_then(|n| n.observed.clone())
    }

    /// Our listen addresses so far.
    pub fn listening(&self) -> Vec<Multiaddr> {
        self.listening.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// Waits up to `secs` for an AutoNAT answer about `addr`: Some(reachable, error).
    pub async fn nat_result(&self, addr: &Multiaddr, secs: u64) -> Option<(bool, String)> {
        for _ in 0..secs * 10 {
            let found = self.nat.lock().ok().and_then(|n| {
                n.results
                    .iter()
                    .find(|(a, _, _)| a == addr)
                    .map(|(_, ok, e)| (*ok, e.clone()))
            });
            if found.is_some() {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        None
    }

    /// A listen address of a LAN neighbour ([`RawPeer::on_lan`]) that is not loopback.
    pub async fn listen_addr(&self) -> String {
        for _ in 0..100 {
            let found = self.listening.lock().ok().and_then(|l| {
                l.iter()
                    .find(|a| !a.to_string().starts_with("/ip4/127."))
                    .map(|a| a.to_string())
            });
            if let Some(a) = found {
                return a;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the LAN neighbour has no listen address that is not loopback");
    }

    /// Streams of `proto` that peers open to us.
    pub fn incoming(&self, proto: StreamProtocol) -> libp2p_stream::IncomingStreams {
        self.control
            .clone()
            .accept(proto)
            .expect("protocol not yet accepted by this peer")
    }

    fn build(signer: SoftwareSigner, lan: bool, nat: bool) -> RawPeer {
        let mut swarm = libp2p::SwarmBuilder::with_new_identity()
            .with_tokio()
            .with_tcp(
                tcp::Config::default().nodelay(true),
                noise::Config::new,
                yamux::Config::default,
            )
            .expect("tcp transport")
            .with_relay_client(noise::Config::new, yamux::Config::default)
            .expect("relay client")
            .with_behaviour(|key, relay| Behaviour {
                streams: libp2p_stream::Behaviour::new(),
                relay,
                mdns: lan
                    .then(|| {
                        libp2p::mdns::tokio::Behaviour::new(
                            libp2p::mdns::Config {
                                query_interval: Duration::from_secs(5),
                                ..Default::default()
                            },
                            key.public().to_peer_id(),
                        )
                        .expect("mDNS")
                    })
                    .into(),
                identify: nat
                    .then(|| {
                        libp2p::identify::Behaviour::new(libp2p::identify::Config::new(
                            "/raw/1.0.0".into(),
                            key.public(),
                        ))
                    })
                    .into(),
                autonat: nat
                    .then(libp2p::autonat::v2::client::Behaviour::default)
                    .into(),
                candidates: Default::default(),
            })
            .expect("behaviour")
            .with_swarm_config(|c| c.with_idle_connection_timeout(Duration::from_secs(60)))
            .build();
        let peer_id = *swarm.local_peer_id();
        if lan {
            swarm
                .listen_on("/ip4/0.0.0.0/tcp/0".parse().expect("multiaddr"))
                .expect("listen");
        }
        if nat {
            for a in ["/ip4/127.0.0.1/tcp/0", "/ip4/127.0.0.2/tcp/0"] {
                swarm
                    .listen_on(a.parse().expect("multiaddr"))
                    .expect("listen");
            }
        }
        let nat_view = std::sync::Arc::new(std::sync::Mutex::new(NatView::default()));
        let nat_task = nat_view.clone();
        let (candidate_tx, mut candidate_rx) = mpsc::unbounded_channel::<Multiaddr>();
        let control = swarm.behaviour().streams.new_control();
        let listening = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let listening_task = listening.clone();
        let (dial_tx, mut dial_rx) = mpsc::unbounded_channel::<(
            Multiaddr,
            tokio::sync::oneshot::Sender<Result<PeerId, String>>,
        )>();
        let (reserve_tx, mut reserve_rx) = mpsc::unbounded_channel::<(Multiaddr, Reply<()>)>();
        tokio::spawn(async move {
            let mut reserving: Vec<(libp2p::core::transport::ListenerId, Reply<()>)> = Vec::new();
            let mut waiting: Vec<(
                libp2p::swarm::ConnectionId,
                tokio::sync::oneshot::Sender<Result<PeerId, String>>,
            )> = Vec::new();
            loop {
                tokio::select! {
                    Some((addr, tx)) = dial_rx.recv() => {
                        let opts = libp2p::swarm::dial_opts::DialOpts::unknown_peer_id().address(addr).build();
                        let id = opts.connection_id();
                        match swarm.dial(opts) {
                            Ok(()) => waiting.push((id, tx)),
                            Err(e) => { let _ = tx.send(Err(e.to_string())); }
                        }
                    }
                    Some(addr) = candidate_rx.recv() => swarm.behaviour_mut().candidates.offer(addr),
                    Some((addr, tx)) = reserve_rx.recv() => match swarm.listen_on(addr) {
                        Ok(id) => reserving.push((id, tx)),
                        Err(e) => { let _ = tx.send(Err(e.to_string())); }
                    },
                    ev = swarm.select_next_some() => match ev {
                        SwarmEvent::Behaviour(BehaviourEvent::Relay(
                            libp2p::relay::client::Event::ReservationReqAccepted { .. },
                        )) => {
                            if let Some((_, tx)) = reserving.pop() {
                                let _ = tx.send(Ok(()));
                            }
                        }
                        SwarmEvent::ListenerClosed { listener_id, reason, .. } => {
                            if let Some(i) = reserving.iter().position(|(l, _)| *l == listener_id) {
                                let (_, tx) = reserving.remove(i);
                                let _ = tx.send(Err(match reason {
                                    Ok(()) => "listener closed".to_string(),
                                    Err(e) => format!("{e}: {:?}", std::error::Error::source(&e)),
                                }));
                            }
                        }
                        SwarmEvent::Behaviour(BehaviourEvent::Identify(
                            libp2p::identify::Event::Received { info, .. },
                        )) => {
                            if let Ok(mut n) = nat_task.lock() {
                                n.observed = Some(info.observed_addr);
                            }
                        }
                        SwarmEvent::Behaviour(BehaviourEvent::Autonat(e)) => {
                            if let Ok(mut n) = nat_task.lock() {
                                let err = e.result.as_ref().err().map(|x| x.to_string()).unwrap_or_default();
                                n.results.push((e.tested_addr, e.result.is_ok(), err));
                            }
                        }
                        SwarmEvent::NewListenAddr { address, .. } => {
                            if let Ok(mut l) = listening_task.lock() {
                                l.push(address);
                            }
                        }
                        SwarmEvent::ConnectionEstablished { peer_id, connection_id, .. } => {
                            if let Some(i) = waiting.iter().position(|(c, _)| *c == connection_id) {
                                let (_, tx) = waiting.remove(i);
                                let _ = tx.send(Ok(peer_id));
                            }
                        }
                        SwarmEvent::OutgoingConnectionError { connection_id, error, .. } => {
                            if let Some(i) = waiting.iter().position(|(c, _)| *c == connection_id) {
                                let (_, tx) = waiting.remove(i);
                                let _ = tx.send(Err(error.to_string()));
                            }
                        }
                        _ => {}
                    },
                }
            }
        });
        RawPeer {
            peer_id,
            signer,
            control,
            last_addr: std::sync::Mutex::new(None),
            listening,
            dial_tx,
            reserve_tx,
            candidate_tx,
            nat: nat_view,
        }
    }

    /// Asks the relay at `relay` (a multiaddr ending in `/p2p/<PeerId>`, connected or
    /// not) for a reservation; Ok once it accepts, Err with the reason it refused.
    pub async fn reserve(&self, relay: &str) -> Result<(), String> {
        let addr: Multiaddr = format!("{relay}/p2p-circuit").parse().expect("multiaddr");
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.reserve_tx.send((addr, tx)).expect("swarm task alive");
        match tokio::time::timeout(Duration::from_secs(20), rx).await {
            Ok(Ok(r)) => r,
            Ok(Err(_)) => Err("swarm task gone".into()),
            Err(_) => Err("no answer within 20 s".into()),
        }
    }

    /// A peer with a fresh agent key too.
    pub fn random() -> RawPeer {
        Self::new(SoftwareSigner::generate(&mut OsRng))
    }

    /// Our DID.
    pub fn did(&self) -> String {
        self.signer.public_key().did().to_string()
    }

    /// Connects to `addr`; returns the remote PeerId.
    pub async fn connect(&self, addr: &str) -> PeerId {
        if let Ok(mut a) = self.last_addr.lock() {
            *a = Some(addr.to_string());
        }
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.dial_tx
            .send((addr.parse().expect("multiaddr"), tx))
            .expect("swarm task alive");
        rx.await.expect("dial answer").expect("dial succeeded")
    }

    /// Opens a protocol stream to `peer`. The node closes the connections of a peer that
    /// failed a handshake (possibly just after we redialed), so this redials the last
    /// address and retries a few times.
    pub async fn open(&self, peer: PeerId, proto: StreamProtocol) -> Stream {
        let mut last_err = String::new();
        for attempt in 0..8 {
            match self.control.clone().open_stream(peer, proto.clone()).await {
                Ok(s) => return s,
                Err(e) => last_err = e.to_string(),
            }
            // Let the node's pending disconnect land before redialing.
            tokio::time::sleep(Duration::from_millis(150 * (attempt + 1))).await;
            let addr = self.last_addr.lock().ok().and_then(|a| a.clone());
            let addr = addr.expect("open stream: not connected and no address to redial");
            self.connect(&addr).await;
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("open stream failed after redials: {last_err}");
    }

    /// Opens a protocol stream to `peer` once, without redialing: Err says why not.
    pub async fn try_open(&self, peer: PeerId, proto: StreamProtocol) -> Result<Stream, String> {
        self.control
            .clone()
            .open_stream(peer, proto)
            .await
            .map_err(|e| e.to_string())
    }

    /// Opens a handshake stream without redialing (None if the connection is gone).
    pub async fn control_open(&self, peer: PeerId) -> Option<Stream> {
        self.control.clone().open_stream(peer, HANDSHAKE).await.ok()
    }

    /// A hello as an honest initiator would send it, and its state.
    pub fn hello(&self, remote: PeerId, ts: UnixMillis) -> (ExpectResponse, HandshakeFrame) {
        ExpectResponse::start(
            HandshakeConfig::default(),
            self.signer.public_key(),
            PeerIdBytes(self.peer_id.to_bytes()),
            PeerIdBytes(remote.to_bytes()),
            ts,
            &mut OsRng,
        )
    }

    /// Runs an honest handshake on a new stream; returns the recorded frames or the
    /// node's reject code.
    pub async fn handshake(&self, remote: PeerId) -> Result<Recorded, RejectCode> {
        self.handshake_pausing(remote, || {}).await
    }

    /// [`RawPeer::handshake`], calling `pause` after the node's `response` has arrived
    /// and before our `finish` is sent: the moment the node has checked trust once and
    /// has not yet installed the session.
    pub async fn handshake_pausing(
        &self,
        remote: PeerId,
        pause: impl FnOnce(),
    ) -> Result<Recorded, RejectCode> {
        let mut s = self.open(remote, HANDSHAKE).await;
        let (state, hello) = self.hello(remote, now());
        send(&mut s, &hello.encode()).await;
        let resp = recv_frame(&mut s).await.ok_or(RejectCode::Other(0))?;
        let mut replay = ReplayCache::new(16, 30_000);
        let (state, finish) = match state.handle(resp, now(), &self.signer, &TrustAll, &mut replay)
        {
            Ok(x) => x,
            Err(lango_protocol::Error::Rejected(c)) => return Err(c),
            Err(e) => panic!("node sent a response we could not verify: {e}"),
        };
        pause();
        send(&mut s, &finish.encode()).await;
        let outcome = recv_frame(&mut s).await.ok_or(RejectCode::Other(0))?;
        match state.handle(outcome) {
            Ok(est) => Ok(Recorded {
                hello,
                finish,
                session_id: est.session_id.0,
            }),
            Err(lango_protocol::Error::Rejected(c)) => Err(c),
            Err(e) => panic!("unexpected outcome: {e}"),
        }
    }

    /// Sends a ping with `session_id`; returns the node's status string (or None if the
    /// stream closed without an answer).
    pub async fn ping(&self, remote: PeerId, session_id: &[u8]) -> Option<String> {
        #[derive(serde::Serialize)]
        struct Req {
            session_id: serde_bytes::ByteBuf,
            nonce: serde_bytes::ByteBuf,
        }
        #[derive(serde::Deserialize)]
        struct Resp {
            status: String,
            #[allow(dead_code)]
            nonce: serde_bytes::ByteBuf,
        }
        let mut s = self.open(remote, PING).await;
        let mut body = Vec::new();
        ciborium::into_writer(
            &Req {
                session_id: serde_bytes::ByteBuf::from(session_id.to_vec()),
                nonce: serde_bytes::ByteBuf::from(vec![7; 16]),
            },
            &mut body,
        )
        .expect("cbor");
        send(&mut s, &body).await;
        let body = recv(&mut s).await?;
        let r: Resp = ciborium::from_reader(&body[..]).ok()?;
        Some(r.status)
    }
}

/// Writes one length-prefixed frame.
pub async fn send(s: &mut Stream, body: &[u8]) {
    let mut f = (body.len() as u32).to_be_bytes().to_vec();
    f.extend_from_slice(body);
    let _ = s.write_all(&f).await;
    let _ = s.flush().await;
}

/// Writes raw bytes.
pub async fn send_raw(s: &mut Stream, bytes: &[u8]) {
    let _ = s.write_all(bytes).await;
    let _ = s.flush().await;
}

/// Reads one frame body (cap 1 MiB for the test side), or None on close/timeout (10 s).
pub async fn recv(s: &mut Stream) -> Option<Vec<u8>> {
    tokio::time::timeout(Duration::from_secs(10), async {
        let mut p = [0u8; 4];
        s.read_exact(&mut p).await.ok()?;
        let len = u32::from_be_bytes(p) as usize;
        if len > 1 << 20 {
            return None;
        }
        let mut b = vec![0u8; len];
        s.read_exact(&mut b).await.ok()?;
        Some(b)
    })
    .await
    .ok()
    .flatten()
}

/// Reads and decodes one handshake frame.
pub async fn recv_frame(s: &mut Stream) -> Option<HandshakeFrame> {
    HandshakeFrame::decode(&recv(s).await?).ok()
}

/// Reads one handshake frame and returns its reject code, if it is a reject.
pub async fn recv_reject(s: &mut Stream) -> Option<RejectCode> {
    match recv_frame(s).await? {
        HandshakeFrame::Reject(c) => Some(c),
        _ => None,
    }
}
