//! `/lango/records/1.0.0`: publishing our signed peer record to our relays, serving
//! records on a relay, and looking up a trusted DID's record to dial it.
//!
//! Why a lookup on the relay rather than a DHT or rendezvous: the relay is the one node
//! both sides already trust and hold a session with, so a lookup needs no new party, no
//! public namespace and no extra round trips; a Kademlia DHT (even under a private
//! protocol name) would make every node store and answer for peers it may not trust.

use std::sync::Arc;
use std::time::Duration;

use futures::AsyncWriteExt;
use libp2p::{Multiaddr, PeerId, Stream, StreamProtocol};
use serde_json::json;

use lango_protocol::lookup::{RecordRequest, RecordResponse, RECORDS_FRAME_CAP, RECORDS_PROTOCOL};
use lango_protocol::record::{sign_record, Accepted, PeerRecord, RecordError, SignedRecord};
use lango_protocol::{AgentPublicKey, PeerIdBytes};

use super::framed::{read_frame, read_inbound, write_frame};
use super::reach::RECORD_TTL_MS;
use super::state::{Shared, SwarmCommand};
use crate::clock;

/// The records protocol id.
pub const PROTOCOL: StreamProtocol = StreamProtocol::new(RECORDS_PROTOCOL);
/// One request and its answer.
const DEADLINE: Duration = Duration::from_secs(10);
/// After signing our record failed, no new attempt before this long.
const SIGN_RETRY_MS: u64 = 10_000;

/// Sends one request to `peer` and reads the answer.
pub(super) async fn ask(
    shared: &Shared,
    peer: PeerId,
    req: &RecordRequest,
) -> Result<RecordResponse, String> {
    let mut control = shared.streams.clone();
    let mut s = tokio::time::timeout(DEADLINE, control.open_stream(peer, PROTOCOL))
        .await
        .map_err(|_| "no stream within 10 s".to_string())?
        .map_err(|e| e.to_string())?;
    write_frame(&mut s, &req.encode(), RECORDS_FRAME_CAP, DEADLINE)
        .await
        .map_err(|e| e.to_string())?;
    let body = read_frame(&mut s, RECORDS_FRAME_CAP, DEADLINE)
        .await
        .map_err(|e| e.to_string())?;
    let _ = s.close().await;
    RecordResponse::decode(&body).map_err(|e| e.to_string())
}

/// Our record for `addrs`: the current one if it carries them and has more than half
/// its life left, else a fresh one (next sequence number), signed off the async
/// workers. Every relay gets the same record, so lookups through two relays agree.
async fn current_record(shared: &Arc<Shared>, addrs: &[String]) -> Result<SignedRecord, String> {
    // One signature at a time: concurrent callers (a burst of probes, publishes to
    // several relays) wait for it and reuse it.
    static SIGNING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    let _one = SIGNING.lock().await;
    let now = clock::now();
    let seq = {
        let mut core = shared.core();
        let reuse =
            core.net.current.clone().filter(|r| {
                r.record.addrs == addrs && r.record.expires.0 > now.0 + RECORD_TTL_MS / 2
            });
        if let Some(r) = reuse {
            return Ok(r);
        }
        if let Some(at) = core.net.sign_failed {
            if now.0.saturating_sub(at.0) < SIGN_RETRY_MS {
                return Err("signing our record failed moments ago; retried in 10 s".into());
            }
        }
        core.net.seq = core.net.seq.saturating_add(1).max(now.0);
        core.net.seq
    };
    let record = PeerRecord {
        key: shared.local_key,
        peer_id: PeerIdBytes(shared.local_peer.to_bytes()),
        addrs: addrs.to_vec(),
        seq,
        expires: now.plus(RECORD_TTL_MS),
    };
    let signed = match shared
        .sign_off_worker(move |signer| sign_record(record, signer))
        .await
    {
        Ok(s) => s,
        Err(e) => {
            shared.core().net.sign_failed = Some(clock::now());
            return Err(e);
        }
    };
    let mut core = shared.core();
    core.net.sign_failed = None;
    // A concurrent publish may have stored a newer one; keep the newest.
    if core
        .net
        .current
        .as_ref()
        .is_none_or(|c| c.record.seq < signed.record.seq)
    {
        core.net.current = Some(signed.clone());
    }
    Ok(signed)
}

