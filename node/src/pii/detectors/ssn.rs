//! US social security numbers: `AAA-GG-SSSS` (or space-separated, with less confidence;
//! or nine bare digits after an SSN context word, with less still) with a valid area
//! (not 000, 666 or 9xx), group (not 00) and serial (not 0000), not inside a longer
//! dash- or digit-joined number.

use super::super::bytes::{is_at, is_before, is_word};
use super::{kind, push, Span};

fn number(b: &[u8]) -> u32 {
    b.iter().fold(0, |a, d| a * 10 + u32::from(d - b'0'))
}

/// Whether the area, group and serial are ones the SSA issues.
fn issued(s: &[u8; 9]) -> bool {
    let (area, group, serial) = (number(&s[0..3]), number(&s[3..5]), number(&s[5..9]));
    area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
}

/// Nine bare digits at `p` (a whole word) after an SSN context word within the 24 bytes
/// before (`SSN`, `social security`, `soc sec`, any case): an SSN with less confidence.
pub(in super::super) fn bare(b: &[u8], p: usize, out: &mut Vec<Span>) {
    let Some(s) = b.get(p..p + 9) else {
        return;
    };
    if is_before(b, p, |c| is_word(c) || c == b'-') || is_at(b, p + 9, |c| is_word(c) || c == b'-')
    {
        return;
    }
    let mut d = [0u8; 9];
    d.copy_from_slice(s);
    if !d.iter().all(u8::is_ascii_digit) {
        return;
    }
    let before = b[p.saturating_sub(24)..p].to_ascii_lowercase();
    let context = [&b"ssn"[..], b"social security", b"soc sec"]
        .iter()
        .any(|w| before.windows(w.len()).any(|x| x == *w));
    if context && issued(&d) {
        push(out, p, p + 9, kind::SSN, 0.7);
    }
}

/// The SSN starting at `p` (a digit that starts a word), if there is one.
pub(in super::super) fn at(b: &[u8], p: usize, out: &mut Vec<Span>) {
    let Some(s) = b.get(p..p + 11) else {
        return;
    };
    let sep = s[3];
    let shape = s.iter().enumerate().all(|(i, c)| match i {
        3 | 6 => *c == sep,
        _ => c.is_ascii_digit(),
    });
    if !shape || !matches!(sep, b'-' | b' ') {
        return;
    }
    // Inside a longer joined number (`1-123-45-6789`, `12 123 45 6789 0`): not an SSN.
    let glued_before = is_before(b, p, |c| is_word(c) || c == b'-')
        || (is_before(b, p, |c| c == sep) && p >= 2 && b[p - 2].is_ascii_digit());
    let glued_after = is_at(b, p + 11, is_word)
        || (is_at(b, p + 11, |c| c == sep || c == b'-')
            && is_at(b, p + 12, |c| c.is_ascii_digit()));
    if glued_before || glued_after {
        return;
    }
    let mut d = [0u8; 9];
    d[..3].copy_from_slice(&s[0..3]);
    d[3..5].copy_from_slice(&s[4..6]);
    d[5..].copy_from_slice(&s[7..11]);
    if !issued(&d) {
        return;
    }
    let score = if sep == b'-' { 0.85 } else { 0.6 };
    push(out, p, p + 11, kind::SSN, score);
}
