//! `gcp-kms` key provider: KEKs are versions of a Google Cloud KMS symmetric CryptoKey,
//! the identity key an `EC_SIGN_P256_SHA256` CryptoKeyVersion. Spoken over the Cloud KMS
//! REST API (v1) with reqwest (rustls); no Google SDK.
//!
//! - **wrap** is `POST v1/{cryptoKeyVersion}:encrypt` naming the current version
//!   explicitly, with `additionalAuthenticatedData` = the [cloud header](crate::cloud) ||
//!   the caller's AAD, so Cloud KMS refuses other AAD or a relabelled header. **unwrap**
//!   is `POST v1/{cryptoKey}:decrypt` with the same AAD (Cloud KMS finds the version in
//!   its ciphertext); a version we no longer hold is refused locally first.
//! - **sign** is `POST v1/{version}:asymmetricSign` with `digest.sha256`; the DER
//!   signature becomes our low-S signature and is checked against the key from
//!   `GET v1/{version}/publicKey` (PEM).
//! - **rotate** is `POST v1/{cryptoKey}/cryptoKeyVersions` (a new version of the same
//!   key), made current in `keys/gcp-kms.json`. **retire** calls `:destroy` (Cloud KMS
//!   schedules destruction) on retired versions *that rotate created*; the version that
//!   was primary at `init` is only forgotten.
//! - The bearer token is read at every call from `token_file` or the `token_env`
//!   variable (default `GOOGLE_OAUTH_ACCESS_TOKEN`), so an external refresher (e.g.
//!   `gcloud auth print-access-token` on a timer) keeps it fresh. Nothing secret is stored.
//! - 429, 5xx, timeouts and connection failures are retried with capped jittered backoff
//!   and end in [`Error::ProviderUnavailable`]; 400/401/403/404 are [`Error::Provider`]
//!   naming the Google status (`PERMISSION_DENIED`, `NOT_FOUND`, ...).
//!
//! Response CRC32C fields are not checked: every wrapped key is authenticated end to end
//! by Cloud KMS's AEAD and every signature is verified locally.

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
    b64, blob_header, check_endpoint, check_not_initialised, check_signature, der_signature,
    malformed, parse_blob, pem_to_der, signer_error, spki_der_to_agent_key, state_path, unb64,
    JsonClient, TokenSource, VersionState,
};
use crate::crypto::Key32;
use crate::datadir::DataDir;
use crate::error::{Error, Result};
use crate::provider::{Capabilities, KeyProvider};

/// Provider id of [`GcpKmsProvider`].
pub const GCP_KMS_PROVIDER_ID: &str = "gcp-kms";

fn default_endpoint() -> String {
    "https://cloudkms.googleapis.com".to_owned()
}
fn default_token_env() -> String {
    "GOOGLE_OAUTH_ACCESS_TOKEN".to_owned()
}

/// `[keys.gcp-kms]` in the node's configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GcpKmsConfig {
    /// The ENCRYPT_DECRYPT CryptoKey:
    /// `projects/P/locations/L/keyRings/R/cryptoKeys/K`. Its primary version at `init` is
    /// KEK version 1.
    pub key: String,
    /// The `EC_SIGN_P256_SHA256` CryptoKeyVersion that holds the agent identity:
    /// `projects/P/locations/L/keyRings/R/cryptoKeys/K/cryptoKeyVersions/N`. Needed only
    /// to hold the identity here.
    #[serde(default)]
    pub sign_key_version: Option<String>,
    /// API endpoint (default `https://cloudkms.googleapis.com`; plain http only to a
    /// loopback address).
    #[serde(default = "default_endpoint")]
    pub endpoint: String,
    /// A file holding the OAuth 2.0 access token, re-read at every call.
    #[serde(default)]
    pub token_file: Option<PathBuf>,
    /// The environment variable holding the token when `token_file` is not set (default
    /// `GOOGLE_OAUTH_ACCESS_TOKEN`).
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

