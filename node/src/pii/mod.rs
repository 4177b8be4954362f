//! PII detection and redaction (brief section 7): built-in detectors that validate what
//! they find (checksums, ranges, lengths) instead of trusting the words around it, and
//! redaction of the spans they return. Spans are UTF-8 byte offsets into the text.
//!
//! Today: the built-in detectors and `replace` mode, used by `lango-node pii scan`. Not
//! yet: the pipeline stage, other modes, custom detectors, Presidio (issue 17).

mod detectors;
mod score;

pub use score::{score, Score};

use serde::Serialize;

/// One detected value.
#[derive(Clone, Debug, PartialEq, Serialize)]
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
    let mut all = detectors::run(text);
    all.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then((b.end - b.start).cmp(&(a.end - a.start)))
            .then(a.start.cmp(&b.start))
    });
    let mut kept: Vec<Span> = Vec::new();
    for s in all {
        if !kept.iter().any(|k| s.start < k.end && k.start < s.end) {
            kept.push(s);
        }
    }
    kept.sort_by_key(|s| s.start);
    kept
}

/// `text` with each span replaced by `<TYPE>`.
pub fn redact(text: &str, spans: &[Span]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for s in spans {
        out.push_str(&text[at..s.start]);
        out.push('<');
        out.push_str(s.kind);
        out.push('>');
        at = s.end;
    }
    out.push_str(&text[at..]);
    out
}
