//! The built-in detectors. Each finds candidates with a linear-time regex and keeps only
//! those that validate: octet ranges, `Ipv6Addr` parsing, Luhn and issuer ranges, IBAN
//! country lengths and mod-97, SSN area/group/serial rules, phone digit counts with
//! separators. Look-alikes (order numbers, versions, timestamps, failed checksums) stay.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::OnceLock;

use regex::Regex;

use super::Span;

/// A compiled pattern, built once. The patterns are literals of this file: a failure to
/// compile is a bug caught by every test run, so it panics with the pattern's name.
fn re(cell: &'static OnceLock<Regex>, name: &str, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| {
        Regex::new(pattern).unwrap_or_else(|e| panic!("built-in pattern {name}: {e}"))
    })
}

/// Every validated candidate of every detector (overlaps are resolved by the caller).
pub(super) fn run(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    email(text, &mut out);
    ipv4(text, &mut out);
    ipv6(text, &mut out);
    card(text, &mut out);
    iban(text, &mut out);
    ssn(text, &mut out);
    phone(text, &mut out);
    out
}

fn push(out: &mut Vec<Span>, start: usize, end: usize, kind: &'static str, score: f32) {
    out.push(Span {
        start,
        end,
        kind,
        score,
    });
}

/// The byte before `start` and the byte at `end`, for boundary checks.
fn around(text: &str, start: usize, end: usize) -> (Option<u8>, Option<u8>) {
    let b = text.as_bytes();
    (start.checked_sub(1).map(|i| b[i]), b.get(end).copied())
}

fn email(text: &str, out: &mut Vec<Span>) {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = re(
        &R,
        "email",
        r"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}\b",
    );
    for m in r.find_iter(text) {
        push(out, m.start(), m.end(), "EMAIL_ADDRESS", 0.95);
    }
}

fn ipv4(text: &str, out: &mut Vec<Span>) {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = re(&R, "ipv4", r"\b\d{1,3}(?:\.\d{1,3}){3}\b");
    for m in r.find_iter(text) {
        // Part of a longer dotted number (a version like 1.2.3.4.5): not an address.
        let (before, after) = around(text, m.start(), m.end());
        let dotted = |b: Option<u8>, next: Option<u8>| {
            b == Some(b'.') && next.is_some_and(|c| c.is_ascii_digit())
        };
        let next_after = text.as_bytes().get(m.end() + 1).copied();
        let prev_before = m.start().checked_sub(2).map(|i| text.as_bytes()[i]);
        if dotted(after, next_after) || dotted(before, prev_before) {
            continue;
        }
        // A dotted quad after a version word is a version (`build 1.2.3.4`).
        if after_version_word(&text[..m.start()]) {
            continue;
        }
        if m.as_str().parse::<Ipv4Addr>().is_ok() {
            push(out, m.start(), m.end(), "IP_ADDRESS", 0.9);
        }
    }
}

/// Whether `before` ends with a word that introduces a version number.
fn after_version_word(before: &str) -> bool {
    let tail = before.trim_end_matches(' ');
    if tail.len() == before.len() && !tail.ends_with(['v', 'V']) {
        return false;
    }
    let word: String = tail
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .chars()
        .rev()
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        word.as_str(),
        "v" | "version" | "ver" | "build" | "release" | "firmware" | "kernel" | "rev"
    )
}

/// Whether `before` ends with words that introduce an identifier (`order number`,
/// `invoice #`, `tracking`): bare digits after them are that identifier, not a phone.
fn after_id_word(before: &str) -> bool {
    let tail: String = before
        .chars()
        .rev()
        .take(24)
        .collect::<String>()
        .chars()
        .rev()
        .collect::<String>()
        .to_ascii_lowercase();
    let words: Vec<&str> = tail
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '#')
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().rev().take(2).any(|w| {
        matches!(
            *w,
            "order"
                | "invoice"
                | "tracking"
                | "ticket"
                | "reference"
                | "ref"
                | "account"
                | "acct"
                | "id"
                | "no"
                | "number"
                | "#"
                | "sku"
                | "serial"
                | "case"
                | "po"
        )
    })
}

