//! The command line's contract for bad input: one clear line, the documented exit code,
//! and nothing changed on disk.

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use lango_tests::node::{binary, PASSPHRASE};
use lango_tests::{Node, NodeConfig};

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.display().to_string(),
                    std::fs::read(&p).unwrap_or_default(),
                );
            }
        }
    }
    out
}

fn stderr_line(out: &std::process::Output) -> String {
    let s = String::from_utf8_lossy(&out.stderr).trim().to_string();
    assert_eq!(s.lines().count(), 1, "exactly one line on stderr: {s:?}");
    s
}

#[test]
fn commands_without_a_running_node_say_so_and_exit_2() {
    let n = Node::init(NodeConfig::default());
    for args in [
        vec!["status"],
        vec!["session", "list", "--json"],
        vec!["trust", "list"],
        vec!["events", "--json"],
    ] {
        let out = n.cli(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr_line(&out).contains("not running"), "{args:?}");
    }
}

#[test]
fn wrong_passphrase_is_one_line_and_changes_no_file() {
    let n = Node::init(NodeConfig::default());
    let before = snapshot(&n.dir);
    let out = Command::new(binary())
        .arg("--data-dir")
        .arg(&n.dir)
        .arg("run")
        .env("LANGO_PASSPHRASE", "not the passphrase")
        .output()
        .expect("spawn");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_line(&out).contains("wrong passphrase"));
    let after = snapshot(&n.dir);
    // The lock file may be created by the attempt; nothing else may change.
    let strip = |m: BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
        m.into_iter()
            .filter(|(k, _)| !k.ends_with("/lock"))
            .collect()
    };
    assert_eq!(strip(before), strip(after));
}

#[test]
fn init_twice_is_refused_and_keeps_the_identity() {
    let n = Node::init(NodeConfig::default());
    let before = snapshot(&n.dir);
    let out = n.cli(&["init"]);
    assert_eq!(out.status.code(), Some(1));
    stderr_line(&out);
    assert_eq!(before, snapshot(&n.dir));
}

#[test]
fn unknown_config_key_is_named_with_its_line() {
    let n = Node::init(NodeConfig {
        toml: "[handshake]\nread_timeout = \"2s\"\nmax_skwe = \"5s\"\n".into(),
    });
    let out = n.cli(&["run"]);
    assert_eq!(out.status.code(), Some(2));
    let line = stderr_line(&out);
    assert!(
        line.contains("max_skwe") && line.contains("line 3"),
        "{line}"
    );
}

#[test]
fn a_listen_address_that_is_not_a_multiaddr_is_refused_by_init_and_run_alike() {
    let bad = "[node]\nlisten = [\"127.0.0.1:4001\"]\n";
    // `run` reads the node's config: exit 2, as every config error, naming the value.
    let n = Node::init(NodeConfig { toml: bad.into() });
    let out = n.cli(&["run"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_line(&out).contains("127.0.0.1:4001"));
    // `init --config` validates the same way and leaves no data dir behind.
    let tmp = tempfile::tempdir().expect("tempdir");
    let cfg = tmp.path().join("c.toml");
    std::fs::write(&cfg, bad).expect("write config");
    let dir = tmp.path().join("data");
    let out = Command::new(binary())
        .arg("--data-dir")
        .arg(&dir)
        .arg("--config")
        .arg(&cfg)
        .arg("init")
        .env("LANGO_PASSPHRASE", PASSPHRASE)
        .output()
        .expect("spawn init");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_line(&out).contains("127.0.0.1:4001"));
    assert!(!dir.join("keys").exists(), "init left key material behind");
}

