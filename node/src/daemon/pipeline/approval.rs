//! Stage 4: approval. No approver channel exists in this build, so a call that needs
//! approval is refused (an unreachable approver means deny).

use futures::future::BoxFuture;
use futures::FutureExt;

use lango_protocol::events::SecurityEventKind;
use lango_protocol::tools::status::Status;

use super::{Call, Stage, Stop};
use crate::daemon::tools::registry::needs_approval;

pub(super) struct Approval;

impl Stage for Approval {
    fn name(&self) -> &'static str {
        "approval"
    }

    fn run<'a>(&'a self, call: &'a mut Call) -> BoxFuture<'a, Result<(), Stop>> {
        async move {
            // A tool the firewall did not resolve has the strictest level.
            let safety = call.safety.unwrap_or(crate::config::Safety::Dangerous);
            let policy = call.served.approval.policy;
            if needs_approval(policy, safety) {
                return Err(Stop::new(
                    Status::ApprovalDenied,
                    SecurityEventKind::AclDenied,
                    format!(
                        "approval: this {} tool needs approval under policy {policy:?} and no \
                         approver is configured",
                        safety.as_str(),
                    ),
                ));
            }
            Ok(())
        }
        .boxed()
    }
}
