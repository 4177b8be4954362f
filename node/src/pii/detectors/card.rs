//! Payment card numbers: 12 to 19 digits with one separator kind (space or dash) or
//! none, in a grouping cards are printed in (fours with a shorter last group, 4-6-5,
//! 4-6-4, 4-4-5), passing Luhn, with the issuer prefix and length of a current scheme
//! (Visa, Mastercard incl. the 2-series, Amex, Discover, JCB, Diners, UnionPay,
//! Maestro, Mir).

use super::super::bytes::{is_before, is_word};
use super::{kind, phone, push, Span};

fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let d = u32::from(*d);
            match (i % 2 == 1, d * 2) {
                (true, x) if x > 9 => x - 9,
                (true, x) => x,
                (false, _) => d,
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
                || matches!(p(2), 50 | 56..=58) && (12..=19).contains(&n)
        } // Mastercard, Maestro (50, 56-58; 59 is no scheme's: `590…` is an EAN-13)
        2 => {
            (2221..=2720).contains(&p(4)) && n == 16 // Mastercard 2-series
                || (2200..=2204).contains(&p(4)) && (16..=19).contains(&n) // Mir
        }
        3 => {
            (matches!(p(2), 34 | 37) && n == 15) // Amex
                || ((3528..=3589).contains(&p(4)) && (16..=19).contains(&n)) // JCB
                || (((300..=305).contains(&p(3)) || matches!(p(2), 36 | 38 | 39))
                    && (14..=19).contains(&n)) // Diners
        }
        6 => {
            (16..=19).contains(&n)
                && (p(4) == 6011
                    || p(2) == 65
                    || (644..=649).contains(&p(3))
                    || p(2) == 62
                    || (56..=69).contains(&p(2)))
        } // Discover, UnionPay, Maestro
        // UATP (1, 15 digits) is left out: its numbers read like 15-digit ids (thread
        // ids, timestamps) far more often than they appear in text.
        _ => false,
    }
}

/// Whether a separated number is grouped as cards are printed: fours with a last group
/// of one to four (`4111 1111 1111 1111`, `…1111 111`), Amex and Diners' 4-6-5 and
/// 4-6-4, or a 13-digit Visa's 4-4-5. An order number grouped 3-7-7 is not a card whatever its digits.
fn printed_grouping(s: &[u8]) -> bool {
    let lens: Vec<usize> = s.split(|c| !c.is_ascii_digit()).map(<[u8]>::len).collect();
    let Some((last, rest)) = lens.split_last() else {
        return false;
    };
    let fours = rest.iter().all(|l| *l == 4) && (1..=4).contains(last);
    fours || lens == [4, 6, 5] || lens == [4, 6, 4] || lens == [4, 4, 5]
}

/// The card number starting at `p` (a digit that starts a word), if there is one.
/// Returns the end of the candidate examined, valid or not, so the caller does not look
/// for another card inside it (as a regex's `find_iter` would not).
pub(in super::super) fn at(b: &[u8], p: usize, out: &mut Vec<Span>) -> usize {
    // A card number starts a word. After a `+` that starts a token, up to 14 digits
    // are dialled (`+4917117845447`); 15 and more are a card (a diff's added line,
    // `+4111111111111111`), and `my+card+4111…` is form-encoded text.
    let dialled = is_before(b, p, |c| c == b'+') && !(p >= 2 && is_word(b[p - 2]));
    if is_before(b, p, is_word) {
        return p;
    }
    let mut digits = [0u8; 19];
    let mut n = 0;
    let mut sep = None;
    // The longest candidate ends at a group end (a digit not followed by a word byte).
    let mut best: Option<(usize, usize)> = None;
    let mut i = p;
    while let Some(c) = b.get(i).copied().filter(u8::is_ascii_digit) {
        if n == 19 {
            break;
        }
        digits[n] = c - b'0';
        n += 1;
        i += 1;
        let next = b.get(i).copied();
        if n >= 12 && !next.is_some_and(is_word) {
            best = Some((n, i));
        }
        match next {
            Some(s @ (b' ' | b'-')) if b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                if *sep.get_or_insert(s) != s {
                    break;
                }
                i += 1;
            }
            _ => {}
        }
    }
    let Some((n, end)) = best else {
        return i;
    };
    if sep.is_some() && !printed_grouping(&b[p..end]) {
        return end;
    }
    // Thirteen bare digits after an identity word are that identity number (a South
    // African ID number passes Luhn too).
    if luhn(&digits[..n])
        && issuer(&digits[..n])
        && !(dialled && n <= 14)
        && !(n == 13 && sep.is_none() && phone::identity_before(b, p))
    {
        push(out, p, end, kind::CARD, 0.95);
    }
    end
}
