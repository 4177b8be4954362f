//! The output secret scanner between real daemons: a tool that prints a secret the callee
//! holds (as it is, in base64 inside a longer value, in hex, percent- and JSON-escaped)
//! returns `[SECRET:NAME]` in each place; a secret set while the node runs is searched
//! for from then on, and one removed no longer is; the audit names the secret, never
//! its value.

use serde_json::Value;

use lango_tests::{Node, NodeConfig};

const VALUE: &str = "hunter2/Correct-Horse";

fn tools() -> String {
    // The tool reads nothing from the node: it prints the value it was written with,
    // as a tool that found a credential somewhere on its host would.
    let b64 = "dXNlcjpodW50ZXIyL0NvcnJlY3QtSG9yc2U="; // base64("user:hunter2/Correct-Horse")
    let hex = "68756e746572322f436f72726563742d486f727365";
    format!(
        r#"[handshake]
read_timeout = "2s"
[pii]
output = false

[[tools]]
name = "leak"
sandbox = "subprocess"
command = ["/bin/sh", "-c", "cat >/dev/null; echo 'raw {VALUE}'; echo 'auth {b64}'; echo 'hex {hex}' >&2; echo 'url hunter2%2FCorrect-Horse json hunter2\\/Correct-Horse'"]
safety = "safe"
"#
    )
}

