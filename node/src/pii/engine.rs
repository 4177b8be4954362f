//! The configured redactor: built-in and custom detectors, an optional Presidio, the
//! threshold and type filter, the mode and its key; and the walk that keeps JSON valid
//! and leaves bytes that are not UTF-8 as they are.

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;

use super::custom::Custom;
use super::json::{self, Piece};
use super::presidio::{Presidio, Unavailable};
use super::redact::{apply, HashKey, Redaction};
use super::{resolve, scan, Span};
use crate::config::pii::{Mode, OnUnavailable, PiiSection};

/// A compiled `[pii]` section.
#[derive(Clone, Debug)]
pub struct Engine {
    mode: Mode,
    threshold: f32,
    types: Option<HashSet<String>>,
    custom: Vec<Custom>,
    key: HashKey,
    presidio: Option<(Presidio, OnUnavailable)>,
}

/// A stretch of the text scanned on its own: the whole text, or one JSON string or
/// number.
struct Unit<'a> {
    range: Range<usize>,
    /// The text scanned: the string's decoded contents, or the bytes as they are.
    content: Cow<'a, str>,
    /// Re-encode the redacted content as a JSON string.
    json: bool,
    /// The decoded key of the JSON member it belongs to, scanned before it as context
    /// (`ssn: 123456789`); no span may start inside it.
    key: Option<String>,
}

impl Engine {
    /// Compiles `cfg`; `config_text` is the file it came from (for the line of an
    /// error). `key` is the node's PII subkey.
    pub fn new(cfg: &PiiSection, config_text: &str, key: HashKey) -> Result<Self, String> {
        if !(0.0..=1.0).contains(&cfg.threshold) {
            return Err("pii.threshold must be within 0.0..=1.0".into());
        }
        let custom = cfg
            .custom
            .iter()
            .enumerate()
            .map(|(i, d)| Custom::compile(i, d, config_text))
            .collect::<Result<Vec<_>, _>>()?;
        let mut names: HashSet<&str> = super::kind::ALL.into_iter().collect();
        for c in &custom {
            if !names.insert(c.name()) {
                return Err(format!("pii.custom: the name {:?} is taken", c.name()));
            }
        }
        for t in &cfg.types {
            if !names.contains(t.as_str())
                && (cfg.presidio.is_none() || !super::custom::valid_name(t))
            {
                return Err(format!(
                    "pii.types: unknown type {t:?} (built in: {})",
                    super::kind::ALL.join(", ")
                ));
            }
        }
        let presidio = match &cfg.presidio {
            Some(p) => Some((Presidio::new(p)?, p.on_unavailable)),
            None => None,
        };
        Ok(Engine {
            mode: cfg.mode,
            threshold: cfg.threshold,
            types: (!cfg.types.is_empty()).then(|| cfg.types.iter().cloned().collect()),
            custom,
            key,
            presidio,
        })
    }

    /// The built-in detectors with the default threshold, in `mode`, with a key for
    /// this process only.
    pub fn builtin(mode: Mode) -> Self {
        Engine {
            mode,
            threshold: PiiSection::default().threshold,
            types: None,
            custom: Vec::new(),
            key: HashKey::random(),
            presidio: None,
        }
    }

    /// The same engine in another mode.
    pub fn with_mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// The same engine keeping only these types (`pii scan --types`).
    pub fn with_types(mut self, types: Vec<String>) -> Self {
        self.types = (!types.is_empty()).then(|| types.into_iter().collect());
        self
    }

    /// The key of `hash` mode (a reloaded engine keeps the node's).
    pub fn key(&self) -> HashKey {
        self.key.clone()
    }

    /// Whether a Presidio analyzer is configured.
    pub fn has_presidio(&self) -> bool {
        self.presidio.is_some()
    }

    fn keep(&self, s: &Span) -> bool {
        s.score >= self.threshold && self.types.as_ref().is_none_or(|t| t.contains(s.kind))
    }

    /// Spans of the built-in and custom detectors, plus `extra`, filtered and resolved.
    fn spans(&self, text: &str, extra: Vec<Span>) -> Vec<Span> {
        self.spans_after(None, text, extra)
    }

