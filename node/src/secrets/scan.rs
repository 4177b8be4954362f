//! The output secret scanner: one Aho-Corasick automaton over every form of every secret
//! (leftmost-longest, so the longest form of an overlapping pair wins), applied to whole
//! outputs (the sandbox hands over stdout and stderr complete, so a value the tool wrote
//! in pieces is whole here).

use std::collections::BTreeMap;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};

use super::forms;

/// Shortest secret value searched for: a shorter one would be found in ordinary text
/// by chance (`secret set` warns about it).
pub const MIN_SECRET: usize = 4;

/// The automaton and, per pattern, the name of the secret it is a form of.
#[derive(Clone, Default)]
pub struct SecretScanner {
    ac: Option<AhoCorasick>,
    names: Vec<Arc<str>>,
    secrets: usize,
}

impl std::fmt::Debug for SecretScanner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the values, nor their forms.
        f.debug_struct("SecretScanner")
            .field("secrets", &self.secrets)
            .field("patterns", &self.names.len())
            .finish()
    }
}

impl SecretScanner {
    /// A scanner for `secrets` (name, value); values shorter than [`MIN_SECRET`] are
    /// left out. Fails only if the automaton cannot be built (too many patterns).
    pub fn new<'a>(secrets: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Result<Self, String> {
        let mut patterns = Vec::new();
        let mut names = Vec::new();
        let mut count = 0;
        for (name, value) in secrets {
            if value.len() < MIN_SECRET {
                continue;
            }
            count += 1;
            let name: Arc<str> = Arc::from(name);
            for f in forms::of(value) {
                patterns.push(f);
                names.push(name.clone());
            }
        }
        if patterns.is_empty() {
            return Ok(SecretScanner::default());
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .map_err(|e| format!("cannot build the secret scanner: {e}"))?;
        Ok(SecretScanner {
            ac: Some(ac),
            names,
            secrets: count,
        })
    }

    /// Secrets searched for.
    pub fn len(&self) -> usize {
        self.secrets
    }

    /// Whether no secret is searched for.
    pub fn is_empty(&self) -> bool {
        self.secrets == 0
    }

    /// `bytes` with each form of each secret replaced by `[SECRET:NAME]`, counted per
    /// name in `hits`; `None` when nothing was found (the bytes stay as they are).
    pub fn redact(&self, bytes: &[u8], hits: &mut BTreeMap<String, u32>) -> Option<Vec<u8>> {
        let ac = self.ac.as_ref()?;
        let mut out: Option<Vec<u8>> = None;
        let mut at = 0;
        for m in ac.find_iter(bytes) {
            let o = out.get_or_insert_with(|| Vec::with_capacity(bytes.len()));
            o.extend_from_slice(&bytes[at..m.start()]);
            let name = &self.names[m.pattern().as_usize()];
            o.extend_from_slice(b"[SECRET:");
            o.extend_from_slice(name.as_bytes());
            o.push(b']');
            *hits.entry(name.to_string()).or_default() += 1;
            at = m.end();
        }
        let mut o = out?;
        o.extend_from_slice(&bytes[at..]);
        Some(o)
    }

    /// How many matches `bytes` holds (the benchmark's measure: search without rewriting).
    pub fn count(&self, bytes: &[u8]) -> usize {
        self.ac.as_ref().map_or(0, |ac| ac.find_iter(bytes).count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    #[test]
    fn every_form_becomes_the_secret_s_name_and_other_text_stays() {
        let s =
            SecretScanner::new([("DB_PASS", &b"s3cr3t/pa55"[..]), ("TINY", &b"ab"[..])]).unwrap();
        assert_eq!(s.len(), 1, "a 2-byte secret is not searched for");
        let b64 = base64::engine::general_purpose::STANDARD.encode(b"user:s3cr3t/pa55");
        let out = format!(
            "raw s3cr3t/pa55, hex {}, url s3cr3t%2Fpa55, json \"s3cr3t\\/pa55\", b64 {b64}, ab ok",
            hex::encode(b"s3cr3t/pa55")
        );
        let mut hits = BTreeMap::new();
        let red = String::from_utf8(s.redact(out.as_bytes(), &mut hits).unwrap()).unwrap();
        assert!(!red.contains("s3cr3t"), "{red}");
        assert!(!red.contains(&hex::encode(b"s3cr3t/pa55")), "{red}");
        assert_eq!(hits["DB_PASS"], 5, "{red}");
        assert!(red.ends_with("ab ok"), "{red}");
        assert!(s.redact(b"nothing here", &mut hits).is_none());
        assert!(format!("{s:?}").contains("secrets: 1") && !format!("{s:?}").contains("s3cr3t"));
    }
}
