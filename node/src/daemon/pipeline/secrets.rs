//! The two secret stages: references resolved before the sandbox, and the output scan
//! after it, which replaces every form of every secret the node holds with
//! `[SECRET:NAME]` before the PII stage and the receipt.

use futures::future::BoxFuture;
use futures::FutureExt;

use lango_protocol::tools::status::Status;

use super::{Call, Stage, Stop};

/// Stage 5: resolves `{{secret:NAME}}` references in the tool's environment and command
/// line into the call's copy of the spec (the registry keeps the references). The
/// sandbox back end decides how a value reaches the tool (never the container's
/// configuration: see the container back end).
pub(super) struct SecretRefs;

impl Stage for SecretRefs {
    fn name(&self) -> &'static str {
        "secret_refs"
    }

    fn run<'a>(&'a self, call: &'a mut Call) -> BoxFuture<'a, Result<(), Stop>> {
        async move {
            let node = call.node.clone();
            let Some(spec) = call.spec.as_mut() else {
                return Ok(());
            };
            let fail = |why: String| Stop {
                status: Status::SandboxError,
                why: format!("secret_refs: {why}"),
                event: None,
                retry_after: None,
            };
            let mut secret_env = Vec::new();
            for (k, v) in spec.env.iter_mut() {
                if v.contains("{{secret:") {
                    *v = node.resolve_secret_text(v).map_err(&fail)?.to_string();
                    secret_env.push(k.clone());
                }
            }
            let mut secret_args = Vec::new();
            for (i, a) in spec.command.iter_mut().enumerate() {
                if a.contains("{{secret:") {
                    *a = node.resolve_secret_text(a).map_err(&fail)?.to_string();
                    secret_args.push(i);
                }
            }
            spec.secrets = lango_sandbox::SecretParts {
                env: secret_env,
                args: secret_args,
            };
            Ok(())
        }
        .boxed()
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
