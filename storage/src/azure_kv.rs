//! `azure-kv` key provider: KEKs are versions of an Azure Key Vault key (RSA with
//! `RSA-OAEP-256`, or an `oct-HSM` key with `A256KW` on Managed HSM), the identity key a
//! P-256 EC key signing with `ES256`. Spoken over the Key Vault REST API
//! (`api-version`, default 7.4) with reqwest (rustls); no Azure SDK.
//!
//! Key Vault's `wrapkey` takes no associated data, so the AAD is bound locally: **wrap**
//! draws a one-time key K, has Key Vault wrap K (`POST keys/{name}/{version}/wrapkey`),
//! and seals the DEK under K with the crate's AES-256-GCM envelope whose AAD is the
//! [cloud header](crate::cloud) || the caller's AAD. The blob body is
//! `u16-BE len(wrapped K) || wrapped K || envelope`. **unwrap** has Key Vault unwrap K
//! (`unwrapkey`) and opens the envelope, so other AAD, a relabelled header or a changed
//! byte anywhere fails; K only exists unwrapped inside Key Vault and, briefly, here.
//!
//! - **sign** is `POST keys/{name}/{version}/sign` with `ES256` over SHA-256 of the
//!   payload; Key Vault answers `r || s` (JWS form), made low-S and checked against the
//!   public key from `GET keys/{name}/{version}` (JWK `x`, `y`).
//! - **rotate** is `POST keys/{name}/create` with the current version's `kty` and size: a
//!   new version of the same key, made current in `keys/azure-kv.json`. **retire**
//!   disables (`PATCH keys/{name}/{version}` with `attributes.enabled = false`) retired
//!   versions *that rotate created* (Key Vault cannot delete a single version); the
//!   version pinned at `init` is only forgotten.
//! - The bearer token is read at every call from `token_file` or the `token_env` variable
//!   (default `AZURE_KEYVAULT_ACCESS_TOKEN`; audience `https://vault.azure.net`), so an
//!   external refresher keeps it fresh. Nothing secret is stored.
//! - 429, 5xx, timeouts and connection failures are retried with capped jittered backoff
//!   and end in [`Error::ProviderUnavailable`]; 400/401/403/404 are [`Error::Provider`]
//!   naming Key Vault's error code.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use lango_protocol::identity::{SignedPayload, SignerError};
use lango_protocol::{AgentPublicKey, Signature, Signer};
use reqwest::Method;
use serde::Deserialize;
use serde_json::json;
use zeroize::Zeroizing;

use crate::cloud::{
    b64url, blob_header, check_endpoint, check_not_initialised, check_signature, malformed,
    parse_blob, signer_error, state_path, unb64url, JsonClient, TokenSource, VersionState,
};
use crate::crypto::{open, seal, Key32};
use crate::datadir::DataDir;
use crate::error::{Error, Result};
use crate::provider::{Capabilities, KeyProvider};

/// Provider id of [`AzureKvProvider`].
pub const AZURE_KV_PROVIDER_ID: &str = "azure-kv";

fn default_api_version() -> String {
    "7.4".to_owned()
}
fn default_token_env() -> String {
    "AZURE_KEYVAULT_ACCESS_TOKEN".to_owned()
}

/// The Key Vault key-wrapping algorithm.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub enum AzureWrapAlgorithm {
    /// RSA-OAEP with SHA-256 and MGF1-SHA-256 (RSA and RSA-HSM keys, any vault).
    #[default]
    #[serde(rename = "RSA-OAEP-256")]
    RsaOaep256,
    /// AES-256 key wrap, RFC 3394 (oct-HSM keys, Managed HSM only).
    #[serde(rename = "A256KW")]
    A256kw,
}

impl AzureWrapAlgorithm {
    fn name(self) -> &'static str {
        match self {
            AzureWrapAlgorithm::RsaOaep256 => "RSA-OAEP-256",
            AzureWrapAlgorithm::A256kw => "A256KW",
        }
    }

    fn fits(self, kty: &str) -> bool {
        match self {
            AzureWrapAlgorithm::RsaOaep256 => kty == "RSA" || kty == "RSA-HSM",
            AzureWrapAlgorithm::A256kw => kty == "oct" || kty == "oct-HSM",
        }
    }
}

/// `[keys.azure-kv]` in the node's configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AzureKvConfig {
    /// The vault (or Managed HSM) URL, e.g. `https://myvault.vault.azure.net` (plain
    /// http only to a loopback address).
    pub vault_url: String,
    /// The wrapping key's name.
    pub key_name: String,
    /// Its version to use as KEK version 1 (default: the latest version at `init`).
    #[serde(default)]
    pub key_version: Option<String>,
    /// `"RSA-OAEP-256"` (default) or `"A256KW"`.
    #[serde(default)]
    pub wrap_algorithm: AzureWrapAlgorithm,
    /// Name of the P-256 EC key that holds the agent identity. Needed only to hold the
    /// identity here.
    #[serde(default)]
    pub sign_key_name: Option<String>,
    /// Its version (default: the latest version when the identity is created).
    #[serde(default)]
    pub sign_key_version: Option<String>,
    /// Key Vault REST `api-version` (default `7.4`).
    #[serde(default = "default_api_version")]
    pub api_version: String,
    /// A file holding the access token, re-read at every call.
    #[serde(default)]
    pub token_file: Option<PathBuf>,
    /// The environment variable holding the token when `token_file` is not set (default
    /// `AZURE_KEYVAULT_ACCESS_TOKEN`).
    #[serde(default = "default_token_env")]
    pub token_env: String,
    /// Time limit of one attempt, seconds (default 10).
    #[serde(default = "crate::cloud::default_timeout_secs")]
    pub timeout_secs: u64,
    /// Time limit to connect, seconds (default 5).
    #[serde(default = "crate::cloud::default_connect_timeout_secs")]
    pub connect_timeout_secs: u64,
    /// Retries of a transient failure after the first attempt (default 3).
    #[serde(default = "crate::cloud::default_max_retries")]
    pub max_retries: u32,
}

