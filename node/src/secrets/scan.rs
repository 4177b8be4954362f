//! The output secret scanner, applied to whole outputs (the sandbox hands over stdout
//! and stderr complete, so a value the tool wrote in pieces is whole here).
//!
//! Forms of 13 bytes or more (every form of a realistic secret) are found through
//! sampled Bloom filters: the text is read every `stride` bytes, the [`WINDOW`] bytes
//! there are looked up in a filter holding each pattern's windows at offsets
//! 0..`stride`, and only a hit is checked against the patterns that own that window.
//! Any occurrence of a pattern at least `WINDOW + stride - 1` long covers one sampled
//! position with its window whole, so none is missed. One filter holds every such form
//! and the text is read at the widest stride the shortest of them allows (at most
//! [`MAX_STRIDE`]; a second filter at a wider stride for the longer forms would only add
//! positions to read). Forms under 13 bytes go through one Aho-Corasick automaton.
//! Overlapping hits resolve leftmost, then longest. On a CPU with AVX-512 (VBMI) the
//! filter is read eight sampled positions a step (`scan/avx512.rs`); elsewhere one at a
//! time, with the same filter.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};

use super::forms;

#[cfg(target_arch = "x86_64")]
mod avx512;

/// Shortest secret value searched for: a shorter one would be found in ordinary text
/// by chance.
pub const MIN_SECRET: usize = 4;

/// Bytes of text looked up at each sampled position.
const WINDOW: usize = 6;
/// The widest stride (a filter holds `stride` windows of each pattern).
const MAX_STRIDE: usize = 16;
/// The narrowest: forms shorter than `WINDOW + MIN_STRIDE - 1` go to the automaton.
const MIN_STRIDE: usize = 8;

/// Shortest pattern a filter read every `stride` bytes can find.
const fn sampled_min(stride: usize) -> usize {
    WINDOW + stride - 1
}

/// The widest stride that finds every pattern at least `len` bytes long.
fn stride_for(len: usize) -> usize {
    (len + 1 - WINDOW).min(MAX_STRIDE)
}

/// The first [`WINDOW`] bytes at `at` as a number (the caller checked the length).
fn window(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w[..WINDOW].copy_from_slice(&b[at..at + WINDOW]);
    u64::from_le_bytes(w)
}

/// [`window`] where eight bytes can be read at `at`: one load and a mask.
#[inline(always)]
fn window8(b: &[u8; 8]) -> u64 {
    u64::from_le_bytes(*b) & ((1 << (8 * WINDOW)) - 1)
}

/// The multiplier of the window hash (the golden ratio's, as Fibonacci hashing uses).
const HASH: u64 = 0x9E37_79B9_7F4A_7C15;
/// Where the three 6-bit bit-position fields of a hash start (below the word index,
/// whose shift is at least 46).
const BIT0: u32 = 28;
const BIT1: u32 = 34;
const BIT2: u32 = 40;

/// The long patterns behind a Bloom filter of their windows.
#[derive(Clone, Default)]
struct Sampled {
    /// Bytes between two sampled positions.
    stride: usize,
    bits: Vec<u64>,
    /// log2 of the filter's size in bits.
    order: u32,
    /// Window → (pattern, offset of the window in it).
    owners: HashMap<u64, Vec<(u32, u8)>>,
}

impl Sampled {
    /// The filter word and the three bits of window `w` in it: a blocked Bloom filter,
    /// one memory access a lookup. The word comes from the hash's top bits (46 and up at
    /// the largest filter), the three bit positions from three 6-bit fields below them
    /// (bits 28..45); `avx512::find` computes the same, eight windows at a time.
    #[inline(always)]
    fn probe(&self, w: u64) -> (usize, u64) {
        let h = w.wrapping_mul(HASH);
        let word = (h >> self.shift()) as usize;
        let mask =
            1u64 << ((h >> BIT0) & 63) | 1u64 << ((h >> BIT1) & 63) | 1u64 << ((h >> BIT2) & 63);
        (word, mask)
    }

    /// The right shift that leaves a hash's word index.
    fn shift(&self) -> u32 {
        64 - (self.order - 6)
    }

