//! Reaching a trusted peer by its DID alone through a relay both sides trust, with real
//! `lango-node` daemons on loopback, and the relay's refusals: no reservation without a
//! session, and no stored record that is forged, replayed, or for another PeerId.
//! (The NAT cases, with routers in network namespaces, are `testnet/lab.sh`.)

use lango_protocol::lookup::{RecordRequest, RecordResponse};
use lango_protocol::record::{sign_record, PeerRecord};
use lango_protocol::{PeerIdBytes, Signer, SoftwareSigner, UnixMillis};
use lango_tests::raw::{self, RawPeer};
use lango_tests::{rt, Node, NodeConfig};
use libp2p::StreamProtocol;
use rand_core::OsRng;

const RECORDS: StreamProtocol = StreamProtocol::new("/lango/records/1.0.0");
const BASE: &str = "[handshake]\nread_timeout = \"2s\"\n";

fn relay() -> Node {
    Node::start(NodeConfig {
        toml: format!("{BASE}\n[relay]\nserve = true\n"),
    })
}

fn relay_addr(r: &Node) -> String {
    format!("{}/p2p/{}", r.addr(), r.peer_id)
}

fn client(r: &Node, extra: &str) -> Node {
    Node::start(NodeConfig {
        toml: format!(
            "{BASE}\n[[relays]]\naddr = \"{}\"\n\n{extra}",
            relay_addr(r)
        ),
    })
}

fn path_of(n: &Node, did: &str) -> serde_json::Value {
    n.json(&["session", "list", "--json"])
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| s["did"] == did)
        .cloned()
        .unwrap_or_default()
}

const ECHO: &str = "[[tools]]\nname = \"echo\"\nsandbox = \"subprocess\"\ncommand = [\"/bin/cat\"]\nsafety = \"safe\"\n";

