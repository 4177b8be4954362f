//! Last-known good addresses: where each trusted peer was last reached directly, kept in
//! the database (encrypted with it, deleted with the peer's trust entry) and dialed first
//! while the peer has no session: after a restart, before a relay answers, or when every
//! relay is down. The handshake that follows must prove the key the address was recorded
//! for; another key on that PeerId is refused as `record_mismatch`.

use std::collections::HashMap;
use std::sync::Arc;

use libp2p::{Multiaddr, PeerId};

use lango_storage::db::trust::KnownAddrs;

use super::state::Shared;
use crate::vault;

/// Addresses kept per peer, newest first.
pub(super) const MAX_KNOWN: usize = 4;

/// The last-known addresses of the peers in `trusted`, from the database. A row that
/// does not parse is skipped (a dial hint, not a decision).
pub(super) fn load(
    rows: Vec<KnownAddrs>,
    trusted: impl Fn(&str) -> bool,
) -> HashMap<String, (PeerId, Vec<Multiaddr>)> {
    rows.into_iter()
        .filter(|r| trusted(&r.did))
        .filter_map(|r| {
            let peer = r.peer_id.parse().ok()?;
            let addrs: Vec<Multiaddr> = r.addrs.iter().filter_map(|a| a.parse().ok()).collect();
            (!addrs.is_empty()).then_some((r.did, (peer, addrs)))
        })
        .collect()
}

/// Records that each `(did, peer, addr)` was reached directly: in memory at once, in the
/// database off the async workers.
pub(super) fn remember(shared: &Arc<Shared>, reached: Vec<(String, PeerId, Multiaddr)>) {
    let now = crate::clock::now();
    let rows: Vec<KnownAddrs> = {
        let mut core = shared.core();
        reached
            .into_iter()
            .map(|(did, peer, addr)| {
                let e = core
                    .net
                    .known
                    .entry(did.clone())
                    .or_insert_with(|| (peer, Vec::new()));
                if e.0 != peer {
                    *e = (peer, Vec::new());
                }
                e.1.retain(|a| *a != addr);
                e.1.insert(0, addr);
                e.1.truncate(MAX_KNOWN);
                KnownAddrs {
                    did,
                    peer_id: peer.to_string(),
                    addrs: e.1.iter().map(|a| a.to_string()).collect(),
                    updated_ms: now.0,
                }
            })
            .collect()
    };
    let v = shared.vault.clone();
    tokio::task::spawn_blocking(move || {
        for r in rows {
            tracing::debug!(did = %r.did, addrs = ?r.addrs, "recording where a peer was reached");
            if let Err(e) = vault::lock(&v).db.known_addrs_put(&r) {
                tracing::warn!(did = %r.did, "cannot record where a peer was reached: {e}");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_trusted_parseable_rows_load() {
        let p = PeerId::random();
        let row = |did: &str, peer: String, addrs: Vec<&str>| KnownAddrs {
            did: did.into(),
            peer_id: peer,
            addrs: addrs.into_iter().map(String::from).collect(),
            updated_ms: 1,
        };
        let got = load(
            vec![
                row(
                    "a",
                    p.to_string(),
                    vec!["/ip4/10.0.0.1/tcp/1", "not an address"],
                ),
                row("b", p.to_string(), vec!["/ip4/10.0.0.2/tcp/1"]),
                row("c", "not a peer id".into(), vec!["/ip4/10.0.0.3/tcp/1"]),
                row("d", p.to_string(), vec!["garbage"]),
            ],
            |d| d != "b",
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got["a"], (p, vec!["/ip4/10.0.0.1/tcp/1".parse().unwrap()]));
    }
}
