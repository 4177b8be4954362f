//! The merge with a real Presidio analyzer (installed from PyPI and started by
//! `scripts/test-presidio`, which sets `LANGO_PRESIDIO_URL`): its code-point offsets
//! become byte offsets after non-ASCII text, its spans join the built-in ones, and a
//! value both find is reported once. Ignored in the main suite, which has no Presidio.

use serde_json::Value;

use lango_tests::{Node, NodeConfig};

fn url() -> String {
    std::env::var("LANGO_PRESIDIO_URL")
        .expect("LANGO_PRESIDIO_URL: run scripts/test-presidio, which starts Presidio")
}

#[test]
#[ignore = "needs Presidio: scripts/test-presidio"]
fn presidio_spans_are_merged_in_byte_offsets_one_per_region() {
    let n = Node::init(NodeConfig {
        toml: format!(
            "[pii.presidio]\nurl = \"{}\"\ntimeout = \"30s\"\non_unavailable = \"fail\"\n",
            url()
        ),
    });
    let text = "Grüße aus Köln — Meeting with John Smith tomorrow, mail ana@example.org or call 4111 1111 1111 1111.";
    let line = serde_json::json!({ "text": text }).to_string() + "\n";
    let out = n.cli_stdin(&["pii", "scan", "--jsonl"], line.as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let spans: Vec<(String, String)> = v["spans"]
        .as_array()
        .expect("spans")
        .iter()
        .map(|s| {
            let (a, b) = (
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
            );
            (
                s["type"].as_str().unwrap().to_string(),
                text[a..b].to_string(),
            )
        })
        .collect();
    // Only Presidio knows names: its span, after multi-byte text, lands on the name.
    assert!(
        spans.contains(&("PERSON".into(), "John Smith".into())),
        "{spans:?}"
    );
    // Both find the e-mail (and Presidio the card): one span each, not two.
    let emails = spans
        .iter()
        .filter(|s| s.1.contains("ana@example.org"))
        .count();
    assert_eq!(emails, 1, "{spans:?}");
    assert!(
        spans.contains(&("EMAIL_ADDRESS".into(), "ana@example.org".into())),
        "{spans:?}"
    );
    assert!(
        spans.contains(&("CREDIT_CARD".into(), "4111 1111 1111 1111".into())),
        "{spans:?}"
    );
    let red = v["redacted"].as_str().unwrap_or_default();
    assert!(red.contains("<PERSON>") && !red.contains("John"), "{red}");
}
