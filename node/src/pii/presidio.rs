//! A client of a Presidio analyzer (`POST /analyze`): its spans, in code points, become
//! byte-offset spans merged with the built-in ones. Anything unexpected in an answer
//! (a status other than 200, a body that is not the documented list, an offset outside
//! the text, an entity name that is not `[A-Z][A-Z0-9_]*`) makes the answer unusable,
//! never partly used.

use std::time::Duration;

use serde::Deserialize;

use super::Span;
use crate::config::pii::PresidioSection;

/// Largest answer read: a body past this is refused as garbage.
const MAX_ANSWER: usize = 16 << 20;

/// Why Presidio gave no usable answer (one line, for the security event and report).
#[derive(Debug, thiserror::Error)]
pub enum Unavailable {
    /// Connection refused, reset, or the timeout passed.
    #[error("presidio at {url} unreachable: {why}")]
    Unreachable {
        /// Base URL.
        url: String,
        /// Cause.
        why: String,
    },
    /// It answered with an error status.
    #[error("presidio at {url} answered HTTP {status}")]
    Status {
        /// Base URL.
        url: String,
        /// HTTP status.
        status: u16,
    },
    /// It answered something that is not the documented list of spans.
    #[error("presidio at {url} answered garbage: {why}")]
    Garbage {
        /// Base URL.
        url: String,
        /// What was wrong.
        why: String,
    },
}

#[derive(Deserialize)]
struct Found {
    entity_type: String,
    start: usize,
    end: usize,
    score: f32,
}

/// A configured analyzer.
#[derive(Clone, Debug)]
pub struct Presidio {
    url: String,
    language: String,
    entities: Vec<String>,
    http: reqwest::Client,
}

impl Presidio {
    /// A client for `cfg` (no request is made yet).
    pub fn new(cfg: &PresidioSection) -> Result<Self, String> {
        let url = cfg.url.trim_end_matches('/').to_string();
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(format!(
                "pii.presidio.url {url:?}: give an http:// or https:// URL"
            ));
        }
        // Errors name the analyzer by its URL: one with credentials in it is refused
        // rather than repeated into logs and events.
        if url
            .split("://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .is_some_and(|h| h.contains('@'))
        {
            return Err(
                "pii.presidio.url: user info in the URL is not supported (it would be \
                        logged); put the analyzer on loopback or behind a proxy"
                    .into(),
            );
        }
        let http = reqwest::Client::builder()
            .timeout(cfg.timeout)
            .connect_timeout(cfg.timeout.min(Duration::from_secs(5)))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("pii.presidio: cannot build an HTTP client: {e}"))?;
        Ok(Presidio {
            url,
            language: cfg.language.clone(),
            entities: cfg.entities.clone(),
            http,
        })
    }

    /// The analyzer's spans in `text`, in byte offsets.
    pub async fn analyze(&self, text: &str) -> Result<Vec<Span>, Unavailable> {
        let unreachable = |e: reqwest::Error| Unavailable::Unreachable {
            url: self.url.clone(),
            why: one_line(&e),
        };
        let garbage = |why: String| Unavailable::Garbage {
            url: self.url.clone(),
            why,
        };
        let mut body = serde_json::json!({"text": text, "language": self.language});
        if !self.entities.is_empty() {
            body["entities"] = serde_json::json!(self.entities);
        }
        let mut resp = self
            .http
            .post(format!("{}/analyze", self.url))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .map_err(unreachable)?;
        if resp.status().as_u16() != 200 {
            return Err(Unavailable::Status {
                url: self.url.clone(),
                status: resp.status().as_u16(),
            });
        }
        let mut answer = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(unreachable)? {
            if answer.len() + chunk.len() > MAX_ANSWER {
                return Err(garbage(format!("answer over {MAX_ANSWER} bytes")));
            }
            answer.extend_from_slice(&chunk);
        }
        let found: Vec<Found> = serde_json::from_slice(&answer).map_err(|e| {
            garbage(format!(
                "not a list of spans (line {}, column {})",
                e.line(),
                e.column()
            ))
        })?;
        to_bytes(text, found).map_err(garbage)
    }
}

/// The spans with code-point offsets turned into byte offsets, in one walk over the
/// text (memory: the answer, not the text).
fn to_bytes(text: &str, found: Vec<Found>) -> Result<Vec<Span>, String> {
    let mut wanted: Vec<usize> = found.iter().flat_map(|f| [f.start, f.end]).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut byte_of = std::collections::HashMap::with_capacity(wanted.len());
    let mut next = wanted.iter().peekable();
    for (cp, (b, _)) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
        .enumerate()
    {
        while next.peek().is_some_and(|w| **w == cp) {
            byte_of.insert(cp, b);
            next.next();
        }
        if next.peek().is_none() {
            break;
        }
    }
    found
        .into_iter()
        .map(|f| {
            let (Some(&start), Some(&end)) = (byte_of.get(&f.start), byte_of.get(&f.end)) else {
                return Err(format!("span {}..{} outside the text", f.start, f.end));
            };
            if start >= end || !(0.0..=1.0).contains(&f.score) {
                return Err(format!(
                    "span {}..{} score {} is not a span",
                    f.start, f.end, f.score
                ));
            }
            if !super::custom::valid_name(&f.entity_type) {
                return Err("an entity type that is not [A-Z][A-Z0-9_]*".into());
            }
            let kind = super::custom::intern(&f.entity_type)
                .ok_or_else(|| "too many distinct entity types".to_string())?;
            Ok(Span {
                start,
                end,
                kind,
                score: f.score,
            })
        })
        .collect()
}

/// A reqwest error with its causes, on one line.
pub(crate) fn one_line(e: &reqwest::Error) -> String {
    let mut s = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(c) = src {
        s.push_str(": ");
        s.push_str(&c.to_string());
        src = c.source();
    }
    s.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_points_become_bytes_and_bad_spans_are_refused() {
        let text = "é ü ana@example.org";
        let f = |s, e| Found {
            entity_type: "EMAIL_ADDRESS".into(),
            start: s,
            end: e,
            score: 0.9,
        };
        let spans = to_bytes(text, vec![f(4, 19)]).unwrap();
        assert_eq!(&text[spans[0].start..spans[0].end], "ana@example.org");
        assert!(to_bytes(text, vec![f(4, 20)]).is_err());
        assert!(to_bytes(text, vec![f(5, 5)]).is_err());
        let mut bad = f(4, 19);
        bad.entity_type = "email\naddr".into();
        assert!(to_bytes(text, vec![bad]).is_err());
    }
}
