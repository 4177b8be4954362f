//! Remote tool invocation between real `lango-node` daemons on loopback: the positive
//! path through each sandbox, the firewall's refusals, the pipeline's limits, and
//! hostile tools. Every refusal is observed on both sides (the caller's status and exit
//! code, the callee's security event), and the callee keeps serving afterwards.

use std::net::TcpListener;
use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use lango_tests::raw::{recv, send, send_raw, RawPeer};
use lango_tests::{rss_kib, rt, Node, NodeConfig};

const BASE: &str = "[handshake]\nread_timeout = \"2s\"\n[events]\nthreshold = 10000\n";

/// Subprocess tools used by the tests: benign ones and hostile ones.
fn subprocess_tools(extra: &str) -> String {
    format!(
        r#"{BASE}
[invoke]
max_input = "1200KiB"
{extra}

[[tools]]
name = "echo"
description = "returns its input"
sandbox = "subprocess"
command = ["/bin/cat"]
safety = "safe"
output_cap = "2MiB"

[[tools]]
name = "exit7"
sandbox = "subprocess"
command = ["/bin/sh", "-c", "cat >/dev/null; echo bye >&2; exit 7"]
safety = "safe"

[[tools]]
name = "flood"
sandbox = "subprocess"
command = ["/bin/sh", "-c", "cat >/dev/null; yes lango-flood | head -c 5000000"]
safety = "safe"
output_cap = "64KiB"

[[tools]]
name = "sleeper"
sandbox = "subprocess"
command = ["/bin/sh", "-c", "cat >/dev/null; sleep 987654 & sleep 987653"]
safety = "safe"
timeout = "2s"

[[tools]]
name = "longsleep"
sandbox = "subprocess"
command = ["/bin/sh", "-c", "cat >/dev/null; sleep 987111"]
safety = "safe"
timeout = "60s"

[[tools]]
name = "forkbomb"
sandbox = "subprocess"
command = ["/bin/sh", "-c", "cat >/dev/null; b() {{ b | b & }}; b; sleep 5"]
safety = "safe"
timeout = "4s"
max_processes = 32

[[tools]]
name = "shell"
sandbox = "subprocess"
command = ["/bin/sh", "-c", 'read -r cmd; cmd=${{cmd#\"}}; cmd=${{cmd%\"}}; eval "$cmd"']
safety = "safe"
timeout = "5s"
env = {{ DECLARED = "yes" }}

[[tools]]
name = "secret.dump"
sandbox = "subprocess"
command = ["/bin/cat"]
safety = "safe"

[[tools]]
name = "dangerous"
sandbox = "subprocess"
command = ["/bin/cat"]
approval_timeout = "1s"
"#
    )
}

/// A caller `a` and a callee `b` with sessions both ways; `b` lets `a` call `tools`.
fn pair(b_toml: String, tools: &str) -> (Node, Node) {
    let a = Node::start(NodeConfig::default());
    let mut b = Node::init_with(
        NodeConfig { toml: b_toml },
        &[],
        vec![("LANGO_TEST_CANARY".into(), "canary-4711".into())],
    );
    b.run();
    a.trust(&b);
    b.ok(&["trust", "add", &a.did, "--addr", a.addr(), "--tools", tools]);
    a.wait_for(20, "session with b", |a| a.session_dids().contains(&b.did));
    b.wait_for(20, "session with a", |b| b.session_dids().contains(&a.did));
    (a, b)
}

