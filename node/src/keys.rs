//! Creating and unlocking a node's keys: passphrase → KEK (local provider) → key registry
//! (master, database and secrets keys) → SQLCipher database (trust store, secrets), and
//! the agent identity and transport keys sealed under purpose keys of the master key.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::{Arc, Mutex};

use anyhow::{bail, Context};
use rand::rngs::OsRng;
use zeroize::Zeroizing;

use lango_protocol::{Signer, SoftwareSigner};
use lango_storage::crypto::{Key32, SubkeyLabel};
use lango_storage::db::Database;
use lango_storage::sealed::{read_sealed, read_sealed_bytes, write_sealed, write_sealed_bytes};
use lango_storage::ssh_agent::SshAgentSigner;
use lango_storage::{DataDir, KeyRegistry};

use crate::config::KeysSection;
use crate::daemon::trust::TrustStore;
use crate::providers;
use crate::vault::Vault;

const IDENTITY_KEY_ID: &str = "identity-v1";
const IDENTITY_PURPOSE: &str = "lango-node agent identity v1";
const TRANSPORT_PURPOSE: &str = "lango-node transport key v1";

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

/// Where the agent identity key lives (recorded, sealed, in `identity.ref.sealed` for
/// external signers; absent for the software key in `identity.sealed`).
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct IdentityRef {
    /// Provider name (`ssh-agent`, `pkcs11`, `tpm`).
    provider: String,
    /// Compressed public key, hex.
    public_key: String,
    /// The provider's handle for the key (label, key id); none for ssh-agent.
    #[serde(default)]
    reference: Option<String>,
}

const IDENTITY_REF_PURPOSE: &str = "lango-node agent identity reference v1";

/// Which provider holds the agent identity key.
#[derive(Clone, Debug)]
pub enum IdentityChoice {
    /// A software key, generated now and sealed in the data dir.
    Local,
    /// A P-256 key held by the ssh-agent at `SSH_AUTH_SOCK`: the one matching this
    /// `.pub` file, or the agent's only P-256 key.
    SshAgent(Option<std::path::PathBuf>),
    /// A P-256 key created inside the key provider (HSM, TPM), never leaving it.
    Provider,
}

fn ssh_auth_sock() -> anyhow::Result<std::path::PathBuf> {
    std::env::var_os("SSH_AUTH_SOCK")
        .filter(|s| !s.is_empty())
        .map(std::path::PathBuf::from)
        .ok_or_else(|| {
            crate::UsageError("the ssh-agent key provider needs SSH_AUTH_SOCK".into()).into()
        })
}

/// Reads an OpenSSH `ecdsa-sha2-nistp256` public key file.
fn read_ssh_pub(path: &Path) -> anyhow::Result<lango_protocol::AgentPublicKey> {
    use base64::Engine as _;
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut parts = text.split_whitespace();
    let (Some("ecdsa-sha2-nistp256"), Some(b64)) = (parts.next(), parts.next()) else {
        bail!(crate::UsageError(format!(
            "{} is not an ecdsa-sha2-nistp256 public key",
            path.display()
        )));
    };
    let blob = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .with_context(|| format!("{}: bad base64", path.display()))?;
    // blob = string(type) string(curve) string(point)
    let mut rest = &blob[..];
    let mut field = || -> Option<Vec<u8>> {
        let (len, tail) = rest.split_first_chunk::<4>()?;
        let len = u32::from_be_bytes(*len) as usize;
        if len > tail.len() {
            return None;
        }
        let (f, tail) = tail.split_at(len);
        rest = tail;
        Some(f.to_vec())
    };
    let (_, _, point) = (field(), field(), field());
    let point = point.with_context(|| format!("{}: truncated key blob", path.display()))?;
    Ok(lango_protocol::AgentPublicKey::from_sec1_any(&point)?)
}

/// Everything `run` needs from the data dir.
pub struct Unlocked {
    /// Agent identity.
    pub signer: Arc<dyn Signer>,
    /// libp2p transport key.
    pub transport: libp2p::identity::Keypair,
    /// Trust store (backed by the vault's database).
    pub trust: TrustStore,
    /// Keys and database.
    pub vault: Arc<Mutex<Vault>>,
}

