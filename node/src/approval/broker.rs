//! Requests and grants: kept in the encrypted database (so `approvals list` and `show`
//! see them, and a restart can expire what was left pending), with the waiting call's
//! end of a one-shot channel in memory. A decision is handed to exactly one waiter: the
//! entry leaves the map under the lock, so an approval racing the timeout (or the caller
//! going away) is either delivered or refused, never both.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use tokio::sync::{broadcast, oneshot};

use lango_storage::db::approvals::{GrantRow, RequestRow};

use super::{Decision, Delivery, Grant, GrantKind, Request, State};
use crate::vault::{lock, Vault};

/// Where an audit entry goes (the daemon's audit log).
pub type AuditSink<'a> = &'a (dyn Fn(&str, Value) + Send + Sync);

/// Why a decision was not taken.
#[derive(Debug, thiserror::Error)]
pub enum DecideError {
    /// No request has that id.
    #[error("no approval request {0}")]
    Unknown(String),
    /// It was already decided, expired or cancelled.
    #[error("approval request {id} is {state}, not pending")]
    NotPending {
        /// The request.
        id: String,
        /// Where it stands.
        state: &'static str,
    },
    /// The grant asked for is longer than `[approval] max_grant`.
    #[error("--grant {asked}: longer than [approval] max_grant ({max})")]
    TooLong {
        /// What was asked.
        asked: String,
        /// The cap.
        max: String,
    },
    /// The database refused the write.
    #[error("approval store: {0}")]
    Store(String),
}

/// The pending requests' waiters, and the `watch` feed.
pub struct Approvals {
    vault: Arc<Mutex<Vault>>,
    /// Held across each read-modify-write of a stored request, so that a delivery
    /// record cannot write back a state a decision has just replaced.
    updates: Mutex<()>,
    waiting: Mutex<HashMap<String, oneshot::Sender<Decision>>>,
    feed: broadcast::Sender<Request>,
    /// Requests a caller may open.
    opening: OpenLimit,
}

/// Requests a caller may open: [`OPEN_PER_MINUTE`] a minute per DID, with a burst of
/// [`OPEN_BURST`]. A caller that opens and abandons requests in a loop would otherwise
/// make the node store, audit and announce each one.
pub struct OpenLimit(governor::DefaultKeyedRateLimiter<String>);

impl Default for OpenLimit {
    fn default() -> Self {
        let per_minute =
            std::num::NonZeroU32::new(OPEN_PER_MINUTE).unwrap_or(std::num::NonZeroU32::MIN);
        let burst = std::num::NonZeroU32::new(OPEN_BURST).unwrap_or(std::num::NonZeroU32::MIN);
        OpenLimit(governor::RateLimiter::keyed(
            governor::Quota::per_minute(per_minute).allow_burst(burst),
        ))
    }
}

impl OpenLimit {
    /// Whether `caller_did` may open another request now; when not, how long until it
    /// may.
    pub fn check(&self, caller_did: &str) -> Result<(), std::time::Duration> {
        use governor::clock::Clock as _;
        self.0
            .check_key(&caller_did.to_string())
            .map_err(|not| not.wait_time_from(governor::clock::DefaultClock::default().now()))
    }
}

/// Approval requests one caller may open a minute.
pub const OPEN_PER_MINUTE: u32 = 30;
/// How many of them at once.
pub const OPEN_BURST: u32 = 10;

impl Approvals {
    /// Over the node's store.
    pub fn new(vault: Arc<Mutex<Vault>>) -> Self {
        Approvals {
            vault,
            updates: Mutex::new(()),
            waiting: Mutex::new(HashMap::new()),
            feed: broadcast::channel(64).0,
            opening: OpenLimit::default(),
        }
    }

    /// Whether `caller_did` may open another request now; when not, how long until it
    /// may.
    pub fn may_open(&self, caller_did: &str) -> Result<(), std::time::Duration> {
        self.opening.check(caller_did)
    }