#[test]
fn a_peer_trusted_by_did_alone_is_found_through_a_shared_relay_and_reached_directly() {
    let r = relay();
    let (a, b) = (client(&r, ""), client(&r, ECHO));
    r.ok(&["trust", "add", &a.did]);
    r.ok(&["trust", "add", &b.did]);
    a.trust(&r);
    b.trust(&r);
    // No address: only the relay knows where each is.
    a.ok(&["trust", "add", &b.did, "--tools", "echo"]);
    b.ok(&["trust", "add", &a.did, "--tools", "*"]);
    a.wait_for(30, "a session with b by DID alone", |n| {
        n.session_dids().contains(&b.did)
    });
    for n in [&a, &b] {
        let st = n.json(&["status", "--json"]);
        assert_eq!(st["relays"][0]["reserved"], true, "{st}");
        assert_eq!(st["relays"][0]["session"], true, "{st}");
    }
    let out = a.ok(&[
        "invoke",
        &b.did,
        "echo",
        "--input",
        r#"{"over":"the relay"}"#,
    ]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("the relay"),
        "{out:?}"
    );
    // On loopback the hole punch always works: the pair moves to a direct connection
    // and the relayed one is closed.
    a.wait_for(20, "a direct path to b", |n| {
        path_of(n, &b.did)["path"] == "direct"
    });
    let s = path_of(&a, &b.did);
    assert_eq!(s["transport"], "tcp", "{s}");
    assert!(
        s["remote_addr"]
            .as_str()
            .is_some_and(|x| !x.contains("p2p-circuit")),
        "{s}"
    );
    a.ok(&["invoke", &b.did, "echo", "--input", r#"{"now":"direct"}"#]);
    // The relay stored both records (audited) and served a lookup.
    let audit = String::from_utf8_lossy(&r.ok(&["audit", "tail", "-n", "200"]).stdout).to_string();
    assert!(audit.matches("peer_record_stored").count() >= 2, "{audit}");
}

const SLOW: &str = "[[tools]]\nname = \"slow\"\nsandbox = \"subprocess\"\ncommand = [\"/bin/sh\", \"-c\", \"sleep 8; cat\"]\nsafety = \"safe\"\n";

/// Calls that are in flight on the relayed connection when the pair goes direct finish:
/// the relayed connection drains (`daemon/drain.rs`) instead of being closed under them.
/// From the moment the session exists (over the relay), a call lasting 8 s (longer than
/// the drain's 5 s settling time) starts every 3 s until the path turns direct; every
/// call must succeed, and one must have been in flight across the turn. The pair can
/// turn direct before the first call starts; the scenario is then run again with new
/// nodes (at most three times).
#[test]
fn calls_in_flight_on_the_relayed_connection_when_the_pair_goes_direct_finish() {
    use std::time::{Duration, Instant};
    for attempt in 1..=3 {
        let r = relay();
        let (a, b) = (client(&r, ""), client(&r, SLOW));
        r.ok(&["trust", "add", &a.did]);
        r.ok(&["trust", "add", &b.did]);
        a.trust(&r);
        b.trust(&r);
        a.ok(&["trust", "add", &b.did, "--tools", "slow"]);
        b.ok(&["trust", "add", &a.did, "--tools", "*"]);
        a.wait_for(30, "a session with b by DID alone", |n| {
            n.session_dids().contains(&b.did)
        });
        let (turned, calls) = std::thread::scope(|s| {
            let mut calls = Vec::new();
            let mut next = Instant::now();
            let deadline = Instant::now() + Duration::from_secs(60);
            let turned = loop {
                if path_of(&a, &b.did)["path"] == "direct" {
                    break Instant::now();
                }
                assert!(Instant::now() < deadline, "no direct path within 60 s");
                if Instant::now() >= next {
                    next = Instant::now() + Duration::from_secs(3);
                    let (a, did) = (&a, b.did.clone());
                    calls.push(s.spawn(move || {
                        let start = Instant::now();
                        let out = a.cli(&["invoke", &did, "slow", "--input", r#"{"in":"flight"}"#]);
                        (start, Instant::now(), out)
                    }));
                }
                std::thread::sleep(Duration::from_millis(100));
            };
            let calls: Vec<_> = calls
                .into_iter()
                .map(|c| c.join().expect("an invoke thread"))
                .collect();
            (turned, calls)
        });
        for (_, _, out) in &calls {
            assert!(
                out.status.success() && String::from_utf8_lossy(&out.stdout).contains("flight"),
                "a call started on the relayed path failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let across = calls
            .iter()
            .filter(|(start, end, _)| *start < turned && turned < *end)
            .count();
        eprintln!(
            "attempt {attempt}: {} call(s) on the relayed path, {across} in flight as it turned direct",
            calls.len()
        );
        if across > 0 {
            a.ok(&["invoke", &b.did, "slow", "--input", r#"{"now":"direct"}"#]);
            return;
        }
    }
    panic!("in three runs the pair turned direct with no call in flight: nothing was tested");
}

#[test]
fn the_relay_gives_no_reservation_to_a_peer_without_a_session() {
    let r = relay();
    rt().block_on(async {
        let peer = RawPeer::random();
        let rid = peer.connect(r.addr()).await;
        assert_eq!(rid.to_string(), r.peer_id);
        let refused = peer.reserve(&relay_addr(&r)).await;
        assert!(refused.is_err(), "a stranger got a reservation");
        // The same peer, once trusted and holding a session, gets one: the refusal was
        // the missing session, nothing else.
        r.ok(&["trust", "add", &peer.did()]);
        peer.handshake(rid).await.expect("handshake accepted");
        peer.reserve(&relay_addr(&r))
            .await
            .expect("reservation for a peer with a session");
    });
    assert!(
        r.log().contains("relay: refused a peer without a session"),
        "{}",
        r.log()
    );
}

/// Publishes `rec` on a new records stream and returns the relay's answer.
async fn publish(peer: &RawPeer, relay: libp2p::PeerId, req: RecordRequest) -> RecordResponse {
    let mut s = peer.open(relay, RECORDS).await;
    raw::send(&mut s, &req.encode()).await;
    let body = raw::recv(&mut s).await.expect("an answer");
    RecordResponse::decode(&body).expect("a response")
}

fn record(signer: &SoftwareSigner, peer: &[u8], seq: u64) -> lango_protocol::record::SignedRecord {
    sign_record(
        PeerRecord {
            key: signer.public_key(),
            peer_id: PeerIdBytes(peer.to_vec()),
            addrs: vec!["/ip4/203.0.113.7/tcp/4001".into()],
            seq,
            expires: UnixMillis(raw::now().0 + 600_000),
        },
        signer,
    )
    .expect("sign")
}

#[test]
fn the_relay_refuses_forged_replayed_and_misaddressed_records_with_events() {
    let r = relay();
    let victim = client(&r, "");
    rt().block_on(async {
        // A stranger is not served at all.
        let stranger = RawPeer::random();
        let rid = stranger.connect(r.addr()).await;
        let rec = record(&stranger.signer, &stranger.peer_id.to_bytes(), 1);
        assert!(matches!(
            publish(&stranger, rid, RecordRequest::Publish(Box::new(rec))).await,
            RecordResponse::Refused(_)
        ));

        let peer = RawPeer::random();
        r.ok(&["trust", "add", &peer.did()]);
        let rid = peer.connect(r.addr()).await;
        peer.handshake(rid).await.expect("handshake accepted");
        let me = peer.peer_id.to_bytes();
        let ok = |x: RecordResponse| assert_eq!(x, RecordResponse::Stored);
        ok(publish(
            &peer,
            rid,
            RecordRequest::Publish(Box::new(record(&peer.signer, &me, 5))),
        )
        .await);
        // Replayed: an older sequence number than the one stored.
        let old = record(&peer.signer, &me, 4);
        assert!(matches!(
            publish(&peer, rid, RecordRequest::Publish(Box::new(old))).await,
            RecordResponse::Refused(why) if why.contains("replayed")
        ));
        // Forged: the victim's key on a record we signed.
        let mut forged = record(&peer.signer, &me, 9);
        let (_, victim_key) = lango_protocol::Did::parse(&victim.did).expect("did");
        forged.record.key = victim_key;
        assert!(matches!(
            publish(&peer, rid, RecordRequest::Publish(Box::new(forged))).await,
            RecordResponse::Refused(_)
        ));
        // Our own key, someone else's PeerId.
        let elsewhere = record(&peer.signer, &libp2p::PeerId::random().to_bytes(), 10);
        assert!(matches!(
            publish(&peer, rid, RecordRequest::Publish(Box::new(elsewhere))).await,
            RecordResponse::Refused(why) if why.contains("PeerId")
        ));
        // What the relay serves is still the honest record.
        match publish(&peer, rid, RecordRequest::Find(peer.signer.public_key())).await {
            RecordResponse::Found(r) => assert_eq!(r.record.seq, 5),
            other => panic!("{other:?}"),
        }
        // A random key that published nothing.
        let nobody = SoftwareSigner::generate(&mut OsRng).public_key();
        assert_eq!(
            publish(&peer, rid, RecordRequest::Find(nobody)).await,
            RecordResponse::NotFound
        );
    });
    assert!(!r.events_of("replay").is_empty(), "no replay event");
    assert!(
        r.events_of("bad_signature").len() >= 2,
        "forged and misaddressed records raise events"
    );
}

#[test]
fn a_peer_last_reached_directly_is_redialed_there_after_a_restart_and_doctor_says_why_not() {
    // No relay and no mDNS: after the restart only the last-known address can bring
    // the session back.
    let cfg = format!("{BASE}[node]\nmdns = false\n");
    let b = Node::start(NodeConfig {
        toml: format!("{cfg}{ECHO}"),
    });
    let mut a = Node::start(NodeConfig { toml: cfg.clone() });
    b.ok(&["trust", "add", &a.did, "--tools", "*"]);
    a.ok(&[
        "trust",
        "add",
        &b.did,
        "--addr",
        b.addr(),
        "--tools",
        "echo",
    ]);
    a.wait_for(30, "a session with b", |n| {
        n.session_dids().contains(&b.did)
    });
    // Reached directly: its address is recorded (doctor says so).
    a.wait_for(10, "b's last-known address", |n| {
        let doc = n.json(&["doctor", &b.did, "--json"]);
        doc["peers"][0]["reachable"] == true
            && doc["peers"][0]["findings"]
                .to_string()
                .contains(&format!("at {}", b.addr()))
    });
    // a forgets b's address; only what it recorded of the direct connection remains.
    a.ok(&["trust", "set", &b.did, "--no-addr"]);
    a.stop();
    a.run();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !a.session_dids().contains(&b.did) {
        assert!(
            std::time::Instant::now() < deadline,
            "no session with b from its last-known address\na:\n{}\nb:\n{}",
            a.log(),
            b.log()
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    a.ok(&["invoke", &b.did, "echo", "--input", r#"{"again":true}"#]);

    // b goes away; another node takes its port. The dial to b's PeerId there fails (the
    // transport proves the PeerId), and doctor says so, with the other ways it tried.
    let port_addr = b.addr().to_string();
    drop(b);
    let c = Node::start_on(NodeConfig { toml: cfg.clone() }, &port_addr);
    c.ok(&["trust", "add", &a.did]);
    a.wait_for(30, "the session with b to end", |n| {
        n.session_dids().is_empty()
    });
    let b_did = a
        .json(&["trust", "list", "--json"])
        .as_array()
        .into_iter()
        .flatten()
        .find_map(|p| p["did"].as_str().map(String::from))
        .expect("b is still trusted");
    a.wait_for(30, "doctor to report the failed dial", |n| {
        let doc = n.json(&["doctor", &b_did, "--json"]);
        doc["peers"][0]["reachable"] == false
            && doc["peers"][0]["findings"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|f| {
                    f.as_str()
                        .is_some_and(|f| f.contains("dial") && f.contains("failed"))
                })
    });
    assert!(!a.session_dids().contains(&c.did));
    let doc = a.json(&["doctor", &b_did, "--json"]);
    assert!(
        doc["node"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|f| f.as_str().is_some_and(|f| f.contains("mDNS is off"))),
        "{doc}"
    );
    // Asking about a DID that is not trusted says what to do.
    let out = a.cli(&["doctor", &c.did]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("trust add"),
        "{out:?}"
    );
}

#[test]
fn a_probe_through_a_relay_is_refused_it_is_for_lan_neighbours_only() {
    // The node holds a reservation on a relay. A peer the relay trusts reaches the node
    // through a circuit and probes for the node's key: the answer would hand its record
    // (addresses, relays) to anyone who knows its DID, from anywhere. Refused.
    let r = relay();
    let node = client(&r, "");
    r.ok(&["trust", "add", &node.did]);
    node.trust(&r);
    node.wait_for(30, "a reservation on the relay", |n| {
        n.json(&["status", "--json"])["relays"][0]["reserved"] == true
    });
    let (_, node_key) = lango_protocol::Did::parse(&node.did).expect("did");
    rt().block_on(async {
        let prober = RawPeer::random();
        r.ok(&["trust", "add", &prober.did()]);
        let rid = prober.connect(r.addr()).await;
        prober
            .handshake(rid)
            .await
            .expect("the relay accepts a peer it trusts");
        let circuit = format!("{}/p2p-circuit/p2p/{}", relay_addr(&r), node.peer_id);
        let nid = prober.connect(&circuit).await;
        assert_eq!(nid.to_string(), node.peer_id);
        let nonce = [5u8; 16];
        let got = publish(
            &prober,
            nid,
            RecordRequest::Probe {
                nonce,
                tags: vec![lango_protocol::lookup::probe_tag(&nonce, &node_key)],
            },
        )
        .await;
        assert!(
            matches!(&got, RecordResponse::Refused(why) if why.contains("LAN only")),
            "{got:?}"
        );
    });
}
