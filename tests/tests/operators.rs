//! The operators issue, reproduced with real daemons on loopback: first contact never
//! locks a peer out, mistakes are not attacks, an honest burst is slowed and never
//! banned, names work wherever a DID does, blocks are listed and lifted, and the build
//! and config can be checked without a node.

use std::time::{Duration, Instant};

use serde_json::Value;

use lango_tests::raw::{recv, send, RawPeer, PING};
use lango_tests::{rt, Node, NodeConfig};

const ECHO: &str = r#"
[[tools]]
name = "echo"
sandbox = "subprocess"
command = ["/bin/cat"]
safety = "safe"
"#;

fn callee(extra: &str) -> Node {
    Node::start(NodeConfig {
        toml: format!("[handshake]\nread_timeout = \"2s\"\n{extra}\n{ECHO}"),
    })
}

fn lines(s: &str) -> usize {
    s.lines().count()
}

fn audit_lines(n: &Node) -> usize {
    std::fs::read_to_string(n.dir.join("audit.log"))
        .map(|s| lines(&s))
        .unwrap_or(0)
}

fn code(out: &std::process::Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

/// A trusts B (by address, with a name); B does not trust A yet. While that lasts, B
/// records A once as pending (with a count) and counts nothing toward a block, and A
/// backs off quietly. When B approves A, the session forms within seconds, without A
/// having to wait out its backoff.
#[test]
fn a_one_sided_trust_is_pending_not_hostile_and_approval_connects_at_once() {
    let a = Node::start(NodeConfig::default());
    let b = callee("[events]\nthreshold = 3\n");
    a.ok(&["trust", "add", &b.did, "--addr", b.addr(), "--name", "bob"]);
    let (log0, audit0) = (lines(&a.log()), audit_lines(&a));
    // Long enough for A's backoff to reach 8 s, and for B to see several attempts (with
    // the old behaviour, ten attempts blocked A's PeerId within seconds).
    let held = Duration::from_secs(20);
    let start = Instant::now();
    b.wait_for(10, "a pending on b", |b| {
        b.json(&["trust", "pending", "--json"])
            .as_array()
            .is_some_and(|p| p.iter().any(|p| p["did"] == a.did.as_str()))
    });
    std::thread::sleep(held.saturating_sub(start.elapsed()));
    let (log_lines, audit_entries) = (lines(&a.log()) - log0, audit_lines(&a) - audit0);
    let pending = b.json(&["trust", "pending", "--json"]);
    let attempts = pending[0]["attempts"].as_u64().unwrap_or(0);
    assert!(attempts >= 3, "a kept trying: {pending}");
    assert!(attempts <= 8, "a backed off (1, 2, 4, 8 s …): {pending}");
    assert_eq!(
        b.events_of("unknown_peer").len(),
        1,
        "one event for the first contact, not one per attempt"
    );
    let blocks = b.json(&["trust", "blocks", "--json"]);
    assert_eq!(blocks, Value::Array(vec![]), "nothing blocked: {blocks}");
    assert!(
        log_lines < 20,
        "a logged {log_lines} lines in {held:?}:\n{}",
        a.log()
    );
    assert!(audit_entries < 5, "a wrote {audit_entries} audit entries");

    let approved = Instant::now();
    b.ok(&[
        "trust", "approve", &a.did, "--tools", "echo", "--name", "alice",
    ]);
    a.wait_for(5, "a session within 5 s of the approval", |a| {
        a.session_dids().contains(&b.did)
    });
    assert!(approved.elapsed() < Duration::from_secs(5));
    // Names, wherever a DID is accepted, and in the lists.
    let out = a.ok(&["invoke", "bob", "echo", "--input", r#"{"hi":1}"#]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), r#"{"hi":1}"#);
    let sessions = b.json(&["session", "list", "--json"]);
    assert_eq!(sessions[0]["name"], "alice", "{sessions}");
    let table = String::from_utf8_lossy(&b.ok(&["session", "list"]).stdout).into_owned();
    assert!(table.starts_with("NAME"), "a header: {table}");
    assert!(table.contains("alice"), "{table}");
    a.ok(&["ping", "bob"]);
}

/// Ten calls to a misspelt tool are refused as `unknown_tool` (exit 3) and recorded as
/// misuse, which counts toward nothing by default: the session stays and the next
/// correct call runs. Bad input JSON is the same kind of mistake.
#[test]
fn misspelt_tools_are_refusals_not_attacks() {
    let a = Node::start(NodeConfig::default());
    let b = callee("[events]\nthreshold = 3\n");
    a.ok(&["trust", "add", &b.did, "--addr", b.addr(), "--name", "bob"]);
    b.ok(&["trust", "add", &a.did, "--tools", "echo"]);
    a.wait_for(20, "session", |a| a.session_dids().contains(&b.did));
    // `a` may call `echo` only: the misspelt name is refused by the allow list (which
    // is checked before existence, so it tells nothing about other tools).
    for _ in 0..10 {
        let out = a.cli(&["invoke", "bob", "ehco", "--input", "{}"]);
        assert_eq!(code(&out), 3, "{}", String::from_utf8_lossy(&out.stderr));
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(
            err.contains("denied") && err.contains("ehco") && err.contains("tools list"),
            "{err}"
        );
    }
    assert_eq!(b.events_of("acl_denied").len(), 10);
    // With every tool allowed, a typo is `unknown_tool`: misuse too.
    b.ok(&["trust", "set", &a.did, "--tools", "*"]);
    for _ in 0..10 {
        let out = a.cli(&["invoke", "bob", "ehco", "--input", "{}"]);
        assert_eq!(code(&out), 3);
        assert!(String::from_utf8_lossy(&out.stderr).contains("unknown_tool"));
    }
    assert_eq!(b.events_of("unknown_tool").len(), 10);
    assert!(b.session_dids().contains(&a.did), "the session stays");
    // `events` filters: by kind, by time, the newest n; names shown.
    let last3 = b.json(&["events", "--kind", "acl_denied", "-n", "3", "--json"]);
    let last3 = last3.as_array().expect("array");
    assert_eq!(last3.len(), 3);
    assert!(last3.iter().all(|e| e["kind"] == "acl_denied"), "{last3:?}");
    let recent = b.json(&[
        "events",
        "--since",
        "1h",
        "--kind",
        "unknown_tool,acl_denied",
        "--json",
    ]);
    assert_eq!(recent.as_array().map(Vec::len), Some(20));
    let future = b.json(&["events", "--since", "2999-01-01T00:00:00Z", "--json"]);
    assert_eq!(future, Value::Array(vec![]));
    let bad = b.cli(&["events", "--since", "yesterday"]);
    assert_eq!(code(&bad), 2);
    // `audit tail` filters the same way, across segments, with times in milliseconds.
    let out = b.ok(&[
        "audit",
        "tail",
        "-n",
        "4",
        "--kind",
        "security_event",
        "--json",
    ]);
    let entries: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(entries.len(), 4);
    assert!(entries.iter().all(|e| e["kind"] == "security_event"));
    let t = entries[0]["time"].as_str().unwrap_or_default();
    assert!(
        t.len() == 24 && t.ends_with('Z') && t.as_bytes()[19] == b'.',
        "{t}"
    );
    let out = a.ok(&["invoke", "bob", "echo", "--input", r#"{"after":"typos"}"#]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        r#"{"after":"typos"}"#
    );
    assert_eq!(b.json(&["trust", "blocks", "--json"]), Value::Array(vec![]));
}

/// One caller in a plain loop (200 calls) is never refused; eight loops at once against
/// a per-peer cap of two calls in flight are told to wait (`rate_limited` with a
/// retry-after, which the caller honours) and all finish: slowed, not banned. The issue
/// asks for eight loops of 250; CI runs 50 each (`LANGO_TEST_BURST` sets it).
#[test]
fn an_honest_burst_is_slowed_never_banned() {
    let per_loop: usize = std::env::var("LANGO_TEST_BURST")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let a = Node::start(NodeConfig::default());
    let b = callee("[events]\nthreshold = 3\n[invoke]\nmax_concurrent_per_peer = 2\n");
    a.ok(&["trust", "add", &b.did, "--addr", b.addr(), "--name", "bob"]);
    b.ok(&["trust", "add", &a.did, "--tools", "echo"]);
    a.wait_for(20, "session", |a| a.session_dids().contains(&b.did));
    for i in 0..200 {
        let out = a.cli(&[
            "invoke",
            "bob",
            "echo",
            "--input",
            &format!("{{\"i\":{i}}}"),
        ]);
        assert_eq!(
            code(&out),
            0,
            "call {i}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(
        b.events_of("rate_limited").is_empty(),
        "a sequential loop is never refused"
    );
    let failures: usize = std::thread::scope(|s| {
        let loops: Vec<_> = (0..8)
            .map(|l| {
                let a = &a;
                s.spawn(move || {
                    (0..per_loop)
                        .filter(|i| {
                            let input = format!("{{\"loop\":{l},\"i\":{i}}}");
                            code(&a.cli(&["invoke", "bob", "echo", "--input", &input])) != 0
                        })
                        .count()
                })
            })
            .collect();
        loops
            .into_iter()
            .map(|h| h.join().unwrap_or(usize::MAX))
            .sum()
    });
    assert_eq!(failures, 0, "every call of eight concurrent loops succeeds");
    assert!(
        !b.events_of("rate_limited").is_empty(),
        "eight loops against a cap of two were told to wait"
    );
    assert!(b.events_of("flood").is_empty());
    assert!(b.session_dids().contains(&a.did), "not banned");
}

/// `trust add` on a trusted DID is refused and names `trust set`, which changes only
/// what it is given; names are unique; `-o table` has headers and an empty state.
#[test]
fn trust_set_changes_only_what_it_is_given_and_names_are_unique() {
    let rt = rt();
    let _rt = rt.enter();
    let a = Node::start(NodeConfig::default());
    let (b, c) = (RawPeer::random(), RawPeer::random());
    a.ok(&[
        "trust",
        "add",
        &b.did(),
        "--addr",
        "/ip4/127.0.0.1/tcp/9",
        "--name",
        "bob",
    ]);
    let again = a.cli(&["trust", "add", &b.did(), "--tools", "x"]);
    assert_eq!(code(&again), 2);
    assert!(String::from_utf8_lossy(&again.stderr).contains("trust set"));
    a.ok(&["trust", "set", "bob", "--tools", "echo,fs.*"]);
    let list = a.json(&["trust", "list", "-o", "json"]);
    assert_eq!(list[0]["name"], "bob");
    assert_eq!(
        list[0]["addrs"][0], "/ip4/127.0.0.1/tcp/9",
        "addresses kept"
    );
    assert_eq!(list[0]["tools"], serde_json::json!(["echo", "fs.*"]));
    let taken = a.cli(&["trust", "add", &c.did(), "--name", "BOB"]);
    assert_eq!(code(&taken), 2, "names are unique (case-insensitively)");
    assert!(String::from_utf8_lossy(&taken.stderr).contains("taken"));
    // Names are looked up as they are kept unique: regardless of case.
    let by_case = a.cli(&["ping", "BOB"]);
    assert_eq!(code(&by_case), 3, "found, but no session");
    assert!(String::from_utf8_lossy(&by_case.stderr).contains("no session with bob"));
    // `trust set` is not a decision to trust again: a block stays.
    a.ok(&[
        "session", "revoke", "bob", "--block", "1h", "--reason", "test",
    ]);
    a.ok(&["trust", "set", "bob", "--name", "bobby"]);
    let blocks = a.json(&["trust", "blocks", "--json"]);
    assert_eq!(blocks[0]["name"], "bobby", "{blocks}");
    assert_eq!(blocks[0]["reason"], "test");
    a.ok(&["session", "unblock", "bobby"]);
    a.ok(&["trust", "set", "bobby", "--name", "bob"]);
    let unknown = a.cli(&["ping", "carol"]);
    assert_ne!(code(&unknown), 0);
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no trusted peer is named"));
    let empty = String::from_utf8_lossy(&a.ok(&["trust", "blocks"]).stdout).into_owned();
    assert_eq!(empty.trim(), "no blocks");
    let sessions =
        String::from_utf8_lossy(&a.ok(&["session", "list", "-o", "table"]).stdout).into_owned();
    assert_eq!(sessions.trim(), "no sessions");
    let table = String::from_utf8_lossy(&a.ok(&["trust", "list"]).stdout).into_owned();
    assert!(
        table.lines().next().is_some_and(|h| h.starts_with("NAME")),
        "{table}"
    );
}

/// A PeerId that crosses the threshold unauthenticated is blocked by PeerId: the block
/// is listed (with its reason and end), and `session unblock PEER_ID` lifts it.
#[test]
fn peer_id_blocks_are_listed_and_lifted() {
    rt().block_on(async {
        let n = callee("[events]\nthreshold = 3\nblock = \"10m\"\n");
        let stranger = RawPeer::random();
        let pid: libp2p::PeerId = n.peer_id.parse().expect("peer id");
        stranger.connect(n.addr()).await;
        for _ in 0..3 {
            let mut s = stranger.open(pid, PING).await;
            send(&mut s, b"\xff\xff not cbor").await;
            let _ = recv(&mut s).await;
        }
        let mut blocks = Value::Null;
        for _ in 0..50 {
            blocks = n.json(&["session", "blocks", "--json"]);
            if blocks.as_array().is_some_and(|b| !b.is_empty()) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let peer_id = stranger.peer_id.to_string();
        assert_eq!(blocks[0]["peer_id"], peer_id.as_str(), "{blocks}");
        assert_eq!(blocks[0]["reason"], "repeated malformed frames");
        assert!(blocks[0]["until"]
            .as_str()
            .is_some_and(|u| u.ends_with('Z')));
        n.ok(&["session", "unblock", &peer_id]);
        assert_eq!(n.json(&["trust", "blocks", "--json"]), Value::Array(vec![]));
        let again = n.cli(&["session", "unblock", &peer_id]);
        assert_eq!(code(&again), 1, "not blocked any more");
    });
}

/// `version --json` names the build; `config check` validates what `run` would, with
/// exit 2 for any config error.
#[test]
fn version_and_config_check_work_without_a_node() {
    let bin = lango_tests::node::binary();
    let out = std::process::Command::new(&bin)
        .args(["version", "--json"])
        .output()
        .expect("spawn");
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(v["version"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(v["commit"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(v["key_providers"]
        .as_array()
        .is_some_and(|p| p.iter().any(|p| p == "local")));
    assert_eq!(
        v["sandboxes"],
        serde_json::json!(["subprocess", "wasm", "container"])
    );
    let run = |args: &[&str]| {
        std::process::Command::new(&bin)
            .args(args)
            .output()
            .expect("spawn")
    };
    let bash = run(&["completions", "bash"]);
    assert!(bash.status.success());
    let bash = String::from_utf8_lossy(&bash.stdout).into_owned();
    assert!(
        bash.contains("trust") && bash.contains("complete -F"),
        "{bash:.200}"
    );
    let man = run(&["man"]);
    assert!(String::from_utf8_lossy(&man.stdout).starts_with(".ie"));
    assert_eq!(code(&run(&["completions", "tcsh"])), 2, "unknown shell");
    let dir = tempfile::tempdir().expect("tmp");
    let check = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).expect("write");
        std::process::Command::new(&bin)
            .args(["config", "check"])
            .arg(&p)
            .output()
            .expect("spawn")
    };
    let good = check(
        "good.toml",
        &format!("[node]\nlisten = [\"/ip4/127.0.0.1/tcp/0\"]\n{ECHO}"),
    );
    assert_eq!(code(&good), 0, "{}", String::from_utf8_lossy(&good.stderr));
    let bad_addr = check("addr.toml", "[node]\nlisten = [\"/ip4/1.2.3/tcp/1\"]\n");
    assert_eq!(code(&bad_addr), 2);
    assert!(String::from_utf8_lossy(&bad_addr.stderr).contains("node.listen"));
    let bad_key = check("key.toml", "[events]\nflood_factor = 1\n");
    assert_eq!(code(&bad_key), 2);
    assert!(String::from_utf8_lossy(&bad_key.stderr).contains("flood_factor"));
    let missing = std::process::Command::new(&bin)
        .args(["config", "check"])
        .arg(dir.path().join("nope.toml"))
        .output()
        .expect("spawn");
    assert_eq!(code(&missing), 2);
}

/// The shipped systemd unit passes `systemd-analyze verify` (with the unit's binary path
/// pointed at this build), and the node tells a `Type=notify` manager `READY=1` only
/// once it answers on its control socket, and `STOPPING=1` when it stops.
#[test]
fn the_systemd_unit_verifies_and_the_node_notifies_readiness() {
    let unit = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../packaging/systemd/lango-node.service"
    ))
    .expect("packaging/systemd/lango-node.service");
    assert!(unit.contains("Type=notify"));
    let dir = tempfile::tempdir().expect("tmp");
    let bin = lango_tests::node::binary();
    let unit = unit.replace("/usr/local/bin/lango-node", &bin.to_string_lossy());
    let path = dir.path().join("lango-node.service");
    std::fs::write(&path, unit).expect("write unit");
    let out = std::process::Command::new("systemd-analyze")
        .arg("verify")
        .arg(&path)
        .output()
        .expect("systemd-analyze (Debian package systemd) is needed for this test");
    assert!(
        out.status.success(),
        "systemd-analyze verify: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    let sock_path = dir.path().join("notify.sock");
    let sock = std::os::unix::net::UnixDatagram::bind(&sock_path).expect("bind");
    sock.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let mut n = Node::init_with(
        NodeConfig::default(),
        &[],
        vec![("NOTIFY_SOCKET".into(), sock_path.clone().into())],
    );
    let runner = std::thread::scope(|s| {
        let h = s.spawn(|| {
            let mut buf = [0u8; 256];
            let len = sock.recv(&mut buf).expect("READY=1 within 30 s");
            String::from_utf8_lossy(&buf[..len]).into_owned()
        });
        n.run();
        h.join().expect("reader")
    });
    assert_eq!(runner, "READY=1\n");
    n.ok(&["status", "--json"]);
    n.stop();
    let mut buf = [0u8; 256];
    let len = sock.recv(&mut buf).expect("STOPPING=1");
    assert_eq!(&buf[..len], b"STOPPING=1\n");
}

/// Runs the CLI against the data dir `dir`.
fn cli_at(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(lango_tests::node::binary())
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("LANGO_PASSPHRASE", lango_tests::node::PASSPHRASE)
        .output()
        .expect("spawn cli")
}

fn json_at(dir: &std::path::Path, args: &[&str]) -> Value {
    let out = cli_at(dir, args);
    assert!(
        out.status.success(),
        "`{}` failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

/// Operators issue, item 8: a backup taken while the node writes secrets and audit
/// entries restores into an empty data dir with every secret, trust entry and audit
/// segment back, `db verify` and `audit verify` clean, and the node starts from it with
/// its identity. A backup never overwrites, and an altered backup is refused before
/// anything is written.
#[test]
fn a_backup_under_load_restores_every_secret_trust_entry_and_segment() {
    let n = Node::start(NodeConfig {
        toml: "[handshake]\nread_timeout = \"2s\"\n[audit]\nrotate_size = \"64KiB\"\n".into(),
    });
    let other = Node::init(NodeConfig::default());
    n.ok(&[
        "trust", "add", &other.did, "--name", "other", "--tools", "echo",
    ]);
    let pad = "p".repeat(150);
    for i in 0..260 {
        let out = n.cli_stdin(
            &["secrets", "set", &format!("s{i}")],
            format!("v{i}-{pad}").as_bytes(),
        );
        assert!(out.status.success());
    }
    let dest = n.tmp.path().join("backup");
    let stop = std::sync::atomic::AtomicBool::new(false);
    let manifest = std::thread::scope(|s| {
        // Load: secrets keep being written while the backup runs.
        s.spawn(|| {
            let mut i = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let _ = n.cli_stdin(&["secrets", "set", &format!("load{i}")], b"x");
                i += 1;
            }
        });
        std::thread::sleep(Duration::from_millis(300));
        let m = n.json(&["backup", "--to", dest.to_str().expect("utf8"), "--json"]);
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        m
    });
    let files: Vec<String> = manifest["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["path"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(
        files.iter().any(|f| f.starts_with("db/lango-v")),
        "{files:?}"
    );
    assert!(files.iter().any(|f| f == "identity.sealed"), "{files:?}");
    assert!(files.iter().any(|f| f == "keys/registry.json"), "{files:?}");
    let segments = files.iter().filter(|f| f.starts_with("audit.log")).count();
    assert!(segments >= 2, "every audit segment: {files:?}");
    // Never inside the data dir (where a directory could pass for an audit segment).
    let inside = n.dir.join("audit.log.99");
    let inside_out = n.cli(&["backup", "--to", inside.to_str().expect("utf8")]);
    assert_eq!(
        code(&inside_out),
        2,
        "{}",
        String::from_utf8_lossy(&inside_out.stderr)
    );
    assert!(!inside.exists(), "nothing created in the data dir");
    // Never overwrites.
    let again = n.cli(&["backup", "--to", dest.to_str().expect("utf8")]);
    assert_eq!(
        code(&again),
        2,
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );

    // An altered backup is refused and nothing is written.
    let altered = n.tmp.path().join("altered");
    let cp = std::process::Command::new("cp")
        .args(["-a"])
        .arg(&dest)
        .arg(&altered)
        .status()
        .expect("cp");
    assert!(cp.success());
    let seg = altered.join("audit.log");
    let mut bytes = std::fs::read(&seg).expect("segment");
    let last = bytes.len() - 2;
    bytes[last] ^= 1;
    std::fs::write(&seg, bytes).expect("write");
    let target = n.tmp.path().join("restored-bad");
    let bad = cli_at(
        &target,
        &["restore", "--from", altered.to_str().expect("utf8")],
    );
    assert_eq!(code(&bad), 2, "{}", String::from_utf8_lossy(&bad.stderr));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("does not match the manifest"));
    assert!(!target.exists(), "nothing written");
    // A file of the backup replaced by a symlink (even to identical contents) is not
    // followed: refused, nothing written.
    let linked = n.tmp.path().join("linked");
    assert!(std::process::Command::new("cp")
        .args(["-a"])
        .arg(&dest)
        .arg(&linked)
        .status()
        .expect("cp")
        .success());
    let victim = linked.join("keys/registry.json");
    std::fs::remove_file(&victim).expect("rm");
    std::os::unix::fs::symlink(dest.join("keys/registry.json"), &victim).expect("symlink");
    let target = n.tmp.path().join("restored-linked");
    let out = cli_at(
        &target,
        &["restore", "--from", linked.to_str().expect("utf8")],
    );
    assert_ne!(code(&out), 0, "a symlinked file is refused");
    assert!(!target.exists(), "nothing written");

    // Restore, verify, start.
    let restored = n.tmp.path().join("restored");
    let out = cli_at(
        &restored,
        &["restore", "--from", dest.to_str().expect("utf8")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let db = json_at(&restored, &["db", "verify", "--json"]);
    assert_eq!(db["problems"], serde_json::json!([]), "{db}");
    let audit = json_at(&restored, &["audit", "verify", "--json"]);
    assert!(
        audit["segments"].as_u64().is_some_and(|s| s >= 2),
        "{audit}"
    );
    let secrets = json_at(&restored, &["secrets", "list", "--json"]).to_string();
    for i in 0..260 {
        assert!(
            secrets.contains(&format!("\"s{i}\"")),
            "secret s{i} restored"
        );
    }
    let v = cli_at(&restored, &["secrets", "get", "s7"]);
    assert_eq!(String::from_utf8_lossy(&v.stdout), format!("v7-{pad}"));
    let mut run = std::process::Command::new(lango_tests::node::binary())
        .arg("--data-dir")
        .arg(&restored)
        .args(["run", "--listen", "/ip4/127.0.0.1/tcp/0"])
        .env("LANGO_PASSPHRASE", lango_tests::node::PASSPHRASE)
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("run restored");
    let mut id = Value::Null;
    for _ in 0..100 {
        let out = cli_at(&restored, &["id", "--json"]);
        if out.status.success() {
            id = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let trust = cli_at(&restored, &["trust", "list", "--json"]);
    let _ = std::process::Command::new("kill")
        .arg(run.id().to_string())
        .status();
    let _ = run.wait();
    assert_eq!(id["did"], n.did.as_str(), "the same identity");
    let trust: Value = serde_json::from_slice(&trust.stdout).unwrap_or(Value::Null);
    assert_eq!(trust[0]["name"], "other", "{trust}");
}

/// `[control] group`: a second control socket, mode 0660 and owned by the group, for
/// operators who are not the node's user. A member (here uid 65534 with the group as its
/// gid) can ask for `status`; reading a secret value is refused to it; a socket in a
/// directory others can write is refused at start.
#[test]
fn an_operators_group_reaches_the_node_but_not_secret_values() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let group_dir = tempfile::tempdir().expect("tmp");
    std::fs::set_permissions(group_dir.path(), std::fs::Permissions::from_mode(0o755))
        .expect("chmod");
    let sock = group_dir.path().join("control.sock");
    let toml = format!(
        "[handshake]\nread_timeout = \"2s\"\n[control]\nsocket = \"{}\"\ngroup = \"daemon\"\n",
        sock.display()
    );
    let n = Node::start(NodeConfig { toml });
    let out = n.cli_stdin(&["secrets", "set", "token"], b"hunter2");
    assert!(out.status.success());
    let meta = std::fs::metadata(&sock).expect("group socket");
    assert_eq!(meta.mode() & 0o777, 0o660);
    assert_eq!(meta.gid(), 1, "owned by the group daemon (gid 1)");
    let as_member = |args: &[&str]| {
        std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=1", "--clear-groups", "--"])
            .arg(lango_tests::node::binary())
            .args(["--data-dir", "/nonexistent", "--control-socket"])
            .arg(&sock)
            .args(args)
            .output()
            .expect("setpriv (util-linux)")
    };
    let status = as_member(&["status", "--json"]);
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let v: Value = serde_json::from_slice(&status.stdout).expect("json");
    assert_eq!(v["did"], n.did.as_str());
    let secret = as_member(&["secrets", "get", "token"]);
    assert_eq!(
        code(&secret),
        3,
        "{}",
        String::from_utf8_lossy(&secret.stderr)
    );
    assert!(!String::from_utf8_lossy(&secret.stdout).contains("hunter2"));
    // The owner reads it through the data dir's socket.
    let own = n.ok(&["secrets", "get", "token"]);
    assert_eq!(String::from_utf8_lossy(&own.stdout), "hunter2");

    // A group socket where others could replace it is refused at start.
    let open_dir = tempfile::tempdir().expect("tmp");
    std::fs::set_permissions(open_dir.path(), std::fs::Permissions::from_mode(0o777))
        .expect("chmod");
    let mut bad = Node::init(NodeConfig {
        toml: format!(
            "[control]\nsocket = \"{}\"\ngroup = \"daemon\"\n",
            open_dir.path().join("c.sock").display()
        ),
    });
    let out = bad
        .command(&["run", "--listen", "/ip4/127.0.0.1/tcp/0"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("writable by others"));
    bad.stop();
}

/// SIGHUP reloads what can change while the node runs (tools, `[invoke]`, `[approval]`),
/// names what needs a restart, and refuses a config that does not load, keeping the
/// running one.
#[test]
fn sighup_reloads_tools_names_what_needs_a_restart_and_refuses_a_bad_config() {
    let a = Node::start(NodeConfig::default());
    let b = callee("");
    a.ok(&["trust", "add", &b.did, "--addr", b.addr(), "--name", "bob"]);
    b.ok(&["trust", "add", &a.did, "--tools", "*"]);
    a.wait_for(20, "session", |a| a.session_dids().contains(&b.did));
    a.ok(&["invoke", "bob", "echo", "--input", "{}"]);
    let hup = |n: &Node| {
        let pid = n.pid().expect("running").to_string();
        assert!(std::process::Command::new("kill")
            .args(["-HUP", &pid])
            .status()
            .expect("kill")
            .success());
    };
    let cfg = b.dir.join("config.toml");
    let renamed = ECHO.replace("name = \"echo\"", "name = \"echo2\"");
    std::fs::write(
        &cfg,
        format!("[handshake]\nread_timeout = \"2s\"\nmax_skew = \"45s\"\n{renamed}"),
    )
    .expect("write config");
    hup(&b);
    b.wait_for(10, "echo2 served", |b| {
        b.json(&["status", "--json"])["tools"] == serde_json::json!(["echo2"])
    });
    let old = a.cli(&["invoke", "bob", "echo", "--input", "{}"]);
    assert_eq!(code(&old), 3, "a removed tool is unknown now");
    a.ok(&["invoke", "bob", "echo2", "--input", "{}"]);
    let log = b.log();
    assert!(
        log.contains("config reloaded: tool \"echo2\" added"),
        "{log}"
    );
    assert!(
        log.contains("config reloaded: tool \"echo\" removed"),
        "{log}"
    );
    assert!(
        log.contains("[handshake] changed; it takes effect at the next restart"),
        "{log}"
    );
    // A config that does not load: refused, the running one stays.
    std::fs::write(&cfg, "[invoke]\npeer_burst = \"many\"\n").expect("write config");
    hup(&b);
    b.wait_for(10, "the refusal logged", |b| {
        b.log().contains("config reload refused")
    });
    a.ok(&["invoke", "bob", "echo2", "--input", "{}"]);
    let audit = b.ok(&["audit", "tail", "--kind", "config_reload", "--json"]);
    assert!(String::from_utf8_lossy(&audit.stdout).contains("echo2"));
}

/// The unit's privilege hardening that can be reproduced without systemd, applied to a
/// real node running as an unprivileged user (the unit's `User=lango`; here uid 65534):
/// `NoNewPrivileges=yes` and an empty capability bounding set (`CapabilityBoundingSet=`,
/// `AmbientCapabilities=`), through util-linux's `setpriv`. The subprocess sandbox still
/// runs a tool under it. (The file-system directives, `ProtectSystem=strict` and the
/// like, need systemd as PID 1, which this machine does not run; `systemd-analyze
/// verify` checks the unit itself.)
#[test]
fn the_subprocess_sandbox_works_under_the_units_privilege_hardening() {
    use std::os::unix::fs::PermissionsExt;
    let a = Node::start(NodeConfig::default());
    let home = tempfile::tempdir().expect("tmp");
    std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let dir = home.path().join("data");
    std::fs::create_dir(&dir).expect("mkdir");
    nix_chown(&dir);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    let hardened = |args: &[&str]| {
        let mut c = std::process::Command::new("setpriv");
        c.args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--no-new-privs",
            "--bounding-set=-all",
            "--inh-caps=-all",
            "--",
        ])
        .arg(lango_tests::node::binary())
        .arg("--data-dir")
        .arg(&dir)
        .args(args)
        .env("LANGO_PASSPHRASE", lango_tests::node::PASSPHRASE)
        .env("HOME", home.path())
        .env_remove("TMPDIR");
        c
    };
    let init = hardened(&["init", "--json"])
        .output()
        .expect("setpriv (util-linux)");
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let b_did = serde_json::from_slice::<Value>(&init.stdout).expect("json")["did"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    std::fs::write(
        dir.join("config.toml"),
        format!("[handshake]\nread_timeout = \"2s\"\n{ECHO}"),
    )
    .expect("config");
    nix_chown(&dir.join("config.toml"));
    let child = hardened(&["run", "--listen", "/ip4/127.0.0.1/tcp/0"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("run");
    /// Stops the hardened node however the test ends.
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = std::process::Command::new("kill")
                .arg(self.0.id().to_string())
                .status();
            let _ = self.0.wait();
        }
    }
    let child = Kill(child);
    let mut id = Value::Null;
    for _ in 0..100 {
        let out = cli_at(&dir, &["id", "--json"]);
        if out.status.success() {
            id = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
            if id["listen_addrs"].as_array().is_some_and(|a| !a.is_empty()) {
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let addr = id["listen_addrs"][0]
        .as_str()
        .unwrap_or_default()
        .to_string();
    // setpriv execs the node: that process runs as 65534, with no_new_privs and no
    // capabilities.
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", child.0.id())).unwrap_or_default();
    assert!(status.contains("NoNewPrivs:\t1"), "{status}");
    assert!(status.contains("CapEff:\t0000000000000000"), "{status}");
    assert!(status.contains("Uid:\t65534"), "{status}");
    a.ok(&["trust", "add", &b_did, "--addr", &addr, "--name", "bob"]);
    let out = cli_at(&dir, &["trust", "add", &a.did, "--tools", "echo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    a.wait_for(20, "session", |a| a.session_dids().contains(&b_did));
    let out = a.ok(&["invoke", "bob", "echo", "--input", r#"{"hardened":true}"#]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        r#"{"hardened":true}"#
    );
}

/// Gives `p` to uid and gid 65534 (the test runs as root).
fn nix_chown(p: &std::path::Path) {
    let ok = std::process::Command::new("chown")
        .arg("65534:65534")
        .arg(p)
        .status()
        .expect("chown");
    assert!(ok.success());
}

/// `pii scan` (issue 17, first part): plain text in, redacted text out; `--jsonl` gives
/// byte-offset spans; a bad line is named by number, the rest still processed, exit 1.
#[test]
fn pii_scan_redacts_and_reports_byte_spans() {
    use std::io::Write;
    let run = |args: &[&str], input: &str| {
        let mut c = std::process::Command::new(lango_tests::node::binary())
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        c.stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write");
        c.wait_with_output().expect("wait")
    };
    let out = run(
        &["pii", "scan"],
        "mail ana@example.org, order number 6491309593\n",
    );
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "mail <EMAIL_ADDRESS>, order number 6491309593\n"
    );
    let out = run(
        &["pii", "scan", "--jsonl"],
        "{\"text\": \"é 10.0.0.1\"}\nnot json\n{\"text\": \"4111 1111 1111 1111\"}\n",
    );
    assert_eq!(code(&out), 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2"));
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(lines.len(), 2, "the good lines are processed");
    // "é " is three bytes: the address starts at byte 3.
    assert_eq!(lines[0]["spans"][0]["start"], 3);
    assert_eq!(lines[0]["spans"][0]["type"], "IP_ADDRESS");
    assert_eq!(lines[1]["redacted"], "<CREDIT_CARD>");
}

/// `pii score`: the scorer the accuracy tests use, from the command line; each
/// disagreement listed with its line; a bad corpus line is named, exit 2.
#[test]
fn pii_score_reports_accuracy_and_each_miss() {
    let dir = tempfile::tempdir().expect("tmp");
    let corpus = dir.path().join("c.jsonl");
    std::fs::write(
        &corpus,
        concat!(
            r#"{"text":"é ana@example.org","spans":[{"start":2,"end":17,"type":"EMAIL_ADDRESS"}]}"#,
            "\n",
            r#"{"text":"and bo@example.org","spans":[]}"#,
            "\n",
        ),
    )
    .expect("write corpus");
    let run = |args: &[&str]| {
        std::process::Command::new(lango_tests::node::binary())
            .args(args)
            .output()
            .expect("run")
    };
    let out = run(&["pii", "score", corpus.to_str().expect("utf-8 path"), "-v"]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("micro P 0.500 R 1.000 F1 0.667  (tp 1 fp 1 fn 0)"),
        "{text}"
    );
    assert!(
        text.contains("FP EMAIL_ADDRESS    line 2: \"and [[bo@example.org]]\""),
        "{text}"
    );
    std::fs::write(&corpus, "{\"text\":\"x\",\"spans\":[]}\n{\"text\":\"x\"}\n").expect("write");
    let out = run(&["pii", "score", corpus.to_str().expect("utf-8 path")]);
    assert_eq!(code(&out), 2);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("corpus line 2: no \"spans\" array"),
        "{out:?}"
    );
}

/// The operators' control socket decides approvals, so no tool may reach it: its
/// directory is hidden from subprocess tools like the data dir (here in a place Landlock
/// lets a tool read, and outside /tmp and /run, which every tool sees empty anyway). The tool lists the directory and does not
/// find it (the directory is an empty mode-000 mount for it).
#[test]
fn a_tool_cannot_see_the_operators_control_socket() {
    use std::os::unix::fs::PermissionsExt;
    // Under /usr, which Landlock lets a tool read: only the hiding mount keeps it out.
    let group_dir = tempfile::tempdir_in("/usr/local/share").expect("tmp under /usr/local");
    std::fs::set_permissions(group_dir.path(), std::fs::Permissions::from_mode(0o755))
        .expect("chmod");
    let dir = group_dir.path().display().to_string();
    let toml = format!(
        "[handshake]\nread_timeout = \"2s\"\n[control]\nsocket = \"{dir}/control.sock\"\ngroup = \"daemon\"\n\
         [[tools]]\nname = \"look\"\nsandbox = \"subprocess\"\ncommand = [\"/bin/sh\", \"-c\", \"ls -A {dir} 2>&1; true\"]\nsafety = \"safe\"\n"
    );
    let a = Node::start(NodeConfig::default());
    let n = Node::start(NodeConfig { toml });
    assert!(group_dir.path().join("control.sock").exists());
    n.ok(&["trust", "add", &a.did, "--addr", a.addr(), "--tools", "*"]);
    a.trust(&n);
    a.wait_for(20, "session", |a| a.session_dids().contains(&n.did));
    let v: Value = serde_json::from_slice(
        &a.ok(&["invoke", &n.did, "look", "--input", "{}", "--json"])
            .stdout,
    )
    .expect("json");
    assert_eq!(v["status"], "ok", "{v}");
    assert!(
        !v["output"]
            .as_str()
            .unwrap_or_default()
            .contains("control.sock"),
        "the tool sees the operators' socket: {v}"
    );
}
