//! JSON-aware redaction: when a text is one JSON value or JSON lines, only the contents
//! of string values (not object keys) and whole number literals are candidates, and the
//! result stays valid JSON with the original layout. A string is decoded before it is
//! scanned (so `\u0040` is an `@`) and re-encoded after.

use std::ops::Range;

/// A piece of JSON text that may hold a value, with the literal of the object key it
/// belongs to (the last key before it), which gives its detectors context
/// (`{"ssn": "123456789"}`).
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Piece {
    /// A string literal, quotes included, that is not an object key.
    Str(Range<usize>, Option<Range<usize>>),
    /// A number literal.
    Num(Range<usize>, Option<Range<usize>>),
}

/// Whether `text` is one JSON value, or JSON lines (every non-blank line one value).
fn is_json(text: &str) -> bool {
    let t = text.trim_start();
    if !t.starts_with(['{', '[', '"']) {
        return false;
    }
    if serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() {
        return true;
    }
    let mut lines = text.lines().filter(|l| !l.trim().is_empty()).peekable();
    lines.peek().is_some()
        && lines.all(|l| serde_json::from_str::<serde::de::IgnoredAny>(l).is_ok())
}

/// The pieces of `text`, or `None` when it is not JSON.
pub(super) fn pieces(text: &str) -> Option<Vec<Piece>> {
    if !is_json(text) {
        return None;
    }
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut key = None;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                let mut j = i + 1;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                let end = (j + 1).min(b.len());
                let mut k = end;
                while k < b.len() && b[k].is_ascii_whitespace() {
                    k += 1;
                }
                if b.get(k) == Some(&b':') {
                    key = Some(i..end);
                } else {
                    out.push(Piece::Str(i..end, key.clone()));
                }
                i = end;
            }
            b'-' | b'0'..=b'9' => {
                let mut j = i + 1;
                while j < b.len() && matches!(b[j], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
                {
                    j += 1;
                }
                out.push(Piece::Num(i..j, key.clone()));
                i = j;
            }
            _ => i += 1,
        }
    }
    Some(out)
}

/// The contents of the string literal `lit` (quotes included), decoded leniently: a
/// lone surrogate (`\udc00`, which JSON allows and Rust strings cannot hold) becomes
/// U+FFFD instead of failing the whole text, so one odd escape cannot turn a document
/// into plain text and hide the values around it.
pub(super) fn decode(lit: &str) -> String {
    let inner = lit
        .strip_prefix('"')
        .and_then(|l| l.strip_suffix('"'))
        .unwrap_or(lit);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    let hex4 = |it: &mut std::str::Chars<'_>| -> Option<u32> {
        let s: String = it.by_ref().take(4).collect();
        (s.len() == 4)
            .then(|| u32::from_str_radix(&s, 16).ok())
            .flatten()
    };
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('u') => {
                let Some(hi) = hex4(&mut chars) else {
                    out.push('\u{fffd}');
                    continue;
                };
                if (0xD800..0xDC00).contains(&hi) {
                    // A high surrogate: a pair only if `\uDC00`..`\uDFFF` follows.
                    let rest = chars.as_str();
                    let lo = rest
                        .strip_prefix("\\u")
                        .and_then(|r| r.get(..4))
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .filter(|lo| (0xDC00..0xE000).contains(lo));
                    match lo {
                        Some(lo) => {
                            chars = rest[6..].chars();
                            let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                            out.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                        }
                        None => out.push('\u{fffd}'),
                    }
                } else {
                    out.push(char::from_u32(hi).unwrap_or('\u{fffd}'));
                }
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_not_pieces_and_plain_text_is_not_json() {
        let t = r#"{"email": "a@b.org", "n": [12, "x\"y"]}"#;
        let p = pieces(t).unwrap();
        let texts: Vec<&str> = p
            .iter()
            .map(|p| match p {
                Piece::Str(r, _) | Piece::Num(r, _) => &t[r.clone()],
            })
            .collect();
        assert_eq!(texts, vec![r#""a@b.org""#, "12", r#""x\"y""#]);
        assert!(pieces("mail a@b.org {not json}").is_none());
        assert!(pieces("{\"a\": 1}\n{\"b\": \"c\"}\n").is_some());
        assert!(pieces("{\"a\": 1}\nplain\n").is_none());
        match &p[0] {
            Piece::Str(_, Some(k)) => assert_eq!(&t[k.clone()], "\"email\""),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn strings_decode_leniently() {
        assert_eq!(
            decode(r#""a\u0040b.org \"q\" \\ \/ \n""#),
            "a@b.org \"q\" \\ / \n"
        );
        assert_eq!(decode(r#""\ud83d\ude00""#), "\u{1f600}");
        assert_eq!(decode(r#""x\udc00y""#), "x\u{fffd}y");
        assert_eq!(decode(r#""x\ud800""#), "x\u{fffd}");
        assert_eq!(decode(r#""\u12""#), "\u{fffd}");
    }
}