/// A North American number without separators: area and exchange codes start 2-9 and
/// are not N11 service codes (an order number rarely is one).
fn nanp(digits: &[u8]) -> bool {
    let d = match digits.len() {
        10 => digits,
        11 if digits[0] == 1 => &digits[1..],
        _ => return false,
    };
    let n11 = |x: &[u8]| x[1] == 1 && x[2] == 1;
    d[0] >= 2 && d[3] >= 2 && !n11(&d[0..3]) && !n11(&d[3..6])
}

fn ipv6(text: &str, out: &mut Vec<Span>) {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = re(
        &R,
        "ipv6",
        r"(?i)(?:[0-9a-f]{0,4}:){2,7}(?:[0-9a-f]{0,4}|\d{1,3}(?:\.\d{1,3}){3})",
    );
    for m in r.find_iter(text) {
        let (before, after) = around(text, m.start(), m.end());
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == b':')
            || after.is_some_and(|c| c.is_ascii_alphanumeric())
        {
            continue;
        }
        let s = m.as_str().trim_end_matches(':');
        if s.matches(':').count() >= 2 && s.parse::<Ipv6Addr>().is_ok() {
            push(out, m.start(), m.start() + s.len(), "IP_ADDRESS", 0.9);
        }
    }
}

fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let d = u32::from(*d);
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Whether a card number's issuer prefix and length are those of a current scheme.
fn issuer(d: &[u8]) -> bool {
    let n = d.len();
    let p = |k: usize| d[..k].iter().fold(0u32, |a, x| a * 10 + u32::from(*x));
    match d[0] {
        4 => matches!(n, 13 | 16 | 19), // Visa
        5 => {
            (51..=55).contains(&p(2)) && n == 16
                || (50..=59).contains(&p(2)) && (12..=19).contains(&n)
        } // Mastercard, Maestro
        2 => (2221..=2720).contains(&p(4)) && n == 16, // Mastercard 2-series
        3 => {
            (matches!(p(2), 34 | 37) && n == 15)                         // Amex
                || ((3528..=3589).contains(&p(4)) && (16..=19).contains(&n)) // JCB
                || (((300..=305).contains(&p(3)) || matches!(p(2), 36 | 38 | 39)) && (14..=19).contains(&n))
            // Diners
        }
        6 => {
            (16..=19).contains(&n)
                && (p(4) == 6011
                    || p(2) == 65
                    || (644..=649).contains(&p(3))
                    || p(2) == 62
                    || (56..=69).contains(&p(2)))
        } // Discover, UnionPay, Maestro
        1 => p(1) == 1 && n == 15, // UATP
        _ => false,
    }
}

fn card(text: &str, out: &mut Vec<Span>) {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = re(&R, "card", r"\b\d(?:[ -]?\d){11,18}\b");
    for m in r.find_iter(text) {
        let digits: Vec<u8> = m
            .as_str()
            .bytes()
            .filter(u8::is_ascii_digit)
            .map(|b| b - b'0')
            .collect();
        // One separator style throughout, or none.
        let seps: Vec<u8> = m.as_str().bytes().filter(|b| !b.is_ascii_digit()).collect();
        if seps.windows(2).any(|w| w[0] != w[1]) {
            continue;
        }
        if luhn(&digits) && issuer(&digits) {
            push(out, m.start(), m.end(), "CREDIT_CARD", 0.95);
        }
    }
}

