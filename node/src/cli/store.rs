//! The store: `secrets`, `keys`, `keyring`, `db` (on the running node, or on the store
//! itself when it is stopped) and `audit` (`verify` likewise; `tail` from the file).

use anyhow::Context;
use base64::Engine as _;

use super::args::{AuditCommand, Command, DbCommand, KeyringCommand, KeysCommand, SecretsCommand};
use super::context::{data_dir, failure, open_store, vault};
use super::{output, Cli, UsageError};
use crate::control::client::{self, ClientError};
use crate::control::Request;
use crate::ops;
use crate::vault::VaultOp;

/// `secrets ...`, `keys ...`, `keyring ...`, `db ...`, `audit ...`.
pub async fn run(cli: &Cli) -> anyhow::Result<()> {
    let dir = data_dir(cli)?;
    match &cli.command {
        Command::Secrets(s) => {
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
                            // `echo value | secrets set X` and a typed value end with a
                            // newline that is not part of the secret (a file is stored
                            // byte for byte).
                            if v.last() == Some(&b'\n') {
                                v.pop();
                                if v.last() == Some(&b'\r') {
                                    v.pop();
                                }
                            }
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
                    let op = VaultOp::SecretSet {
                        name: name.clone(),
                        value_b64: b64.encode(&value[..]),
                    };
                    vault(cli, &dir, op).await?;
                    println!("secret {name} set");
                    Ok(())
                }
                SecretsCommand::Get { name } => {
                    let v = vault(cli, &dir, VaultOp::SecretGet { name: name.clone() }).await?;
                    let bytes = zeroize::Zeroizing::new(
                        b64.decode(v["value_b64"].as_str().unwrap_or_default())
                            .context("bad value from the store")?,
                    );
                    std::io::Write::write_all(&mut std::io::stdout(), &bytes)?;
                    Ok(())
                }
                SecretsCommand::List(f) => {
                    output::secrets(vault(cli, &dir, VaultOp::SecretList).await?, f.json)
                }
                SecretsCommand::Rm { name } => {
                    vault(cli, &dir, VaultOp::SecretRm { name: name.clone() }).await?;
                    println!("secret {name} removed");
                    Ok(())
                }
            }
        }
        Command::Keys(k) => match k {
            KeysCommand::Status(f) => {
                output::keys_status(vault(cli, &dir, VaultOp::KeysStatus).await?, f.json)
            }
            KeysCommand::Rotate(f) => {
                let v = vault(cli, &dir, VaultOp::KeysRotate).await?;
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
                KeyringCommand::Store(f) => (VaultOp::KeyringStore, f.json),
                KeyringCommand::Clear(f) => (VaultOp::KeyringClear, f.json),
                KeyringCommand::Status(f) => (VaultOp::KeyringStatus, f.json),
            };
            let v = vault(cli, &dir, op).await?;
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
                let v = vault(cli, &dir, VaultOp::DbEncrypt).await?;
                output::done(&v, f.json, || {
                    format!("database encrypted (key version {})", v["key_version"])
                })
            }
            DbCommand::Rekey(f) => {
                let v = vault(cli, &dir, VaultOp::DbRekey).await?;
                output::done(&v, f.json, || {
                    format!("database moved to key version {}", v["key_version"])
                })
            }
            DbCommand::Verify(f) => {
                let v = vault(cli, &dir, VaultOp::DbVerify).await?;
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
            let path = lango_storage::DataDir::audit_log_in(&dir);
            match a {
                AuditCommand::Verify(f) => {
                    let r = match client::call(&dir, &Request::AuditVerify).await {
                        Ok(r) if r.ok => r.data,
                        Ok(r) => return Err(failure(r)),
                        Err(ClientError::NotRunning(_)) => {
                            let v = open_store(cli, &dir)?;
                            serde_json::to_value(ops::audit::verify_offline(&v)?)?
                        }
                        Err(e) => return Err(e.into()),
                    };
                    if f.json {
                        let mut r = r;
                        r["ok"] = true.into();
                        println!("{r}");
                    } else {
                        let anchored = match r["anchored"].as_u64() {
                            Some(s) => format!("anchored at entry {s}"),
                            None => "nothing anchored yet".into(),
                        };
                        // Unkeyed entries followed by a keyed one are bound by its link;
                        // a log of unkeyed entries only is bound by nothing.
                        let unkeyed = match r["unkeyed"].as_u64() {
                            Some(u) if u > 0 && r["entries"].as_u64() == Some(u) => {
                                "; all are unkeyed (written before keyed chains), so none is \
                                 bound to this node's key yet"
                                    .to_string()
                            }
                            _ => String::new(),
                        };
                        println!(
                            "audit log intact: {} entries, {anchored}{unkeyed}",
                            r["entries"]
                        );
                    }
                    Ok(())
                }
                AuditCommand::Restart { reason, json } => {
                    if client::call(&dir, &Request::Status).await.is_ok() {
                        return Err(UsageError(
                            "audit restart needs the node stopped: stop it, then run it again"
                                .into(),
                        )
                        .into());
                    }
                    let v = std::sync::Arc::new(std::sync::Mutex::new(open_store(cli, &dir)?));
                    let actor = ops::Actor::Local {
                        uid: rustix::process::getuid().as_raw(),
                    };
                    let r = ops::audit::restart_offline(&v, reason, &actor)?;
                    output::done(&serde_json::to_value(&r)?, *json, || {
                        format!(
                            "new audit log started; the old one is kept at {} ({})",
                            r.kept.display(),
                            r.found
                        )
                    })
                }
                AuditCommand::Tail {
                    n,
                    json,
                    since,
                    kind,
                    follow,
                } => {
                    let filter =
                        super::filter::Filter::new(since.as_deref(), kind.as_deref(), Some(*n))?;
                    let print = |e: &lango_storage::audit::AuditEntry| -> anyhow::Result<()> {
                        if *json {
                            println!("{}", serde_json::to_string(e)?);
                        } else {
                            println!("{:>6} {} {:<22} {}", e.seq, e.time, e.kind, e.fields);
                        }
                        use std::io::Write;
                        let _ = std::io::stdout().flush();
                        Ok(())
                    };
                    // Filters apply before `-n`: read back far enough for them to matter.
                    let window = if since.is_some() || kind.is_some() {
                        n.saturating_mul(100).max(10_000)
                    } else {
                        *n
                    };
                    let entries = ops::audit::tail(&path, window)?;
                    let mut last = entries.last().map_or(0, |e| e.seq);
                    for e in filter.apply(entries, |e| (e.time.as_str(), e.kind.as_str())) {
                        print(&e)?;
                    }
                    if !*follow {
                        return Ok(());
                    }
                    loop {
                        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
                        let fresh = ops::audit::tail(&path, 1_000)?;
                        let since_last = last;
                        for e in fresh.into_iter().filter(|e| e.seq > since_last) {
                            last = e.seq;
                            if filter.keeps(&e.time, &e.kind) {
                                print(&e)?;
                            }
                        }
                    }
                }
            }
        }
        // `cli::run` sends only store commands here.
        _ => unreachable!("store::run() is only called for store commands"),
    }
}

