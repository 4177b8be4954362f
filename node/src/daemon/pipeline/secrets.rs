//! The two secret stages: references resolved before the sandbox, and the output scan
//! after it. Both pass calls through in this build: a `{{secret:NAME}}` reference is
//! refused when the config loads, so none reaches a call, and no secret value can be
//! in an output that no secret was given to.

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

    fn run<'a>(&'a self, _call: &'a mut Call) -> BoxFuture<'a, Result<(), Stop>> {
        async { Ok(()) }.boxed()
    }
}
