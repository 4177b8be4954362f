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
            // The detail (which secret, why) stays in the callee's log: the caller learns
            // neither the names of the node's secrets nor anything of their values.
            let tool = spec.name.clone();
            let fail = |place: String, why: String| {
                tracing::error!(tool = %tool, "secret reference in {place}: {why}");
                Stop {
                    status: Status::SandboxError,
                    why: "secret_refs: the tool's configuration refers to a secret this node \
                          cannot give it (the callee's log says which)"
                        .into(),
                    event: None,
                    retry_after: None,
                }
            };
            let resolve = |place: String, text: &str| -> Result<String, Stop> {
                let v = node
                    .resolve_secret_text(text)
                    .map_err(|why| fail(place.clone(), why))?;
                if v.contains('\0') {
                    // No process can be given it, and the sandbox's error would quote it.
                    return Err(fail(place, "the value holds a NUL byte".into()));
                }
                Ok(v.to_string())
            };
            let mut secret_env = Vec::new();
            for (k, v) in spec.env.iter_mut() {
                if v.contains("{{secret:") {
                    *v = resolve(format!("env.{k}"), v)?;
                    secret_env.push(k.clone());
                }
            }
            let mut secret_args = Vec::new();
            for (i, a) in spec.command.iter_mut().enumerate() {
                if a.contains("{{secret:") {
                    *a = resolve(format!("command[{i}]"), a)?;
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
