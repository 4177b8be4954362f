//! The single scan that finds candidates for every built-in detector without running a
//! regex over the whole text: `@` for e-mail (memchr), `:` and `-` for IPv6 and MAC
//! addresses (memchr2), the literal prefixes of tokens (Aho-Corasick), and words that
//! hold a digit for everything numeric (a skip eight bytes at a time). Prose with none
//! of these is passed over at memory speed; each candidate costs a short parse.

use super::bytes::{is_before, next_digit, run_end, run_start};
use super::detectors::{card, column, crypto, email, iban, ip, mac, phone, ssn, tokens};
use super::Span;

/// Every validated candidate of every built-in detector in `text` (overlaps are
/// resolved by the caller).
pub(super) fn run(text: &str, out: &mut Vec<Span>) {
    let b = text.as_bytes();
    for at in memchr::memchr_iter(b'@', b) {
        email::at(b, at, out);
    }
    let mut cursor = 0;
    for at in memchr::memchr2_iter(b':', b'-', b) {
        if at < cursor {
            continue;
        }
        cursor = if b[at] == b':' {
            ip::v6(b, at, out)
        } else {
            mac::dash(b, at, out)
        };
    }
    tokens::all(b, out);
    numbers(b, out);
}

/// Where the next card and phone may start: each skips the candidate it examined, as a
/// regex's `find_iter` does, so a rejected 16-digit run is not re-read as a phone from
/// its second group.
#[derive(Default)]
struct Cursors {
    card: usize,
    phone: usize,
    /// The table blocks found so far, for the phone detector's column headers.
    tables: column::Tables,
}

/// The detectors of values that hold a digit, run once per word that holds one.
fn numbers(b: &[u8], out: &mut Vec<Span>) {
    let mut cur = Cursors::default();
    let mut i = 0;
    while let Some(p) = next_digit(b, i) {
        let ws = run_start(b, p, 64, |c| c.is_ascii_alphanumeric());
        let we = run_end(b, p, usize::MAX, |c| c.is_ascii_alphanumeric());
        if ws == p {
            numeric(b, p, &mut cur, out);
            // A SWIFT MT940 statement glues a two-digit subfield code to its value
            // (`?31DE87600501017697897635`).
            if is_before(b, p, |c| c == b'?') && we - p > 4 && b[p + 1].is_ascii_digit() {
                iban::glued(b, p + 2, out);
            }
        } else if p - ws == 2 && b[ws].is_ascii_uppercase() && b[ws + 1].is_ascii_uppercase() {
            iban::at(b, ws, out);
        }
        if matches!(b[ws], b'1' | b'3' | b'0' | b'b' | b'B') && we - ws >= 14 {
            crypto::word(b, ws, we, out);
        }
        i = we;
    }
}

/// The digits among the next 40 bytes from `p` that a card or a phone could join: the
/// run of digits, spaces, dots, dashes, slashes and parentheses.
fn digits_ahead(b: &[u8], p: usize) -> usize {
    b[p..b.len().min(p + 40)]
        .iter()
        .take_while(|c| c.is_ascii_digit() || matches!(c, b' ' | b'.' | b'-' | b'/' | b'(' | b')'))
        .filter(|c| c.is_ascii_digit())
        .count()
}

/// The detectors of values that start at the digit `p` (or at a `+` or `(` before it).
fn numeric(b: &[u8], p: usize, cur: &mut Cursors, out: &mut Vec<Span>) {
    // What follows the digit run decides which detectors can apply: a lone short number
    // (`5 items`, `in 2024`) is none of them.
    let run = run_end(b, p, 16, |c| c.is_ascii_digit()) - p;
    let next = b.get(p + run).copied();
    let joined = matches!(
        next,
        Some(b'.' | b'-' | b' ' | b')' | b'(' | b'x' | b'X' | b'#' | b'/')
    );
    let opened = is_before(b, p, |c| c == b'+' || c == b'(');
    if run == 9 {
        ssn::bare(b, p, out);
    }
    // (Eight or nine bare digits go on to the phone detector, which keeps them only
    // after a phone word: `phone: "884329475"`, `Mobil: 41337301`.)
    if run < 8 && !joined && !opened {
        return;
    }
    if run <= 3 && next == Some(b'.') {
        ip::v4(b, p, out);
    }
    // A card needs 12 digits and a phone 8; count those within reach first.
    let ahead = digits_ahead(b, p);
    if run == 3 && matches!(next, Some(b'-' | b' ')) {
        ssn::at(b, p, out);
    }
    if p >= cur.card && ahead >= 12 {
        cur.card = card::at(b, p, out);
    }
    // Where a phone would start: `(555) …`, `+1 …`, `(+351) …`; a whole number in
    // parentheses (`(040 5841 3133)`) starts at its first digit.
    let mut s = p;
    if is_before(b, s, |c| c == b'(') && run <= 5 && next == Some(b')') {
        s -= 1;
    }
    if is_before(b, s, |c| c == b'+') {
        s -= 1;
        // `(+351) 912 …`, but not `(+358455822752)`, which starts at its `+`.
        if is_before(b, s, |c| c == b'(') && run <= 3 && next == Some(b')') {
            s -= 1;
        }
    }
    if s >= cur.phone && ahead + usize::from(opened) * 3 >= 8 {
        cur.phone = phone::at(b, s, out, &mut cur.tables);
    }
}
