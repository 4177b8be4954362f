//! Reaching trusted peers across networks: which connections each peer has (direct or
//! through a relay), round-trip times, hole-punch outcomes, our reservations on the
//! `[[relays]]`, and the peer records we publish and learn. The swarm loop feeds this
//! from libp2p events; `session list` and `status` read it.

use std::collections::HashMap;
use std::time::Duration;

use libp2p::core::transport::ListenerId;
use libp2p::core::ConnectedPoint;
use libp2p::multiaddr::Protocol;
use libp2p::swarm::ConnectionId;
use libp2p::{Multiaddr, PeerId};
use serde::Serialize;

use lango_protocol::record::{RecordBook, MAX_ADDRS};
use lango_protocol::{AgentPublicKey, UnixMillis};

use crate::config::relay::Relay;

/// How long a published record is valid.
pub(super) const RECORD_TTL_MS: u64 = 30 * 60 * 1000;
/// A record is published again after this long even if nothing changed.
pub(super) const REPUBLISH_MS: u64 = 10 * 60 * 1000;
/// Records kept by a node that is not a relay (those of peers it looked up).
const CLIENT_BOOK: usize = 1024;
/// Dial failures remembered for `doctor`.
const MAX_DIAL_ERRORS: usize = 256;
/// Observed addresses a record carries at most.
const MAX_OBSERVED: usize = 4;

/// One connection to a peer.
#[derive(Clone, Debug)]
pub(super) struct Link {
    pub(super) id: ConnectionId,
    pub(super) addr: Multiaddr,
    pub(super) relayed: bool,
    /// For a relayed link, an address that names the relay (`…/p2p/<relay>/p2p-circuit`).
    pub(super) via: Option<Multiaddr>,
    /// Whether we dialed it.
    pub(super) dialer: bool,
    /// Draining (`drain.rs`): no new stream is opened on it.
    pub(super) draining: bool,
}

/// The last hole punch with a peer.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Punch {
    /// RFC 3339.
    pub at: String,
    /// `direct` (it worked) or `failed`.
    pub outcome: &'static str,
    /// What happened, in words.
    pub reason: String,
    /// Failed punches in a row.
    pub failures: u32,
}

/// Our slot on one `[[relays]]` entry.
#[derive(Clone, Debug)]
pub(super) struct RelaySlot {
    pub(super) relay: Relay,
    pub(super) listener: Option<ListenerId>,
    pub(super) reserved: bool,
    pub(super) renews: Option<UnixMillis>,
    pub(super) last_error: Option<String>,
    /// The addresses we last published to it, and when.
    pub(super) published: Option<(Vec<String>, UnixMillis)>,
    pub(super) publishing: bool,
    /// No publish attempt before this (after one failed).
    pub(super) publish_after: UnixMillis,
    /// No new reservation attempt before this (after one failed).
    pub(super) retry_at: UnixMillis,
    /// No new dial of the relay before this.
    pub(super) dial_at: UnixMillis,
}

/// The network view of the node.
pub(super) struct NetState {
    pub(super) links: HashMap<PeerId, Vec<Link>>,
    pub(super) rtt: HashMap<PeerId, Duration>,
    pub(super) punches: HashMap<PeerId, Punch>,
    pub(super) relays: Vec<RelaySlot>,
    /// Records: served to lookups on a relay; learned from relays on a client.
    pub(super) book: RecordBook,
    /// Our address as each connected peer last saw it (identify).
    pub(super) observed: HashMap<PeerId, Multiaddr>,
    /// Sequence number of our last record.
    pub(super) seq: u64,
    /// Our current signed record: every relay gets the same one.
    pub(super) current: Option<lango_protocol::record::SignedRecord>,
    /// The agent key a record told us to expect on a PeerId we dialed because of it,
    /// and when (an entry whose dial led to no handshake is dropped after a minute).
    pub(super) expected: HashMap<PeerId, (AgentPublicKey, UnixMillis)>,
    /// mDNS neighbours, our interface networks, probes under way.
    pub(super) lan: super::lan::Lan,
    /// The last dial failure per target (an address, or a PeerId), for `doctor`.
    pub(super) dial_errors: HashMap<String, (String, UnixMillis)>,
    /// Where each trusted DID was last reached directly (see `known.rs`).
    pub(super) known: HashMap<String, (PeerId, Vec<Multiaddr>)>,
    /// When signing our record last failed: not retried for a while (a probe or publish
    /// storm must not hammer a failing signer).
    pub(super) sign_failed: Option<UnixMillis>,
    /// What our relays' AutoNAT dial-backs found.
    pub(super) nat: super::autonat::NatTests,
}

