//! `doctor`: why a trusted peer is, or is not, reachable, in plain words, from what the
//! node knows now (sessions, paths, punches, relays, records, LAN, dials, refusals and
//! blocks). It tries nothing itself: every sentence is something the node observed.

use serde::Serialize;

use super::{Ops, OpsError};
use crate::clock::rfc3339;
use crate::daemon::Snapshot;

/// The whole report.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Doctor {
    /// About this node: discovery, relays, addresses.
    pub node: Vec<String>,
    /// One entry per trusted peer asked about.
    pub peers: Vec<PeerDiagnosis>,
}

/// One trusted peer.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PeerDiagnosis {
    /// Its DID.
    pub did: String,
    /// Its name here.
    pub name: Option<String>,
    /// Whether it holds a session with us now.
    pub reachable: bool,
    /// One line: how it is reached, or why not.
    pub summary: String,
    /// What the node observed, most telling first.
    pub findings: Vec<String>,
}

impl Ops {
    /// Diagnoses `peer` (a DID or name), or every trusted peer.
    pub fn doctor(&self, peer: Option<&str>) -> Result<Doctor, OpsError> {
        let snap = self.node.snapshot();
        let only = match peer {
            Some(p) => Some(self.resolve_peer(p)?.0.to_string()),
            None => None,
        };
        let peers = snap
            .trusted
            .iter()
            .filter(|t| only.as_deref().is_none_or(|d| d == t.did))
            .map(|t| diagnose(&snap, &t.did, t.name.clone(), &t.addrs))
            .collect::<Vec<_>>();
        if let (Some(d), true) = (&only, peers.is_empty()) {
            return Err(OpsError::not_found(format!(
                "{d} is not a trusted peer: `lango-node trust add {d}` first"
            )));
        }
        Ok(Doctor {
            node: node_findings(&snap, self.node.config()),
            peers,
        })
    }
}

