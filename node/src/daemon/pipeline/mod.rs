//! The callee's call pipeline: an ordered list of [`Stage`]s behind one trait, each able
//! to stop the call with a status (brief section 5):
//!
//! ```text
//! session → firewall → input checks → approval → input PII → secret references
//!         → sandbox → output secret scan → output PII → audit → receipt
//! ```
//!
//! The whole pipeline runs inside the future that the stream handler drops when the
//! caller goes away, so a stage may wait (for a human, say) and is cancelled with the
//! call; dropping the sandbox stage's future kills the tool.
//!
//! A stage that stops the call before the tool ran ends it with a refusal (no receipt;
//! the refusal is a security event against the stream's PeerId). A stage that stops it
//! after the tool ran withholds the output: the status is replaced, the output emptied,
//! and the audit and receipt stages still run, so the receipt always covers the bytes
//! that leave.

mod admit;
mod approval;
mod call;
mod output;
mod sandbox;
mod seal;
mod secrets;

use std::sync::Arc;

use futures::future::BoxFuture;

use lango_protocol::events::SecurityEventKind;
use lango_protocol::tools::status::Status;
use lango_protocol::tools::wire::ToolResponse;

pub(crate) use admit::acl_of;

use crate::daemon::limits::Slot;
pub use call::{Call, Output};

/// One step of the callee's pipeline.
pub trait Stage: Send + Sync {
    /// Short name, for logs and tests (`session`, `firewall`, ...).
    fn name(&self) -> &'static str;

    /// Runs the stage on `call`; `Err` stops the call with that status.
    fn run<'a>(&'a self, call: &'a mut Call) -> BoxFuture<'a, Result<(), Stop>>;
}

/// Why a stage stopped a call: what the caller is told and the security event raised.
#[derive(Debug)]
pub struct Stop {
    /// Status sent back.
    pub status: Status,
    /// One line sent back (names the stage and the reason, never a secret).
    pub why: String,
    /// The event recorded against the stream's PeerId, if the stop is one.
    pub event: Option<SecurityEventKind>,
    /// With `rate_limited`: when the caller may try again.
    pub retry_after: Option<std::time::Duration>,
}

impl Stop {
    /// A stop with a security event.
    pub fn new(status: Status, event: SecurityEventKind, why: impl Into<String>) -> Self {
        Stop {
            status,
            why: why.into(),
            event: Some(event),
            retry_after: None,
        }
    }

    /// The same stop, telling the caller when to try again.
    pub fn retry_after(mut self, after: std::time::Duration) -> Self {
        self.retry_after = Some(after);
        self
    }
}

/// The stages, in order.
#[derive(Clone)]
pub struct Pipeline {
    stages: Vec<Arc<dyn Stage>>,
}

impl Pipeline {
    /// The brief's pipeline.
    pub fn standard() -> Self {
        Pipeline {
            stages: vec![
                Arc::new(admit::Session),
                Arc::new(admit::Firewall),
                Arc::new(admit::InputChecks),
                Arc::new(approval::Approval),
                Arc::new(output::InputPii),
                Arc::new(secrets::SecretRefs),
                Arc::new(sandbox::Sandbox),
                Arc::new(secrets::OutputSecretScan),
                Arc::new(output::OutputPii),
                Arc::new(seal::Audit),
                Arc::new(seal::Receipt),
            ],
        }
    }

    /// A pipeline of these stages (tests wrap or add stages this way).
    pub fn from_stages(stages: Vec<Arc<dyn Stage>>) -> Self {
        Pipeline { stages }
    }

    /// The stages, in order.
    pub fn stages(&self) -> &[Arc<dyn Stage>] {
        &self.stages
    }

    /// Runs every stage on `call`; returns the response to send and the firewall's
    /// concurrency slot, which the caller holds until the response is written.
    pub(crate) async fn run(&self, mut call: Call) -> (ToolResponse, Option<Slot>) {
        for stage in &self.stages {
            if let Err(stop) = stage.run(&mut call).await {
                if call.output.is_none() {
                    return call.refuse(stop);
                }
                call.withhold(stop);
            }
        }
        call.into_response()
    }
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.stages.iter().map(|s| s.name()))
            .finish()
    }
}