/// Checks a resource name against `projects/*/locations/*/keyRings/*/cryptoKeys/*`
/// (and `/cryptoKeyVersions/*` if `version`), so nothing else reaches a URL path.
fn check_name(name: &str, version: bool) -> Result<()> {
    let mut want = vec!["projects", "locations", "keyRings", "cryptoKeys"];
    if version {
        want.push("cryptoKeyVersions");
    }
    let parts: Vec<&str> = name.split('/').collect();
    let ok = parts.len() == want.len() * 2
        && parts.chunks(2).zip(&want).all(|(pair, w)| {
            pair[0] == *w
                && !pair[1].is_empty()
                && pair[1]
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
    if ok {
        Ok(())
    } else {
        Err(Error::Provider {
            provider: GCP_KMS_PROVIDER_ID.to_owned(),
            detail: format!(
                "`{name}` is not a resource name of the form {}/*",
                want.join("/*/")
            ),
        })
    }
}

struct Inner {
    http: JsonClient,
    endpoint: String,
}

impl Inner {
    fn new(cfg: &GcpKmsConfig) -> Result<Self> {
        check_endpoint(GCP_KMS_PROVIDER_ID, &cfg.endpoint)?;
        let http = JsonClient::new(
            GCP_KMS_PROVIDER_ID,
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
            endpoint: cfg.endpoint.trim_end_matches('/').to_owned(),
        })
    }

    fn url(&self, tail: &str) -> Result<reqwest::Url> {
        let s = format!("{}/v1/{tail}", self.endpoint);
        reqwest::Url::parse(&s).map_err(|e| Error::Provider {
            provider: GCP_KMS_PROVIDER_ID.to_owned(),
            detail: format!("bad request URL {s}: {e}"),
        })
    }

    fn get(&self, tail: &str, what: &str) -> Result<serde_json::Value> {
        self.http.call(Method::GET, &self.url(tail)?, None, what)
    }

    fn post(&self, tail: &str, body: serde_json::Value, what: &str) -> Result<serde_json::Value> {
        self.http
            .call(Method::POST, &self.url(tail)?, Some(&body), what)
    }

    fn public_key(&self, version: &str) -> Result<AgentPublicKey> {
        check_name(version, true)?;
        let what = format!("getPublicKey {version}");
        let v = self.get(&format!("{version}/publicKey"), &what)?;
        if v["algorithm"] != "EC_SIGN_P256_SHA256" {
            return Err(Error::Provider {
                provider: GCP_KMS_PROVIDER_ID.to_owned(),
                detail: format!(
                    "{version} is not an EC_SIGN_P256_SHA256 key (algorithm {})",
                    v["algorithm"]
                ),
            });
        }
        let pem = v["pem"]
            .as_str()
            .ok_or_else(|| malformed(GCP_KMS_PROVIDER_ID, &what, "no `pem`"))?;
        spki_der_to_agent_key(GCP_KMS_PROVIDER_ID, &pem_to_der(GCP_KMS_PROVIDER_ID, pem)?)
    }
}

/// A [`KeyProvider`] backed by Google Cloud KMS.
pub struct GcpKmsProvider {
    inner: Arc<Inner>,
    key: String,
    state: VersionState,
    state_path: PathBuf,
    sign_key_version: Option<String>,
}

impl GcpKmsProvider {
    /// Sets up the provider at `lango-node init`: reads the CryptoKey, checks it is an
    /// ENCRYPT_DECRYPT key with an enabled primary version, and records that version as
    /// KEK version 1 in `keys/gcp-kms.json`.
    pub fn create(dir: &DataDir, cfg: &GcpKmsConfig) -> Result<Self> {
        check_not_initialised(dir)?;
        check_name(&cfg.key, false)?;
        let inner = Inner::new(cfg)?;
        let what = format!("get {}", cfg.key);
        let v = inner.get(&cfg.key, &what)?;
        let refuse = |why: String| Error::Provider {
            provider: GCP_KMS_PROVIDER_ID.to_owned(),
            detail: format!("{} {why}", cfg.key),
        };
        if v["purpose"] != "ENCRYPT_DECRYPT" {
            return Err(refuse(format!(
                "is not an ENCRYPT_DECRYPT key (purpose {})",
                v["purpose"]
            )));
        }
        if v["primary"]["state"] != "ENABLED" {
            return Err(refuse(format!(
                "has no enabled primary version (state {})",
                v["primary"]["state"]
            )));
        }
        let primary = v["primary"]["name"]
            .as_str()
            .ok_or_else(|| malformed(GCP_KMS_PROVIDER_ID, &what, "no primary.name"))?;
        check_name(primary, true)?;
        if !primary.starts_with(&format!("{}/", cfg.key)) {
            return Err(malformed(
                GCP_KMS_PROVIDER_ID,
                &what,
                "primary version of another key",
            ));
        }
        let state = VersionState::new(GCP_KMS_PROVIDER_ID, &cfg.key, primary.to_owned());
        let state_path = state_path(dir, GCP_KMS_PROVIDER_ID);
        state.save(&state_path)?;
        Ok(Self::assemble(inner, cfg, state, state_path))
    }

    /// Opens the provider at start-up from `keys/gcp-kms.json` (no network call).
    pub fn open(dir: &DataDir, cfg: &GcpKmsConfig) -> Result<Self> {
        check_name(&cfg.key, false)?;
        let state_path = state_path(dir, GCP_KMS_PROVIDER_ID);
        let state = VersionState::load(dir, &state_path, GCP_KMS_PROVIDER_ID, &cfg.key)?;
        Ok(Self::assemble(Inner::new(cfg)?, cfg, state, state_path))
    }

    fn assemble(
        inner: Inner,
        cfg: &GcpKmsConfig,
        state: VersionState,
        state_path: PathBuf,
    ) -> Self {
        GcpKmsProvider {
            inner: Arc::new(inner),
            key: cfg.key.clone(),
            state,
            state_path,
            sign_key_version: cfg.sign_key_version.clone(),
        }
    }

    /// The KEK versions held and their CryptoKeyVersions.
    pub fn state(&self) -> &VersionState {
        &self.state
    }

    fn aad(header: &[u8], aad: &[u8]) -> Vec<u8> {
        let mut v = header.to_vec();
        v.extend_from_slice(aad);
        v
    }
}

impl KeyProvider for GcpKmsProvider {
    fn id(&self) -> &str {
        GCP_KMS_PROVIDER_ID
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            wrap: true,
            sign: self.sign_key_version.is_some(),
        }
    }

    fn kek_version(&self) -> u32 {
        self.state.current
    }

    fn wrap(&self, dek: &Key32, aad: &[u8]) -> Result<Vec<u8>> {
        let version = self.state.current;
        let name = self.state.require(version)?;
        let header = blob_header(GCP_KMS_PROVIDER_ID, version);
        let body = json!({
            "plaintext": b64(dek.as_bytes()),
            "additionalAuthenticatedData": b64(&Self::aad(&header, aad)),
        });
        let what = format!("encrypt with {name}");
        let v = self.inner.post(&format!("{name}:encrypt"), body, &what)?;
        if v["name"] != name {
            return Err(malformed(
                GCP_KMS_PROVIDER_ID,
                &what,
                format!("encrypted with {} instead", v["name"]),
            ));
        }
        let ct = unb64("ciphertext", &v).map_err(|e| malformed(GCP_KMS_PROVIDER_ID, &what, e))?;
        let mut blob = header;
        blob.extend_from_slice(&ct);
        Ok(blob)
    }

    fn unwrap(&self, wrapped: &[u8], aad: &[u8]) -> Result<Key32> {
        let blob = parse_blob(GCP_KMS_PROVIDER_ID, wrapped)?;
        self.state.require(blob.version)?;
        let body = json!({
            "ciphertext": b64(blob.body),
            "additionalAuthenticatedData": b64(&Self::aad(blob.header, aad)),
        });
        let what = format!("decrypt with {}", self.key);
        let v = self
            .inner
            .post(&format!("{}:decrypt", self.key), body, &what)?;
        let pt = Zeroizing::new(
            unb64("plaintext", &v).map_err(|e| malformed(GCP_KMS_PROVIDER_ID, &what, e))?,
        );
        let bytes: [u8; 32] = pt.as_slice().try_into().map_err(|_| Error::UnwrapFailed {
            provider: GCP_KMS_PROVIDER_ID.to_owned(),
        })?;
        Ok(Key32::from_bytes(bytes))
    }

    fn health(&self) -> Result<()> {
        let name = self.state.require(self.state.current)?;
        let v = self.inner.get(name, &format!("get {name}"))?;
        if v["state"] != "ENABLED" {
            return Err(Error::Provider {
                provider: GCP_KMS_PROVIDER_ID.to_owned(),
                detail: format!("{name} is not enabled (state {})", v["state"]),
            });
        }
        Ok(())
    }

    fn rotate(&mut self) -> Result<u32> {
        let what = format!("create a version of {}", self.key);
        let v = self
            .inner
            .post(&format!("{}/cryptoKeyVersions", self.key), json!({}), &what)?;
        let name = v["name"]
            .as_str()
            .ok_or_else(|| malformed(GCP_KMS_PROVIDER_ID, &what, "no `name`"))?;
        check_name(name, true)?;
        if v["state"] != "ENABLED" {
            return Err(Error::Provider {
                provider: GCP_KMS_PROVIDER_ID.to_owned(),
                detail: format!(
                    "new version {name} is not enabled yet (state {}); retry the rotation later",
                    v["state"]
                ),
            });
        }
        let mut state = self.state.clone();
        let n = state.push_current(name.to_owned());
        state.save(&self.state_path)?;
        self.state = state;
        Ok(n)
    }

    fn retire(&mut self, keep_from: u32) -> Result<()> {
        for old in self.state.to_retire(keep_from)? {
            if old.created_by_us {
                let what = format!("destroy {}", old.key);
                self.inner
                    .post(&format!("{}:destroy", old.key), json!({}), &what)?;
            }
            let mut state = self.state.clone();
            state.forget(old.version);
            state.save(&self.state_path)?;
            self.state = state;
        }
        Ok(())
    }

    fn create_identity(&self) -> Result<(String, Arc<dyn Signer>)> {
        let version = self
            .sign_key_version
            .clone()
            .ok_or_else(|| Error::Provider {
                provider: GCP_KMS_PROVIDER_ID.to_owned(),
                detail: "no sign_key_version is configured to hold the agent identity".to_owned(),
            })?;
        let public = self.inner.public_key(&version)?;
        let signer = GcpSigner {
            inner: self.inner.clone(),
            version: version.clone(),
            public,
        };
        Ok((version, Arc::new(signer)))
    }

    fn open_identity(&self, reference: &str, expected: &AgentPublicKey) -> Result<Arc<dyn Signer>> {
        let public = self.inner.public_key(reference)?;
        if public != *expected {
            return Err(Error::Provider {
                provider: GCP_KMS_PROVIDER_ID.to_owned(),
                detail: format!(
                    "{reference} holds {}, not the agent identity {}",
                    public.did(),
                    expected.did()
                ),
            });
        }
        Ok(Arc::new(GcpSigner {
            inner: self.inner.clone(),
            version: reference.to_owned(),
            public,
        }))
    }
}

