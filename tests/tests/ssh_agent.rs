//! A node whose agent identity lives in a real OpenSSH `ssh-agent` (the external-signer
//! provider): it handshakes with a key lango-node never sees, and when the agent goes
//! away it refuses handshakes as `unavailable` instead of signing with anything else.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use lango_protocol::RejectCode;
use lango_tests::{rt, Node, NodeConfig, RawPeer};
use libp2p::PeerId;

struct Agent {
    child: Child,
    dir: tempfile::TempDir,
}

impl Agent {
    fn start_with_p256_key() -> Agent {
        let dir = tempfile::tempdir().expect("tmp");
        let sock = dir.path().join("agent.sock");
        let child = Command::new("ssh-agent")
            .arg("-D")
            .arg("-a")
            .arg(&sock)
            .stdout(Stdio::null())
            .spawn()
            .expect("ssh-agent");
        for _ in 0..100 {
            if sock.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let key = dir.path().join("id_ecdsa");
        assert!(Command::new("ssh-keygen")
            .args(["-q", "-N", "", "-t", "ecdsa", "-b", "256", "-f"])
            .arg(&key)
            .status()
            .expect("ssh-keygen")
            .success());
        assert!(Command::new("ssh-add")
            .arg(&key)
            .env("SSH_AUTH_SOCK", &sock)
            .stderr(Stdio::null())
            .status()
            .expect("ssh-add")
            .success());
        Agent { child, dir }
    }

    fn sock(&self) -> PathBuf {
        self.dir.path().join("agent.sock")
    }

    fn env(&self) -> Vec<(String, std::ffi::OsString)> {
        vec![("SSH_AUTH_SOCK".into(), self.sock().into_os_string())]
    }
}

impl Drop for Agent {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn node_with_an_ssh_agent_identity_handshakes_and_fails_closed_without_it() {
    let mut agent = Agent::start_with_p256_key();
    let pub_file = agent.dir.path().join("id_ecdsa.pub");
    let mut n = Node::init_with(
        NodeConfig::default(),
        &[
            "--key-provider",
            "ssh-agent",
            "--ssh-key",
            pub_file.to_str().expect("utf-8"),
        ],
        agent.env(),
    );
    // The private key is nowhere in the data dir: no sealed software identity exists.
    assert!(!n.dir.join("identity.sealed").exists());
    assert!(n.dir.join("identity.ref.sealed").exists());
    n.run();
    rt().block_on(async {
        let peer = RawPeer::random();
        n.ok(&["trust", "add", &peer.did(), "--tools", "*"]);
        let pid: PeerId = n.peer_id.parse().expect("peer id");
        peer.connect(n.addr()).await;
        // The raw peer verifies the node's signature under the DID init printed.
        peer.handshake(pid)
            .await
            .expect("handshake signed by the agent");
        assert_eq!(n.session_dids(), vec![peer.did()]);

        // The agent goes away: the node refuses, blames nobody, signs with nothing else.
        let _ = agent.child.kill();
        let _ = agent.child.wait();
        let second = RawPeer::new(
            lango_protocol::SoftwareSigner::from_scalar(&peer.signer.to_scalar()[..]).expect("key"),
        );
        second.connect(n.addr()).await;
        assert_eq!(
            second.handshake(pid).await.err(),
            Some(RejectCode::Unavailable)
        );
        assert!(
            n.events_of("malformed_frame").is_empty() && n.events_of("bad_signature").is_empty()
        );
    });
    // Restarting without the agent: one clear line, exit 1.
    n.stop();
    let out = n.cli(&["run"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "run must not start without its agent"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("ssh-agent"), "{err}");
}

#[test]
fn init_with_an_agent_that_lacks_the_key_leaves_nothing_behind() {
    let agent = Agent::start_with_p256_key();
    // A .pub for a key that is not in the agent.
    let other = agent.dir.path().join("other");
    assert!(Command::new("ssh-keygen")
        .args(["-q", "-N", "", "-t", "ecdsa", "-b", "256", "-f"])
        .arg(&other)
        .status()
        .expect("ssh-keygen")
        .success());
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("data");
    let out = Command::new(lango_tests::node::binary())
        .arg("--data-dir")
        .arg(&dir)
        .args(["init", "--key-provider", "ssh-agent", "--ssh-key"])
        .arg(agent.dir.path().join("other.pub"))
        .env("SSH_AUTH_SOCK", agent.sock())
        .env("LANGO_PASSPHRASE", "x")
        .output()
        .expect("spawn");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("does not hold"), "{err}");
    assert!(!dir.exists(), "no half-initialised data dir");
}