/// Key names and versions: 1 to 127 letters, digits and dashes (Key Vault's rule), so
/// nothing else reaches a URL path.
fn check_segment(what: &str, s: &str) -> Result<()> {
    if (1..=127).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        Ok(())
    } else {
        Err(Error::Provider {
            provider: AZURE_KV_PROVIDER_ID.to_owned(),
            detail: format!("{what} `{s}` is not 1 to 127 letters, digits and dashes"),
        })
    }
}

struct Inner {
    http: JsonClient,
    vault: String,
    api_version: String,
}

impl Inner {
    fn new(cfg: &AzureKvConfig) -> Result<Self> {
        check_endpoint(AZURE_KV_PROVIDER_ID, &cfg.vault_url)?;
        if cfg.api_version.is_empty()
            || !cfg
                .api_version
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        {
            return Err(Error::Provider {
                provider: AZURE_KV_PROVIDER_ID.to_owned(),
                detail: format!("api_version `{}` is not valid", cfg.api_version),
            });
        }
        let http = JsonClient::new(
            AZURE_KV_PROVIDER_ID,
            Duration::from_secs(cfg.timeout_secs),
            Duration::from_secs(cfg.connect_timeout_secs),
            cfg.max_retries,
            TokenSource {
                file: cfg.token_file.clone(),
                env: cfg.token_env.clone(),
            },
        )?;
        Ok(Inner {
            http,
            vault: cfg.vault_url.trim_end_matches('/').to_owned(),
            api_version: cfg.api_version.clone(),
        })
    }

    fn url(&self, tail: &str) -> Result<reqwest::Url> {
        let s = format!(
            "{}/keys/{tail}?api-version={}",
            self.vault, self.api_version
        );
        reqwest::Url::parse(&s).map_err(|e| Error::Provider {
            provider: AZURE_KV_PROVIDER_ID.to_owned(),
            detail: format!("bad request URL {s}: {e}"),
        })
    }

    fn call(
        &self,
        method: Method,
        tail: &str,
        body: Option<serde_json::Value>,
        what: &str,
    ) -> Result<serde_json::Value> {
        self.http
            .call(method, &self.url(tail)?, body.as_ref(), what)
    }

    /// GET a key (latest version if `version` is `None`); returns the JWK and the version
    /// named by its `kid`.
    fn get_key(&self, name: &str, version: Option<&str>) -> Result<(serde_json::Value, String)> {
        check_segment("key name", name)?;
        let tail = match version {
            Some(v) => {
                check_segment("key version", v)?;
                format!("{name}/{v}")
            }
            None => name.to_owned(),
        };
        let what = format!("get key {tail}");
        let v = self.call(Method::GET, &tail, None, &what)?;
        if v["attributes"]["enabled"] == false {
            return Err(Error::Provider {
                provider: AZURE_KV_PROVIDER_ID.to_owned(),
                detail: format!("key {tail} is disabled"),
            });
        }
        let version = kid_version(name, &v["key"], &what)?;
        Ok((v["key"].clone(), version))
    }

    fn public_key(&self, name: &str, version: &str) -> Result<AgentPublicKey> {
        let (jwk, _) = self.get_key(name, Some(version))?;
        let what = format!("get key {name}/{version}");
        let kty = jwk["kty"].as_str().unwrap_or("");
        if !(kty == "EC" || kty == "EC-HSM") || jwk["crv"] != "P-256" {
            return Err(Error::Provider {
                provider: AZURE_KV_PROVIDER_ID.to_owned(),
                detail: format!(
                    "key {name}/{version} is not a P-256 EC key (kty {kty}, crv {})",
                    jwk["crv"]
                ),
            });
        }
        let x = unb64url("x", &jwk).map_err(|e| malformed(AZURE_KV_PROVIDER_ID, &what, e))?;
        let y = unb64url("y", &jwk).map_err(|e| malformed(AZURE_KV_PROVIDER_ID, &what, e))?;
        if x.len() != 32 || y.len() != 32 {
            return Err(malformed(
                AZURE_KV_PROVIDER_ID,
                &what,
                "x or y is not 32 bytes",
            ));
        }
        let mut point = vec![4u8];
        point.extend_from_slice(&x);
        point.extend_from_slice(&y);
        AgentPublicKey::from_sec1_any(&point).map_err(|e| Error::Provider {
            provider: AZURE_KV_PROVIDER_ID.to_owned(),
            detail: format!("key {name}/{version}: {e}"),
        })
    }
}

