//! `approvals`: list, show, decide, watch; standing grants. A decision comes only
//! through here (the control socket, whose peer uid names the approver).

use serde_json::Value;

use super::{Actor, Ops, OpsError};
use crate::approval::{DecideError, Decision, Grant, GrantKind, Request};
use crate::clock;

impl From<DecideError> for OpsError {
    fn from(e: DecideError) -> Self {
        match e {
            DecideError::Unknown(_) => OpsError::not_found(e.to_string()),
            DecideError::NotPending { .. } => OpsError::refused(e.to_string()),
            DecideError::TooLong { .. } => OpsError::input(e.to_string()),
            DecideError::Store(_) => OpsError::internal(e.to_string()),
        }
    }
}

/// Who decided, as stored: the control socket's peer uid.
fn approver(actor: &Actor) -> String {
    match actor {
        Actor::Operator { uid } => format!("uid:{}", uid.map_or("?".into(), |u| u.to_string())),
        Actor::Local { uid } => format!("uid:{uid}"),
    }
}

/// A request id as typed: 32 hex digits (case-insensitive).
fn request_id(id: &str) -> Result<String, OpsError> {
    let id = id.trim().to_ascii_lowercase();
    if id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(id)
    } else {
        Err(OpsError::input(format!(
            "{id:?} is not an approval request id (32 hex digits; `lango-node approvals list` shows them)"
        )))
    }
}

impl Ops {
    /// Every stored request, newest first.
    pub fn approvals_list(&self) -> Result<Vec<Request>, OpsError> {
        let mut all = self.node.approvals().list()?;
        all.reverse();
        // The list stays small: the whole input is for `show`.
        for r in &mut all {
            r.input_redacted = None;
        }
        Ok(all)
    }

    /// One request, with its channel deliveries.
    pub fn approvals_show(&self, id: &str) -> Result<Request, OpsError> {
        Ok(self.node.approvals().get(&request_id(id)?)?)
    }

    /// Approves request `id` with `grant` (`once` or a duration).
    pub fn approvals_approve(
        &self,
        actor: &Actor,
        id: &str,
        grant: &str,
    ) -> Result<Request, OpsError> {
        let grant = GrantKind::parse(grant).map_err(OpsError::input)?;
        let max = self.node.served().approval.max_grant;
        let decision = Decision::Approve {
            by: approver(actor),
            grant,
        };
        let id = request_id(id)?;
        Ok(self.node.with_audit(|audit| {
            self.node
                .approvals()
                .decide(&id, decision, max, clock::now().0, audit)
        })?)
    }

    /// Denies request `id`.
    pub fn approvals_deny(
        &self,
        actor: &Actor,
        id: &str,
        reason: Option<String>,
    ) -> Result<Request, OpsError> {
        if reason.as_ref().is_some_and(|r| r.len() > 200) {
            return Err(OpsError::input("--reason: at most 200 bytes"));
        }
        let decision = Decision::Deny {
            by: approver(actor),
            reason,
        };
        let id = request_id(id)?;
        let max = self.node.served().approval.max_grant;
        Ok(self.node.with_audit(|audit| {
            self.node
                .approvals()
                .decide(&id, decision, max, clock::now().0, audit)
        })?)
    }

    /// Standing grants in force.
    pub fn approvals_grants(&self) -> Result<Vec<Grant>, OpsError> {
        Ok(self
            .node
            .with_audit(|audit| self.node.approvals().grants(clock::now().0, audit))?)
    }

    /// Revokes one standing grant.
    pub fn approvals_revoke_grant(&self, actor: &Actor, id: &str) -> Result<Value, OpsError> {
        let id = request_id(id)?;
        let gone = self.node.with_audit(|audit| {
            self.node
                .approvals()
                .revoke_grant(&id, &actor.describe(), audit)
        })?;
        if !gone {
            return Err(OpsError::not_found(format!(
                "no grant {id} (`lango-node approvals grants` lists them)"
            )));
        }
        Ok(serde_json::json!({"revoked": id}))
    }

    /// Drops every standing grant of `did` (its trust or session was revoked).
    pub(crate) fn drop_grants(&self, did: &str) {
        self.node
            .with_audit(|audit| self.node.approvals().drop_grants_of(did, audit));
    }

    /// The pending requests now, and a feed of the ones opened from here on.
    pub fn approvals_watch(
        &self,
    ) -> Result<(Vec<Request>, tokio::sync::broadcast::Receiver<Request>), OpsError> {
        let rx = self.node.approvals().subscribe();
        let pending = self
            .node
            .approvals()
            .list()?
            .into_iter()
            .filter(|r| r.state == crate::approval::State::Pending)
            .collect();
        Ok((pending, rx))
    }
}