/// IBAN length per country (ISO 13616 registry, the common ones).
fn iban_len(cc: &str) -> Option<usize> {
    Some(match cc {
        "AD" => 24,
        "AE" => 23,
        "AL" => 28,
        "AT" => 20,
        "AZ" => 28,
        "BA" => 20,
        "BE" => 16,
        "BG" => 22,
        "BH" => 22,
        "BR" => 29,
        "CH" => 21,
        "CR" => 22,
        "CY" => 28,
        "CZ" => 24,
        "DE" => 22,
        "DK" => 18,
        "DO" => 28,
        "EE" => 20,
        "EG" => 29,
        "ES" => 24,
        "FI" => 18,
        "FO" => 18,
        "FR" => 27,
        "GB" => 22,
        "GE" => 22,
        "GI" => 23,
        "GL" => 18,
        "GR" => 27,
        "GT" => 28,
        "HR" => 21,
        "HU" => 28,
        "IE" => 22,
        "IL" => 23,
        "IS" => 26,
        "IT" => 27,
        "JO" => 30,
        "KW" => 30,
        "KZ" => 20,
        "LB" => 28,
        "LI" => 21,
        "LT" => 20,
        "LU" => 20,
        "LV" => 21,
        "MC" => 27,
        "MD" => 24,
        "ME" => 22,
        "MK" => 19,
        "MR" => 27,
        "MT" => 31,
        "MU" => 30,
        "NL" => 18,
        "NO" => 15,
        "PK" => 24,
        "PL" => 28,
        "PS" => 29,
        "PT" => 25,
        "QA" => 29,
        "RO" => 24,
        "RS" => 22,
        "SA" => 24,
        "SE" => 24,
        "SI" => 19,
        "SK" => 24,
        "SM" => 27,
        "TN" => 24,
        "TR" => 26,
        "UA" => 29,
        "VG" => 24,
        "XK" => 20,
        _ => return None,
    })
}

fn iban(text: &str, out: &mut Vec<Span>) {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = re(&R, "iban", r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,30}\b");
    for m in r.find_iter(text) {
        let compact: String = m.as_str().chars().filter(|c| *c != ' ').collect();
        let Some(len) = iban_len(&compact[..2]) else {
            continue;
        };
        if compact.len() < len {
            continue;
        }
        // A longer match may run into the next word ("GB.. by"): take the country's length.
        let want = &compact[..len];
        let mut rem = 0u32;
        for c in want[4..].chars().chain(want[..4].chars()) {
            let v = match c.to_digit(36) {
                Some(v) => v,
                None => {
                    rem = 1;
                    break;
                }
            };
            rem = if v >= 10 {
                (rem * 100 + v) % 97
            } else {
                (rem * 10 + v) % 97
            };
        }
        if rem != 1 {
            continue;
        }
        // The end, in the original text, of the `len` characters kept.
        let mut seen = 0;
        let mut end = m.start();
        for (i, c) in m.as_str().char_indices() {
            if c != ' ' {
                seen += 1;
            }
            if seen == len {
                end = m.start() + i + c.len_utf8();
                break;
            }
        }
        let (_, after) = around(text, m.start(), end);
        if after.is_some_and(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        push(out, m.start(), end, "IBAN_CODE", 0.95);
    }
}

fn ssn(text: &str, out: &mut Vec<Span>) {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = re(&R, "ssn", r"\b(\d{3})-(\d{2})-(\d{4})\b");
    for c in r.captures_iter(text) {
        let (Some(m), Some(a), Some(g), Some(s)) = (c.get(0), c.get(1), c.get(2), c.get(3)) else {
            continue;
        };
        let area: u32 = a.as_str().parse().unwrap_or(0);
        let valid =
            area != 0 && area != 666 && area < 900 && g.as_str() != "00" && s.as_str() != "0000";
        let (before, after) = around(text, m.start(), m.end());
        if valid && before != Some(b'-') && after != Some(b'-') {
            push(out, m.start(), m.end(), "US_SSN", 0.85);
        }
    }
}

fn phone(text: &str, out: &mut Vec<Span>) {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = re(
        &R,
        "phone",
        r"(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]\d{1,5}){1,5}(?:\s?(?:x|ext\.?|#)\s?\d{1,6})?|\+\d{7,15}(?:\s?(?:x|ext\.?)\s?\d{1,6})?|\(\d{3}\)\d{3}-\d{4}(?:x\d{1,6})?|\b\d{10,11}\b",
    );
    for m in r.find_iter(text) {
        let s = m.as_str();
        let (before, after) = around(text, m.start(), m.end());
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'.' || c == b'-' || c == b':')
            || after.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b':')
            || (after == Some(b'.')
                && text
                    .as_bytes()
                    .get(m.end() + 1)
                    .is_some_and(u8::is_ascii_digit))
        {
            continue;
        }
        let main = s.split(['x', '#']).next().unwrap_or(s);
        let main = main.split("ext").next().unwrap_or(main);
        let digits = main.bytes().filter(u8::is_ascii_digit).count();
        let plus = s.starts_with('+');
        let separated = main.bytes().any(|b| matches!(b, b' ' | b'-' | b'.' | b'('));
        if !((10..=15).contains(&digits) || plus && (8..=15).contains(&digits)) {
            continue;
        }
        let bare: Vec<u8> = main
            .bytes()
            .filter(u8::is_ascii_digit)
            .map(|b| b - b'0')
            .collect();
        let score = if plus || separated {
            0.75
        } else if nanp(&bare) && !after_id_word(&text[..m.start()]) {
            // Bare digits: only a valid North American number, and with less confidence.
            0.6
        } else {
            continue;
        };
        // Dotted all the way (1.2.3.4 style) is a version or an address, not a phone.
        if main.bytes().filter(|b| *b == b'.').count() >= 3 && !main.contains(' ') {
            continue;
        }
        push(out, m.start(), m.end(), "PHONE_NUMBER", score);
    }
}

