//! The audit log against an attacker who can edit `audit.log` but not the encrypted
//! store: a cut tail, a rewritten entry and a deleted file are each reported by `audit
//! verify` with their own exit code, by a running node and by a stopped one; `run` does
//! not append to an altered log; `audit restart` keeps it aside and starts anew.

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use lango_tests::node::{Node, NodeConfig};

fn lines(p: &Path) -> Vec<String> {
    std::fs::read_to_string(p)
        .expect("audit log")
        .lines()
        .map(str::to_owned)
        .collect()
}

fn write_lines(p: &Path, l: &[String]) {
    let mut s = l.join("\n");
    s.push('\n');
    std::fs::write(p, s).expect("write audit log");
}

fn code(o: &Output) -> Option<i32> {
    o.status.code()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn set(n: &Node, name: &str) {
    let out = n.cli_stdin(&["secrets", "set", name], b"value");
    assert!(out.status.success(), "secrets set: {}", stderr(&out));
}

/// `run` in the foreground; it must refuse to start.
fn run_refused(n: &Node) -> String {
    let out = n
        .command(&["run", "--listen", "/ip4/127.0.0.1/tcp/0"])
        .output()
        .expect("spawn run");
    assert!(!out.status.success(), "run started over an altered log");
    stderr(&out)
}

#[test]
fn a_cut_tail_is_reported_by_a_running_and_a_stopped_node() {
    let mut n = Node::start(NodeConfig::default());
    let log = n.dir.join("audit.log");
    for i in 0..3 {
        set(&n, &format!("s{i}"));
    }
    // The group commit (50 ms) and the anchor write follow; verify sees them.
    n.wait_for(10, "the newest entry is anchored", |n| {
        let v = n.json(&["audit", "verify", "--json"]);
        v["anchored"] == v["entries"]
    });
    let all = lines(&log);
    write_lines(&log, &all[..all.len() - 1]);
    let out = n.cli(&["audit", "verify"]);
    assert_eq!(code(&out), Some(5), "running node: {}", stderr(&out));
    assert!(
        stderr(&out).contains("was cut after entry"),
        "{}",
        stderr(&out)
    );

    // Stopped, with the tail cut again (stopping appended `node_stop` after the cut,
    // which leaves a hole: a removed entry, exit 4).
    n.stop();
    let out = n.cli(&["audit", "verify"]);
    assert_eq!(code(&out), Some(4), "hole: {}", stderr(&out));
    // Dropping `node_stop` too leaves a log that ends two entries before its anchor.
    let all = lines(&log);
    let repaired = all[..all.len() - 1].to_vec();
    write_lines(&log, &repaired);
    let out = n.cli(&["audit", "verify"]);
    assert_eq!(code(&out), Some(5), "stopped node: {}", stderr(&out));
    let why = run_refused(&n);
    assert!(why.contains("audit restart"), "{why}");

    // The operator keeps the evidence and starts a new log.
    let out = n.cli(&[
        "audit",
        "restart",
        "--reason",
        "test: tail was cut",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let kept = Path::new(r["kept"].as_str().expect("kept"));
    assert_eq!(lines(kept), repaired, "the old log is kept as it was");
    n.ok(&["audit", "verify"]);
    let first = &lines(&log)[0];
    assert!(first.contains("\"audit_restarted\"") && first.contains("test: tail was cut"));
    // A log that verifies is not restarted.
    let out = n.cli(&["audit", "restart", "--reason", "again"]);
    assert_eq!(code(&out), Some(3), "{}", stderr(&out));
    n.run();
    n.ok(&["audit", "verify"]);
}

#[test]
fn a_rewritten_entry_is_reported_with_its_own_code() {
    let mut n = Node::start(NodeConfig::default());
    let log = n.dir.join("audit.log");
    set(&n, "a");
    std::thread::sleep(Duration::from_millis(200));
    let mut all = lines(&log);
    all[1] = all[1].replacen("\"kind\":\"", "\"kind\":\"x", 1);
    write_lines(&log, &all);
    let out = n.cli(&["audit", "verify"]);
    assert_eq!(code(&out), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("chain broken at entry 2"),
        "{}",
        stderr(&out)
    );
    // Evidence is not set aside behind a running node's back.
    let out = n.cli(&["audit", "restart", "--reason", "while running"]);
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    assert_eq!(lines(&log), all, "the altered log was touched");
    n.stop();
    let out = n.cli(&["audit", "verify", "--json"]);
    assert_eq!(code(&out), Some(4), "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "no JSON on failure");
}

#[test]
fn a_deleted_log_is_missing_and_the_node_will_not_start_over_it() {
    let n = Node::init(NodeConfig::default());
    let log = n.dir.join("audit.log");
    n.ok(&["audit", "verify"]);
    std::fs::remove_file(&log).expect("rm");
    let out = n.cli(&["audit", "verify"]);
    assert_eq!(code(&out), Some(6), "{}", stderr(&out));
    assert!(stderr(&out).contains("is missing"), "{}", stderr(&out));
    let why = run_refused(&n);
    assert!(why.contains("missing"), "{why}");
    assert!(
        !log.exists(),
        "run created a fresh log over the missing one"
    );
    let out = n.cli(&["audit", "restart", "--reason", "log deleted"]);
    assert!(out.status.success(), "{}", stderr(&out));
    n.ok(&["audit", "verify"]);
}

/// Operators issue, item 7: with `[audit] rotate_size`, the running node closes
/// segments and the chain runs across them; `audit verify` checks them all, and names the
/// segment that was rewritten.
#[test]
fn a_rotated_log_verifies_across_segments_and_names_a_rewritten_one() {
    let mut n = Node::start(NodeConfig {
        toml: "[handshake]\nread_timeout = \"2s\"\n[audit]\nrotate_size = \"64KiB\"\n".into(),
    });
    // Each secret write is one entry of about 250 bytes: 300 of them fill a segment.
    let big = "x".repeat(200);
    for i in 0..300 {
        set(&n, &format!("s{i}-{}", &big[..(i % 40) + 1]));
    }
    n.wait_for(10, "the newest entry is anchored", |n| {
        let v = n.json(&["audit", "verify", "--json"]);
        v["anchored"] == v["entries"] && v["segments"].as_u64().is_some_and(|s| s >= 2)
    });
    n.stop();
    let closed: Vec<_> = std::fs::read_dir(&n.dir)
        .expect("data dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|f| f.to_str())
                .and_then(|f| f.strip_prefix("audit.log."))
                .is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit()))
        })
        .collect();
    assert!(!closed.is_empty(), "a closed segment");
    let seg = &closed[0];
    let mut l = lines(seg);
    l[3] = l[3].replacen("\"kind\":\"", "\"kind\":\"x", 1);
    write_lines(seg, &l);
    let out = n.cli(&["audit", "verify"]);
    assert_eq!(code(&out), Some(4), "{}", stderr(&out));
    let name = seg.file_name().and_then(|f| f.to_str()).unwrap_or_default();
    assert!(
        stderr(&out).contains(name),
        "names {name}: {}",
        stderr(&out)
    );
}
