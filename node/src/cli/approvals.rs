//! `approvals`: decide waiting calls and manage standing grants, over the control
//! socket (the only channel a decision comes through).

use serde_json::Value;

use super::args::{ApprovalsCommand, Command};
use super::context::{call, data_dir, failure};
use super::output::{approval, approvals, grants};
use super::Cli;
use crate::control::{client, Request};

/// `approvals ...`
pub async fn run(cli: &Cli) -> anyhow::Result<()> {
    let dir = data_dir(cli)?;
    let Command::Approvals(cmd) = &cli.command else {
        return Ok(());
    };
    match cmd {
        ApprovalsCommand::List(f) => {
            approvals(call(&dir, Request::ApprovalsList).await?, f.is_json())
        }
        ApprovalsCommand::Show { id, json, input } => {
            let v = call(&dir, Request::ApprovalsShow { id: id.clone() }).await?;
            if !*input {
                return approval(&v, *json);
            }
            // The tool's input as the approver decides on it (PII-redacted).
            match v["input_redacted"].as_str() {
                Some(text) => {
                    println!("{}", super::output::clean(&Value::String(text.into())));
                    Ok(())
                }
                None => Err(super::Exit {
                    code: 1,
                    msg: format!("request {id} kept no input (the PII analyzer could not answer)"),
                }
                .into()),
            }
        }
        ApprovalsCommand::Approve { id, grant } => {
            let v = call(
                &dir,
                Request::ApprovalsApprove {
                    id: id.clone(),
                    grant: grant.clone(),
                },
            )
            .await?;
            println!(
                "approved {} ({} calling {}; grant {})",
                id,
                v["caller_did"].as_str().unwrap_or("?"),
                v["tool"].as_str().unwrap_or("?"),
                v["grant"].as_str().unwrap_or("once")
            );
            Ok(())
        }
        ApprovalsCommand::Deny { id, reason } => {
            call(
                &dir,
                Request::ApprovalsDeny {
                    id: id.clone(),
                    reason: reason.clone(),
                },
            )
            .await?;
            println!("denied {id}");
            Ok(())
        }
        ApprovalsCommand::Watch(j) => {
            let json = j.json;
            let mut failed = None;
            client::stream(&dir, &Request::ApprovalsWatch, |r| {
                if !r.ok {
                    failed = Some(r);
                    return false;
                }
                watch_line(&r.data, json);
                true
            })
            .await?;
            match failed {
                Some(r) => Err(failure(r)),
                None => Ok(()),
            }
        }
        ApprovalsCommand::Grants(f) => {
            grants(call(&dir, Request::ApprovalsGrants).await?, f.is_json())
        }
        ApprovalsCommand::RevokeGrant { id } => {
            call(&dir, Request::ApprovalsRevokeGrant { id: id.clone() }).await?;
            println!("revoked grant {id}");
            Ok(())
        }
    }
}

/// One request as `watch` prints it.
fn watch_line(r: &Value, json: bool) {
    if json {
        println!("{r}");
        return;
    }
    let left = r["expires_ms"]
        .as_u64()
        .unwrap_or(0)
        .saturating_sub(crate::clock::now().0)
        / 1000;
    println!(
        "{} {} wants {} ({} s left) — lango-node approvals approve {} | deny {}",
        super::output::clean(&r["id"]),
        super::output::clean(&r["caller_did"]),
        super::output::clean(&r["tool"]),
        left,
        super::output::clean(&r["id"]),
        super::output::clean(&r["id"]),
    );
}
