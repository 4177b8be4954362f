//! The swarm loop's periodic network work: hold a reservation on each `[[relays]]`
//! entry we have a session with, publish our peer record to it, look up trusted DIDs
//! we have no session with, and drain a relayed connection once a direct one exists
//! (`drain.rs`).

use std::collections::HashMap;
use std::sync::Arc;

use libp2p::multiaddr::Protocol;
use libp2p::PeerId;

use lango_protocol::{AgentPublicKey, UnixMillis};

use super::reach::REPUBLISH_MS;
use super::records;
use super::state::Shared;
use super::swarm::Behaviour;
use crate::clock;

/// Schedules per DID while it has no session, for lookups on relays and for dials of
/// its last-known addresses: the first at once, then 1, 1, 1, 2, 4, 8 s, then every 10 s.
#[derive(Default)]
pub(super) struct Lookups {
    finds: Schedule,
    known: Schedule,
}

#[derive(Default)]
struct Schedule(HashMap<String, (UnixMillis, u32)>);

const LOOKUP_MAX_MS: u64 = 10_000;

impl Schedule {
    fn due(&mut self, did: &str, now: UnixMillis) -> bool {
        let e = self.0.entry(did.to_string()).or_insert((now, 0));
        if e.0 > now {
            return false;
        }
        // Every second for the first four, then 2, 4, 8, 10 s: a peer that has just
        // (re)published is found within a second or so.
        let wait = (1_000u64 << e.1.saturating_sub(3).min(4)).min(LOOKUP_MAX_MS);
        e.0 = now.plus(wait + rand::random::<u64>() % (wait / 4 + 1));
        e.1 += 1;
        true
    }
}

/// Returns the trusted keys we want and have no session with (the LAN's tick probes
/// for the same ones).
pub(super) fn tick(
    shared: &Arc<Shared>,
    swarm: &mut libp2p::Swarm<Behaviour>,
    lookups: &mut Lookups,
) -> Vec<(String, AgentPublicKey)> {
    let now = clock::now();
    let local = shared.local_peer;
    let mut listen = Vec::new();
    let mut publish = Vec::new();
    let mut dial = Vec::new();
    let (close, relays_up, wanted, addrs, remember) = {
        let mut core = shared.core();
        core.net
            .expected
            .retain(|_, (_, at)| now.0.saturating_sub(at.0) < 60_000);
        let close: Vec<_> = core
            .net
            .superseded(&local)
            .into_iter()
            .filter(|(p, _)| core.has_session(p, now))
            .collect();
        let addrs = core.our_addrs(&local, now);
        let connected: Vec<PeerId> = core.connected.keys().copied().collect();
        let up: Vec<bool> = core
            .net
            .relays
            .iter()
            .map(|s| core.has_session(&s.relay.peer, now))
            .collect();
        let mut relays_up = Vec::new();
        for (i, slot) in core.net.relays.iter_mut().enumerate() {
            if !up[i] {
                if slot.dial_at.0 == 0 {
                    // The trust store's dialer usually reaches the relay first (it is
                    // trusted with its address); dialing both at once makes two
                    // connections, one of which is closed under the first streams.
                    slot.dial_at = now.plus(3_000);
                } else if !connected.contains(&slot.relay.peer) && slot.dial_at <= now {
                    slot.dial_at = now.plus(5_000);
                    dial.push(slot.relay.clone());
                }
                continue;
            }
            relays_up.push(slot.relay.peer);
            if slot.listener.is_none() && slot.retry_at <= now {
                listen.push(i);
            }
            let stale = match &slot.published {
                None => true,
                Some((a, at)) => *a != addrs || now.0.saturating_sub(at.0) > REPUBLISH_MS,
            };
            if stale && !slot.publishing && slot.publish_after <= now {
                slot.publishing = true;
                publish.push((i, slot.relay.peer));
            }
        }
        let wanted = core.wanted_keys(now);
        let remember = core.net.direct_reached(&core.sessions, now);
        (close, relays_up, wanted, addrs, remember)
    };
    if !remember.is_empty() {
        super::known::remember(shared, remember);
    }
    drain(shared, swarm, close);
    for r in dial {
        let opts = libp2p::swarm::dial_opts::DialOpts::peer_id(r.peer)
            .addresses(vec![r.addr.clone()])
            .condition(libp2p::swarm::dial_opts::PeerCondition::DisconnectedAndNotDialing)
            .build();
        if let Err(e) = swarm.dial(opts) {
            tracing::debug!("dial relay {}: {e}", r.addr);
        }
    }
    for i in listen {
        let mut core = shared.core();
        let Some(slot) = core.net.relays.get_mut(i) else {
            continue;
        };
        let addr = slot.relay.addr.clone().with(Protocol::P2pCircuit);
        match swarm.listen_on(addr.clone()) {
            Ok(id) => slot.listener = Some(id),
            Err(e) => {
                slot.retry_at = now.plus(5_000);
                slot.last_error = Some(format!("cannot listen on {addr}: {e}"));
            }
        }
    }
    if !publish.is_empty() {
        tokio::spawn(records::publish(shared.clone(), publish, addrs));
    }
    for s in [&mut lookups.finds, &mut lookups.known] {
        s.0.retain(|did, _| wanted.iter().any(|(d, _)| d == did));
    }
    for (did, key) in &wanted {
        // Where it was last reached directly, first (a restart, a relay that is down).
        // (Bound first: the state lock must be released before `known::dial` takes it.)
        let known = shared.core().net.known.get(did).cloned();
        if let Some((peer, addrs)) = known {
            if lookups.known.due(did, now)
                && records::dial_expecting(shared, *key, peer, addrs, now)
            {
                tracing::debug!(did = %did, peer = %peer, "dialing last-known addresses");
            }
        }
        if !relays_up.is_empty() && lookups.finds.due(did, now) {
            tokio::spawn(records::lookup(shared.clone(), *key, relays_up.clone()));
        }
    }
    wanted
}

/// Superseded connections (`close`) are hidden from new streams at once, and closed once
/// no call that may be on them is in flight: a call in flight on a relayed connection
/// when the pair goes direct finishes on it.
fn drain(
    shared: &Shared,
    swarm: &mut libp2p::Swarm<Behaviour>,
    close: Vec<(PeerId, libp2p::swarm::ConnectionId)>,
) {
    let now = std::time::Instant::now();
    let streams = &mut swarm.behaviour_mut().streams;
    for (_, id) in close {
        if streams.hide(id, now) {
            tracing::debug!(
                "draining a relayed connection: a direct one exists, or a duplicate relayed one"
            );
        }
    }
    let mut closing = Vec::new();
    for (peer, id, since) in streams.draining() {
        if shared.flights.drained(&peer, since, now) {
            tracing::debug!(%peer, "closing a drained connection");
            streams.closing(id);
            closing.push(id);
        }
    }
    // `session list` names the path new streams take: from what is hidden now (a
    // connection given back since the last tick is no longer).
    let hidden = streams.hidden_ids();
    for id in closing {
        swarm.close_connection(id);
    }
    shared.core().net.set_draining(&hidden);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_back_off_to_ten_seconds() {
        let mut l = Schedule::default();
        let t = UnixMillis(1_000_000);
        assert!(l.due("d", t));
        assert!(!l.due("d", t.plus(999)));
        let mut at = t;
        for _ in 0..8 {
            // Find the next due time.
            let next = l.0["d"].0;
            assert!(next.0 - at.0 <= LOOKUP_MAX_MS + LOOKUP_MAX_MS / 4);
            at = next;
            assert!(l.due("d", at));
        }
    }
}
