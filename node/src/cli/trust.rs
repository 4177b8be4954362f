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
            TrustCommand::List(f) => {
                output::trust_list(call(&dir, Request::TrustList).await?, f.json)
            }
            TrustCommand::Remove { did } => {
                call(&dir, Request::TrustRemove { did: did.clone() }).await?;
                println!("removed {did} from trust; blocked for good");
                Ok(())
            }
            TrustCommand::Blocks(f) => {
                output::blocks(call(&dir, Request::TrustBlocks).await?, f.json)
            }
            TrustCommand::Pending(f) => {
                output::pending(call(&dir, Request::TrustPending).await?, f.json)
            }
            TrustCommand::Approve { did, tools: t } => {
                call(
                    &dir,
                    Request::TrustApprove {
                        did: did.clone(),
                        tools: tools(t)?,
                    },
                )
                .await?;
                println!("trusted {did}");
                Ok(())
            }
        },
        Command::Session(s) => match s {
            SessionCommand::List(f) => {
                output::sessions(call(&dir, Request::SessionList).await?, f.json)
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
