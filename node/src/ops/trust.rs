//! The trust store: `trust add | set | list | remove | pending | blocks | approve`, and
//! the names operators give peers.

use libp2p::Multiaddr;
use serde::Serialize;
use serde_json::json;

use lango_protocol::UnixMillis;

use super::{parse_did, Actor, Ops, OpsError};
use crate::clock::{self, rfc3339};
use crate::daemon::trust::TrustedPeer;
use crate::daemon::PendingPeer;
use lango_protocol::{AgentPublicKey, Did};

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

/// `trust set`: what to change on a trusted peer; `None` leaves that part as it is.
#[derive(Clone, Debug, Default)]
pub struct TrustSet {
    /// The peer: DID or name.
    pub peer: String,
    /// New dial addresses (replacing the old ones).
    pub addrs: Option<Vec<String>>,
    /// New tool patterns (already checked by [`parse_tool_patterns`]).
    pub tools: Option<Vec<String>>,
    /// New name (`Some("")` clears it).
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
    /// The blocked DID (for a PeerId block: the DID that PeerId proved, if any).
    pub did: Option<String>,
    /// The blocked PeerId, for a transport-level block (memory only, lifted by a restart).
    pub peer_id: Option<String>,
    /// The peer's name, if it is trusted under one.
    pub name: Option<String>,
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

/// Checks a peer name: 1-64 of `A-Z a-z 0-9 . _ -`, starting with a letter or a digit
/// (so it can never be read as a DID, a PeerId's `12D3…` aside, or an option).
pub fn check_name(name: &str) -> Result<(), OpsError> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(OpsError::input(format!(
            "bad name {name:?}: 1-64 of A-Z a-z 0-9 . _ -, starting with a letter or digit"
        )))
    }
}