    fn updating(&self) -> std::sync::MutexGuard<'_, ()> {
        self.updates.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn waiting(&self) -> std::sync::MutexGuard<'_, HashMap<String, oneshot::Sender<Decision>>> {
        self.waiting.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn store(&self, r: &Request) -> Result<(), DecideError> {
        let body = serde_json::to_string(r).map_err(|e| DecideError::Store(e.to_string()))?;
        lock(&self.vault)
            .db
            .approval_put(&RequestRow {
                id: r.id.clone(),
                created_ms: r.created_ms,
                state: r.state.as_str().into(),
                body,
            })
            .map_err(|e| DecideError::Store(e.to_string()))
    }

    /// Every stored request, oldest first (bodies that do not parse are skipped and
    /// logged).
    pub fn list(&self) -> Result<Vec<Request>, DecideError> {
        let rows = lock(&self.vault)
            .db
            .approval_list()
            .map_err(|e| DecideError::Store(e.to_string()))?;
        Ok(rows
            .into_iter()
            .filter_map(|r| match serde_json::from_str::<Request>(&r.body) {
                Ok(req) => Some(req),
                Err(e) => {
                    tracing::error!("approval request {} does not parse: {e}", r.id);
                    None
                }
            })
            .collect())
    }

    /// One stored request.
    pub fn get(&self, id: &str) -> Result<Request, DecideError> {
        let row = lock(&self.vault)
            .db
            .approval_get(id)
            .map_err(|e| DecideError::Store(e.to_string()))?
            .ok_or_else(|| DecideError::Unknown(id.into()))?;
        serde_json::from_str(&row.body)
            .map_err(|e| DecideError::Store(format!("approval request {id} does not parse: {e}")))
    }

    /// Whether request `id` still waits for a decision in this run.
    pub fn is_waiting(&self, id: &str) -> bool {
        self.waiting().contains_key(id)
    }

    /// New requests as they are opened (for `approvals watch`).
    pub fn subscribe(&self) -> broadcast::Receiver<Request> {
        self.feed.subscribe()
    }

    /// At start: every request a previous run left pending is expired (never approved).
    pub fn expire_leftovers(
        &self,
        now_ms: u64,
        audit: AuditSink<'_>,
    ) -> Result<usize, DecideError> {
        let _u = self.updating();
        let mut n = 0;
        for mut r in self.list()? {
            if r.state != State::Pending {
                continue;
            }
            r.state = State::Expired;
            r.decided_ms = Some(now_ms);
            r.reason = Some("the node restarted while the request waited".into());
            self.store(&r)?;
            audit(
                "approval_expired",
                json!({"id": r.id, "did": r.caller_did, "tool": r.tool, "reason": "restart"}),
            );
            n += 1;
        }
        Ok(n)
    }

    /// Stores `r` (pending) and returns the receiver its decision will come on.
    pub fn open(
        &self,
        r: &Request,
        audit: AuditSink<'_>,
    ) -> Result<oneshot::Receiver<Decision>, DecideError> {
        self.store(r)?;
        let (tx, rx) = oneshot::channel();
        self.waiting().insert(r.id.clone(), tx);
        audit(
            "approval_requested",
            json!({"id": r.id, "did": r.caller_did, "peer_id": r.peer_id, "tool": r.tool,
                   "input_sha256": r.input_sha256, "expires_ms": r.expires_ms}),
        );
        let _ = self.feed.send(r.clone());
        Ok(rx)
    }

