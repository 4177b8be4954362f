//! LAN discovery (mDNS) with real daemons listening on this machine's LAN interface:
//! trusted neighbours find each other by DID alone, with no address and no relay; an
//! untrusted neighbour gets no session; a probe is answered only for the answerer's own
//! key; a neighbour that answers a probe with a record that is not its own gets no
//! handshake and raises an event. Also the relay-side twin of that last attack: a relay
//! serving a record that names another node's PeerId leads to a dial whose handshake is
//! refused with `record_mismatch`.
//!
//! Needs an interface with multicast and a private or test-net address (every LAN host
//! has one; the CI machine's `eth0` does). The NAT lab's `lan` scenario runs the same in
//! network namespaces.

use futures::StreamExt;
use lango_protocol::lookup::{probe_tag, RecordRequest, RecordResponse};
use lango_protocol::record::{sign_record, PeerRecord, SignedRecord};
use lango_protocol::{PeerIdBytes, Signer, SoftwareSigner, UnixMillis};
use lango_tests::raw::{self, RawPeer};
use lango_tests::{rt, Node, NodeConfig};
use libp2p::StreamProtocol;
use rand_core::OsRng;

const RECORDS: StreamProtocol = StreamProtocol::new("/lango/records/1.0.0");
const BASE: &str = "[handshake]\nread_timeout = \"2s\"\n";
const ECHO: &str = "[[tools]]\nname = \"echo\"\nsandbox = \"subprocess\"\ncommand = [\"/bin/cat\"]\nsafety = \"safe\"\n";

/// A node listening on every interface (so mDNS announces its LAN address).
fn lan_node(extra: &str) -> Node {
    Node::start_on(
        NodeConfig {
            toml: format!("{BASE}{extra}"),
        },
        "/ip4/0.0.0.0/tcp/0",
    )
}

fn record(signer: &SoftwareSigner, peer: &[u8], addrs: Vec<String>) -> SignedRecord {
    sign_record(
        PeerRecord {
            key: signer.public_key(),
            peer_id: PeerIdBytes(peer.to_vec()),
            addrs,
            seq: raw::now().0,
            expires: UnixMillis(raw::now().0 + 600_000),
        },
        signer,
    )
    .expect("sign")
}

async fn ask(peer: &RawPeer, node: libp2p::PeerId, req: RecordRequest) -> RecordResponse {
    let mut s = peer.open(node, RECORDS).await;
    raw::send(&mut s, &req.encode()).await;
    let body = raw::recv(&mut s).await.expect("an answer");
    RecordResponse::decode(&body).expect("a response")
}

#[test]
fn trusted_neighbours_find_each_other_by_did_alone_and_a_stranger_gets_no_session() {
    let (a, b, stranger) = (lan_node(ECHO), lan_node(""), lan_node(""));
    // No address anywhere, no relay: only mDNS can bring them together.
    a.ok(&["trust", "add", &b.did, "--tools", "echo"]);
    b.ok(&["trust", "add", &a.did]);
    // The stranger wants `a`; `a` does not trust it.
    stranger.ok(&["trust", "add", &a.did]);
    b.wait_for(40, "a session with a, found by mDNS", |n| {
        n.session_dids().contains(&a.did)
    });
    let out = b.ok(&["invoke", &a.did, "echo", "--input", r#"{"over":"the lan"}"#]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("the lan"),
        "{out:?}"
    );
    let st = a.json(&["status", "--json"]);
    assert_eq!(st["mdns"]["enabled"], true, "{st}");
    assert!(st["mdns"]["neighbours"].as_u64() >= Some(1), "{st}");
    let path = a
        .json(&["session", "list", "--json"])
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| s["did"] == b.did)
        .cloned()
        .unwrap_or_default();
    assert_eq!(path["path"], "direct", "{path}");
    // The stranger found `a` too (it knows a's key, so a's probe answer named it), and
    // its handshake was refused: it is pending on `a`, with no session either way.
    a.wait_for(40, "the stranger's refused handshake", |n| {
        n.json(&["trust", "pending", "--json"])
            .as_array()
            .into_iter()
            .flatten()
            .any(|p| p["did"] == stranger.did)
    });
    assert!(!a.session_dids().contains(&stranger.did));
    assert!(!stranger.session_dids().contains(&a.did));
}

