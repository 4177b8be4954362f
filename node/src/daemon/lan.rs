//! LAN discovery: mDNS neighbours on this node's own subnets, probed for the trusted keys
//! we have no session with, before any handshake.
//!
//! mDNS says only "PeerId P listens at these addresses". We do not handshake with every
//! neighbour (that would hand our DID and a signature to anyone on the LAN): we dial P and
//! send a `Probe` on the records protocol naming the keys we want by blinded tags. A
//! neighbour holding one of those keys answers with its signed record; we verify it
//! against the key and against P (the Noise-authenticated PeerId of the connection), and
//! only then run the handshake, which must prove that same key. Any other neighbour
//! learns that we look for some keys, not which.
//!
//! Addresses are taken from mDNS only when they lie in a subnet of one of our own
//! interfaces: a spoofed answer cannot make us dial the internet or loopback.

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::sync::Arc;

use if_watch::{IfEvent, IpNet};
use libp2p::multiaddr::Protocol;
use libp2p::swarm::ConnectionId;
use libp2p::{Multiaddr, PeerId};

use lango_protocol::lookup::{
    probe_tag, ProbeNonce, RecordRequest, RecordResponse, MAX_PROBE_TAGS,
};
use lango_protocol::record::RecordError;
use lango_protocol::{AgentPublicKey, PeerIdBytes, UnixMillis};

use super::state::Shared;
use crate::clock;

/// Neighbours remembered at most (a LAN flooding mDNS answers cannot grow us further).
const MAX_NEIGHBOURS: usize = 256;
/// Addresses kept per neighbour.
const MAX_NEIGHBOUR_ADDRS: usize = 8;
/// A neighbour is probed again after this long while we still want keys (sooner when the
/// set of keys we want changes).
const REPROBE_MS: u64 = 30_000;
/// Probes started per tick (500 ms).
const PROBES_PER_TICK: usize = 8;
/// Probe dials in flight at most (a flood of fake neighbours cannot take the node's
/// connection slots).
const MAX_PROBE_DIALS: usize = 16;
/// Network changes acted on at most once per this long.
pub(super) const CHANGE_DEBOUNCE_MS: u64 = 10_000;
/// A probe dial that led to no connection is forgotten after this long.
const PROBE_DIAL_MS: u64 = 20_000;

struct Neighbour {
    addrs: Vec<Multiaddr>,
    seen: UnixMillis,
    next_probe: UnixMillis,
    /// Fingerprint of the key set last probed for.
    asked: u64,
    /// It answered a probe with a verified record of a key we trust: a flood of fake
    /// neighbours makes room among the others first.
    proven: bool,
}

/// What the node knows of its LAN.
#[derive(Default)]
pub(super) struct Lan {
    neighbours: HashMap<PeerId, Neighbour>,
    /// This node's interface networks (loopback excluded), from the interface watcher.
    pub(super) nets: HashSet<IpNet>,
    /// Our probe dials under way: the connection each makes carries a probe, not a
    /// handshake. Peer and start time, for expiry.
    pub(super) probing: HashMap<ConnectionId, (PeerId, UnixMillis)>,
    /// Every IP we have listened on since start (an address's listener may report it
    /// expired before the interface watcher reports it gone).
    pub(super) listen_ips: HashSet<IpAddr>,
    /// The IPs of our listen addresses as configured (unspecified ones stand for every
    /// address of their family): an address change outside them is not ours to act on.
    pub(super) listens: Vec<IpAddr>,
    /// When the node last acted on a network change (at most one per
    /// [`CHANGE_DEBOUNCE_MS`]; later ones wait and are merged).
    pub(super) acted: Option<UnixMillis>,
    /// Neighbours a probe is running for (one at a time each: two would close each
    /// other's connection when they end).
    pub(super) running: HashSet<PeerId>,
    /// Why mDNS is off although the config asks for it.
    pub(super) error: Option<String>,
    /// An interface address came or went since the swarm loop last looked, and whether
    /// one went (connections from it are dead).
    pub(super) changed: Option<bool>,
}

