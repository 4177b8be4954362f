//! The sampled filter's scan with AVX-512, eight sampled positions a step: two 64-byte
//! loads, one byte permute that cuts the eight windows out of them, one 64-bit multiply,
//! one gather of the eight filter words. The same hash, word and bits as
//! [`Sampled::probe`], so a filter built by the scalar code serves both.

use std::arch::x86_64::*;
use std::sync::OnceLock;

use super::{window, Sampled, BIT0, BIT1, BIT2, HASH, MAX_STRIDE, WINDOW};

/// Whether this CPU runs [`find`] (checked once per process).
pub(super) fn available() -> bool {
    static HAS: OnceLock<bool> = OnceLock::new();
    *HAS.get_or_init(|| {
        std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512bw")
            && std::arch::is_x86_feature_detected!("avx512dq")
            && std::arch::is_x86_feature_detected!("avx512vbmi")
    })
}

/// Bytes read at each step: two 64-byte vectors.
const SPAN: usize = 128;

// Eight windows of WINDOW bytes, `stride` apart, lie within the two vectors at any
// stride the scanner uses (7 * 16 + 6 = 118 <= 128).
const _: () = assert!(7 * MAX_STRIDE + WINDOW <= SPAN);

/// Scans `b` from 0 while a whole step fits and returns where it stopped (the scalar
/// loop goes on from there). Hits are confirmed by [`Sampled::confirm`].
///
/// # Safety
/// The CPU must have avx512f, avx512bw, avx512dq and avx512vbmi ([`available`]).
#[target_feature(enable = "avx512f,avx512bw,avx512dq,avx512vbmi")]
pub(super) unsafe fn find(
    s: &Sampled,
    b: &[u8],
    all: &[Vec<u8>],
    out: &mut Vec<(usize, usize, usize)>,
) -> usize {
    let stride = s.stride;
    // Byte j of lane i takes byte i * stride + j of the 128 (bytes 6 and 7 of each lane
    // are zeroed by the mask below, as `window` leaves them).
    let mut idx = [0u8; 64];
    for (k, x) in idx.iter_mut().enumerate() {
        *x = ((k / 8) * stride + (k % 8).min(WINDOW - 1)) as u8;
    }
    // SAFETY: `idx` is 64 readable bytes.
    let idx = unsafe { _mm512_loadu_si512(idx.as_ptr().cast()) };
    let low_six: u64 = 0x3F3F_3F3F_3F3F_3F3F;
    let mult = _mm512_set1_epi64(HASH as i64);
    let shift = _mm_cvtsi32_si128(s.shift() as i32);
    let one = _mm512_set1_epi64(1);
    let six_bits = _mm512_set1_epi64(63);
    let bits = s.bits.as_ptr();
    let step = 8 * stride;
    let mut q = 0;
    while q + SPAN <= b.len() {
        // SAFETY: q + 128 <= b.len(), so both 64-byte loads are inside `b`.
        let (lo, hi) = unsafe {
            let p = b.as_ptr().add(q);
            (
                _mm512_loadu_si512(p.cast()),
                _mm512_loadu_si512(p.add(64).cast()),
            )
        };
        let w = _mm512_maskz_permutex2var_epi8(low_six, lo, idx, hi);
        let h = _mm512_mullo_epi64(w, mult);
        let word = _mm512_srl_epi64(h, shift);
        let m0 = _mm512_sllv_epi64(
            one,
            _mm512_and_si512(_mm512_srli_epi64::<BIT0>(h), six_bits),
        );
        let m1 = _mm512_sllv_epi64(
            one,
            _mm512_and_si512(_mm512_srli_epi64::<BIT1>(h), six_bits),
        );
        let m2 = _mm512_sllv_epi64(
            one,
            _mm512_and_si512(_mm512_srli_epi64::<BIT2>(h), six_bits),
        );
        let mask = _mm512_ternarylogic_epi64::<0xFE>(m0, m1, m2);
        // SAFETY: every lane of `word` is h >> (64 - (order - 6)) < 2^(order - 6) =
        // bits.len(), so each gathered u64 is inside `bits`.
        let got = unsafe { _mm512_i64gather_epi64::<8>(word, bits.cast()) };
        // Lanes whose three bits are all set in their word.
        let missing = _mm512_andnot_si512(got, mask);
        let hit = _mm512_testn_epi64_mask(missing, missing);
        if hit != 0 {
            confirm_lanes(s, b, q, hit, all, out);
        }
        q += step;
    }
    q
}

/// The scalar confirmation of the lanes set in `hit`.
#[cold]
#[inline(never)]
fn confirm_lanes(
    s: &Sampled,
    b: &[u8],
    q: usize,
    mut hit: u8,
    all: &[Vec<u8>],
    out: &mut Vec<(usize, usize, usize)>,
) {
    while hit != 0 {
        let i = hit.trailing_zeros() as usize;
        hit &= hit - 1;
        let at = q + i * s.stride;
        s.confirm(b, at, window(b, at), all, out);
    }
}
