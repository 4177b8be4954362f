//! Shared by the in-process node tests: two real daemons on loopback that trust each
//! other, and a wait with a generous bound (a bound, never a timing assertion).

#![allow(dead_code)]

use std::time::Duration;

use std::sync::Arc;

use lango_node::control::server;
use lango_node::daemon::trust::TrustedPeer;
use lango_node::daemon::Running;
use lango_node::ops::Ops;

/// Makes `a` trust `b` (dialling it at its listen address when `dial`) with `tools`.
pub async fn trust(a: &Running, b: &Running, tools: &[&str], dial: bool) {
    let addrs = if dial {
        b.handle()
            .snapshot()
            .listen_addrs
            .iter()
            .map(|x| format!("{x}/p2p/{}", b.handle().peer_id()))
            .collect()
    } else {
        Vec::new()
    };
    a.handle()
        .trust_put(TrustedPeer {
            did: b.handle().local_key().did().to_string(),
            name: None,
            addrs,
            tools: tools.iter().map(|t| t.to_string()).collect(),
            added_ms: 0,
        })
        .await
        .unwrap();
}

/// Waits up to `secs` for `cond`; panics naming `what` if it never holds.
pub async fn wait_for(secs: u64, what: &str, mut cond: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    while !cond() {
        assert!(tokio::time::Instant::now() < deadline, "timed out: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Processes whose command line contains `marker`.
pub fn marker_processes(marker: &str) -> Vec<String> {
    let mut found = Vec::new();
    for e in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let cmd = std::fs::read(e.path().join("cmdline")).unwrap_or_default();
        let cmd = String::from_utf8_lossy(&cmd).replace('\0', " ");
        if cmd.contains(marker) {
            found.push(format!("{}: {cmd}", e.file_name().to_string_lossy()));
        }
    }
    found
}

/// Serves `node`'s control socket (as `lango-node run` does) and returns its operations.
pub fn serve_control(node: &Running) -> Arc<Ops> {
    let ops = Arc::new(Ops::new(node.handle()));
    let listener = server::bind(&node.data_dir().control_socket_path()).unwrap();
    tokio::spawn(server::serve(listener, ops.clone()));
    ops
}

/// Fails the test process loudly if it is still running after `secs`: a test whose
/// runtime worker is blocked cannot run out its own waits (their timers stall too).
pub fn watchdog(secs: u64, what: &'static str) {
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(secs));
        eprintln!("{what}");
        std::process::exit(101);
    });
}