impl Ops {
    /// The DID a peer argument names: a DID as is, else the name of a trusted peer.
    pub fn resolve_peer(&self, peer: &str) -> Result<(Did, AgentPublicKey), OpsError> {
        if peer.starts_with("did:") {
            return parse_did(peer);
        }
        let snap = self.node.snapshot();
        let mut found = snap.trusted.iter().filter(|p| {
            p.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(peer))
        });
        match (found.next(), found.next()) {
            (Some(_), Some(_)) => Err(OpsError::input(format!(
                "the name {peer:?} matches more than one trusted peer: use the DID (and \
                 `trust set DID --name …` to make the names unique)"
            ))),
            (Some(p), None) => parse_did(&p.did),
            (None, _) => Err(OpsError::not_found(format!(
                "no trusted peer is named {peer:?} (a DID starts with did:key:; names come \
                 from `trust add --name` or `trust set --name`)"
            ))),
        }
    }

    /// The name of a trusted DID, if it has one.
    pub(crate) fn name_of(&self, did: &str) -> Option<String> {
        self.node.trusted(did).and_then(|p| p.name)
    }

    /// Refuses a name another trusted peer already has.
    fn name_free(&self, name: &str, did: &str) -> Result<(), OpsError> {
        check_name(name)?;
        let snap = self.node.snapshot();
        if let Some(other) = snap.trusted.iter().find(|p| {
            p.did != did
                && p.name
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
        }) {
            return Err(OpsError::input(format!(
                "the name {name:?} is taken by {} (names are unique per node)",
                other.did
            )));
        }
        Ok(())
    }

    /// Trusts a new DID; lifts any block on it. A DID that is already trusted is
    /// refused: `trust set` changes an entry, and only what it is given.
    pub async fn trust_add(&self, actor: &Actor, req: TrustAdd) -> Result<String, OpsError> {
        let (did, key) = parse_did(&req.did)?;
        if key == self.node.local_key() {
            return Err(OpsError::input("refusing to trust our own DID"));
        }
        if self.node.trusted(did.as_str()).is_some() {
            return Err(OpsError::input(format!(
                "{did} is already trusted; `lango-node trust set {did} [--tools …] [--addr …] \
                 [--name …]` changes only what it is given"
            )));
        }
        check_addrs(&req.addrs)?;
        if let Some(n) = &req.name {
            self.name_free(n, did.as_str())?;
        }
        let entry = TrustedPeer {
            did: did.to_string(),
            name: req.name,
            addrs: req.addrs,
            tools: req.tools,
            added_ms: clock::now().0,
        };
        let pending = self
            .node
            .trust_put(entry.clone())
            .await
            .map_err(|e| OpsError::internal(format!("cannot save trust store: {e}")))?;
        self.node.audit(
            "trust_add",
            json!({"did": entry.did, "name": entry.name, "tools": entry.tools, "addrs": entry.addrs, "by": actor.describe()}),
        );
        if let Some(p) = pending {
            self.dial_back(&p);
        }
        Ok(entry.did)
    }

    /// Changes what it is given of a trusted peer's entry; the rest stays.
    pub async fn trust_set(&self, actor: &Actor, req: TrustSet) -> Result<TrustEntry, OpsError> {
        let (did, _) = self.resolve_peer(&req.peer)?;
        let mut entry = self.node.trusted(did.as_str()).ok_or_else(|| {
            OpsError::not_found(format!("{did} is not trusted (use `trust add`)"))
        })?;
        if let Some(a) = &req.addrs {
            check_addrs(a)?;
        }
        match req.name.as_deref() {
            Some("") => entry.name = None,
            Some(n) => {
                self.name_free(n, did.as_str())?;
                entry.name = Some(n.to_string());
            }
            None => {}
        }
        if let Some(a) = req.addrs {
            entry.addrs = a;
        }
        if let Some(t) = req.tools {
            entry.tools = t;
        }
        // A change of name, addresses or tools is not a decision to trust again: blocks
        // stay in force (`session unblock` lifts them).
        let updated = self
            .node
            .trust_update(entry.clone())
            .await
            .map_err(|e| OpsError::internal(format!("cannot save trust store: {e}")))?;
        if !updated {
            return Err(OpsError::not_found(format!(
                "{did} is not trusted (use `trust add`)"
            )));
        }
        self.node.audit(
            "trust_set",
            json!({"did": entry.did, "name": entry.name, "tools": entry.tools, "addrs": entry.addrs, "by": actor.describe()}),
        );
        self.trust_list()
            .into_iter()
            .find(|e| e.did == entry.did)
            .ok_or_else(|| OpsError::internal("the entry vanished after it was saved"))
    }

    /// Dials a peer we just trusted back at the addresses it announced when it tried us,
    /// so its session forms now, not at its next backoff step. The handshake proves who
    /// answers; the addresses are only hints.
    fn dial_back(&self, p: &PendingPeer) {
        let Ok(peer) = p.peer_id.parse::<libp2p::PeerId>() else {
            return;
        };
        for a in dial_back_addrs(p) {
            self.node.dial(peer, a);
        }
    }

    /// Trusts a pending peer with these tool patterns (and a name); returns it.
    pub async fn trust_approve(
        &self,
        actor: &Actor,
        did: &str,
        tools: Vec<String>,
        name: Option<String>,
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
                name,
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
        let (did, key) = self.resolve_peer(did)?;
        let (removed, session) = self
            .node
            .trust_remove(key)
            .await
            .map_err(|e| OpsError::internal(format!("cannot save trust store: {e}")))?;
        self.node.audit(
            "trust_remove",
            json!({"did": did.to_string(), "by": actor.describe(), "had_session": session.is_some()}),
        );
        self.drop_grants(&did.to_string());
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

    /// Blocks in force, by DID and by PeerId, trusted or not.
    pub fn trust_blocks(&self) -> Vec<BlockInfo> {
        let snap = self.node.snapshot();
        let trusted = |did: &str| snap.trusted.iter().find(|p| p.did == did);
        let mut list: Vec<BlockInfo> = snap
            .blocks
            .iter()
            .map(|b| BlockInfo {
                did: Some(b.did.clone()),
                peer_id: None,
                name: trusted(&b.did).and_then(|p| p.name.clone()),
                until: until_text(b.until_ms),
                reason: b.reason.clone(),
                since: rfc3339(UnixMillis(b.since_ms)),
                trusted: trusted(&b.did).is_some(),
            })
            .collect();
        let mut by_peer: Vec<BlockInfo> = snap
            .peer_blocks
            .iter()
            .map(|(p, b)| {
                let t = b.did.as_deref().and_then(trusted);
                BlockInfo {
                    did: b.did.clone(),
                    peer_id: Some(p.to_string()),
                    name: t.and_then(|p| p.name.clone()),
                    until: rfc3339(b.until),
                    reason: b.reason.clone(),
                    since: rfc3339(b.since),
                    trusted: t.is_some(),
                }
            })
            .collect();
        by_peer.sort_by(|a, b| a.since.cmp(&b.since));
        list.extend(by_peer);
        list
    }
}

