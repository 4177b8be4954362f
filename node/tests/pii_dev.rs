//! Accuracy of the built-in PII detectors on the labelled development corpus
//! (`tests/data/pii-dev.jsonl`, a copy of the project's `pii-dev.jsonl`: spans in
//! character offsets, Presidio's entity names). Scored as the `pii-dev` check scores:
//! exact (start, end, type) matches in UTF-8 byte offsets. Fails below micro F1 0.97 or
//! below 0.95 precision or recall for any type. This corpus is for development; the
//! issue's bar is a held-out one.

use std::collections::{BTreeMap, HashSet};

#[test]
fn detectors_reach_the_accuracy_floor_on_the_dev_corpus() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/data/pii-dev.jsonl");
    let text = std::fs::read_to_string(path).expect("tests/data/pii-dev.jsonl");
    // Per type: (true positives, false positives, false negatives).
    let mut counts: BTreeMap<String, (u32, u32, u32)> = BTreeMap::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("corpus line");
        let t = v["text"].as_str().expect("text");
        let byte =
            |c: u64| -> usize { t.char_indices().nth(c as usize).map_or(t.len(), |(b, _)| b) };
        let gold: HashSet<(usize, usize, String)> = v["spans"]
            .as_array()
            .expect("spans")
            .iter()
            .map(|s| {
                (
                    byte(s["start"].as_u64().unwrap_or(0)),
                    byte(s["end"].as_u64().unwrap_or(0)),
                    s["type"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
        let found: HashSet<(usize, usize, String)> = lango_node::pii::detect(t)
            .into_iter()
            .map(|s| (s.start, s.end, s.kind.to_string()))
            .collect();
        for s in found.intersection(&gold) {
            counts.entry(s.2.clone()).or_default().0 += 1;
        }
        for s in found.difference(&gold) {
            counts.entry(s.2.clone()).or_default().1 += 1;
        }
        for s in gold.difference(&found) {
            counts.entry(s.2.clone()).or_default().2 += 1;
        }
    }
    let (tp, fp, fneg) = counts
        .values()
        .fold((0, 0, 0), |a, c| (a.0 + c.0, a.1 + c.1, a.2 + c.2));
    let f1 = 2.0 * f64::from(tp) / f64::from(2 * tp + fp + fneg);
    let mut report = format!("micro F1 {f1:.3}");
    let mut ok = f1 >= 0.97;
    for (kind, (tp, fp, fneg)) in &counts {
        let p = f64::from(*tp) / f64::from((tp + fp).max(1));
        let r = f64::from(*tp) / f64::from((tp + fneg).max(1));
        report.push_str(&format!("; {kind} P {p:.3} R {r:.3}"));
        ok &= p >= 0.95 && r >= 0.95;
    }
    assert!(ok, "{report}");
    assert_eq!(
        counts.len(),
        6,
        "every type of the corpus is detected: {report}"
    );
}
