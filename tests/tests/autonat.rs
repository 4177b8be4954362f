//! AutoNAT v2 with real `lango-node` daemons on loopback: a client learns from its relay
//! whether it can be dialed, and says so in `status` and `doctor`; a relay answers only
//! peers holding a session with it, and dials back only the IP a request comes from.
//! (Behind real NAT routers, where the answer is "not reachable": `testnet/lab.sh`.)

use lango_protocol::SoftwareSigner;
use lango_tests::{rt, Node, NodeConfig, RawPeer};
use libp2p::multiaddr::Protocol;
use libp2p::Multiaddr;
use rand_core::OsRng;

fn relay(read_timeout: &str) -> Node {
    Node::start(NodeConfig {
        toml: format!("[handshake]\nread_timeout = \"{read_timeout}\"\n\n[relay]\nserve = true\n"),
    })
}

#[test]
fn a_relay_dials_its_client_back_and_the_clients_status_and_doctor_say_so() {
    let r = relay("2s");
    let c = Node::start(NodeConfig {
        toml: format!(
            "[handshake]\nread_timeout = \"2s\"\n\n[[relays]]\naddr = \"{}/p2p/{}\"\n",
            r.addr(),
            r.peer_id
        ),
    });
    r.ok(&["trust", "add", &c.did]);
    c.trust(&r);
    c.wait_for(40, "an AutoNAT answer from the relay", |n| {
        n.json(&["status", "--json"])["autonat"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
    });
    let st = c.json(&["status", "--json"]);
    let t = &st["autonat"][0];
    assert_eq!(t["reachable"], true, "{st}");
    assert_eq!(t["server"], r.peer_id.as_str(), "{st}");
    // Our listen address, on loopback: reachable, but only from this machine.
    assert!(
        t["addr"]
            .as_str()
            .is_some_and(|a| a.starts_with("/ip4/127.0.0.1/tcp/")),
        "{st}"
    );
    assert_eq!(st["reachability"], "private", "{st}");
    let doc = String::from_utf8_lossy(&c.ok(&["doctor"]).stdout).to_string();
    assert!(doc.contains("reachable only on a private network"), "{doc}");
    // The relay serves; the client does not (it is no relay).
    assert!(!c.log().contains("AutoNAT dial-back"), "{}", c.log());
}

/// The address of `listen` whose IP is (or is not) `ip`.
fn listen_on(listen: &[Multiaddr], ip: &Protocol, same: bool) -> Multiaddr {
    listen
        .iter()
        .find(|a| (a.iter().next().as_ref() == Some(ip)) == same)
        .cloned()
        .expect("a listen address on each loopback IP")
}

#[test]
fn a_relay_answers_only_a_peer_with_a_session_and_dials_back_only_the_ip_it_came_from() {
    // A long read timeout: the stranger must stay connected until its client asks.
    let r = relay("10s");
    rt().block_on(async {
        let peer = RawPeer::with_autonat(SoftwareSigner::generate(&mut OsRng));
        let rid = peer.connect(r.addr()).await;
        let mut observed = None;
        for _ in 0..100 {
            observed = peer.observed();
            if observed.is_some() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let observed = observed.expect("identify told the peer how the relay sees it");
        let ip = observed.iter().next().expect("an IP");
        let listen = peer.listening();
        // Both are really ours and reachable: only the IP differs.
        let own = listen_on(&listen, &ip, true);
        let other = listen_on(&listen, &ip, false);
        peer.nat_candidate(own.clone());
        peer.nat_candidate(other.clone());

        // No session: the request is refused, no dial-back, no answer.
        for _ in 0..150 {
            if r.log()
                .contains("autonat: refused a peer without a session")
            {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(
            r.log()
                .contains("autonat: refused a peer without a session"),
            "{}",
            r.log()
        );
        assert_eq!(peer.nat_result(&own, 0).await, None);

        // The same peer with a session: its own IP is dialed back; the other one, on
        // which it listens just as well, is not.
        r.ok(&["trust", "add", &peer.did()]);
        peer.handshake(rid).await.expect("handshake accepted");
        let (ok, err) = peer
            .nat_result(&own, 30)
            .await
            .expect("an answer about the peer's own address");
        assert!(ok, "not dialed back at {own}: {err}");
        let (ok, _) = peer
            .nat_result(&other, 30)
            .await
            .expect("an answer about the other address");
        assert!(
            !ok,
            "dialed back at {other}, an IP the request did not come from"
        );
    });
    assert!(
        r.log().contains("autonat: refused to dial back"),
        "{}",
        r.log()
    );
}

#[test]
fn a_node_takes_autonat_dial_backs_from_its_relays_only() {
    // Not a relay of the node: the dial-back protocol is not even offered to it (libp2p's
    // client would take a nonce from anyone, and so confirm an address for them).
    let n = Node::start(NodeConfig {
        toml: "[handshake]\nread_timeout = \"10s\"\n".into(),
    });
    rt().block_on(async {
        let peer = RawPeer::random();
        let id = peer.connect(n.addr()).await;
        let dial_back = libp2p::StreamProtocol::new("/libp2p/autonat/2/dial-back");
        let opened = tokio::time::timeout(
            std::time::Duration::from_secs(10),
            peer.try_open(id, dial_back),
        )
        .await
        .expect("an answer within 10 s");
        assert!(
            opened.is_err(),
            "the node accepted a dial-back stream from a stranger"
        );
    });
}