/// `invoke --json`, whatever the exit code: (exit code, parsed JSON or Null, stderr).
fn invoke(a: &Node, b: &Node, tool: &str, input: &str, more: &[&str]) -> (i32, Value, String) {
    let mut args = vec!["invoke", &b.did, tool, "--input", input, "--json"];
    args.extend_from_slice(more);
    let out = a.cli(&args);
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (
        out.status.code().unwrap_or(-1),
        v,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs a shell command line through the `shell` tool; returns (status, stdout). The
/// command travels as a JSON string, so it must hold no `"` or `\`.
fn sh(a: &Node, b: &Node, cmd: &str) -> (String, String) {
    assert!(
        !cmd.contains(['"', '\\']),
        "quote-free commands only: {cmd}"
    );
    let input = format!("\"{cmd}\"");
    let (_, v, err) = invoke(a, b, "shell", &input, &[]);
    assert!(v.is_object(), "shell tool gave no response: {err}");
    (
        v["status"].as_str().unwrap_or_default().to_string(),
        v["output"].as_str().unwrap_or_default().to_string(),
    )
}

fn marker_processes(marker: &str) -> Vec<String> {
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

fn still_serves(a: &Node, b: &Node) {
    let (code, v, err) = invoke(a, b, "echo", r#"{"alive":true}"#, &[]);
    assert_eq!(code, 0, "callee stopped serving: {err} {v}");
    assert_eq!(v["output"], r#"{"alive":true}"#);
}

#[test]
fn subprocess_tools_run_end_to_end_with_receipts_and_faithful_exit_codes() {
    let (a, b) = pair(
        subprocess_tools(""),
        "echo,exit7,flood,sleeper,forkbomb,shell,dangerous,nosuch,!secret.*",
    );

    // Local listing: name, sandbox, safety, limits; an unset safety shows as dangerous.
    let local = b.json(&["tools", "list", "--json"]);
    let names: Vec<&str> = local
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert!(names.contains(&"echo") && names.contains(&"secret.dump"));
    let dangerous = local
        .as_array()
        .and_then(|l| l.iter().find(|t| t["name"] == "dangerous"))
        .expect("listed");
    assert_eq!(dangerous["safety"], "dangerous");
    assert_eq!(dangerous["sandbox"], "subprocess");
    // The peer's view: only what its allow list admits, deny rules applied.
    let remote = a.json(&["tools", "list", "--peer", &b.did, "--json"]);
    let remote: Vec<&str> = remote
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert!(remote.contains(&"echo"));
    assert!(
        !remote.contains(&"secret.dump"),
        "denied tool listed: {remote:?}"
    );
    // A burst of listings: libp2p-stream drops inbound streams it cannot queue, and the
    // caller retries a stream dropped unread, so every listing answers.
    let burst: Vec<_> = (0..12)
        .map(|_| {
            a.command(&["tools", "list", "--peer", &b.did, "--json"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn cli")
        })
        .collect();
    for c in burst {
        let out = c.wait_with_output().expect("wait cli");
        assert!(
            out.status.success(),
            "a listing in a burst failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    // Echo: output = input, exit 0, a receipt that verifies offline.
    let (code, v, err) = invoke(&a, &b, "echo", r#"{"x":1}"#, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["status"], "ok");
    assert_eq!(v["output"], r#"{"x":1}"#);
    assert_eq!(v["exit_code"], 0);
    assert_eq!(v["receipt"]["callee"], b.did);
    assert_eq!(v["receipt"]["caller"], a.did);
    let doc = serde_json::to_vec(&v).expect("json");
    let ok = a.cli_stdin(
        &[
            "receipt",
            "verify",
            "--callee",
            &b.did,
            "--input",
            r#"{"x":1}"#,
        ],
        &doc,
    );
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    // A receipt does not vouch for other output, another callee or another input.
    let mut forged = v.clone();
    forged["output"] = Value::String(r#"{"x":2}"#.into());
    let bad = a.cli_stdin(
        &["receipt", "verify"],
        &serde_json::to_vec(&forged).expect("json"),
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not the output the callee signed"));
    let bad = a.cli_stdin(&["receipt", "verify", "--callee", &a.did], &doc);
    assert_eq!(bad.status.code(), Some(1));
    let bad = a.cli_stdin(&["receipt", "verify", "--input", "{}"], &doc);
    assert_eq!(bad.status.code(), Some(1));

    // 1 MiB of input round-trips exactly (through --input-file).
    let big = format!("\"{}\"", "a".repeat(1 << 20));
    let f = a.tmp.path().join("big.json");
    std::fs::write(&f, &big).expect("write input");
    let out = a.cli(&[
        "invoke",
        &b.did,
        "echo",
        "--input-file",
        f.to_str().expect("utf8"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout.len(), big.len());
    assert!(out.stdout == big.as_bytes());

    // A non-zero exit comes back faithfully; the CLI exits 1 and stderr is passed on.
    let (code, v, _) = invoke(&a, &b, "exit7", "{}", &[]);
    assert_eq!(code, 1);
    assert_eq!(v["status"], "ok");
    assert_eq!(v["exit_code"], 7);
    assert_eq!(v["stderr"], "bye\n");
    let audit = String::from_utf8_lossy(&b.ok(&["audit", "tail", "-n", "200", "--json"]).stdout)
        .into_owned();
    assert!(
        audit.contains("\"tool_call\"") && audit.contains("\"exit7\""),
        "{audit}"
    );
    assert!(
        !audit.contains("{\\\"x\\\":1}"),
        "inputs are audited as hashes only"
    );
}

#[test]
fn the_firewall_refuses_what_the_acl_does_not_allow_and_says_why() {
    let (a, b) = pair(subprocess_tools(""), "echo,dangerous,nosuch,!secret.*");
    // Not in the allow list.
    let (code, v, _) = invoke(&a, &b, "exit7", "{}", &[]);
    assert_eq!((code, v["status"].as_str()), (3, Some("denied")), "{v}");
    assert!(v["error"]
        .as_str()
        .unwrap_or("")
        .contains("not in this peer's allowed tools"));
    // Denied by a deny rule although `*`-style allows would match: deny wins.
    b.ok(&["trust", "set", &a.did, "--tools", "*,!secret.*"]);
    let (code, v, _) = invoke(&a, &b, "secret.dump", "{}", &[]);
    assert_eq!((code, v["status"].as_str()), (3, Some("denied")), "{v}");
    assert!(
        v["error"].as_str().unwrap_or("").contains("deny rule"),
        "{v}"
    );
    // Unknown tool.
    let (code, v, _) = invoke(&a, &b, "nosuch", "{}", &[]);
    assert_eq!(
        (code, v["status"].as_str()),
        (3, Some("unknown_tool")),
        "{v}"
    );
    // A tool without a safety level is dangerous: it waits for an approver, and nobody
    // answers.
    let (code, v, _) = invoke(&a, &b, "dangerous", "{}", &[]);
    assert_eq!(
        (code, v["status"].as_str()),
        (3, Some("approval_timeout")),
        "{v}"
    );
    // Oversized input: refused before the sandbox.
    let huge = format!("\"{}\"", "z".repeat(1300 * 1024));
    let f = a.tmp.path().join("huge.json");
    std::fs::write(&f, &huge).expect("write");
    let out = a.cli(&[
        "invoke",
        &b.did,
        "echo",
        "--input-file",
        f.to_str().expect("utf8"),
        "--json",
    ]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    assert_eq!(
        v["status"],
        "bad_request",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Bad input on the caller's side never leaves the node.
    let out = a.cli(&["invoke", &b.did, "echo", "--input", "{not json"]);
    assert_eq!(out.status.code(), Some(2));
    // Every firewall refusal is a security event on the callee (misuse: none counts
    // toward a block by default); an unanswered approval is not the caller's doing.
    let acl = b.events_of("acl_denied");
    assert_eq!(acl.len(), 2, "{acl:?}");
    assert!(acl.iter().all(|e| e["did"] == a.did), "{acl:?}");
    assert_eq!(b.events_of("unknown_tool").len(), 1);
    assert!(!b.events_of("oversize_frame").is_empty());

    // After a revoke there is no session: the call is refused at once.
    b.ok(&["session", "revoke", &a.did, "--block", "1h"]);
    a.wait_for(10, "a drops the session", |a| {
        !a.session_dids().contains(&b.did)
    });
    let (code, _, err) = invoke(&a, &b, "echo", "{}", &[]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("no session"), "{err}");
    let out = a.cli(&["tools", "list", "--peer", &b.did, "--json"]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_caller_without_a_session_or_with_a_stolen_session_id_is_refused() {
    let (_a, b) = pair(subprocess_tools(""), "echo");
    let r = rt();
    r.block_on(async {
        // An untrusted peer with a made-up session id.
        let stranger = RawPeer::random();
        let peer = stranger.connect(b.addr()).await;
        let req = lango_protocol::tools::wire::ToolRequest {
            request_id: [1; 16],
            session_id: lango_protocol::session::SessionId([9; 16]),
            tool: "echo".into(),
            input: "{}".into(),
            timeout_ms: 5_000,
        };
        let mut s = stranger
            .open(peer, libp2p::StreamProtocol::new("/lango/tools/1.0.0"))
            .await;
        send(&mut s, &req.encode()).await;
        let body = recv(&mut s).await.expect("a response");
        let resp = lango_protocol::tools::wire::ToolResponse::decode(&body).expect("decodes");
        assert_eq!(resp.status.as_str(), "denied");
        assert!(resp.error.contains("session"), "{}", resp.error);
        assert!(resp.receipt.is_none() && resp.output.is_empty());
        // A trusted peer's real session id, presented from another PeerId.
        let trusted = RawPeer::random();
        b.ok(&["trust", "add", &trusted.did(), "--tools", "echo"]);
        let peer = trusted.connect(b.addr()).await;
        let rec = trusted.handshake(peer).await.expect("handshake");
        let thief = RawPeer::random();
        let peer2 = thief.connect(b.addr()).await;
        let mut s = thief
            .open(peer2, libp2p::StreamProtocol::new("/lango/tools/1.0.0"))
            .await;
        let stolen = lango_protocol::tools::wire::ToolRequest {
            session_id: lango_protocol::session::SessionId(rec.session_id),
            ..req.clone()
        };
        send(&mut s, &stolen.encode()).await;
        let resp = lango_protocol::tools::wire::ToolResponse::decode(
            &recv(&mut s).await.expect("response"),
        )
        .expect("decodes");
        assert_eq!(resp.status.as_str(), "denied");
        // The owner of the session gets through.
        let mut s = trusted
            .open(peer, libp2p::StreamProtocol::new("/lango/tools/1.0.0"))
            .await;
        let own = lango_protocol::tools::wire::ToolRequest {
            session_id: lango_protocol::session::SessionId(rec.session_id),
            input: "{\"own\":1}".into(),
            ..req.clone()
        };
        send(&mut s, &own.encode()).await;
        let resp = lango_protocol::tools::wire::ToolResponse::decode(
            &recv(&mut s).await.expect("response"),
        )
        .expect("decodes");
        assert_eq!(resp.status.as_str(), "ok", "{}", resp.error);
        assert_eq!(resp.output, b"{\"own\":1}");
        // Garbage on the tools stream from a peer without a session: refused before it
        // is read (hardening issue, hole 5).
        let mut s = thief
            .open(peer2, libp2p::StreamProtocol::new("/lango/tools/1.0.0"))
            .await;
        send(&mut s, b"\xa1\x61x\x01").await;
        let resp = lango_protocol::tools::wire::ToolResponse::decode(
            &recv(&mut s).await.expect("response"),
        )
        .expect("decodes");
        assert_eq!(resp.status.as_str(), "denied");
        // The same garbage from the session's owner: read, refused as bad_request, and
        // a malformed-frame event.
        let mut s = trusted
            .open(peer, libp2p::StreamProtocol::new("/lango/tools/1.0.0"))
            .await;
        send(&mut s, b"\xa1\x61x\x01").await;
        let resp = lango_protocol::tools::wire::ToolResponse::decode(
            &recv(&mut s).await.expect("response"),
        )
        .expect("decodes");
        assert_eq!(resp.status.as_str(), "bad_request");
    });
    assert!(!b.events_of("malformed_frame").is_empty());
    assert!(b.events_of("acl_denied").len() >= 2);
}

/// A stranger that sends a call and hangs up in the same breath is still refused, and
/// each refusal is still counted against it: hanging up cannot turn a refusal into a
/// cancelled call (no event, and an audit entry outside the event rate limit).
#[test]
fn a_stranger_that_hangs_up_at_once_is_refused_and_counted_every_time() {
    let (_a, b) = pair(subprocess_tools(""), "echo");
    let before = b.events_of("acl_denied").len();
    let r = rt();
    r.block_on(async {
        let stranger = RawPeer::random();
        let peer = stranger.connect(b.addr()).await;
        for i in 0..20u8 {
            let req = lango_protocol::tools::wire::ToolRequest {
                request_id: [i; 16],
                session_id: lango_protocol::session::SessionId([9; 16]),
                tool: "echo".into(),
                input: "{}".into(),
                timeout_ms: 5_000,
            };
            let mut s = stranger
                .open(peer, libp2p::StreamProtocol::new("/lango/tools/1.0.0"))
                .await;
            send(&mut s, &req.encode()).await;
            // One byte past the request: to the callee, the caller went away.
            send_raw(&mut s, b"x").await;
            let body = recv(&mut s).await.expect("a refusal despite the hang-up");
            let resp = lango_protocol::tools::wire::ToolResponse::decode(&body).expect("decodes");
            assert_eq!(resp.status.as_str(), "denied", "{}", resp.error);
        }
    });
    b.wait_for(10, "every refusal counted", |b| {
        b.events_of("acl_denied").len() >= before + 20
    });
    let audit = String::from_utf8_lossy(&b.ok(&["audit", "tail", "-n", "500", "--json"]).stdout)
        .to_string();
    assert!(!audit.contains("\"tool_cancelled\""), "{audit}");
}

#[test]
fn rate_limits_and_the_concurrency_cap_refuse_excess_calls() {
    let (a, b) = pair(
        subprocess_tools("peer_rate_per_second = 1\npeer_burst = 3\nmax_concurrent_per_peer = 1"),
        "*",
    );
    // Concurrency: while one slow call runs, a second is refused.
    let slow = {
        let mut c = a.command(&[
            "invoke",
            &b.did,
            "shell",
            "--input",
            "\"sleep 3\"",
            "--json",
        ]);
        c.stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        c.spawn().expect("spawn")
    };
    std::thread::sleep(Duration::from_millis(1500));
    // A budget too short to wait the slow call out: the refusal comes back, with when
    // to retry.
    let (code, v, _) = invoke(&a, &b, "echo", "{}", &["--timeout", "300ms"]);
    assert_eq!(
        (code, v["status"].as_str()),
        (3, Some("rate_limited")),
        "{v}"
    );
    assert!(
        v["error"].as_str().unwrap_or("").contains("in flight"),
        "{v}"
    );
    assert!(v["retry_after_ms"].as_u64().is_some_and(|ms| ms > 0), "{v}");
    // A budget that fits: the caller waits as told and the call runs.
    let (code, v, err) = invoke(&a, &b, "echo", r#"{"waited":1}"#, &[]);
    assert_eq!((code, v["status"].as_str()), (0, Some("ok")), "{v} {err}");
    let out = slow.wait_with_output().expect("slow call");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Rate: a burst beyond 3 is refused (budgets too short to wait a second).
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let (_, v, _) = invoke(&a, &b, "echo", "{}", &["--timeout", "300ms"]);
        statuses.push(v["status"].as_str().unwrap_or("").to_string());
    }
    assert!(statuses.iter().any(|s| s == "rate_limited"), "{statuses:?}");
    assert!(!b.events_of("rate_limited").is_empty());
    std::thread::sleep(Duration::from_secs(3));
    still_serves(&a, &b);
}

#[test]
fn hostile_subprocess_tools_are_contained_and_the_callee_keeps_serving() {
    let (a, b) = pair(subprocess_tools(""), "*");

    // Output over the cap: truncated and flagged; the call returns.
    let (_, v, _) = invoke(&a, &b, "flood", "{}", &[]);
    assert_eq!(v["truncated"], true, "{v}");
    assert!(v["output"].as_str().unwrap_or("").len() <= 64 * 1024);
    assert_eq!(v["termination"], "output_limit");

    // Timeout kills the whole tree: the background sleeper is gone too.
    let (code, v, _) = invoke(&a, &b, "sleeper", "{}", &[]);
    assert_eq!((code, v["status"].as_str()), (1, Some("timeout")), "{v}");
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        marker_processes("98765").is_empty(),
        "{:?}",
        marker_processes("98765")
    );

    // Fork bomb: contained, the call ends, nothing survives.
    let (_, v, _) = invoke(&a, &b, "forkbomb", "{}", &[]);
    assert!(v.is_object());
    std::thread::sleep(Duration::from_millis(500));
    still_serves(&a, &b);

    // None of the above tried a system call that the sandbox refuses...
    let violations = b.events_of("sandbox_violation");
    assert!(violations.is_empty(), "{violations:?}");

    // Network: a TCP connect to a listener on the host's loopback fails.
    let l = TcpListener::bind("127.0.0.1:0").expect("listener");
    l.set_nonblocking(true).expect("nonblocking");
    let port = l.local_addr().expect("addr").port();
    let (_, out) = sh(
        &a,
        &b,
        &format!("bash -c 'echo hi > /dev/tcp/127.0.0.1/{port}' 2>/dev/null && echo CONNECTED || echo REFUSED"),
    );
    assert_eq!(out.trim(), "REFUSED", "{out}");
    assert!(l.accept().is_err(), "the listener saw a connection");
    // ...and this one did: seccomp refused the socket, and the callee counted a
    // sandbox_violation to the caller that sent the command.
    let violations = b.events_of("sandbox_violation");
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert_eq!(violations[0]["did"], a.did.as_str(), "{violations:?}");
    assert_eq!(
        violations[0]["detail"], "tool shell: the sandbox refused socket",
        "{violations:?}"
    );

    // The node's data dir and /etc/shadow are unreadable; writes outside scratch fail.
    let data = b.dir.join("keys").join("registry.json");
    assert!(data.exists());
    let (_, out) = sh(&a, &b, &format!("cat {} >/dev/null 2>&1 && echo READ; ls {} >/dev/null 2>&1 && echo LISTED; cat /etc/shadow >/dev/null 2>&1 && echo SHADOW; echo done", data.display(), b.dir.display()));
    assert_eq!(out.trim(), "done", "{out}");
    let outside = b.tmp.path().join("planted");
    let (_, out) = sh(&a, &b, &format!("echo x > {} 2>/dev/null && echo WROTE; echo x > /tmp/lango-planted 2>/dev/null && echo WROTE_TMP; echo x > $HOME/ok && cat $HOME/ok", outside.display()));
    assert_eq!(out.trim(), "x", "{out}");
    assert!(!outside.exists() && !Path::new("/tmp/lango-planted").exists());

    // Another call's scratch: a file left by one call is not visible to the next.
    let (_, first) = sh(&a, &b, "echo secret > $HOME/left; echo $HOME");
    let (_, out) = sh(
        &a,
        &b,
        &format!(
            "cat {}/left 2>/dev/null && echo LEAK; ls {} 2>/dev/null | head -3; echo done",
            first.trim(),
            first.trim()
        ),
    );
    assert!(!out.contains("LEAK") && !out.contains("secret"), "{out}");

    // Environment: nothing undeclared (the daemon's own canary variable is absent).
    let (_, env) = sh(&a, &b, "env | cut -d= -f1 | sort | xargs");
    assert!(
        !env.contains("LANGO_TEST_CANARY") && !env.contains("LANGO_PASSPHRASE"),
        "{env}"
    );
    assert!(env.contains("DECLARED") && env.contains("HOME"), "{env}");

    still_serves(&a, &b);
}

fn example(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/tools")
        .join(rel)
        .to_str()
        .expect("utf8 path")
        .to_string()
}

#[test]
fn wasm_and_container_tools_run_end_to_end_and_prepare_reports_the_layers() {
    let toml = format!(
        r#"{BASE}
[invoke]
max_input = "1200KiB"

[[tools]]
name = "echo.wasm"
sandbox = "wasm"
module = "{echo}"
safety = "safe"
output_cap = "2MiB"

[[tools]]
name = "exit7.wasm"
sandbox = "wasm"
module = "{exit7}"
safety = "safe"

[[tools]]
name = "spin.wasm"
sandbox = "wasm"
module = "{spin}"
safety = "safe"
timeout = "1s"

[[tools]]
name = "echo.container"
sandbox = "container"
command = ["cat"]
safety = "safe"
memory = "64MiB"
output_cap = "2MiB"

[[tools]]
name = "exit7.container"
sandbox = "container"
command = ["sh", "-c", "cat >/dev/null; echo bye >&2; exit 7"]
safety = "safe"
memory = "64MiB"
"#,
        echo = example("wasm/echo.wat"),
        exit7 = example("wasm/exit7.wat"),
        spin = example("wasm/spin.wat"),
    );
    let (a, b) = pair(toml, "*");
    // `sandbox prepare`: every back end probed, the image present, every tool ready.
    let prep = b.json(&["sandbox", "prepare", "--json"]);
    assert_eq!(prep["ok"], true, "{prep}");
    let backends = prep["backends"].as_array().expect("backends");
    for kind in ["subprocess", "wasm", "container"] {
        let be = backends
            .iter()
            .find(|x| x["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind} in {prep}"));
        assert_eq!(be["available"], true, "{be}");
        assert!(
            be["layers"].as_array().is_some_and(|l| !l.is_empty()),
            "{be}"
        );
    }
    assert_eq!(prep["image"]["present"], true, "{prep}");
    assert!(prep["tools"]
        .as_array()
        .expect("tools")
        .iter()
        .all(|t| t["ready"] == true));

    let big = format!("\"{}\"", "w".repeat(1 << 20));
    let f = a.tmp.path().join("big.json");
    std::fs::write(&f, &big).expect("write input");
    for kind in ["wasm", "container"] {
        let echo = format!("echo.{kind}");
        let (code, v, err) = invoke(&a, &b, &echo, r#"{"via":"sandbox"}"#, &[]);
        assert_eq!(code, 0, "{kind}: {err} {v}");
        assert_eq!(v["output"], r#"{"via":"sandbox"}"#, "{kind}");
        let ok = a.cli_stdin(
            &["receipt", "verify", "--callee", &b.did],
            &serde_json::to_vec(&v).expect("json"),
        );
        assert!(
            ok.status.success(),
            "{kind}: {}",
            String::from_utf8_lossy(&ok.stderr)
        );
        let out = a.cli(&[
            "invoke",
            &b.did,
            &echo,
            "--input-file",
            f.to_str().expect("utf8"),
        ]);
        assert!(
            out.status.success(),
            "{kind}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stdout == big.as_bytes(),
            "{kind}: 1 MiB did not round-trip"
        );
        let (code, v, _) = invoke(&a, &b, &format!("exit7.{kind}"), "{}", &[]);
        assert_eq!((code, v["exit_code"].as_i64()), (1, Some(7)), "{kind}: {v}");
        assert_eq!(v["status"], "ok", "{kind}: {v}");
    }
    // A CPU loop in wasm is ended by the epoch deadline; the callee keeps serving.
    let (code, v, _) = invoke(&a, &b, "spin.wasm", "{}", &[]);
    assert_eq!((code, v["status"].as_str()), (1, Some("timeout")), "{v}");
    let (code, _, err) = invoke(&a, &b, "echo.wasm", "{}", &[]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_caller_that_goes_away_cancels_the_call_and_the_tool_dies() {
    let (a, b) = pair(subprocess_tools(""), "*");
    let mut cli = a
        .command(&["invoke", &b.did, "longsleep", "--input", "{}"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn invoke");
    b.wait_for(20, "the tool runs", |_| {
        !marker_processes("987111").is_empty()
    });
    // The operator presses Ctrl-C (here: the CLI is killed outright).
    let _ = cli.kill();
    let _ = cli.wait();
    b.wait_for(20, "the tool is killed on the callee", |_| {
        marker_processes("987111").is_empty()
    });
    b.wait_for(10, "the callee audits the cancellation", |b| {
        String::from_utf8_lossy(&b.ok(&["audit", "tail", "-n", "50", "--json"]).stdout)
            .contains("\"tool_cancelled\"")
    });
    still_serves(&a, &b);
}

/// A caller whose calls keep making a tool try what its sandbox refuses crosses the
/// security-event threshold like any other attacker: the callee revokes its session and
/// blocks its DID, and the next call does not run.
#[test]
fn a_caller_whose_calls_keep_probing_the_sandbox_is_revoked_and_blocked() {
    let toml = subprocess_tools("").replace("threshold = 10000", "threshold = 2\nblock = \"10m\"");
    let (a, b) = pair(toml, "shell");
    // Both sides dial each other: let the simultaneous handshakes settle on one session
    // (the notice names it), so the revocation below is told to the session `a` holds.
    let sid = |n: &Node, other: &Node| {
        n.json(&["session", "list", "--json"])
            .as_array()
            .and_then(|l| l.iter().find(|s| s["did"] == other.did.as_str()).cloned())
            .map(|s| s["session_id"].clone())
    };
    a.wait_for(20, "one session, the same on both sides", |a| {
        let x = sid(a, &b);
        x.is_some() && x == sid(&b, a)
    });
    // A benign call first: no event.
    let (_, out) = sh(&a, &b, "echo fine");
    assert_eq!(out.trim(), "fine");
    assert!(b.events_of("sandbox_violation").is_empty());
    // Two calls whose commands try to leave the sandbox (a user namespace, a mount). The
    // second one's event trips the threshold; its response may be cut by the revocation.
    for cmd in ["unshare -U true", "mount -t tmpfs none /tmp"] {
        let _ = invoke(&a, &b, "shell", &format!("\"{cmd}\""), &[]);
    }
    b.wait_for(10, "a's session revoked by the threshold", |b| {
        !b.session_dids().contains(&a.did)
    });
    let violations = b.events_of("sandbox_violation");
    assert_eq!(violations.len(), 2, "{violations:?}");
    assert!(
        violations.iter().all(|e| e["did"] == a.did.as_str()),
        "{violations:?}"
    );
    let trust = b.json(&["trust", "list", "--json"]);
    assert!(trust[0]["blocked_until"].is_string(), "{trust}");
    // The revoked side is told why: in its events, its status, and the error of its
    // next call, which is refused before any tool runs.
    a.wait_for(10, "b's signed notice with the reason", |a| {
        !a.events_of("revoked_by_peer").is_empty()
    });
    let told = a.events_of("revoked_by_peer");
    assert!(
        told[0]["detail"]
            .as_str()
            .is_some_and(|d| d.contains("repeated sandbox violations") && d.contains("until")),
        "{told:?}"
    );
    let status = a.json(&["status", "--json"]);
    assert_eq!(
        status["revoked_by_peers"][0]["reason"], "repeated sandbox violations",
        "{status}"
    );
    let (code, v, err) = invoke(&a, &b, "shell", "\"echo again\"", &[]);
    assert_eq!(code, 3, "{v} {err}");
    assert_ne!(v["output"], "again\n", "{v}");
    assert!(
        err.contains("blocked by") && err.contains("repeated sandbox violations"),
        "{err}"
    );
}

/// Hardening issue, hole 5: a peer without a session that announces and starts sending
/// 64 MiB requests is refused before the node reads (or allocates) them: four such
/// streams at once leave the callee's RSS where it was, and each gets `denied` at once.
/// A caller with a session that stalls mid-request is cut at the read deadline and a
/// `timeout` event names it.
#[test]
fn requests_are_authorised_before_they_are_read() {
    let (_a, b) = pair(
        subprocess_tools("").replace("max_input = \"1200KiB\"", "max_input = \"64MiB\""),
        "echo",
    );
    let pid = b.pid().expect("callee pid");
    let r = rt();
    r.block_on(async {
        let stranger = std::sync::Arc::new(RawPeer::random());
        let peer = stranger.connect(b.addr()).await;
        let before = rss_kib(pid);
        let mut tasks = Vec::new();
        for _ in 0..4 {
            let s = stranger.clone();
            tasks.push(tokio::spawn(async move {
                let mut st = s
                    .open(peer, libp2p::StreamProtocol::new("/lango/tools/1.0.0"))
                    .await;
                let len: u32 = 64 << 20;
                send_raw(&mut st, &len.to_be_bytes()).await;
                // Write the body in the background; the callee should not take it in.
                let (mut rd, mut wr) = futures::AsyncReadExt::split(st);
                let writer = tokio::spawn(async move {
                    let chunk = vec![b' '; 1 << 20];
                    for _ in 0..64 {
                        if futures::AsyncWriteExt::write_all(&mut wr, &chunk)
                            .await
                            .is_err()
                        {
                            break;
                        }
                    }
                });
                // The refusal, unless the callee's reset of the stream (it drops a stream
                // whose body it will never read) overtakes it.
                let answer = tokio::time::timeout(Duration::from_secs(10), async {
                    let mut prefix = [0u8; 4];
                    futures::AsyncReadExt::read_exact(&mut rd, &mut prefix)
                        .await
                        .ok()?;
                    let mut body = vec![0u8; u32::from_be_bytes(prefix) as usize];
                    futures::AsyncReadExt::read_exact(&mut rd, &mut body)
                        .await
                        .ok()?;
                    Some(body)
                })
                .await
                .expect("no answer and no reset within 10 s");
                writer.abort();
                answer
            }));
        }
        let mut answered = 0;
        for t in tasks {
            if let Some(body) = t.await.expect("task") {
                let resp =
                    lango_protocol::tools::wire::ToolResponse::decode(&body).expect("decodes");
                assert_eq!(resp.status.as_str(), "denied", "{}", resp.error);
                assert_eq!(resp.request_id, [0; 16]);
                answered += 1;
            }
        }
        let unread = b
            .events_of("acl_denied")
            .iter()
            .filter(|e| {
                e["detail"]
                    .as_str()
                    .unwrap_or("")
                    .contains("refused before the request was read")
            })
            .count();
        // Every answered stream was refused unread (a stream libp2p dropped before it
        // reached the handler is reset, and never read either).
        assert!(
            unread >= answered.max(1),
            "{unread} refusals before reading for {answered} answers"
        );
        let after = rss_kib(pid);
        assert!(
            after < before + 32 * 1024,
            "the callee took in unauthorised bodies: RSS {before} KiB -> {after} KiB"
        );

        // A trusted peer with a session that stalls after half a length prefix.
        let slow = RawPeer::random();
        b.ok(&["trust", "add", &slow.did(), "--tools", "echo"]);
        let speer = slow.connect(b.addr()).await;
        slow.handshake(speer).await.expect("handshake");
        let mut st = slow
            .open(speer, libp2p::StreamProtocol::new("/lango/tools/1.0.0"))
            .await;
        send_raw(&mut st, &[0, 0]).await;
        let body = recv(&mut st)
            .await
            .expect("cut at the deadline with an answer");
        let resp = lango_protocol::tools::wire::ToolResponse::decode(&body).expect("decodes");
        assert_eq!(resp.status.as_str(), "bad_request", "{}", resp.error);
    });
    b.wait_for(10, "a timeout event for the stalling caller", |b| {
        b.events_of("timeout")
            .iter()
            .any(|e| e["detail"].as_str().unwrap_or("").contains("read deadline"))
    });
}

/// Hardening issue, hole 1 (non-root mode): a node that is not root cannot drop its
/// supplementary groups for its tools (a user namespace keeps them, and a group such as
/// `docker` would hand a tool the host), so it refuses to run subprocess tools and says
/// why; the same user without supplementary groups runs them.
#[test]
fn a_non_root_node_with_supplementary_groups_refuses_subprocess_tools() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let cfg = dir.path().join("c.toml");
    std::fs::write(
        &cfg,
        "[[tools]]\nname = \"echo\"\nsandbox = \"subprocess\"\ncommand = [\"/bin/cat\"]\nsafety = \"safe\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&cfg, std::fs::Permissions::from_mode(0o644)).unwrap();
    let prepare = |groups: &str| {
        let out = std::process::Command::new("/usr/bin/setpriv")
            .args(["--reuid=1000", "--regid=1000", groups, "env", "-i"])
            .arg("PATH=/usr/bin:/bin")
            .arg(format!("HOME={}", dir.path().display()))
            .arg(lango_tests::node::binary())
            .arg("--data-dir")
            .arg(dir.path().join("data"))
            .arg("--config")
            .arg(&cfg)
            .args(["sandbox", "prepare", "--json"])
            .output()
            .expect("setpriv");
        let v: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        v["tools"]
            .as_array()
            .and_then(|t| t.iter().find(|t| t["name"] == "echo").cloned())
            .unwrap_or_else(|| panic!("no report: {}", String::from_utf8_lossy(&out.stderr)))
    };
    let with_groups = prepare("--groups=27");
    assert_eq!(with_groups["ready"], false, "{with_groups}");
    assert!(
        with_groups["detail"]
            .as_str()
            .unwrap_or("")
            .contains("supplementary groups (27)"),
        "{with_groups}"
    );
    let without = prepare("--clear-groups");
    assert_eq!(without["ready"], true, "{without}");
}
