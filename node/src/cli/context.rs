//! What every command needs: the data dir, the config, the daemon's answer, and the
//! store when the node is not running.

use std::path::{Path, PathBuf};

use super::{Cli, Exit, UsageError};
use crate::config::Config;
use crate::control::client::{self, ClientError};
use crate::control::{Request, Response};
use crate::vault::{self, VaultOp};
use crate::{keys, ops, providers};

/// The data dir: `--data-dir`, `LANGO_DATA_DIR`, or the default.
pub fn data_dir(cli: &Cli) -> anyhow::Result<PathBuf> {
    cli.data_dir
        .clone()
        .or_else(lango_storage::DataDir::default_path)
        .ok_or_else(|| UsageError("no data dir: pass --data-dir or set HOME".into()).into())
}

/// The config: `--config`, or `config.toml` in the data dir (absent: the defaults).
pub fn load_config(cli: &Cli, dir: &Path) -> anyhow::Result<Config> {
    let path = cli
        .config
        .clone()
        .unwrap_or_else(|| dir.join(lango_storage::datadir::CONFIG_FILE));
    if cli.config.is_some() && !path.exists() {
        return Err(UsageError(format!("config file {} does not exist", path.display())).into());
    }
    Config::load(&path).map_err(|e| UsageError(e.to_string()).into())
}

/// The daemon's answer as an error, with the exit code it decided.
pub fn failure(r: Response) -> anyhow::Error {
    Exit {
        code: u8::try_from(r.exit).unwrap_or(1).max(1),
        msg: r.error.unwrap_or_else(|| "failed".into()),
    }
    .into()
}

/// Sends `req` to the running node; its payload, or its error.
pub async fn call(dir: &Path, req: Request) -> anyhow::Result<serde_json::Value> {
    let r = client::call(dir, &req).await?;
    if r.ok {
        Ok(r.data)
    } else {
        Err(failure(r))
    }
}

/// Runs a vault operation on the running node, or, when none runs, on the store itself
/// (the data-dir lock keeps the two from meeting).
pub async fn vault(cli: &Cli, dir: &Path, op: VaultOp) -> anyhow::Result<serde_json::Value> {
    match client::call(dir, &Request::Vault(op.clone())).await {
        Ok(r) if r.ok => Ok(r.data),
        Ok(r) => Err(failure(r)),
        Err(ClientError::NotRunning(_)) => {
            let v = std::sync::Arc::new(std::sync::Mutex::new(open_store(cli, dir)?));
            let audit = vault::open_audit(&v, lango_storage::Durability::Always)?;
            let actor = ops::Actor::Local {
                uid: rustix::process::getuid().as_raw(),
            };
            let out = ops::vault::offline(&mut vault::lock(&v), &audit, &actor, op)?;
            audit.sync_anchored()?;
            Ok(out)
        }
        Err(e) => Err(e.into()),
    }
}

/// Opens the store of a node that is not running (its data-dir lock keeps the node from
/// starting beside it), unlocking it as `run` would.
pub fn open_store(cli: &Cli, dir: &Path) -> anyhow::Result<crate::vault::Vault> {
    let cfg = load_config(cli, dir)?;
    let data = std::sync::Arc::new(lango_storage::DataDir::open(dir)?);
    let pass = passphrase_for(cli, &data, &cfg)?;
    keys::open_vault(data, &cfg.keys, pass.as_ref().map(|p| p.as_str()))
}

/// The passphrase, if the data dir's key provider needs one.
pub fn passphrase_for(
    cli: &Cli,
    data: &lango_storage::DataDir,
    cfg: &Config,
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

/// A `--tools` pattern list.
pub fn tools(s: &str) -> anyhow::Result<Vec<String>> {
    Ok(ops::parse_tool_patterns(s)?)
}
