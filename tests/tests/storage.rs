//! Keys and encrypted storage, end to end with real `lango-node` processes: secrets
//! through the daemon and offline, rotation under concurrent writes, `kill -9` at many
//! points of `db rekey`, `keys rotate` and `db encrypt`, tampering, and a grep of every
//! file and log for secret values.

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use lango_tests::node::{Node, NodeConfig};

const VALUE_MARK: &str = "S3CRET-MARK-9f1c2e";

fn value(i: usize) -> Vec<u8> {
    // A recognisable prefix, then filler so the database has some bulk (so the export
    // phase of rekey/encrypt is long enough for kills to land in it).
    let mut v = format!("{VALUE_MARK}-{i}-").into_bytes();
    v.resize(16 * 1024, b'a' + (i % 26) as u8);
    v
}

fn set(n: &Node, name: &str, v: &[u8]) {
    let out = n.cli_stdin(&["secrets", "set", name], v);
    assert!(
        out.status.success(),
        "secrets set {name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn get(n: &Node, name: &str) -> Vec<u8> {
    n.ok(&["secrets", "get", name]).stdout
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `root`, recursively: (path, bytes).
fn all_files(root: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let ft = e.file_type().unwrap();
            if ft.is_dir() {
                stack.push(e.path());
            } else if ft.is_file() {
                out.push((e.path(), std::fs::read(e.path()).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// A node (stopped) holding `count` secrets, written through a running daemon.
fn node_with_secrets(extra_init: &[&str], count: usize) -> Node {
    let mut n = Node::init_with(NodeConfig::default(), extra_init, Vec::new());
    n.run();
    for i in 0..count {
        set(&n, &format!("s{i}"), &value(i));
    }
    n.stop();
    n
}

/// `db verify --json` must pass and have opened every record; one secret must read back.
fn assert_intact(n: &Node, count: usize, what: &str) -> serde_json::Value {
    let out = n.cli(&["db", "verify", "--json"]);
    assert!(
        out.status.success(),
        "{what}: db verify failed: {}",
        stderr(&out)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["records_checked"], count as u64, "{what}: {v}");
    let k = count / 2;
    assert_eq!(get(n, &format!("s{k}")), value(k), "{what}");
    // Leftovers were cleaned up: exactly one database file remains.
    let dbs: Vec<_> = std::fs::read_dir(n.dir.join("db"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.ends_with(".db") || f.ends_with(".tmp"))
        .collect();
    assert_eq!(dbs.len(), 1, "{what}: {dbs:?}");
    v
}

/// Runs `args` to completion once to learn how long it takes, then `kills` more times,
/// each killed with SIGKILL at a point spread over that duration, calling `check` after
/// every kill.
fn kill_at_many_points(n: &Node, args: &[&str], kills: u32, mut check: impl FnMut(u32)) {
    let t0 = Instant::now();
    n.ok(args);
    let full = t0.elapsed();
    check(u32::MAX);
    for i in 0..kills {
        let at = full.mul_f64(f64::from(i + 1) / f64::from(kills));
        let mut child = n.command(args).spawn().expect("spawn");
        std::thread::sleep(at);
        let _ = child.kill(); // SIGKILL; it may already have finished
        let _ = child.wait();
        check(i);
    }
}

#[test]
fn secrets_round_trip_through_the_daemon_and_offline_and_never_touch_disk_in_clear() {
    let mut n = Node::start(NodeConfig::default());
    set(&n, "api-token", &value(1));
    // Through the daemon the CLI needs no passphrase.
    let out = n
        .command(&["secrets", "list", "--json"])
        .env_remove("LANGO_PASSPHRASE")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[0]["name"], "api-token");
    assert!(list[0].get("value").is_none() && list[0].get("value_b64").is_none());
    assert_eq!(get(&n, "api-token"), value(1));
    n.stop();

    // Offline (no daemon): same store, same answers.
    assert_eq!(get(&n, "api-token"), value(1));
    set(&n, "second", b"another value");
    n.ok(&["secrets", "rm", "second"]);
    let out = n.cli(&["secrets", "get", "second"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no secret named \"second\""));
    n.run();
    assert_eq!(get(&n, "api-token"), value(1));
    n.ok(&["keys", "rotate"]);
    n.ok(&["db", "rekey"]);
    n.stop();

    // The audit log names what happened and never the value.
    let audit = std::fs::read_to_string(n.dir.join("audit.log")).unwrap();
    for kind in [
        "secret_set",
        "secret_get",
        "secret_rm",
        "keys_rotate",
        "db_rekey",
    ] {
        assert!(audit.contains(kind), "{kind} not audited");
    }
    // No file under the node's temp home (data dir, database, WAL, sled, audit log,
    // daemon logs) holds the value or its base64 form.
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(value(1));
    let files = all_files(n.tmp.path());
    assert!(files.len() > 5);
    for (path, bytes) in &files {
        assert!(
            !contains(bytes, VALUE_MARK.as_bytes()),
            "{} holds the secret",
            path.display()
        );
        assert!(
            !contains(bytes, &b64.as_bytes()[..24]),
            "{} holds it in base64",
            path.display()
        );
    }
}

#[test]
fn bad_secret_input_is_refused_in_one_line() {
    let n = Node::init(NodeConfig::default());
    let out = n.cli_stdin(&["secrets", "set", "has space"], b"v");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(stderr(&out).trim().lines().count(), 1);
    assert!(stderr(&out).contains("invalid secret name"));
    let out = n.cli_stdin(&["secrets", "set", "big"], &vec![b'x'; 40 * 1024]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("limit"));
    assert!(n
        .json(&["secrets", "list", "--json"])
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn wrong_passphrase_is_one_line_and_changes_no_file() {
    let n = node_with_secrets(&[], 2);
    let before = all_files(&n.dir);
    for args in [
        &["secrets", "set", "x"][..],
        &["keys", "rotate"],
        &["db", "rekey"],
        &["db", "verify"],
    ] {
        let out = n
            .command(args)
            .env("LANGO_PASSPHRASE", "wrong passphrase")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let e = stderr(&out);
        assert_eq!(e.trim().lines().count(), 1, "{e}");
        assert!(e.contains("wrong passphrase"), "{e}");
    }
    assert_eq!(
        all_files(&n.dir),
        before,
        "a refused command changed a file"
    );
}

#[test]
fn rotation_under_concurrent_writes_loses_nothing() {
    let n = Node::start(NodeConfig::default());
    std::thread::scope(|s| {
        let writer = s.spawn(|| {
            for i in 0..40 {
                set(&n, &format!("c{i}"), &value(i));
            }
        });
        for _ in 0..3 {
            n.ok(&["keys", "rotate"]);
        }
        n.ok(&["db", "rekey"]);
        writer.join().unwrap();
    });
    let status = n.json(&["keys", "status", "--json"]);
    assert_eq!(status["kek_version"], 4);
    for k in status["keys"].as_array().unwrap() {
        assert_eq!(k["kek_version"], 4, "{k}");
    }
    for i in 0..40 {
        assert_eq!(get(&n, &format!("c{i}")), value(i), "c{i} lost");
    }
    let v = n.json(&["db", "verify", "--json"]);
    assert_eq!(v["records_checked"], 40);
}

#[test]
fn kill_9_during_db_rekey_always_leaves_a_database_with_all_data() {
    let n = node_with_secrets(&[], 150);
    let mut versions = Vec::new();
    kill_at_many_points(&n, &["db", "rekey"], 10, |i| {
        let v = assert_intact(&n, 150, &format!("after kill {i}"));
        versions.push(v["key_version"].as_u64().unwrap_or(0));
    });
    // Which kills landed before and after the commit point depends on the machine's
    // load; the property asserted above holds either way. Shown for the record.
    eprintln!("database key version after each kill: {versions:?}");
}

#[test]
fn kill_9_during_keys_rotate_always_leaves_keys_that_open_everything() {
    let n = node_with_secrets(&[], 20);
    kill_at_many_points(&n, &["keys", "rotate"], 10, |i| {
        assert_intact(&n, 20, &format!("after kill {i}"));
        let s = n.json(&["keys", "status", "--json"]);
        let kek = &s["kek_version"];
        for k in s["keys"].as_array().unwrap() {
            assert_eq!(
                &k["kek_version"], kek,
                "kill {i}: rotation not finished: {s}"
            );
        }
        let p: serde_json::Value =
            serde_json::from_slice(&std::fs::read(n.dir.join("keys/provider.json")).unwrap())
                .unwrap();
        assert_eq!(
            p["keks"].as_array().unwrap().len(),
            1,
            "kill {i}: old KEK kept: {p}"
        );
    });
}

#[test]
fn kill_9_during_db_encrypt_leaves_plaintext_or_encrypted_with_all_data() {
    let n = node_with_secrets(&["--plaintext-db"], 150);
    let v = assert_intact(&n, 150, "before");
    assert_eq!(v["encrypted"], false);
    // The peer rows of a plaintext database are readable on disk before.
    let head = std::fs::read(n.dir.join("db/lango.db")).unwrap();
    assert!(head.starts_with(b"SQLite format 3\0"));
    let mut outcomes = Vec::new();
    for i in 0..8u32 {
        if assert_intact(&n, 150, "loop")["encrypted"] == true {
            break;
        }
        let mut child = n.command(&["db", "encrypt"]).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(150 + 120 * u64::from(i)));
        let _ = child.kill();
        let _ = child.wait();
        let v = assert_intact(&n, 150, &format!("after kill {i}"));
        outcomes.push(v["encrypted"].clone());
    }
    if assert_intact(&n, 150, "end")["encrypted"] == false {
        n.ok(&["db", "encrypt"]);
    }
    let v = assert_intact(&n, 150, "encrypted");
    assert_eq!(v["encrypted"], true, "{outcomes:?}");
    for (path, bytes) in all_files(&n.dir.join("db")) {
        assert!(!contains(&bytes, b"SQLite format 3"), "{}", path.display());
    }
}

#[test]
fn a_flipped_byte_in_the_database_is_reported_not_accepted() {
    let n = node_with_secrets(&[], 40);
    n.ok(&["db", "verify"]); // offline open+close checkpoints the WAL into the file
    let path = n.dir.join("db/lango-v1.db");
    let mut bytes = std::fs::read(&path).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x04;
    std::fs::write(&path, &bytes).unwrap();
    let out = n.cli(&["db", "verify"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let e = stderr(&out);
    assert_eq!(e.trim().lines().count(), 1, "{e}");
    assert!(e.contains("lango-v1.db"), "{e}");
}

#[test]
fn trust_store_lives_in_the_encrypted_database() {
    let a = Node::init(NodeConfig::default());
    let mut b = Node::start(NodeConfig::default());
    b.ok(&["trust", "add", &a.did, "--tools", "echo", "--name", "alice"]);
    b.stop();
    assert!(!b.dir.join("trust.sealed").exists());
    // DIDs are public, and the audit log names them by design; the database must not.
    let short = &a.did["did:key:".len()..];
    for (path, bytes) in all_files(&b.dir.join("db")) {
        assert!(
            !contains(&bytes, short.as_bytes()),
            "{} holds the DID in clear",
            path.display()
        );
    }
    b.run();
    let list = b.json(&["trust", "list", "--json"]);
    assert_eq!(list[0]["did"], a.did);
    assert_eq!(list[0]["tools"][0], "echo");
}

#[test]
fn the_daemon_cannot_dump_core() {
    let n = Node::start(NodeConfig::default());
    let pid = n.pid().expect("running");
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .expect("core limit line");
    let fields: Vec<&str> = core.split_whitespace().collect();
    // "Max core file size  0  0  bytes"
    assert_eq!(&fields[4..6], ["0", "0"], "{core}");
}