impl NetState {
    pub(super) fn new(relays: Vec<Relay>, serve: bool, max_records: usize) -> Self {
        NetState {
            links: HashMap::new(),
            rtt: HashMap::new(),
            punches: HashMap::new(),
            relays: relays
                .into_iter()
                .map(|relay| RelaySlot {
                    relay,
                    listener: None,
                    reserved: false,
                    renews: None,
                    last_error: None,
                    published: None,
                    publishing: false,
                    publish_after: UnixMillis(0),
                    retry_at: UnixMillis(0),
                    dial_at: UnixMillis(0),
                })
                .collect(),
            book: RecordBook::new(if serve { max_records } else { CLIENT_BOOK }),
            observed: HashMap::new(),
            seq: 0,
            current: None,
            expected: HashMap::new(),
            lan: Default::default(),
            dial_errors: HashMap::new(),
            known: HashMap::new(),
            sign_failed: None,
            nat: Default::default(),
        }
    }

    pub(super) fn link_up(&mut self, peer: PeerId, id: ConnectionId, endpoint: &ConnectedPoint) {
        // An accepted circuit's remote address is only `/p2p/<source>`; the relay is in
        // the local (listen) address.
        let via = match endpoint {
            ConnectedPoint::Dialer { address, .. } => address,
            ConnectedPoint::Listener { local_addr, .. } => local_addr,
        };
        let relayed = endpoint.is_relayed();
        self.links.entry(peer).or_default().push(Link {
            id,
            addr: endpoint.get_remote_address().clone(),
            relayed,
            via: relayed.then(|| via.clone()),
            dialer: endpoint.is_dialer(),
            draining: false,
        });
    }

    /// Notes which connections drain (`drain.rs`): new streams take the peer's others.
    pub(super) fn set_draining(&mut self, hidden: &std::collections::HashSet<ConnectionId>) {
        for l in self.links.values_mut().flatten() {
            l.draining = hidden.contains(&l.id);
        }
    }

    pub(super) fn link_down(&mut self, peer: &PeerId, id: ConnectionId) {
        if let Some(v) = self.links.get_mut(peer) {
            v.retain(|l| l.id != id);
            if v.is_empty() {
                self.links.remove(peer);
                self.rtt.remove(peer);
                self.observed.remove(peer);
            }
        }
    }

    /// Connections to close once the peer has a session: relayed ones to a peer that
    /// also has a direct one (so every stream takes the direct path); and, of two relayed
    /// ones (both sides dialed through the relay at once), the one dialed by the side
    /// with the greater PeerId, so that both sides close the same one and the pair runs
    /// one hole punch, not two. `local` is our PeerId.
    pub(super) fn superseded(&self, local: &PeerId) -> Vec<(PeerId, ConnectionId)> {
        let mut out = Vec::new();
        for (p, v) in &self.links {
            if v.iter().any(|l| !l.relayed) {
                out.extend(v.iter().filter(|l| l.relayed).map(|l| (*p, l.id)));
                continue;
            }
            // Keep the relayed connections dialed by the smaller PeerId, if any.
            let we_keep_ours = local < p;
            let kept = v.iter().any(|l| l.relayed && l.dialer == we_keep_ours);
            if kept {
                out.extend(
                    v.iter()
                        .filter(|l| l.relayed && l.dialer != we_keep_ours)
                        .map(|l| (*p, l.id)),
                );
            }
        }
        out
    }

