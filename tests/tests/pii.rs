//! PII redaction between real `lango-node` daemons on loopback (brief section 7): a
//! tool's output leaves the callee redacted, the receipt covers the redacted bytes, the
//! audit has counts and types but no value; JSON stays JSON; the input paths; and what
//! happens when a configured Presidio cannot answer (refused, slow, HTTP 500, garbage),
//! with a local TCP listener standing in for a Presidio that misbehaves (real Presidio
//! cannot be made to fail on demand; the merge with the real one is in `presidio.rs`).

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use serde_json::Value;

use lango_tests::{Node, NodeConfig};

const BASE: &str = "[handshake]\nread_timeout = \"2s\"\n[events]\nthreshold = 10000\n";

/// What the `leak` tool prints: an e-mail, a card and an IBAN on stdout (after non-ASCII
/// text), a phone on stderr.
const LEAK: &str =
    "Grüße: ana.lopez@example.org paid with 4111 1111 1111 1111 from GB82 WEST 1234 5698 7654 32";

fn tools(pii: &str) -> String {
    format!(
        r#"{BASE}
{pii}

[[tools]]
name = "leak"
sandbox = "subprocess"
command = ["/bin/sh", "-c", "cat >/dev/null; echo '{LEAK}'; echo 'call +44 20 7946 0958' >&2"]
safety = "safe"

[[tools]]
name = "json"
sandbox = "subprocess"
command = ["/bin/sh", "-c", "cat >/dev/null; echo '{{\"user\": \"ana@example.org\", \"card\": 4111111111111111, \"note\": \"v1.2.3.4 ok\"}}'"]
safety = "safe"

[[tools]]
name = "echo"
sandbox = "subprocess"
command = ["/bin/cat"]
safety = "safe"
"#
    )
}

/// A caller `a` (with `a_toml`) and a callee `b` (with `b_toml`), sessions both ways.
fn pair(a_toml: String, b_toml: String) -> (Node, Node) {
    let a = Node::start(NodeConfig { toml: a_toml });
    let b = Node::start(NodeConfig { toml: b_toml });
    a.trust(&b);
    b.ok(&[
        "trust",
        "add",
        &a.did,
        "--addr",
        a.addr(),
        "--tools",
        "leak,json,echo",
    ]);
    a.wait_for(20, "session with b", |a| a.session_dids().contains(&b.did));
    b.wait_for(20, "session with a", |b| b.session_dids().contains(&a.did));
    (a, b)
}

