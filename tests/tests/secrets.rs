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
