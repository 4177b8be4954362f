//! `trust` and `session`: whom this node talks to.

use super::args::{Command, SessionCommand, TrustCommand};
use super::context::{call, data_dir, tools};
use super::{output, Cli, UsageError};
use crate::config;
use crate::control::Request;

/// `trust ...` and `session ...`.
pub async fn run(cli: &Cli) -> anyhow::Result<()> {
    let dir = data_dir(cli)?;
    match &cli.command {
        Command::Trust(t) => match t {
            TrustCommand::Add {
                did,
                addrs,
                tools: t,
                name,
            } => {
                let v = call(
                    &dir,
                    Request::TrustAdd {
                        did: did.clone(),
                        addrs: addrs.clone(),
                        tools: tools(t)?,
                        name: name.clone(),
                    },
                )
                .await?;
                println!("trusted {}", v["did"].as_str().unwrap_or(did));
                Ok(())
            }
            TrustCommand::Set {
                peer,
                addrs,
                no_addr,
                tools: t,
                name,
            } => {
                let addrs = if *no_addr {
                    Some(Vec::new())
                } else {
                    (!addrs.is_empty()).then(|| addrs.clone())
                };
                let tools = t.as_deref().map(tools).transpose()?;
                if addrs.is_none() && tools.is_none() && name.is_none() {
                    return Err(UsageError(
                        "trust set: nothing to change (give --addr, --no-addr, --tools or --name)"
                            .into(),
                    )
                    .into());
                }
                let v = call(
                    &dir,
                    Request::TrustSet {
                        peer: peer.clone(),
                        addrs,
                        tools,
                        name: name.clone(),
                    },
                )
                .await?;
                println!("updated {}", v["did"].as_str().unwrap_or(peer));
                Ok(())
            }
            TrustCommand::List(f) => {
                output::trust_list(call(&dir, Request::TrustList).await?, f.is_json())
            }
            TrustCommand::Remove { did } => {
                call(&dir, Request::TrustRemove { did: did.clone() }).await?;
                println!("removed {did} from trust; blocked for good");
                Ok(())
            }
            TrustCommand::Blocks(f) => {
                output::blocks(call(&dir, Request::TrustBlocks).await?, f.is_json())
            }
            TrustCommand::Pending(f) => {
                output::pending(call(&dir, Request::TrustPending).await?, f.is_json())
            }
            TrustCommand::Approve {
                did,
                tools: t,
                name,
            } => {
                call(
                    &dir,
                    Request::TrustApprove {
                        did: did.clone(),
                        tools: tools(t)?,
                        name: name.clone(),
                    },
                )
                .await?;
                println!("trusted {did}");
                Ok(())
            }
        },
        Command::Session(s) => match s {
            SessionCommand::List(f) => {
                output::sessions(call(&dir, Request::SessionList).await?, f.is_json())
            }
            SessionCommand::Blocks(f) => {
                output::blocks(call(&dir, Request::TrustBlocks).await?, f.is_json())
            }
            SessionCommand::Revoke {
                did,
                all,
                block,
                reason,
                json,
            } => {
                if did.is_none() && !all {
                    return Err(UsageError("session revoke needs a DID or --all".into()).into());
                }
                let block_ms = block
                    .as_deref()
                    .map(|b| {
                        if b == "0" {
                            Ok(0)
                        } else {
                            config::parse_duration(b)
                                .map(|d| d.as_millis() as u64)
                                .map_err(UsageError)
                        }
                    })
                    .transpose()?;
                let v = call(
                    &dir,
                    Request::SessionRevoke {
                        did: did.clone(),
                        all: *all,
                        block_ms,
                        reason: reason.clone(),
                    },
                )
                .await?;
                if *json {
                    println!("{v}");
                } else {
                    output::revoked(v);
                }
                Ok(())
            }
            SessionCommand::Unblock { did } => {
                call(&dir, Request::SessionUnblock { did: did.clone() }).await?;
                println!("unblocked {did}");
                Ok(())
            }
        },
        // `cli::run` sends only `trust` and `session` commands here.
        _ => unreachable!("trust::run() is only called for trust and session commands"),
    }
}