/// A [`Signer`] whose P-256 key stays in Cloud KMS.
pub struct GcpSigner {
    inner: Arc<Inner>,
    version: String,
    public: AgentPublicKey,
}

impl std::fmt::Debug for GcpSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GcpSigner")
            .field("version", &self.version)
            .field("public", &self.public)
            .finish()
    }
}

impl Signer for GcpSigner {
    fn public_key(&self) -> AgentPublicKey {
        self.public
    }

    fn sign(&self, payload: &SignedPayload) -> std::result::Result<Signature, SignerError> {
        let what = format!("asymmetricSign with {}", self.version);
        let v = self
            .inner
            .post(
                &format!("{}:asymmetricSign", self.version),
                json!({"digest": {"sha256": b64(&payload.digest())}}),
                &what,
            )
            .map_err(signer_error)?;
        let der = unb64("signature", &v)
            .map_err(|e| signer_error(malformed(GCP_KMS_PROVIDER_ID, &what, e)))?;
        let sig = der_signature(&der)?;
        check_signature(&self.public, payload, &sig)?;
        Ok(sig)
    }
}

/// Against a **recorded fixture, not Google Cloud KMS**: no emulator of Cloud KMS exists,
/// so a local HTTP server ([`crate::cloud::test_server`]) checks each request against the
/// shape documented in the Cloud KMS REST reference (method, path, bearer token, JSON
/// fields) and answers in the documented response shape, with real AES-256-GCM and
/// ECDSA P-256 done in the fixture so round trips are genuine.
#[cfg(test)]
pub(crate) mod gcp {
    use std::collections::BTreeMap;
    use std::sync::{Arc, Mutex};

