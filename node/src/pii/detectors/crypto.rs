//! Cryptocurrency addresses, whole words only: Bitcoin base58check (P2PKH `1…`, P2SH
//! `3…`, checksum verified), Bitcoin bech32/bech32m (`bc1…`, checksum verified) and
//! Ethereum (`0x` and 40 hex digits; no checksum exists for an all-lower or all-upper
//! address, so a mixed-case one is accepted on shape too).

use sha2::{Digest, Sha256};

use super::{kind, push, Span};

const BASE58: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const BECH32: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/// Checks the word `ws..we` (a maximal run of letters and digits).
pub(in super::super) fn word(b: &[u8], ws: usize, we: usize, out: &mut Vec<Span>) {
    let w = &b[ws..we];
    let valid = match w.first() {
        Some(b'1' | b'3') => base58check(w),
        Some(b'b' | b'B') => bech32(w),
        Some(b'0') => w.len() == 42 && w[1] == b'x' && w[2..].iter().all(u8::is_ascii_hexdigit),
        _ => false,
    };
    if valid {
        push(out, ws, we, kind::CRYPTO, 0.9);
    }
}

/// A 25-byte base58check payload with version 0x00 or 0x05 and a valid checksum.
fn base58check(w: &[u8]) -> bool {
    if !(26..=35).contains(&w.len()) {
        return false;
    }
    let mut n = [0u8; 25];
    for c in w {
        let Some(v) = BASE58.iter().position(|x| x == c) else {
            return false;
        };
        let mut carry = v as u32;
        for byte in n.iter_mut().rev() {
            carry += u32::from(*byte) * 58;
            *byte = carry as u8;
            carry >>= 8;
        }
        if carry != 0 {
            return false;
        }
    }
    // Canonical: each leading `1` is one leading zero byte, and no more zeros.
    let ones = w.iter().take_while(|c| **c == b'1').count();
    let zeros = n.iter().take_while(|c| **c == 0).count();
    if ones != zeros {
        return false;
    }
    let check = Sha256::digest(Sha256::digest(&n[..21]));
    matches!(n[0], 0x00 | 0x05) && check[..4] == n[21..]
}

fn polymod(values: impl Iterator<Item = u8>) -> u32 {
    const GEN: [u32; 5] = [
        0x3b6a_57b2,
        0x2650_8e6d,
        0x1ea1_19fa,
        0x3d42_33dd,
        0x2a14_62b3,
    ];
    let mut chk = 1u32;
    for v in values {
        let top = chk >> 25;
        chk = ((chk & 0x01ff_ffff) << 5) ^ u32::from(v);
        for (i, g) in GEN.iter().enumerate() {
            if (top >> i) & 1 == 1 {
                chk ^= g;
            }
        }
    }
    chk
}

/// A `bc1` segwit address in one case whose bech32 (v0) or bech32m (v1+) checksum holds.
fn bech32(w: &[u8]) -> bool {
    if !(14..=74).contains(&w.len()) || !w[..3].eq_ignore_ascii_case(b"bc1") {
        return false;
    }
    let lower = w.iter().any(u8::is_ascii_lowercase);
    if lower && w.iter().any(u8::is_ascii_uppercase) {
        return false;
    }
    let mut data = Vec::with_capacity(w.len() - 3);
    for c in &w[3..] {
        match BECH32.iter().position(|x| *x == c.to_ascii_lowercase()) {
            Some(v) => data.push(v as u8),
            None => return false,
        }
    }
    let hrp = b"bc";
    let values = hrp
        .iter()
        .map(|c| c >> 5)
        .chain([0])
        .chain(hrp.iter().map(|c| c & 31))
        .chain(data.iter().copied());
    let expect = if data.first() == Some(&0) {
        1
    } else {
        0x2bc8_30a3
    };
    polymod(values) == expect
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums() {
        // The genesis block's address and a P2SH example, and each with one character changed.
        assert!(base58check(b"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"));
        assert!(!base58check(b"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"));
        assert!(base58check(b"3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"));
        assert!(!base58check(b"3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLz"));
        // BIP-173 and BIP-350 test vectors.
        assert!(bech32(b"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"));
        assert!(bech32(b"BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"));
        assert!(!bech32(b"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5"));
        assert!(bech32(
            b"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"
        ));
        assert!(!bech32(b"bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"));
    }
}