fn invoke(a: &Node, b: &Node, tool: &str, input: &str) -> (i32, Value, String) {
    let out = a.cli(&["invoke", &b.did, tool, "--input", input, "--json"]);
    (
        out.status.code().unwrap_or(-1),
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn audit(b: &Node) -> String {
    String::from_utf8_lossy(&b.ok(&["audit", "tail", "-n", "200", "--json"]).stdout).into_owned()
}

#[test]
fn a_remote_call_returns_redacted_output_under_a_receipt_and_the_audit_has_only_counts() {
    let (a, b) = pair(BASE.into(), tools(""));

    let (code, v, err) = invoke(&a, &b, "leak", "{}");
    assert_eq!(code, 0, "{err}");
    let out = v["output"].as_str().unwrap_or_default();
    assert_eq!(
        out, "Grüße: <EMAIL_ADDRESS> paid with <CREDIT_CARD> from <IBAN_CODE>\n",
        "{v}"
    );
    assert_eq!(v["stderr"], "call <PHONE_NUMBER>\n", "{v}");
    assert_eq!(v["redactions"], 4, "{v}");
    assert_eq!(
        v["redacted_types"],
        serde_json::json!({"CREDIT_CARD": 1, "EMAIL_ADDRESS": 1, "IBAN_CODE": 1, "PHONE_NUMBER": 1})
    );

    // The receipt verifies offline over the redacted bytes, and not over the original.
    let doc = serde_json::to_vec(&v).expect("json");
    let ok = a.cli_stdin(
        &["receipt", "verify", "--callee", &b.did, "--input", "{}"],
        &doc,
    );
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let mut original = v.clone();
    original["output"] = Value::String(format!("{LEAK}\n"));
    let bad = a.cli_stdin(
        &["receipt", "verify"],
        &serde_json::to_vec(&original).expect("json"),
    );
    assert_eq!(
        bad.status.code(),
        Some(1),
        "the receipt vouches for the redacted output only"
    );

    // The callee's audit records counts and types, never a value.
    let log = audit(&b);
    assert!(log.contains("\"redacted_types\""), "{log}");
    for value in [
        "ana.lopez@example.org",
        "4111 1111 1111 1111",
        "GB82 WEST",
        "7946 0958",
    ] {
        assert!(!log.contains(value), "the audit holds {value:?}");
    }

    // JSON output stays JSON: strings and numbers redacted in place, keys and look-alikes kept.
    let (code, v, err) = invoke(&a, &b, "json", "{}");
    assert_eq!(code, 0, "{err}");
    let j: Value = serde_json::from_str(v["output"].as_str().unwrap_or_default())
        .unwrap_or_else(|e| panic!("output is not JSON ({e}): {v}"));
    assert_eq!(j["user"], "<EMAIL_ADDRESS>");
    assert_eq!(j["card"], "<CREDIT_CARD>");
    assert_eq!(j["note"], "v1.2.3.4 ok");
    assert_eq!(v["redactions"], 2);
}

#[test]
fn the_input_paths_and_the_modes_redact_what_they_are_configured_to() {
    // Callee: input redacted before the sandbox (tokenize), output left alone, so `echo`
    // shows what the tool was given. Caller: nothing redacted on the way out.
    let (a, b) = pair(
        BASE.into(),
        tools("[pii]\ninput = true\noutput = false\nmode = \"tokenize\"\n"),
    );
    let input = r#"{"to": "ana@example.org", "cc": "bob@example.org", "again": "ana@example.org"}"#;
    let (code, v, err) = invoke(&a, &b, "echo", input);
    assert_eq!(code, 0, "{err}");
    let seen: Value = serde_json::from_str(v["output"].as_str().unwrap_or_default()).expect("JSON");
    assert_eq!(seen["to"], "<EMAIL_ADDRESS_1>");
    assert_eq!(seen["cc"], "<EMAIL_ADDRESS_2>");
    assert_eq!(
        seen["again"], "<EMAIL_ADDRESS_1>",
        "the same value, the same token"
    );
    // The receipt covers the input as the caller sent it.
    let doc = serde_json::to_vec(&v).expect("json");
    let ok = a.cli_stdin(&["receipt", "verify", "--input", input], &doc);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(audit(&b).contains("\"input_redacted\""));
    drop((a, b));

    // Caller: input redacted before it leaves (hash mode); callee redacts nothing.
    let (a, b) = pair(
        format!("{BASE}[pii]\ncaller_input = true\nmode = \"hash\"\n"),
        tools("[pii]\noutput = false\n"),
    );
    let (code, v, err) = invoke(&a, &b, "echo", r#"{"ssn": "123-45-6789"}"#);
    assert_eq!(code, 0, "{err}");
    let out = v["output"].as_str().unwrap_or_default();
    assert!(
        !out.contains("123-45-6789"),
        "the SSN left the caller: {out}"
    );
    let tag = out
        .split("<US_SSN:")
        .nth(1)
        .and_then(|t| t.split('>').next())
        .unwrap_or_else(|| panic!("no hash tag: {out}"));
    assert_eq!(tag.len(), 16, "{out}");
    let (_, again, _) = invoke(&a, &b, "echo", r#"{"ssn": "123-45-6789"}"#);
    assert_eq!(
        again["output"], v["output"],
        "the same value, the same tag within a node"
    );
}

/// Serves `answer` (raw HTTP) to every connection on a loopback port, after `delay`.
fn fake_presidio(answer: &'static str, delay: Duration) -> String {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", l.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for s in l.incoming().flatten() {
            std::thread::spawn(move || {
                let mut s = s;
                let mut buf = [0u8; 65536];
                let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
                let _ = s.read(&mut buf);
                std::thread::sleep(delay);
                let _ = s.write_all(answer.as_bytes());
            });
        }
    });
    url
}

/// A port nothing listens on.
fn closed_port() -> String {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", l.local_addr().expect("addr"));
    drop(l);
    url
}

#[test]
fn an_unavailable_presidio_falls_back_loudly_or_withholds_the_output() {
    let garbage = fake_presidio(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 9\r\nConnection: close\r\n\r\n{\"not\":1}",
        Duration::ZERO,
    );
    let error = fake_presidio(
        "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        Duration::ZERO,
    );
    let slow = fake_presidio(
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]",
        Duration::from_secs(3),
    );
    for (url, why) in [
        (closed_port(), "unreachable"),
        (garbage, "garbage"),
        (error, "HTTP 500"),
        (slow, "unreachable"),
    ] {
        // Offline scan: the built-in detectors carry on, and say so on stderr.
        let n = Node::init(NodeConfig {
            toml: format!("[pii.presidio]\nurl = \"{url}\"\ntimeout = \"1s\"\n"),
        });
        let out = n.cli_stdin(&["pii", "scan"], b"mail ana@example.org\n");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "mail <EMAIL_ADDRESS>\n"
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("built-in detectors only") && err.contains(why),
            "{why}: {err}"
        );
    }

    // A callee set to fall back redacts with its own detectors, tells the caller, and
    // records a security event that does not count against the caller.
    let url = closed_port();
    let (a, b) = pair(
        BASE.into(),
        tools(&format!(
            "[pii.presidio]\nurl = \"{url}\"\ntimeout = \"1s\"\n"
        )),
    );
    let (code, v, err) = invoke(&a, &b, "leak", "{}");
    assert_eq!(code, 0, "{err}");
    assert!(
        v["output"]
            .as_str()
            .unwrap_or_default()
            .contains("<EMAIL_ADDRESS>"),
        "{v}"
    );
    // The caller is told that the analyzer was missing, not where it lives or why.
    let told = v["pii_fallback"].as_str().unwrap_or_default();
    assert!(
        told.contains("no usable answer") && !told.contains("127.0.0.1"),
        "{v}"
    );
    b.wait_for(10, "a pii_fallback event", |b| {
        !b.events_of("pii_fallback").is_empty()
    });
    let event = b.events_of("pii_fallback")[0].to_string();
    assert!(
        event.contains("unreachable"),
        "the callee keeps the details: {event}"
    );
    drop((a, b));

    // A callee set to fail withholds the output: nothing of it leaves.
    let (a, b) = pair(
        BASE.into(),
        tools(&format!(
            "[pii.presidio]\nurl = \"{url}\"\ntimeout = \"1s\"\non_unavailable = \"fail\"\n"
        )),
    );
    let (code, v, _) = invoke(&a, &b, "leak", "{}");
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["status"], "pii_unavailable", "{v}");
    assert_eq!(v["output"], "", "{v}");
}

