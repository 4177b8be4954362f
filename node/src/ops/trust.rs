//! The trust store: `trust add | list | remove | pending | blocks | approve`.

use libp2p::Multiaddr;
use serde::Serialize;
use serde_json::json;

use lango_protocol::UnixMillis;

use super::{parse_did, Actor, Ops, OpsError};
use crate::clock::{self, rfc3339};
use crate::daemon::trust::TrustedPeer;
use crate::daemon::PendingPeer;

/// `trust add`: what to trust.
#[derive(Clone, Debug)]
pub struct TrustAdd {
    /// The peer's DID.
    pub did: String,
    /// Multiaddrs to dial it at.
    pub addrs: Vec<String>,
    /// Tool patterns it may call (already checked by [`parse_tool_patterns`]).
    pub tools: Vec<String>,
    /// A label.
    pub name: Option<String>,
}

/// One trusted peer, as listed.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct TrustEntry {
    /// Its DID.
    pub did: String,
    /// Its label.
    pub name: Option<String>,
    /// Where we dial it.
    pub addrs: Vec<String>,
    /// Tool patterns it may call.
    pub tools: Vec<String>,
    /// When it was first trusted (RFC 3339).
    pub added_at: String,
    /// Until when it is blocked (RFC 3339 or `forever`), if it is.
    pub blocked_until: Option<String>,
}

/// One block in force.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct BlockInfo {
    /// The blocked DID.
    pub did: String,
    /// Until when (RFC 3339 or `forever`).
    pub until: String,
    /// Why.
    pub reason: String,
    /// Since when (RFC 3339).
    pub since: String,
    /// Whether the DID is also in the trust store.
    pub trusted: bool,
}

fn until_text(until_ms: Option<u64>) -> String {
    until_ms
        .map(|u| rfc3339(UnixMillis(u)))
        .unwrap_or_else(|| "forever".into())
}

/// Checks a `--tools` pattern list: comma-separated names, `*`, prefixes like `fs.*`,
/// and `!pattern` to deny (deny wins).
pub fn parse_tool_patterns(s: &str) -> Result<Vec<String>, OpsError> {
    lango_protocol::tools::firewall::parse_pattern_list(s)
        .map_err(|e| OpsError::input(e.to_string()))
}

impl Ops {
    /// Trusts a DID (or updates its entry); lifts any block on it.
    pub async fn trust_add(&self, actor: &Actor, req: TrustAdd) -> Result<String, OpsError> {
        let (did, key) = parse_did(&req.did)?;
        if key == self.node.local_key() {
            return Err(OpsError::input("refusing to trust our own DID"));
        }
        for a in &req.addrs {
            a.parse::<Multiaddr>()
                .map_err(|e| OpsError::input(format!("bad multiaddr {a:?}: {e}")))?;
        }
        let entry = TrustedPeer {
            did: did.to_string(),
            name: req.name,
            addrs: req.addrs,
            tools: req.tools,
            added_ms: clock::now().0,
        };
        self.node
            .trust_put(entry.clone())
            .await
            .map_err(|e| OpsError::internal(format!("cannot save trust store: {e}")))?;
        self.node.audit(
            "trust_add",
            json!({"did": entry.did, "tools": entry.tools, "addrs": entry.addrs, "by": actor.describe()}),
        );
        Ok(entry.did)
    }

    /// Trusts a pending peer with these tool patterns; returns it.
    pub async fn trust_approve(
        &self,
        actor: &Actor,
        did: &str,
        tools: Vec<String>,
    ) -> Result<PendingPeer, OpsError> {
        let (did, _) = parse_did(did)?;
        let pending = self
            .node
            .pending(did.as_str())
            .ok_or_else(|| OpsError::not_found(format!("{did} is not pending")))?;
        self.trust_add(
            actor,
            TrustAdd {
                did: did.to_string(),
                addrs: Vec::new(),
                tools,
                name: None,
            },
        )
        .await?;
        Ok(pending)
    }

    /// Trusted peers, with their blocks.
    pub fn trust_list(&self) -> Vec<TrustEntry> {
        let snap = self.node.snapshot();
        snap.trusted
            .iter()
            .map(|p| TrustEntry {
                did: p.did.clone(),
                name: p.name.clone(),
                addrs: p.addrs.clone(),
                tools: p.tools.clone(),
                added_at: rfc3339(UnixMillis(p.added_ms)),
                blocked_until: snap
                    .blocks
                    .iter()
                    .find(|b| b.did == p.did)
                    .map(|b| until_text(b.until_ms)),
            })
            .collect()
    }

    /// Untrusts a DID and blocks it for good, ending its session. Not trusted before is
    /// an error, after the block is in place.
    pub async fn trust_remove(&self, actor: &Actor, did: &str) -> Result<String, OpsError> {
        let (did, key) = parse_did(did)?;
        let (removed, session) = self
            .node
            .trust_remove(key)
            .await
            .map_err(|e| OpsError::internal(format!("cannot save trust store: {e}")))?;
        self.node.audit(
            "trust_remove",
            json!({"did": did.to_string(), "by": actor.describe(), "had_session": session.is_some()}),
        );
        if let Some(s) = session {
            self.node.end_session(&s, u64::MAX, "trust removed").await;
        }
        if !removed {
            return Err(OpsError::not_found(format!(
                "{did} was not trusted (now blocked for good)"
            )));
        }
        Ok(did.to_string())
    }

    /// Unknown peers that proved their key and asked to handshake.
    pub fn trust_pending(&self) -> Vec<PendingPeer> {
        self.node.snapshot().pending
    }

    /// Blocks in force, trusted or not.
    pub fn trust_blocks(&self) -> Vec<BlockInfo> {
        let snap = self.node.snapshot();
        snap.blocks
            .iter()
            .map(|b| BlockInfo {
                did: b.did.clone(),
                until: until_text(b.until_ms),
                reason: b.reason.clone(),
                since: rfc3339(UnixMillis(b.since_ms)),
                trusted: snap.trusted.iter().any(|p| p.did == b.did),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_patterns_are_validated() {
        assert_eq!(
            parse_tool_patterns("fs.*, echo").unwrap(),
            vec!["fs.*", "echo"]
        );
        assert!(parse_tool_patterns("f*s").is_err());
        assert_eq!(
            parse_tool_patterns("*,!fs.write").unwrap(),
            vec!["*", "!fs.write"]
        );
        assert!(parse_tool_patterns("a;b").is_err());
        assert!(parse_tool_patterns("").unwrap().is_empty());
    }
}