impl Lan {
    /// An interface address came or went. Whether it was a change that matters: not
    /// loopback, not IPv6 link-local (container and VPN links add and drop those all the
    /// time, and no peer is reached through them).
    pub(super) fn interface(&mut self, ev: IfEvent) -> bool {
        let counts = |net: &IpNet| match net.addr() {
            IpAddr::V4(ip) => !ip.is_loopback(),
            IpAddr::V6(ip) => !ip.is_loopback() && (ip.segments()[0] & 0xffc0) != 0xfe80,
        };
        match ev {
            IfEvent::Up(net) if counts(&net) => self.nets.insert(net),
            IfEvent::Down(net) if counts(&net) => self.nets.remove(&net),
            _ => false,
        }
    }

    /// Notes a network change (after start) of `ip`, if it is an address we listen on;
    /// `lost` when it went away (connections from it are dead).
    pub(super) fn note_change(&mut self, ip: IpAddr, lost: bool) -> bool {
        let ours = self
            .listens
            .iter()
            .any(|l| *l == ip || (l.is_unspecified() && l.is_ipv4() == ip.is_ipv4()));
        if ours {
            self.changed = Some(self.changed.unwrap_or(false) || lost);
        }
        ours
    }

    /// The change to act on now, if any: at most one per [`CHANGE_DEBOUNCE_MS`] (a
    /// flapping interface or forged router advertisements cannot make the node redial,
    /// republish and audit every tick).
    pub(super) fn take_change(&mut self, now: UnixMillis) -> Option<bool> {
        if self
            .acted
            .is_some_and(|at| now.0.saturating_sub(at.0) < CHANGE_DEBOUNCE_MS)
        {
            return None;
        }
        let lost = self.changed.take()?;
        self.acted = Some(now);
        Some(lost)
    }

    /// Whether `ip` can be a neighbour's address: in one of our interface networks, and
    /// not that network's network or broadcast address. (Our own address counts: several
    /// nodes may run on one machine.)
    pub(super) fn on_our_subnet(&self, ip: IpAddr) -> bool {
        self.nets.iter().any(|n| {
            n.contains(&ip)
                && (n.prefix_len() + 1 >= n.max_prefix_len()
                    || (ip != n.network() && ip != n.broadcast()))
        })
    }

    /// Whether mDNS told us of `peer` (and it has not expired).
    pub(super) fn is_neighbour(&self, peer: &PeerId) -> bool {
        self.neighbours.contains_key(peer)
    }

    /// mDNS reported `peer` at `addr`; kept only if `addr` is on one of our subnets.
    pub(super) fn discovered(&mut self, peer: PeerId, addr: Multiaddr, now: UnixMillis) {
        let Some(ip) = ip_of(&addr) else { return };
        if !self.on_our_subnet(ip) {
            tracing::debug!(peer = %peer, %addr, "mDNS: ignoring an address off our subnets");
            return;
        }
        let addr = super::reach::without_p2p(&addr);
        if !self.neighbours.contains_key(&peer) && self.neighbours.len() >= MAX_NEIGHBOURS {
            // The neighbour heard from longest ago makes room, one that never proved a
            // trusted key before one that did.
            if let Some(old) = self
                .neighbours
                .iter()
                .min_by_key(|(_, n)| (n.proven, n.seen))
                .map(|(p, _)| *p)
            {
                self.neighbours.remove(&old);
            }
        }
        let n = self.neighbours.entry(peer).or_insert_with(|| Neighbour {
            addrs: Vec::new(),
            seen: now,
            next_probe: now,
            asked: 0,
            proven: false,
        });
        n.seen = now;
        if !n.addrs.contains(&addr) {
            if n.addrs.len() >= MAX_NEIGHBOUR_ADDRS {
                n.addrs.remove(0);
            }
            n.addrs.push(addr);
        }
    }

    /// `peer` answered a probe with a verified record of a key we trust.
    pub(super) fn proven(&mut self, peer: &PeerId) {
        if let Some(n) = self.neighbours.get_mut(peer) {
            n.proven = true;
        }
    }

    /// mDNS's answer for `peer` at `addr` expired.
    pub(super) fn expired(&mut self, peer: &PeerId, addr: &Multiaddr) {
        let addr = super::reach::without_p2p(addr);
        if let Some(n) = self.neighbours.get_mut(peer) {
            n.addrs.retain(|a| *a != addr);
            if n.addrs.is_empty() {
                self.neighbours.remove(peer);
            }
        }
    }