/// The version in a JWK's `kid` (`{vault}/keys/{name}/{version}`), checking the name.
fn kid_version(name: &str, jwk: &serde_json::Value, what: &str) -> Result<String> {
    let kid = jwk["kid"]
        .as_str()
        .ok_or_else(|| malformed(AZURE_KV_PROVIDER_ID, what, "no key.kid"))?;
    let mut parts = kid.rsplit('/');
    let (Some(version), Some(kid_name)) = (parts.next(), parts.next()) else {
        return Err(malformed(AZURE_KV_PROVIDER_ID, what, "kid has no version"));
    };
    if kid_name != name {
        return Err(malformed(
            AZURE_KV_PROVIDER_ID,
            what,
            format!("kid names key `{kid_name}`"),
        ));
    }
    check_segment("key version", version)?;
    Ok(version.to_owned())
}

/// A [`KeyProvider`] backed by Azure Key Vault.
pub struct AzureKvProvider {
    inner: Arc<Inner>,
    key_name: String,
    alg: AzureWrapAlgorithm,
    state: VersionState,
    state_path: PathBuf,
    sign_key: Option<(String, Option<String>)>,
}

impl AzureKvProvider {
    /// Sets up the provider at `lango-node init`: reads the key (the configured version,
    /// or the latest), checks its type fits `wrap_algorithm` and that it is enabled, and
    /// records that version as KEK version 1 in `keys/azure-kv.json`.
    pub fn create(dir: &DataDir, cfg: &AzureKvConfig) -> Result<Self> {
        check_not_initialised(dir)?;
        let inner = Inner::new(cfg)?;
        let (jwk, version) = inner.get_key(&cfg.key_name, cfg.key_version.as_deref())?;
        let kty = jwk["kty"].as_str().unwrap_or("");
        if !cfg.wrap_algorithm.fits(kty) {
            return Err(Error::Provider {
                provider: AZURE_KV_PROVIDER_ID.to_owned(),
                detail: format!(
                    "key {} is of type {kty}, which cannot do {}",
                    cfg.key_name,
                    cfg.wrap_algorithm.name()
                ),
            });
        }
        let state = VersionState::new(AZURE_KV_PROVIDER_ID, &cfg.key_name, version);
        let state_path = state_path(dir, AZURE_KV_PROVIDER_ID);
        state.save(&state_path)?;
        Ok(Self::assemble(inner, cfg, state, state_path))
    }

    /// Opens the provider at start-up from `keys/azure-kv.json` (no network call).
    pub fn open(dir: &DataDir, cfg: &AzureKvConfig) -> Result<Self> {
        check_segment("key name", &cfg.key_name)?;
        let state_path = state_path(dir, AZURE_KV_PROVIDER_ID);
        let state = VersionState::load(dir, &state_path, AZURE_KV_PROVIDER_ID, &cfg.key_name)?;
        Ok(Self::assemble(Inner::new(cfg)?, cfg, state, state_path))
    }

    fn assemble(
        inner: Inner,
        cfg: &AzureKvConfig,
        state: VersionState,
        state_path: PathBuf,
    ) -> Self {
        AzureKvProvider {
            inner: Arc::new(inner),
            key_name: cfg.key_name.clone(),
            alg: cfg.wrap_algorithm,
            state,
            state_path,
            sign_key: cfg
                .sign_key_name
                .clone()
                .map(|n| (n, cfg.sign_key_version.clone())),
        }
    }

    /// The KEK versions held and their Key Vault key versions.
    pub fn state(&self) -> &VersionState {
        &self.state
    }

    fn key_op(&self, version: &str, op: &str, value: &[u8]) -> Result<Vec<u8>> {
        let tail = format!("{}/{version}/{op}", self.key_name);
        let what = format!("{op} with key {}/{version}", self.key_name);
        let body = json!({"alg": self.alg.name(), "value": b64url(value)});
        let v = self.inner.call(Method::POST, &tail, Some(body), &what)?;
        unb64url("value", &v).map_err(|e| malformed(AZURE_KV_PROVIDER_ID, &what, e))
    }

    fn aad(header: &[u8], aad: &[u8]) -> Vec<u8> {
        let mut v = header.to_vec();
        v.extend_from_slice(aad);
        v
    }

    fn parse_reference(reference: &str) -> Result<(&str, &str)> {
        let (name, version) = reference.split_once('/').ok_or_else(|| Error::Provider {
            provider: AZURE_KV_PROVIDER_ID.to_owned(),
            detail: format!("identity reference `{reference}` is not KEY-NAME/VERSION"),
        })?;
        check_segment("key name", name)?;
        check_segment("key version", version)?;
        Ok((name, version))
    }
}