/// Publishes our record for `addrs` to each `(slot index, relay)` in `targets`; records
/// the outcome on each slot. A failure is retried after 1 s, a refusal after a minute.
pub(super) async fn publish(
    shared: Arc<Shared>,
    targets: Vec<(usize, PeerId)>,
    addrs: Vec<String>,
) {
    let rec = current_record(&shared, &addrs).await;
    for (index, relay) in targets {
        let result = match &rec {
            Ok(r) => ask(&shared, relay, &RecordRequest::Publish(Box::new(r.clone()))).await,
            Err(e) => Err(e.clone()),
        };
        let now = clock::now();
        let mut core = shared.core();
        let Some(slot) = core.net.relays.get_mut(index) else {
            continue;
        };
        slot.publishing = false;
        match result {
            Ok(RecordResponse::Stored) => {
                tracing::debug!(relay = %relay, "peer record published");
                slot.published = Some((addrs.clone(), now));
            }
            Ok(other) => {
                tracing::warn!(relay = %relay, "relay did not store our peer record: {other:?}");
                slot.publish_after = now.plus(60_000);
            }
            Err(e) => {
                tracing::info!(relay = %relay, "publishing our peer record failed: {e}");
                slot.publish_after = now.plus(1_000);
            }
        }
    }
}

/// Answers one records stream. Only a peer holding a session gets an answer; a relay
/// keeps a record only from the key and PeerId that session proved.
pub(super) async fn serve(shared: Arc<Shared>, peer: PeerId, mut stream: Stream) {
    let Some(body) = read_inbound(
        &shared,
        peer,
        &mut stream,
        RECORDS_FRAME_CAP,
        DEADLINE,
        "records stream",
    )
    .await
    else {
        return;
    };
    let now = clock::now();
    let request = RecordRequest::decode(&body);
    if let Ok(probe @ RecordRequest::Probe { .. }) = &request {
        let answer = answer_probe(&shared, peer, probe).await;
        let _ = write_frame(&mut stream, &answer.encode(), RECORDS_FRAME_CAP, DEADLINE).await;
        let _ = stream.close().await;
        return;
    }
    let peer_bytes = PeerIdBytes(peer.to_bytes());
    let session_key = shared
        .core()
        .sessions
        .by_peer(&peer_bytes, now)
        .map(|s| s.remote_key);
    let answer = match (session_key, request) {
        (None, _) => {
            shared.security_event(
                lango_protocol::events::SecurityEventKind::AclDenied,
                peer,
                "records stream without a session: refused".into(),
            );
            RecordResponse::Refused("no session: records are served to trusted peers only".into())
        }
        (_, Err(e)) => {
            refused(&shared, peer, &e, "request");
            RecordResponse::Refused(e.to_string())
        }
        (Some(_), Ok(_)) if !shared.cfg.relay.serve => {
            RecordResponse::Refused("this node is not a relay ([relay] serve = false)".into())
        }
        (Some(key), Ok(RecordRequest::Publish(rec))) => {
            let r = shared
                .core()
                .net
                .book
                .accept(&rec, Some(&key), Some(&peer_bytes), now);
            match r {
                Ok(Accepted::New) => {
                    shared.audit(
                        "peer_record_stored",
                        json!({"did": key.did().to_string(), "peer_id": peer.to_string(), "seq": rec.record.seq, "addrs": rec.record.addrs}),
                    );
                    RecordResponse::Stored
                }
                Ok(Accepted::Same) => RecordResponse::Stored,
                Err(e) => {
                    refused(&shared, peer, &e, "published");
                    RecordResponse::Refused(e.to_string())
                }
            }
        }
        // Answered above, before the session check.
        (Some(_), Ok(RecordRequest::Probe { .. })) => RecordResponse::NotFound,
        (Some(_), Ok(RecordRequest::Find(key))) => {
            let core = shared.core();
            // Only records of keys this relay trusts now: a peer removed or blocked
            // since it published is not served.
            let trusted = core.trust.is_trusted(key.did().as_str(), now);
            match trusted
                .then(|| core.net.book.get(&key, now).cloned())
                .flatten()
            {
                Some(r) => RecordResponse::Found(Box::new(r)),
                None => RecordResponse::NotFound,
            }
        }
    };
    let _ = write_frame(&mut stream, &answer.encode(), RECORDS_FRAME_CAP, DEADLINE).await;
    let _ = stream.close().await;
}

