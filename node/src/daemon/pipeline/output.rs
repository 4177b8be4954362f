//! Stage 8: PII redaction of the output. Passes output through in this build (no
//! detector exists yet; `redactions` stays 0).

use futures::future::BoxFuture;
use futures::FutureExt;

use super::{Call, Stage, Stop};

pub(super) struct OutputPii;

impl Stage for OutputPii {
    fn name(&self) -> &'static str {
        "output_pii"
    }

    fn run<'a>(&'a self, _call: &'a mut Call) -> BoxFuture<'a, Result<(), Stop>> {
        async { Ok(()) }.boxed()
    }
}
