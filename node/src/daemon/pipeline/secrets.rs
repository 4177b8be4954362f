//! The two secret stages: references resolved before the sandbox (a pass-through in this
//! build: a `{{secret:NAME}}` reference is refused when the config loads, so none
//! reaches a call), and the output scan after it, which replaces every form of every
//! secret the node holds with `[SECRET:NAME]` before the PII stage and the receipt.

use futures::future::BoxFuture;
use futures::FutureExt;

use super::{Call, Stage, Stop};

/// Stage 5: resolves `{{secret:NAME}}` references in the tool's environment.
pub(super) struct SecretRefs;

impl Stage for SecretRefs {
    fn name(&self) -> &'static str {
        "secret_refs"
    }

    fn run<'a>(&'a self, _call: &'a mut Call) -> BoxFuture<'a, Result<(), Stop>> {
        async { Ok(()) }.boxed()
    }
}

/// Stage 7: replaces secret values in the output with `[SECRET:NAME]`.
pub(super) struct OutputSecretScan;

impl Stage for OutputSecretScan {
    fn name(&self) -> &'static str {
        "output_secrets"
    }

    fn run<'a>(&'a self, call: &'a mut Call) -> BoxFuture<'a, Result<(), Stop>> {
        async move {
            let scanner = call.node.secret_scanner();
            if scanner.is_empty() {
                return Ok(());
            }
            let Some(o) = call.output.as_mut() else {
                return Ok(());
            };
            let mut hits = std::collections::BTreeMap::new();
            if let Some(out) = scanner.redact(&o.stdout, &mut hits) {
                o.stdout = out;
            }
            if let Some(err) = scanner.redact(&o.stderr, &mut hits) {
                o.stderr = err;
            }
            for (name, n) in hits {
                *o.secret_hits.entry(name).or_default() += n;
            }
            Ok(())
        }
        .boxed()
    }
}
