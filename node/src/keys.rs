//! Creating and unlocking a node's keys: passphrase → KEK (local provider) → master key →
//! sealed agent identity, sealed transport key, sealed trust store.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::{bail, Context};
use rand::rngs::OsRng;
use zeroize::Zeroizing;

use lango_protocol::{Signer, SoftwareSigner};
use lango_storage::crypto::{Key32, SubkeyLabel};
use lango_storage::sealed::{read_sealed_bytes, write_sealed_bytes};
use lango_storage::{
    init_master, open_master, DataDir, LocalProvider, MasterKey, MIN_PBKDF2_ITERATIONS,
};

use crate::daemon::trust::TrustStore;

const IDENTITY_KEY_ID: &str = "identity-v1";
const IDENTITY_PURPOSE: &str = "lango-node agent identity v1";
const TRANSPORT_PURPOSE: &str = "lango-node transport key v1";
const TRANSPORT_FILE: &str = "transport.sealed";

/// Where the passphrase comes from, in order: `--passphrase-file`, `LANGO_PASSPHRASE`,
/// an interactive prompt. With none of them and no terminal: a usage error.
pub fn passphrase(file: Option<&Path>, confirm: bool) -> anyhow::Result<Zeroizing<String>> {
    if let Some(f) = file {
        let s = std::fs::read_to_string(f)
            .with_context(|| format!("cannot read passphrase file {}", f.display()))?;
        let s = s.strip_suffix('\n').unwrap_or(&s);
        let s = s.strip_suffix('\r').unwrap_or(s);
        return non_empty(Zeroizing::new(s.to_string()));
    }
    if let Ok(s) = std::env::var("LANGO_PASSPHRASE") {
        return non_empty(Zeroizing::new(s));
    }
    if !std::io::stdin().is_terminal() {
        bail!(crate::UsageError(
            "no passphrase: set LANGO_PASSPHRASE or pass --passphrase-file".into()
        ));
    }
    let p = Zeroizing::new(rpassword::prompt_password("lango-node passphrase: ")?);
    if confirm {
        let q = Zeroizing::new(rpassword::prompt_password("repeat passphrase: ")?);
        if *p != *q {
            bail!("passphrases do not match");
        }
    }
    non_empty(p)
}

fn non_empty(p: Zeroizing<String>) -> anyhow::Result<Zeroizing<String>> {
    if p.is_empty() {
        bail!(crate::UsageError("empty passphrase refused".into()));
    }
    Ok(p)
}

/// Everything `run` needs from the data dir.
pub struct Unlocked {
    /// Agent identity.
    pub signer: SoftwareSigner,
    /// libp2p transport key.
    pub transport: libp2p::identity::Keypair,
    /// Trust store.
    pub trust: TrustStore,
}

/// `lango-node init`: creates the data dir and every key. Refuses an initialised dir.
pub fn init(dir: &DataDir, pass: &str) -> anyhow::Result<Unlocked> {
    let provider = LocalProvider::create(dir, pass.as_bytes(), MIN_PBKDF2_ITERATIONS)?;
    let master = init_master(dir, &provider)?;
    let signer = SoftwareSigner::generate(&mut OsRng);
    write_sealed_bytes(
        &dir.identity_sealed_path(),
        &master.subkey(SubkeyLabel::IdentitySeal),
        IDENTITY_KEY_ID,
        IDENTITY_PURPOSE,
        &signer.to_scalar()[..],
    )?;
    let transport = libp2p::identity::Keypair::generate_ed25519();
    let encoded = Zeroizing::new(
        transport
            .to_protobuf_encoding()
            .context("cannot encode transport key")?,
    );
    write_sealed_bytes(
        &dir.path().join(TRANSPORT_FILE),
        &master.subkey(SubkeyLabel::IdentitySeal),
        IDENTITY_KEY_ID,
        TRANSPORT_PURPOSE,
        &encoded,
    )?;
    let trust = TrustStore::load(
        dir.trust_sealed_path(),
        master.subkey(SubkeyLabel::TrustStore),
    )?;
    Ok(Unlocked {
        signer,
        transport,
        trust,
    })
}

/// Unlocks an initialised data dir with the passphrase.
pub fn unlock(dir: &DataDir, pass: &str) -> anyhow::Result<Unlocked> {
    let provider = LocalProvider::open(dir, pass.as_bytes())?;
    let master: MasterKey = open_master(dir, &provider)?;
    let seal_key: Key32 = master.subkey(SubkeyLabel::IdentitySeal);
    let scalar = read_sealed_bytes(
        &dir.identity_sealed_path(),
        &seal_key,
        IDENTITY_KEY_ID,
        IDENTITY_PURPOSE,
    )?
    .with_context(|| format!("{} is missing", dir.identity_sealed_path().display()))?;
    let signer = SoftwareSigner::from_scalar(&scalar)?;
    let tpath = dir.path().join(TRANSPORT_FILE);
    let tbytes = read_sealed_bytes(&tpath, &seal_key, IDENTITY_KEY_ID, TRANSPORT_PURPOSE)?
        .with_context(|| format!("{} is missing", tpath.display()))?;
    let transport = libp2p::identity::Keypair::from_protobuf_encoding(&tbytes)
        .context("transport key does not decode")?;
    let trust = TrustStore::load(
        dir.trust_sealed_path(),
        master.subkey(SubkeyLabel::TrustStore),
    )?;
    tracing::debug!(did = %signer.public_key().did(), "identity unlocked");
    Ok(Unlocked {
        signer,
        transport,
        trust,
    })
}