    /// The same, with `key` (a JSON member's key) scanned as context before `text`:
    /// spans that start inside the key are dropped, the rest shifted onto `text`.
    fn spans_after(&self, key: Option<&str>, text: &str, extra: Vec<Span>) -> Vec<Span> {
        let scanned: Cow<'_, str> = match key {
            Some(key) => Cow::Owned(format!("{key}: {text}")),
            None => Cow::Borrowed(text),
        };
        let base = scanned.len() - text.len();
        let mut found = Vec::new();
        scan::run(&scanned, &mut found);
        for c in &self.custom {
            c.find(&scanned, &mut found);
        }
        let mut all = extra;
        all.extend(found.into_iter().filter(|s| s.start >= base).map(|s| Span {
            start: s.start - base,
            end: s.end - base,
            ..s
        }));
        all.retain(|s| self.keep(s));
        resolve(all)
    }

    /// Spans of the built-in and custom detectors in `text` (no Presidio).
    pub fn detect(&self, text: &str) -> Vec<Span> {
        self.spans(text, Vec::new())
    }

    /// Spans in `text` (as plain text) with Presidio's findings when it is configured;
    /// a fallback is noted in `r` as in [`Engine::redact_text_async`].
    pub async fn detect_async(
        &self,
        text: &str,
        r: &mut Redaction,
    ) -> Result<Vec<Span>, Unavailable> {
        let extra = match &self.presidio {
            None => Vec::new(),
            Some((p, on)) => match p.analyze(text).await {
                Ok(x) => x,
                Err(e) if *on == OnUnavailable::Builtin => {
                    r.fallback = Some(e.to_string());
                    Vec::new()
                }
                Err(e) => return Err(e),
            },
        };
        Ok(self.spans(text, extra))
    }

    /// `text` with `spans` (from this engine) replaced in its mode, counted in `r`.
    pub fn apply(&self, text: &str, spans: &[Span], r: &mut Redaction) -> String {
        apply(text, spans, self.mode, &self.key, r)
    }

    /// `text` redacted with the local detectors only (no Presidio), JSON-aware.
    pub fn redact_text(&self, text: &str, r: &mut Redaction) -> String {
        let units = units(text);
        self.render(text, &units, vec![Vec::new(); units.len()], r)
    }

    /// `text` redacted, JSON-aware, with Presidio's findings when it is configured. When
    /// Presidio cannot answer: `on_unavailable = "builtin"` goes on without it and notes
    /// the fallback in `r`; `"fail"` is an error.
    pub async fn redact_text_async(
        &self,
        text: &str,
        r: &mut Redaction,
    ) -> Result<String, Unavailable> {
        let units = units(text);
        let extra = match &self.presidio {
            None => vec![Vec::new(); units.len()],
            Some((p, on)) => match ask(p, &units).await {
                Ok(x) => x,
                Err(e) if *on == OnUnavailable::Builtin => {
                    r.fallback = Some(e.to_string());
                    vec![Vec::new(); units.len()]
                }
                Err(e) => return Err(e),
            },
        };
        Ok(self.render(text, &units, extra, r))
    }

    /// `bytes` redacted. Text (valid UTF-8) goes through [`Engine::redact_text_async`];
    /// otherwise each byte of an invalid sequence stands in as a NUL for one scan of the
    /// whole (one Presidio request, not one per run) and is put back where no span
    /// covers it.
    pub async fn redact_bytes(
        &self,
        bytes: &[u8],
        r: &mut Redaction,
    ) -> Result<Vec<u8>, Unavailable> {
        if let Ok(t) = std::str::from_utf8(bytes) {
            return Ok(self.redact_text_async(t, r).await?.into_bytes());
        }
        let mut stand_in = bytes.to_vec();
        let mut at = 0;
        while let Err(e) = std::str::from_utf8(&stand_in[at..]) {
            let bad_start = at + e.valid_up_to();
            let bad = e.error_len().unwrap_or(stand_in.len() - bad_start);
            stand_in[bad_start..bad_start + bad].fill(0);
            at = bad_start + bad;
        }
        // Invariant: every invalid sequence was replaced by NULs just above.
        let text = String::from_utf8(stand_in).unwrap_or_default();
        let spans = self.detect_async(&text, r).await?;
        let mut out = Vec::with_capacity(bytes.len());
        let mut at = 0;
        for s in &spans {
            out.extend_from_slice(&bytes[at..s.start]);
            out.extend_from_slice(
                self.apply(
                    &text[s.start..s.end],
                    &[Span {
                        start: 0,
                        end: s.end - s.start,
                        ..*s
                    }],
                    r,
                )
                .as_bytes(),
            );
            at = s.end;
        }
        out.extend_from_slice(&bytes[at..]);
        Ok(out)
    }

    fn render(
        &self,
        text: &str,
        units: &[Unit],
        extra: Vec<Vec<Span>>,
        r: &mut Redaction,
    ) -> String {
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (u, extra) in units.iter().zip(extra) {
            let spans = self.spans_after(u.key.as_deref(), &u.content, extra);
            out.push_str(&text[at..u.range.start]);
            if spans.is_empty() {
                out.push_str(&text[u.range.clone()]);
            } else {
                let red = apply(&u.content, &spans, self.mode, &self.key, r);
                if u.json {
                    out.push_str(&serde_json::Value::String(red).to_string());
                } else {
                    out.push_str(&red);
                }
            }
            at = u.range.end;
        }
        out.push_str(&text[at..]);
        out
    }
}

/// The stretches of `text` to scan: its JSON strings and numbers when it is JSON, else
/// the whole text.
fn units(text: &str) -> Vec<Unit<'_>> {
    let Some(pieces) = json::pieces(text) else {
        return vec![Unit {
            range: 0..text.len(),
            content: Cow::Borrowed(text),
            json: false,
            key: None,
        }];
    };
    let key_of = |k: Option<std::ops::Range<usize>>| k.map(|k| json::decode(&text[k]));
    pieces
        .into_iter()
        .map(|p| match p {
            Piece::Str(r, k) => Unit {
                content: Cow::Owned(json::decode(&text[r.clone()])),
                range: r,
                json: true,
                key: key_of(k),
            },
            Piece::Num(r, k) => Unit {
                content: Cow::Borrowed(&text[r.clone()]),
                range: r,
                json: true,
                key: key_of(k),
            },
        })
        .collect()
}

/// Presidio's spans for each unit, from one request over the units joined by blank
/// lines; a span that crosses from one unit into the next is dropped.
async fn ask(p: &Presidio, units: &[Unit<'_>]) -> Result<Vec<Vec<Span>>, Unavailable> {
    const SEP: &str = "\n\n";
    let mut joined = String::new();
    let mut starts = Vec::with_capacity(units.len());
    for u in units {
        if !joined.is_empty() {
            joined.push_str(SEP);
        }
        starts.push(joined.len());
        joined.push_str(&u.content);
    }
    let mut per = vec![Vec::new(); units.len()];
    if joined.trim().is_empty() {
        return Ok(per);
    }
    for s in p.analyze(&joined).await? {
        let i = starts
            .partition_point(|st| *st <= s.start)
            .saturating_sub(1);
        let base = starts[i];
        if s.end <= base + units[i].content.len() {
            per[i].push(Span {
                start: s.start - base,
                end: s.end - base,
                ..s
            });
        }
    }
    Ok(per)
}