fn check_addrs(addrs: &[String]) -> Result<(), OpsError> {
    for a in addrs {
        a.parse::<Multiaddr>()
            .map_err(|e| OpsError::input(format!("bad multiaddr {a:?}: {e}")))?;
    }
    Ok(())
}

/// Where a newly trusted peer is dialled back, from what it announced: loopback
/// addresses only for a peer that reached us over loopback; never link-local or
/// unspecified; at most [`MAX_DIAL_BACK`] (a peer's announcement is not a dial list).
fn dial_back_addrs(p: &PendingPeer) -> Vec<Multiaddr> {
    let came_over_loopback = p
        .addr
        .as_deref()
        .and_then(|a| a.parse::<Multiaddr>().ok())
        .is_some_and(|a| is_loopback(&a));
    p.listen_addrs
        .iter()
        .filter_map(|a| a.parse::<Multiaddr>().ok())
        .filter(|a| !is_unspecified(a) && !is_link_local(a))
        .filter(|a| came_over_loopback || !is_loopback(a))
        .take(MAX_DIAL_BACK)
        .collect()
}

/// Addresses a newly trusted peer is dialled back at, at most.
const MAX_DIAL_BACK: usize = 8;

fn is_loopback(a: &Multiaddr) -> bool {
    use libp2p::multiaddr::Protocol;
    a.iter().any(|p| match p {
        Protocol::Ip4(ip) => ip.is_loopback(),
        Protocol::Ip6(ip) => ip.is_loopback(),
        _ => false,
    })
}

fn is_link_local(a: &Multiaddr) -> bool {
    use libp2p::multiaddr::Protocol;
    a.iter().any(|p| match p {
        Protocol::Ip4(ip) => ip.is_link_local(),
        Protocol::Ip6(ip) => (ip.segments()[0] & 0xffc0) == 0xfe80,
        _ => false,
    })
}

/// `0.0.0.0` / `::` cannot be dialled.
fn is_unspecified(a: &Multiaddr) -> bool {
    use libp2p::multiaddr::Protocol;
    a.iter().any(|p| match p {
        Protocol::Ip4(ip) => ip.is_unspecified(),
        Protocol::Ip6(ip) => ip.is_unspecified(),
        _ => false,
    })
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

    #[test]
    fn dial_back_goes_only_where_a_remote_peer_could_listen_and_only_a_few_places() {
        let mut announced: Vec<String> = [
            "/ip4/127.0.0.1/tcp/1",
            "/ip4/169.254.1.1/tcp/1",
            "/ip6/fe80::1/tcp/1",
            "/ip4/0.0.0.0/tcp/1",
            "not a multiaddr",
        ]
        .map(String::from)
        .to_vec();
        announced.extend((1..=20).map(|i| format!("/ip4/203.0.113.{i}/tcp/4001")));
        let mut p = PendingPeer {
            did: "did:key:z".into(),
            peer_id: "p".into(),
            addr: Some("/ip4/198.51.100.7/tcp/50000".into()),
            attempts: 1,
            first_seen: String::new(),
            last_seen: String::new(),
            listen_addrs: announced,
        };
        let got = dial_back_addrs(&p);
        assert_eq!(got.len(), MAX_DIAL_BACK);
        assert!(
            got.iter()
                .all(|a| a.to_string().starts_with("/ip4/203.0.113.")),
            "{got:?}"
        );
        // A peer that came over loopback may be dialled back there.
        p.addr = Some("/ip4/127.0.0.1/tcp/50000".into());
        assert_eq!(dial_back_addrs(&p)[0].to_string(), "/ip4/127.0.0.1/tcp/1");
    }

    #[test]
    fn names_cannot_pass_for_a_did_or_an_option() {
        for ok in ["bob", "db-1", "a.b_c", "7seas"] {
            assert!(check_name(ok).is_ok(), "{ok}");
        }
        for bad in ["", "did:key:z", "-x", ".x", "a b", "a/b", &"x".repeat(65)] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
    }
}