fn node_findings(snap: &Snapshot, cfg: &crate::config::Config) -> Vec<String> {
    let mut out = Vec::new();
    let non_loopback = snap.listen_addrs.iter().any(|a| {
        !a.iter().any(|p| {
            matches!(p, libp2p::multiaddr::Protocol::Ip4(ip) if ip.is_loopback())
                || matches!(p, libp2p::multiaddr::Protocol::Ip6(ip) if ip.is_loopback())
        })
    });
    if snap.listen_addrs.is_empty() {
        out.push("this node listens on no address: nobody can dial it (see node.listen)".into());
    } else if !non_loopback {
        out.push(
            "this node listens on loopback only: no other machine can dial it directly (see node.listen)"
                .into(),
        );
    }
    if snap.mdns.enabled {
        out.push(format!(
            "mDNS is on: {} LAN neighbour(s) heard",
            snap.mdns.neighbours
        ));
    } else if let Some(e) = &snap.mdns.error {
        out.push(format!("mDNS is off: {e}"));
    } else {
        out.push(
            "mDNS is off (node.mdns = false): LAN peers are found only by address or relay".into(),
        );
    }
    if cfg.relays.is_empty() {
        out.push(
            "no [[relays]]: a peer behind a NAT, or one trusted without an address, cannot be found across networks"
                .into(),
        );
    }
    for r in &snap.relays {
        out.push(if r.reserved {
            format!("relay {}: session and reservation held", r.addr)
        } else if r.session {
            format!(
                "relay {}: session but no reservation{}",
                r.addr,
                r.last_error
                    .as_ref()
                    .map(|e| format!(" ({e})"))
                    .unwrap_or_default()
            )
        } else {
            let err = snap
                .dial_errors
                .iter()
                .find(|(t, _, _)| r.addr.split("/p2p/").next() == Some(t.as_str()))
                .map(|(_, e, at)| format!(": last dial failed at {}: {e}", rfc3339(*at)))
                .unwrap_or_default();
            format!(
                "relay {}: no session{err} (it must trust this node's DID, and be reachable)",
                r.addr
            )
        });
    }
    out.push(nat_finding(snap));
    if !snap.observed.is_empty() {
        out.push(format!(
            "peers see this node at {}",
            snap.observed
                .iter()
                .map(|a| a.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    out
}

/// What AutoNAT found, in words.
fn nat_finding(snap: &Snapshot) -> String {
    let r = crate::daemon::autonat::reachability(&snap.autonat, &snap.listen_addrs, &snap.observed);
    let yes: Vec<&str> = snap
        .autonat
        .iter()
        .filter(|t| t.reachable)
        .map(|t| t.addr.as_str())
        .collect();
    let no: Vec<String> = snap
        .autonat
        .iter()
        .filter(|t| !t.reachable)
        .map(|t| {
            format!(
                "{} ({})",
                t.addr,
                t.error.as_deref().unwrap_or("no dial-back")
            )
        })
        .collect();
    match r {
        "public" => format!(
            "reachable from outside: a relay dialed this node back at {}",
            yes.join(", ")
        ),
        "private" if !no.is_empty() && yes.is_empty() => format!(
            "not reachable from outside: the relays could not dial this node back at {}; peers behind NAT reach it through a relay, or directly after a hole punch",
            no.join(", ")
        ),
        "private" if !yes.is_empty() => format!(
            "reachable only on a private network (dialed back at {}); peers elsewhere reach it through a relay",
            yes.join(", ")
        ),
        "private" => "behind a NAT (peers see it at an address that is not its own); not yet tested by a relay's AutoNAT".into(),
        _ => {
            if snap.relays.is_empty() {
                "reachability unknown: with no [[relays]], nothing tests whether this node can be dialed (AutoNAT asks the relays)".into()
            } else {
                "reachability unknown: no relay has tested this node's addresses yet (AutoNAT asks each relay holding a session)".into()
            }
        }
    }
}

fn diagnose(snap: &Snapshot, did: &str, name: Option<String>, addrs: &[String]) -> PeerDiagnosis {
    let mut findings = Vec::new();
    let session = snap
        .sessions
        .iter()
        .find(|s| s.remote_did().as_str() == did);
    if let Some(s) = session {
        let peer = libp2p::PeerId::from_bytes(&s.remote_peer.0).ok();
        let path = peer
            .and_then(|p| snap.paths.get(&p).cloned())
            .unwrap_or_default();
        let how = match path.path {
            Some("relayed") => format!(
                "relayed via {} over {}",
                path.via.as_deref().unwrap_or("a relay"),
                path.transport.unwrap_or("?")
            ),
            Some(p) => format!(
                "{p} over {} to {}",
                path.transport.unwrap_or("?"),
                path.remote_addr.as_deref().unwrap_or("?")
            ),
            None => "no connection left (the session ends with its last connection)".into(),
        };
        let rtt = path
            .rtt_ms
            .map(|r| format!(", round trip {r:.1} ms"))
            .unwrap_or_default();
        if path.path == Some("relayed") {
            match &path.punch {
                Some(p) if p.outcome == "failed" => findings.push(format!(
                    "relayed because the hole punch failed ({} failed attempt(s) in a row, last at {}): {}; a NAT that maps each destination to a new port (symmetric) or drops unsolicited packets defeats it; it is tried again after a network change",
                    p.failures, p.at, p.reason
                )),
                Some(p) => findings.push(format!("last hole punch at {}: {}", p.at, p.reason)),
                None => findings.push(
                    "relayed; no hole punch has finished yet (each attempt may take 10 s)".into(),
                ),
            }
        }
        if let Some((_, p, a)) = snap.known.iter().find(|(d, ..)| d == did) {
            findings.push(format!(
                "last-known address (tried first after a restart): PeerId {p} at {}",
                a.iter()
                    .map(|a| a.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        return PeerDiagnosis {
            did: did.to_string(),
            name,
            reachable: true,
            summary: format!(
                "reachable: session ({}) since {}, {how}{rtt}",
                s.direction.as_str(),
                rfc3339(s.established_at)
            ),
            findings,
        };
    }
    // No session: say every reason the node knows, the decisive ones first.
    if let Some(b) = snap.blocks.iter().find(|b| b.did == did) {
        findings.push(format!(
            "blocked here {}: {} (`lango-node session unblock {did}` lifts it)",
            b.until_ms
                .map(|u| format!("until {}", rfc3339(lango_protocol::UnixMillis(u))))
                .unwrap_or_else(|| "for good".into()),
            b.reason
        ));
    }
    if let Some(r) = snap.revoked_by.iter().find(|r| r.did == did) {
        findings.push(format!(
            "it revoked our session at {}{}: {}",
            r.at,
            r.until
                .as_ref()
                .map(|u| format!(" and refuses us until {u}; no redial before then"))
                .unwrap_or_default(),
            r.reason
        ));
    }
    let record = snap.records.iter().find(|(d, ..)| d == did);
    let known = snap.known.iter().find(|(d, ..)| d == did);
    let peer_id = record
        .map(|(_, p, _, _)| *p)
        .or_else(|| known.map(|(_, p, _)| *p));
    if let Some(code) = peer_id.and_then(|p| {
        snap.refused_by
            .iter()
            .find(|(q, _)| *q == p)
            .map(|(_, c)| *c)
    }) {
        let hint = match code {
            lango_protocol::RejectCode::UnknownPeer => {
                " — it does not trust this node: its operator runs `lango-node trust add <this node's DID>`"
            }
            lango_protocol::RejectCode::Blocked => " — it has blocked this node",
            _ => "",
        };
        findings.push(format!("it refused our handshake: {}{hint}", code.as_str()));
    }
    if let Some(p) = peer_id {
        if snap.connected.iter().any(|(q, _)| *q == p) {
            findings.push(format!(
                "connected to its PeerId {p}, but no handshake has completed yet"
            ));
        }
    }
    // Ways to find it, and what became of each.
    for a in addrs {
        let bare = a.split("/p2p/").next().unwrap_or(a);
        match snap.dial_errors.iter().find(|(t, ..)| t == bare) {
            Some((_, e, at)) => findings.push(format!(
                "its address {a}: the last dial failed at {}: {e}",
                rfc3339(*at)
            )),
            None => findings.push(format!("its address {a}: no failed dial recorded")),
        }
    }
    if let Some((_, p, kaddrs)) = known {
        findings.push(format!(
            "last reached directly as PeerId {p} at {}",
            kaddrs
                .iter()
                .map(|a| a.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
        if record.is_none() {
            if let Some((_, e, at)) = snap.dial_errors.iter().find(|(t, ..)| *t == p.to_string()) {
                findings.push(format!("dialing it there failed at {}: {e}", rfc3339(*at)));
            }
        }
    }
    match record {
        Some((_, p, raddrs, expires)) => {
            findings.push(format!(
                "its signed peer record (from a relay or the LAN) names PeerId {p} at {} (valid until {})",
                if raddrs.is_empty() {
                    "no address".to_string()
                } else {
                    raddrs.join(", ")
                },
                rfc3339(*expires)
            ));
            if let Some((_, e, at)) = snap.dial_errors.iter().find(|(t, ..)| *t == p.to_string()) {
                findings.push(format!(
                    "dialing it from the record failed at {}: {e}",
                    rfc3339(*at)
                ));
            }
        }
        None if snap.relays.iter().any(|r| r.session) => findings.push(
            "no relay we hold a session with has its record: is it running, does it list one of our relays in [[relays]], and does that relay trust it?"
                .into(),
        ),
        None if !snap.relays.is_empty() => findings.push(
            "no relay is reachable, so its record cannot be looked up (see the relays above)"
                .into(),
        ),
        None => {}
    }
    let lan = if snap.mdns.neighbours == 0 {
        "no LAN neighbour heard".to_string()
    } else {
        format!(
            "{} LAN neighbour(s) heard, none proved to be it",
            snap.mdns.neighbours
        )
    };
    if addrs.is_empty() && snap.relays.is_empty() && known.is_none() {
        findings.push(if snap.mdns.enabled {
            format!("trusted without an address and no [[relays]]: only mDNS can find it; {lan}")
        } else {
            "trusted without an address, no [[relays]] and mDNS off: the node has no way to find it; give an address (`lango-node trust set DID --addr …`) or a relay both trust"
                .into()
        });
    } else if snap.mdns.enabled {
        findings.push(format!("mDNS: {lan}"));
    }
    let summary = findings
        .first()
        .cloned()
        .unwrap_or_else(|| "no session".into());
    PeerDiagnosis {
        did: did.to_string(),
        name,
        reachable: false,
        summary: format!("unreachable: {summary}"),
        findings,
    }
}