    fn new(stride: usize, patterns: &[(usize, &[u8])]) -> Self {
        let windows = patterns.len() * stride;
        // About 12 bits a window (a false hit in a few hundred lookups) keeps the
        // filter small enough to stay in cache: 4 KiB to 2 MiB.
        let order = (windows.max(1) * 12)
            .next_power_of_two()
            .trailing_zeros()
            .clamp(15, 24);
        let mut s = Sampled {
            stride,
            bits: vec![0; (1usize << order) / 64],
            order,
            owners: HashMap::new(),
        };
        for (i, p) in patterns {
            for off in 0..stride {
                let w = window(p, off);
                let (word, mask) = s.probe(w);
                s.bits[word] |= mask;
                // Pattern ids and offsets fit: at most u32::MAX patterns, offsets < 16.
                s.owners.entry(w).or_default().push((*i as u32, off as u8));
            }
        }
        s
    }

    /// The patterns that own window `w` (seen at `q`) and occur there.
    #[cold]
    #[inline(never)]
    fn confirm(
        &self,
        b: &[u8],
        q: usize,
        w: u64,
        all: &[Vec<u8>],
        out: &mut Vec<(usize, usize, usize)>,
    ) {
        for &(id, off) in self.owners.get(&w).map(Vec::as_slice).unwrap_or_default() {
            let p = &all[id as usize];
            let Some(start) = q.checked_sub(off as usize) else {
                continue;
            };
            if b.get(start..start + p.len()) == Some(p.as_slice()) {
                out.push((start, start + p.len(), id as usize));
            }
        }
    }

    /// Every occurrence of a pattern in `b`: (start, end, pattern id).
    fn find(&self, b: &[u8], all: &[Vec<u8>], out: &mut Vec<(usize, usize, usize)>) {
        self.find_with(b, all, out, true)
    }

    /// [`Self::find`], with the AVX-512 scan where the CPU has it and `simd` allows it
    /// (the tests compare the two paths).
    fn find_with(
        &self,
        b: &[u8],
        all: &[Vec<u8>],
        out: &mut Vec<(usize, usize, usize)>,
        simd: bool,
    ) {
        if self.owners.is_empty() {
            return;
        }
        let mut q = 0;
        #[cfg(not(target_arch = "x86_64"))]
        let _ = simd;
        #[cfg(target_arch = "x86_64")]
        if simd && avx512::available() {
            // SAFETY: the CPU has the features `avx512::find` is compiled for (checked
            // at run time just above).
            q = unsafe { avx512::find(self, b, all, out) };
        }
        while q + WINDOW <= b.len() {
            // One load where eight bytes can be read (all but the last few positions).
            let w = match b.get(q..q + 8) {
                Some(eight) => window8(eight.try_into().unwrap_or(&[0; 8])),
                None => window(b, q),
            };
            let (word, mask) = self.probe(w);
            if !self.bits[word] & mask == 0 {
                self.confirm(b, q, w, all, out);
            }
            q += self.stride;
        }
    }
}

/// The search structures and, per pattern, the name of the secret it is a form of.
#[derive(Clone, Default)]
pub struct SecretScanner {
    patterns: Vec<Vec<u8>>,
    names: Vec<Arc<str>>,
    /// The forms of at least `sampled_min(MIN_STRIDE)` bytes.
    sampled: Sampled,
    /// The short patterns' automaton and, per automaton pattern, its id in `patterns`.
    short: Option<(AhoCorasick, Vec<usize>)>,
    secrets: usize,
}

impl std::fmt::Debug for SecretScanner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the values, nor their forms.
        f.debug_struct("SecretScanner")
            .field("secrets", &self.secrets)
            .field("patterns", &self.patterns.len())
            .finish()
    }
}

