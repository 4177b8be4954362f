//! E-mail addresses, found from each `@`: a local part of `[A-Za-z0-9._%+-]` that starts
//! with a letter or digit, and a domain of dot-separated labels whose last label is 2 to
//! 24 letters followed by a non-word byte.

use super::super::bytes::{is_before, is_word, run_end, run_start};
use super::{kind, push, Span};

/// Unit-type suffixes of systemd, which names template instances `name@instance.type`.
const SYSTEMD_UNITS: [&str; 6] = [
    ".service", ".socket", ".timer", ".mount", ".slice", ".scope",
];

fn local(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-')
}

fn label(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-'
}

/// The address around the `@` at `at`, if there is one.
pub(in super::super) fn at(b: &[u8], at: usize, out: &mut Vec<Span>) {
    let mut start = run_start(b, at, 64, local);
    while start < at && !b[start].is_ascii_alphanumeric() {
        start += 1;
    }
    if start == at {
        return;
    }
    // `scheme://user:password@host` or `scheme://user@host`: the userinfo of a URL, not
    // an address (the password is the token detector's). Only then is the local part
    // right after a `:` or `/`; an address later in a URL's path or query
    // (`?email=ana@example.org`), or after a URL in a CSV row, is one.
    if is_before(b, start, |c| c == b':' || c == b'/') {
        let token_start = run_start(b, start, 256, |c| {
            !c.is_ascii_whitespace()
                && !matches!(
                    c,
                    b'"' | b'\'' | b',' | b';' | b'|' | b'<' | b'>' | b'(' | b')'
                )
        });
        if let Some(scheme_end) = b[token_start..start]
            .windows(3)
            .rposition(|w| w == b"://")
            .map(|i| token_start + i + 3)
        {
            if !b[scheme_end..start]
                .iter()
                .any(|c| matches!(c, b'/' | b'?' | b'#' | b'&' | b'='))
            {
                return;
            }
        }
    }
    // `sip:+441316348709@trunk.example.net`: a SIP URI whose user part is an
    // international telephone number (RFC 3261 §19.1.6) names a phone, not a mailbox;
    // the phone detector finds it (one without its `+` stays an address: the phone
    // detector would not take it).
    if start > 0
        && b[start - 1] == b'+'
        && (8..=15).contains(&(at - start))
        && b[start..at].iter().all(u8::is_ascii_digit)
    {
        let scheme = &b[..start - 1];
        let sip = [&b"sip:"[..], &b"sips:"[..]]
            .into_iter()
            .find(|x| scheme.ends_with(x));
        if sip.is_some_and(|x| !is_before(b, scheme.len() - x.len(), |c| c.is_ascii_alphanumeric()))
        {
            return;
        }
    }
    // A message id has an address's shape only: in a header
    // (`Message-ID: <2024…@mx.example.com>`) or a log's `id=` (Exim's TLS session ids,
    // `id=ef5ecd57.61e70071@walla.co.il`).
    let hex_id = |l: &[u8]| {
        let mut halves = l.split(|c| *c == b'.');
        let hex = |h: Option<&[u8]>| {
            h.is_some_and(|h| h.len() >= 6 && h.iter().all(u8::is_ascii_hexdigit))
        };
        hex(halves.next()) && hex(halves.next()) && halves.next().is_none()
    };
    if b[..start].ends_with(b" id=") && hex_id(&b[start..at]) {
        return;
    }
    // The id is the one token after the header's name (or a JSON key of that name),
    // whatever it holds (`<CANQNmN9RTKnfnbv=ysir…@mail.gmail.com>`); an address later
    // on the line, after a space or a comma, is one. No allocation: this runs at every `@`.
    const HEADERS: [&[u8]; 3] = [b"message-id", b"in-reply-to", b"references"];
    let token = run_start(b, start, 128, |c| {
        !(c.is_ascii_whitespace() || matches!(c, b',' | b'"' | b'<' | b'>'))
    });
    let mut k = token;
    while k > 0 && token - k < 4 && matches!(b[k - 1], b'"' | b':' | b' ' | b'<') {
        k -= 1;
    }
    let named = |k: usize| {
        HEADERS
            .iter()
            .any(|h| k >= h.len() && b[k - h.len()..k].eq_ignore_ascii_case(h))
    };
    if named(k) {
        return;
    }
    // Every id on a `References:` or `In-Reply-To:` line (`<a@x> <b@y>`).
    if is_before(b, start, |c| c == b'<') {
        let line_start = run_start(b, start, 64, |c| c != b'\n');
        let line = b[line_start..start].to_ascii_lowercase();
        if HEADERS
            .iter()
            .any(|h| line.windows(h.len()).any(|w| w == *h))
        {
            return;
        }
    }
    // Labels: each a run of label bytes, joined by single dots.
    let mut i = at + 1;
    let mut end = None;
    let mut labels = 0;
    loop {
        let e = run_end(b, i, 63, label);
        if e == i {
            break;
        }
        labels += 1;
        let l = &b[i..e];
        let boundary = !b.get(e).copied().is_some_and(is_word);
        if labels >= 2
            && (2..=24).contains(&l.len())
            && l.iter().all(u8::is_ascii_alphabetic)
            && boundary
        {
            end = Some(e);
        }
        if b.get(e) == Some(&b'.') && b.get(e + 1).copied().is_some_and(label) && labels < 16 {
            i = e + 1;
        } else {
            break;
        }
    }
    // A systemd template unit (`app@1.service`, `getty@tty1.service`) has an
    // address's shape; its suffix is no top-level domain.
    let unit = |end: usize| {
        SYSTEMD_UNITS
            .iter()
            .any(|u| b[..end].ends_with(u.as_bytes()))
    };
    if let Some(end) = end.filter(|e| !unit(*e)) {
        push(out, start, end, kind::EMAIL, 0.95);
    }
}
