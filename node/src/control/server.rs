//! Daemon side of the control socket: an adapter over [`crate::ops`]. Each request is
//! parsed, routed to one operation with the socket peer as the [`Actor`], and its result
//! or error turned into one JSON line by [`respond`], the one place an operation's fault
//! becomes a CLI exit code.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{UnixListener, UnixStream};

use super::{Request, Response};
use crate::ops::{self, Actor, Ops, OpsError};

/// Longest request line accepted: a largest tool input (64 MiB at most, JSON-escaped)
/// fits. The socket is the operator's own (mode 0600).
const MAX_REQUEST: usize = 160 << 20;

/// Binds the socket at `path` (mode 0600). A leftover socket file from a crashed daemon
/// is replaced; the data-dir lock already guarantees no other daemon is running.
pub fn bind(path: &Path) -> std::io::Result<UnixListener> {
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let l = UnixListener::bind(path)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    Ok(l)
}

/// Binds the operators' group socket at `path`: mode 0660, group `group`. The directory
/// must exist and must not be writable by others (else anyone could replace the socket
/// with their own). Errors name what is wrong.
pub fn bind_group(path: &Path, group: &str) -> std::io::Result<UnixListener> {
    use std::os::unix::fs::MetadataExt;
    let dir = path
        .parent()
        .ok_or_else(|| std::io::Error::other("the socket path has no directory"))?;
    let meta = std::fs::metadata(dir)
        .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
    let me = nix::unistd::geteuid().as_raw();
    if meta.mode() & 0o022 != 0 || (meta.uid() != me && meta.uid() != 0) {
        return Err(std::io::Error::other(format!(
            "{} is writable by others (or owned by another user): put the group socket in \
             a directory only the node (and root) can write, such as \
             RuntimeDirectory=lango-node",
            dir.display()
        )));
    }
    let gid = nix::unistd::Group::from_name(group)
        .map_err(std::io::Error::other)?
        .ok_or_else(|| std::io::Error::other(format!("no group named {group:?} on this host")))?
        .gid;
    let l = bind(path)?;
    nix::unistd::chown(path, None, Some(gid)).map_err(std::io::Error::other)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o660))?;
    Ok(l)
}