    use base64::Engine;
    use lango_protocol::transcript::Transcript;
    use lango_protocol::{PeerIdBytes, UnixMillis};
    use p256::ecdsa::signature::hazmat::PrehashSigner;
    use serde_json::{json, Value};

    use super::*;
    use crate::cloud::test_server::{exact_fields, FixtureServer, Request, Response};
    use crate::crypto::{open, seal};

    pub(crate) const KEY: &str = "projects/p1/locations/europe-west1/keyRings/r1/cryptoKeys/kek";
    const SIGN: &str =
        "projects/p1/locations/europe-west1/keyRings/r1/cryptoKeys/id/cryptoKeyVersions/1";
    pub(crate) const TOKEN: &str = "ya29.fixture-token";

    /// The fixture's Cloud KMS: versions of one symmetric key and one signing key.
    pub(crate) struct Kms {
        versions: BTreeMap<u32, ([u8; 32], &'static str)>,
        sign: p256::ecdsa::SigningKey,
        /// Answer every request with this status (503, 403) when set.
        pub fail: Option<u16>,
    }

    fn err(code: u16, status: &str, message: &str) -> Response {
        Response {
            status: code,
            body: json!({"error": {"code": code, "message": message, "status": status}}),
        }
    }

    fn b64d(v: &Value) -> Option<Vec<u8>> {
        base64::engine::general_purpose::STANDARD
            .decode(v.as_str()?)
            .ok()
    }

