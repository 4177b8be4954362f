//! Approval between real daemons: a `dangerous` call waits as a stored request until the
//! callee's operator decides it over the control socket. Approve runs it, deny and the
//! timeout refuse it (exit 3), a once-grant covers one call only, a duration grant
//! covers the caller and tool until it expires; a caller that goes away cancels its
//! request, and a restart expires what was pending, never approves it. Webhooks announce
//! requests signed with HMAC-SHA256, and a channel that is down leaves the request to
//! time out with the failed delivery shown.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;

use lango_tests::{Node, NodeConfig};

fn callee_config(extra: &str) -> String {
    format!(
        r#"[handshake]
read_timeout = "2s"
[approval]
policy = "dangerous"
max_grant = "1h"
{extra}

[[tools]]
name = "danger"
sandbox = "subprocess"
command = ["/bin/cat"]
approval_timeout = "20s"

[[tools]]
name = "quick"
sandbox = "subprocess"
command = ["/bin/cat"]
approval_timeout = "2s"

[[tools]]
name = "calm"
sandbox = "subprocess"
command = ["/bin/cat"]
safety = "safe"
"#
    )
}

/// `a` calls tools on `b`.
fn pair(extra: &str) -> (Node, Node) {
    let a = Node::start(NodeConfig::default());
    let b = Node::start(NodeConfig {
        toml: callee_config(extra),
    });
    b.ok(&["trust", "add", &a.did, "--addr", a.addr(), "--tools", "*"]);
    a.trust(&b);
    a.wait_for(20, "session with b", |a| a.session_dids().contains(&b.did));
    (a, b)
}