#[test]
fn bad_did_and_bad_duration_are_usage_errors() {
    let n = Node::start(NodeConfig::default());
    let out = n.cli(&[
        "trust",
        "add",
        "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_line(&out).contains("P-256"));
    let out = n.cli(&["session", "revoke", &n.did, "--block", "soon"]);
    assert_eq!(out.status.code(), Some(2));
    stderr_line(&out);
    let out = n.cli(&["trust", "add", &n.did]);
    assert_eq!(out.status.code(), Some(2), "own DID refused");
}

#[test]
fn no_passphrase_without_a_terminal_is_a_usage_error() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = Command::new(binary())
        .arg("--data-dir")
        .arg(tmp.path().join("d"))
        .arg("init")
        .env_remove("LANGO_PASSPHRASE")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("spawn");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_line(&out).contains("LANGO_PASSPHRASE"));
    let _ = PASSPHRASE;
}

#[test]
fn data_dir_and_control_socket_are_private() {
    let n = Node::start(NodeConfig::default());
    let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode(&n.dir), 0o700);
    assert_eq!(mode(&n.dir.join("control.sock")), 0o600);
    // Every file the node wrote is private (config.toml is the operator's, written by
    // this harness).
    for (path, _) in snapshot(&n.dir) {
        if path.ends_with("config.toml") {
            continue;
        }
        let m = mode(Path::new(&path));
        assert_eq!(m & 0o077, 0, "{path} is {m:o}");
    }
}

#[test]
fn passphrase_file_unlocks_and_a_wrong_one_is_refused() {
    let n = Node::init(NodeConfig::default());
    let good = n.tmp.path().join("pass");
    std::fs::write(&good, format!("{PASSPHRASE}\n")).expect("write");
    let bad = n.tmp.path().join("bad");
    std::fs::write(&bad, "nope\n").expect("write");
    // `run` with the wrong file fails at once, before binding anything.
    let out = Command::new(binary())
        .arg("--data-dir")
        .arg(&n.dir)
        .arg("--passphrase-file")
        .arg(&bad)
        .arg("run")
        .env_remove("LANGO_PASSPHRASE")
        .output()
        .expect("spawn");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_line(&out).contains("wrong passphrase"));
    // The right file (trailing newline stripped) starts the node.
    let mut child = Command::new(binary())
        .arg("--data-dir")
        .arg(&n.dir)
        .arg("--passphrase-file")
        .arg(&good)
        .args(["run", "--listen", "/ip4/127.0.0.1/tcp/0"])
        .env_remove("LANGO_PASSPHRASE")
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    n.wait_for(30, "node answers", |n| n.cli(&["status"]).status.success());
    let _ = child.kill();
    let _ = child.wait();
}

/// `pii scan` is a filter: a reader that stops early (`| head -1`) ends it quietly,
/// exit 0, as it ends `grep` (it used to fail with "Broken pipe"). The reader here
/// closes its end after one line while a large input is still coming.
#[test]
fn pii_commands_end_quietly_when_their_reader_stops() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::Stdio;
    let cases: [(&[&str], Vec<u8>); 2] = [
        (
            &["pii", "scan"],
            b"mail me at ana@example.org\n".repeat(200_000),
        ),
        (
            &["pii", "scan", "--jsonl"],
            b"{\"text\": \"call +44 20 7946 0958\"}\n".repeat(200_000),
        ),
    ];
    for (args, input) in cases {
        let mut child = Command::new(binary())
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn lango-node");
        let mut stdin = child.stdin.take().expect("piped stdin");
        let writer = std::thread::spawn(move || {
            // Fails once the command has ended: that is expected.
            let _ = stdin.write_all(&input);
        });
        let mut first = String::new();
        BufReader::new(child.stdout.take().expect("piped stdout"))
            .read_line(&mut first)
            .expect("one line");
        assert!(!first.is_empty(), "{args:?}: no output");
        // The reader is gone (stdout dropped above): the rest cannot be written.
        let out = child.wait_with_output().expect("wait");
        writer.join().expect("writer thread");
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stderr).into_owned()
            ),
            (Some(0), String::new()),
            "{args:?}"
        );
    }
}
