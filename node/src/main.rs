//! `lango-node`: the binary. Parses the command line, unlocks keys for `init`/`run`, and
//! sends every other command to the running daemon over its control socket.
//!
//! Exit codes: 0 ok, 1 failure, 2 usage or "node not running", 3 denied.

mod bench;
mod cli;
mod clock;
mod config;
mod control;
mod daemon;
mod keys;
mod output;
mod providers;
mod tool_json;
mod vault;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use cli::{
    AuditCommand, Cli, Command, DbCommand, KeyringCommand, KeysCommand, ReceiptCommand,
    SandboxCommand, SecretsCommand, SessionCommand, ToolsCommand, TrustCommand,
};
use control::client::{self, ClientError};
use control::Request;

/// An error that is the user's (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// A failure with an explicit exit code from the daemon.
#[derive(Debug, thiserror::Error)]
#[error("{msg}")]
pub struct Exit {
    code: u8,
    msg: String,
}

fn no_core_dumps() -> std::io::Result<()> {
    use rustix::process::{set_dumpable_behavior, setrlimit, DumpableBehavior, Resource, Rlimit};
    setrlimit(
        Resource::Core,
        Rlimit {
            current: Some(0),
            maximum: Some(0),
        },
    )?;
    set_dumpable_behavior(DumpableBehavior::NotDumpable)?;
    Ok(())
}

fn main() -> ExitCode {
    // The subprocess sandbox re-executes this binary as its launcher: single-threaded,
    // before anything else runs, it applies the isolation layers and execs the tool.
    if std::env::args_os().nth(1).as_deref()
        == Some(std::ffi::OsStr::new(
            daemon::tools::backends::LAUNCHER_SUBCOMMAND,
        ))
    {
        return daemon::tools::backends::launcher_main();
    }
    // Everything the node creates (data dir, sled files, sockets) is private to its user.
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
    // Keys and secret values live in this process's memory: no core file may hold them,
    // and no other process of the same user may ptrace or read /proc/PID/mem. Refusal
    // is loud: running with dumps enabled would silently break that promise.
    // The TPM's C library (tss2) prints its own error lines to stderr; ours name the
    // failure in one line instead. An operator who wants them sets TSS2_LOG.
    if std::env::var_os("TSS2_LOG").is_none() {
        std::env::set_var("TSS2_LOG", "all+none");
    }
    if let Err(e) = no_core_dumps() {
        eprintln!("lango-node: cannot disable core dumps: {e}");
        return ExitCode::from(1);
    }
    let cli = Cli::parse();
    let level = if matches!(cli.command, Command::Run { .. }) {
        "info"
    } else {
        "warn"
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("LANGO_LOG").unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(format!("{level},libp2p=warn,tss_esapi=off"))
    });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("lango-node: cannot start runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match rt.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let code = if let Some(x) = e.downcast_ref::<Exit>() {
                x.code
            } else if e.downcast_ref::<UsageError>().is_some() {
                2
            } else if let Some(ClientError::NotRunning(_)) = e.downcast_ref::<ClientError>() {
                2
            } else {
                1
            };
            eprintln!("lango-node: {}", one_line(&e));
            ExitCode::from(code)
        }
    }
}

/// The error and its causes on one line, joined with ": ". A cause that its parent's
/// message already ends with (`"{path}: {source}"` with `source` also the cause) is said
/// once, not twice.
fn one_line(e: &anyhow::Error) -> String {
    let mut msg = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if msg.ends_with(&text) {
            continue;
        }
        if !msg.is_empty() {
            msg.push_str(": ");
        }
        msg.push_str(&text);
    }
    msg
}

fn data_dir(cli: &Cli) -> anyhow::Result<PathBuf> {
    cli.data_dir
        .clone()
        .or_else(daemon::default_data_dir)
        .ok_or_else(|| UsageError("no data dir: pass --data-dir or set HOME".into()).into())
}

fn load_config(cli: &Cli, dir: &std::path::Path) -> anyhow::Result<config::Config> {
    let path = cli
        .config
        .clone()
        .unwrap_or_else(|| dir.join("config.toml"));
    if cli.config.is_some() && !path.exists() {
        return Err(UsageError(format!("config file {} does not exist", path.display())).into());
    }
    config::Config::load(&path).map_err(|e| UsageError(e.to_string()).into())
}