/// A LAN neighbour's probe: our record if it names our key and mDNS is on here, else
/// nothing. No session is needed (the prober has none yet) and no event is raised (a
/// probe that does not name us is ordinary LAN traffic); the answer tells the prober
/// only what it already knew, that the key it named is here.
async fn answer_probe(shared: &Arc<Shared>, peer: PeerId, probe: &RecordRequest) -> RecordResponse {
    if !shared.cfg.node.mdns {
        return RecordResponse::Refused(
            "LAN discovery is off on this node (node.mdns = false)".into(),
        );
    }
    if shared.peer_blocked(&peer) {
        return RecordResponse::Refused("blocked".into());
    }
    if !shared.core().net.on_lan(&peer) {
        // Probes are for mDNS neighbours: not over a relay, not from another network.
        return RecordResponse::Refused("probes are answered on the LAN only".into());
    }
    if shared.core().net.lan.error.is_some() {
        // Asked for, but mDNS could not start: off, as `status` says.
        return RecordResponse::Refused(
            "LAN discovery is off on this node (mDNS could not start)".into(),
        );
    }
    if !probe.probes_for(&shared.local_key) {
        return RecordResponse::NotFound;
    }
    let addrs = shared.core().our_addrs(&shared.local_peer, clock::now());
    match current_record(shared, &addrs).await {
        Ok(r) => RecordResponse::Found(Box::new(r)),
        Err(e) => {
            tracing::warn!("cannot answer a LAN probe: {e}");
            RecordResponse::Refused("the node could not sign its record".into())
        }
    }
}

fn refused(shared: &Shared, peer: PeerId, e: &RecordError, what: &str) {
    if let Some(kind) = e.security_event() {
        shared.security_event(kind, peer, format!("{what} peer record refused: {e}"));
    }
}

/// Asks each relay we hold a session with for `key`'s record; dials the first that
/// verifies. A record that does not verify raises an event against the relay that
/// served it (a relay checks what it stores, so a bad record means a bad relay).
pub(super) async fn lookup(shared: Arc<Shared>, key: AgentPublicKey, relays: Vec<PeerId>) {
    let did = key.did().to_string();
    for relay in relays {
        let rec = match ask(&shared, relay, &RecordRequest::Find(key)).await {
            Ok(RecordResponse::Found(r)) => r,
            Ok(RecordResponse::NotFound) => {
                tracing::debug!(relay = %relay, did = %did, "relay holds no record");
                continue;
            }
            Ok(other) => {
                tracing::info!(relay = %relay, did = %did, "lookup refused: {other:?}");
                continue;
            }
            Err(e) => {
                tracing::debug!(relay = %relay, did = %did, "lookup failed: {e}");
                continue;
            }
        };
        if let Some((peer, addrs)) =
            learn(&shared, relay, &key, &rec).filter(|(_, a)| !a.is_empty())
        {
            let n = addrs.len();
            if dial_expecting(&shared, key, peer, addrs, clock::now()) {
                tracing::info!(did = %did, peer = %peer, "dialing from its peer record ({n} addresses)");
            }
            return;
        }
    }
}

/// Verifies a record `relay` served for `key`; the addresses to dial, or none.
fn learn(
    shared: &Shared,
    relay: PeerId,
    key: &AgentPublicKey,
    rec: &SignedRecord,
) -> Option<(PeerId, Vec<Multiaddr>)> {
    let now = clock::now();
    let accepted = shared.core().net.book.accept(rec, Some(key), None, now);
    let rec = match accepted {
        Ok(_) => rec.clone(),
        // A relay that has not yet got the peer's newest record: not an attack (two
        // relays may lag each other); dial from the newer one we hold.
        Err(RecordError::Older { .. }) => shared.core().net.book.get(key, now)?.clone(),
        Err(e) => {
            refused(shared, relay, &e, "a relay served a");
            return None;
        }
    };
    let peer = PeerId::from_bytes(&rec.record.peer_id.0).ok()?;
    let addrs: Vec<Multiaddr> = rec
        .record
        .addrs
        .iter()
        .filter_map(|a| a.parse().ok())
        .collect();
    Some((peer, addrs))
}

/// Dials `peer` at `addrs` because a verified record or a last-known address named it
/// for `key`: the handshake must then prove that key (`handshake.rs::expects_other`).
/// A connected PeerId is not dialed again (its handshake is under way or failed), and
/// gets no expectation. Whether it was dialed.
pub(super) fn dial_expecting(
    shared: &Shared,
    key: AgentPublicKey,
    peer: PeerId,
    addrs: Vec<Multiaddr>,
    now: lango_protocol::UnixMillis,
) -> bool {
    let mut core = shared.core();
    if core.connected.contains_key(&peer) {
        return false;
    }
    core.net.expected.insert(peer, (key, now));
    drop(core);
    let _ = shared.swarm_tx.send(SwarmCommand::DialAll(peer, addrs));
    true
}
