//! Machinery shared by the cloud key providers ([`crate::aws_kms`], [`crate::gcp_kms`],
//! [`crate::azure_kv`]): the blob header, the KEK version list kept in `keys/<id>.json`,
//! retries with capped jittered backoff, the private async runtime, endpoint and token
//! checks, and a small JSON-over-HTTPS client.
//!
//! # Blob header
//!
//! Every blob a cloud provider wraps starts with
//!
//! ```text
//! "LNGW" | format u8 (=1) | provider-id len u8 | provider id | KEK version u32 BE | body
//! ```
//!
//! The body is the provider's own ciphertext. Each provider binds the header and the
//! caller's AAD into its back end's authenticated data, so neither can be changed.
//!
//! # Sync callers, async SDKs
//!
//! The SDKs are async; [`KeyProvider`](crate::KeyProvider) is sync. Each provider owns a
//! small current-thread tokio runtime ([`CloudRuntime`]) and drives every call on a
//! short-lived scoped thread of its own, so a caller may be a plain thread, a
//! `spawn_blocking` task, or even a thread that is inside another tokio runtime (where
//! `Runtime::block_on` would otherwise panic). The calling thread blocks for the call's
//! duration, so async code must not call a provider from a runtime worker directly
//! without `spawn_blocking`: it would stall that worker (but not deadlock or panic).

use std::future::Future;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::datadir::{atomic_write, DataDir};
use crate::error::{Error, Result};

#[cfg(test)]
pub(crate) mod test_server;

/// Magic bytes that open every blob a cloud provider wraps.
pub const CLOUD_BLOB_MAGIC: [u8; 4] = *b"LNGW";
/// The cloud blob format version this build writes and reads.
pub const CLOUD_BLOB_FORMAT: u8 = 1;
const STATE_FORMAT: u32 = 1;
/// Longest response body accepted from a cloud service.
const MAX_RESPONSE: usize = 1024 * 1024;

pub(crate) fn default_timeout_secs() -> u64 {
    10
}
pub(crate) fn default_connect_timeout_secs() -> u64 {
    5
}
pub(crate) fn default_max_retries() -> u32 {
    3
}

// ---------------------------------------------------------------------------------------
// Blob header
// ---------------------------------------------------------------------------------------

/// Builds the header for a blob wrapped by `provider` under KEK `version`.
pub(crate) fn blob_header(provider: &str, version: u32) -> Vec<u8> {
    let id = provider.as_bytes();
    let mut h = Vec::with_capacity(10 + id.len());
    h.extend_from_slice(&CLOUD_BLOB_MAGIC);
    h.push(CLOUD_BLOB_FORMAT);
    // Invariant: provider ids are short constants of this crate (< 255 bytes).
    h.push(id.len() as u8);
    h.extend_from_slice(id);
    h.extend_from_slice(&version.to_be_bytes());
    h
}

/// A parsed cloud blob: the KEK version it names, its header bytes and its body.
pub(crate) struct CloudBlob<'a> {
    pub version: u32,
    pub header: &'a [u8],
    pub body: &'a [u8],
}

/// Splits a blob wrapped by `provider`, refusing another provider's blob.
pub(crate) fn parse_blob<'a>(provider: &str, blob: &'a [u8]) -> Result<CloudBlob<'a>> {
    let rest = blob
        .strip_prefix(&CLOUD_BLOB_MAGIC[..])
        .ok_or(Error::MalformedHeader(
            "not a cloud-wrapped key (no LNGW magic)",
        ))?;
    let (&format, rest) = rest
        .split_first()
        .ok_or(Error::MalformedHeader("truncated"))?;
    if format != CLOUD_BLOB_FORMAT {
        return Err(Error::UnsupportedVersion(format));
    }
    let (&id_len, rest) = rest
        .split_first()
        .ok_or(Error::MalformedHeader("truncated"))?;
    let id_len = usize::from(id_len);
    if rest.len() < id_len + 4 {
        return Err(Error::MalformedHeader("truncated"));
    }
    let (id, rest) = rest.split_at(id_len);
    let id = std::str::from_utf8(id).map_err(|_| Error::MalformedHeader("provider id"))?;
    if id != provider {
        return Err(Error::ProviderMismatch {
            expected: provider.to_owned(),
            found: id.to_owned(),
        });
    }
    let (v, body) = rest.split_at(4);
    let mut vb = [0u8; 4];
    vb.copy_from_slice(v);
    let header_len = blob.len() - body.len();
    if body.is_empty() {
        return Err(Error::MalformedHeader("no ciphertext after the header"));
    }
    Ok(CloudBlob {
        version: u32::from_be_bytes(vb),
        header: &blob[..header_len],
        body,
    })
}

