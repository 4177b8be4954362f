//! IBANs: a country code, two check digits and the country's registered length of
//! upper-case letters and digits (single spaces allowed between them), passing mod-97.

use super::super::bytes::{is_at, is_before};
use super::{kind, push, Span};

/// IBAN length per country (ISO 13616 registry, the common ones).
fn country_len(cc: &[u8]) -> Option<usize> {
    Some(match cc {
        b"AD" => 24,
        b"AE" => 23,
        b"AL" => 28,
        b"AT" => 20,
        b"AZ" => 28,
        b"BA" => 20,
        b"BE" => 16,
        b"BG" => 22,
        b"BH" => 22,
        b"BR" => 29,
        b"CH" => 21,
        b"CR" => 22,
        b"CY" => 28,
        b"CZ" => 24,
        b"DE" => 22,
        b"DK" => 18,
        b"DO" => 28,
        b"EE" => 20,
        b"EG" => 29,
        b"ES" => 24,
        b"FI" => 18,
        b"FO" => 18,
        b"FR" => 27,
        b"GB" => 22,
        b"GE" => 22,
        b"GI" => 23,
        b"GL" => 18,
        b"GR" => 27,
        b"GT" => 28,
        b"HR" => 21,
        b"HU" => 28,
        b"IE" => 22,
        b"IL" => 23,
        b"IS" => 26,
        b"IT" => 27,
        b"JO" => 30,
        b"KW" => 30,
        b"KZ" => 20,
        b"LB" => 28,
        b"LI" => 21,
        b"LT" => 20,
        b"LU" => 20,
        b"LV" => 21,
        b"MC" => 27,
        b"MD" => 24,
        b"ME" => 22,
        b"MK" => 19,
        b"MR" => 27,
        b"MT" => 31,
        b"MU" => 30,
        b"NL" => 18,
        b"NO" => 15,
        b"PK" => 24,
        b"PL" => 28,
        b"PS" => 29,
        b"PT" => 25,
        b"QA" => 29,
        b"RO" => 24,
        b"RS" => 22,
        b"SA" => 24,
        b"SE" => 24,
        b"SI" => 19,
        b"SK" => 24,
        b"SM" => 27,
        b"TN" => 24,
        b"TR" => 26,
        b"UA" => 29,
        b"VG" => 24,
        b"XK" => 20,
        _ => return None,
    })
}

/// The IBAN whose word starts at `ws` (two upper-case letters, then the digit at
/// `ws + 2`), if there is one.
pub(in super::super) fn at(b: &[u8], ws: usize, out: &mut Vec<Span>) {
    if !is_before(b, ws, |c| c.is_ascii_alphanumeric()) {
        glued(b, ws, out);
    }
}

/// The IBAN starting at `ws` whatever comes before it: a SWIFT MT940 subfield glues its
/// two-digit code to the value (`?31DE87600501017697897635`).
pub(in super::super) fn glued(b: &[u8], ws: usize, out: &mut Vec<Span>) {
    let Some(cc) = b.get(ws..ws + 2) else {
        return;
    };
    let Some(len) = country_len(cc) else {
        return;
    };
    // Collect `len` characters, skipping single spaces between them.
    let mut chars = [0u8; 34];
    let mut n = 0;
    let mut i = ws;
    while n < len {
        match b.get(i).copied() {
            Some(c) if c.is_ascii_uppercase() || c.is_ascii_digit() => {
                chars[n] = c;
                n += 1;
                i += 1;
            }
            Some(b' ')
                if n > 0 && is_at(b, i + 1, |c| c.is_ascii_uppercase() || c.is_ascii_digit()) =>
            {
                i += 1
            }
            _ => return,
        }
    }
    if !chars[2].is_ascii_digit()
        || !chars[3].is_ascii_digit()
        || is_at(b, i, |c| c.is_ascii_alphanumeric())
    {
        return;
    }
    // Mod-97 over the rearranged characters (letters as two digits, A = 10).
    let mut rem = 0u32;
    for c in chars[4..len].iter().chain(&chars[..4]) {
        rem = match c {
            b'0'..=b'9' => (rem * 10 + u32::from(c - b'0')) % 97,
            _ => (rem * 100 + u32::from(c - b'A') + 10) % 97,
        };
    }
    if rem == 1 {
        push(out, ws, i, kind::IBAN, 0.95);
    }
}