    /// Sessions whose peer we reach directly at an address that is not yet its newest
    /// last-known one: `(did, peer, address without /p2p/)`.
    pub(super) fn direct_reached(
        &self,
        sessions: &lango_protocol::session::SessionTable,
        now: UnixMillis,
    ) -> Vec<(String, PeerId, Multiaddr)> {
        sessions
            .iter()
            .filter(|s| s.expires_at > now)
            .filter_map(|s| {
                let peer = PeerId::from_bytes(&s.remote_peer.0).ok()?;
                let link = self.links.get(&peer)?.iter().find(|l| !l.relayed)?;
                let addr = without_p2p(&link.addr);
                let did = s.remote_did().to_string();
                match self.known.get(&did) {
                    Some((p, a)) if *p == peer && a.first() == Some(&addr) => None,
                    _ => Some((did, peer, addr)),
                }
            })
            .collect()
    }

    /// Whether `peer` reaches us directly from this machine or one of our LANs (a
    /// connection that is not relayed, from loopback or an address in one of our
    /// interface networks).
    pub(super) fn on_lan(&self, peer: &PeerId) -> bool {
        self.links.get(peer).is_some_and(|v| {
            v.iter().filter(|l| !l.relayed).any(|l| {
                super::lan::ip_of(&l.addr).is_some_and(|ip| {
                    ip.is_loopback() || self.lan.nets.iter().any(|n| n.contains(&ip))
                })
            })
        })
    }

    /// A dial of `target` (an address without `/p2p/`, or a PeerId) failed.
    pub(super) fn dial_failed(&mut self, target: String, error: String, now: UnixMillis) {
        if self.dial_errors.len() >= MAX_DIAL_ERRORS && !self.dial_errors.contains_key(&target) {
            if let Some(oldest) = self
                .dial_errors
                .iter()
                .min_by_key(|(_, (_, at))| *at)
                .map(|(k, _)| k.clone())
            {
                self.dial_errors.remove(&oldest);
            }
        }
        self.dial_errors.insert(target, (error, now));
    }

    pub(super) fn punched(&mut self, peer: PeerId, ok: bool, reason: String, now: UnixMillis) {
        let failures = if ok {
            0
        } else {
            self.punches.get(&peer).map_or(0, |p| p.failures) + attempts_in(&reason)
        };
        self.punches.insert(
            peer,
            Punch {
                at: crate::clock::rfc3339(now),
                outcome: if ok { "direct" } else { "failed" },
                reason,
                failures,
            },
        );
    }

    /// `by` saw us at `addr` (identify). Only what peers holding a session saw goes
    /// into our record (see [`Self::observed_by`]); one entry per connected peer, so a
    /// stranger cannot push out what a trusted peer reported.
    pub(super) fn observe(&mut self, by: PeerId, addr: Multiaddr) {
        if !is_relayed(&addr) && is_global_or_private(&addr) {
            self.observed.insert(by, addr);
        }
    }

    /// Addresses peers for which `trusted` holds saw us at, most reported first.
    pub(super) fn observed_by(&self, trusted: impl Fn(&PeerId) -> bool) -> Vec<Multiaddr> {
        let mut count: Vec<(Multiaddr, usize)> = Vec::new();
        for (_, a) in self.observed.iter().filter(|(p, _)| trusted(p)) {
            match count.iter_mut().find(|(x, _)| x == a) {
                Some((_, n)) => *n += 1,
                None => count.push((a.clone(), 1)),
            }
        }
        count.sort_by(|x, y| {
            y.1.cmp(&x.1)
                .then_with(|| x.0.to_string().cmp(&y.0.to_string()))
        });
        count
            .into_iter()
            .map(|(a, _)| a)
            .take(MAX_OBSERVED)
            .collect()
    }