impl KeyProvider for AzureKvProvider {
    fn id(&self) -> &str {
        AZURE_KV_PROVIDER_ID
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            wrap: true,
            sign: self.sign_key.is_some(),
        }
    }

    fn kek_version(&self) -> u32 {
        self.state.current
    }

    fn wrap(&self, dek: &Key32, aad: &[u8]) -> Result<Vec<u8>> {
        let version = self.state.current;
        let kv = self.state.require(version)?;
        let header = blob_header(AZURE_KV_PROVIDER_ID, version);
        let k = Key32::random();
        let wrapped_k = self.key_op(kv, "wrapkey", k.as_bytes())?;
        let len = u16::try_from(wrapped_k.len()).map_err(|_| {
            malformed(
                AZURE_KV_PROVIDER_ID,
                "wrapkey",
                "wrapped key longer than 64 KiB",
            )
        })?;
        let sealed = seal(
            &k,
            AZURE_KV_PROVIDER_ID,
            &Self::aad(&header, aad),
            dek.as_bytes(),
        )?;
        let mut blob = header;
        blob.extend_from_slice(&len.to_be_bytes());
        blob.extend_from_slice(&wrapped_k);
        blob.extend_from_slice(&sealed);
        Ok(blob)
    }

    fn unwrap(&self, wrapped: &[u8], aad: &[u8]) -> Result<Key32> {
        let blob = parse_blob(AZURE_KV_PROVIDER_ID, wrapped)?;
        let kv = self.state.require(blob.version)?;
        let (len, rest) = blob
            .body
            .split_first_chunk::<2>()
            .ok_or(Error::MalformedHeader("truncated azure-kv blob"))?;
        let len = usize::from(u16::from_be_bytes(*len));
        if rest.len() <= len {
            return Err(Error::MalformedHeader("truncated azure-kv blob"));
        }
        let (wrapped_k, sealed) = rest.split_at(len);
        let k = Zeroizing::new(self.key_op(kv, "unwrapkey", wrapped_k)?);
        let failed = || Error::UnwrapFailed {
            provider: AZURE_KV_PROVIDER_ID.to_owned(),
        };
        let k: [u8; 32] = k.as_slice().try_into().map_err(|_| failed())?;
        let k = Key32::from_bytes(k);
        let pt = Zeroizing::new(
            open(
                &k,
                AZURE_KV_PROVIDER_ID,
                &Self::aad(blob.header, aad),
                sealed,
            )
            .map_err(|e| match e {
                Error::AuthenticationFailed => failed(),
                other => other,
            })?,
        );
        let bytes: [u8; 32] = pt.as_slice().try_into().map_err(|_| failed())?;
        Ok(Key32::from_bytes(bytes))
    }

    fn health(&self) -> Result<()> {
        let kv = self.state.require(self.state.current)?;
        self.inner.get_key(&self.key_name, Some(kv)).map(|_| ())
    }

    fn rotate(&mut self) -> Result<u32> {
        let current = self.state.require(self.state.current)?;
        let (jwk, _) = self.inner.get_key(&self.key_name, Some(current))?;
        let kty = jwk["kty"].as_str().unwrap_or("RSA").to_owned();
        let body = match self.alg {
            AzureWrapAlgorithm::RsaOaep256 => {
                // Same size as the current version; 3072 if the JWK does not say.
                let bits = unb64url("n", &jwk)
                    .map_or(3072, |n| 8 * n.iter().skip_while(|&&b| b == 0).count());
                json!({"kty": kty, "key_size": bits, "key_ops": ["wrapKey", "unwrapKey"]})
            }
            AzureWrapAlgorithm::A256kw => {
                json!({"kty": kty, "key_size": 256, "key_ops": ["wrapKey", "unwrapKey"]})
            }
        };
        let what = format!("create a version of key {}", self.key_name);
        let v = self.inner.call(
            Method::POST,
            &format!("{}/create", self.key_name),
            Some(body),
            &what,
        )?;
        let version = kid_version(&self.key_name, &v["key"], &what)?;
        let mut state = self.state.clone();
        let n = state.push_current(version);
        state.save(&self.state_path)?;
        self.state = state;
        Ok(n)
    }

    fn retire(&mut self, keep_from: u32) -> Result<()> {
        for old in self.state.to_retire(keep_from)? {
            if old.created_by_us {
                let what = format!("disable key {}/{}", self.key_name, old.key);
                self.inner.call(
                    Method::PATCH,
                    &format!("{}/{}", self.key_name, old.key),
                    Some(json!({"attributes": {"enabled": false}})),
                    &what,
                )?;
            }
            let mut state = self.state.clone();
            state.forget(old.version);
            state.save(&self.state_path)?;
            self.state = state;
        }
        Ok(())
    }

    fn create_identity(&self) -> Result<(String, Arc<dyn Signer>)> {
        let (name, version) = self.sign_key.clone().ok_or_else(|| Error::Provider {
            provider: AZURE_KV_PROVIDER_ID.to_owned(),
            detail: "no sign_key_name is configured to hold the agent identity".to_owned(),
        })?;
        let version = match version {
            Some(v) => v,
            None => self.inner.get_key(&name, None)?.1,
        };
        let reference = format!("{name}/{version}");
        let signer = self.open_signer(&name, &version)?;
        Ok((reference, signer))
    }

    fn open_identity(&self, reference: &str, expected: &AgentPublicKey) -> Result<Arc<dyn Signer>> {
        let (name, version) = Self::parse_reference(reference)?;
        let signer = self.open_signer(name, version)?;
        if signer.public_key() != *expected {
            return Err(Error::Provider {
                provider: AZURE_KV_PROVIDER_ID.to_owned(),
                detail: format!(
                    "key {reference} holds {}, not the agent identity {}",
                    signer.public_key().did(),
                    expected.did()
                ),
            });
        }
        Ok(signer)
    }
}

