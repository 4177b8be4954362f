//! Hardening issue, hole 8: a node that cannot persist its replay cache refuses new
//! handshakes (fail closed: after a restart, a handshake whose nonce was never written
//! down could be replayed) and accepts them again once the store can be written.

mod support;

use std::time::Duration;

use lango_node::testkit;
use support::{trust, wait_for};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replay_store_that_cannot_be_written_refuses_handshakes() {
    let tmp = tempfile::tempdir().unwrap();
    let a = testkit::start_node(tmp.path(), "a", testkit::default_config())
        .await
        .unwrap();
    let b = testkit::start_node(tmp.path(), "b", testkit::default_config())
        .await
        .unwrap();
    let (ah, bh) = (a.handle(), b.handle());
    ah.fail_replay_writes(true);
    trust(&a, &b, &[], false).await;
    trust(&b, &a, &[], true).await;
    // b dials a at once and again after 1 s and 2 s (its backoff): every handshake is
    // refused while a cannot write its replay cache.
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert!(bh.session_with(&ah.local_key()).is_none());
    assert!(ah.session_with(&bh.local_key()).is_none());
    ah.fail_replay_writes(false);
    wait_for(60, "a session once the store can be written", || {
        bh.session_with(&ah.local_key()).is_some()
    })
    .await;
    a.stop().await;
    b.stop().await;
}
