//! A signer that is not in-process (TPM, HSM, KMS, ssh-agent) signs off the async
//! workers with no lock held: while one handshake's signature hangs, another handshake
//! completes and the control socket answers. The runtime has one worker, so a signer
//! that blocked it would stall everything and these waits would run out.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use lango_node::control::{client, Request};
use lango_node::testkit::{self, NodeOptions};
use lango_protocol::identity::{Signature, SignedPayload, SignerError};
use lango_protocol::{AgentPublicKey, Signer, SoftwareSigner};
use support::{serve_control, trust, wait_for, watchdog};

/// A remote-like signer: its first signature hangs until the test opens the gate; every
/// later one takes 200 ms, as a slow hardware signer does. Both block the calling thread.
struct SlowSigner {
    key: SoftwareSigner,
    calls: AtomicUsize,
    gate: Arc<(Mutex<bool>, Condvar)>,
}

impl Signer for SlowSigner {
    fn public_key(&self) -> AgentPublicKey {
        self.key.public_key()
    }

    fn sign(&self, payload: &SignedPayload) -> Result<Signature, SignerError> {
        if self.calls.fetch_add(1, Ordering::SeqCst) == 0 {
            let (open, cv) = &*self.gate;
            let mut o = open.lock().unwrap();
            while !*o {
                o = cv.wait(o).unwrap();
            }
        } else {
            std::thread::sleep(Duration::from_millis(200));
        }
        self.key.sign(payload)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn a_hanging_signer_delays_neither_other_handshakes_nor_status() {
    // A signer on the runtime's one worker would stall its timers too, so the waits
    // below could never run out: a watchdog thread fails the test loudly instead.
    watchdog(
        150,
        "the node stalled: a signature blocked the async worker",
    );
    let tmp = tempfile::tempdir().unwrap();
    let gate = Arc::new((Mutex::new(false), Condvar::new()));
    let signer = Arc::new(SlowSigner {
        key: SoftwareSigner::generate(&mut rand::rngs::OsRng),
        calls: AtomicUsize::new(0),
        gate: gate.clone(),
    });
    let cfg = testkit::default_config;
    let a = testkit::start_node_with(
        tmp.path(),
        "a",
        cfg(),
        NodeOptions {
            signer: Some(signer.clone()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    serve_control(&a);
    let b = testkit::start_node(tmp.path(), "b", cfg()).await.unwrap();
    let c = testkit::start_node(tmp.path(), "c", cfg()).await.unwrap();
    trust(&a, &b, &[], false).await;
    trust(&a, &c, &[], false).await;

    // b dials a; a's first signature (for b's handshake) hangs.
    trust(&b, &a, &[], true).await;
    wait_for(30, "a's signer is asked to sign", || {
        signer.calls.load(Ordering::SeqCst) >= 1
    })
    .await;

    // c dials a: its handshake completes, signed by the slow (200 ms) path.
    trust(&c, &a, &[], true).await;
    let (ah, ch) = (a.handle(), c.handle());
    wait_for(30, "a session between a and c", || {
        ch.session_with(&ah.local_key()).is_some()
    })
    .await;
    // The control socket answers, served by the runtime's one worker.
    let status = client::call(a.data_dir().path(), &Request::Status)
        .await
        .unwrap();
    assert!(status.ok, "{status:?}");
    assert_eq!(status.data["did"], ah.local_key().did().to_string());
    // b's handshake is still waiting on the first signature.
    assert!(b.handle().session_with(&ah.local_key()).is_none());

    // The first signature finishes; b's session forms too (on a retry if the first
    // handshake outlived its deadline).
    {
        let (open, cv) = &*gate;
        *open.lock().unwrap() = true;
        cv.notify_all();
    }
    let bh = b.handle();
    wait_for(60, "a session between a and b", || {
        bh.session_with(&ah.local_key()).is_some()
    })
    .await;
    a.stop().await;
    b.stop().await;
    c.stop().await;
}

/// While the vault is held (as by a long `keys rotate` or `db rekey`) and a trust change
/// waits for it, handshakes and the control socket go on: trust writes never hold the
/// state lock while they wait for the vault.
#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn a_held_vault_delays_neither_handshakes_nor_status() {
    watchdog(150, "the node stalled behind the vault lock");
    let tmp = tempfile::tempdir().unwrap();
    let cfg = testkit::default_config;
    let a = testkit::start_node(tmp.path(), "a", cfg()).await.unwrap();
    let ops = serve_control(&a);
    let c = testkit::start_node(tmp.path(), "c", cfg()).await.unwrap();
    trust(&a, &c, &[], false).await;

    // Another thread holds the vault until told to let go.
    let (held_tx, held_rx) = std::sync::mpsc::channel();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let vault = a.handle().vault();
    let holder = std::thread::spawn(move || {
        let _guard = lango_node::vault::lock(&vault);
        held_tx.send(()).unwrap();
        let _ = release_rx.recv();
    });
    held_rx.recv().unwrap();

    // A trust change waits for the vault...
    let peer = SoftwareSigner::generate(&mut rand::rngs::OsRng)
        .public_key()
        .did()
        .to_string();
    let pending_write = {
        let ops = ops.clone();
        tokio::spawn(async move {
            let req = lango_node::ops::TrustAdd {
                did: peer,
                addrs: vec![],
                tools: vec![],
                name: None,
            };
            ops.trust_add(&lango_node::ops::Actor::Operator { uid: None }, req)
                .await
        })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!pending_write.is_finished());

    // ...while c dials a and the handshake completes, and the control socket answers.
    trust(&c, &a, &[], true).await;
    let (ah, ch) = (a.handle(), c.handle());
    wait_for(30, "a session between a and c", || {
        ch.session_with(&ah.local_key()).is_some()
    })
    .await;
    let status = client::call(a.data_dir().path(), &Request::Status)
        .await
        .unwrap();
    assert!(status.ok, "{status:?}");
    release_tx.send(()).unwrap();
    holder.join().unwrap();
    pending_write.await.unwrap().unwrap();
    a.stop().await;
    c.stop().await;
}