impl AzureKvProvider {
    fn open_signer(&self, name: &str, version: &str) -> Result<Arc<dyn Signer>> {
        let public = self.inner.public_key(name, version)?;
        Ok(Arc::new(AzureSigner {
            inner: self.inner.clone(),
            name: name.to_owned(),
            version: version.to_owned(),
            public,
        }))
    }
}

/// A [`Signer`] whose P-256 key stays in Azure Key Vault.
pub struct AzureSigner {
    inner: Arc<Inner>,
    name: String,
    version: String,
    public: AgentPublicKey,
}

impl std::fmt::Debug for AzureSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AzureSigner")
            .field("key", &format!("{}/{}", self.name, self.version))
            .field("public", &self.public)
            .finish()
    }
}

impl Signer for AzureSigner {
    fn public_key(&self) -> AgentPublicKey {
        self.public
    }

    fn sign(&self, payload: &SignedPayload) -> std::result::Result<Signature, SignerError> {
        let what = format!("sign with key {}/{}", self.name, self.version);
        let v = self
            .inner
            .call(
                Method::POST,
                &format!("{}/{}/sign", self.name, self.version),
                Some(json!({"alg": "ES256", "value": b64url(&payload.digest())})),
                &what,
            )
            .map_err(signer_error)?;
        let rs = unb64url("value", &v)
            .map_err(|e| signer_error(malformed(AZURE_KV_PROVIDER_ID, &what, e)))?;
        if rs.len() != 64 {
            return Err(SignerError(format!(
                "{what}: signature is {} bytes, ES256 gives 64",
                rs.len()
            )));
        }
        let sig = Signature::from_scalars(&rs[..32], &rs[32..])?;
        check_signature(&self.public, payload, &sig)?;
        Ok(sig)
    }
}

/// Against a **recorded fixture, not Azure Key Vault**: no emulator of Key Vault exists,
/// so a local HTTP server ([`crate::cloud::test_server`]) checks each request against the
/// shape documented in the Key Vault REST reference (method, path, `api-version`, bearer
/// token, JSON fields) and answers in the documented response shape, doing real
/// RSA-OAEP-256, AES key wrap and ES256 in the fixture so round trips are genuine.
#[cfg(test)]
mod azure {
    use std::collections::BTreeMap;
    use std::sync::{Arc, Mutex};

    use aws_lc_rs::encoding::AsDer;
    use aws_lc_rs::key_wrap::{KeyEncryptionKey, KeyWrap, AES_256};
    use aws_lc_rs::rsa::{
        KeySize, OaepPrivateDecryptingKey, OaepPublicEncryptingKey, PrivateDecryptingKey,
        OAEP_SHA256_MGF1SHA256,
    };
    use lango_protocol::transcript::Transcript;
    use lango_protocol::{PeerIdBytes, UnixMillis};
    use p256::ecdsa::signature::hazmat::PrehashSigner;
    use serde_json::{json, Value};

    use super::*;
    use crate::cloud::test_server::{exact_fields, FixtureServer, Request, Response};

    const TOKEN: &str = "eyJ0eXAiOiJKV1QifQ.fixture";
    const KEY: &str = "lango-kek";
    const SIGN: &str = "lango-id";
    const SIGN_V: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    enum Material {
        Rsa(PrivateDecryptingKey),
        Oct([u8; 32]),
    }

    struct Vault {
        base: String,
        versions: BTreeMap<String, (Material, bool)>,
        order: Vec<String>,
        sign: p256::ecdsa::SigningKey,
        fail: Option<u16>,
    }

    fn err(status: u16, code: &str, message: &str) -> Response {
        Response {
            status,
            body: json!({"error": {"code": code, "message": message}}),
        }
    }

    fn new_version(n: usize) -> String {
        format!("{n:032x}")
    }

    fn d(v: &Value) -> Option<Vec<u8>> {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(v.as_str()?)
            .ok()
    }

    impl Vault {
        fn bundle(&self, version: &str) -> Value {
            let (m, enabled) = &self.versions[version];
            let kid = format!("{}/keys/{KEY}/{version}", self.base);
            let key = match m {
                Material::Rsa(k) => {
                    // RSA-2048 SPKI with e = 65537: the 256-byte modulus sits at 33..289.
                    let der = k.public_key().as_der().unwrap();
                    let der = der.as_ref();
                    assert_eq!(der.len(), 294);
                    json!({"kid": kid, "kty": "RSA", "key_ops": ["wrapKey", "unwrapKey"],
                           "n": b64url(&der[33..289]), "e": "AQAB"})
                }
                Material::Oct(_) => {
                    json!({"kid": kid, "kty": "oct-HSM", "key_ops": ["wrapKey", "unwrapKey"]})
                }
            };
            json!({"key": key, "attributes": {"enabled": enabled, "created": 1_700_000_000,
                   "updated": 1_700_000_000, "recoveryLevel": "Recoverable+Purgeable"}})
        }

