//! The forms a secret value can take in a tool's output: as it is, base64 (standard and
//! URL-safe, at each of the three byte alignments it can sit at inside a longer encoded
//! stream), hex (lower and upper case), percent-encoding (of the reserved bytes, of all
//! but letters and digits, of every byte; upper and lower case), and a JSON string's
//! escaping.

use base64::Engine;

/// Shortest form searched for: a shorter needle would match by chance in ordinary text
/// (a value's short base64 middles are dropped; a secret shorter than this is not
/// searched for at all, see [`super::scan::MIN_SECRET`]).
pub(super) const MIN_FORM: usize = 6;

/// Every distinct form of `v`, each at least [`MIN_FORM`] bytes.
pub(super) fn of(v: &[u8]) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = vec![v.to_vec()];
    for engine in [
        &base64::engine::general_purpose::STANDARD_NO_PAD,
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
    ] {
        for align in 0..3 {
            out.push(base64_middle(engine, v, align));
        }
    }
    out.push(hex::encode(v).into_bytes());
    out.push(hex::encode_upper(v).into_bytes());
    for keep in [Keep::Unreserved, Keep::Alphanumeric, Keep::Nothing] {
        out.push(percent(v, keep, false));
        out.push(percent(v, keep, true));
    }
    if let Ok(s) = std::str::from_utf8(v) {
        let quoted = serde_json::Value::String(s.to_string()).to_string();
        out.push(quoted.as_bytes()[1..quoted.len() - 1].to_vec());
        // `\/` is a valid escape some encoders use (PHP's default).
        out.push(quoted[1..quoted.len() - 1].replace('/', "\\/").into_bytes());
    }
    out.retain(|f| f.len() >= MIN_FORM);
    out.sort();
    out.dedup();
    out
}

/// The characters of `v`'s base64 that depend on `v` alone when it follows `align`
/// bytes (0, 1 or 2) of a 3-byte group: the stable middle of any stream holding it there.
fn base64_middle(engine: &base64::engine::GeneralPurpose, v: &[u8], align: usize) -> Vec<u8> {
    let mut buf = vec![0u8; align];
    buf.extend_from_slice(v);
    let enc = engine.encode(&buf);
    // Character i covers bits 6i..6i+6 of the buffer; the value's bits are
    // 8·align .. 8·(align + len).
    let first = (8 * align).div_ceil(6);
    let last = (8 * (align + v.len())) / 6;
    enc.as_bytes()
        .get(first..last.min(enc.len()))
        .unwrap_or_default()
        .to_vec()
}

/// Which bytes a percent-encoder leaves as they are.
#[derive(Clone, Copy)]
enum Keep {
    /// RFC 3986's unreserved set (`encodeURIComponent`, Python's `quote`).
    Unreserved,
    /// Letters and digits only (encoders that also escape `-._~`).
    Alphanumeric,
    /// None: every byte as `%XX`.
    Nothing,
}

/// Percent-encoding of every byte but those `keep` names, hex in upper or lower case.
fn percent(v: &[u8], keep: Keep, lower: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(v.len() * 3);
    for &c in v {
        let kept = match keep {
            Keep::Unreserved => c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~'),
            Keep::Alphanumeric => c.is_ascii_alphanumeric(),
            Keep::Nothing => false,
        };
        if kept {
            out.push(c);
        } else {
            let h = if lower {
                hex::encode([c])
            } else {
                hex::encode_upper([c])
            };
            out.push(b'%');
            out.extend_from_slice(h.as_bytes());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_middles_are_found_inside_longer_streams_at_every_alignment() {
        let secret = b"hunter2-correct-horse";
        let forms = of(secret);
        for engine in [
            &base64::engine::general_purpose::STANDARD,
            &base64::engine::general_purpose::URL_SAFE,
        ] {
            for before in 0..6 {
                for after in 0..4 {
                    let mut stream = vec![b'x'; before];
                    stream.extend_from_slice(secret);
                    stream.extend(std::iter::repeat_n(b'y', after));
                    let enc = engine.encode(&stream);
                    assert!(
                        forms
                            .iter()
                            .any(|f| enc.as_bytes().windows(f.len()).any(|w| w == f.as_slice())),
                        "{before} before, {after} after: {enc}"
                    );
                }
            }
        }
    }

    #[test]
    fn an_encoder_that_escapes_unreserved_bytes_too_is_covered() {
        let forms = of(b"lb-45a2.x_y~z");
        for want in [&b"lb%2D45a2%2Ex%5Fy%7Ez"[..], b"lb%2d45a2%2ex%5fy%7ez"] {
            assert!(
                forms.iter().any(|f| f == want),
                "{}",
                String::from_utf8_lossy(want)
            );
        }
    }

    #[test]
    fn every_other_form_is_there() {
        let forms = of(b"p@ss/w\"rd");
        for want in [
            &b"p@ss/w\"rd"[..],
            b"704073732f77227264",
            b"704073732F77227264",
            b"p%40ss%2Fw%22rd",
            b"p%40ss%2fw%22rd",
            b"%70%40%73%73%2F%77%22%72%64",
            b"p@ss/w\\\"rd",
            b"p@ss\\/w\\\"rd",
        ] {
            assert!(
                forms.iter().any(|f| f == want),
                "{}",
                String::from_utf8_lossy(want)
            );
        }
    }
}