/// `lango-node init`: creates the data dir and every key. Refuses an initialised dir.
pub fn init(
    dir: Arc<DataDir>,
    provider_name: &str,
    keys_cfg: &KeysSection,
    pass: Option<&str>,
    identity: &IdentityChoice,
    plaintext_db: bool,
) -> anyhow::Result<Unlocked> {
    // Reach an external signer first, so a missing agent or key changes nothing.
    let external = match identity {
        IdentityChoice::Local | IdentityChoice::Provider => None,
        IdentityChoice::SshAgent(pub_file) => {
            let sock = ssh_auth_sock()?;
            Some(match pub_file {
                Some(f) => SshAgentSigner::connect(&sock, &read_ssh_pub(f)?)?,
                None => SshAgentSigner::only_key(&sock)?,
            })
        }
    };
    let fallbacks = providers::FallbackLog::default();
    let provider = providers::create(&dir, provider_name, keys_cfg, pass, &fallbacks)?;
    provider.health()?;
    let registry = KeyRegistry::create(&dir, &*provider)?;
    let db = Database::create(&dir, &registry, plaintext_db)?;
    let seal = registry.subkey(SubkeyLabel::IdentitySeal);
    let signer: Arc<dyn Signer> = match external {
        None if matches!(identity, IdentityChoice::Provider) => {
            let (reference, signer) = provider.create_identity()?;
            let r = IdentityRef {
                provider: provider.id().to_owned(),
                public_key: hex::encode(signer.public_key().as_bytes()),
                reference: Some(reference),
            };
            write_sealed(
                &dir.identity_ref_path(),
                &seal,
                IDENTITY_KEY_ID,
                IDENTITY_REF_PURPOSE,
                &r,
            )?;
            signer
        }
        None => {
            let software = SoftwareSigner::generate(&mut OsRng);
            write_sealed_bytes(
                &dir.identity_sealed_path(),
                &seal,
                IDENTITY_KEY_ID,
                IDENTITY_PURPOSE,
                &software.to_scalar()[..],
            )?;
            Arc::new(software)
        }
        Some(agent) => {
            let r = IdentityRef {
                provider: "ssh-agent".into(),
                public_key: hex::encode(agent.public_key().as_bytes()),
                reference: None,
            };
            write_sealed(
                &dir.identity_ref_path(),
                &seal,
                IDENTITY_KEY_ID,
                IDENTITY_REF_PURPOSE,
                &r,
            )?;
            Arc::new(agent)
        }
    };
    let transport = libp2p::identity::Keypair::generate_ed25519();
    let encoded = Zeroizing::new(
        transport
            .to_protobuf_encoding()
            .context("cannot encode transport key")?,
    );
    write_sealed_bytes(
        &dir.transport_sealed_path(),
        &seal,
        IDENTITY_KEY_ID,
        TRANSPORT_PURPOSE,
        &encoded,
    )?;
    let vault = Arc::new(Mutex::new(Vault {
        dir,
        provider,
        registry,
        db,
        fallbacks,
    }));
    let trust = TrustStore::load(&mut crate::vault::lock(&vault).db)?;
    Ok(Unlocked {
        signer,
        transport,
        trust,
        vault,
    })
}

/// Whether the local provider's current KEK is cached in the kernel keyring. Any error
/// (no keyring, unreadable state) counts as "not cached": the passphrase is asked for.
pub fn keyring_cache_present(dir: &DataDir) -> bool {
    match lango_storage::LocalProvider::open_from_keyring(dir) {
        Ok(p) => p.is_some(),
        Err(e) => {
            tracing::warn!("keyring cache not used: {e}");
            false
        }
    }
}

/// Opens the key provider, the key registry and the database (what every `secrets`,
/// `keys` and `db` command needs; the identity is not touched).
pub fn open_vault(
    dir: Arc<DataDir>,
    keys_cfg: &KeysSection,
    pass: Option<&str>,
) -> anyhow::Result<Vault> {
    let name = providers::recorded(&dir)?;
    let fallbacks = providers::FallbackLog::default();
    let mut provider = providers::open(&dir, &name, keys_cfg, pass, &fallbacks)?;
    let registry = KeyRegistry::open(&dir, &mut *provider)?;
    let db = Database::open(&dir, &registry)?;
    Ok(Vault {
        dir,
        provider,
        registry,
        db,
        fallbacks,
    })
}

/// Unlocks an initialised data dir with the passphrase.
pub fn unlock(
    dir: Arc<DataDir>,
    keys_cfg: &KeysSection,
    pass: Option<&str>,
) -> anyhow::Result<Unlocked> {
    let vault = open_vault(dir.clone(), keys_cfg, pass)?;
    let seal_key: Key32 = vault.registry.subkey(SubkeyLabel::IdentitySeal);
    let reference: Option<IdentityRef> = read_sealed(
        &dir.identity_ref_path(),
        &seal_key,
        IDENTITY_KEY_ID,
        IDENTITY_REF_PURPOSE,
    )?;
    let signer: Arc<dyn Signer> = match reference {
        Some(r) if r.provider == "ssh-agent" => {
            let bytes = hex::decode(&r.public_key).context("identity reference: bad public key")?;
            let key = lango_protocol::AgentPublicKey::from_sec1(&bytes)?;
            // No fallback: without the agent and its key, the node does not start.
            Arc::new(SshAgentSigner::connect(&ssh_auth_sock()?, &key)?)
        }
        Some(r) if r.provider == vault.provider.id() && r.reference.is_some() => {
            let bytes = hex::decode(&r.public_key).context("identity reference: bad public key")?;
            let key = lango_protocol::AgentPublicKey::from_sec1(&bytes)?;
            let reference = r.reference.as_deref().unwrap_or_default();
            // No fallback: the key must be in the provider and be the recorded one.
            vault.provider.open_identity(reference, &key)?
        }
        Some(r) => bail!("identity reference names unknown provider {:?}", r.provider),
        None => {
            let scalar = read_sealed_bytes(
                &dir.identity_sealed_path(),
                &seal_key,
                IDENTITY_KEY_ID,
                IDENTITY_PURPOSE,
            )?
            .with_context(|| format!("{} is missing", dir.identity_sealed_path().display()))?;
            Arc::new(SoftwareSigner::from_scalar(&scalar)?)
        }
    };
    let tpath = dir.transport_sealed_path();
    let tbytes = read_sealed_bytes(&tpath, &seal_key, IDENTITY_KEY_ID, TRANSPORT_PURPOSE)?
        .with_context(|| format!("{} is missing", tpath.display()))?;
    let transport = libp2p::identity::Keypair::from_protobuf_encoding(&tbytes)
        .context("transport key does not decode")?;
    let vault = Arc::new(Mutex::new(vault));
    let trust = TrustStore::load(&mut crate::vault::lock(&vault).db)?;
    tracing::debug!(did = %signer.public_key().did(), "identity unlocked");
    Ok(Unlocked {
        signer,
        transport,
        trust,
        vault,
    })
}