    fn version_name(n: u32) -> String {
        format!("{KEY}/cryptoKeyVersions/{n}")
    }

    fn pem(key: &p256::ecdsa::SigningKey) -> String {
        let mut der = hex::decode("3059301306072a8648ce3d020106082a8648ce3d030107034200").unwrap();
        der.extend_from_slice(key.verifying_key().to_encoded_point(false).as_bytes());
        let b = base64::engine::general_purpose::STANDARD.encode(der);
        let lines: Vec<&str> = b
            .as_bytes()
            .chunks(64)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        format!(
            "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
            lines.join("\n")
        )
    }

    impl Kms {
        fn handle(&mut self, r: &Request) -> Response {
            if r.header("authorization") != Some(&format!("Bearer {TOKEN}")) {
                return err(
                    401,
                    "UNAUTHENTICATED",
                    "Request had invalid authentication credentials. Expected OAuth 2 access token.",
                );
            }
            if let Some(code) = self.fail {
                return match code {
                    403 => err(
                        403,
                        "PERMISSION_DENIED",
                        "Permission 'cloudkms.cryptoKeyVersions.useToEncrypt' denied on resource",
                    ),
                    _ => err(code, "UNAVAILABLE", "The service is currently unavailable."),
                };
            }
            if r.method == "POST" && r.header("content-type") != Some("application/json") {
                return Response::violation("POST without content-type application/json");
            }
            let body = r.json();
            let path = r.path.strip_prefix("/v1/").unwrap_or("");
            let check = |fields: &[&str]| exact_fields(&body, fields);
            match (r.method.as_str(), path) {
                // cryptoKeys.get
                ("GET", p) if p == KEY => Response::ok(json!({
                    "name": KEY,
                    "primary": {"name": version_name(1), "state": "ENABLED",
                                "algorithm": "GOOGLE_SYMMETRIC_ENCRYPTION",
                                "protectionLevel": "SOFTWARE"},
                    "purpose": "ENCRYPT_DECRYPT",
                    "createTime": "2026-01-01T00:00:00Z",
                    "versionTemplate": {"algorithm": "GOOGLE_SYMMETRIC_ENCRYPTION",
                                        "protectionLevel": "SOFTWARE"},
                })),
                // cryptoKeyVersions.get
                ("GET", p) if p.starts_with(&format!("{KEY}/cryptoKeyVersions/")) => {
                    let n: u32 = p.rsplit('/').next().unwrap().parse().unwrap_or(0);
                    match self.versions.get(&n) {
                        Some((_, state)) => Response::ok(json!({
                            "name": version_name(n), "state": state,
                            "algorithm": "GOOGLE_SYMMETRIC_ENCRYPTION",
                            "protectionLevel": "SOFTWARE"})),
                        None => err(404, "NOT_FOUND", "CryptoKeyVersion not found."),
                    }
                }
                // cryptoKeys.encrypt on an explicit version
                ("POST", p) if p.ends_with(":encrypt") => {
                    if let Err(e) = check(&["plaintext", "additionalAuthenticatedData"]) {
                        return Response::violation(e);
                    }
                    let name = p.trim_end_matches(":encrypt");
                    let n: u32 = name.rsplit('/').next().unwrap().parse().unwrap_or(0);
                    let Some((k, "ENABLED")) = self.versions.get(&n) else {
                        return err(400, "FAILED_PRECONDITION", "version is not enabled");
                    };
                    let (Some(pt), Some(aad)) = (
                        b64d(&body["plaintext"]),
                        b64d(&body["additionalAuthenticatedData"]),
                    ) else {
                        return Response::violation("fields are not base64");
                    };
                    let ct = seal(&Key32::from_bytes(*k), &format!("v{n}"), &aad, &pt).unwrap();
                    Response::ok(json!({
                        "name": version_name(n),
                        "ciphertext": b64(&ct),
                        "ciphertextCrc32c": "0",
                        "verifiedPlaintextCrc32c": false,
                        "verifiedAdditionalAuthenticatedDataCrc32c": false,
                        "protectionLevel": "SOFTWARE",
                    }))
                }
                // cryptoKeys.decrypt on the key
                ("POST", p) if p == format!("{KEY}:decrypt") => {
                    if let Err(e) = check(&["ciphertext", "additionalAuthenticatedData"]) {
                        return Response::violation(e);
                    }
                    let (Some(ct), Some(aad)) = (
                        b64d(&body["ciphertext"]),
                        b64d(&body["additionalAuthenticatedData"]),
                    ) else {
                        return Response::violation("fields are not base64");
                    };
                    for (n, (k, state)) in &self.versions {
                        if let Ok(pt) = open(&Key32::from_bytes(*k), &format!("v{n}"), &aad, &ct) {
                            if *state != "ENABLED" {
                                return err(400, "FAILED_PRECONDITION", "version is destroyed");
                            }
                            return Response::ok(json!({
                                "plaintext": b64(&pt), "plaintextCrc32c": "0",
                                "usedPrimary": *n == 1, "protectionLevel": "SOFTWARE"}));
                        }
                    }
                    err(
                        400,
                        "INVALID_ARGUMENT",
                        "Decryption failed: the ciphertext is invalid.",
                    )
                }
                // cryptoKeyVersions.create
                ("POST", p) if p == format!("{KEY}/cryptoKeyVersions") => {
                    if let Err(e) = check(&[]) {
                        return Response::violation(e);
                    }
                    let n = self.versions.keys().max().unwrap() + 1;
                    self.versions
                        .insert(n, (*Key32::random().as_bytes(), "ENABLED"));
                    Response::ok(json!({
                        "name": version_name(n), "state": "ENABLED",
                        "algorithm": "GOOGLE_SYMMETRIC_ENCRYPTION", "protectionLevel": "SOFTWARE"}))
                }
                // cryptoKeyVersions.destroy
                ("POST", p) if p.ends_with(":destroy") => {
                    if let Err(e) = check(&[]) {
                        return Response::violation(e);
                    }
                    let n: u32 = p
                        .trim_end_matches(":destroy")
                        .rsplit('/')
                        .next()
                        .unwrap()
                        .parse()
                        .unwrap_or(0);
                    match self.versions.get_mut(&n) {
                        Some(v) => {
                            v.1 = "DESTROY_SCHEDULED";
                            Response::ok(json!({"name": version_name(n),
                                "state": "DESTROY_SCHEDULED"}))
                        }
                        None => err(404, "NOT_FOUND", "CryptoKeyVersion not found."),
                    }
                }
                // cryptoKeyVersions.getPublicKey
                ("GET", p) if p == format!("{SIGN}/publicKey") => Response::ok(json!({
                    "pem": pem(&self.sign), "algorithm": "EC_SIGN_P256_SHA256",
                    "pemCrc32c": "0", "name": SIGN, "protectionLevel": "HSM"})),
                // cryptoKeyVersions.asymmetricSign
                ("POST", p) if p == format!("{SIGN}:asymmetricSign") => {
                    if let Err(e) =
                        check(&["digest"]).and(exact_fields(&body["digest"], &["sha256"]))
                    {
                        return Response::violation(e);
                    }
                    let Some(d) = b64d(&body["digest"]["sha256"]).filter(|d| d.len() == 32) else {
                        return Response::violation("digest.sha256 is not 32 base64 bytes");
                    };
                    let sig: p256::ecdsa::Signature = self.sign.sign_prehash(&d).unwrap();
                    Response::ok(json!({
                        "signature": b64(sig.to_der().as_bytes()), "signatureCrc32c": "0",
                        "verifiedDigestCrc32c": false, "name": SIGN, "protectionLevel": "HSM"}))
                }
                _ => Response::violation(format!("undocumented request {} {}", r.method, r.path)),
            }
        }
    }

