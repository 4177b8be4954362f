//! What the node is and what it sees: `id`, `status`, `metrics`, `peers`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Ops;

/// `id`: our identity and addresses.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct NodeId {
    /// Our DID.
    pub did: String,
    /// Our PeerId.
    pub peer_id: String,
    /// Where we listen.
    pub listen_addrs: Vec<String>,
}

/// `status`: a summary.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct NodeStatus {
    /// Our DID.
    pub did: String,
    /// Our PeerId.
    pub peer_id: String,
    /// Where we listen.
    pub listen_addrs: Vec<String>,
    /// This binary's version.
    pub version: &'static str,
    /// The commit it was built from.
    pub commit: &'static str,
    /// When the node started (RFC 3339).
    pub started_at: String,
    /// Seconds since.
    pub uptime_s: u64,
    /// Peers with at least one connection.
    pub connected_peers: usize,
    /// Live sessions.
    pub sessions: usize,
    /// Entries in the trust store.
    pub trusted_peers: usize,
    /// Unknown peers that proved their key and wait for an operator.
    pub pending_peers: usize,
    /// Blocks in force (by DID and by PeerId).
    pub blocks: usize,
    /// Peers that revoked our session, and why.
    pub revoked_by_peers: Vec<crate::daemon::RevokedBy>,
    /// Tools this node exposes.
    pub tools: Vec<String>,
    /// Sandbox back ends in use.
    pub sandboxes: Vec<&'static str>,
    /// What is wrong with the audit log now (an anchor that cannot be written, a
    /// segment that cannot be closed); empty when nothing is.
    pub audit_problems: Vec<String>,
    /// Live replay-cache entries.
    pub replay_cache_entries: usize,
    /// Security events since start, by kind.
    pub security_events: BTreeMap<&'static str, u64>,
    /// `public` when a relay's AutoNAT dial-back reached us at an address outside the
    /// private ranges; `private` when none could, or peers see us at an address that is
    /// none of ours (a NAT is in the way); else `unknown`.
    pub reachability: &'static str,
    /// The AutoNAT answers behind it: address, reachable, which relay, when, why not.
    pub autonat: Vec<crate::daemon::autonat::NatTest>,
    /// Our addresses as peers observe them.
    pub observed_addrs: Vec<String>,
    /// Our `[[relays]]`: session, reservation, last error.
    pub relays: Vec<crate::daemon::reach::RelayStatus>,
    /// LAN discovery (mDNS): on or off and why, neighbours heard.
    pub mdns: crate::daemon::reach::MdnsStatus,
}

/// One connected peer.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct PeerInfo {
    /// Its PeerId.
    pub peer_id: String,
    /// Its DID, when it holds a session.
    pub did: Option<String>,
    /// Remote addresses of its connections.
    pub addrs: Vec<String>,
}

impl Ops {
    /// Our identity and addresses.
    pub fn id(&self) -> NodeId {
        let snap = self.node.snapshot();
        NodeId {
            did: self.node.local_key().did().to_string(),
            peer_id: self.node.peer_id().to_string(),
            listen_addrs: snap.listen_addrs.iter().map(|a| a.to_string()).collect(),
        }
    }

    /// A summary of the node.
    pub fn status(&self) -> NodeStatus {
        let snap = self.node.snapshot();
        let started = self.node.started();
        let mut tools: Vec<String> = self
            .node
            .tools()
            .iter()
            .map(|t| t.cfg.name.clone())
            .collect();
        tools.sort();
        let mut sandboxes: Vec<&'static str> = self
            .node
            .tools()
            .backends()
            .map(|b| b.kind().as_str())
            .collect();
        sandboxes.sort();
        sandboxes.dedup();
        NodeStatus {
            did: self.node.local_key().did().to_string(),
            peer_id: self.node.peer_id().to_string(),
            listen_addrs: snap.listen_addrs.iter().map(|a| a.to_string()).collect(),
            version: env!("CARGO_PKG_VERSION"),
            commit: crate::cli::meta::COMMIT,
            started_at: crate::clock::rfc3339(started),
            uptime_s: crate::clock::now().0.saturating_sub(started.0) / 1000,
            connected_peers: snap.connected.len(),
            sessions: snap.sessions.len(),
            trusted_peers: snap.trusted.len(),
            pending_peers: snap.pending.len(),
            blocks: snap.blocks.len() + snap.peer_blocks.len(),
            revoked_by_peers: snap.revoked_by.clone(),
            tools,
            sandboxes,
            audit_problems: [
                self.node.audit_log().anchor_failure(),
                self.node.audit_log().rotation_failure(),
            ]
            .into_iter()
            .flatten()
            .collect(),
            replay_cache_entries: snap.replay_entries,
            security_events: snap.event_counts.into_iter().collect(),
            reachability: crate::daemon::autonat::reachability(
                &snap.autonat,
                &snap.listen_addrs,
                &snap.observed,
            ),
            autonat: snap.autonat.clone(),
            observed_addrs: snap.observed.iter().map(|a| a.to_string()).collect(),
            relays: snap.relays.clone(),
            mdns: snap.mdns.clone(),
        }
    }

    /// Counters and gauges in the Prometheus text format.
    pub fn metrics(&self) -> String {
        let snap = self.node.snapshot();
        let mut text = String::new();
        text.push_str(
            "# HELP lango_security_events_total Security events recorded since start, by kind.\n",
        );
        text.push_str("# TYPE lango_security_events_total counter\n");
        for (kind, n) in &snap.event_counts {
            text.push_str(&format!(
                "lango_security_events_total{{kind=\"{kind}\"}} {n}\n"
            ));
        }
        let gauges = [
            ("lango_sessions", "Live sessions.", snap.sessions.len()),
            (
                "lango_connected_peers",
                "Peers with at least one connection.",
                snap.connected.len(),
            ),
            (
                "lango_trusted_peers",
                "Entries in the trust store.",
                snap.trusted.len(),
            ),
            (
                "lango_pending_peers",
                "Unknown peers that proved their key.",
                snap.pending.len(),
            ),
            (
                "lango_replay_cache_entries",
                "Live replay-cache entries.",
                snap.replay_entries,
            ),
        ];
        for (name, help, v) in gauges {
            text.push_str(&format!(
                "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {v}\n"
            ));
        }
        text
    }

    /// Connected peers.
    pub fn peers(&self) -> Vec<PeerInfo> {
        let snap = self.node.snapshot();
        snap.connected
            .iter()
            .map(|(p, addrs)| PeerInfo {
                peer_id: p.to_string(),
                did: snap
                    .sessions
                    .iter()
                    .find(|s| s.remote_peer.0 == p.to_bytes())
                    .map(|s| s.remote_did().to_string()),
                addrs: addrs.iter().map(|a| a.to_string()).collect(),
            })
            .collect()
    }
}
