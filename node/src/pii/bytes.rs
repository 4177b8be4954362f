//! Byte classes and the fast skips the scanner's passes share. All offsets are byte
//! offsets; the classes are ASCII, so a non-ASCII byte is never part of a value and a
//! span never starts or ends inside a UTF-8 sequence.

/// A byte of a word: ASCII letter, digit or `_` (what `\b` separates).
pub(super) fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The byte at `i`, if any.
pub(super) fn at(b: &[u8], i: usize) -> Option<u8> {
    b.get(i).copied()
}

/// The byte before `i`, if any.
pub(super) fn before(b: &[u8], i: usize) -> Option<u8> {
    i.checked_sub(1).map(|j| b[j])
}

/// Whether the byte at `i` exists and satisfies `f`.
pub(super) fn is_at(b: &[u8], i: usize, f: impl Fn(u8) -> bool) -> bool {
    at(b, i).is_some_and(f)
}

/// Whether the byte before `i` exists and satisfies `f`.
pub(super) fn is_before(b: &[u8], i: usize, f: impl Fn(u8) -> bool) -> bool {
    before(b, i).is_some_and(f)
}

/// The end of the run of bytes satisfying `f` that starts at `i`, at most `max` long.
pub(super) fn run_end(b: &[u8], i: usize, max: usize, f: impl Fn(u8) -> bool) -> usize {
    let limit = b.len().min(i.saturating_add(max));
    let mut j = i;
    while j < limit && f(b[j]) {
        j += 1;
    }
    j
}

/// The start of the run of bytes satisfying `f` that ends at `i`, at most `max` long.
pub(super) fn run_start(b: &[u8], i: usize, max: usize, f: impl Fn(u8) -> bool) -> usize {
    let limit = i.saturating_sub(max);
    let mut j = i;
    while j > limit && f(b[j - 1]) {
        j -= 1;
    }
    j
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether any of the eight bytes of `x` is an ASCII digit: XOR maps `0`..`9` to 0..9,
/// then the "has a byte less than 10" test (exact for a bound up to 128; bytes with the
/// high bit set are excluded by `!y`).
fn has_digit(x: u64) -> bool {
    let y = x ^ (ONES * 0x30);
    y.wrapping_sub(ONES * 10) & !y & HIGHS != 0
}

/// The index of the first ASCII digit at or after `from`: eight bytes at a time, so
/// prose without digits is skipped at several bytes a cycle.
pub(super) fn next_digit(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i + 8 <= b.len() {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[i..i + 8]);
        if has_digit(u64::from_le_bytes(w)) {
            break;
        }
        i += 8;
    }
    b.get(i..)?
        .iter()
        .position(u8::is_ascii_digit)
        .map(|p| i + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_digit_finds_every_digit_and_nothing_else() {
        // Every byte value at every offset of a chunk, so the SWAR test is exercised at
        // each lane with each neighbour.
        for v in 0u8..=255 {
            for off in 0..17 {
                let mut b = vec![b'a'; 24];
                b[off] = v;
                let want = if v.is_ascii_digit() { Some(off) } else { None };
                assert_eq!(next_digit(&b, 0), want, "byte {v} at {off}");
            }
        }
        assert_eq!(next_digit(b"ab9", 3), None);
        assert_eq!(next_digit(b"1a2", 1), Some(2));
    }
}