#[cfg(test)]
mod tests {
    use super::super::detect;

    fn kinds(text: &str) -> Vec<(&'static str, String)> {
        detect(text)
            .into_iter()
            .map(|s| (s.kind, text[s.start..s.end].to_string()))
            .collect()
    }

    #[test]
    fn valid_values_are_found_with_byte_offsets_around_non_ascii() {
        let t = "é mail ana@example.org, karte 4111 1111 1111 1111, IBAN GB82 WEST 1234 5698 7654 32 ünd 10.0.0.1";
        let k = kinds(t);
        assert!(
            k.contains(&("EMAIL_ADDRESS", "ana@example.org".into())),
            "{k:?}"
        );
        assert!(
            k.contains(&("CREDIT_CARD", "4111 1111 1111 1111".into())),
            "{k:?}"
        );
        assert!(
            k.contains(&("IBAN_CODE", "GB82 WEST 1234 5698 7654 32".into())),
            "{k:?}"
        );
        assert!(k.contains(&("IP_ADDRESS", "10.0.0.1".into())), "{k:?}");
        assert_eq!(
            kinds("ssn 123-45-6789, call +1-210-343-3218x1960, v6 2001:db8::1"),
            vec![
                ("US_SSN", "123-45-6789".into()),
                ("PHONE_NUMBER", "+1-210-343-3218x1960".into()),
                ("IP_ADDRESS", "2001:db8::1".into())
            ]
        );
        assert_eq!(kinds("mc 2-series 2221 0000 0000 0009")[0].0, "CREDIT_CARD");
    }

    #[test]
    fn look_alikes_stay() {
        for t in [
            "order number 6491309593 shipped",
            "build 7.11.54.420 released",
            "build 4.2.4.880 released",
            "timestamp 2001-06-23T23:37:33.679514 recorded",
            "test card 4111 1111 1111 1112 must be rejected",
            "build 2.4.80.163 released",
            "order 6491309593 and 1234567890",
            "ssn 000-12-3456 or 666-12-3456 or 900-12-3456",
            "uuid 123e4567-e89b-12d3-a456-426614174000",
            "octets 256.1.1.1",
        ] {
            assert_eq!(kinds(t), vec![], "{t}");
        }
    }
}