/// An `invoke --json` running in the background.
fn call_bg(a: &Node, b: &Node, tool: &str, input: &str) -> Child {
    a.command(&["invoke", &b.did, tool, "--input", input, "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn invoke")
}

/// Its exit code, JSON document and stderr.
fn finish(c: Child) -> (i32, Value, String) {
    let out = c.wait_with_output().expect("wait invoke");
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (
        out.status.code().unwrap_or(-1),
        v,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn requests(b: &Node) -> Vec<Value> {
    b.json(&["approvals", "list", "--json"])
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The id of the one pending request of `tool`, once it appears.
fn pending(b: &Node, tool: &str) -> String {
    let mut id = String::new();
    b.wait_for(15, "a pending approval request", |b| {
        let p: Vec<Value> = requests(b)
            .into_iter()
            .filter(|r| r["state"] == "pending" && r["tool"] == tool)
            .collect();
        if let [one] = p.as_slice() {
            id = one["id"].as_str().unwrap_or_default().to_string();
            true
        } else {
            false
        }
    });
    id
}

fn state_of(b: &Node, id: &str) -> Value {
    b.json(&["approvals", "show", id, "--json"])["state"].clone()
}

#[test]
fn a_dangerous_call_waits_for_a_person_and_each_decision_reaches_the_caller() {
    let (a, b) = pair("");
    let audit_of = |b: &Node| {
        String::from_utf8_lossy(&b.ok(&["audit", "tail", "-n", "400", "--json"]).stdout)
            .into_owned()
    };

    // A safe tool does not ask.
    let (code, v, _) = finish(call_bg(&a, &b, "calm", "{\"x\":0}"));
    assert_eq!((code, v["status"].as_str()), (0, Some("ok")), "{v}");
    assert!(requests(&b).is_empty());

    // 1. Approve: the call waits, the caller is told, and the output comes back.
    let input = r#"{"n":1,"mail":"alice@example.com"}"#;
    let c = call_bg(&a, &b, "danger", input);
    let id = pending(&b, "danger");
    let shown = b.json(&["approvals", "show", &id, "--json"]);
    assert_eq!(shown["caller_did"], a.did.as_str(), "{shown}");
    assert_eq!(shown["tool"], "danger");
    assert_eq!(shown["input_sha256"].as_str().map(str::len), Some(64));
    let preview = shown["preview"].as_str().unwrap_or_default();
    assert!(
        preview.contains("\"n\":1") && !preview.contains("alice@example.com"),
        "the preview is redacted: {preview}"
    );
    // The whole input, redacted, is what the approver can read; the list does not carry it.
    let whole =
        String::from_utf8_lossy(&b.ok(&["approvals", "show", &id, "--input"]).stdout).into_owned();
    assert_eq!(whole.trim(), r#"{"n":1,"mail":"<EMAIL_ADDRESS>"}"#);
    assert!(requests(&b)
        .iter()
        .all(|r| r.get("input_redacted").is_none()));
    b.ok(&["approvals", "approve", &id, "--grant", "once"]);
    let (code, v, err) = finish(c);
    assert_eq!((code, v["status"].as_str()), (0, Some("ok")), "{v} {err}");
    // The output went through the callee's output PII stage like any other.
    assert_eq!(v["output"], r#"{"n":1,"mail":"<EMAIL_ADDRESS>"}"#);
    assert!(
        err.contains(&format!("waiting for approval on {} (id {id}, ", b.did)),
        "{err}"
    );
    let shown = b.json(&["approvals", "show", &id, "--json"]);
    assert_eq!(shown["state"], "approved");
    assert!(
        shown["decided_by"]
            .as_str()
            .unwrap_or_default()
            .starts_with("uid:"),
        "{shown}"
    );

    // 2. A once-grant covered that call only: another input asks again. Deny it.
    let c = call_bg(&a, &b, "danger", "{\"n\":2}");
    let id2 = pending(&b, "danger");
    assert_ne!(id, id2);
    b.ok(&["approvals", "deny", &id2, "--reason", "not today"]);
    let (code, v, _) = finish(c);
    assert_eq!(
        (code, v["status"].as_str()),
        (3, Some("approval_denied")),
        "{v}"
    );
    assert!(v["error"]
        .as_str()
        .unwrap_or_default()
        .contains("not today"));
    // The same input again is asked again too: a once-grant never becomes standing.
    let c = call_bg(&a, &b, "danger", input);
    let id3 = pending(&b, "danger");

    // A decision on a request that is no longer pending, or on no request, is refused.
    let again = b.cli(&["approvals", "approve", &id2]);
    assert_eq!(again.status.code(), Some(3), "{again:?}");
    let none = b.cli(&["approvals", "approve", &"0".repeat(32)]);
    assert!(!none.status.success());
    let bad = b.cli(&["approvals", "approve", "nonsense"]);
    assert_eq!(bad.status.code(), Some(2));
    // A grant longer than `max_grant` is refused, and the request stays pending.
    let long = b.cli(&["approvals", "approve", &id3, "--grant", "2h"]);
    assert_eq!(long.status.code(), Some(2), "{long:?}");
    assert_eq!(state_of(&b, &id3), "pending");

    // 3. A duration grant: this call runs, and later calls of this tool by this caller
    // run without asking until it expires.
    b.ok(&["approvals", "approve", &id3, "--grant", "4s"]);
    let (code, _, _) = finish(c);
    assert_eq!(code, 0);
    let granted_at = Instant::now();
    let grants = b.json(&["approvals", "grants", "--json"]);
    assert_eq!(grants.as_array().map(Vec::len), Some(1), "{grants}");
    let (code, v, err) = finish(call_bg(&a, &b, "danger", "{\"n\":4}"));
    assert_eq!((code, v["status"].as_str()), (0, Some("ok")), "{v}");
    assert!(!err.contains("waiting for approval"), "{err}");
    // ... not another tool.
    let c = call_bg(&a, &b, "quick", "{}");
    pending(&b, "quick");
    // 4. Nobody answers: approval_timeout, and the request is expired.
    let (code, v, _) = finish(c);
    assert_eq!(
        (code, v["status"].as_str()),
        (3, Some("approval_timeout")),
        "{v}"
    );
    let quick = requests(&b)
        .into_iter()
        .find(|r| r["tool"] == "quick")
        .expect("the quick request");
    assert_eq!(quick["state"], "expired");
    // Once the grant has expired, the tool asks again.
    std::thread::sleep(Duration::from_secs(4).saturating_sub(granted_at.elapsed()));
    let c = call_bg(&a, &b, "danger", "{\"n\":5}");
    let id5 = pending(&b, "danger");
    assert_eq!(
        b.json(&["approvals", "grants", "--json"])
            .as_array()
            .map(Vec::len),
        Some(0)
    );

    // A standing grant is dropped with its peer's session (revocation).
    b.ok(&["approvals", "approve", &id5, "--grant", "30m"]);
    assert_eq!(finish(c).0, 0);
    let g = b.json(&["approvals", "grants", "--json"]);
    let gid = g[0]["id"].as_str().unwrap_or_default().to_string();
    assert_eq!(g[0]["tool"], "danger");
    let revoke = b.cli(&["approvals", "revoke-grant", &gid]);
    assert!(revoke.status.success(), "{revoke:?}");
    let grants = |b: &Node| {
        b.json(&["approvals", "grants", "--json"])
            .as_array()
            .map_or(0, Vec::len)
    };
    assert_eq!(grants(&b), 0);
    // Rights narrowed while a call waits: the approval does not revive them.
    let c = call_bg(&a, &b, "danger", "{\"n\":7}");
    let id7 = pending(&b, "danger");
    b.ok(&["trust", "set", &a.did, "--tools", "calm,quick"]);
    b.ok(&["approvals", "approve", &id7]);
    let (code, v, _) = finish(c);
    assert_eq!((code, v["status"].as_str()), (3, Some("denied")), "{v}");
    assert!(
        v["error"]
            .as_str()
            .unwrap_or_default()
            .contains("no longer"),
        "{v}"
    );
    b.ok(&["trust", "set", &a.did, "--tools", "*"]);
    // And with the caller's session: revoking it drops every grant it held.
    let c = call_bg(&a, &b, "danger", "{\"n\":6}");
    let id6 = pending(&b, "danger");
    b.ok(&["approvals", "approve", &id6, "--grant", "30m"]);
    assert_eq!(finish(c).0, 0);
    assert_eq!(grants(&b), 1);
    b.ok(&["session", "revoke", &a.did, "--block", "1s"]);
    assert_eq!(grants(&b), 0, "a revoked peer keeps no grant");

    // Every request, decision, grant use and expiry is in the audit log; the input is
    // not.
    let log = audit_of(&b);
    for kind in [
        "approval_requested",
        "approval_decided",
        "approval_grant_created",
        "approval_grant_used",
        "approval_grant_expired",
        "approval_grant_revoked",
        "approval_grants_dropped",
        "approval_expired",
    ] {
        assert!(log.contains(kind), "no {kind} in the audit log");
    }
    assert!(!log.contains("alice@example.com"));
}

#[test]
fn a_caller_that_goes_away_cancels_and_a_restart_expires_without_approving() {
    let (a, mut b) = pair("");
    // A person watching sees each request as it arrives, with the command that decides it.
    let mut watch = b
        .command(&["approvals", "watch"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn watch");
    let (line_tx, lines) = mpsc::channel();
    let out = watch.stdout.take().expect("piped");
    std::thread::spawn(move || {
        for l in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = line_tx.send(l);
        }
    });
    // The caller gives up (Ctrl-C): the request is cancelled, and cannot be approved.
    let mut c = call_bg(&a, &b, "danger", "{\"n\":1}");
    let id = pending(&b, "danger");
    let seen = lines
        .recv_timeout(Duration::from_secs(10))
        .expect("watch printed the request");
    assert!(
        seen.contains(&id) && seen.contains("danger") && seen.contains("approvals approve"),
        "{seen}"
    );
    let _ = watch.kill();
    let _ = watch.wait();
    c.kill().expect("kill invoke");
    let _ = c.wait();
    b.wait_for(10, "the request cancelled", |b| {
        state_of(b, &id) == "cancelled"
    });
    assert_eq!(b.cli(&["approvals", "approve", &id]).status.code(), Some(3));

    // A request still pending when the callee crashes is expired by the next start.
    let c = call_bg(&a, &b, "danger", "{\"n\":2}");
    let id = pending(&b, "danger");
    b.crash();
    let (code, _, _) = finish(c);
    assert_ne!(code, 0, "the call cannot succeed without its callee");
    b.run();
    let shown = b.json(&["approvals", "show", &id, "--json"]);
    assert_eq!(shown["state"], "expired", "{shown}");
    assert!(
        shown["reason"]
            .as_str()
            .unwrap_or_default()
            .contains("restarted"),
        "{shown}"
    );
    let late = b.cli(&["approvals", "approve", &id]);
    assert_eq!(late.status.code(), Some(3), "{late:?}");
    assert_eq!(state_of(&b, &id), "expired");
}

/// One HTTP request as a webhook receiver sees it.
struct Hook {
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// A loopback HTTP receiver answering 200 to every POST, sending what it got.
fn receiver() -> (String, mpsc::Receiver<Hook>) {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/hook", l.local_addr().expect("addr"));
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for s in l.incoming().flatten() {
            let mut r = BufReader::new(s);
            let mut headers = Vec::new();
            let mut line = String::new();
            let _ = r.read_line(&mut line);
            loop {
                line.clear();
                if r.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                    break;
                }
                if let Some((k, v)) = line.trim().split_once(':') {
                    headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
                }
            }
            let len = headers
                .iter()
                .find(|(k, _)| k == "content-length")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0);
            let mut body = vec![0u8; len];
            let _ = r.read_exact(&mut body);
            let _ = r
                .get_mut()
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
            let _ = tx.send(Hook { headers, body });
        }
    });
    (url, rx)
}

fn hmac_hex(key: &[u8], msg: &[u8]) -> String {
    use hmac::Mac as _;
    let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).expect("any key length");
    m.update(msg);
    hex::encode(m.finalize().into_bytes())
}

#[test]
fn webhooks_announce_signed_requests_and_a_dead_channel_leaves_them_to_time_out() {
    let (url, got) = receiver();
    // A port nothing listens on.
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        format!("http://{}/hook", l.local_addr().expect("addr"))
    };
    let extra = format!(
        "[[approval.webhooks]]\nurl = \"{url}\"\nsecret = \"{{{{secret:hook_key}}}}\"\n\
         [[approval.webhooks]]\nurl = \"{dead}\"\nformat = \"slack\"\ntimeout = \"1s\"\n"
    );
    let a = Node::start(NodeConfig::default());
    let mut b = Node::init(NodeConfig {
        toml: callee_config(&extra),
    });
    let set = b.cli_stdin(&["secrets", "set", "hook_key"], b"whsec-test-key");
    assert!(set.status.success(), "{set:?}");
    b.run();
    b.ok(&["trust", "add", &a.did, "--addr", a.addr(), "--tools", "*"]);
    a.trust(&b);
    a.wait_for(20, "session with b", |a| a.session_dids().contains(&b.did));

    let c = call_bg(&a, &b, "quick", "{\"n\":1}");
    let id = pending(&b, "quick");
    let hook = got
        .recv_timeout(Duration::from_secs(10))
        .expect("the webhook was called");
    let header = |k: &str| {
        hook.headers
            .iter()
            .find(|(h, _)| h == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    // The signature covers the timestamp and the raw body, under the configured secret.
    let ts = header("x-lango-timestamp");
    let mut signed = format!("{ts}.").into_bytes();
    signed.extend_from_slice(&hook.body);
    assert_eq!(
        header("x-lango-signature"),
        format!("sha256={}", hmac_hex(b"whsec-test-key", &signed))
    );
    assert_ne!(
        header("x-lango-signature"),
        format!("sha256={}", hmac_hex(b"another key", &signed)),
        "the check above can fail"
    );
    let body: Value = serde_json::from_slice(&hook.body).expect("json body");
    assert_eq!(body["id"], id.as_str());
    assert_eq!(body["tool"], "quick");
    assert_eq!(body["caller_did"], a.did.as_str());
    assert!(body["approve"]
        .as_str()
        .unwrap_or_default()
        .contains(&format!("approvals approve {id}")));

    // The channels only announce: nobody decides, so the call times out to deny.
    let (code, v, _) = finish(c);
    assert_eq!(
        (code, v["status"].as_str()),
        (3, Some("approval_timeout")),
        "{v}"
    );
    let shown = b.json(&["approvals", "show", &id, "--json"]);
    assert_eq!(shown["state"], "expired");
    let deliveries = shown["deliveries"].as_array().cloned().unwrap_or_default();
    let by = |prefix: &str| {
        deliveries
            .iter()
            .find(|d| d["channel"].as_str().is_some_and(|c| prefix.starts_with(c)))
            .cloned()
            .unwrap_or(Value::Null)
    };
    assert_eq!(by(&url)["result"], "delivered", "{shown}");
    let failed = by(&dead);
    assert!(
        failed["result"]
            .as_str()
            .is_some_and(|r| r.starts_with("failed")),
        "{shown}"
    );
    assert!(failed["attempts"].as_u64().unwrap_or(0) >= 2, "{shown}");
    // The secret is in neither the log nor the audit.
    assert!(!b.log().contains("whsec-test-key"));
    let log = String::from_utf8_lossy(&b.ok(&["audit", "tail", "-n", "200", "--json"]).stdout)
        .into_owned();
    assert!(log.contains("approval_delivery") && !log.contains("whsec-test-key"));
    b.stop();
}