async fn call(dir: &std::path::Path, req: Request) -> anyhow::Result<serde_json::Value> {
    let r = client::call(dir, &req).await?;
    if r.ok {
        Ok(r.data)
    } else {
        Err(Exit {
            code: u8::try_from(r.exit).unwrap_or(1).max(1),
            msg: r.error.unwrap_or_else(|| "failed".into()),
        }
        .into())
    }
}

/// Runs a vault operation on the running node, or, when none runs, on the store itself
/// (the data-dir lock keeps the two from meeting).
async fn vault(
    cli: &Cli,
    dir: &std::path::Path,
    op: vault::VaultOp,
) -> anyhow::Result<serde_json::Value> {
    match client::call(dir, &Request::Vault(op.clone())).await {
        Ok(r) if r.ok => Ok(r.data),
        Ok(r) => Err(Exit {
            code: u8::try_from(r.exit).unwrap_or(1).max(1),
            msg: r.error.unwrap_or_else(|| "failed".into()),
        }
        .into()),
        Err(client::ClientError::NotRunning(_)) => {
            let cfg = load_config(cli, dir)?;
            let data = std::sync::Arc::new(lango_storage::DataDir::open(dir)?);
            let pass = passphrase_for(cli, &data, &cfg)?;
            let mut v =
                keys::open_vault(data.clone(), &cfg.keys, pass.as_ref().map(|p| p.as_str()))?;
            let audit = lango_storage::audit::AuditLog::open(&data.audit_log_path())?;
            v.handle(op, &audit).map_err(|e| {
                Exit {
                    code: e.exit,
                    msg: e.msg,
                }
                .into()
            })
        }
        Err(e) => Err(e.into()),
    }
}

/// The passphrase, if the data dir's key provider needs one.
fn passphrase_for(
    cli: &Cli,
    data: &lango_storage::DataDir,
    cfg: &config::Config,
) -> anyhow::Result<Option<zeroize::Zeroizing<String>>> {
    let name = providers::recorded(data)?;
    if !providers::needs_passphrase(&name, &cfg.keys) {
        return Ok(None);
    }
    // Order: --passphrase-file, LANGO_PASSPHRASE, the keyring cache (`keyring store`),
    // a prompt. `None` here means "open from the keyring cache".
    let explicit = cli.passphrase_file.is_some() || std::env::var_os("LANGO_PASSPHRASE").is_some();
    if !explicit && name == "local" && keys::keyring_cache_present(data) {
        return Ok(None);
    }
    Ok(Some(keys::passphrase(
        cli.passphrase_file.as_deref(),
        false,
    )?))
}