    /// The addresses our record carries: relayed ones first (they always work), then
    /// what peers observed, then our own listen addresses; no loopback or unspecified
    /// address, no `/p2p/` of our own at the end, at most [`MAX_ADDRS`].
    pub(super) fn record_addrs(
        &self,
        listen: &[Multiaddr],
        observed: &[Multiaddr],
        local: &PeerId,
    ) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        // Relayed addresses only through a relay address from `[[relays]]`: a relay
        // also reports its other interfaces (loopback among them), useless to a peer.
        let relayed = listen.iter().filter(|a| {
            is_relayed(a)
                && (self.relays.is_empty()
                    || self.relays.iter().any(|r| {
                        a.to_string()
                            .starts_with(&format!("{}/p2p-circuit", r.relay.addr))
                    }))
        });
        let direct = observed
            .iter()
            .chain(listen.iter().filter(|a| !is_relayed(a)))
            .filter(|a| is_global_or_private(a));
        for a in relayed.chain(direct) {
            let s = strip_own(a, local).to_string();
            if !out.contains(&s) && s.len() <= lango_protocol::record::MAX_ADDR_LEN {
                out.push(s);
            }
        }
        out.truncate(MAX_ADDRS);
        out
    }

    /// Path details of `peer` for `session list`.
    pub(super) fn path(&self, peer: &PeerId) -> PathInfo {
        let links = self.links.get(peer).map(Vec::as_slice).unwrap_or_default();
        // A peer still holding a relayed connection is reported relayed until it drains
        // (a stream opened now might take it), then by the connection new streams take.
        let best = links
            .iter()
            .find(|l| l.relayed && !l.draining)
            .or_else(|| links.iter().find(|l| !l.relayed))
            .or_else(|| links.first());
        PathInfo {
            path: best.map(|l| if l.relayed { "relayed" } else { "direct" }),
            via: best.and_then(|l| l.via.as_ref()).and_then(relay_of),
            transport: best.map(|l| transport_of(l.via.as_ref().unwrap_or(&l.addr))),
            remote_addr: best.map(|l| l.addr.to_string()),
            rtt_ms: self.rtt.get(peer).map(|d| d.as_secs_f64() * 1000.0),
            punch: self.punches.get(peer).cloned(),
        }
    }
}

/// How a session's peer is reached.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PathInfo {
    /// `direct` or `relayed`; none with no connection.
    pub path: Option<&'static str>,
    /// The relay's PeerId when relayed.
    pub via: Option<String>,
    /// `tcp` or `quic`.
    pub transport: Option<&'static str>,
    /// The connection's remote address.
    pub remote_addr: Option<String>,
    /// Last ping round trip.
    pub rtt_ms: Option<f64>,
    /// The last hole punch.
    pub punch: Option<Punch>,
}

/// LAN discovery as `status` shows it.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct MdnsStatus {
    /// Whether mDNS runs (`node.mdns` and it started).
    pub enabled: bool,
    /// Why it does not run although `node.mdns` asks for it.
    pub error: Option<String>,
    /// Neighbours on our subnets heard by mDNS and not expired.
    pub neighbours: usize,
}

/// One relay as `status` shows it.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct RelayStatus {
    /// The `[[relays]]` address.
    pub addr: String,
    /// Whether we hold a session with it.
    pub session: bool,
    /// Whether it accepted our reservation.
    pub reserved: bool,
    /// When the reservation is renewed (RFC 3339).
    pub renews: Option<String>,
    /// Why the last reservation failed or ended.
    pub last_error: Option<String>,
}

/// Punch attempts a DCUtR failure stands for: libp2p makes up to three synchronised
/// dials on one relayed connection and then reports one error, "Giving up after N dial
/// attempts"; any other failure (the stream broke, the peer does not speak DCUtR) is one.
fn attempts_in(reason: &str) -> u32 {
    reason
        .split("Giving up after ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
}

pub(super) fn is_relayed(a: &Multiaddr) -> bool {
    a.iter().any(|p| matches!(p, Protocol::P2pCircuit))
}

fn relay_of(a: &Multiaddr) -> Option<String> {
    let mut last = None;
    for p in a.iter() {
        match p {
            Protocol::P2p(id) => last = Some(id.to_string()),
            Protocol::P2pCircuit => return last,
            _ => {}
        }
    }
    None
}

fn transport_of(a: &Multiaddr) -> &'static str {
    // The first transport component is the one to the next hop (the relay's, when
    // relayed): what the bytes travel over.
    for p in a.iter() {
        match p {
            Protocol::QuicV1 | Protocol::Quic => return "quic",
            Protocol::Tcp(_) => {
                if a.iter()
                    .any(|p| matches!(p, Protocol::QuicV1 | Protocol::Quic))
                {
                    continue;
                }
                return "tcp";
            }
            _ => {}
        }
    }
    "other"
}