    /// An operator's decision on `id`: stored, audited, and handed to the waiting call.
    /// A duration grant is stored as a standing grant (capped by `max_grant`).
    pub fn decide(
        &self,
        id: &str,
        decision: Decision,
        max_grant: std::time::Duration,
        now_ms: u64,
        audit: AuditSink<'_>,
    ) -> Result<Request, DecideError> {
        if let Decision::Approve {
            grant: GrantKind::For(d),
            ..
        } = &decision
        {
            if *d > max_grant {
                return Err(DecideError::TooLong {
                    asked: humantime::format_duration(*d).to_string(),
                    max: humantime::format_duration(max_grant).to_string(),
                });
            }
        }
        let _u = self.updating();
        let mut r = self.get(id)?;
        // Taken out under the lock: from here on nobody else can decide or expire it.
        let Some(tx) = self.waiting().remove(id) else {
            let state = if r.state == State::Pending {
                // Stored as pending, but no call waits for it in this run.
                State::Expired
            } else {
                r.state
            };
            return Err(DecideError::NotPending {
                id: id.into(),
                state: state.as_str(),
            });
        };
        r.decided_ms = Some(now_ms);
        match &decision {
            Decision::Approve { by, grant } => {
                r.state = State::Approved;
                r.decided_by = Some(by.clone());
                r.grant = Some(match grant {
                    GrantKind::Once => "once".into(),
                    GrantKind::For(d) => {
                        let g = Grant {
                            id: hex::encode(rand::random::<[u8; 16]>()),
                            caller_did: r.caller_did.clone(),
                            tool: r.tool.clone(),
                            created_ms: now_ms,
                            expires_ms: now_ms
                                .saturating_add(u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
                            approver: by.clone(),
                            request_id: r.id.clone(),
                            uses: 0,
                        };
                        self.put_grant(&g)?;
                        audit(
                            "approval_grant_created",
                            json!({"grant": g.id, "did": g.caller_did, "tool": g.tool,
                                   "expires_ms": g.expires_ms, "by": by, "request": r.id}),
                        );
                        g.id
                    }
                });
            }
            Decision::Deny { by, reason } => {
                r.state = State::Denied;
                r.decided_by = Some(by.clone());
                r.reason = reason.clone();
            }
        }
        self.store(&r)?;
        audit(
            "approval_decided",
            json!({"id": r.id, "did": r.caller_did, "tool": r.tool, "state": r.state.as_str(),
                   "by": r.decided_by, "grant": r.grant, "reason": r.reason}),
        );
        // The waiter may have just gone (the caller left): the decision is stored anyway.
        let _ = tx.send(decision);
        Ok(r)
    }

    /// Ends a request nobody decided: `Expired` (timeout) or `Cancelled` (the caller went
    /// away). `false` when a decision got there first.
    pub fn end_undecided(&self, id: &str, state: State, now_ms: u64, audit: AuditSink<'_>) -> bool {
        let _u = self.updating();
        if self.waiting().remove(id).is_none() {
            return false;
        }
        match self.get(id) {
            Ok(mut r) => {
                r.state = state;
                r.decided_ms = Some(now_ms);
                r.reason = Some(match state {
                    State::Cancelled => "the caller went away".into(),
                    _ => "nobody decided before it expired".into(),
                });
                if let Err(e) = self.store(&r) {
                    tracing::error!("approval request {id}: {e}");
                }
                let kind = if state == State::Cancelled {
                    "approval_cancelled"
                } else {
                    "approval_expired"
                };
                audit(kind, json!({"id": id, "did": r.caller_did, "tool": r.tool}));
            }
            Err(e) => tracing::error!("approval request {id}: {e}"),
        }
        true
    }

    /// Records what a channel did with request `id`.
    pub fn record_delivery(&self, id: &str, d: Delivery, audit: AuditSink<'_>) {
        let _u = self.updating();
        let Ok(mut r) = self.get(id) else { return };
        audit(
            "approval_delivery",
            json!({"id": id, "channel": d.channel, "attempts": d.attempts, "result": d.result}),
        );
        r.deliveries.retain(|x| x.channel != d.channel);
        r.deliveries.push(d);
        if let Err(e) = self.store(&r) {
            tracing::error!("approval request {id}: {e}");
        }
    }

    fn put_grant(&self, g: &Grant) -> Result<(), DecideError> {
        let body = serde_json::to_string(g).map_err(|e| DecideError::Store(e.to_string()))?;
        lock(&self.vault)
            .db
            .grant_put(&GrantRow {
                id: g.id.clone(),
                caller_did: g.caller_did.clone(),
                expires_ms: g.expires_ms,
                body,
            })
            .map_err(|e| DecideError::Store(e.to_string()))
    }

    /// Standing grants in force at `now_ms` (expired ones are removed and audited).
    pub fn grants(&self, now_ms: u64, audit: AuditSink<'_>) -> Result<Vec<Grant>, DecideError> {
        let rows = lock(&self.vault)
            .db
            .grant_list()
            .map_err(|e| DecideError::Store(e.to_string()))?;
        let mut live = Vec::new();
        for row in rows {
            let Ok(g) = serde_json::from_str::<Grant>(&row.body) else {
                tracing::error!("approval grant {} does not parse; removed", row.id);
                let _ = lock(&self.vault).db.grant_remove(&row.id);
                continue;
            };
            if g.expires_ms <= now_ms {
                let _ = lock(&self.vault).db.grant_remove(&g.id);
                audit(
                    "approval_grant_expired",
                    json!({"grant": g.id, "did": g.caller_did, "tool": g.tool}),
                );
                continue;
            }
            live.push(g);
        }
        Ok(live)
    }

    /// Uses a standing grant of `caller_did` for `tool`, if one is in force: counted and
    /// audited with the call's request id. `None` when none covers the call.
    pub fn use_grant(
        &self,
        caller_did: &str,
        tool: &str,
        call: &str,
        now_ms: u64,
        audit: AuditSink<'_>,
    ) -> Option<Grant> {
        let grants = match self.grants(now_ms, audit) {
            Ok(g) => g,
            Err(e) => {
                // Fail closed: no grant is believed that cannot be read.
                tracing::error!("{e}");
                return None;
            }
        };
        let mut g = grants
            .into_iter()
            .find(|g| g.caller_did == caller_did && g.tool == tool)?;
        g.uses += 1;
        // An update, never an insert: a grant revoked since it was read stays revoked,
        // and then it covers nothing (fail closed: a person is asked).
        let body = serde_json::to_string(&g).ok()?;
        let still = lock(&self.vault).db.grant_update(&GrantRow {
            id: g.id.clone(),
            caller_did: g.caller_did.clone(),
            expires_ms: g.expires_ms,
            body,
        });
        match still {
            Ok(true) => {}
            Ok(false) => return None,
            Err(e) => {
                tracing::error!("approval grant {}: {e}", g.id);
                return None;
            }
        }
        audit(
            "approval_grant_used",
            json!({"grant": g.id, "did": caller_did, "tool": tool, "request_id": call}),
        );
        Some(g)
    }

    /// Removes one grant; `false` if there was none.
    pub fn revoke_grant(
        &self,
        id: &str,
        by: &str,
        audit: AuditSink<'_>,
    ) -> Result<bool, DecideError> {
        let gone = lock(&self.vault)
            .db
            .grant_remove(id)
            .map_err(|e| DecideError::Store(e.to_string()))?;
        if gone {
            audit("approval_grant_revoked", json!({"grant": id, "by": by}));
        }
        Ok(gone)
    }

    /// Drops every grant of `did` (its trust or session was revoked).
    pub fn drop_grants_of(&self, did: &str, audit: AuditSink<'_>) {
        match lock(&self.vault).db.grant_remove_for(did) {
            Ok(0) => {}
            Ok(n) => audit(
                "approval_grants_dropped",
                json!({"did": did, "grants": n, "reason": "trust or session revoked"}),
            ),
            Err(e) => tracing::error!("dropping the approval grants of {did}: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caller_opens_a_burst_then_waits_and_others_are_not_held_up() {
        let l = OpenLimit::default();
        for i in 0..OPEN_BURST {
            assert!(l.check("did:key:a").is_ok(), "request {i}");
        }
        let wait = l.check("did:key:a").expect_err("over the burst");
        assert!(wait > std::time::Duration::ZERO && wait <= std::time::Duration::from_secs(2));
        assert!(
            l.check("did:key:b").is_ok(),
            "another caller has its own budget"
        );
    }
}