// ---------------------------------------------------------------------------------------
// KEK version list: keys/<provider>.json
// ---------------------------------------------------------------------------------------

/// One KEK version: which back-end key (or key version) it is, and whether lango-node
/// created it (only those are ever deleted or disabled on retire).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct KekVersion {
    /// Our version number (1, 2, ...).
    pub version: u32,
    /// The back end's name for it (AWS key ARN, GCP CryptoKeyVersion name, Azure key
    /// version).
    pub key: String,
    /// True if `rotate` created it; false for the operator-configured key.
    pub created_by_us: bool,
}

/// The non-secret state of a cloud provider, kept in `keys/<provider>.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct VersionState {
    /// The provider id.
    pub provider: String,
    /// Format of this file (1).
    pub format: u32,
    /// The key named in the configuration at `init` (a changed config is refused).
    pub configured: String,
    /// The version `wrap` uses.
    pub current: u32,
    /// Every version not yet retired, oldest first.
    pub versions: Vec<KekVersion>,
}

/// Path of a cloud provider's state file.
pub(crate) fn state_path(dir: &DataDir, provider: &str) -> PathBuf {
    dir.provider_state_path(provider)
}

impl VersionState {
    /// A fresh state whose version 1 is the operator's key `key`.
    pub(crate) fn new(provider: &str, configured: &str, key: String) -> Self {
        VersionState {
            provider: provider.to_owned(),
            format: STATE_FORMAT,
            configured: configured.to_owned(),
            current: 1,
            versions: vec![KekVersion {
                version: 1,
                key,
                created_by_us: false,
            }],
        }
    }

    /// Loads and checks `path`: the right provider, format, configured key and a current
    /// version that exists.
    pub(crate) fn load(
        dir: &DataDir,
        path: &Path,
        provider: &str,
        configured: &str,
    ) -> Result<Self> {
        let bytes = dir.read_required(path)?;
        let bad = |detail: String| Error::MalformedMetadata {
            path: path.to_path_buf(),
            what: "cloud key provider state",
            detail,
        };
        let st: VersionState = serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
        if st.provider != provider {
            return Err(Error::ProviderMismatch {
                expected: provider.to_owned(),
                found: st.provider,
            });
        }
        if st.format != STATE_FORMAT {
            return Err(bad(format!("unknown format {}", st.format)));
        }
        if st.configured != configured {
            return Err(Error::Provider {
                provider: provider.to_owned(),
                detail: format!(
                    "the configured key `{configured}` is not the key `{}` this data dir was \
                     initialised with ({}); use `keys rotate` to move to another key",
                    st.configured,
                    path.display()
                ),
            });
        }
        if st.key(st.current).is_none() {
            return Err(bad(format!("current version {} is not listed", st.current)));
        }
        Ok(st)
    }

