//! Reloading the config on SIGHUP: what can change while the node runs (the tools, the
//! tool-call limits and deny rules, the approval policy) is replaced at once; what
//! cannot (listen addresses, handshake, sessions, events, keys, sandboxes, audit,
//! control) is named as needing a restart and left as it is.

use serde::Serialize;
use serde_json::json;

use super::state::{Served, Shared};
use crate::config::Config;

/// What a reload did.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Reloaded {
    /// Changes now in force, one line each (`tool "echo" added`).
    pub applied: Vec<String>,
    /// Sections that changed in the file but need a restart to take effect.
    pub restart_needed: Vec<String>,
    /// Why nothing was applied (the new file names a secret the node does not hold).
    pub refused: Option<String>,
}

fn same<T: std::fmt::Debug>(a: &T, b: &T) -> bool {
    format!("{a:?}") == format!("{b:?}")
}

impl Shared {
    /// Applies `new` (already validated) where it is safe to, audits what changed, and
    /// says what needs a restart.
    pub(super) fn reload(&self, new: &Config) -> Reloaded {
        let old = self.served();
        let mut r = Reloaded::default();
        if let Err(e) = crate::config::tools::check_secrets_exist(&new.tools, &new.approval, |n| {
            self.has_secret(n)
        }) {
            r.refused = Some(e);
            return r;
        }
        for t in &new.tools {
            match old.tools.get(&t.name) {
                None => r.applied.push(format!("tool {:?} added", t.name)),
                Some(o) if !same(&o.cfg, t) => r.applied.push(format!("tool {:?} changed", t.name)),
                Some(_) => {}
            }
        }
        for t in old.tools.iter() {
            if !new.tools.iter().any(|n| n.name == t.cfg.name) {
                r.applied.push(format!("tool {:?} removed", t.cfg.name));
            }
        }
        let (o, n) = (&old.invoke, &new.invoke);
        let caps = |i: &crate::config::InvokeSection| {
            (
                i.rate_per_second,
                i.burst,
                i.peer_rate_per_second,
                i.peer_burst,
                i.max_concurrent,
                i.max_concurrent_per_peer,
            )
        };
        let limits_changed = caps(o) != caps(n);
        if limits_changed {
            r.applied
                .push("[invoke] rate limits and concurrency caps replaced".into());
        }
        if o.deny != n.deny || o.max_input != n.max_input || o.default_timeout != n.default_timeout
        {
            r.applied
                .push("[invoke] deny rules, input cap or default timeout replaced".into());
        }
        let pii_changed = !same(&old.pii_cfg, &new.pii);
        let pii = if pii_changed {
            match crate::pii::Engine::new(&new.pii, "", old.pii.key()) {
                Ok(e) => {
                    r.applied.push("[pii] replaced".into());
                    std::sync::Arc::new(e)
                }
                Err(e) => {
                    // Validated when the file loaded; refused here only if the HTTP
                    // client cannot be built. The old section stays.
                    r.restart_needed.push(format!("[pii] (not applied: {e})"));
                    old.pii.clone()
                }
            }
        } else {
            old.pii.clone()
        };
        if !same(&old.approval, &new.approval) {
            r.applied
                .push(format!("[approval] policy now {:?}", new.approval.policy));
        }
        let c = &self.cfg;
        for (name, changed) in [
            ("[node]", !same(&c.node, &new.node)),
            ("[handshake]", !same(&c.handshake, &new.handshake)),
            ("[session]", !same(&c.session, &new.session)),
            ("[events]", !same(&c.events, &new.events)),
            ("[limits]", !same(&c.limits, &new.limits)),
            ("[keys]", !same(&c.keys, &new.keys)),
            ("[sandbox]", !same(&c.sandbox, &new.sandbox)),
            ("[audit]", !same(&c.audit, &new.audit)),
            ("[control]", !same(&c.control, &new.control)),
            ("[relay]", !same(&c.relay, &new.relay)),
            ("[[relays]]", !same(&c.relays, &new.relays)),
        ] {
            if changed {
                r.restart_needed.push(name.into());
            }
        }
        if !r.applied.is_empty() {
            self.serve_from(Served {
                tools: std::sync::Arc::new(old.tools.reloaded(&new.tools)),
                tool_deny: new.invoke.deny_patterns(),
                // New buckets only when the limits changed: a reload must not hand every
                // peer a fresh burst.
                tool_limits: if limits_changed {
                    std::sync::Arc::new(Served::admission(&new.invoke, c.events.flood_factor))
                } else {
                    old.tool_limits.clone()
                },
                invoke: new.invoke.clone(),
                approval: new.approval.clone(),
                pii_cfg: if std::sync::Arc::ptr_eq(&pii, &old.pii) {
                    old.pii_cfg.clone()
                } else {
                    new.pii.clone()
                },
                pii,
            });
        }
        self.audit(
            "config_reload",
            json!({"applied": r.applied, "restart_needed": r.restart_needed}),
        );
        r
    }
}
