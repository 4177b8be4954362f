//! `[relay]` (serving as a circuit relay for trusted peers) and `[[relays]]` (the relays
//! this node reserves a slot on and publishes its record to).

use std::time::Duration;

use libp2p::multiaddr::Protocol;
use libp2p::{Multiaddr, PeerId};
use serde::Deserialize;

/// `[relay]`: whether this node is a circuit-relay v2 hop, and its limits. Only peers
/// holding a session with this node get a reservation or a circuit.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RelaySection {
    /// Serve reservations, circuits and record lookups to peers with a session.
    pub serve: bool,
    /// How long a reservation lasts before the client renews it.
    #[serde(deserialize_with = "super::duration")]
    pub reservation_duration: Duration,
    /// Reservations held at once, all peers.
    pub max_reservations: usize,
    /// Reservations held at once by one peer.
    pub max_reservations_per_peer: usize,
    /// Circuits open at once, all peers.
    pub max_circuits: usize,
    /// Circuits open at once with one peer as source.
    pub max_circuits_per_peer: usize,
    /// A circuit is closed after this long.
    #[serde(deserialize_with = "super::duration")]
    pub circuit_duration: Duration,
    /// A circuit is closed after carrying this many bytes (each way counted together).
    #[serde(deserialize_with = "super::tools::size")]
    pub circuit_bytes: u64,
    /// Peer records the relay keeps for lookups.
    pub max_records: usize,
}

impl Default for RelaySection {
    fn default() -> Self {
        Self {
            serve: false,
            reservation_duration: Duration::from_secs(3600),
            max_reservations: 128,
            max_reservations_per_peer: 4,
            max_circuits: 64,
            max_circuits_per_peer: 8,
            // libp2p's defaults (2 min, 128 KiB) would cut a tool call; these carry the
            // handshake and several calls of the default `max_input` (1 MiB) each way
            // until the pair moves to a direct path.
            circuit_duration: Duration::from_secs(30 * 60),
            circuit_bytes: 64 << 20,
            max_records: 4096,
        }
    }
}

impl RelaySection {
    pub(super) fn validate(&self, max_input: u64) -> Result<(), String> {
        if self.reservation_duration < Duration::from_secs(10) {
            return Err("relay.reservation_duration must be at least 10s".into());
        }
        if self.circuit_duration < Duration::from_secs(10) {
            return Err("relay.circuit_duration must be at least 10s".into());
        }
        if self.max_reservations == 0
            || self.max_reservations_per_peer == 0
            || self.max_circuits == 0
            || self.max_circuits_per_peer == 0
            || self.max_records == 0
        {
            return Err("relay limits (max_reservations, max_reservations_per_peer, max_circuits, max_circuits_per_peer, max_records) must be ≥ 1".into());
        }
        if self.serve && self.circuit_bytes < 2 * max_input {
            return Err(format!(
                "relay.circuit_bytes = {} cannot carry one call of invoke.max_input = {max_input} bytes each way; raise it to at least {}",
                self.circuit_bytes,
                2 * max_input
            ));
        }
        Ok(())
    }
}

/// One `[[relays]]` entry.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelayEntry {
    /// The relay's multiaddr, ending in `/p2p/<PeerId>`.
    pub addr: String,
}

/// A parsed `[[relays]]` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relay {
    /// Where to dial it (with the `/p2p/` suffix).
    pub addr: Multiaddr,
    /// Its PeerId (from the suffix).
    pub peer: PeerId,
}

impl RelayEntry {
    /// Parses the entry: a multiaddr whose last component is `/p2p/<PeerId>`, with no
    /// `/p2p-circuit` in it (a relay is reached directly).
    pub fn parse(&self) -> Result<Relay, String> {
        let addr: Multiaddr = self
            .addr
            .parse()
            .map_err(|e| format!("[[relays]] addr {:?} is not a multiaddr: {e}", self.addr))?;
        if addr.iter().any(|p| matches!(p, Protocol::P2pCircuit)) {
            return Err(format!(
                "[[relays]] addr {:?} goes through another relay; give the relay's own address",
                self.addr
            ));
        }
        match addr.iter().last() {
            Some(Protocol::P2p(peer)) => Ok(Relay { addr, peer }),
            _ => Err(format!(
                "[[relays]] addr {:?} must end in /p2p/<PeerId> (`lango-node id` on the relay prints it)",
                self.addr
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relay_address_must_name_its_peer() {
        let p = PeerId::random();
        let ok = RelayEntry {
            addr: format!("/ip4/198.51.100.1/tcp/4001/p2p/{p}"),
        };
        assert_eq!(ok.parse().unwrap().peer, p);
        for bad in [
            "/ip4/198.51.100.1/tcp/4001".to_string(),
            "not an address".to_string(),
            format!("/ip4/1.2.3.4/tcp/1/p2p/{p}/p2p-circuit/p2p/{p}"),
        ] {
            assert!(RelayEntry { addr: bad }.parse().is_err());
        }
    }

    #[test]
    fn circuits_must_carry_a_call() {
        let r = RelaySection {
            serve: true,
            circuit_bytes: 1 << 20,
            ..Default::default()
        };
        assert!(r.validate(1 << 20).unwrap_err().contains("circuit_bytes"));
        assert!(RelaySection::default().validate(1 << 20).is_ok());
    }
}