        fn handle(&mut self, r: &Request) -> Response {
            if r.header("authorization") != Some(&format!("Bearer {TOKEN}")) {
                return err(
                    401,
                    "Unauthorized",
                    "AKV10000: Request is missing a Bearer or PoP token.",
                );
            }
            if r.query != "api-version=7.4" {
                return Response::violation(format!("query `{}`", r.query));
            }
            if let Some(code) = self.fail {
                return match code {
                    403 => err(
                        403,
                        "Forbidden",
                        "The user, group or application does not have keys wrapKey permission",
                    ),
                    _ => err(
                        code,
                        "ServiceUnavailable",
                        "The service is temporarily unavailable.",
                    ),
                };
            }
            if r.method != "GET" && r.header("content-type") != Some("application/json") {
                return Response::violation("body without content-type application/json");
            }
            let body = r.json();
            let parts: Vec<&str> = r.path.trim_start_matches('/').split('/').collect();
            match (r.method.as_str(), parts.as_slice()) {
                ("GET", ["keys", KEY]) => {
                    let latest = self.order.last().unwrap().clone();
                    Response::ok(self.bundle(&latest))
                }
                ("GET", ["keys", KEY, v]) => match self.versions.get(*v) {
                    Some(_) => Response::ok(self.bundle(v)),
                    None => err(404, "KeyNotFound", "A key with (name/id) was not found"),
                },
                ("GET", ["keys", SIGN, SIGN_V]) | ("GET", ["keys", SIGN]) => {
                    let p = self.sign.verifying_key().to_encoded_point(false);
                    Response::ok(json!({
                        "key": {"kid": format!("{}/keys/{SIGN}/{SIGN_V}", self.base),
                                "kty": "EC-HSM", "crv": "P-256", "key_ops": ["sign", "verify"],
                                "x": b64url(p.x().unwrap()), "y": b64url(p.y().unwrap())},
                        "attributes": {"enabled": true}}))
                }
                ("POST", ["keys", KEY, v, op @ ("wrapkey" | "unwrapkey")]) => {
                    if let Err(e) = exact_fields(&body, &["alg", "value"]) {
                        return Response::violation(e);
                    }
                    let Some(value) = d(&body["value"]) else {
                        return Response::violation("value is not base64url");
                    };
                    let Some((m, true)) = self.versions.get(*v) else {
                        return err(
                            403,
                            "Forbidden",
                            "Operation is not allowed on a disabled key.",
                        );
                    };
                    let out = match (m, body["alg"].as_str(), *op) {
                        (Material::Rsa(k), Some("RSA-OAEP-256"), "wrapkey") => {
                            let pk = OaepPublicEncryptingKey::new(k.public_key()).unwrap();
                            let mut buf = vec![0; pk.ciphertext_size()];
                            pk.encrypt(&OAEP_SHA256_MGF1SHA256, &value, &mut buf, None)
                                .map(|o| o.to_vec())
                        }
                        (Material::Rsa(k), Some("RSA-OAEP-256"), _) => {
                            let sk = OaepPrivateDecryptingKey::new(k.clone()).unwrap();
                            let mut buf = vec![0; sk.min_output_size()];
                            sk.decrypt(&OAEP_SHA256_MGF1SHA256, &value, &mut buf, None)
                                .map(|o| o.to_vec())
                        }
                        (Material::Oct(k), Some("A256KW"), "wrapkey") => {
                            let mut buf = vec![0; value.len() + 8];
                            KeyEncryptionKey::new(&AES_256, k)
                                .unwrap()
                                .wrap(&value, &mut buf)
                                .map(|o| o.to_vec())
                        }
                        (Material::Oct(k), Some("A256KW"), _) => {
                            let mut buf = vec![0; value.len()];
                            KeyEncryptionKey::new(&AES_256, k)
                                .unwrap()
                                .unwrap(&value, &mut buf)
                                .map(|o| o.to_vec())
                        }
                        _ => return err(400, "BadParameter", "Algorithm not valid for this key"),
                    };
                    match out {
                        Ok(o) => Response::ok(json!({
                            "kid": format!("{}/keys/{KEY}/{v}", self.base), "value": b64url(&o)})),
                        Err(_) => err(400, "BadParameter", "Error decrypting the value"),
                    }
                }
                ("POST", ["keys", KEY, "create"]) => {
                    if let Err(e) = exact_fields(&body, &["kty", "key_size", "key_ops"]) {
                        return Response::violation(e);
                    }
                    let m = match (body["kty"].as_str(), body["key_size"].as_u64()) {
                        (Some("RSA"), Some(2048)) => {
                            Material::Rsa(PrivateDecryptingKey::generate(KeySize::Rsa2048).unwrap())
                        }
                        (Some("oct-HSM"), Some(256)) => Material::Oct(*Key32::random().as_bytes()),
                        _ => return Response::violation(format!("create {body}")),
                    };
                    let v = new_version(self.order.len() + 1);
                    self.versions.insert(v.clone(), (m, true));
                    self.order.push(v.clone());
                    Response::ok(self.bundle(&v))
                }
                ("PATCH", ["keys", KEY, v]) => {
                    if body != json!({"attributes": {"enabled": false}}) {
                        return Response::violation(format!("patch {body}"));
                    }
                    match self.versions.get_mut(*v) {
                        Some(e) => {
                            e.1 = false;
                            Response::ok(self.bundle(v))
                        }
                        None => err(404, "KeyNotFound", "A key with (name/id) was not found"),
                    }
                }
                ("POST", ["keys", SIGN, SIGN_V, "sign"]) => {
                    if let Err(e) = exact_fields(&body, &["alg", "value"]) {
                        return Response::violation(e);
                    }
                    if body["alg"] != "ES256" {
                        return err(400, "BadParameter", "Algorithm not valid for this key");
                    }
                    let Some(digest) = d(&body["value"]).filter(|v| v.len() == 32) else {
                        return Response::violation("value is not a 32-byte base64url digest");
                    };
                    let sig: p256::ecdsa::Signature = self.sign.sign_prehash(&digest).unwrap();
                    Response::ok(json!({
                        "kid": format!("{}/keys/{SIGN}/{SIGN_V}", self.base),
                        "value": b64url(&sig.to_bytes())}))
                }
                _ => Response::violation(format!("undocumented request {} {}", r.method, r.path)),
            }
        }
    }

