//! `tools list`, `invoke`, `receipt verify`, `sandbox prepare`.

use anyhow::Context;

use super::args::{Command, ReceiptCommand, SandboxCommand, ToolsCommand};
use super::context::{call, data_dir, failure, load_config};
use super::{output, Cli, Exit, UsageError};
use crate::config;
use crate::control::{client, Request};
use crate::daemon::tools::{backends, registry};

/// `tools ...`, `invoke`, `receipt ...`, `sandbox ...`.
pub async fn run(cli: &Cli) -> anyhow::Result<()> {
    let dir = data_dir(cli)?;
    match &cli.command {
        Command::Tools(ToolsCommand::List { peer, json }) => match peer {
            Some(p) => {
                let v = call(&dir, Request::ToolsList { peer: p.clone() }).await?;
                output::tools(&v, *json)
            }
            None => {
                let cfg = load_config(cli, &dir)?;
                let v =
                    serde_json::to_value(cfg.tools.iter().map(registry::info).collect::<Vec<_>>())?;
                output::tools(&v, *json)
            }
        },
        Command::Invoke {
            did,
            tool,
            input,
            input_file,
            timeout,
            json,
        } => {
            let cfg = load_config(cli, &dir)?;
            let input = match (input, input_file) {
                (Some(i), _) => i.clone(),
                (None, Some(f)) => std::fs::read_to_string(f)
                    .with_context(|| format!("cannot read input file {}", f.display()))?,
                (None, None) => {
                    let mut v = String::new();
                    std::io::Read::read_to_string(&mut std::io::stdin(), &mut v)
                        .context("cannot read the input JSON from stdin")?;
                    v
                }
            };
            // The input's syntax, the DID and the tool name are checked once, by the
            // operation (`ops::Ops::invoke`).
            let timeout = match timeout {
                Some(t) => config::parse_duration(t).map_err(UsageError)?,
                None => cfg.invoke.default_timeout,
            };
            let req = Request::Invoke {
                did: did.clone(),
                tool: tool.clone(),
                input,
                timeout_ms: u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX),
            };
            let r = client::call_with_interim(&dir, &req, |note| {
                let secs = note["expires_in_ms"].as_u64().unwrap_or(0).div_ceil(1000);
                eprintln!(
                    "waiting for approval on {did} (id {}, {secs} s left)",
                    note["approval_id"].as_str().unwrap_or("?")
                );
            })
            .await?;
            // A call the peer answered is printed whatever its status; the exit code and
            // the error line come with the daemon's answer.
            if r.ok || !r.data.is_null() {
                output::invoke(&r.data, *json)?;
            }
            if r.ok {
                Ok(())
            } else {
                Err(failure(r))
            }
        }
        Command::Receipt(ReceiptCommand::Verify {
            file,
            callee,
            input,
            json,
        }) => {
            let text = match file {
                Some(f) => std::fs::read_to_string(f)
                    .with_context(|| format!("cannot read {}", f.display()))?,
                None => {
                    let mut v = String::new();
                    std::io::Read::read_to_string(&mut std::io::stdin(), &mut v)
                        .context("cannot read the receipt from stdin")?;
                    v
                }
            };
            let doc: serde_json::Value = serde_json::from_str(&text)
                .map_err(|e| UsageError(format!("receipt document is not JSON: {e}")))?;
            match crate::tool_json::verify(&doc, callee.as_deref(), input.as_deref()) {
                Ok(v) => {
                    if *json {
                        println!("{v}");
                    } else {
                        println!(
                            "valid: signed by {} for {} ({}, {})",
                            v["callee"].as_str().unwrap_or("?"),
                            v["caller"].as_str().unwrap_or("?"),
                            v["tool"].as_str().unwrap_or("?"),
                            v["status"].as_str().unwrap_or("?")
                        );
                    }
                    Ok(())
                }
                Err(e) => Err(Exit {
                    code: 1,
                    msg: format!("receipt invalid: {e}"),
                }
                .into()),
            }
        }
        Command::Sandbox(SandboxCommand::Prepare(j)) => {
            let cfg = load_config(cli, &dir)?;
            let report = backends::prepare(&cfg, &dir).await;
            let failed = report["ok"] != serde_json::json!(true);
            if j.json {
                println!("{report}");
            } else {
                output::sandbox_prepare(&report);
            }
            if failed {
                return Err(Exit {
                    code: 1,
                    msg: "some configured tools cannot run (see above)".into(),
                }
                .into());
            }
            Ok(())
        }
        // `cli::run` sends only tool commands here.
        _ => unreachable!("tools::run() is only called for tool commands"),
    }
}
