//! `init`, `run`, and the node's own state: `id`, `status`, `peers`, `metrics`,
//! `events`, `ping`.

use std::sync::Arc;

use anyhow::Context;

use super::args::Command;
use super::context::{call, data_dir, load_config, passphrase_for};
use super::{output, Cli, UsageError};
use crate::control::{client, Request};
use crate::{daemon, keys, ops, providers, vault};

/// `init` and `run`.
pub async fn lifecycle(cli: &Cli) -> anyhow::Result<()> {
    let dir = data_dir(cli)?;
    match &cli.command {
        Command::Init {
            key_provider,
            ssh_key,
            plaintext_db,
            json,
        } => {
            let identity = match key_provider.as_str() {
                _ if ssh_key.is_some() && key_provider != "ssh-agent" => {
                    return Err(
                        UsageError("--ssh-key needs --key-provider ssh-agent".into()).into(),
                    )
                }
                "local" | "keyring" => keys::IdentityChoice::Local,
                "ssh-agent" => keys::IdentityChoice::SshAgent(ssh_key.clone()),
                "pkcs11" | "tpm" | "aws-kms" | "gcp-kms" | "azure-kv" => {
                    keys::IdentityChoice::Provider
                }
                other => {
                    return Err(UsageError(format!(
                        "unknown key provider {other:?}: use one of {}",
                        providers::NAMES.join(", ")
                    ))
                    .into())
                }
            };
            let cfg = load_config(cli, &dir)?;
            let wrapping = providers::wrapping_provider(key_provider);
            let data = Arc::new(lango_storage::DataDir::create(&dir)?);
            let pass = if providers::needs_passphrase(wrapping, &cfg.keys) {
                Some(keys::passphrase(cli.passphrase_file.as_deref(), true)?)
            } else {
                None
            };
            let unlocked = match keys::init(
                data.clone(),
                wrapping,
                &cfg.keys,
                pass.as_ref().map(|p| p.as_str()),
                &identity,
                *plaintext_db,
            ) {
                Ok(u) => u,
                Err(e) => {
                    // Leave no half-initialised data dir behind.
                    let path = data.path().to_path_buf();
                    drop(data);
                    let _ = std::fs::remove_dir_all(&path);
                    return Err(e);
                }
            };
            let did = unlocked.signer.public_key().did().to_string();
            let peer_id = unlocked.transport.public().to_peer_id().to_string();
            let audit = vault::open_audit(&unlocked.vault, lango_storage::Durability::Always)?;
            audit.append(
                "init",
                serde_json::json!({"did": did, "peer_id": peer_id, "key_provider": key_provider}),
            )?;
            vault::lock(&unlocked.vault).audit_fallbacks(&audit)?;
            audit.sync_anchored()?;
            if *json {
                println!(
                    "{}",
                    serde_json::json!({"did": did, "peer_id": peer_id, "data_dir": dir})
                );
            } else {
                println!(
                    "initialised {}\n  did:     {did}\n  peer id: {peer_id}",
                    dir.display()
                );
            }
            Ok(())
        }
        Command::Run { listen } => {
            let cfg = load_config(cli, &dir)?;
            let listen = listen
                .iter()
                .map(|a| {
                    a.parse()
                        .map_err(|e| UsageError(format!("bad --listen {a:?}: {e}")))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let data = Arc::new(lango_storage::DataDir::open(&dir)?);
            let pass = passphrase_for(cli, &data, &cfg)?;
            let unlocked =
                keys::unlock(data.clone(), &cfg.keys, pass.as_ref().map(|p| p.as_str()))?;
            drop(pass);
            let config_path = cli
                .config
                .clone()
                .unwrap_or_else(|| dir.join(lango_storage::datadir::CONFIG_FILE));
            serve(
                daemon::RunArgs {
                    dir: data,
                    cfg,
                    listen,
                    signer: unlocked.signer,
                    transport_key: unlocked.transport,
                    trust: unlocked.trust,
                    vault: unlocked.vault,
                    pipeline: None,
                    sandbox_launcher: None,
                },
                config_path,
            )
            .await
        }
        _ => unreachable!("lifecycle() is only called for init and run"),
    }
}

/// Runs the daemon with its control socket until Ctrl-C or SIGTERM.
/// SIGHUP: reads the config again and applies what can change while the node runs;
/// a config that does not load is refused and the running one stays.
fn reload(handle: &daemon::Handle, path: &std::path::Path) {
    if !path.exists() {
        tracing::error!(
            "config reload refused: {} is gone; the running config stays",
            path.display()
        );
        return;
    }
    match crate::config::Config::load(path) {
        Err(e) => tracing::error!("config reload refused, the running config stays: {e}"),
        Ok(cfg) => {
            let r = handle.reload(&cfg);
            if let Some(why) = &r.refused {
                tracing::error!("config reload refused, the running config stays: {why}");
                return;
            }
            if r.applied.is_empty() {
                tracing::info!("config reloaded: nothing to change");
            }
            for a in &r.applied {
                tracing::info!("config reloaded: {a}");
            }
            for s in &r.restart_needed {
                tracing::warn!("config reload: {s} changed; it takes effect at the next restart");
            }
        }
    }
}

async fn serve(args: daemon::RunArgs, config_path: std::path::PathBuf) -> anyhow::Result<()> {
    let node = daemon::start(args).await?;
    let handle = node.handle();
    let socket_path = node.data_dir().control_socket_path();
    let socket = crate::control::server::bind(&socket_path)
        .with_context(|| format!("cannot bind control socket {}", socket_path.display()))?;
    let ops = Arc::new(ops::Ops::new(handle.clone()));
    let group = match (
        &handle.config().control.socket,
        &handle.config().control.group,
    ) {
        (Some(path), Some(group)) => {
            let l = crate::control::server::bind_group(path, group).with_context(|| {
                format!(
                    "cannot bind the operators' control socket {}",
                    path.display()
                )
            })?;
            eprintln!("control socket for group {group}: {}", path.display());
            Some((
                path.clone(),
                tokio::spawn(crate::control::server::serve(l, ops.clone())),
            ))
        }
        _ => None,
    };
    let control = tokio::spawn(crate::control::server::serve(socket, ops));
    eprintln!(
        "lango-node running: {} ({})",
        handle.local_key().did(),
        handle.peer_id()
    );
    let mut sigterm = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    let mut sighup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())?;
    // Listeners and the control socket are up: a `Type=notify` unit is ready now.
    crate::notify::notify("READY=1");
    loop {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => break,
            _ = sigterm.recv() => break,
            _ = sighup.recv() => {
                crate::notify::notify("RELOADING=1");
                reload(&handle, &config_path);
                crate::notify::notify("READY=1");
            }
        }
    }
    crate::notify::notify("STOPPING=1");
    control.abort();
    let _ = std::fs::remove_file(&socket_path);
    if let Some((path, task)) = group {
        task.abort();
        let _ = std::fs::remove_file(path);
    }
    node.stop().await;
    eprintln!("lango-node stopped");
    Ok(())
}