    /// Neighbours to probe now for the key set `asked` (a fingerprint): those whose
    /// reprobe time has come or that were last probed for another set; at most
    /// [`PROBES_PER_TICK`].
    pub(super) fn due(
        &mut self,
        asked: u64,
        now: UnixMillis,
        skip: impl Fn(&PeerId) -> bool,
    ) -> Vec<(PeerId, Vec<Multiaddr>)> {
        self.probing
            .retain(|_, (_, at)| now.0.saturating_sub(at.0) < PROBE_DIAL_MS);
        let room = MAX_PROBE_DIALS.saturating_sub(self.probing.len());
        let mut out = Vec::new();
        for (peer, n) in self.neighbours.iter_mut() {
            if out.len() >= PROBES_PER_TICK.min(room) {
                break;
            }
            if (n.next_probe > now && n.asked == asked)
                || self.probing.values().any(|(p, _)| p == peer)
            {
                continue;
            }
            if skip(peer) {
                continue;
            }
            n.next_probe = now.plus(REPROBE_MS);
            n.asked = asked;
            out.push((*peer, n.addrs.clone()));
        }
        out
    }

    /// Every neighbour is probed again at the next tick (our network changed).
    pub(super) fn reprobe_all(&mut self) {
        for n in self.neighbours.values_mut() {
            n.next_probe = UnixMillis(0);
        }
    }

    /// Neighbours known now (for `status`).
    pub(super) fn len(&self) -> usize {
        self.neighbours.len()
    }
}

pub(super) fn ip_of(a: &Multiaddr) -> Option<IpAddr> {
    match a.iter().next()? {
        Protocol::Ip4(ip) => Some(IpAddr::V4(ip)),
        Protocol::Ip6(ip) => Some(IpAddr::V6(ip)),
        _ => None,
    }
}

/// The swarm loop's LAN work: probe the neighbours that are due, dialing those we are
/// not connected to (the connection then carries the probe, see `on_swarm_event`).
/// `wanted`: the trusted keys we want and have no session with (the relays' tick
/// computed them this tick).
pub(super) fn tick(
    shared: &Arc<Shared>,
    swarm: &mut libp2p::Swarm<super::swarm::Behaviour>,
    wanted: &[(String, AgentPublicKey)],
) {
    if !swarm.behaviour().mdns.is_enabled() || wanted.is_empty() {
        return;
    }
    let now = clock::now();
    let (connected, to_dial) = {
        let mut core = shared.core();
        let asked = fingerprint(wanted);
        let core = &mut *core;
        let (sessions, connected_now) = (&core.sessions, &core.connected);
        let due = core.net.lan.due(asked, now, |p| {
            sessions.by_peer(&PeerIdBytes(p.to_bytes()), now).is_some()
        });
        due.into_iter()
            .partition::<Vec<_>, _>(|(p, _)| connected_now.contains_key(p))
    };
    for (peer, _) in connected {
        tokio::spawn(probe(shared.clone(), peer));
    }
    for (peer, addrs) in to_dial {
        // Only the addresses that passed the subnet check (libp2p asks no behaviour for
        // more unless told to).
        let opts = libp2p::swarm::dial_opts::DialOpts::peer_id(peer)
            .addresses(addrs)
            .condition(libp2p::swarm::dial_opts::PeerCondition::DisconnectedAndNotDialing)
            .build();
        let id = opts.connection_id();
        shared.core().net.lan.probing.insert(id, (peer, now));
        if let Err(e) = swarm.dial(opts) {
            tracing::debug!(peer = %peer, "LAN probe dial: {e}");
            shared.core().net.lan.probing.remove(&id);
        }
    }
}

/// A fingerprint of a set of keys (order-free), to notice when the set changes.
pub(super) fn fingerprint(keys: &[(String, AgentPublicKey)]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut dids: Vec<&str> = keys.iter().map(|(d, _)| d.as_str()).collect();
    dids.sort_unstable();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    dids.hash(&mut h);
    // 0 means "never probed".
    h.finish() | 1
}

/// Probes `peer` (connected) for the keys we want. On a verified answer, expects that
/// key on `peer` and starts the handshake; otherwise closes the connection, unless the
/// peer holds a session (a neighbour that is none of the keys we want is nothing to us,
/// and its connection slot is worth more to a trusted peer).
pub(super) async fn probe(shared: Arc<Shared>, peer: PeerId) {
    if !shared.core().net.lan.running.insert(peer) {
        return;
    }
    let handshook = probe_once(&shared, peer).await;
    shared.core().net.lan.running.remove(&peer);
    if !handshook && !shared.has_session(&peer) {
        let _ = shared
            .swarm_tx
            .send(super::state::SwarmCommand::Disconnect(peer));
    }
}

