//! `bench pii`: throughput of the built-in detectors on one core over a generated mixed
//! corpus (prose with e-mails, cards, IBANs, addresses, phones and look-alikes), against
//! one compiled e-mail regex's `find_iter` over the same bytes in the same run; and the
//! micro F1 on the dev corpus when it is found (`tests/data/pii-dev.jsonl` under the
//! working directory, or `LANGO_PII_DEV`); and, when a Presidio analyzer answers at
//! `LANGO_PRESIDIO_URL`, our throughput against its own over a slice of the same corpus
//! (Presidio is about four orders of magnitude slower, so it gets 64 KiB, not 32 MiB).

use std::time::Instant;

use super::{throughput, BenchResult};

/// Bytes of generated text measured.
const CORPUS_BYTES: usize = 32 << 20;

fn corpus() -> String {
    let pieces = [
        "Customer Jonathan Johnson called from +1-210-343-3218x1960 yesterday. ",
        "order number 3585650756 shipped ",
        "login from 196.161.54.11 blocked by firewall ",
        "Wire to IBAN GB82 WEST 1234 5698 7654 32 by Friday. ",
        "test card 4111 1111 1111 1112 must be rejected ",
        "build 7.11.54.420 released ",
        "Please contact ana.lopez@example.org about the invoice. ",
        "SSN on file: 238-20-0371. Verify before proceeding. ",
        "timestamp 2001-06-23T23:37:33.679514 recorded ",
        "The quick brown fox jumps over the lazy dog while the team reviews the quarterly \
         numbers and nobody mentions anything personal at all in this sentence. ",
        "v6 peer 2001:db8::8a2e:370:7334 joined ",
        "charge declined for card 4430 3911 7182 2782, retry later ",
    ];
    let mut s = String::with_capacity(CORPUS_BYTES + 512);
    let mut i = 0usize;
    let mut line = 0usize;
    while s.len() < CORPUS_BYTES {
        s.push_str(pieces[i % pieces.len()]);
        // Lines of a few sentences, as a tool prints them and `pii scan` reads them.
        line += 1;
        if line.is_multiple_of(4) {
            s.push('\n');
        }
        // Vary the mix so no period lines up with the regex engine's caches.
        i = i.wrapping_mul(7).wrapping_add(3) % 1_000_003;
    }
    s
}

/// Micro F1 on the dev corpus at `path`, if it is there and scores.
fn f1_dev(path: &std::path::Path) -> Option<f64> {
    let text = std::fs::read_to_string(path).ok()?;
    crate::pii::score(&text).ok().map(|s| s.micro_f1())
}

/// Presidio's MB/s over the first 64 KiB of `text`, sent in 16 KiB requests (on a
/// thread of its own with its own runtime: the bench may be called from async code).
fn presidio_throughput(url: &str, text: &str) -> Result<f64, String> {
    std::thread::scope(|s| {
        s.spawn(|| presidio_on_this_thread(url, text))
            .join()
            .unwrap_or_else(|_| Err("the measuring thread panicked".into()))
    })
}

fn presidio_on_this_thread(url: &str, text: &str) -> Result<f64, String> {
    let cfg = crate::config::pii::PresidioSection {
        url: url.into(),
        timeout: std::time::Duration::from_secs(120),
        on_unavailable: crate::config::pii::OnUnavailable::Fail,
        language: "en".into(),
        entities: Vec::new(),
    };
    let p = crate::pii::Presidio::new(&cfg)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let mut chunks = Vec::new();
    let mut rest = &text[..text.floor_char_boundary(64 << 10)];
    while !rest.is_empty() {
        let cut = rest.floor_char_boundary(16 << 10);
        chunks.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    let bytes: usize = chunks.iter().map(|c| c.len()).sum();
    // One warm-up request (Presidio loads its models lazily).
    rt.block_on(p.analyze("warm up"))
        .map_err(|e| e.to_string())?;
    let start = Instant::now();
    for c in &chunks {
        rt.block_on(p.analyze(c)).map_err(|e| e.to_string())?;
    }
    Ok(bytes as f64 / 1e6 / start.elapsed().as_secs_f64())
}

/// Runs the suite.
pub fn run() -> Vec<BenchResult> {
    let text = corpus();
    // The corpus is processed line by line, as `pii scan` does.
    let ours = throughput(&text, |t| {
        let mut start = 0;
        let mut n = 0;
        for end in memchr::memchr_iter(b'\n', t.as_bytes()).chain(std::iter::once(t.len())) {
            n += crate::pii::detect(&t[start..end]).len();
            start = (end + 1).min(t.len());
        }
        n
    });
    // Literal pattern: compiling it cannot fail (a failure would be a bug caught here).
    let email = regex::Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
        .expect("literal e-mail pattern");
    let reference = throughput(&text, |t| email.find_iter(t).count());
    let dev = std::env::var_os("LANGO_PII_DEV")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "tests/data/pii-dev.jsonl".into());
    let mut rows = vec![BenchResult {
        name: "pii_throughput".into(),
        unit: "MB/s".into(),
        ours,
        reference: Some(reference),
        reference_name: Some("one compiled e-mail regex, find_iter, same bytes".into()),
        ratio: Some(ours / reference),
    }];
    if let Some(url) = std::env::var("LANGO_PRESIDIO_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        match presidio_throughput(&url, &text) {
            Ok(theirs) => rows.push(BenchResult {
                name: "pii_presidio_ratio".into(),
                unit: "MB/s".into(),
                ours,
                reference: Some(theirs),
                reference_name: Some(format!("Presidio analyzer at {url}, 16 KiB requests")),
                ratio: Some(ours / theirs),
            }),
            Err(e) => eprintln!("bench pii: no pii_presidio_ratio row: {e}"),
        }
    }
    if let Some(f1) = f1_dev(&dev) {
        rows.push(BenchResult {
            name: "pii_f1_dev".into(),
            unit: "micro F1".into(),
            ours: f1,
            reference: None,
            reference_name: None,
            ratio: None,
        });
    }
    rows
}
