//! Choosing and opening the key provider named at `init --key-provider`.
//!
//! The name is recorded in `keys/registry.json`, so every later start opens the same
//! provider without being told; its settings come from `[keys.<name>]` in the config.
//! Only `local` asks for a passphrase.

use anyhow::{bail, Context};

use std::sync::{Arc, Mutex};

use lango_storage::{
    AwsKmsProvider, AzureKvProvider, DataDir, FallbackPolicy, FallbackProvider, GcpKmsProvider,
    KeyProvider, KeyringProvider, LocalProvider, Pkcs11Provider, MIN_PBKDF2_ITERATIONS,
};

use crate::config::KeysSection;
use crate::UsageError;

/// Every provider name `init --key-provider` accepts, in `--help` order.
pub const NAMES: &[&str] = &[
    "local",
    "keyring",
    "tpm",
    "pkcs11",
    "aws-kms",
    "gcp-kms",
    "azure-kv",
    "ssh-agent",
];

/// Cloud providers, wrapped in the fallback policy.
fn is_cloud(name: &str) -> bool {
    matches!(name, "aws-kms" | "gcp-kms" | "azure-kv")
}

/// Providers that need the passphrase: `local`, and a cloud provider whose fallback is
/// the local one.
pub fn needs_passphrase(name: &str, cfg: &KeysSection) -> bool {
    name == "local" || (is_cloud(name) && cfg.fallback == FallbackPolicy::Local)
}

/// Key-provider fallbacks seen since the last drain: each is a loud security event.
pub type FallbackLog = Arc<Mutex<Vec<String>>>;

fn cloud(
    dir: &DataDir,
    name: &str,
    cfg: &KeysSection,
    pass: Option<&str>,
    create: bool,
    log: &FallbackLog,
) -> anyhow::Result<Box<dyn KeyProvider>> {
    let inner: Box<dyn KeyProvider> = match (name, create) {
        ("aws-kms", true) => Box::new(AwsKmsProvider::create(dir, section(&cfg.aws_kms, name)?)?),
        ("aws-kms", false) => Box::new(AwsKmsProvider::open(dir, section(&cfg.aws_kms, name)?)?),
        ("gcp-kms", true) => Box::new(GcpKmsProvider::create(dir, section(&cfg.gcp_kms, name)?)?),
        ("gcp-kms", false) => Box::new(GcpKmsProvider::open(dir, section(&cfg.gcp_kms, name)?)?),
        ("azure-kv", true) => {
            Box::new(AzureKvProvider::create(dir, section(&cfg.azure_kv, name)?)?)
        }
        (_, _) => Box::new(AzureKvProvider::open(dir, section(&cfg.azure_kv, name)?)?),
    };
    if cfg.fallback == FallbackPolicy::Fail {
        return Ok(inner);
    }
    let pass = pass.context("fallback = \"local\" needs the passphrase")?;
    let local = if create {
        LocalProvider::create(dir, pass.as_bytes(), MIN_PBKDF2_ITERATIONS)?
    } else {
        LocalProvider::open(dir, pass.as_bytes())?
    };
    let log = log.clone();
    let on_event = Box::new(move |msg: &str| {
        eprintln!("lango-node: SECURITY: {msg}");
        log.lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(msg.to_owned());
    });
    Ok(Box::new(FallbackProvider::new(
        inner,
        Box::new(local),
        cfg.fallback,
        on_event,
    )?))
}

/// The provider that wraps the data dir's keys for `--key-provider name` (`ssh-agent`
/// signs only, so its data keys are wrapped by the passphrase provider).
pub fn wrapping_provider(name: &str) -> &str {
    match name {
        "ssh-agent" => "local",
        other => other,
    }
}

/// The provider name recorded in `keys/registry.json`.
pub fn recorded(dir: &DataDir) -> anyhow::Result<String> {
    let path = dir.registry_path();
    let bytes = std::fs::read(&path).with_context(|| {
        format!(
            "{} is missing: is {} an initialised node?",
            path.display(),
            dir.path().display()
        )
    })?;
    let v: serde_json::Value = serde_json::from_slice(&bytes)
        .with_context(|| format!("{} is not valid JSON", path.display()))?;
    v["provider"]
        .as_str()
        .map(str::to_owned)
        .with_context(|| format!("{} names no provider", path.display()))
}

fn section<'a, T>(v: &'a Option<T>, name: &str) -> anyhow::Result<&'a T> {
    v.as_ref().ok_or_else(|| {
        UsageError(format!(
            "key provider `{name}` needs a [keys.{name}] table in the config (see docs/config.md)"
        ))
        .into()
    })
}

/// Sets up the provider for a new node (`init`).
pub fn create(
    dir: &DataDir,
    name: &str,
    cfg: &KeysSection,
    pass: Option<&str>,
    log: &FallbackLog,
) -> anyhow::Result<Box<dyn KeyProvider>> {
    Ok(match name {
        n if is_cloud(n) => cloud(dir, n, cfg, pass, true, log)?,
        "local" => {
            let pass = pass.context("the local key provider needs a passphrase")?;
            Box::new(LocalProvider::create(
                dir,
                pass.as_bytes(),
                MIN_PBKDF2_ITERATIONS,
            )?)
        }
        "keyring" => Box::new(KeyringProvider::create(
            dir,
            &cfg.keyring.clone().unwrap_or_default(),
        )?),
        "pkcs11" => Box::new(Pkcs11Provider::create(dir, section(&cfg.pkcs11, name)?)?),
        "tpm" => tpm(dir, cfg, true)?,
        other => bail!(UsageError(format!(
            "unknown key provider {other:?}: use one of {}",
            NAMES.join(", ")
        ))),
    })
}

/// Opens the provider of an initialised node.
pub fn open(
    dir: &DataDir,
    name: &str,
    cfg: &KeysSection,
    pass: Option<&str>,
    log: &FallbackLog,
) -> anyhow::Result<Box<dyn KeyProvider>> {
    Ok(match name {
        n if is_cloud(n) => cloud(dir, n, cfg, pass, false, log)?,
        "local" => match pass {
            Some(pass) => Box::new(LocalProvider::open(dir, pass.as_bytes())?),
            None => Box::new(LocalProvider::open_from_keyring(dir)?.context(
                "no passphrase and no KEK cached in the keyring: set LANGO_PASSPHRASE or pass --passphrase-file",
            )?),
        },
        "keyring" => Box::new(KeyringProvider::open(
            dir,
            &cfg.keyring.clone().unwrap_or_default(),
        )?),
        "pkcs11" => Box::new(Pkcs11Provider::open(dir, section(&cfg.pkcs11, name)?)?),
        "tpm" => tpm(dir, cfg, false)?,
        other => bail!("keys/registry.json names unknown key provider {other:?}"),
    })
}

#[cfg(feature = "tpm")]
fn tpm(dir: &DataDir, cfg: &KeysSection, create: bool) -> anyhow::Result<Box<dyn KeyProvider>> {
    use lango_storage::tpm::{TpmConfig, TpmProvider};
    let c: TpmConfig = cfg.tpm.clone().unwrap_or_default();
    Ok(if create {
        Box::new(TpmProvider::create(dir, &c)?)
    } else {
        Box::new(TpmProvider::open(dir, &c)?)
    })
}

#[cfg(not(feature = "tpm"))]
fn tpm(_: &DataDir, _: &KeysSection, _: bool) -> anyhow::Result<Box<dyn KeyProvider>> {
    bail!(UsageError(
        "this lango-node was built without TPM support (cargo feature `tpm`)".into()
    ))
}