impl SecretScanner {
    /// A scanner for `secrets` (name, value); values shorter than [`MIN_SECRET`] are
    /// left out. Fails only if the automaton cannot be built (too many patterns).
    pub fn new<'a>(secrets: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Result<Self, String> {
        let mut patterns = Vec::new();
        let mut names = Vec::new();
        let mut count = 0;
        for (name, value) in secrets {
            if value.len() < MIN_SECRET {
                continue;
            }
            count += 1;
            let name: Arc<str> = Arc::from(name);
            for f in forms::of(value) {
                patterns.push(f);
                names.push(name.clone());
            }
        }
        let within = |lo: usize, hi: usize| -> Vec<(usize, &[u8])> {
            patterns
                .iter()
                .enumerate()
                .filter(|(_, p)| p.len() >= lo && p.len() < hi)
                .map(|(i, p)| (i, p.as_slice()))
                .collect()
        };
        let narrow_min = sampled_min(MIN_STRIDE);
        let members = within(narrow_min, usize::MAX);
        let shortest = members
            .iter()
            .map(|(_, p)| p.len())
            .min()
            .unwrap_or(narrow_min);
        let sampled = Sampled::new(stride_for(shortest), &members);
        let short_ids: Vec<usize> = (0..patterns.len())
            .filter(|i| patterns[*i].len() < narrow_min)
            .collect();
        let short = if short_ids.is_empty() {
            None
        } else {
            let ac = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(short_ids.iter().map(|i| &patterns[*i]))
                .map_err(|e| format!("cannot build the secret scanner: {e}"))?;
            Some((ac, short_ids))
        };
        Ok(SecretScanner {
            patterns,
            names,
            sampled,
            short,
            secrets: count,
        })
    }

    /// Which scan of the sampled filter this CPU runs: `AVX-512` or `scalar`.
    pub fn path() -> &'static str {
        #[cfg(target_arch = "x86_64")]
        if avx512::available() {
            return "AVX-512";
        }
        "scalar"
    }

    /// Secrets searched for.
    pub fn len(&self) -> usize {
        self.secrets
    }

    /// Whether no secret is searched for.
    pub fn is_empty(&self) -> bool {
        self.secrets == 0
    }

    /// The hits in `bytes` that do not overlap: leftmost first, the longest at a start.
    fn hits(&self, bytes: &[u8]) -> Vec<(usize, usize, usize)> {
        let mut all = Vec::new();
        self.sampled.find(bytes, &self.patterns, &mut all);
        if let Some((ac, ids)) = &self.short {
            all.extend(
                ac.find_iter(bytes)
                    .map(|m| (m.start(), m.end(), ids[m.pattern().as_usize()])),
            );
        }
        all.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut kept: Vec<(usize, usize, usize)> = Vec::with_capacity(all.len());
        for h in all {
            if kept.last().is_none_or(|k| h.0 >= k.1) {
                kept.push(h);
            }
        }
        kept
    }

    /// `bytes` with each form of each secret replaced by `[SECRET:NAME]`, counted per
    /// name in `hits`; `None` when nothing was found (the bytes stay as they are).
    pub fn redact(&self, bytes: &[u8], hits: &mut BTreeMap<String, u32>) -> Option<Vec<u8>> {
        let found = self.hits(bytes);
        if found.is_empty() {
            return None;
        }
        let mut o = Vec::with_capacity(bytes.len());
        let mut at = 0;
        for (start, end, id) in found {
            o.extend_from_slice(&bytes[at..start]);
            let name = &self.names[id];
            o.extend_from_slice(b"[SECRET:");
            o.extend_from_slice(name.as_bytes());
            o.push(b']');
            *hits.entry(name.to_string()).or_default() += 1;
            at = end;
        }
        o.extend_from_slice(&bytes[at..]);
        Some(o)
    }

    /// How many hits `bytes` holds (the benchmark's measure: search without rewriting).
    pub fn count(&self, bytes: &[u8]) -> usize {
        self.hits(bytes).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    #[test]
    fn sampled_and_short_patterns_are_found_at_every_offset_and_overlaps_resolve() {
        let long = b"0123456789abcdefghij";
        let s = SecretScanner::new([("LONG", &long[..]), ("SHORT", &b"qwerty"[..])]).unwrap();
        // Each length at each boundary of the three searches, at every offset.
        // (Two scanners: with a 13-byte form every 8 bytes, with 16 bytes at least every 11.)
        for lens in [&[12, 13, 14, 20, 21, 22, 40][..], &[16, 17, 26, 27, 60][..]] {
            let values: Vec<Vec<u8>> = lens
                .iter()
                .map(|n| (0..*n).map(|i| b'A' + (i % 26) as u8).collect())
                .collect();
            let each = SecretScanner::new(values.iter().map(|v| ("V", v.as_slice()))).unwrap();
            for v in &values {
                for lead in 0..(MAX_STRIDE + 3) {
                    let mut t = vec![b'.'; lead];
                    t.extend_from_slice(v);
                    t.push(b'.');
                    let mut hits = BTreeMap::new();
                    let out = each.redact(&t, &mut hits).expect("found");
                    assert_eq!(hits["V"], 1, "len {} lead {lead}", v.len());
                    assert_eq!(out.len(), lead + "[SECRET:V]".len() + 1, "len {}", v.len());
                }
            }
        }
        for lead in 0..20 {
            for tail in 0..10 {
                let mut t = vec![b'.'; lead];
                t.extend_from_slice(long);
                t.extend(std::iter::repeat_n(b'.', tail));
                assert_eq!(s.count(&t), 1, "lead {lead} tail {tail}");
            }
        }
        let mut hits = BTreeMap::new();
        let out = s
            .redact(b"qwerty qwerty0123456789abcdefghij", &mut hits)
            .unwrap();
        assert_eq!(out, b"[SECRET:SHORT] [SECRET:SHORT][SECRET:LONG]");
        // A hit at the very end and one that runs past it.
        assert_eq!(s.count(long), 1);
        assert_eq!(s.count(&long[..19]), 0);
    }

    /// The AVX-512 scan and the scalar one find the same hits, in texts long enough for
    /// several vector steps, with forms planted at every offset of a step and across the
    /// boundary where the vector loop hands over to the scalar one. (On a CPU without
    /// AVX-512 both runs take the scalar path; `bench secrets` names the path it measured.)
    #[test]
    fn the_vector_scan_finds_what_the_scalar_scan_finds() {
        // Shortest values of 13, 16 and 21 bytes: strides 8, 11 and 16, the narrowest,
        // a middle one and the widest the vector step's byte permute must reach.
        for shortest in [13usize, 16, 21] {
            let values: Vec<Vec<u8>> = (0..40u8)
                .map(|i| {
                    (0..shortest + i as usize)
                        .map(|j| b'A' + ((i as usize * 7 + j) % 26) as u8)
                        .collect()
                })
                .collect();
            let s = SecretScanner::new(values.iter().map(|v| ("V", v.as_slice()))).unwrap();
            assert_eq!(s.sampled.stride, stride_for(shortest));
            let filler: Vec<u8> = (0..1500u32)
                .map(|i| b"0123456789abcdef -=/"[(i * 7 % 20) as usize])
                .collect();
            for (n, v) in values.iter().enumerate() {
                let forms = forms::of(v);
                for lead in 0..140 {
                    let f = &forms[(n + lead) % forms.len()];
                    let mut t = filler[..(lead * 3) % 700].to_vec();
                    let at = t.len();
                    t.extend_from_slice(f);
                    t.extend_from_slice(&filler[..lead % 300]);
                    let (mut a, mut b) = (Vec::new(), Vec::new());
                    s.sampled.find_with(&t, &s.patterns, &mut a, true);
                    s.sampled.find_with(&t, &s.patterns, &mut b, false);
                    a.sort_unstable();
                    b.sort_unstable();
                    assert_eq!(a, b, "form {n} at {at} in {} bytes", t.len());
                    if f.len() >= sampled_min(s.sampled.stride) {
                        assert!(
                            a.iter().any(|h| h.0 == at && h.1 == at + f.len()),
                            "stride {} form {n} at {at}",
                            s.sampled.stride
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_stride_is_the_widest_the_shortest_form_allows() {
        assert_eq!(stride_for(13), MIN_STRIDE);
        assert_eq!(stride_for(16), 11);
        assert_eq!(stride_for(100), MAX_STRIDE);
    }

    #[test]
    fn every_form_becomes_the_secret_s_name_and_other_text_stays() {
        let s =
            SecretScanner::new([("DB_PASS", &b"s3cr3t/pa55"[..]), ("TINY", &b"ab"[..])]).unwrap();
        assert_eq!(s.len(), 1, "a 2-byte secret is not searched for");
        let b64 = base64::engine::general_purpose::STANDARD.encode(b"user:s3cr3t/pa55");
        let out = format!(
            "raw s3cr3t/pa55, hex {}, url s3cr3t%2Fpa55, json \"s3cr3t\\/pa55\", b64 {b64}, ab ok",
            hex::encode(b"s3cr3t/pa55")
        );
        let mut hits = BTreeMap::new();
        let red = String::from_utf8(s.redact(out.as_bytes(), &mut hits).unwrap()).unwrap();
        assert!(!red.contains("s3cr3t"), "{red}");
        assert!(!red.contains(&hex::encode(b"s3cr3t/pa55")), "{red}");
        assert_eq!(hits["DB_PASS"], 5, "{red}");
        assert!(red.ends_with("ab ok"), "{red}");
        assert!(s.redact(b"nothing here", &mut hits).is_none());
        assert!(format!("{s:?}").contains("secrets: 1") && !format!("{s:?}").contains("s3cr3t"));
    }
}