fn invoke(a: &Node, b: &Node) -> Value {
    let out = a.cli(&["invoke", &b.did, "leak", "--input", "{}", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn every_form_of_a_held_secret_leaves_as_its_name_and_the_scanner_follows_the_store() {
    let a = Node::start(NodeConfig::default());
    let b = Node::start(NodeConfig { toml: tools() });
    a.trust(&b);
    b.ok(&[
        "trust",
        "add",
        &a.did,
        "--addr",
        a.addr(),
        "--tools",
        "leak",
    ]);
    a.wait_for(20, "session with b", |a| a.session_dids().contains(&b.did));

    // No secret held yet: the output leaves as the tool wrote it.
    let v = invoke(&a, &b);
    assert!(
        v["output"].as_str().unwrap_or_default().contains(VALUE),
        "{v}"
    );

    // Set while the node runs: from the next call on, every form is replaced.
    let set = b.cli_stdin(&["secrets", "set", "DB_PASS"], VALUE.as_bytes());
    assert!(
        set.status.success(),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
    let v = invoke(&a, &b);
    let out = v["output"].as_str().unwrap_or_default();
    let err = v["stderr"].as_str().unwrap_or_default();
    assert_eq!(
        out,
        "raw [SECRET:DB_PASS]\nauth dXNlcjp[SECRET:DB_PASS]U=\nurl [SECRET:DB_PASS] json [SECRET:DB_PASS]\n",
        "{v}"
    );
    assert_eq!(err, "hex [SECRET:DB_PASS]\n", "{v}");
    // The receipt covers the scanned output.
    let doc = serde_json::to_vec(&v).expect("json");
    let ok = a.cli_stdin(&["receipt", "verify", "--callee", &b.did], &doc);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    // The audit names the secret and counts, never the value.
    let log = String::from_utf8_lossy(&b.ok(&["audit", "tail", "-n", "100", "--json"]).stdout)
        .into_owned();
    assert!(
        log.contains("\"secrets_redacted\"") && log.contains("DB_PASS"),
        "{log}"
    );
    assert!(!log.contains("hunter2"), "the audit holds the value");

    // Removed: no longer searched for.
    b.ok(&["secrets", "rm", "DB_PASS"]);
    let v = invoke(&a, &b);
    assert!(
        v["output"].as_str().unwrap_or_default().contains(VALUE),
        "{v}"
    );
}

/// A value with characters that percent-encoding and JSON escaping change.
const TOKEN: &str = "tok-3f9a/Z+q=7c1e";

fn example(rel: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/tools")
        .join(rel)
        .to_str()
        .expect("utf8 path")
        .to_string()
}

/// Prints `$TOK` raw, base64'd, hex'd and URL-encoded, and its first argument raw.
const LEAK_SH: &str = "cat >/dev/null; printf 'raw=%s\\n' \"$TOK\"; printf '%s' \"$TOK\" | base64; \
    printf '%s' \"$TOK\" | od -An -tx1 | tr -d ' \\n'; echo; \
    printf '%s' \"$TOK\" | sed -e 's/\\//%2F/g' -e 's/+/%2B/g' -e 's/=/%3D/g'; echo; \
    printf '%s' \"$TOK\" | sed -e 's/\\//%2F/g' -e 's/+/%2B/g' -e 's/=/%3D/g' -e 's/-/%2D/g'; echo; \
    echo \"arg=$1\"";

/// The forms a tool could print `TOKEN` in.
fn forms() -> Vec<(&'static str, String)> {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(TOKEN);
    let hex: String = TOKEN.bytes().map(|b| format!("{b:02x}")).collect();
    let pct = TOKEN
        .replace('/', "%2F")
        .replace('+', "%2B")
        .replace('=', "%3D");
    let pct_all = pct.replace('-', "%2D");
    vec![
        ("raw", TOKEN.to_string()),
        ("base64", b64),
        ("hex", hex),
        ("percent", pct),
        ("percent, - too", pct_all),
    ]
}

#[test]
fn a_secret_reference_reaches_each_sandbox_and_comes_back_only_as_its_name() {
    let toml = format!(
        r#"[handshake]
read_timeout = "2s"
[pii]
output = false

[[tools]]
name = "leak.subprocess"
sandbox = "subprocess"
command = ["/bin/sh", "-c", "{sh}", "leak", "{{{{secret:api_token}}}}"]
env = {{ TOK = "{{{{secret:api_token}}}}" }}
safety = "safe"

[[tools]]
name = "leak.container"
sandbox = "container"
command = ["sh", "-c", "{sh}", "leak", "{{{{secret:api_token}}}}"]
env = {{ TOK = "{{{{secret:api_token}}}}", PLAIN = "visible" }}
safety = "safe"
memory = "64MiB"

[[tools]]
name = "leak.wasm"
sandbox = "wasm"
module = "{leak_wat}"
env = {{ TOK = "{{{{secret:api_token}}}}" }}
safety = "safe"

[[tools]]
name = "leak.wasm-args"
sandbox = "wasm"
module = "{env_wat}"
command = ["leak", "--token={{{{secret:api_token}}}}"]
safety = "safe"
"#,
        sh = LEAK_SH.replace('\\', "\\\\").replace('"', "\\\""),
        env_wat = example("wasm/env.wat"),
        leak_wat = example("wasm/leak-env.wat"),
    );
    let a = Node::start(NodeConfig::default());
    let mut b = Node::init(NodeConfig { toml });
    // The reference names a secret the node does not hold: the tools fail to load, and
    // the node does not start.
    let refused = b.cli(&["run", "--listen", "/ip4/127.0.0.1/tcp/0"]);
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("no secret named \"api_token\"") && err.contains("secrets set api_token"),
        "{err}"
    );
    let set = b.cli_stdin(&["secret", "set", "api_token"], TOKEN.as_bytes());
    assert!(set.status.success(), "{set:?}");
    b.run();
    b.ok(&[
        "trust",
        "add",
        &a.did,
        "--addr",
        a.addr(),
        "--tools",
        "leak.*",
    ]);
    a.trust(&b);
    a.wait_for(20, "session with b", |a| a.session_dids().contains(&b.did));

    // (`leak.wasm` prints the variable raw, hex'd and base64'd; `leak.wasm-args` prints
    // its argv as it is.)
    for kind in ["subprocess", "container", "wasm", "wasm-args"] {
        let tool = format!("leak.{kind}");
        let out = a.cli(&["invoke", &b.did, &tool, "--input", "{}", "--json"]);
        let v: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        assert_eq!(v["status"], "ok", "{kind}: {v} {out:?}");
        let text = format!("{}{}", v["output"], v["stderr"]);
        assert!(
            text.contains("[SECRET:api_token]"),
            "{kind}: the secret did not reach the tool: {text}"
        );
        for (form, f) in forms() {
            assert!(!text.contains(&f), "{kind}: the {form} form leaked: {text}");
        }
        // Each form the tool printed became the name.
        let printed = match kind {
            "wasm" => 3,
            "wasm-args" => 1,
            _ => 6,
        };
        assert!(
            text.matches("[SECRET:api_token]").count() >= printed,
            "{kind}: {text}"
        );
    }

    // Docker's API never held the value: inspect every container of this node.
    // (The warm containers waiting for the next call, once the pool has refilled; a
    // used one is being removed.)
    let warm = || {
        let out = std::process::Command::new("docker")
            .args(["ps", "-q", "--filter", "label=lango.tool=leak.container"])
            .output()
            .expect("docker ps");
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .map(String::from)
            .collect::<Vec<String>>()
    };
    let mut ids = warm();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while ids.is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(200));
        ids = warm();
    }
    let mut inspected = 0;
    for id in ids {
        let inspect = std::process::Command::new("docker")
            .args(["inspect", &id])
            .output()
            .expect("docker inspect");
        let text = String::from_utf8_lossy(&inspect.stdout);
        if !inspect.status.success() || text.trim() == "[]" {
            continue; // removed meanwhile
        }
        inspected += 1;
        assert!(
            text.contains("PLAIN=visible"),
            "inspect shows the environment: {text}"
        );
        for (form, f) in forms() {
            assert!(
                !text.contains(&f),
                "docker inspect shows the {form} form: {text}"
            );
        }
    }
    assert!(inspected > 0, "no warm container to inspect");
    // A secret a served tool refers to cannot be removed from under it.
    let rm = b.cli(&["secrets", "rm", "api_token"]);
    assert_eq!(rm.status.code(), Some(3), "{rm:?}");
    assert!(String::from_utf8_lossy(&rm.stderr).contains("leak."));
    // Neither log holds it.
    assert!(!b.log().contains(TOKEN) && !a.log().contains(TOKEN));
}
