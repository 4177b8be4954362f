//! Detectors from config (`[[pii.custom]]`): each a pattern compiled at load with the
//! linear-time `regex` crate, refused when it is invalid or can match the empty string
//! (it would "find" a value between every two bytes).

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

use regex::Regex;

use super::Span;
use crate::config::pii::{line_of, CustomDetector};

/// A compiled custom detector.
#[derive(Clone, Debug)]
pub struct Custom {
    name: &'static str,
    re: Regex,
    score: f32,
}

/// Entity names seen at run time (config entries, Presidio's answers), each stored once
/// for the life of the process. At most [`MAX_NAMES`] distinct names are kept, so a
/// misbehaving analyzer cannot grow it without bound; past that, [`intern`] refuses.
const MAX_NAMES: usize = 512;

/// The process-wide copy of `name`, if there is room for it.
pub(super) fn intern(name: &str) -> Option<&'static str> {
    if let Some(k) = super::kind::ALL.iter().find(|k| **k == name) {
        return Some(k);
    }
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut names = NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    if let Some(n) = names.get(name) {
        return Some(n);
    }
    if names.len() >= MAX_NAMES {
        return None;
    }
    let leaked: &'static str = Box::leak(name.to_owned().into_boxed_str());
    names.insert(leaked);
    Some(leaked)
}

/// Whether `name` is an entity name: `[A-Z][A-Z0-9_]*`, at most 40 bytes.
pub(super) fn valid_name(name: &str) -> bool {
    let b = name.as_bytes();
    (1..=40).contains(&b.len())
        && b[0].is_ascii_uppercase()
        && b.iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'_')
}

impl Custom {
    /// Compiles entry `index` (0-based) of `[[pii.custom]]`; `text` is the config file,
    /// for the line of the error.
    pub fn compile(index: usize, d: &CustomDetector, text: &str) -> Result<Self, String> {
        let line = line_of(text, d.pattern.span().start);
        let at = format!("pii.custom[{index}] ({:?}, line {line})", d.name);
        if !valid_name(&d.name) {
            return Err(format!(
                "{at}: name must be upper-case letters, digits and _ (at most 40), starting with a letter"
            ));
        }
        if !(0.0..=1.0).contains(&d.score) {
            return Err(format!("{at}: score must be within 0.0..=1.0"));
        }
        let re = regex::RegexBuilder::new(d.pattern.get_ref())
            .size_limit(1 << 20)
            .build()
            .map_err(|e| {
                format!(
                    "{at}: invalid pattern: {}",
                    e.to_string().replace('\n', " ")
                )
            })?;
        // Probe for empty matches at a start, a word edge and an end.
        if ["", "a", " a ", "1"]
            .iter()
            .any(|t| re.find_iter(t).any(|m| m.is_empty()))
        {
            return Err(format!("{at}: pattern matches the empty string"));
        }
        let name =
            intern(&d.name).ok_or_else(|| format!("{at}: too many distinct entity names"))?;
        Ok(Custom {
            name,
            re,
            score: d.score,
        })
    }

    /// Every match in `text`.
    pub(super) fn find(&self, text: &str, out: &mut Vec<Span>) {
        for m in self.re.find_iter(text) {
            if !m.is_empty() {
                out.push(Span {
                    start: m.start(),
                    end: m.end(),
                    kind: self.name,
                    score: self.score,
                });
            }
        }
    }

    /// The entity name.
    pub fn name(&self) -> &'static str {
        self.name
    }
}