    /// Writes the state atomically (mode 0600).
    pub(crate) fn save(&self, path: &Path) -> Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(|source| Error::Encode {
            what: "cloud key provider state",
            source,
        })?;
        atomic_write(path, &json, 0o600)
    }

    /// The back-end key of `version`, if it is held.
    pub(crate) fn key(&self, version: u32) -> Option<&str> {
        self.versions
            .iter()
            .find(|v| v.version == version)
            .map(|v| v.key.as_str())
    }

    /// The back-end key of `version`, or the clear error for a version not held.
    pub(crate) fn require(&self, version: u32) -> Result<&str> {
        self.key(version).ok_or_else(|| Error::Provider {
            provider: self.provider.clone(),
            detail: format!(
                "blob is wrapped under KEK version {version}, which this provider does not \
                 hold (retired, or never created); held: {}",
                self.held()
            ),
        })
    }

    fn held(&self) -> String {
        let v: Vec<String> = self
            .versions
            .iter()
            .map(|v| v.version.to_string())
            .collect();
        v.join(", ")
    }

    /// Adds `key` as a new current version created by us; returns its number.
    pub(crate) fn push_current(&mut self, key: String) -> u32 {
        let next = self.versions.iter().map(|v| v.version).max().unwrap_or(0) + 1;
        self.versions.push(KekVersion {
            version: next,
            key,
            created_by_us: true,
        });
        self.current = next;
        next
    }

    /// Checks `keep_from` and returns the versions it retires.
    pub(crate) fn to_retire(&self, keep_from: u32) -> Result<Vec<KekVersion>> {
        if keep_from > self.current {
            return Err(Error::Provider {
                provider: self.provider.clone(),
                detail: format!(
                    "cannot retire KEK versions below {keep_from}: the current version is {}",
                    self.current
                ),
            });
        }
        Ok(self
            .versions
            .iter()
            .filter(|v| v.version < keep_from)
            .cloned()
            .collect())
    }

    /// Forgets `version`.
    pub(crate) fn forget(&mut self, version: u32) {
        self.versions.retain(|v| v.version != version);
    }
}

/// Refuses to initialise over an existing master key (as the local provider does).
pub(crate) fn check_not_initialised(dir: &DataDir) -> Result<()> {
    if dir.registry_path().exists() {
        return Err(Error::AlreadyInitialised {
            path: dir.path().to_path_buf(),
        });
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Runtime
// ---------------------------------------------------------------------------------------

/// A provider's private current-thread tokio runtime; see the module docs.
pub(crate) struct CloudRuntime {
    rt: Option<tokio::runtime::Runtime>,
    provider: &'static str,
}

impl CloudRuntime {
    pub(crate) fn new(provider: &'static str) -> Result<Self> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::Provider {
                provider: provider.to_owned(),
                detail: format!("could not start its async runtime: {e}"),
            })?;
        Ok(CloudRuntime {
            rt: Some(rt),
            provider,
        })
    }

    /// Runs `fut` to completion on a scoped thread of its own (never on the caller's,
    /// which may be inside another runtime).
    pub(crate) fn block_on<F>(&self, fut: F) -> Result<F::Output>
    where
        F: Future + Send,
        F::Output: Send,
    {
        let rt = self.rt.as_ref().ok_or_else(|| Error::Provider {
            provider: self.provider.to_owned(),
            detail: "its async runtime is shut down".to_owned(),
        })?;
        std::thread::scope(|s| {
            std::thread::Builder::new()
                .name(format!("lango-{}", self.provider))
                .spawn_scoped(s, || rt.block_on(fut))
                .map_err(|e| Error::Provider {
                    provider: self.provider.to_owned(),
                    detail: format!("could not start a thread for the call: {e}"),
                })?
                .join()
                .map_err(|_| Error::Provider {
                    provider: self.provider.to_owned(),
                    detail: "a call to the service panicked".to_owned(),
                })
        })
    }
}

impl Drop for CloudRuntime {
    fn drop(&mut self) {
        // `shutdown_background` does not block, so dropping a provider inside an async
        // context is safe (a plain drop of a runtime there panics).
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}

// ---------------------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------------------

/// How one attempt failed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Refused for good (access denied, not found, invalid ciphertext): not retried,
    /// reported as [`Error::Provider`].
    Permanent(String),
    /// Possibly transient (throttled, 5xx, connection or timeout): retried, then
    /// reported as [`Error::ProviderUnavailable`].
    Transient(String),
}

/// Capped exponential backoff with full jitter.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Retry {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// First backoff ceiling.
    pub base: Duration,
    /// Largest backoff ceiling.
    pub cap: Duration,
}

impl Retry {
    pub(crate) fn new(max_retries: u32) -> Self {
        Retry {
            max_retries,
            base: Duration::from_millis(100),
            cap: Duration::from_secs(2),
        }
    }

