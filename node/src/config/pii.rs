//! `[pii]`: what is redacted, how, on which paths, with which extra detectors, and
//! whether a Presidio analyzer adds its findings.

use std::time::Duration;

use serde::Deserialize;

use super::duration;

/// How a detected value is replaced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// `<EMAIL_ADDRESS>`.
    #[default]
    Replace,
    /// `*` for every character, so lengths and layout stay.
    Mask,
    /// `<EMAIL_ADDRESS:0123456789abcdef>`: a keyed HMAC under the node's PII subkey, the
    /// same tag for the same value within a node, nothing to guess offline.
    Hash,
    /// `<EMAIL_ADDRESS_1>`: numbered per request, the mapping kept in memory for that
    /// request only (so the caller can restore what it sent).
    Tokenize,
}

impl std::str::FromStr for Mode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "replace" => Mode::Replace,
            "mask" => Mode::Mask,
            "hash" => Mode::Hash,
            "tokenize" => Mode::Tokenize,
            _ => {
                return Err(format!(
                    "unknown PII mode {s:?} (replace, mask, hash, tokenize)"
                ))
            }
        })
    }
}

/// `[pii]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PiiSection {
    /// Replacement mode.
    pub mode: Mode,
    /// Spans scoring below this are kept as they are.
    pub threshold: f32,
    /// Only these entity types are redacted; empty means every type.
    pub types: Vec<String>,
    /// Redact the callee's output (stdout and stderr) before the receipt.
    pub output: bool,
    /// Redact the callee's input before the sandbox sees it.
    pub input: bool,
    /// Redact the caller's input before it leaves this node (`invoke`).
    pub caller_input: bool,
    /// Extra detectors (`[[pii.custom]]`).
    pub custom: Vec<CustomDetector>,
    /// An optional Presidio analyzer (`[pii.presidio]`).
    pub presidio: Option<PresidioSection>,
}

impl Default for PiiSection {
    fn default() -> Self {
        PiiSection {
            mode: Mode::Replace,
            threshold: 0.5,
            types: Vec::new(),
            output: true,
            input: false,
            caller_input: false,
            custom: Vec::new(),
            presidio: None,
        }
    }
}

/// One `[[pii.custom]]` entry: a linear-time regex whose matches are `name` spans.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomDetector {
    /// Entity name (`[A-Z][A-Z0-9_]*`, at most 40 bytes).
    pub name: String,
    /// The pattern (Rust `regex` syntax), with its place in the file for errors.
    pub pattern: toml::Spanned<String>,
    /// Confidence given to each match.
    #[serde(default = "d_custom_score")]
    pub score: f32,
}

fn d_custom_score() -> f32 {
    0.8
}

/// What happens when Presidio cannot answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OnUnavailable {
    /// Go on with the built-in detectors; the fallback is a security event and is in
    /// the response's redaction report.
    #[default]
    Builtin,
    /// Withhold the output (`pii_unavailable`).
    Fail,
}

/// `[pii.presidio]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PresidioSection {
    /// Base URL of the analyzer (`http://127.0.0.1:5002`); `/analyze` is appended.
    pub url: String,
    /// How long one analyze request may take.
    #[serde(default = "d_presidio_timeout", deserialize_with = "duration")]
    pub timeout: Duration,
    /// What happens when it cannot answer.
    #[serde(default)]
    pub on_unavailable: OnUnavailable,
    /// Language sent with each request.
    #[serde(default = "d_language")]
    pub language: String,
    /// Only these of Presidio's entity types are asked for (empty: all it knows). Its
    /// pattern recognizers are weaker than the built-in detectors, so the useful setting
    /// asks it for what only a model finds: `["PERSON", "LOCATION", "NRP"]`.
    #[serde(default)]
    pub entities: Vec<String>,
}

fn d_presidio_timeout() -> Duration {
    Duration::from_secs(2)
}

fn d_language() -> String {
    "en".into()
}

/// The 1-based line of byte offset `at` in `text`.
pub fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|c| **c == b'\n')
        .count()
        + 1
}