/// One probe; whether it led to a handshake.
async fn probe_once(shared: &Arc<Shared>, peer: PeerId) -> bool {
    let keys: Vec<AgentPublicKey> = {
        let now = clock::now();
        let core = shared.core();
        if core.has_session(&peer, now) {
            return true;
        }
        core.wanted_keys(now).into_iter().map(|(_, k)| k).collect()
    };
    // Open streams only on a connection that is there: a stream to a peer that is gone
    // makes libp2p redial it at whatever address mDNS reported, unchecked.
    if !shared.core().connected.contains_key(&peer) {
        return false;
    }
    for chunk in keys.chunks(MAX_PROBE_TAGS) {
        let nonce: ProbeNonce = rand::random();
        let tags = chunk.iter().map(|k| probe_tag(&nonce, k)).collect();
        let rec =
            match super::records::ask(shared, peer, &RecordRequest::Probe { nonce, tags }).await {
                Ok(RecordResponse::Found(r)) => r,
                Ok(RecordResponse::NotFound) => continue,
                Ok(other) => {
                    tracing::debug!(peer = %peer, "LAN probe: {other:?}");
                    return false;
                }
                Err(e) => {
                    tracing::debug!(peer = %peer, "LAN probe failed: {e}");
                    return false;
                }
            };
        let now = clock::now();
        let verdict = match chunk.iter().find(|k| **k == rec.record.key) {
            None => Err(RecordError::WrongKey {
                wanted: "a key the probe named".into(),
                got: rec.record.key.did().to_string(),
            }),
            Some(key) => {
                let peer_bytes = PeerIdBytes(peer.to_bytes());
                match shared
                    .core()
                    .net
                    .book
                    .accept(&rec, Some(key), Some(&peer_bytes), now)
                {
                    // Older: it verified (signature, key, PeerId) but we hold a newer one
                    // from a relay; this connection is still that key's PeerId.
                    Ok(_) | Err(RecordError::Older { .. }) => Ok(*key),
                    Err(e) => Err(e),
                }
            }
        };
        match verdict {
            Ok(key) => {
                tracing::info!(peer = %peer, did = %key.did(), "LAN neighbour is a trusted peer; handshaking");
                {
                    let mut core = shared.core();
                    core.net.expected.insert(peer, (key, now));
                    core.net.lan.proven(&peer);
                }
                super::handshake::initiate(shared.clone(), peer).await;
                return true;
            }
            Err(e) => {
                if let Some(kind) = e.security_event() {
                    shared.security_event(
                        kind,
                        peer,
                        format!("a LAN neighbour answered a probe with a bad record: {e}"),
                    );
                }
                return false;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lan() -> Lan {
        let mut l = Lan::default();
        assert!(l.interface(IfEvent::Up("10.1.0.2/24".parse().unwrap())));
        assert!(!l.interface(IfEvent::Up("127.0.0.1/8".parse().unwrap())));
        assert!(!l.interface(IfEvent::Up("fe80::1/64".parse().unwrap())));
        assert!(!l.interface(IfEvent::Down("fe80::1/64".parse().unwrap())));
        l
    }

    #[test]
    fn only_addresses_on_our_subnets_are_kept() {
        let mut l = lan();
        let p = PeerId::random();
        let t = UnixMillis(1_000);
        for off in [
            "/ip4/198.51.100.7/tcp/4001",
            "/ip4/127.0.0.1/tcp/4001",
            "/ip4/10.1.1.2/tcp/4001",
            "/ip4/10.1.0.0/tcp/4001",
            "/ip4/10.1.0.255/tcp/4001",
            "/dns4/example.com/tcp/4001",
        ] {
            l.discovered(p, off.parse().unwrap(), t);
        }
        assert_eq!(l.len(), 0);
        l.discovered(p, "/ip4/10.1.0.9/tcp/4001".parse().unwrap(), t);
        assert_eq!(
            l.due(1, t, |_| false),
            vec![(p, vec!["/ip4/10.1.0.9/tcp/4001".parse().unwrap()])]
        );
        // The interface goes away: its subnet no longer counts.
        assert!(l.interface(IfEvent::Down("10.1.0.2/24".parse().unwrap())));
        l.discovered(
            PeerId::random(),
            "/ip4/10.1.0.10/tcp/4001".parse().unwrap(),
            t,
        );
        assert_eq!(l.len(), 1);
    }

    #[test]
    fn a_neighbour_is_reprobed_after_a_while_or_when_the_wanted_keys_change() {
        let mut l = lan();
        let p = PeerId::random();
        let t = UnixMillis(1_000);
        l.discovered(p, "/ip4/10.1.0.9/tcp/4001".parse().unwrap(), t);
        assert_eq!(l.due(7, t, |_| false).len(), 1);
        assert!(l.due(7, t.plus(1), |_| false).is_empty());
        assert_eq!(l.due(9, t.plus(2), |_| false).len(), 1, "new key set");
        assert!(l.due(9, t.plus(3), |_| false).is_empty());
        assert_eq!(l.due(9, t.plus(REPROBE_MS + 3), |_| false).len(), 1);
        // A neighbour being probed (dialed) is not probed twice.
        l.probing
            .insert(ConnectionId::new_unchecked(1), (p, t.plus(REPROBE_MS * 3)));
        assert!(l.due(11, t.plus(REPROBE_MS * 3), |_| false).is_empty());
        l.reprobe_all();
        assert!(
            l.due(11, t.plus(REPROBE_MS * 3), |_| true).is_empty(),
            "skipped"
        );
    }

    #[test]
    fn network_changes_count_only_for_listened_families_and_are_debounced() {
        let mut l = lan();
        l.listens = vec!["0.0.0.0".parse().unwrap()];
        // An IPv6 address (a router advertisement) on a node listening on IPv4 only.
        assert!(!l.note_change("2001:db8::1".parse().unwrap(), true));
        assert_eq!(l.take_change(UnixMillis(1_000)), None);
        assert!(l.note_change("10.1.0.3".parse().unwrap(), false));
        assert_eq!(l.take_change(UnixMillis(1_000)), Some(false));
        // Another change soon after waits, merged, until the debounce has passed.
        assert!(l.note_change("10.1.0.2".parse().unwrap(), true));
        assert!(l.note_change("10.1.0.4".parse().unwrap(), false));
        assert_eq!(l.take_change(UnixMillis(2_000)), None);
        assert_eq!(
            l.take_change(UnixMillis(1_000 + CHANGE_DEBOUNCE_MS)),
            Some(true)
        );
        assert_eq!(
            l.take_change(UnixMillis(1_000 + 3 * CHANGE_DEBOUNCE_MS)),
            None
        );
    }

    #[test]
    fn a_flood_of_fake_neighbours_does_not_push_out_one_that_proved_a_trusted_key() {
        let mut l = lan();
        let honest = PeerId::random();
        let idle = PeerId::random();
        l.discovered(
            honest,
            "/ip4/10.1.0.7/tcp/4001".parse().unwrap(),
            UnixMillis(0),
        );
        l.discovered(
            idle,
            "/ip4/10.1.0.8/tcp/4001".parse().unwrap(),
            UnixMillis(0),
        );
        l.proven(&honest);
        for i in 1..(MAX_NEIGHBOURS as u64 * 4) {
            l.discovered(
                PeerId::random(),
                "/ip4/10.1.0.9/tcp/4001".parse().unwrap(),
                UnixMillis(i),
            );
        }
        assert_eq!(l.len(), MAX_NEIGHBOURS);
        assert!(l.is_neighbour(&honest), "the proven neighbour was evicted");
        // One that proved nothing is pushed out like the fakes (oldest first).
        assert!(!l.is_neighbour(&idle));
    }

    #[test]
    fn a_flood_of_neighbours_is_bounded() {
        let mut l = lan();
        for i in 0..(MAX_NEIGHBOURS as u64 + 50) {
            l.discovered(
                PeerId::random(),
                "/ip4/10.1.0.9/tcp/4001".parse().unwrap(),
                UnixMillis(i),
            );
        }
        assert_eq!(l.len(), MAX_NEIGHBOURS);
        let p = PeerId::random();
        for port in 0..(MAX_NEIGHBOUR_ADDRS + 5) {
            l.discovered(
                p,
                format!("/ip4/10.1.0.9/tcp/{port}").parse().unwrap(),
                UnixMillis(9_999),
            );
        }
        assert_eq!(l.neighbours[&p].addrs.len(), MAX_NEIGHBOUR_ADDRS);
        // At most a tick's worth of probes at once.
        assert_eq!(
            l.due(1, UnixMillis(10_000), |_| false).len(),
            PROBES_PER_TICK
        );
    }
}
