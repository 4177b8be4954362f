//! MAC (EUI-48) addresses: six pairs of hex digits joined by one kind of separator,
//! `:` (from the IPv6 run that did not parse) or `-` (from the dash pass), with no word
//! byte on either side.

use super::super::bytes::{is_at, is_before, is_word, run_end, run_start};
use super::{kind, push, Span};

/// Whether `s` is six hex pairs joined by `sep`.
fn pairs(s: &[u8], sep: u8) -> bool {
    s.len() == 17
        && s.iter().enumerate().all(|(i, c)| {
            if i % 3 == 2 {
                *c == sep
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

/// A colon-separated address spanning exactly `start..end`.
pub(super) fn colon(b: &[u8], start: usize, end: usize, out: &mut Vec<Span>) {
    if pairs(&b[start..end], b':') {
        push(out, start, end, kind::MAC, 0.9);
    }
}

/// The dash-separated address in the run of hex digits and dashes around the dash at
/// `dash`, if there is one. Returns the run's end, so the caller skips its dashes.
pub(in super::super) fn dash(b: &[u8], dash: usize, out: &mut Vec<Span>) -> usize {
    let hexdash = |c: u8| c.is_ascii_hexdigit() || c == b'-';
    let start = run_start(b, dash, 17, hexdash);
    let end = run_end(b, dash, 17, hexdash);
    if !is_before(b, start, |c| is_word(c) || c == b'-')
        && !is_at(b, end, is_word)
        && pairs(&b[start..end], b'-')
    {
        push(out, start, end, kind::MAC, 0.9);
    }
    end
}
