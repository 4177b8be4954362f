//! Daemon side of the control socket: executes requests against the running node.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::Arc;

use libp2p::{Multiaddr, PeerId};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{UnixListener, UnixStream};

use lango_protocol::{Did, PeerIdBytes};

use super::{Request, Response, SOCKET_NAME};
use crate::clock::{self, rfc3339};
use crate::daemon::notice;
use crate::daemon::ping;
use crate::daemon::state::{Shared, SwarmCommand};
use crate::daemon::trust::TrustedPeer;

/// Longest request line accepted: a largest tool input (64 MiB at most, JSON-escaped)
/// fits. The socket is the operator's own (mode 0600).
const MAX_REQUEST: usize = 160 << 20;

/// Binds the socket (mode 0600). A leftover socket file from a crashed daemon is
/// replaced; the data-dir lock already guarantees no other daemon is running.
pub fn bind(data_dir: &Path) -> std::io::Result<UnixListener> {
    let path = data_dir.join(SOCKET_NAME);
    match std::fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let l = UnixListener::bind(&path)?;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
    Ok(l)
}

/// Serves control connections until the listener fails.
pub async fn serve(listener: UnixListener, shared: Arc<Shared>) {
    loop {
        match listener.accept().await {
            Ok((s, _)) => {
                tokio::spawn(handle(s, shared.clone()));
            }
            Err(e) => {
                tracing::error!("control socket accept failed: {e}");
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        }
    }
}

async fn handle(stream: UnixStream, shared: Arc<Shared>) {
    let uid = stream.peer_cred().map(|c| c.uid()).ok();
    let (r, mut w) = stream.into_split();
    let mut r = BufReader::new(r.take(MAX_REQUEST as u64));
    let mut line = String::new();
    if r.read_line(&mut line).await.is_err() {
        return;
    }
    let by = format!(
        "operator (control socket, uid {})",
        uid.map_or("?".into(), |u| u.to_string())
    );
    let resp = match serde_json::from_str::<Request>(&line) {
        Err(e) => Response::err(2, format!("bad control request: {e}")),
        Ok(Request::Events { follow: true }) => {
            let (hist, mut rx) = {
                let core = shared.core();
                (core.events.history(), core.events.subscribe())
            };
            for ev in hist {
                if write(&mut w, &Response::ok(json!(ev))).await.is_err() {
                    return;
                }
            }
            loop {
                match rx.recv().await {
                    Ok(ev) => {
                        if write(&mut w, &Response::ok(json!(ev))).await.is_err() {
                            return;
                        }
                    }
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => {
                        tracing::warn!("events follower lagged by {n} events");
                    }
                    Err(_) => return,
                }
            }
        }
        Ok(req @ Request::Invoke { .. }) => {
            // The client keeps its side open until it has the answer; EOF means the
            // operator went away (Ctrl-C), and dropping the call cancels it on the peer.
            let mut probe = [0u8; 1];
            tokio::select! {
                resp = execute(&shared, req, &by) => resp,
                _ = r.read(&mut probe) => return,
            }
        }
        Ok(req) => execute(&shared, req, &by).await,
    };
    let _ = write(&mut w, &resp).await;
}

async fn write(w: &mut tokio::net::unix::OwnedWriteHalf, r: &Response) -> std::io::Result<()> {
    let mut v = serde_json::to_vec(r).map_err(std::io::Error::other)?;
    v.push(b'\n');
    w.write_all(&v).await
}

fn parse_did(s: &str) -> Result<(Did, lango_protocol::AgentPublicKey), Response> {
    Did::parse(s).map_err(|e| Response::err(2, format!("bad DID {s:?}: {e}")))
}

fn listen_addrs(shared: &Shared) -> Vec<String> {
    let core = shared.core();
    core.listen_addrs.iter().map(|a| a.to_string()).collect()
}

async fn execute(shared: &Arc<Shared>, req: Request, by: &str) -> Response {
    match run(shared, req, by).await {
        Ok(v) => Response::ok(v),
        Err(r) => r,
    }
}

async fn run(shared: &Arc<Shared>, req: Request, by: &str) -> Result<Value, Response> {
    let now = clock::now();
    match req {
        Request::Id => Ok(json!({
            "did": shared.local_key.did().to_string(),
            "peer_id": shared.local_peer.to_string(),
            "listen_addrs": listen_addrs(shared),
        })),
        Request::Status => {
            let core = shared.core();
            Ok(json!({
                "did": shared.local_key.did().to_string(),
                "peer_id": shared.local_peer.to_string(),
                "listen_addrs": core.listen_addrs.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
                "connected_peers": core.connected.len(),
                "sessions": core.sessions.iter().filter(|s| s.expires_at > now).count(),
                "trusted_peers": core.trust.peers().len(),
                "replay_cache_entries": core.replay.len(),
                "security_events": core.events.counts().into_iter().collect::<std::collections::BTreeMap<_, _>>(),
            }))
        }
        Request::Metrics => {
            let core = shared.core();
            let mut text = String::new();
            text.push_str("# HELP lango_security_events_total Security events recorded since start, by kind.\n");
            text.push_str("# TYPE lango_security_events_total counter\n");
            for (kind, n) in core.events.counts() {
                text.push_str(&format!(
                    "lango_security_events_total{{kind=\"{kind}\"}} {n}\n"
                ));
            }
            let gauges = [
                (
                    "lango_sessions",
                    "Live sessions.",
                    core.sessions.iter().filter(|s| s.expires_at > now).count(),
                ),
                (
                    "lango_connected_peers",
                    "Peers with at least one connection.",
                    core.connected.len(),
                ),
                (
                    "lango_trusted_peers",
                    "Entries in the trust store.",
                    core.trust.peers().len(),
                ),
                (
                    "lango_pending_peers",
                    "Unknown peers that proved their key.",
                    core.pending.len(),
                ),
                (
                    "lango_replay_cache_entries",
                    "Live replay-cache entries.",
                    core.replay.len(),
                ),
            ];
            for (name, help, v) in gauges {
                text.push_str(&format!(
                    "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {v}\n"
                ));
            }
            Ok(Value::String(text))
        }
        Request::Peers => {
            let core = shared.core();
            let peers: Vec<Value> = core
                .connected
                .iter()
                .map(|(p, addrs)| {
                    let did = core
                        .sessions
                        .by_peer(&PeerIdBytes(p.to_bytes()), now)
                        .map(|s| s.remote_did().to_string());
                    json!({"peer_id": p.to_string(), "did": did, "addrs": addrs.iter().map(|a| a.to_string()).collect::<Vec<_>>()})
                })
                .collect();
            Ok(json!(peers))
        }
        Request::TrustAdd {
            did,
            addrs,
            tools,
            name,
        } => {
            let (did, key) = parse_did(&did)?;
            if key == shared.local_key {
                return Err(Response::err(2, "refusing to trust our own DID"));
            }
            for a in &addrs {
                a.parse::<Multiaddr>()
                    .map_err(|e| Response::err(2, format!("bad multiaddr {a:?}: {e}")))?;
            }
            let entry = TrustedPeer {
                did: did.to_string(),
                name,
                addrs,
                tools,
                added_ms: now.0,
            };
            shared
                .core()
                .trust
                .add(entry.clone())
                .map_err(|e| Response::err(1, format!("cannot save trust store: {e}")))?;
            shared.core().pending.retain(|p| p.did != entry.did);
            shared.audit(
                "trust_add",
                json!({"did": entry.did, "tools": entry.tools, "addrs": entry.addrs, "by": by}),
            );
            Ok(json!({"did": entry.did}))
        }
        Request::TrustApprove { did, tools } => {
            let (did, _) = parse_did(&did)?;
            let pending = {
                let core = shared.core();
                core.pending.iter().find(|p| p.did == did.as_str()).cloned()
            };
            let Some(p) = pending else {
                return Err(Response::err(1, format!("{did} is not pending")));
            };
            Box::pin(run(
                shared,
                Request::TrustAdd {
                    did: did.to_string(),
                    addrs: Vec::new(),
                    tools,
                    name: None,
                },
                by,
            ))
            .await
            .map(|_| json!({"did": p.did, "peer_id": p.peer_id}))
        }
        Request::TrustList => {
            let core = shared.core();
            let list: Vec<Value> = core
                .trust
                .peers()
                .iter()
                .map(|p| {
                    let block = core.trust.block_of(&p.did, now);
                    json!({
                        "did": p.did, "name": p.name, "addrs": p.addrs, "tools": p.tools,
                        "added_at": rfc3339(lango_protocol::UnixMillis(p.added_ms)),
                        "blocked_until": block.map(|b| b.until_ms.map(|u| rfc3339(lango_protocol::UnixMillis(u))).unwrap_or_else(|| "forever".into())),
                    })
                })
                .collect();
            Ok(json!(list))
        }
        Request::TrustRemove { did } => {
            let (did, key) = parse_did(&did)?;
            let (removed, session) = {
                let mut core = shared.core();
                let removed = core
                    .trust
                    .remove(did.as_str(), now)
                    .map_err(|e| Response::err(1, format!("cannot save trust store: {e}")))?;
                (removed, core.sessions.remove_key(&key))
            };
            shared.audit(
                "trust_remove",
                json!({"did": did.to_string(), "by": by, "had_session": session.is_some()}),
            );
            if let Some(s) = session {
                end_session(shared, &s, u64::MAX, "trust removed").await;
            }
            if !removed {
                return Err(Response::err(
                    1,
                    format!("{did} was not trusted (now blocked for good)"),
                ));
            }
            Ok(json!({"did": did.to_string(), "blocked": "forever"}))
        }
        Request::TrustPending => Ok(json!(shared.core().pending.clone())),
        Request::TrustBlocks => {
            let core = shared.core();
            let list: Vec<Value> = core
                .trust
                .blocks(now)
                .into_iter()
                .map(|b| {
                    json!({
                        "did": b.did,
                        "until": b.until_ms.map(|u| rfc3339(lango_protocol::UnixMillis(u))).unwrap_or_else(|| "forever".into()),
                        "reason": b.reason,
                        "since": rfc3339(lango_protocol::UnixMillis(b.since_ms)),
                        "trusted": core.trust.get(&b.did).is_some(),
                    })
                })
                .collect();
            Ok(json!(list))
        }
        Request::SessionList => {
            let core = shared.core();
            let mut list: Vec<Value> = core
                .sessions
                .iter()
                .filter(|s| s.expires_at > now)
                .map(|s| {
                    json!({
                        "did": s.remote_did().to_string(),
                        "peer_id": PeerId::from_bytes(&s.remote_peer.0).map(|p| p.to_string()).unwrap_or_default(),
                        "session_id": s.id.to_hex(),
                        "direction": s.direction.as_str(),
                        "established_at": rfc3339(s.established_at),
                        "expires_at": rfc3339(s.expires_at),
                    })
                })
                .collect();
            list.sort_by(|a, b| a["did"].as_str().cmp(&b["did"].as_str()));
            Ok(json!(list))
        }
        Request::SessionRevoke {
            did,
            all,
            block_ms,
            reason,
        } => {
            let block_ms = block_ms.unwrap_or(shared.cfg.session.default_block.as_millis() as u64);
            let reason = reason.unwrap_or_else(|| "revoked by operator".into());
            let targets: Vec<(String, Option<lango_protocol::AgentPublicKey>)> = if all {
                let core = shared.core();
                core.sessions
                    .iter()
                    .map(|s| (s.remote_did().to_string(), Some(s.remote_key)))
                    .collect()
            } else {
                let did =
                    did.ok_or_else(|| Response::err(2, "session revoke needs a DID or --all"))?;
                let (did, key) = parse_did(&did)?;
                vec![(did.to_string(), Some(key))]
            };
            let mut revoked = Vec::new();
            for (did, key) in targets {
                let session = {
                    let mut core = shared.core();
                    if block_ms > 0 {
                        core.trust
                            .block(&did, Some(now.plus(block_ms)), &reason, now)
                            .map_err(|e| Response::err(1, format!("cannot save block: {e}")))?;
                    }
                    key.and_then(|k| core.sessions.remove_key(&k))
                };
                let notified = match &session {
                    Some(s) => end_session(shared, s, block_ms, &reason).await,
                    None => false,
                };
                shared.audit(
                    "session_revoke",
                    json!({"did": did, "by": by, "reason": reason, "block_ms": block_ms, "had_session": session.is_some(), "notice_delivered": notified}),
                );
                revoked.push(json!({"did": did, "had_session": session.is_some(), "notice_delivered": notified, "blocked_until": (block_ms > 0).then(|| rfc3339(now.plus(block_ms)))}));
            }
            Ok(json!(revoked))
        }
        Request::SessionUnblock { did } => {
            let (did, _) = parse_did(&did)?;
            let lifted = shared
                .core()
                .trust
                .unblock(did.as_str())
                .map_err(|e| Response::err(1, format!("cannot save trust store: {e}")))?;
            shared.audit(
                "session_unblock",
                json!({"did": did.to_string(), "by": by, "was_blocked": lifted}),
            );
            if !lifted {
                return Err(Response::err(1, format!("{did} was not blocked")));
            }
            Ok(json!({"did": did.to_string()}))
        }
        Request::Events { .. } => Ok(json!(shared.core().events.history())),
        Request::Vault(op) => {
            // Off the async workers: a rotation runs PBKDF2 and a rekey copies the file.
            let s = shared.clone();
            let r = tokio::task::spawn_blocking(move || {
                crate::vault::lock(&s.vault).handle(op, &s.audit)
            })
            .await
            .map_err(|e| Response::err(1, format!("vault operation failed: {e}")))?;
            r.map_err(|e| Response::err(i32::from(e.exit), e.msg))
        }
        Request::ToolsList { peer } => {
            let (_, key) = parse_did(&peer)?;
            use crate::daemon::tools::listing::{fetch, FetchError};
            let r = fetch(shared, &key).await.map_err(|e| match e {
                FetchError::NoSession(_) => Response::err(3, e.to_string()),
                FetchError::Transport(_) => Response::err(1, e.to_string()),
            })?;
            if r.status != "ok" {
                return Err(Response::err(3, format!("denied by {peer}: {}", r.status)));
            }
            Ok(json!(r.tools))
        }
        Request::Invoke {
            did,
            tool,
            input,
            timeout_ms,
        } => {
            let (_, key) = parse_did(&did)?;
            if !lango_protocol::tools::valid_tool_name(&tool) {
                return Err(Response::err(2, format!("bad tool name {tool:?}")));
            }
            if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(&input) {
                return Err(Response::err(2, format!("input is not JSON: {e}")));
            }
            let timeout = std::time::Duration::from_millis(timeout_ms.max(1));
            match crate::daemon::tools::call::invoke(shared, &key, &tool, input, timeout).await {
                Ok(resp) => Ok(crate::tool_json::response(&resp)),
                Err(crate::daemon::tools::call::CallError::NoSession(d)) => {
                    Err(Response::err(3, format!("no session with {d}")))
                }
                Err(e) => Err(Response::err(1, e.to_string())),
            }
        }
        Request::Ping { did } => {
            let (did, key) = parse_did(&did)?;
            let session = shared.core().sessions.by_key(&key, now).cloned();
            let Some(session) = session else {
                return Err(Response::err(3, format!("no session with {did}")));
            };
            let peer = PeerId::from_bytes(&session.remote_peer.0)
                .map_err(|e| Response::err(1, e.to_string()))?;
            match ping::ping(shared, peer, session.id.0).await {
                Ok((status, rtt)) if status == "ok" => {
                    Ok(json!({"status": status, "rtt_us": rtt.as_micros() as u64}))
                }
                Ok((status, _)) => Err(Response::err(3, format!("denied by {did}: {status}"))),
                Err(e) => Err(Response::err(1, e)),
            }
        }
    }
}

/// Sends the signed notice (best effort) and closes the connections.
async fn end_session(
    shared: &Shared,
    s: &lango_protocol::session::Session,
    block_ms: u64,
    reason: &str,
) -> bool {
    let delivered = notice::send_revoke(shared, s, block_ms, reason).await;
    if let Ok(peer) = PeerId::from_bytes(&s.remote_peer.0) {
        let _ = shared.swarm_tx.send(SwarmCommand::Disconnect(peer));
    }
    delivered
}