    fn start(oct: bool) -> (FixtureServer, Arc<Mutex<Vault>>) {
        let m = if oct {
            Material::Oct(*Key32::random().as_bytes())
        } else {
            Material::Rsa(PrivateDecryptingKey::generate(KeySize::Rsa2048).unwrap())
        };
        let v1 = new_version(1);
        let vault = Arc::new(Mutex::new(Vault {
            base: String::new(),
            versions: BTreeMap::from([(v1.clone(), (m, true))]),
            order: vec![v1],
            sign: p256::ecdsa::SigningKey::random(&mut rand_core::OsRng),
            fail: None,
        }));
        let v = vault.clone();
        let server = FixtureServer::start(move |r| v.lock().unwrap().handle(r));
        vault.lock().unwrap().base = server.url();
        (server, vault)
    }

    fn setup(
        server: &FixtureServer,
        alg: AzureWrapAlgorithm,
    ) -> (tempfile::TempDir, DataDir, AzureKvConfig, AzureKvProvider) {
        let t = tempfile::tempdir().unwrap();
        let dir = DataDir::create(t.path().join("n")).unwrap();
        let token = t.path().join("token");
        std::fs::write(&token, TOKEN).unwrap();
        let cfg = AzureKvConfig {
            vault_url: server.url(),
            key_name: KEY.to_owned(),
            key_version: None,
            wrap_algorithm: alg,
            sign_key_name: Some(SIGN.to_owned()),
            sign_key_version: None,
            api_version: default_api_version(),
            token_file: Some(token),
            token_env: default_token_env(),
            timeout_secs: 5,
            connect_timeout_secs: 2,
            max_retries: 2,
        };
        let p = AzureKvProvider::create(&dir, &cfg).unwrap();
        (t, dir, cfg, p)
    }

    fn payload(k: AgentPublicKey) -> SignedPayload {
        Transcript {
            initiator_peer: PeerIdBytes(vec![1]),
            responder_peer: PeerIdBytes(vec![2]),
            initiator_key: k,
            responder_key: k,
            initiator_nonce: [3; 32],
            responder_nonce: [4; 32],
            initiator_time: UnixMillis(5),
            responder_time: UnixMillis(6),
        }
        .initiator_payload()
    }

    #[test]
    fn rsa_oaep_round_trip_aad_and_flipped_bytes() {
        let (server, _vault) = start(false);
        let (_t, dir, cfg, p) = setup(&server, AzureWrapAlgorithm::RsaOaep256);
        p.health().unwrap();
        let w = p.wrap(&Key32::from_bytes([7; 32]), b"purpose").unwrap();
        assert_eq!(p.unwrap(&w, b"purpose").unwrap().as_bytes(), &[7; 32]);
        let again = AzureKvProvider::open(&dir, &cfg).unwrap();
        assert_eq!(again.unwrap(&w, b"purpose").unwrap().as_bytes(), &[7; 32]);
        assert!(matches!(
            p.unwrap(&w, b"other"),
            Err(Error::UnwrapFailed { .. })
        ));
        // A byte of the Key Vault-wrapped K: Key Vault refuses it.
        let mut bad = w.clone();
        let header_len = 4 + 1 + 1 + AZURE_KV_PROVIDER_ID.len() + 4;
        bad[header_len + 2 + 10] ^= 1;
        let err = p.unwrap(&bad, b"purpose").unwrap_err();
        assert!(
            matches!(&err, Error::Provider { detail, .. } if detail.contains("BadParameter")),
            "{err}"
        );
        // A byte of the local envelope.
        let mut bad = w.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert!(matches!(
            p.unwrap(&bad, b"purpose"),
            Err(Error::UnwrapFailed { .. })
        ));
        assert!(server.violations().is_empty(), "{:?}", server.violations());
    }

    #[test]
    fn a256kw_round_trip() {
        let (server, _vault) = start(true);
        let (_t, _dir, _cfg, mut p) = setup(&server, AzureWrapAlgorithm::A256kw);
        let w = p.wrap(&Key32::from_bytes([8; 32]), b"a").unwrap();
        assert_eq!(p.unwrap(&w, b"a").unwrap().as_bytes(), &[8; 32]);
        assert_eq!(p.rotate().unwrap(), 2);
        let w2 = p.wrap(&Key32::from_bytes([9; 32]), b"a").unwrap();
        assert_eq!(p.unwrap(&w2, b"a").unwrap().as_bytes(), &[9; 32]);
        assert!(server.violations().is_empty(), "{:?}", server.violations());
    }

