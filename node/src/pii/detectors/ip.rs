//! IP addresses. IPv4 from the digit pass: four dotted octets in range, not part of a
//! longer dotted number and not after a version word (`build 1.2.3.4`). IPv6 from the
//! colon pass: the run of hex digits, colons and dots around a colon must parse as an
//! `Ipv6Addr` (compressed and v4-mapped forms included).

use std::net::{Ipv4Addr, Ipv6Addr};

use super::super::bytes::{is_at, is_before, is_word, run_end, run_start};
use super::{kind, push, Span};

/// The IPv4 address starting at `p` (a digit that starts a word), if there is one.
pub(in super::super) fn v4(b: &[u8], p: usize, out: &mut Vec<Span>) {
    // Part of a longer dotted number (a version like 1.2.3.4.5): not an address.
    if is_before(b, p, |c| c == b'.') && p >= 2 && b[p - 2].is_ascii_digit() {
        return;
    }
    let mut i = p;
    for octet in 0..4 {
        let e = run_end(b, i, 4, |c| c.is_ascii_digit());
        if e == i || e - i > 3 {
            return;
        }
        i = e;
        if octet < 3 {
            if b.get(i) != Some(&b'.') {
                return;
            }
            i += 1;
        }
    }
    if is_at(b, i, is_word) || (b.get(i) == Some(&b'.') && is_at(b, i + 1, |c| c.is_ascii_digit()))
    {
        return;
    }
    if after_version_word(&b[..p]) {
        return;
    }
    // `Chrome/124.0.0.0`, `Edg/124.0.2478.51`: a product's version (product tokens are
    // capitalised and have no `_`), not an address; `channel/10.1.2.3:8000`,
    // `ip-10-1-2-3.compute.internal/10.1.2.3` and Squid's `HIER_DIRECT/10.1.2.3` are
    // addresses, and so is anything with a port after it.
    let product = |slash: usize| {
        let t = run_start(b, slash, 32, |c| c.is_ascii_alphanumeric() || c == b'_');
        b[t].is_ascii_uppercase() && !b[t..slash].contains(&b'_')
    };
    if is_before(b, p, |c| c == b'/')
        && p >= 2
        && b[p - 2].is_ascii_alphabetic()
        && product(p - 1)
        && !(b.get(i) == Some(&b':') && is_at(b, i + 1, |c| c.is_ascii_digit()))
    {
        return;
    }
    let parsed = std::str::from_utf8(&b[p..i])
        .ok()
        .and_then(|s| s.parse::<Ipv4Addr>().ok());
    if parsed.is_some() {
        push(out, p, i, kind::IP, 0.9);
    }
}

/// Whether `before` ends with a word that introduces a version number: `build 1.2.3.4`,
/// `v1.2.3.4`, `version=1.2.3.4`, `"app_version":"1.2.3.4"`.
fn after_version_word(before: &[u8]) -> bool {
    let end = run_start(before, before.len(), 3, |c| {
        matches!(c, b' ' | b'=' | b':' | b'"' | b'\'')
    });
    let glued = end == before.len();
    let start = run_start(before, end, 24, |c| {
        c.is_ascii_alphabetic() || c == b'_' || c == b'-'
    });
    let word = before[start..end].to_ascii_lowercase();
    if glued {
        // Only a lone `v` may touch the number.
        return word == b"v";
    }
    let last = word
        .rsplit(|c| *c == b'_' || *c == b'-')
        .next()
        .unwrap_or_default();
    matches!(
        last,
        b"v" | b"version" | b"ver" | b"build" | b"release" | b"firmware" | b"kernel" | b"rev"
    )
}

fn v6_byte(c: u8) -> bool {
    c.is_ascii_hexdigit() || c == b':' || c == b'.'
}

/// The IPv6 address in the run of hex digits, colons and dots around the colon at
/// `colon`, if there is one. Returns the end of that run, so the caller skips the
/// colons inside it.
pub(in super::super) fn v6(b: &[u8], colon: usize, out: &mut Vec<Span>) -> usize {
    let mut start = run_start(b, colon, 45, v6_byte);
    let run = run_end(b, colon, 45, v6_byte);
    if is_before(b, start, is_word) {
        // A short label glued on by one colon (`ip6:2001:db8::1` in an SPF record,
        // `addr:fe80::1`): the address starts after the label's colon.
        let label = run_start(b, start, 8, |c| c.is_ascii_alphanumeric());
        let first = b[start..run]
            .iter()
            .position(|c| *c == b':')
            .map(|i| start + i);
        match first {
            Some(f)
                if !is_before(b, label, is_word)
                    && b[label].is_ascii_alphabetic()
                    && b.get(f + 1) != Some(&b':') =>
            {
                start = f + 1
            }
            _ => return run,
        }
    }
    // A word byte on either side (`std::net`, `T23:37`) makes it part of something else.
    if is_before(b, start, is_word) || is_at(b, run, is_word) {
        return run;
    }
    let mut end = run;
    while end > start && matches!(b[end - 1], b':' | b'.') && !b[start..end].ends_with(b"::") {
        end -= 1;
    }
    let s = &b[start..end];
    // At least two colons and a decimal digit: `a::b` and `dead::beef` are paths and
    // words far more often than addresses.
    if s.iter().filter(|c| **c == b':').count() < 2 || !s.iter().any(u8::is_ascii_digit) {
        return run;
    }
    let parsed = std::str::from_utf8(s)
        .ok()
        .and_then(|s| s.parse::<Ipv6Addr>().ok());
    if parsed.is_some() {
        push(out, start, end, kind::IP, 0.9);
    } else {
        super::mac::colon(b, start, end, out);
    }
    run
}