    /// Backoff before retry number `n` (0-based): uniform in `[0, min(cap, base * 2^n)]`.
    pub(crate) fn backoff(&self, n: u32) -> Duration {
        let ceiling = self
            .base
            .saturating_mul(1u32.checked_shl(n.min(20)).unwrap_or(u32::MAX))
            .min(self.cap);
        let ms = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(OsRng.next_u64() % (ms + 1))
    }

    /// Runs `attempt` until it succeeds, fails permanently, or retries run out. `what`
    /// names the operation and target for the error ("Encrypt with key K at URL").
    pub(crate) fn run<T>(
        &self,
        provider: &str,
        what: &str,
        mut attempt: impl FnMut() -> Result<std::result::Result<T, Failure>>,
    ) -> Result<T> {
        let mut n = 0;
        loop {
            match attempt()? {
                Ok(v) => return Ok(v),
                Err(Failure::Permanent(detail)) => {
                    return Err(Error::Provider {
                        provider: provider.to_owned(),
                        detail: format!("{what}: {detail}"),
                    })
                }
                Err(Failure::Transient(detail)) if n >= self.max_retries => {
                    return Err(Error::ProviderUnavailable {
                        provider: provider.to_owned(),
                        detail: format!("{what}: {detail} (after {} attempts)", n + 1),
                    })
                }
                Err(Failure::Transient(_)) => {
                    std::thread::sleep(self.backoff(n));
                    n += 1;
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Endpoints and tokens
// ---------------------------------------------------------------------------------------

/// Parses a service endpoint: `https://`, or `http://` to a loopback address only (for
/// emulators and test fixtures; a bearer token must never cross a network in clear).
pub(crate) fn check_endpoint(provider: &str, url: &str) -> Result<reqwest::Url> {
    let bad = |why: &str| Error::Provider {
        provider: provider.to_owned(),
        detail: format!("endpoint `{url}` {why}"),
    };
    let u = reqwest::Url::parse(url).map_err(|e| bad(&format!("is not a URL: {e}")))?;
    match u.scheme() {
        "https" => {}
        "http" => {
            let host = u.host_str().unwrap_or("");
            let host = host.trim_start_matches('[').trim_end_matches(']');
            let loopback =
                host == "localhost" || host.parse::<IpAddr>().is_ok_and(|a| a.is_loopback());
            if !loopback {
                return Err(bad("uses plain http to a non-loopback host: use https"));
            }
        }
        _ => return Err(bad("must be an https:// URL")),
    }
    if u.query().is_some() || u.fragment().is_some() {
        return Err(bad("must not carry a query or fragment"));
    }
    Ok(u)
}

/// Where a bearer token is read from, at every call (so an external refresher can
/// replace it): a file if configured, else an environment variable.
#[derive(Debug, Clone)]
pub(crate) struct TokenSource {
    pub file: Option<PathBuf>,
    pub env: String,
}

impl TokenSource {
    pub(crate) fn read(&self, provider: &str) -> Result<Zeroizing<String>> {
        let refuse = |detail: String| Error::Provider {
            provider: provider.to_owned(),
            detail,
        };
        let token = match &self.file {
            Some(p) => Zeroizing::new(
                std::fs::read_to_string(p)
                    .map_err(|e| refuse(format!("cannot read token_file {}: {e}", p.display())))?,
            ),
            None => Zeroizing::new(std::env::var(&self.env).map_err(|_| {
                refuse(format!(
                    "no access token: set the {} environment variable or token_file",
                    self.env
                ))
            })?),
        };
        let t = token.trim();
        if t.is_empty() || !t.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(refuse(
                "the access token is empty or not printable ASCII".into(),
            ));
        }
        Ok(Zeroizing::new(t.to_owned()))
    }
}

// ---------------------------------------------------------------------------------------
// JSON over HTTPS (gcp-kms, azure-kv)
// ---------------------------------------------------------------------------------------

/// A JSON-over-HTTPS client with the provider's runtime, timeouts, retries and token.
pub(crate) struct JsonClient {
    provider: &'static str,
    client: reqwest::Client,
    rt: CloudRuntime,
    retry: Retry,
    token: TokenSource,
}

/// A classified HTTP failure body: the service's status/code string and message.
fn error_summary(status: reqwest::StatusCode, body: &[u8]) -> String {
    let v: serde_json::Value = serde_json::from_slice(body).unwrap_or(serde_json::Value::Null);
    let e = &v["error"];
    // GCP: {"error": {"code": 403, "message": ..., "status": "PERMISSION_DENIED"}}
    // Azure: {"error": {"code": "Forbidden", "message": ..., "innererror": {"code": ...}}}
    let code = e["status"]
        .as_str()
        .or_else(|| e["innererror"]["code"].as_str())
        .or_else(|| e["code"].as_str())
        .unwrap_or("");
    let msg = e["message"].as_str().unwrap_or("");
    let mut s = format!("HTTP {}", status.as_u16());
    if !code.is_empty() {
        s.push_str(&format!(" {code}"));
    }
    if !msg.is_empty() {
        let msg: String = msg.chars().take(300).collect();
        s.push_str(&format!(": {msg}"));
    }
    s
}

impl JsonClient {
    pub(crate) fn new(
        provider: &'static str,
        timeout: Duration,
        connect_timeout: Duration,
        max_retries: u32,
        token: TokenSource,
    ) -> Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Provider {
                provider: provider.to_owned(),
                detail: format!("could not build its HTTPS client: {e}"),
            })?;
        Ok(JsonClient {
            provider,
            client,
            rt: CloudRuntime::new(provider)?,
            retry: Retry::new(max_retries),
            token,
        })
    }

    /// Sends `body` (POST, PATCH) or nothing (GET) to `url` with the bearer token and
    /// returns the JSON answer. 429, 5xx, timeouts and connection failures are retried
    /// and end in [`Error::ProviderUnavailable`]; other statuses are [`Error::Provider`].
    pub(crate) fn call(
        &self,
        method: reqwest::Method,
        url: &reqwest::Url,
        body: Option<&serde_json::Value>,
        what: &str,
    ) -> Result<serde_json::Value> {
        let what = format!("{what} ({method} {})", redact_url(url));
        self.retry.run(self.provider, &what, || {
            let token = self.token.read(self.provider)?;
            self.rt.block_on(async {
                let mut req = self
                    .client
                    .request(method.clone(), url.clone())
                    .bearer_auth(token.as_str())
                    .header(reqwest::header::ACCEPT, "application/json");
                if let Some(b) = body {
                    req = req
                        .header(reqwest::header::CONTENT_TYPE, "application/json")
                        .body(b.to_string());
                }
                let mut resp = match req.send().await {
                    Ok(r) => r,
                    Err(e) => return Err(Failure::Transient(describe_reqwest(&e))),
                };
                let status = resp.status();
                let mut buf = Vec::new();
                loop {
                    match resp.chunk().await {
                        Ok(Some(c)) => {
                            if buf.len() + c.len() > MAX_RESPONSE {
                                return Err(Failure::Permanent(format!(
                                    "response larger than {MAX_RESPONSE} bytes refused"
                                )));
                            }
                            buf.extend_from_slice(&c);
                        }
                        Ok(None) => break,
                        Err(e) => return Err(Failure::Transient(describe_reqwest(&e))),
                    }
                }
                if status.is_success() {
                    return serde_json::from_slice(&buf).map_err(|e| {
                        Failure::Permanent(format!("response is not the expected JSON: {e}"))
                    });
                }
                let summary = error_summary(status, &buf);
                if status.is_server_error() || status == reqwest::StatusCode::TOO_MANY_REQUESTS {
                    Err(Failure::Transient(summary))
                } else {
                    Err(Failure::Permanent(summary))
                }
            })
        })
    }
}

/// The URL without its query (api-version is noise in messages).
fn redact_url(u: &reqwest::Url) -> String {
    let mut u = u.clone();
    u.set_query(None);
    u.to_string()
}

fn describe_reqwest(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "cannot connect"
    } else {
        "request failed"
    };
    // The source chain carries the OS error (e.g. "Connection refused").
    let mut detail = String::new();
    let mut src: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(s) = src {
        detail = s.to_string();
        src = s.source();
    }
    if detail.is_empty() {
        kind.to_owned()
    } else {
        format!("{kind}: {detail}")
    }
}

/// Base64 (standard, padded), as GCP's JSON `bytes` fields use.
pub(crate) fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Decodes a standard base64 field of a response.
pub(crate) fn unb64(field: &str, v: &serde_json::Value) -> std::result::Result<Vec<u8>, String> {
    use base64::Engine;
    let s = v[field]
        .as_str()
        .ok_or_else(|| format!("response has no `{field}` string"))?;
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .map_err(|e| format!("response field `{field}` is not base64: {e}"))
}

/// Base64url without padding, as Azure's JSON Web Key fields use.
pub(crate) fn b64url(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes a base64url field (padding tolerated).
pub(crate) fn unb64url(field: &str, v: &serde_json::Value) -> std::result::Result<Vec<u8>, String> {
    use base64::Engine;
    let s = v[field]
        .as_str()
        .ok_or_else(|| format!("response has no `{field}` string"))?;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s.trim_end_matches('='))
        .map_err(|e| format!("response field `{field}` is not base64url: {e}"))
}

/// A malformed response becomes a provider error naming `what`.
pub(crate) fn malformed(provider: &str, what: &str, detail: impl std::fmt::Display) -> Error {
    Error::Provider {
        provider: provider.to_owned(),
        detail: format!("{what}: malformed response: {detail}"),
    }
}

/// Converts a signing failure into the protocol's signer error.
pub(crate) fn signer_error(e: Error) -> lango_protocol::identity::SignerError {
    lango_protocol::identity::SignerError(e.to_string())
}

/// The SEC1 point in a PEM or DER SubjectPublicKeyInfo of a P-256 key.
pub(crate) fn spki_der_to_agent_key(
    provider: &str,
    der: &[u8],
) -> Result<lango_protocol::AgentPublicKey> {
    use p256::pkcs8::DecodePublicKey;
    let pk = p256::PublicKey::from_public_key_der(der).map_err(|e| Error::Provider {
        provider: provider.to_owned(),
        detail: format!("public key is not a P-256 SubjectPublicKeyInfo: {e}"),
    })?;
    let point = p256::elliptic_curve::sec1::ToEncodedPoint::to_encoded_point(&pk, true);
    lango_protocol::AgentPublicKey::from_sec1_any(point.as_bytes()).map_err(|e| Error::Provider {
        provider: provider.to_owned(),
        detail: format!("public key refused: {e}"),
    })
}

/// Decodes a `-----BEGIN PUBLIC KEY-----` PEM block to DER.
pub(crate) fn pem_to_der(provider: &str, pem: &str) -> Result<Vec<u8>> {
    use base64::Engine;
    let body: String = pem
        .lines()
        .map(str::trim)
        .skip_while(|l| *l != "-----BEGIN PUBLIC KEY-----")
        .skip(1)
        .take_while(|l| *l != "-----END PUBLIC KEY-----")
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(body)
        .ok()
        .filter(|d| !d.is_empty())
        .ok_or_else(|| Error::Provider {
            provider: provider.to_owned(),
            detail: "public key is not a PEM PUBLIC KEY block".to_owned(),
        })
}

/// Converts a DER ECDSA signature to our low-S [`lango_protocol::Signature`].
pub(crate) fn der_signature(
    der: &[u8],
) -> std::result::Result<lango_protocol::Signature, lango_protocol::identity::SignerError> {
    let sig = p256::ecdsa::Signature::from_der(der).map_err(|e| {
        lango_protocol::identity::SignerError(format!("malformed DER signature: {e}"))
    })?;
    let (r, s) = sig.split_bytes();
    lango_protocol::Signature::from_scalars(&r, &s)
}

/// Checks a signature from a service against the key it should be from, so a service
/// answering with another key's signature is caught at once.
pub(crate) fn check_signature(
    public: &lango_protocol::AgentPublicKey,
    payload: &lango_protocol::identity::SignedPayload,
    sig: &lango_protocol::Signature,
) -> std::result::Result<(), lango_protocol::identity::SignerError> {
    public.verify(payload, sig).map_err(|_| {
        lango_protocol::identity::SignerError(
            "the key service returned a signature that does not verify under the identity key"
                .to_owned(),
        )
    })
}