/// `backup --to DIR` (through the running node) and `restore --from DIR` (into an empty
/// data dir; the node is not running there, or the dir would not be empty).
pub async fn backup(cli: &Cli) -> anyhow::Result<()> {
    let dir = data_dir(cli)?;
    match &cli.command {
        Command::Backup { to, json } => {
            let to = if to.is_absolute() {
                to.clone()
            } else {
                std::env::current_dir()
                    .context("cannot resolve the current directory")?
                    .join(to)
            };
            let v = match client::call(&dir, &Request::Backup { to: to.clone() }).await {
                Ok(r) if r.ok => r.data,
                Ok(r) => return Err(failure(r)),
                Err(ClientError::NotRunning(_)) => {
                    return Err(UsageError(format!(
                        "the node is not running at {}: `backup` copies a running node \
                         consistently; a stopped node's data dir can be copied as it is \
                         (docs/operations.md)",
                        dir.display()
                    ))
                    .into())
                }
                Err(e) => return Err(e.into()),
            };
            if *json {
                println!("{v}");
            } else {
                let files = v["files"].as_array().map_or(0, Vec::len);
                println!(
                    "backup of {} written to {} ({files} files)",
                    v["did"].as_str().unwrap_or("?"),
                    to.display()
                );
            }
            Ok(())
        }
        Command::Restore { from, json } => {
            let m = ops::backup::restore(from, &dir)?;
            if *json {
                println!("{}", serde_json::to_string(&m)?);
            } else {
                println!(
                    "restored {} files of {} into {}; check with `lango-node db verify` and `lango-node audit verify`, then start the node",
                    m.files.len(),
                    m.did,
                    dir.display()
                );
            }
            Ok(())
        }
        _ => unreachable!("backup() is only called for backup and restore"),
    }
}