    #[test]
    fn rsa_key_refused_for_a256kw() {
        let (server, _vault) = start(false);
        let t = tempfile::tempdir().unwrap();
        let dir = DataDir::create(t.path().join("n")).unwrap();
        std::fs::write(t.path().join("token"), TOKEN).unwrap();
        let cfg = AzureKvConfig {
            vault_url: server.url(),
            key_name: KEY.to_owned(),
            key_version: None,
            wrap_algorithm: AzureWrapAlgorithm::A256kw,
            sign_key_name: None,
            sign_key_version: None,
            api_version: default_api_version(),
            token_file: Some(t.path().join("token")),
            token_env: default_token_env(),
            timeout_secs: 5,
            connect_timeout_secs: 2,
            max_retries: 0,
        };
        let err = AzureKvProvider::create(&dir, &cfg)
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("cannot do A256KW"), "{err}");
    }

    #[test]
    fn rotate_then_retire_disables_only_created_versions() {
        let (server, vault) = start(false);
        let (_t, _dir, _cfg, mut p) = setup(&server, AzureWrapAlgorithm::RsaOaep256);
        let old = p.wrap(&Key32::from_bytes([1; 32]), b"a").unwrap();
        assert_eq!(p.rotate().unwrap(), 2);
        let new = p.wrap(&Key32::from_bytes([2; 32]), b"a").unwrap();
        assert_eq!(parse_blob(AZURE_KV_PROVIDER_ID, &new).unwrap().version, 2);
        assert_eq!(p.unwrap(&old, b"a").unwrap().as_bytes(), &[1; 32]);
        assert_eq!(p.rotate().unwrap(), 3);
        p.retire(3).unwrap();
        let err = p.unwrap(&old, b"a").unwrap_err().to_string();
        assert!(
            err.contains("KEK version 1") && err.contains("does not hold"),
            "{err}"
        );
        {
            let v = vault.lock().unwrap();
            assert!(
                v.versions[&new_version(1)].1,
                "the operator's version stays enabled"
            );
            assert!(!v.versions[&new_version(2)].1);
        }
        let w3 = p.wrap(&Key32::from_bytes([3; 32]), b"a").unwrap();
        assert_eq!(p.unwrap(&w3, b"a").unwrap().as_bytes(), &[3; 32]);
        assert!(server.violations().is_empty(), "{:?}", server.violations());
    }

    #[test]
    fn sign_verify_and_open_identity() {
        let (server, _vault) = start(false);
        let (_t, _dir, _cfg, p) = setup(&server, AzureWrapAlgorithm::RsaOaep256);
        let (reference, signer) = p.create_identity().unwrap();
        assert_eq!(reference, format!("{SIGN}/{SIGN_V}"));
        let msg = payload(signer.public_key());
        let sig = signer.sign(&msg).unwrap();
        signer.public_key().verify(&msg, &sig).unwrap();
        let opened = p.open_identity(&reference, &signer.public_key()).unwrap();
        opened
            .public_key()
            .verify(&msg, &opened.sign(&msg).unwrap())
            .unwrap();
        let stranger = lango_protocol::SoftwareSigner::generate(&mut rand_core::OsRng);
        let err = p
            .open_identity(&reference, &stranger.public_key())
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("not the agent identity"), "{err}");
        assert!(server.violations().is_empty(), "{:?}", server.violations());
    }

    #[test]
    fn wrong_token_and_403_are_provider_errors() {
        let (server, vault) = start(false);
        let (t, dir, mut cfg, p) = setup(&server, AzureWrapAlgorithm::RsaOaep256);
        vault.lock().unwrap().fail = Some(403);
        let err = p.wrap(&Key32::from_bytes([1; 32]), b"a").unwrap_err();
        assert!(
            matches!(&err, Error::Provider { detail, .. } if detail.contains("HTTP 403 Forbidden")),
            "{err}"
        );
        vault.lock().unwrap().fail = None;
        std::fs::write(t.path().join("bad"), "wrong").unwrap();
        cfg.token_file = Some(t.path().join("bad"));
        let p = AzureKvProvider::open(&dir, &cfg).unwrap();
        let err = p.wrap(&Key32::from_bytes([1; 32]), b"a").unwrap_err();
        assert!(
            matches!(&err, Error::Provider { detail, .. } if detail.contains("HTTP 401 Unauthorized")),
            "{err}"
        );
    }

    #[test]
    fn service_503_is_retried_then_unavailable_and_so_is_a_stopped_server() {
        let (server, vault) = start(false);
        let (_t, _dir, _cfg, p) = setup(&server, AzureWrapAlgorithm::RsaOaep256);
        let w = p.wrap(&Key32::from_bytes([1; 32]), b"a").unwrap();
        vault.lock().unwrap().fail = Some(503);
        let before = server.hits();
        let err = p.wrap(&Key32::from_bytes([1; 32]), b"a").unwrap_err();
        assert!(
            matches!(&err, Error::ProviderUnavailable { detail, .. }
                if detail.contains("HTTP 503 ServiceUnavailable") && detail.contains("after 3 attempts")),
            "{err}"
        );
        assert_eq!(server.hits() - before, 3);
        drop(server);
        assert!(matches!(
            p.unwrap(&w, b"a"),
            Err(Error::ProviderUnavailable { .. })
        ));
    }
}