/// `id`, `status`, `peers`, `metrics`, `events`, `ping`.
pub async fn query(cli: &Cli) -> anyhow::Result<()> {
    let dir = data_dir(cli)?;
    match &cli.command {
        Command::Id(f) => output::id(call(&dir, Request::Id).await?, f.json),
        Command::Status(f) => output::status(call(&dir, Request::Status).await?, f.json),
        Command::Metrics => {
            let v = call(&dir, Request::Metrics).await?;
            print!("{}", v.as_str().unwrap_or_default());
            Ok(())
        }
        Command::Peers(f) => output::peers(call(&dir, Request::Peers).await?, f.json),
        Command::Doctor { peer, json } => output::doctor(
            call(&dir, Request::Doctor { peer: peer.clone() }).await?,
            *json,
        ),
        Command::Events {
            follow,
            json,
            since,
            kind,
            n,
        } => {
            let filter = super::filter::Filter::new(since.as_deref(), kind.as_deref(), *n)?;
            let key = |v: &serde_json::Value| -> (String, String) {
                (
                    v["time"].as_str().unwrap_or_default().to_string(),
                    v["kind"].as_str().unwrap_or_default().to_string(),
                )
            };
            if *follow {
                let json = *json;
                // The node sends the events it keeps, a `history_end` mark, then live ones.
                let mut history: Option<Vec<serde_json::Value>> = Some(Vec::new());
                client::stream(&dir, &Request::Events { follow: true }, |r| {
                    if r.data["history_end"] == true {
                        let kept = filter.apply(
                            history.take().unwrap_or_default(),
                            |v: &serde_json::Value| {
                                (
                                    v["time"].as_str().unwrap_or_default(),
                                    v["kind"].as_str().unwrap_or_default(),
                                )
                            },
                        );
                        for e in &kept {
                            output::event_line(e, json);
                        }
                    } else if let Some(h) = history.as_mut() {
                        h.push(r.data);
                    } else {
                        let (t, k) = key(&r.data);
                        if filter.keeps(&t, &k) {
                            output::event_line(&r.data, json);
                        }
                    }
                    true
                })
                .await?;
                Ok(())
            } else {
                let all = call(&dir, Request::Events { follow: false }).await?;
                let kept = filter.apply(all.as_array().cloned().unwrap_or_default(), |v| {
                    (
                        v["time"].as_str().unwrap_or_default(),
                        v["kind"].as_str().unwrap_or_default(),
                    )
                });
                output::events(serde_json::Value::Array(kept), *json)
            }
        }
        Command::Ping { did, json } => {
            let v = call(&dir, Request::Ping { did: did.clone() }).await?;
            if *json {
                println!("{v}");
            } else {
                println!("{did}: ok in {} µs", v["rtt_us"]);
            }
            Ok(())
        }
        _ => unreachable!("query() is only called for the node's own state"),
    }
}
