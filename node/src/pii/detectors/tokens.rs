//! Credentials a tool may print: AWS access key ids, GitHub and Slack tokens, JWTs, PEM
//! private key blocks, and the password of a `scheme://user:password@host` URL. Each is
//! found from a literal prefix (one Aho-Corasick pass) and kept when its shape holds; a
//! JWT's header must decode to a JSON object with an `alg`.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use base64::Engine;

use super::super::bytes::{is_at, is_before, is_word, run_end};
use super::{kind, push, Span};

/// The literal prefixes, in the order of [`Prefix`].
const PREFIXES: [&str; 20] = [
    "AKIA",
    "ASIA",
    "ABIA",
    "ACCA",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "xoxb-",
    "xoxp-",
    "xoxa-",
    "xoxr-",
    "xoxs-",
    "xoxe-",
    "xapp-",
    "eyJ",
    "-----BEGIN ",
    "://",
];

/// The automaton over [`PREFIXES`]. Built once; the patterns are literals of this file,
/// so a failure to build is a bug every test run catches.
fn automaton() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        // Leftmost-first lets the crate use its vectorised (Teddy) prefilter.
        AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(PREFIXES)
            .expect("literal token prefixes build")
    })
}

/// Every credential in `b`.
pub(in super::super) fn all(b: &[u8], out: &mut Vec<Span>) {
    let mut cursor = 0;
    let mut ends = EndMarkers::default();
    for m in automaton().find_iter(b) {
        if m.start() < cursor {
            continue;
        }
        let s = m.start();
        let end = match m.pattern().as_usize() {
            0..=3 => aws(b, s),
            4..=8 => github(b, s, 4, 36),
            9 => github(b, s, 11, 22),
            10..=16 => slack(b, s),
            17 => jwt(b, s),
            18 => pem(b, s, &mut ends),
            _ => {
                url_password(b, s, out);
                None
            }
        };
        if let Some(end) = end {
            push(out, s, end, kind::CREDENTIAL, 0.9);
            cursor = end;
        }
    }
}

/// A word of `len` bytes satisfying `f` after a `skip`-byte prefix at `s`.
fn word(
    b: &[u8],
    s: usize,
    skip: usize,
    min: usize,
    max: usize,
    f: impl Fn(u8) -> bool,
) -> Option<usize> {
    if is_before(b, s, is_word) {
        return None;
    }
    let e = run_end(b, s + skip, max + 1, f);
    ((min..=max).contains(&(e - s - skip)) && !is_at(b, e, is_word)).then_some(e)
}

fn aws(b: &[u8], s: usize) -> Option<usize> {
    word(b, s, 4, 16, 16, |c| {
        c.is_ascii_uppercase() || (b'2'..=b'7').contains(&c)
    })
}

fn github(b: &[u8], s: usize, skip: usize, min: usize) -> Option<usize> {
    word(b, s, skip, min, 255, |c| {
        c.is_ascii_alphanumeric() || c == b'_'
    })
}

fn slack(b: &[u8], s: usize) -> Option<usize> {
    if is_before(b, s, is_word) {
        return None;
    }
    let e = run_end(b, s + 5, 256, |c| c.is_ascii_alphanumeric() || c == b'-');
    (e - s - 5 >= 10).then_some(e)
}

fn b64url(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'_'
}

/// `header.payload.signature`, each base64url, the header a JSON object with `alg`.
fn jwt(b: &[u8], s: usize) -> Option<usize> {
    if is_before(b, s, |c| b64url(c) || c == b'.') {
        return None;
    }
    let h = run_end(b, s, 4096, b64url);
    if b.get(h) != Some(&b'.') || !b[h + 1..].starts_with(b"eyJ") {
        return None;
    }
    let p = run_end(b, h + 1, 65536, b64url);
    if b.get(p) != Some(&b'.') {
        return None;
    }
    let sig = run_end(b, p + 1, 4096, b64url);
    if sig == p + 1 || is_at(b, sig, |c| b64url(c) || c == b'.') {
        return None;
    }
    let header = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(&b[s..h])
        .ok()?;
    let header: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&header).ok()?;
    header.contains_key("alg").then_some(sig)
}

/// Where the `-----END ` markers are: found in one pass (memmem) the first time a BEGIN
/// line needs them, then looked up by binary search, so many BEGIN lines (a tool
/// echoing crafted input) cost one pass over the text, not one each.
#[derive(Default)]
struct EndMarkers(Option<Vec<usize>>);

impl EndMarkers {
    /// Every marker at or after `from`, in order.
    fn from<'a>(&'a mut self, b: &[u8], from: usize) -> &'a [usize] {
        let all = self
            .0
            .get_or_insert_with(|| memchr::memmem::find_iter(b, b"-----END ").collect());
        &all[all.partition_point(|at| *at < from)..]
    }
}

/// `-----BEGIN … PRIVATE KEY-----` through its `-----END … PRIVATE KEY-----` line
/// within 64 KiB, or, when the end is missing (output cut short), through the last line
/// of the body.
fn pem(b: &[u8], s: usize, ends: &mut EndMarkers) -> Option<usize> {
    let line_end = run_end(b, s, 80, |c| c != b'\n' && c != b'\r');
    let line = &b[s..line_end];
    let label_end = line.windows(16).position(|w| w == b"PRIVATE KEY-----")?;
    let label = &line[11..label_end];
    if !label.iter().all(|c| c.is_ascii_uppercase() || *c == b' ') {
        return None;
    }
    let limit = line_end.saturating_add(64 * 1024);
    // At most 16 end markers of other labels are passed over per BEGIN line.
    for &at in ends.from(b, line_end).iter().take(16) {
        if at >= limit {
            break;
        }
        let rest = &b[at + 9..];
        if rest.starts_with(label) && rest[label.len()..].starts_with(b"PRIVATE KEY-----") {
            return Some(at + 9 + label.len() + 16);
        }
    }
    let body = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=' | b'\n' | b'\r');
    Some(run_end(b, line_end, 64 * 1024, body))
}

/// The password of `scheme://user:password@host` whose `://` is at `s`.
fn url_password(b: &[u8], s: usize, out: &mut Vec<Span>) {
    if !is_before(b, s, |c| c.is_ascii_alphanumeric()) {
        return;
    }
    let start = s + 3;
    let info_end = run_end(b, start, 512, |c| {
        !matches!(c, b'@' | b'/' | b'?' | b'#' | b'"' | b'\'' | b'<' | b'>')
            && !c.is_ascii_whitespace()
    });
    if b.get(info_end) != Some(&b'@')
        || !is_at(b, info_end + 1, |c| c.is_ascii_alphanumeric() || c == b'[')
    {
        return;
    }
    let Some(colon) = b[start..info_end].iter().position(|c| *c == b':') else {
        return;
    };
    let pass = start + colon + 1;
    if pass < info_end {
        push(out, pass, info_end, kind::CREDENTIAL, 0.9);
    }
}