    pub(crate) fn start() -> (FixtureServer, Arc<Mutex<Kms>>) {
        let kms = Arc::new(Mutex::new(Kms {
            versions: BTreeMap::from([(1, (*Key32::random().as_bytes(), "ENABLED"))]),
            sign: p256::ecdsa::SigningKey::random(&mut rand_core::OsRng),
            fail: None,
        }));
        let k = kms.clone();
        let server = FixtureServer::start(move |r| k.lock().unwrap().handle(r));
        (server, kms)
    }

    pub(crate) fn config(server: &FixtureServer, token_file: PathBuf) -> GcpKmsConfig {
        GcpKmsConfig {
            key: KEY.to_owned(),
            sign_key_version: Some(SIGN.to_owned()),
            endpoint: server.url(),
            token_file: Some(token_file),
            token_env: default_token_env(),
            timeout_secs: 5,
            connect_timeout_secs: 2,
            max_retries: 2,
        }
    }

    pub(crate) fn setup(
        server: &FixtureServer,
    ) -> (tempfile::TempDir, DataDir, GcpKmsConfig, GcpKmsProvider) {
        let t = tempfile::tempdir().unwrap();
        let dir = DataDir::create(t.path().join("n")).unwrap();
        let token = t.path().join("token");
        std::fs::write(&token, format!("{TOKEN}\n")).unwrap();
        let cfg = config(server, token);
        let p = GcpKmsProvider::create(&dir, &cfg).unwrap();
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
    fn round_trip_aad_and_flipped_byte() {
        let (server, _kms) = start();
        let (_t, dir, cfg, p) = setup(&server);
        p.health().unwrap();
        let w = p.wrap(&Key32::from_bytes([7; 32]), b"purpose").unwrap();
        assert_eq!(p.unwrap(&w, b"purpose").unwrap().as_bytes(), &[7; 32]);
        let again = GcpKmsProvider::open(&dir, &cfg).unwrap();
        assert_eq!(again.unwrap(&w, b"purpose").unwrap().as_bytes(), &[7; 32]);
        let err = p.unwrap(&w, b"other").unwrap_err();
        assert!(
            matches!(&err, Error::Provider { detail, .. } if detail.contains("INVALID_ARGUMENT")),
            "{err}"
        );
        let mut bad = w.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert!(matches!(
            p.unwrap(&bad, b"purpose"),
            Err(Error::Provider { .. })
        ));
        assert!(server.violations().is_empty(), "{:?}", server.violations());
    }

    #[test]
    fn rotate_then_retire_destroys_only_created_versions() {
        let (server, kms) = start();
        let (_t, _dir, _cfg, mut p) = setup(&server);
        let old = p.wrap(&Key32::from_bytes([1; 32]), b"a").unwrap();
        assert_eq!(p.rotate().unwrap(), 2);
        let new = p.wrap(&Key32::from_bytes([2; 32]), b"a").unwrap();
        assert_eq!(parse_blob(GCP_KMS_PROVIDER_ID, &new).unwrap().version, 2);
        assert_eq!(p.unwrap(&old, b"a").unwrap().as_bytes(), &[1; 32]);
        assert_eq!(p.rotate().unwrap(), 3);
        p.retire(3).unwrap();
        let err = p.unwrap(&old, b"a").unwrap_err().to_string();
        assert!(
            err.contains("KEK version 1") && err.contains("does not hold"),
            "{err}"
        );
        {
            let k = kms.lock().unwrap();
            assert_eq!(
                k.versions[&1].1, "ENABLED",
                "the operator's version is kept"
            );
            assert_eq!(k.versions[&2].1, "DESTROY_SCHEDULED");
        }
        let w3 = p.wrap(&Key32::from_bytes([3; 32]), b"a").unwrap();
        assert_eq!(p.unwrap(&w3, b"a").unwrap().as_bytes(), &[3; 32]);
        assert!(server.violations().is_empty(), "{:?}", server.violations());
    }

    #[test]
    fn sign_verify_and_open_identity() {
        let (server, _kms) = start();
        let (_t, _dir, _cfg, p) = setup(&server);
        let (reference, signer) = p.create_identity().unwrap();
        assert_eq!(reference, SIGN);
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
        let (server, kms) = start();
        let (t, dir, mut cfg, p) = setup(&server);
        kms.lock().unwrap().fail = Some(403);
        let err = p.wrap(&Key32::from_bytes([1; 32]), b"a").unwrap_err();
        assert!(
            matches!(&err, Error::Provider { detail, .. } if detail.contains("HTTP 403 PERMISSION_DENIED")),
            "{err}"
        );
        kms.lock().unwrap().fail = None;
        std::fs::write(t.path().join("bad"), "ya29.wrong").unwrap();
        cfg.token_file = Some(t.path().join("bad"));
        let p = GcpKmsProvider::open(&dir, &cfg).unwrap();
        let err = p.wrap(&Key32::from_bytes([1; 32]), b"a").unwrap_err();
        assert!(
            matches!(&err, Error::Provider { detail, .. } if detail.contains("HTTP 401 UNAUTHENTICATED")),
            "{err}"
        );
        cfg.token_file = Some(t.path().join("missing"));
        let p = GcpKmsProvider::open(&dir, &cfg).unwrap();
        let err = p
            .wrap(&Key32::from_bytes([1; 32]), b"a")
            .unwrap_err()
            .to_string();
        assert!(err.contains("cannot read token_file"), "{err}");
    }

    #[test]
    fn service_503_is_retried_then_unavailable_and_so_is_a_stopped_server() {
        let (server, kms) = start();
        let (_t, _dir, _cfg, p) = setup(&server);
        let w = p.wrap(&Key32::from_bytes([1; 32]), b"a").unwrap();
        kms.lock().unwrap().fail = Some(503);
        let before = server.hits();
        let err = p.wrap(&Key32::from_bytes([1; 32]), b"a").unwrap_err();
        assert!(
            matches!(&err, Error::ProviderUnavailable { detail, .. }
                if detail.contains("HTTP 503 UNAVAILABLE") && detail.contains("after 3 attempts")),
            "{err}"
        );
        assert_eq!(
            server.hits() - before,
            3,
            "first attempt and max_retries = 2"
        );
        drop(server);
        assert!(matches!(
            p.unwrap(&w, b"a"),
            Err(Error::ProviderUnavailable { .. })
        ));
    }

    #[test]
    fn malformed_names_and_plain_http_elsewhere_are_refused() {
        assert!(check_name(KEY, false).is_ok());
        assert!(check_name(SIGN, true).is_ok());
        assert!(check_name("projects/p/locations/l/keyRings/r/cryptoKeys/k/../x", false).is_err());
        assert!(check_name("projects/p/locations/l/keyRings/r/cryptoKeys/k?x", false).is_err());
        let mut cfg = GcpKmsConfig {
            key: KEY.to_owned(),
            sign_key_version: None,
            endpoint: "http://kms.example.com".to_owned(),
            token_file: None,
            token_env: default_token_env(),
            timeout_secs: 1,
            connect_timeout_secs: 1,
            max_retries: 0,
        };
        let err = Inner::new(&cfg).err().unwrap().to_string();
        assert!(err.contains("plain http"), "{err}");
        cfg.endpoint = "http://[::1]:1".to_owned();
        assert!(Inner::new(&cfg).is_ok());
    }
}
