//! The PII stages (brief section 7): the callee's output is redacted after the sandbox
//! and the secret scan, before the audit entry and the receipt, so the receipt covers the
//! redacted bytes and the audit records counts and types, never values. The callee's
//! input is redacted before the sandbox when `[pii] input = true`.

use futures::future::BoxFuture;
use futures::FutureExt;

use lango_protocol::events::SecurityEventKind;
use lango_protocol::tools::status::Status;

use super::{Call, Stage, Stop};
use crate::pii::Redaction;

/// Stage 8: PII redaction of stdout and stderr (`[pii] output`, on by default).
pub(super) struct OutputPii;

impl Stage for OutputPii {
    fn name(&self) -> &'static str {
        "output_pii"
    }

    fn run<'a>(&'a self, call: &'a mut Call) -> BoxFuture<'a, Result<(), Stop>> {
        async move {
            if !call.served.pii_cfg.output {
                return Ok(());
            }
            let engine = call.served.pii.clone();
            let Some(o) = call.output.as_mut() else {
                return Ok(());
            };
            let mut r = Redaction::default();
            let redacted = async {
                let out = engine.redact_bytes(&o.stdout, &mut r).await?;
                let err = engine.redact_bytes(&o.stderr, &mut r).await?;
                Ok::<_, crate::pii::Unavailable>((out, err))
            }
            .await;
            let (stdout, stderr) = match redacted {
                Ok(x) => x,
                Err(e) => {
                    return Err(Stop::new(
                        Status::PiiUnavailable,
                        SecurityEventKind::PiiFallback,
                        format!("output_pii: {e}; output withheld ([pii.presidio] on_unavailable = \"fail\")"),
                    ))
                }
            };
            // A replacement can be longer than what it replaces: the output stays within
            // the tool's cap (the response frame is sized for it), cut and flagged.
            let cap = call.spec.as_ref().map_or(usize::MAX, |sp| sp.limits.output_bytes);
            let (stdout, stderr, cut) = within_cap(stdout, stderr, cap);
            o.stdout = stdout;
            o.stderr = stderr;
            o.truncated |= cut;
            o.redactions += r.total();
            for (k, n) in r.types() {
                *o.redacted_types.entry(k).or_default() += n;
            }
            fold_types(&mut o.redacted_types);
            if let Some(why) = r.fallback {
                // The details (the analyzer's address, its error) stay on this node.
                call.node.security_event(
                    SecurityEventKind::PiiFallback,
                    call.peer,
                    format!(
                        "tool {:?}: output redacted by the built-in detectors only: {why}",
                        call.req.tool
                    ),
                );
                o.pii_fallback = Some(
                    "the callee's PII analyzer gave no usable answer; its built-in detectors \
                     redacted the output alone"
                        .into(),
                );
            }
            Ok(())
        }
        .boxed()
    }
}

/// The redacted stdout and stderr cut to `cap` bytes together (stdout first, each at a
/// UTF-8 boundary when it is text), and whether anything was cut.
fn within_cap(mut out: Vec<u8>, mut err: Vec<u8>, cap: usize) -> (Vec<u8>, Vec<u8>, bool) {
    if out.len().saturating_add(err.len()) <= cap {
        return (out, err, false);
    }
    let cut_at = |v: &mut Vec<u8>, n: usize| {
        let mut n = n.min(v.len());
        while n > 0 && n < v.len() && (v[n] & 0xC0) == 0x80 {
            n -= 1;
        }
        v.truncate(n);
    };
    cut_at(&mut out, cap);
    let left = cap - out.len();
    cut_at(&mut err, left);
    (out, err, true)
}

/// At most 64 entity types go in a response (the wire's limit): past 63, the rarest are
/// counted together as `OTHER`.
fn fold_types(types: &mut std::collections::BTreeMap<String, u32>) {
    if types.len() <= 64 {
        return;
    }
    let mut by_count: Vec<(String, u32)> = std::mem::take(types).into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let other: u32 = by_count[63..].iter().map(|(_, n)| n).sum();
    by_count.truncate(63);
    types.extend(by_count);
    *types.entry("OTHER".into()).or_default() += other;
}

/// PII redaction of the input before the sandbox (`[pii] input`, off by default). The
/// input is JSON, so only its string values change and it stays valid JSON.
pub(super) struct InputPii;

impl Stage for InputPii {
    fn name(&self) -> &'static str {
        "input_pii"
    }

    fn run<'a>(&'a self, call: &'a mut Call) -> BoxFuture<'a, Result<(), Stop>> {
        async move {
            if !call.served.pii_cfg.input {
                return Ok(());
            }
            let engine = call.served.pii.clone();
            let mut r = Redaction::default();
            let input = match engine.redact_text_async(&call.req.input, &mut r).await {
                Ok(i) => i,
                Err(e) => {
                    return Err(Stop::new(
                        Status::PiiUnavailable,
                        SecurityEventKind::PiiFallback,
                        format!(
                        "input_pii: {e}; call refused ([pii.presidio] on_unavailable = \"fail\")"
                    ),
                    ))
                }
            };
            if let Some(why) = r.fallback.take() {
                call.node.security_event(
                    SecurityEventKind::PiiFallback,
                    call.peer,
                    format!(
                        "tool {:?}: input redacted by the built-in detectors only: {why}",
                        call.req.tool
                    ),
                );
            }
            if r.total() > 0 {
                call.node.audit(
                    "input_redacted",
                    serde_json::json!({
                        "tool": call.req.tool,
                        "request_id": hex::encode(call.req.request_id),
                        "redactions": r.total(),
                        "types": r.types(),
                    }),
                );
                call.tool_input = Some(input);
            }
            Ok(())
        }
        .boxed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacted_output_stays_within_the_cap_and_types_fit_the_wire() {
        let (o, e, cut) = within_cap(b"abcdef".to_vec(), b"xyz".to_vec(), 7);
        assert_eq!(
            (o.as_slice(), e.as_slice(), cut),
            (&b"abcdef"[..], &b"x"[..], true)
        );
        let (o, _, cut) = within_cap("aé".as_bytes().to_vec(), Vec::new(), 2);
        assert_eq!(
            (o.as_slice(), cut),
            (&b"a"[..], true),
            "never half a character"
        );
        let (_, _, cut) = within_cap(b"ab".to_vec(), b"c".to_vec(), 3);
        assert!(!cut);
        let mut t: std::collections::BTreeMap<String, u32> =
            (0..70).map(|i| (format!("T{i:02}"), i + 1)).collect();
        fold_types(&mut t);
        assert_eq!(t.len(), 64);
        assert_eq!(t["OTHER"], (1..=7).sum::<u32>());
    }
}
