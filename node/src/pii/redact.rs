//! Replacing detected spans: the four modes, the per-type counts a response and the audit
//! log report, and the per-request token map of `tokenize`.

use std::collections::{BTreeMap, HashMap};

use super::Span;
use crate::config::pii::Mode;

/// What one request's redactions did, across every text of that request.
#[derive(Debug, Default)]
pub struct Redaction {
    /// Spans replaced, per entity type.
    pub counts: BTreeMap<&'static str, u32>,
    /// Why Presidio's findings are missing, when it was configured and could not answer
    /// and the built-in detectors carried on alone.
    pub fallback: Option<String>,
    /// `tokenize`: token → original value (kept in memory for this request only).
    pub tokens: HashMap<String, String>,
    /// `tokenize`: (type, value) → token, so a repeated value gets its token again.
    by_value: HashMap<(&'static str, String), String>,
    /// `tokenize`: tokens issued so far per type.
    issued: HashMap<&'static str, u32>,
}

impl Redaction {
    /// Spans replaced in all.
    pub fn total(&self) -> u32 {
        self.counts.values().sum()
    }

    /// The per-type counts with owned names (for responses and the audit log).
    pub fn types(&self) -> BTreeMap<String, u32> {
        self.counts
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect()
    }

    fn token(&mut self, kind: &'static str, value: &str) -> String {
        if let Some(t) = self.by_value.get(&(kind, value.to_string())) {
            return t.clone();
        }
        let n = self.issued.entry(kind).or_default();
        *n += 1;
        let t = format!("<{kind}_{n}>");
        self.by_value.insert((kind, value.to_string()), t.clone());
        self.tokens.insert(t.clone(), value.to_string());
        t
    }
}

/// The key of `hash` mode: a subkey of the node's master key, or for an offline scan a
/// key that lives for that scan only.
#[derive(Clone)]
pub struct HashKey(std::sync::Arc<lango_storage::Key32>);

impl std::fmt::Debug for HashKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HashKey(..)")
    }
}

impl HashKey {
    /// Wraps the node's PII subkey.
    pub fn new(key: lango_storage::Key32) -> Self {
        HashKey(std::sync::Arc::new(key))
    }

    /// A random key (offline scans: their tags never match a node's).
    pub fn random() -> Self {
        HashKey::new(lango_storage::Key32::from_bytes(rand::random()))
    }

    fn tag(&self, kind: &str, value: &str) -> String {
        let mut data = Vec::with_capacity(kind.len() + 1 + value.len());
        data.extend_from_slice(kind.as_bytes());
        data.push(0);
        data.extend_from_slice(value.as_bytes());
        hex::encode(&lango_storage::crypto::hmac_sha256(&self.0, &data)[..8])
    }
}

/// `text` with each span (sorted, not overlapping) replaced as `mode` says, counted in
/// `r`.
pub fn apply(text: &str, spans: &[Span], mode: Mode, key: &HashKey, r: &mut Redaction) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for s in spans {
        out.push_str(&text[at..s.start]);
        let value = &text[s.start..s.end];
        match mode {
            Mode::Replace => {
                out.push('<');
                out.push_str(s.kind);
                out.push('>');
            }
            Mode::Mask => out.extend(std::iter::repeat_n('*', value.chars().count())),
            Mode::Hash => {
                out.push('<');
                out.push_str(s.kind);
                out.push(':');
                out.push_str(&key.tag(s.kind, value));
                out.push('>');
            }
            Mode::Tokenize => out.push_str(&r.token(s.kind, value)),
        }
        *r.counts.entry(s.kind).or_default() += 1;
        at = s.end;
    }
    out.push_str(&text[at..]);
    out
}

/// `text` with every token of `tokens` put back (what a caller does with a response to
/// input it tokenized).
pub fn detokenize(text: &str, tokens: &HashMap<String, String>) -> String {
    if tokens.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        // Tokens are short: look for the `>` within 64 bytes (linear on `<<<<…`).
        match tail[..tail.floor_char_boundary(64)]
            .find('>')
            .map(|j| &tail[..=j])
            .and_then(|t| tokens.get(t).map(|v| (t, v)))
        {
            Some((t, v)) => {
                out.push_str(v);
                rest = &tail[t.len()..];
            }
            None => {
                out.push('<');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