#[test]
fn a_bad_custom_detector_is_a_config_error_naming_entry_and_line() {
    for (pattern, want) in [("EMP-[0-9", "invalid pattern"), ("x*", "empty string")] {
        let toml = format!("[pii]\nmode = \"mask\"\n\n[[pii.custom]]\nname = \"EMPLOYEE_ID\"\npattern = '{pattern}'\n");
        let n = Node::init(NodeConfig::default());
        let f = n.tmp.path().join("c.toml");
        std::fs::write(&f, toml).expect("write");
        let out = n.cli(&["config", "check", f.to_str().expect("utf-8 path")]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("pii.custom[0]")
                && err.contains("EMPLOYEE_ID")
                && err.contains("line 6")
                && err.contains(want),
            "{err}"
        );
    }
    // A good one redacts, in the configured mode.
    let n = Node::init(NodeConfig {
        toml: "[pii]\nmode = \"mask\"\n[[pii.custom]]\nname = \"EMPLOYEE_ID\"\npattern = 'EMP-[0-9]{6}'\nscore = 0.9\n".into(),
    });
    let out = n.cli_stdin(
        &["pii", "scan", "--json"],
        b"badge EMP-123456 and ana@example.org\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["redacted"], "badge ********** and ***************");
    assert_eq!(v["spans"][0]["type"], "EMPLOYEE_ID");
}

/// Peak resident set (VmHWM) of `pid` in KiB.
fn peak_kib(pid: u32) -> u64 {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    s.lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// `pii scan` holds one line at a time: its peak memory after 1 GiB (or
/// `LANGO_PII_STREAM_BYTES`) is what it was after the first 64 MiB. Slow in a debug
/// build, so it runs in `scripts/test-pii`, not in the main suite.
#[test]
#[ignore = "streams 1 GiB: scripts/test-pii"]
fn pii_scan_streams_a_gigabyte_in_constant_memory() {
    use std::process::Stdio;
    let total: u64 = std::env::var("LANGO_PII_STREAM_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1 << 30);
    let n = Node::init(NodeConfig::default());
    let mut child = n
        .command(&["pii", "scan"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn pii scan");
    let pid = child.id();
    let mut stdout = child.stdout.take().expect("piped stdout");
    let reader = std::thread::spawn(move || {
        let mut buf = vec![0u8; 1 << 16];
        let mut n = 0u64;
        loop {
            match stdout.read(&mut buf) {
                Ok(0) | Err(_) => return n,
                Ok(k) => n += k as u64,
            }
        }
    });
    let block: String = (0..64)
        .map(|i| format!("line {i}: mail ana{i}@example.org, card 4111 1111 1111 1111, build 1.2.3.{i}, some words\n"))
        .collect();
    let mut stdin = child.stdin.take().expect("piped stdin");
    let (mut sent, mut early) = (0u64, 0u64);
    while sent < total {
        stdin.write_all(block.as_bytes()).expect("write");
        sent += block.len() as u64;
        if early == 0 && sent >= 64 << 20 {
            early = peak_kib(pid);
        }
    }
    let late = peak_kib(pid);
    drop(stdin);
    let out_bytes = reader.join().expect("reader");
    assert!(child.wait().expect("wait").success());
    eprintln!("pii scan: {sent} bytes in, {out_bytes} out; peak RSS {early} KiB after 64 MiB, {late} KiB at the end");
    assert!(out_bytes > sent / 2, "the output is the redacted input");
    assert!(
        late <= early + 4096,
        "memory grew with the input: {early} KiB → {late} KiB"
    );
    assert!(late < 64 << 10, "peak RSS {late} KiB");
}
