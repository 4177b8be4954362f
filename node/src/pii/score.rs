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
    /// True positives, false positives and false negatives over every type.
    pub fn totals(&self) -> (u32, u32, u32) {
        self.0
            .values()
            .fold((0, 0, 0), |a, c| (a.0 + c.0, a.1 + c.1, a.2 + c.2))
    }

    /// Micro F1 over every type.
    pub fn micro_f1(&self) -> f64 {
        let (tp, fp, fneg) = self.totals();
        2.0 * f64::from(tp) / f64::from((2 * tp + fp + fneg).max(1))
    }

    /// Micro precision and recall over every type.
    pub fn micro_precision_recall(&self) -> (f64, f64) {
        precision_recall(self.totals())
    }

    /// Precision and recall of one type.
    pub fn precision_recall(&self, kind: &str) -> (f64, f64) {
        precision_recall(self.0.get(kind).copied().unwrap_or_default())
    }
}

fn precision_recall((tp, fp, fneg): (u32, u32, u32)) -> (f64, f64) {
    (
        f64::from(tp) / f64::from((tp + fp).max(1)),
        f64::from(tp) / f64::from((tp + fneg).max(1)),
    )
}

/// A span the detectors and the labels disagree on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Miss {
    /// The corpus line (from 1).
    pub line: usize,
    /// True for a false positive (found, not labelled), false for a false negative.
    pub found: bool,
    /// Byte range in the line's text.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// Entity type.
    pub kind: String,
}

/// Scores [`super::detect`] on `corpus`; a line that is not a labelled example is an
/// error naming it.
pub fn score(corpus: &str) -> Result<Score, String> {
    score_with_misses(corpus, |_, _| {})
}

/// [`score`], calling `miss` with each disagreement and the text of its line (what
/// `pii score --verbose` prints).
pub fn score_with_misses(corpus: &str, mut miss: impl FnMut(&Miss, &str)) -> Result<Score, String> {
    let examples = corpus
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            example(l)
                .map_err(|e| format!("corpus line {}: {e}", i + 1))
                .map(|x| (i + 1, x))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let labels: HashSet<&str> = examples
        .iter()
        .flat_map(|(_, (_, gold))| gold.iter().map(|g| g.2.as_str()))
        .collect();
    let mut counts: BTreeMap<String, (u32, u32, u32)> = BTreeMap::new();
    for (line, (t, gold)) in &examples {
        let found: HashSet<(usize, usize, String)> = super::detect(t)
            .into_iter()
            .filter(|s| labels.contains(s.kind))
            .map(|s| (s.start, s.end, s.kind.to_string()))
            .collect();
        for s in found.intersection(gold) {
            counts.entry(s.2.clone()).or_default().0 += 1;
        }
        let mut report = |s: &(usize, usize, String), found: bool| {
            let m = Miss {
                line: *line,
                found,
                start: s.0,
                end: s.1,
                kind: s.2.clone(),
            };
            miss(&m, t);
        };
        for s in found.difference(gold) {
            counts.entry(s.2.clone()).or_default().1 += 1;
            report(s, true);
        }
        for s in gold.difference(&found) {
            counts.entry(s.2.clone()).or_default().2 += 1;
            report(s, false);
        }
    }
    Ok(Score(counts))
}

type Labelled = (String, HashSet<(usize, usize, String)>);

/// One labelled example: its text, and its spans in byte offsets.
fn example(line: &str) -> Result<Labelled, String> {
    let v: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
    let t = v["text"].as_str().ok_or("no \"text\" string")?;
    // Character offset → byte offset, from one table per line (the end of the text is a
    // valid offset, past it not).
    let bytes: Vec<usize> = t
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(t.len()))
        .collect();
    let byte = |c: u64| usize::try_from(c).ok().and_then(|c| bytes.get(c).copied());
    let mut gold = HashSet::new();
    for (k, s) in v["spans"]
        .as_array()
        .ok_or("no \"spans\" array")?
        .iter()
        .enumerate()
    {
        let bad = |what: &str| format!("span {}: {what}", k + 1);
        let at = |f: &str| {
            s[f].as_u64()
                .and_then(byte)
                .ok_or_else(|| bad(&format!("\"{f}\" is not a character offset in the text")))
        };
        let (start, end) = (at("start")?, at("end")?);
        if start >= end {
            return Err(bad("\"start\" is not before \"end\""));
        }
        let kind = s["type"]
            .as_str()
            .ok_or_else(|| bad("no \"type\" string"))?;
        gold.insert((start, end, kind.to_string()));
    }
    Ok((t.to_string(), gold))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misses_are_reported_with_byte_offsets_and_counted() {
        // "é" is two bytes: the label's character offsets become byte offsets.
        let corpus = concat!(
            r#"{"text":"é mail ana@example.org","spans":[{"start":7,"end":22,"type":"EMAIL_ADDRESS"}]}"#,
            "\n",
            r#"{"text":"call 4155552671 or bo@example.org","spans":[{"start":5,"end":15,"type":"EMAIL_ADDRESS"}]}"#,
        );
        let mut misses = Vec::new();
        let s = score_with_misses(corpus, |m, t| {
            misses.push((m.clone(), t[m.start..m.end].to_string()))
        })
        .expect("a valid corpus");
        assert_eq!(s.0["EMAIL_ADDRESS"], (1, 1, 1));
        let texts: Vec<_> = misses
            .iter()
            .map(|(m, v)| (m.line, m.found, v.as_str()))
            .collect();
        assert!(texts.contains(&(2, true, "bo@example.org")), "{texts:?}");
        assert!(texts.contains(&(2, false, "4155552671")), "{texts:?}");
        // A phone is never labelled here, so it is not counted as a false positive.
        assert!(!s.0.contains_key("PHONE_NUMBER"));
    }

    #[test]
    fn a_malformed_line_or_span_is_an_error_naming_it() {
        for (corpus, want) in [
            ("not json", "corpus line 1:"),
            (
                "{\"text\":\"a\",\"spans\":[]}\n{\"spans\":[]}",
                "corpus line 2: no \"text\"",
            ),
            (
                r#"{"text":"ab","spans":[{"start":0,"end":9,"type":"X"}]}"#,
                "span 1: \"end\"",
            ),
            (
                r#"{"text":"ab","spans":[{"start":1,"end":1,"type":"X"}]}"#,
                "span 1: \"start\" is not before",
            ),
            (
                r#"{"text":"ab","spans":[{"start":0,"end":1}]}"#,
                "span 1: no \"type\"",
            ),
        ] {
            let e = score(corpus).expect_err(corpus);
            assert!(e.contains(want), "{corpus}: {e}");
        }
    }
}
