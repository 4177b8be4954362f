//! Announcing an approval request on the configured webhooks: one task per channel,
//! each recording its delivery result on the request. A channel that cannot deliver
//! changes nothing else: the request still waits, then times out to deny.

use std::sync::Arc;
use std::time::Instant;

use crate::approval::{webhook, Request};
use crate::config::tools::secret_refs;

use super::state::Shared;

impl Shared {
    /// Posts `r` to every `[[approval.webhooks]]` entry, in the background.
    pub(crate) fn announce(&self, r: &Request) {
        let hooks = self.served().approval.webhooks.clone();
        if hooks.is_empty() {
            return;
        }
        let Some(me) = self.me.upgrade() else { return };
        let node = self.local_key.did().to_string();
        let left = r.expires_ms.saturating_sub(crate::clock::now().0);
        let deadline = Instant::now() + std::time::Duration::from_millis(left);
        for hook in hooks {
            let (me, r, node) = (Arc::clone(&me), r.clone(), node.clone());
            tokio::spawn(async move {
                // What a delivery needs; without it, the channel records why nothing went.
                let ready = me
                    .webhook_client
                    .as_ref()
                    .map_err(|e| format!("no HTTP client: {e}"))
                    .and_then(|client| {
                        let secret = hook
                            .secret
                            .as_deref()
                            .map(|s| me.resolve_secret_text(s))
                            .transpose()?;
                        Ok((client, secret))
                    });
                let (client, secret) = match ready {
                    Ok(x) => x,
                    Err(why) => {
                        let d = crate::approval::Delivery {
                            channel: webhook::channel_name(&hook.url),
                            attempts: 0,
                            result: format!("not sent: {why}"),
                            at_ms: crate::clock::now().0,
                        };
                        me.approvals.record_delivery(&r.id, d, &me.audit_sink());
                        return;
                    }
                };
                let d = webhook::deliver(
                    client,
                    &hook,
                    secret.as_deref().map(|s| s.as_bytes()),
                    &r,
                    &node,
                    deadline,
                    || me.approvals.is_waiting(&r.id),
                )
                .await;
                if d.result != "delivered" {
                    tracing::warn!(
                        request = %r.id,
                        channel = %d.channel,
                        "approval request not announced: {}",
                        d.result
                    );
                }
                me.approvals.record_delivery(&r.id, d, &me.audit_sink());
            });
        }
    }

    /// `text` with every `{{secret:NAME}}` replaced by that secret's value (UTF-8); an
    /// unknown name or a value that is not text is an error naming it.
    pub(crate) fn resolve_secret_text(
        &self,
        text: &str,
    ) -> Result<zeroize::Zeroizing<String>, String> {
        const OPEN: &str = "{{secret:";
        // Sized once, so the buffer never moves and leaves an unzeroed copy behind.
        let mut size = text.len();
        for name in secret_refs(text)? {
            size += self.secret_value(&name).map_or(0, |v| v.len());
        }
        let mut out = zeroize::Zeroizing::new(String::with_capacity(size));
        let mut rest = text;
        while let Some(i) = rest.find(OPEN) {
            out.push_str(rest.get(..i).unwrap_or_default());
            let after = rest.get(i + OPEN.len()..).unwrap_or_default();
            // `secret_refs` proved every reference terminated.
            let end = after.find("}}").unwrap_or(after.len());
            let name = after.get(..end).unwrap_or_default();
            let v = self.secret_value(name).ok_or_else(|| {
                format!("no secret named {name:?} (set it with `lango-node secrets set {name}`)")
            })?;
            let v = std::str::from_utf8(&v)
                .map_err(|_| format!("secret {name:?} is not UTF-8 text"))?;
            out.push_str(v);
            rest = after.get(end + 2..).unwrap_or_default();
        }
        out.push_str(rest);
        Ok(out)
    }
}
