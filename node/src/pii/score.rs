//! Accuracy of the built-in detectors on a labelled corpus (JSON lines of `{"text",
//! "spans": [{start, end, type}]}` in character offsets, Presidio's names), scored as
//! the project's `pii-dev` check scores, but stricter: exact (start, end, type) matches
//! in UTF-8 byte offsets (the check counts any overlap). As the check does, types the
//! corpus never labels (a MAC address in a log line) are not counted. Used by `bench
//! pii` and by the accuracy tests.

use std::collections::{BTreeMap, HashSet};

/// Per type: (true positives, false positives, false negatives).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Score(pub BTreeMap<String, (u32, u32, u32)>);

impl Score {
    /// Micro F1 over every type.
    pub fn micro_f1(&self) -> f64 {
        let (tp, fp, fneg) = self
            .0
            .values()
            .fold((0, 0, 0), |a, c| (a.0 + c.0, a.1 + c.1, a.2 + c.2));
        2.0 * f64::from(tp) / f64::from((2 * tp + fp + fneg).max(1))
    }

    /// Precision and recall of one type.
    pub fn precision_recall(&self, kind: &str) -> (f64, f64) {
        let (tp, fp, fneg) = self.0.get(kind).copied().unwrap_or_default();
        (
            f64::from(tp) / f64::from((tp + fp).max(1)),
            f64::from(tp) / f64::from((tp + fneg).max(1)),
        )
    }
}

/// Scores [`super::detect`] on `corpus`; a line that is not a labelled example is an
/// error naming it.
pub fn score(corpus: &str) -> Result<Score, String> {
    let mut counts: BTreeMap<String, (u32, u32, u32)> = BTreeMap::new();
    let labels: HashSet<String> = corpus
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .flat_map(|v| {
            v["spans"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| s["type"].as_str().map(str::to_string))
                .collect::<Vec<_>>()
        })
        .collect();
    for (i, line) in corpus.lines().enumerate() {
        let bad = |what: &str| format!("corpus line {}: {what}", i + 1);
        let v: serde_json::Value = serde_json::from_str(line).map_err(|e| bad(&e.to_string()))?;
        let t = v["text"].as_str().ok_or_else(|| bad("no text"))?;
        let byte = |c: u64| t.char_indices().nth(c as usize).map_or(t.len(), |(b, _)| b);
        let gold: HashSet<(usize, usize, String)> = v["spans"]
            .as_array()
            .ok_or_else(|| bad("no spans"))?
            .iter()
            .map(|s| {
                (
                    byte(s["start"].as_u64().unwrap_or(0)),
                    byte(s["end"].as_u64().unwrap_or(0)),
                    s["type"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
        let found: HashSet<(usize, usize, String)> = super::detect(t)
            .into_iter()
            .filter(|s| labels.contains(s.kind))
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
    Ok(Score(counts))
}
