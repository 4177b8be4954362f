//! PII detection and redaction (brief section 7): built-in detectors that validate what
//! they find (checksums, ranges, lengths) instead of trusting the words around it, and
//! redaction of the spans they return. Spans are UTF-8 byte offsets into the text.
//!
//! [`Engine`] is a compiled `[pii]` section: built-in detectors (one scan, `scan.rs`),
//! custom ones from config, an optional Presidio, a threshold, a type filter and a mode.
//! It redacts the callee's output (and, when configured, the callee's and the caller's
//! input) and backs `lango-node pii scan`.

mod bytes;
mod custom;
mod detectors;
mod engine;
mod json;
pub(crate) mod presidio;
mod redact;
mod scan;
mod score;

pub use custom::Custom;
pub use detectors::kind;
pub use engine::Engine;
pub use presidio::{Presidio, Unavailable};
pub use redact::{detokenize, HashKey, Redaction};

pub use score::{score, score_with_misses, Miss, Score};

use serde::Serialize;

/// One detected value.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Span {
    /// Byte offset of its first byte.
    pub start: usize,
    /// Byte offset just past its last byte.
    pub end: usize,
    /// Presidio's entity name (`EMAIL_ADDRESS`, ...).
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Confidence, 0 to 1.
    pub score: f32,
}

/// Every span the built-in detectors find in `text`, one per region: overlaps are
/// resolved by score, then length, then position.
pub fn detect(text: &str) -> Vec<Span> {
    let mut all = Vec::new();
    scan::run(text, &mut all);
    resolve(all)
}

/// One span per region. Spans are swept in order of start; a run of spans that overlap
/// one another becomes one span over all of them (so a detector that finds less, or an
/// analyzer that answers a short span with a high score, never un-redacts what another
/// found), named after the best of them: highest score, then longest, then first.
fn resolve(mut all: Vec<Span>) -> Vec<Span> {
    all.sort_unstable_by_key(|s| (s.start, s.end));
    let mut out = Vec::with_capacity(all.len());
    let mut i = 0;
    while i < all.len() {
        let mut best = all[i];
        let mut end = best.end;
        let mut j = i + 1;
        while j < all.len() && all[j].start < end {
            let s = all[j];
            end = end.max(s.end);
            let better = s
                .score
                .total_cmp(&best.score)
                .then((s.end - s.start).cmp(&(best.end - best.start)))
                .is_gt();
            if better {
                best = s;
            }
            j += 1;
        }
        out.push(Span {
            start: all[i].start,
            end,
            ..best
        });
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_high_score_span_inside_a_value_cannot_unredact_it() {
        let text = "mail ana.lopez@example.org now";
        let mut all = Vec::new();
        scan::run(text, &mut all);
        // What a compromised analyzer might answer: a short span scored 1.0 inside it.
        all.push(Span {
            start: 9,
            end: 11,
            kind: "PERSON",
            score: 1.0,
        });
        let spans = resolve(all);
        assert_eq!(spans.len(), 1);
        assert_eq!(&text[spans[0].start..spans[0].end], "ana.lopez@example.org");
        assert_eq!(
            spans[0].kind, "PERSON",
            "named after the best score, covering all"
        );
    }
}