fn tools(s: &str) -> anyhow::Result<Vec<String>> {
    daemon::trust::parse_tool_patterns(s).map_err(|e| UsageError(e).into())
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Command::Bench { suite, json } = &cli.command {
        return bench::run(suite, *json).await;
    }
    let dir = data_dir(&cli)?;
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
            let cfg = load_config(&cli, &dir)?;
            let wrapping = providers::wrapping_provider(key_provider);
            let data = std::sync::Arc::new(lango_storage::DataDir::create(&dir)?);
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
            let audit = lango_storage::audit::AuditLog::open(&data.audit_log_path())?;
            audit.append(
                "init",
                serde_json::json!({"did": did, "peer_id": peer_id, "key_provider": key_provider}),
            )?;
            vault::lock(&unlocked.vault)
                .audit_fallbacks(&audit)
                .map_err(|e| anyhow::anyhow!(e.msg))?;
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
            let cfg = load_config(&cli, &dir)?;
            let listen = listen
                .iter()
                .map(|a| {
                    a.parse()
                        .map_err(|e| UsageError(format!("bad --listen {a:?}: {e}")))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let data = std::sync::Arc::new(lango_storage::DataDir::open(&dir)?);
            let pass = passphrase_for(&cli, &data, &cfg)?;
            let unlocked =
                keys::unlock(data.clone(), &cfg.keys, pass.as_ref().map(|p| p.as_str()))?;
            drop(pass);
            daemon::run(daemon::RunArgs {
                dir: data,
                cfg,
                listen,
                signer: unlocked.signer,
                transport_key: unlocked.transport,
                trust: unlocked.trust,
                vault: unlocked.vault,
            })
            .await
        }
        Command::Id(f) => output::id(call(&dir, Request::Id).await?, f.json),
        Command::Status(f) => output::status(call(&dir, Request::Status).await?, f.json),
        Command::Metrics => {
            let v = call(&dir, Request::Metrics).await?;
            print!("{}", v.as_str().unwrap_or_default());
            Ok(())
        }
        Command::Peers(f) => output::peers(call(&dir, Request::Peers).await?, f.json),
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
        Command::Events { follow, json } => {
            if *follow {
                let json = *json;
                client::stream(&dir, &Request::Events { follow: true }, |r| {
                    output::event_line(&r.data, json);
                    true
                })
                .await?;
                Ok(())
            } else {
                output::events(call(&dir, Request::Events { follow: false }).await?, *json)
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
        Command::Secrets(s) => {
            use base64::Engine as _;
            let b64 = base64::engine::general_purpose::STANDARD;
            match s {
                SecretsCommand::Set { name, value_file } => {
                    let value = zeroize::Zeroizing::new(match value_file {
                        Some(f) => std::fs::read(f)
                            .with_context(|| format!("cannot read {}", f.display()))?,
                        None => {
                            if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
                                eprintln!("value for {name} (end with Ctrl-D):");
                            }
                            let mut v = Vec::new();
                            std::io::Read::read_to_end(&mut std::io::stdin(), &mut v)
                                .context("cannot read the value from stdin")?;
                            v
                        }
                    });
                    let max = lango_storage::db::secrets::MAX_SECRET_LEN;
                    if value.len() > max {
                        return Err(UsageError(format!(
                            "secret value is {} bytes; the limit is {max}",
                            value.len()
                        ))
                        .into());
                    }
                    let op = vault::VaultOp::SecretSet {
                        name: name.clone(),
                        value_b64: b64.encode(&value[..]),
                    };
                    vault(&cli, &dir, op).await?;
                    println!("secret {name} set");
                    Ok(())
                }
                SecretsCommand::Get { name } => {
                    let v =
                        vault(&cli, &dir, vault::VaultOp::SecretGet { name: name.clone() }).await?;
                    let bytes = zeroize::Zeroizing::new(
                        b64.decode(v["value_b64"].as_str().unwrap_or_default())
                            .context("bad value from the store")?,
                    );
                    std::io::Write::write_all(&mut std::io::stdout(), &bytes)?;
                    Ok(())
                }
                SecretsCommand::List(f) => {
                    output::secrets(vault(&cli, &dir, vault::VaultOp::SecretList).await?, f.json)
                }
                SecretsCommand::Rm { name } => {
                    vault(&cli, &dir, vault::VaultOp::SecretRm { name: name.clone() }).await?;
                    println!("secret {name} removed");
                    Ok(())
                }
            }
        }
        Command::Keys(k) => match k {
            KeysCommand::Status(f) => {
                output::keys_status(vault(&cli, &dir, vault::VaultOp::KeysStatus).await?, f.json)
            }
            KeysCommand::Rotate(f) => {
                let v = vault(&cli, &dir, vault::VaultOp::KeysRotate).await?;
                output::done(&v, f.json, || {
                    format!(
                        "key-encryption key rotated to version {}; every data key re-wrapped",
                        v["kek_version"]
                    )
                })
            }
        },
        Command::Keyring(k) => {
            let (op, json) = match k {
                KeyringCommand::Store(f) => (vault::VaultOp::KeyringStore, f.json),
                KeyringCommand::Clear(f) => (vault::VaultOp::KeyringClear, f.json),
                KeyringCommand::Status(f) => (vault::VaultOp::KeyringStatus, f.json),
            };
            let v = vault(&cli, &dir, op).await?;
            output::done(&v, json, || match k {
                KeyringCommand::Store(_) => format!(
                    "KEK v{} cached in the kernel keyring as {} (until reboot or `keyring clear`)",
                    v["kek_version"],
                    v["slot"].as_str().unwrap_or("?")
                ),
                KeyringCommand::Clear(_) => format!(
                    "{} cached KEK(s) removed from the kernel keyring",
                    v["cleared"].as_array().map_or(0, Vec::len)
                ),
                KeyringCommand::Status(_) => format!(
                    "{}: {}",
                    v["slot"].as_str().unwrap_or("?"),
                    if v["present"] == true {
                        "cached"
                    } else {
                        "not cached"
                    }
                ),
            })
        }
        Command::Db(d) => match d {
            DbCommand::Encrypt(f) => {
                let v = vault(&cli, &dir, vault::VaultOp::DbEncrypt).await?;
                output::done(&v, f.json, || {
                    format!("database encrypted (key version {})", v["key_version"])
                })
            }
            DbCommand::Rekey(f) => {
                let v = vault(&cli, &dir, vault::VaultOp::DbRekey).await?;
                output::done(&v, f.json, || {
                    format!("database moved to key version {}", v["key_version"])
                })
            }
            DbCommand::Verify(f) => {
                let v = vault(&cli, &dir, vault::VaultOp::DbVerify).await?;
                output::done(&v, f.json, || {
                    format!(
                        "database intact: {} pages, {} sealed records opened, cipher {}",
                        v["pages"],
                        v["records_checked"],
                        v["cipher_version"].as_str().unwrap_or("?")
                    )
                })
            }
        },
        Command::Audit(a) => {
            let path = dir.join("audit.log");
            if !path.exists() {
                return Err(UsageError(format!("no audit log at {}", path.display())).into());
            }
            match a {
                AuditCommand::Verify(f) => {
                    let report = lango_storage::audit::verify(&path)
                        .context("audit log verification failed")?;
                    if f.json {
                        println!(
                            "{}",
                            serde_json::json!({"ok": true, "entries": report.entries})
                        );
                    } else {
                        println!("audit log intact: {} entries", report.entries);
                    }
                    Ok(())
                }
                AuditCommand::Tail { n, json } => {
                    let entries = lango_storage::audit::tail(&path, *n)?;
                    for e in entries {
                        if *json {
                            println!("{}", serde_json::to_string(&e)?);
                        } else {
                            println!("{:>6} {} {:<22} {}", e.seq, e.time, e.kind, e.fields);
                        }
                    }
                    Ok(())
                }
            }
        }
        Command::Bench { .. } => Ok(()),
        Command::Tools(ToolsCommand::List { peer, json }) => match peer {
            Some(p) => {
                let v = call(&dir, Request::ToolsList { peer: p.clone() }).await?;
                output::tools(&v, *json)
            }
            None => {
                let cfg = load_config(&cli, &dir)?;
                let v = serde_json::to_value(
                    cfg.tools
                        .iter()
                        .map(daemon::tools::registry::info)
                        .collect::<Vec<_>>(),
                )?;
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
            let cfg = load_config(&cli, &dir)?;
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
            if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(&input) {
                return Err(UsageError(format!("input is not JSON: {e}")).into());
            }
            let timeout = match timeout {
                Some(t) => config::parse_duration(t).map_err(UsageError)?,
                None => cfg.invoke.default_timeout,
            };
            let v = call(
                &dir,
                Request::Invoke {
                    did: did.clone(),
                    tool: tool.clone(),
                    input,
                    timeout_ms: u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX),
                },
            )
            .await?;
            output::invoke(&v, *json)
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
            match tool_json::verify(&doc, callee.as_deref(), input.as_deref()) {
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
            let cfg = load_config(&cli, &dir)?;
            let report = daemon::tools::backends::prepare(&cfg, &dir).await;
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
    }
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn a_cause_already_in_its_parents_message_is_said_once() {
        let io = std::io::Error::from(std::io::ErrorKind::NotFound);
        let io_text = io.to_string();
        let e = anyhow::Error::new(lango_sandbox::SandboxError::Io {
            path: "/bin/busybox".into(),
            source: io,
        })
        .context("preparing noop-container");
        assert_eq!(
            one_line(&e),
            format!("preparing noop-container: /bin/busybox: {io_text}")
        );
        // A cause its parent does not repeat is still joined.
        let e = anyhow::anyhow!("inner").context("outer");
        assert_eq!(one_line(&e), "outer: inner");
    }
}