/// Serves control connections until the listener fails.
pub async fn serve(listener: UnixListener, ops: Arc<Ops>) {
    loop {
        match listener.accept().await {
            Ok((s, _)) => {
                tokio::spawn(handle(s, ops.clone()));
            }
            Err(e) => {
                tracing::error!("control socket accept failed: {e}");
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        }
    }
}

async fn handle(stream: UnixStream, ops: Arc<Ops>) {
    let uid = stream.peer_cred().map(|c| c.uid()).ok();
    let actor = Actor::Operator { uid };
    // The node's own user (and root) may read secret values; members of the operators'
    // group (the `[control]` socket) may do everything else.
    let owner = uid.is_some_and(|u| u == 0 || u == nix::unistd::geteuid().as_raw());
    let (r, mut w) = stream.into_split();
    let mut r = BufReader::new(r.take(MAX_REQUEST as u64));
    let mut line = String::new();
    if r.read_line(&mut line).await.is_err() {
        return;
    }
    let resp = match serde_json::from_str::<Request>(&line) {
        Err(e) => respond(Err(OpsError::input(format!("bad control request: {e}")))),
        Ok(Request::Vault(crate::vault::VaultOp::SecretGet { .. })) if !owner => respond(Err(
            OpsError::refused("secret values are read only by the node's own user (or root)"),
        )),
        Ok(Request::Events { follow: true }) => {
            let (hist, mut rx) = ops.follow_events();
            for ev in hist {
                if write(&mut w, &Response::ok(json!(ev))).await.is_err() {
                    return;
                }
            }
            // The events kept so far end here; live ones follow (the CLI applies `-n`
            // to the first part only).
            if write(&mut w, &Response::ok(json!({"history_end": true})))
                .await
                .is_err()
            {
                return;
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
        Ok(Request::ApprovalsWatch) => {
            let (pending, mut rx) = match ops.approvals_watch() {
                Ok(x) => x,
                Err(e) => {
                    let _ = write(&mut w, &respond(Err(e))).await;
                    return;
                }
            };
            for req in pending {
                if write(&mut w, &Response::ok(json!(req))).await.is_err() {
                    return;
                }
            }
            let mut probe = [0u8; 1];
            loop {
                tokio::select! {
                    got = rx.recv() => match got {
                        Ok(req) => {
                            if write(&mut w, &Response::ok(json!(req))).await.is_err() {
                                return;
                            }
                        }
                        Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => {
                            tracing::warn!("approvals watcher lagged by {n} requests");
                        }
                        Err(_) => return,
                    },
                    _ = r.read(&mut probe) => return,
                }
            }
        }
        Ok(Request::Invoke {
            did,
            tool,
            input,
            timeout_ms,
        }) => {
            // The client keeps its side open until it has the answer; EOF means the
            // operator went away (Ctrl-C), and dropping the call cancels it on the peer.
            // Interim notes (`{"interim": …}`: the call waits for approval) go out as
            // they come.
            let (tx, mut notes) = tokio::sync::mpsc::unbounded_channel();
            let note = move |v: Value| {
                let _ = tx.send(v);
            };
            let req = ops::Invoke {
                did,
                tool,
                input,
                timeout: std::time::Duration::from_millis(timeout_ms),
            };
            let call = ops.invoke_watching(req, &note);
            tokio::pin!(call);
            let mut probe = [0u8; 1];
            loop {
                tokio::select! {
                    resp = &mut call => break respond(resp),
                    Some(v) = notes.recv() => {
                        if write(&mut w, &Response::ok(json!({"interim": v}))).await.is_err() {
                            return;
                        }
                    }
                    _ = r.read(&mut probe) => return,
                }
            }
        }
        Ok(req) => respond(route(&ops, &actor, req).await),
    };
    let _ = write(&mut w, &resp).await;
}

async fn write(w: &mut tokio::net::unix::OwnedWriteHalf, r: &Response) -> std::io::Result<()> {
    let mut v = serde_json::to_vec(r).map_err(std::io::Error::other)?;
    v.push(b'\n');
    w.write_all(&v).await
}

/// The one mapping from an operation's outcome to the socket's answer: the payload, or
/// the error's line, its fault's exit code, and the peer's answer when there was one.
pub fn respond(r: Result<Value, OpsError>) -> Response {
    match r {
        Ok(v) => Response::ok(v),
        Err(e) => Response {
            ok: false,
            data: e.detail.unwrap_or(Value::Null),
            error: Some(e.message),
            exit: i32::from(ops::exit_code(e.fault)),
        },
    }
}

fn value<T: Serialize>(v: T) -> Result<Value, OpsError> {
    serde_json::to_value(v)
        .map_err(|e| OpsError::internal(format!("cannot encode the answer: {e}")))
}

/// The route table: one operation per request.
pub async fn route(ops: &Ops, actor: &Actor, req: Request) -> Result<Value, OpsError> {
    match req {
        Request::Id => value(ops.id()),
        Request::Status => value(ops.status()),
        Request::Metrics => value(ops.metrics()),
        Request::Peers => value(ops.peers()),
        Request::Doctor { peer } => value(ops.doctor(peer.as_deref())?),
        Request::TrustAdd {
            did,
            addrs,
            tools,
            name,
        } => {
            let req = ops::TrustAdd {
                did,
                addrs,
                tools,
                name,
            };
            value(json!({"did": ops.trust_add(actor, req).await?}))
        }
        Request::TrustApprove { did, tools, name } => {
            let p = ops.trust_approve(actor, &did, tools, name).await?;
            value(json!({"did": p.did, "peer_id": p.peer_id}))
        }
        Request::TrustSet {
            peer,
            addrs,
            tools,
            name,
        } => {
            let req = ops::TrustSet {
                peer,
                addrs,
                tools,
                name,
            };
            value(ops.trust_set(actor, req).await?)
        }
        Request::TrustList => value(ops.trust_list()),
        Request::TrustRemove { did } => {
            let did = ops.trust_remove(actor, &did).await?;
            value(json!({"did": did, "blocked": "forever"}))
        }
        Request::TrustPending => value(ops.trust_pending()),
        Request::TrustBlocks => value(ops.trust_blocks()),
        Request::SessionList => value(ops.session_list()),
        Request::SessionRevoke {
            did,
            all,
            block_ms,
            reason,
        } => {
            let req = ops::Revoke {
                did,
                all,
                block_ms,
                reason,
            };
            value(ops.session_revoke(actor, req).await?)
        }
        Request::SessionUnblock { did } => {
            value(json!({"did": ops.session_unblock(actor, &did).await?}))
        }
        Request::Events { .. } => value(ops.events()),
        Request::Vault(op) => ops.vault(actor, op).await,
        Request::AuditVerify => value(ops.audit_verify().await?),
        Request::Backup { to } => value(ops.backup(actor, to).await?),
        Request::ToolsList { peer } => value(ops.tools_of(&peer).await?),
        Request::Invoke {
            did,
            tool,
            input,
            timeout_ms,
        } => {
            let req = ops::Invoke {
                did,
                tool,
                input,
                timeout: std::time::Duration::from_millis(timeout_ms),
            };
            ops.invoke(req).await
        }
        Request::Ping { did } => value(ops.ping(&did).await?),
        Request::ApprovalsList => value(ops.approvals_list()?),
        Request::ApprovalsShow { id } => value(ops.approvals_show(&id)?),
        Request::ApprovalsApprove { id, grant } => {
            value(ops.approvals_approve(actor, &id, &grant)?)
        }
        Request::ApprovalsDeny { id, reason } => value(ops.approvals_deny(actor, &id, reason)?),
        Request::ApprovalsWatch => value(ops.approvals_watch()?.0),
        Request::ApprovalsGrants => value(ops.approvals_grants()?),
        Request::ApprovalsRevokeGrant { id } => value(ops.approvals_revoke_grant(actor, &id)?),
    }
}