/// Whether the address is one another host could dial (not loopback or unspecified).
fn is_global_or_private(a: &Multiaddr) -> bool {
    match a.iter().next() {
        Some(Protocol::Ip4(ip)) => !ip.is_loopback() && !ip.is_unspecified(),
        Some(Protocol::Ip6(ip)) => !ip.is_loopback() && !ip.is_unspecified(),
        Some(Protocol::Dns(_) | Protocol::Dns4(_) | Protocol::Dns6(_)) => true,
        _ => false,
    }
}

/// `a` without its `/p2p/…` parts (a dial target or a key for an address).
pub(super) fn without_p2p(a: &Multiaddr) -> Multiaddr {
    a.iter()
        .filter(|p| !matches!(p, Protocol::P2p(_)))
        .collect()
}

fn strip_own(a: &Multiaddr, local: &PeerId) -> Multiaddr {
    let mut a = a.clone();
    if matches!(a.iter().last(), Some(Protocol::P2p(p)) if p == *local) {
        a.pop();
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_direct_connection_from_this_machine_or_our_lan_is_on_the_lan() {
        let mut n = NetState::new(Vec::new(), false, 8);
        n.lan
            .interface(if_watch::IfEvent::Up("10.1.0.2/24".parse().unwrap()));
        let inn = |send_back_addr: &str| ConnectedPoint::Listener {
            local_addr: "/ip4/10.1.0.2/tcp/4001".parse().unwrap(),
            send_back_addr: send_back_addr.parse().unwrap(),
        };
        let (lan, local, far, circuit) = (
            PeerId::random(),
            PeerId::random(),
            PeerId::random(),
            PeerId::random(),
        );
        n.link_up(
            lan,
            ConnectionId::new_unchecked(1),
            &inn("/ip4/10.1.0.9/tcp/5"),
        );
        n.link_up(
            local,
            ConnectionId::new_unchecked(2),
            &inn("/ip4/127.0.0.1/tcp/5"),
        );
        n.link_up(
            far,
            ConnectionId::new_unchecked(3),
            &inn("/ip4/198.51.100.7/tcp/5"),
        );
        let relay = PeerId::random();
        n.link_up(
            circuit,
            ConnectionId::new_unchecked(4),
            &ConnectedPoint::Listener {
                local_addr: format!("/ip4/10.1.0.5/tcp/4001/p2p/{relay}/p2p-circuit")
                    .parse()
                    .unwrap(),
                send_back_addr: format!("/p2p/{circuit}").parse().unwrap(),
            },
        );
        assert!(n.on_lan(&lan));
        assert!(n.on_lan(&local));
        assert!(!n.on_lan(&far), "another network");
        assert!(!n.on_lan(&circuit), "through a relay on our LAN");
        assert!(!n.on_lan(&PeerId::random()), "not connected");
    }

    #[test]
    fn of_two_relayed_connections_both_sides_close_the_same_one() {
        let (a, b, r) = (PeerId::random(), PeerId::random(), PeerId::random());
        let relayed: Multiaddr = format!("/ip4/198.51.100.1/tcp/4001/p2p/{r}/p2p-circuit")
            .parse()
            .unwrap();
        let out = |address: Multiaddr| ConnectedPoint::Dialer {
            address,
            role_override: libp2p::core::Endpoint::Dialer,
            port_use: libp2p::core::transport::PortUse::Reuse,
        };
        let inn = |local_addr: Multiaddr| ConnectedPoint::Listener {
            local_addr,
            send_back_addr: "/p2p/12D3KooWRBhwfeP2Y4TCx1SM6s9rUoHhR5STiGwxBhgFRcw3UERE"
                .parse()
                .unwrap(),
        };
        // Connection 1 is dialed by a, connection 2 by b; each side sees both.
        let (c1, c2) = (
            ConnectionId::new_unchecked(1),
            ConnectionId::new_unchecked(2),
        );
        let mut at_a = NetState::new(Vec::new(), false, 8);
        at_a.link_up(b, c1, &out(relayed.clone()));
        at_a.link_up(b, c2, &inn(relayed.clone()));
        let mut at_b = NetState::new(Vec::new(), false, 8);
        at_b.link_up(a, c2, &out(relayed.clone()));
        at_b.link_up(a, c1, &inn(relayed.clone()));
        let closed_by_a: Vec<_> = at_a.superseded(&a).into_iter().map(|(_, c)| c).collect();
        let closed_by_b: Vec<_> = at_b.superseded(&b).into_iter().map(|(_, c)| c).collect();
        let dialed_by_greater = if a > b { c1 } else { c2 };
        assert_eq!(closed_by_a, vec![dialed_by_greater]);
        assert_eq!(closed_by_b, vec![dialed_by_greater]);
        // One relayed connection alone is kept.
        let mut alone = NetState::new(Vec::new(), false, 8);
        alone.link_up(b, c2, &inn(relayed));
        assert!(alone.superseded(&a).is_empty());
    }

    #[test]
    fn failed_punches_count_each_dial_attempt_and_a_success_resets_them() {
        let mut n = NetState::new(Vec::new(), false, 8);
        let p = PeerId::random();
        let t = UnixMillis(1_000);
        n.punched(
            p,
            false,
            "hole punch failed: Failed to hole-punch connection: Giving up after 3 dial attempts"
                .into(),
            t,
        );
        assert_eq!(n.punches[&p].failures, 3);
        n.punched(
            p,
            false,
            "hole punch failed: Outbound stream error: io error".into(),
            t,
        );
        assert_eq!(n.punches[&p].failures, 4);
        assert_eq!(n.punches[&p].outcome, "failed");
        n.punched(p, true, "hole punch succeeded".into(), t);
        assert_eq!(n.punches[&p].failures, 0);
        assert_eq!(n.punches[&p].outcome, "direct");
    }

    #[test]
    fn a_peer_with_a_relayed_connection_left_is_reported_relayed() {
        let (p, r) = (PeerId::random(), PeerId::random());
        let mut n = NetState::new(Vec::new(), false, 8);
        let relayed: Multiaddr = format!("/ip4/198.51.100.1/tcp/4001/p2p/{r}/p2p-circuit")
            .parse()
            .unwrap();
        let direct: Multiaddr = "/ip4/198.51.100.3/udp/4001/quic-v1".parse().unwrap();
        let (c1, c2) = (
            ConnectionId::new_unchecked(1),
            ConnectionId::new_unchecked(2),
        );
        let dialer = |address: Multiaddr| ConnectedPoint::Dialer {
            address,
            role_override: libp2p::core::Endpoint::Dialer,
            port_use: libp2p::core::transport::PortUse::Reuse,
        };
        n.link_up(p, c1, &dialer(relayed));
        let info = n.path(&p);
        assert_eq!(info.path, Some("relayed"));
        assert_eq!(info.via, Some(r.to_string()));
        assert_eq!(info.transport, Some("tcp"));
        n.link_up(p, c2, &dialer(direct));
        assert_eq!(n.path(&p).path, Some("relayed"));
        assert_eq!(n.superseded(&PeerId::random()), vec![(p, c1)]);
        // Draining, the relayed one takes no new stream: the path is the direct one.
        n.set_draining(&[c1].into());
        assert_eq!(n.path(&p).path, Some("direct"));
        n.link_down(&p, c1);
        let info = n.path(&p);
        assert_eq!(info.path, Some("direct"));
        assert_eq!(info.transport, Some("quic"));
        assert!(n.superseded(&PeerId::random()).is_empty());
    }

    #[test]
    fn an_accepted_circuit_is_relayed_and_names_its_relay() {
        let (p, r) = (PeerId::random(), PeerId::random());
        let mut n = NetState::new(Vec::new(), false, 8);
        let local: Multiaddr = format!("/ip4/198.51.100.1/tcp/4001/p2p/{r}/p2p-circuit")
            .parse()
            .unwrap();
        let remote: Multiaddr = format!("/p2p/{p}").parse().unwrap();
        n.link_up(
            p,
            ConnectionId::new_unchecked(1),
            &ConnectedPoint::Listener {
                local_addr: local,
                send_back_addr: remote,
            },
        );
        let info = n.path(&p);
        assert_eq!(info.path, Some("relayed"));
        assert_eq!(info.via, Some(r.to_string()));
        assert_eq!(info.transport, Some("tcp"));
    }

    #[test]
    fn a_record_carries_relayed_then_observed_then_listen_addresses() {
        let (me, r) = (PeerId::random(), PeerId::random());
        let mut n = NetState::new(Vec::new(), false, 8);
        let (friend, stranger) = (PeerId::random(), PeerId::random());
        n.observe(friend, "/ip4/198.51.100.2/tcp/4001".parse().unwrap());
        n.observe(friend, "/ip4/127.0.0.1/tcp/4001".parse().unwrap());
        n.observe(stranger, "/ip4/203.0.113.66/tcp/4001".parse().unwrap());
        let observed = n.observed_by(|p| *p == friend);
        let listen: Vec<Multiaddr> = vec![
            "/ip4/127.0.0.1/tcp/4001".parse().unwrap(),
            "/ip4/10.1.0.2/tcp/4001".parse().unwrap(),
            format!("/ip4/198.51.100.1/tcp/4001/p2p/{r}/p2p-circuit/p2p/{me}")
                .parse()
                .unwrap(),
        ];
        assert_eq!(
            n.record_addrs(&listen, &observed, &me),
            vec![
                format!("/ip4/198.51.100.1/tcp/4001/p2p/{r}/p2p-circuit"),
                "/ip4/198.51.100.2/tcp/4001".to_string(),
                "/ip4/10.1.0.2/tcp/4001".to_string(),
            ]
        );
    }

    #[test]
    fn relayed_addresses_go_in_only_through_a_configured_relay_address() {
        let (me, r) = (PeerId::random(), PeerId::random());
        let relay = Relay {
            addr: format!("/ip4/198.51.100.1/tcp/4001/p2p/{r}")
                .parse()
                .unwrap(),
            peer: r,
        };
        let n = NetState::new(vec![relay], false, 8);
        let listen: Vec<Multiaddr> = [
            format!("/ip4/198.51.100.1/tcp/4001/p2p/{r}/p2p-circuit/p2p/{me}"),
            format!("/ip4/127.0.0.1/tcp/4001/p2p/{r}/p2p-circuit/p2p/{me}"),
            format!("/ip4/198.51.100.1/udp/4001/quic-v1/p2p/{r}/p2p-circuit/p2p/{me}"),
        ]
        .iter()
        .map(|a| a.parse().unwrap())
        .collect();
        assert_eq!(
            n.record_addrs(&listen, &[], &me),
            vec![format!("/ip4/198.51.100.1/tcp/4001/p2p/{r}/p2p-circuit")]
        );
    }

    #[test]
    fn a_stranger_cannot_displace_what_a_trusted_peer_observed() {
        let mut n = NetState::new(Vec::new(), false, 8);
        let friend = PeerId::random();
        n.observe(friend, "/ip4/198.51.100.2/tcp/4001".parse().unwrap());
        for _ in 0..10 {
            n.observe(PeerId::random(), "/ip4/203.0.113.66/tcp/1".parse().unwrap());
        }
        assert_eq!(
            n.observed_by(|p| *p == friend),
            vec!["/ip4/198.51.100.2/tcp/4001".parse::<Multiaddr>().unwrap()]
        );
    }

    #[test]
    fn failed_punches_are_counted_until_one_works() {
        let p = PeerId::random();
        let mut n = NetState::new(Vec::new(), false, 8);
        n.punched(p, false, "timeout".into(), UnixMillis(1));
        n.punched(p, false, "timeout".into(), UnixMillis(2));
        assert_eq!(n.punches[&p].failures, 2);
        n.punched(p, true, "ok".into(), UnixMillis(3));
        assert_eq!(n.punches[&p].failures, 0);
        assert_eq!(n.punches[&p].outcome, "direct");
    }
}