/// A peer the node blocked (here: it crossed the security-event threshold) gets no probe
/// answer, even for the node's own key, which anyone else on the LAN gets.
#[test]
fn a_blocked_peer_gets_no_answer_to_a_probe() {
    let a = Node::start(NodeConfig {
        toml: format!("{BASE}[events]\nthreshold = 1\nblock = \"10m\"\n"),
    });
    let a_key = lango_protocol::Did::parse(&a.did).expect("did").1;
    rt().block_on(async {
        let peer = RawPeer::random();
        let id = peer.connect(a.addr()).await;
        let nonce = [7u8; 16];
        let probe = || RecordRequest::Probe {
            nonce,
            tags: vec![probe_tag(&nonce, &a_key)],
        };
        // Not blocked yet: answered.
        assert!(matches!(
            ask(&peer, id, probe()).await,
            RecordResponse::Found(_)
        ));
        // A frame that announces more than the handshake allows: an event, and with a
        // threshold of 1, a block of this PeerId.
        let mut s = peer.open(id, raw::HANDSHAKE).await;
        raw::send_raw(&mut s, &((16 * 1024 + 1) as u32).to_be_bytes()).await;
        for _ in 0..100 {
            if a.json(&["status", "--json"])["blocks"].as_u64() >= Some(1) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(a.json(&["status", "--json"])["blocks"], 1);
        let got = ask(&peer, id, probe()).await;
        assert!(
            matches!(&got, RecordResponse::Refused(why) if why.contains("blocked")),
            "{got:?}"
        );
    });
}

#[test]
fn a_probe_is_answered_to_anyone_but_only_for_the_nodes_own_key() {
    let a = Node::start(NodeConfig { toml: BASE.into() });
    let off = Node::start(NodeConfig {
        toml: format!("{BASE}[node]\nmdns = false\n"),
    });
    let (a_key, off_key) = (
        lango_protocol::Did::parse(&a.did).expect("did").1,
        lango_protocol::Did::parse(&off.did).expect("did").1,
    );
    rt().block_on(async {
        let peer = RawPeer::random();
        let id = peer.connect(a.addr()).await;
        let nobody = SoftwareSigner::generate(&mut OsRng).public_key();
        let nonce = [9u8; 16];
        // No session, a key that is not a's: nothing.
        let got = ask(
            &peer,
            id,
            RecordRequest::Probe {
                nonce,
                tags: vec![probe_tag(&nonce, &nobody)],
            },
        )
        .await;
        assert_eq!(got, RecordResponse::NotFound);
        // a's key among others: a's own signed record, for the PeerId we are connected to.
        let got = ask(
            &peer,
            id,
            RecordRequest::Probe {
                nonce,
                tags: vec![probe_tag(&nonce, &nobody), probe_tag(&nonce, &a_key)],
            },
        )
        .await;
        let RecordResponse::Found(rec) = got else {
            panic!("{got:?}")
        };
        assert_eq!(rec.record.key, a_key);
        assert_eq!(rec.record.peer_id.0, id.to_bytes());
        rec.verify(raw::now()).expect("a's record verifies");
        // Without a session, `Find` is still refused (probes answer only for oneself).
        assert!(matches!(
            ask(&peer, id, RecordRequest::Find(a_key)).await,
            RecordResponse::Refused(_)
        ));
        // A node with mDNS off answers no probe at all.
        let oid = peer.connect(off.addr()).await;
        assert!(matches!(
            ask(
                &peer,
                oid,
                RecordRequest::Probe {
                    nonce,
                    tags: vec![probe_tag(&nonce, &off_key)],
                },
            )
            .await,
            RecordResponse::Refused(why) if why.contains("mdns")
        ));
    });
    // Probes are ordinary LAN traffic: they raise no event; the `Find` did.
    assert_eq!(a.events_of("acl_denied").len(), 1);
    assert!(a.events_of("malformed_frame").is_empty());
}

#[test]
fn a_neighbour_answering_a_probe_with_a_record_not_its_own_gets_no_handshake() {
    let a = lan_node("");
    // `victim` is a trusted key that is not on the LAN; the hostile neighbour holds a
    // genuine record of it (signed by it) naming another PeerId, and replays it.
    let victim = SoftwareSigner::generate(&mut OsRng);
    a.ok(&["trust", "add", victim.public_key().did().as_str()]);
    let elsewhere = libp2p::PeerId::random();
    let genuine = record(
        &victim,
        &elsewhere.to_bytes(),
        vec!["/ip4/192.0.2.77/tcp/4001".into()],
    );
    rt().block_on(async {
        let hostile = RawPeer::on_lan(SoftwareSigner::generate(&mut OsRng));
        let mut probes = hostile.incoming(RECORDS);
        let mut handshakes = hostile.incoming(raw::HANDSHAKE);
        let answered = tokio::time::timeout(std::time::Duration::from_secs(60), async {
            loop {
                let (_, mut s) = probes.next().await.expect("a probe from the node");
                let Some(body) = raw::recv(&mut s).await else {
                    continue;
                };
                let req = RecordRequest::decode(&body).expect("a request");
                // Other nodes on this machine's LAN (other tests) probe us too.
                if !req.probes_for(&victim.public_key()) {
                    raw::send(&mut s, &RecordResponse::NotFound.encode()).await;
                    continue;
                }
                let answer = RecordResponse::Found(Box::new(genuine.clone()));
                raw::send(&mut s, &answer.encode()).await;
                return;
            }
        })
        .await;
        assert!(answered.is_ok(), "the node never probed the neighbour");
        // No handshake follows a record that names another PeerId.
        let hs = tokio::time::timeout(std::time::Duration::from_secs(5), handshakes.next()).await;
        assert!(hs.is_err(), "the node handshook with a spoofing neighbour");
    });
    a.wait_for(10, "a bad_signature event against the neighbour", |n| {
        n.events_of("bad_signature")
            .iter()
            .any(|e| e["detail"].as_str().is_some_and(|d| d.contains("probe")))
    });
    assert!(a.session_dids().is_empty());
}

#[test]
fn a_relay_serving_a_record_with_another_nodes_peer_id_leads_to_a_refused_handshake() {
    // `innocent` is a real node; the hostile relay serves a record of `victim`'s key
    // (genuinely signed) that names innocent's PeerId and address. The client dials
    // innocent, whose handshake proves another key: refused, `record_mismatch`.
    let innocent = Node::start(NodeConfig { toml: BASE.into() });
    let victim = SoftwareSigner::generate(&mut OsRng);
    rt().block_on(async {
        let relay = RawPeer::random();
        let mut finds = relay.incoming(RECORDS);
        // The client lists the relay (which does not listen: it dials in and handshakes,
        // and so holds a session) and trusts it and victim.
        let client = Node::start(NodeConfig {
            toml: format!(
                "{BASE}[[relays]]\naddr = \"/ip4/127.0.0.1/tcp/9/p2p/{}\"\n",
                relay.peer_id
            ),
        });
        client.ok(&["trust", "add", &relay.did()]);
        client.ok(&["trust", "add", victim.public_key().did().as_str()]);
        let cid = relay.connect(client.addr()).await;
        relay
            .handshake(cid)
            .await
            .expect("client accepts the trusted relay");
        let bad = record(
            &victim,
            &innocent
                .peer_id
                .parse::<libp2p::PeerId>()
                .expect("peer id")
                .to_bytes(),
            vec![innocent.addr().to_string()],
        );
        let served = tokio::time::timeout(std::time::Duration::from_secs(60), async {
            loop {
                let (_, mut s) = finds.next().await.expect("a records stream");
                let body = raw::recv(&mut s).await.expect("a request");
                if let Ok(RecordRequest::Find(k)) = RecordRequest::decode(&body) {
                    assert_eq!(k, victim.public_key());
                    raw::send(
                        &mut s,
                        &RecordResponse::Found(Box::new(bad.clone())).encode(),
                    )
                    .await;
                    return;
                }
                raw::send(&mut s, &RecordResponse::Stored.encode()).await;
            }
        })
        .await;
        assert!(served.is_ok(), "the client never looked victim up");
        client.wait_for(20, "a record_mismatch event", |n| {
            !n.events_of("record_mismatch").is_empty()
        });
        assert!(client.session_dids().iter().all(|d| *d != innocent.did));
        // The innocent node did not try to contact the client: it is not pending there.
        let pending = client.json(&["trust", "pending", "--json"]);
        assert!(!pending.to_string().contains(&innocent.did), "{pending}");
    });
}

#[test]
fn a_dial_that_lands_on_an_mdns_neighbour_shows_it_a_probe_not_our_did() {
    // The node trusts some DID "at" the neighbour's address (a stale or planted
    // address). The connection reaches an mDNS neighbour that no record named: it gets
    // a probe with blinded tags, never a handshake (which would carry our DID and a
    // signature), and the connection is closed.
    let a = lan_node("");
    rt().block_on(async {
        let hostile = RawPeer::on_lan(SoftwareSigner::generate(&mut OsRng));
        let mut probes = hostile.incoming(RECORDS);
        let mut handshakes = hostile.incoming(raw::HANDSHAKE);
        // Wait until `a` has heard of it by mDNS.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while a.json(&["status", "--json"])["mdns"]["neighbours"].as_u64() < Some(1) {
            assert!(std::time::Instant::now() < deadline, "no mDNS neighbour");
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        let addr = hostile.listen_addr().await;
        let someone = SoftwareSigner::generate(&mut OsRng).public_key().did();
        a.ok(&["trust", "add", someone.as_str(), "--addr", &addr]);
        let probed = tokio::time::timeout(std::time::Duration::from_secs(30), async {
            loop {
                let (_, mut s) = probes.next().await.expect("a stream");
                // (A stream whose connection was closed under it brings nothing.)
                let Some(body) = raw::recv(&mut s).await else {
                    continue;
                };
                assert!(matches!(
                    RecordRequest::decode(&body),
                    Ok(RecordRequest::Probe { .. })
                ));
                raw::send(&mut s, &RecordResponse::NotFound.encode()).await;
                return;
            }
        })
        .await;
        assert!(probed.is_ok(), "no probe reached the neighbour");
        let hs = tokio::time::timeout(std::time::Duration::from_secs(5), handshakes.next()).await;
        assert!(
            hs.is_err(),
            "the node sent its handshake to an unknown neighbour"
        );
    });
    assert!(a.session_dids().is_empty());
}
