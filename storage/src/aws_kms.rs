//! `aws-kms` key provider: KEKs are AWS KMS symmetric keys, the identity key an AWS KMS
//! ECC_NIST_P256 signing key.
//!
//! - **wrap** is KMS `Encrypt` under the current version's key with an
//!   `EncryptionContext` of `{"lango-node/aad": hex(aad), "lango-node/blob":
//!   "aws-kms/1/v<version>"}`, so KMS itself refuses a blob unwrapped with other AAD or
//!   relabelled to another version; **unwrap** is `Decrypt` with the same context and the
//!   version's key id pinned. The blob is the [cloud header](crate::cloud) followed by
//!   KMS's `CiphertextBlob`.
//! - **sign** is KMS `Sign` (ECDSA_SHA_256, `MessageType=DIGEST` over SHA-256 of the
//!   payload); the DER signature becomes our low-S [`Signature`] and is checked against
//!   the public key from `GetPublicKey` before it is returned.
//! - **rotate** calls `CreateKey` (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT) and makes the new key
//!   current; `keys/aws-kms.json` lists the key of every version. **retire** schedules
//!   deletion (the 7-day minimum window) of the retired keys *that rotate created*, and
//!   only forgets the operator-configured key: lango-node never deletes a key it was
//!   given.
//! - Credentials come from the standard AWS chain (environment, shared profile,
//!   web identity, ECS, IMDS); `profile` picks a named profile. Nothing secret is stored.
//! - The SDK's own retries are off; every call goes through [`crate::cloud`]'s capped,
//!   jittered backoff. Errors are classified by the service's typed error code: throttling,
//!   `KMSInternalException`, `DependencyTimeoutException`, `KeyUnavailableException`, 5xx,
//!   timeouts and dispatch failures are retried and end in
//!   [`Error::ProviderUnavailable`]; `AccessDeniedException`, `NotFoundException`,
//!   `InvalidCiphertextException` and the rest are [`Error::Provider`] naming the code.
//! - The SDK is async: calls run on the provider's own current-thread runtime on a scoped
//!   thread (see [`crate::cloud`]), so the provider works from any thread, including one
//!   inside another tokio runtime.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use aws_sdk_kms::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_kms::primitives::Blob;
use aws_sdk_kms::types::{KeySpec, KeyState, KeyUsageType, MessageType, SigningAlgorithmSpec};
use lango_protocol::identity::{SignedPayload, SignerError};
use lango_protocol::{AgentPublicKey, Signature, Signer};
use serde::Deserialize;
use zeroize::Zeroizing;

use crate::cloud::{
    blob_header, check_endpoint, check_not_initialised, check_signature, der_signature, parse_blob,
    signer_error, spki_der_to_agent_key, state_path, CloudRuntime, Failure, Retry, VersionState,
};
use crate::crypto::Key32;
use crate::datadir::DataDir;
use crate::error::{Error, Result};
use crate::provider::{Capabilities, KeyProvider};

/// Provider id of [`AwsKmsProvider`].
pub const AWS_KMS_PROVIDER_ID: &str = "aws-kms";

/// Longest AAD accepted: it travels hex-encoded in the KMS encryption context.
const MAX_AAD: usize = 1024;
/// KMS's minimum (and our) waiting period before a retired key is deleted.
const DELETION_WINDOW_DAYS: i32 = 7;
const CTX_AAD: &str = "lango-node/aad";
const CTX_BLOB: &str = "lango-node/blob";

/// Error codes (KMS's typed exceptions and AWS's common ones) worth retrying.
const TRANSIENT_CODES: &[&str] = &[
    "DependencyTimeoutException",
    "InternalFailure",
    "KMSInternalException",
    "KeyUnavailableException",
    "LimitExceededException",
    "RequestLimitExceeded",
    "ServiceUnavailable",
    "ThrottlingException",
    "TooManyRequestsException",
];

/// `[keys.aws-kms]` in the node's configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwsKmsConfig {
    /// AWS region, e.g. `"eu-west-1"`.
    pub region: String,
    /// The SYMMETRIC_DEFAULT (ENCRYPT_DECRYPT) key that is KEK version 1: key id, ARN,
    /// or alias (`alias/...`).
    pub key_id: String,
    /// An ECC_NIST_P256 SIGN_VERIFY key to hold the agent identity. If absent,
    /// `create_identity` creates one with `CreateKey`.
    #[serde(default)]
    pub sign_key_id: Option<String>,
    /// What `Sign` is sent: `"digest"` (default: the SHA-256 of the payload, with
    /// `MessageType=DIGEST`) or `"raw"` (the payload itself, at most 4096 bytes, hashed by
    /// KMS; for emulators such as moto 5, which do not implement DIGEST). Both give the
    /// same ECDSA-P256-SHA256 signature on real KMS.
    #[serde(default)]
    pub sign_message: SignMessage,
    /// Endpoint override (e.g. a VPC endpoint, or `http://127.0.0.1:PORT` for a local
    /// emulator; plain http is accepted for loopback only). Default: the regional KMS
    /// endpoint.
    #[serde(default)]
    pub endpoint: Option<String>,
    /// Named profile of the shared AWS config/credentials files. Default: the standard
    /// chain (`AWS_PROFILE` or `default`).
    #[serde(default)]
    pub profile: Option<String>,
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

/// How the payload is handed to KMS `Sign`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum SignMessage {
    /// SHA-256 of the payload, `MessageType=DIGEST`.
    #[default]
    Digest,
    /// The payload itself (at most 4096 bytes), `MessageType=RAW`.
    Raw,
}

/// What every call needs: shared with the signers this provider hands out.
struct Inner {
    client: aws_sdk_kms::Client,
    rt: CloudRuntime,
    retry: Retry,
    /// Where calls go, for messages.
    target: String,
    sign_message: SignMessage,
}

/// A [`KeyProvider`] backed by AWS KMS.
pub struct AwsKmsProvider {
    inner: Arc<Inner>,
    state: VersionState,
    state_path: PathBuf,
    sign_key_id: Option<String>,
}

impl AwsKmsProvider {
    /// Sets up the provider at `lango-node init`: checks that `cfg.key_id` is an enabled
    /// symmetric encryption key, and writes `keys/aws-kms.json` with it as version 1.
    pub fn create(dir: &DataDir, cfg: &AwsKmsConfig) -> Result<Self> {
        check_not_initialised(dir)?;
        let inner = Inner::new(cfg)?;
        let arn = inner.describe_symmetric(&cfg.key_id)?;
        let state = VersionState::new(AWS_KMS_PROVIDER_ID, &cfg.key_id, arn);
        let state_path = state_path(dir, AWS_KMS_PROVIDER_ID);
        state.save(&state_path)?;
        Ok(AwsKmsProvider {
            inner: Arc::new(inner),
            state,
            state_path,
            sign_key_id: cfg.sign_key_id.clone(),
        })
    }

    /// Opens the provider at start-up from `keys/aws-kms.json`. Makes no network call;
    /// refuses a configuration whose `key_id` differs from the one given at `init`.
    pub fn open(dir: &DataDir, cfg: &AwsKmsConfig) -> Result<Self> {
        let state_path = state_path(dir, AWS_KMS_PROVIDER_ID);
        let state = VersionState::load(dir, &state_path, AWS_KMS_PROVIDER_ID, &cfg.key_id)?;
        Ok(AwsKmsProvider {
            inner: Arc::new(Inner::new(cfg)?),
            state,
            state_path,
            sign_key_id: cfg.sign_key_id.clone(),
        })
    }

    /// The KEK versions held and their KMS keys.
    pub fn state(&self) -> &VersionState {
        &self.state
    }

    fn context(version: u32, aad: &[u8]) -> Result<HashMap<String, String>> {
        if aad.len() > MAX_AAD {
            return Err(Error::Provider {
                provider: AWS_KMS_PROVIDER_ID.to_owned(),
                detail: format!(
                    "AAD of {} bytes is longer than the {MAX_AAD} bytes the KMS encryption \
                     context carries",
                    aad.len()
                ),
            });
        }
        Ok(HashMap::from([
            (CTX_AAD.to_owned(), hex::encode(aad)),
            (
                CTX_BLOB.to_owned(),
                format!("{AWS_KMS_PROVIDER_ID}/1/v{version}"),
            ),
        ]))
    }
}

impl Inner {
    fn new(cfg: &AwsKmsConfig) -> Result<Self> {
        let rt = CloudRuntime::new(AWS_KMS_PROVIDER_ID)?;
        if let Some(e) = &cfg.endpoint {
            check_endpoint(AWS_KMS_PROVIDER_ID, e)?;
        }
        let timeouts = aws_config::timeout::TimeoutConfig::builder()
            .connect_timeout(Duration::from_secs(cfg.connect_timeout_secs))
            .operation_attempt_timeout(Duration::from_secs(cfg.timeout_secs))
            .build();
        let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new(cfg.region.clone()))
            .retry_config(aws_config::retry::RetryConfig::disabled())
            .timeout_config(timeouts);
        if let Some(p) = &cfg.profile {
            loader = loader.profile_name(p);
        }
        // `load` reads configuration only; credentials are resolved lazily at the first call.
        let sdk = rt.block_on(loader.load())?;
        let mut conf = aws_sdk_kms::config::Builder::from(&sdk);
        if let Some(e) = &cfg.endpoint {
            conf = conf.endpoint_url(e);
        }
        let target = match &cfg.endpoint {
            Some(e) => e.clone(),
            None => format!("KMS in {}", cfg.region),
        };
        Ok(Inner {
            client: aws_sdk_kms::Client::from_conf(conf.build()),
            rt,
            retry: Retry::new(cfg.max_retries),
            target,
            sign_message: cfg.sign_message,
        })
    }

    /// Runs one KMS operation with retries. `op` builds and sends the request.
    fn call<T, E, F, Fut>(&self, what: &str, op: F) -> Result<T>
    where
        F: Fn() -> Fut + Send + Sync,
        Fut: std::future::Future<Output = std::result::Result<T, SdkError<E>>> + Send,
        T: Send,
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let what = format!("{what} at {}", self.target);
        self.retry.run(AWS_KMS_PROVIDER_ID, &what, || {
            self.rt.block_on(async { op().await.map_err(classify) })
        })
    }

    /// Checks `key_id` is an enabled SYMMETRIC_DEFAULT encryption key; returns its ARN.
    fn describe_symmetric(&self, key_id: &str) -> Result<String> {
        let out = self.call(&format!("DescribeKey {key_id}"), || {
            self.client.describe_key().key_id(key_id).send()
        })?;
        let refuse = |why: String| Error::Provider {
            provider: AWS_KMS_PROVIDER_ID.to_owned(),
            detail: format!("key {key_id} {why}"),
        };
        let md = out
            .key_metadata()
            .ok_or_else(|| refuse("has no metadata in DescribeKey".into()))?;
        if md.key_usage() != Some(&KeyUsageType::EncryptDecrypt)
            || md.key_spec() != Some(&KeySpec::SymmetricDefault)
        {
            return Err(refuse(format!(
                "is not a SYMMETRIC_DEFAULT ENCRYPT_DECRYPT key (usage {:?}, spec {:?})",
                md.key_usage(),
                md.key_spec()
            )));
        }
        if md.key_state() != Some(&KeyState::Enabled) {
            return Err(refuse(format!(
                "is not enabled (state {:?})",
                md.key_state()
            )));
        }
        Ok(md.arn().unwrap_or(md.key_id()).to_owned())
    }

    /// The P-256 public key of signing key `key_id`.
    fn public_key(&self, key_id: &str) -> Result<AgentPublicKey> {
        let out = self.call(&format!("GetPublicKey {key_id}"), || {
            self.client.get_public_key().key_id(key_id).send()
        })?;
        // The SPKI parse below is what proves P-256; the spec fields are checked when the
        // service reports them (moto leaves `KeySpec` out).
        if out.key_spec().is_some_and(|s| *s != KeySpec::EccNistP256)
            || out.key_usage() != Some(&KeyUsageType::SignVerify)
        {
            return Err(Error::Provider {
                provider: AWS_KMS_PROVIDER_ID.to_owned(),
                detail: format!(
                    "key {key_id} is not an ECC_NIST_P256 SIGN_VERIFY key (spec {:?}, usage {:?})",
                    out.key_spec(),
                    out.key_usage()
                ),
            });
        }
        let der = out.public_key().ok_or_else(|| Error::Provider {
            provider: AWS_KMS_PROVIDER_ID.to_owned(),
            detail: format!("GetPublicKey {key_id} returned no key"),
        })?;
        spki_der_to_agent_key(AWS_KMS_PROVIDER_ID, der.as_ref())
    }
}

/// The key id of a key ARN (`arn:aws:kms:REGION:ACCOUNT:key/ID` -> `ID`); anything else
/// unchanged. KMS accepts either; moto's ScheduleKeyDeletion accepts only the bare id.
fn bare_key_id(key: &str) -> &str {
    match key.strip_prefix("arn:") {
        Some(rest) => rest.rsplit_once(":key/").map_or(key, |(_, id)| id),
        None => key,
    }
}

/// Sorts an SDK failure into retry-or-not by the service's typed error code.
fn classify<E>(e: SdkError<E>) -> Failure
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match &e {
        SdkError::ServiceError(ctx) => {
            let status = ctx.raw().status().as_u16();
            let detail = match ctx.err().code() {
                Some(code) => format!(
                    "{code}: {} (HTTP {status})",
                    ctx.err().message().unwrap_or("no message")
                ),
                None if status == 401 || status == 403 => format!(
                    "access refused (HTTP {status}): the credentials of the AWS credential \
                     chain were not accepted or lack permission"
                ),
                None => format!("unrecognised error response (HTTP {status})"),
            };
            let code = ctx.err().code().unwrap_or("");
            if TRANSIENT_CODES.contains(&code) || status >= 500 || status == 429 {
                Failure::Transient(detail)
            } else {
                Failure::Permanent(detail)
            }
        }
        SdkError::TimeoutError(_) => Failure::Transient("timed out".to_owned()),
        SdkError::DispatchFailure(d) if d.is_user() => {
            Failure::Permanent(DisplayErrorContext(&e).to_string())
        }
        SdkError::DispatchFailure(_) | SdkError::ResponseError(_) => {
            Failure::Transient(DisplayErrorContext(&e).to_string())
        }
        _ => Failure::Permanent(DisplayErrorContext(&e).to_string()),
    }
}

impl KeyProvider for AwsKmsProvider {
    fn id(&self) -> &str {
        AWS_KMS_PROVIDER_ID
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            wrap: true,
            sign: true,
        }
    }

    fn kek_version(&self) -> u32 {
        self.state.current
    }

    fn wrap(&self, dek: &Key32, aad: &[u8]) -> Result<Vec<u8>> {
        let version = self.state.current;
        let key = self.state.require(version)?;
        let ctx = Self::context(version, aad)?;
        let out = self.inner.call(&format!("Encrypt with key {key}"), || {
            self.inner
                .client
                .encrypt()
                .key_id(key)
                .plaintext(Blob::new(dek.as_bytes().to_vec()))
                .set_encryption_context(Some(ctx.clone()))
                .send()
        })?;
        let ct = out.ciphertext_blob().ok_or_else(|| Error::Provider {
            provider: AWS_KMS_PROVIDER_ID.to_owned(),
            detail: format!("Encrypt with key {key} returned no ciphertext"),
        })?;
        let mut blob = blob_header(AWS_KMS_PROVIDER_ID, version);
        blob.extend_from_slice(ct.as_ref());
        Ok(blob)
    }

    fn unwrap(&self, wrapped: &[u8], aad: &[u8]) -> Result<Key32> {
        let blob = parse_blob(AWS_KMS_PROVIDER_ID, wrapped)?;
        let key = self.state.require(blob.version)?;
        let ctx = Self::context(blob.version, aad)?;
        let out = self.inner.call(&format!("Decrypt with key {key}"), || {
            self.inner
                .client
                .decrypt()
                .key_id(key)
                .ciphertext_blob(Blob::new(blob.body.to_vec()))
                .set_encryption_context(Some(ctx.clone()))
                .send()
        })?;
        let pt = Zeroizing::new(out.plaintext.map(Blob::into_inner).unwrap_or_default());
        let bytes: [u8; 32] = pt.as_slice().try_into().map_err(|_| Error::UnwrapFailed {
            provider: AWS_KMS_PROVIDER_ID.to_owned(),
        })?;
        Ok(Key32::from_bytes(bytes))
    }

    fn health(&self) -> Result<()> {
        let key = self.state.require(self.state.current)?;
        self.inner.describe_symmetric(key).map(|_| ())
    }

    fn rotate(&mut self) -> Result<u32> {
        let next = self
            .state
            .versions
            .iter()
            .map(|v| v.version)
            .max()
            .unwrap_or(0)
            + 1;
        let out = self.inner.call("CreateKey (SYMMETRIC_DEFAULT)", || {
            self.inner
                .client
                .create_key()
                .key_spec(KeySpec::SymmetricDefault)
                .key_usage(KeyUsageType::EncryptDecrypt)
                .description(format!(
                    "lango-node KEK version {next} (created by keys rotate)"
                ))
                .send()
        })?;
        let md = out.key_metadata().ok_or_else(|| Error::Provider {
            provider: AWS_KMS_PROVIDER_ID.to_owned(),
            detail: "CreateKey returned no key metadata".to_owned(),
        })?;
        let arn = md.arn().unwrap_or(md.key_id()).to_owned();
        let mut state = self.state.clone();
        let v = state.push_current(arn);
        state.save(&self.state_path)?;
        self.state = state;
        Ok(v)
    }

    fn retire(&mut self, keep_from: u32) -> Result<()> {
        for old in self.state.to_retire(keep_from)? {
            if old.created_by_us {
                self.inner
                    .call(&format!("ScheduleKeyDeletion {}", old.key), || {
                        self.inner
                            .client
                            .schedule_key_deletion()
                            .key_id(bare_key_id(&old.key))
                            .pending_window_in_days(DELETION_WINDOW_DAYS)
                            .send()
                    })?;
            }
            // The operator's own key is only forgotten, never deleted.
            let mut state = self.state.clone();
            state.forget(old.version);
            state.save(&self.state_path)?;
            self.state = state;
        }
        Ok(())
    }

    fn create_identity(&self) -> Result<(String, Arc<dyn Signer>)> {
        let key_id = match &self.sign_key_id {
            Some(k) => k.clone(),
            None => {
                let out = self.inner.call("CreateKey (ECC_NIST_P256)", || {
                    self.inner
                        .client
                        .create_key()
                        .key_spec(KeySpec::EccNistP256)
                        .key_usage(KeyUsageType::SignVerify)
                        .description("lango-node agent identity")
                        .send()
                })?;
                let md = out.key_metadata().ok_or_else(|| Error::Provider {
                    provider: AWS_KMS_PROVIDER_ID.to_owned(),
                    detail: "CreateKey returned no key metadata".to_owned(),
                })?;
                md.arn().unwrap_or(md.key_id()).to_owned()
            }
        };
        let public = self.inner.public_key(&key_id)?;
        let signer = KmsSigner {
            inner: self.inner.clone(),
            key_id: key_id.clone(),
            public,
        };
        Ok((key_id, Arc::new(signer)))
    }

    fn open_identity(&self, reference: &str, expected: &AgentPublicKey) -> Result<Arc<dyn Signer>> {
        let public = self.inner.public_key(reference)?;
        if public != *expected {
            return Err(Error::Provider {
                provider: AWS_KMS_PROVIDER_ID.to_owned(),
                detail: format!(
                    "KMS key {reference} holds {}, not the agent identity {}",
                    public.did(),
                    expected.did()
                ),
            });
        }
        Ok(Arc::new(KmsSigner {
            inner: self.inner.clone(),
            key_id: reference.to_owned(),
            public,
        }))
    }
}

/// A [`Signer`] whose P-256 key stays in AWS KMS.
pub struct KmsSigner {
    inner: Arc<Inner>,
    key_id: String,
    public: AgentPublicKey,
}

impl std::fmt::Debug for KmsSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KmsSigner")
            .field("key_id", &self.key_id)
            .field("public", &self.public)
            .finish()
    }
}

impl Signer for KmsSigner {
    fn public_key(&self) -> AgentPublicKey {
        self.public
    }

    fn sign(&self, payload: &SignedPayload) -> std::result::Result<Signature, SignerError> {
        let (message, kind) = match self.inner.sign_message {
            SignMessage::Raw => (payload.as_bytes().to_vec(), MessageType::Raw),
            SignMessage::Digest => (payload.digest().to_vec(), MessageType::Digest),
        };
        let out = self
            .inner
            .call(&format!("Sign with key {}", self.key_id), || {
                self.inner
                    .client
                    .sign()
                    .key_id(&self.key_id)
                    .message(Blob::new(message.clone()))
                    .message_type(kind.clone())
                    .signing_algorithm(SigningAlgorithmSpec::EcdsaSha256)
                    .send()
            })
            .map_err(signer_error)?;
        let der = out
            .signature()
            .ok_or_else(|| SignerError("KMS Sign returned no signature".to_owned()))?;
        let sig = der_signature(der.as_ref())?;
        check_signature(&self.public, payload, &sig)?;
        Ok(sig)
    }
}

/// Against a real moto server (`moto_server`, installed by `scripts/backends/moto.sh`),
/// started per test on a free loopback port. Keys are made with the SDK.
#[cfg(test)]
mod moto {
    use std::net::TcpStream;
    use std::process::{Child, Command, Stdio};
    use std::sync::Once;

    use lango_protocol::transcript::Transcript;
    use lango_protocol::{PeerIdBytes, UnixMillis};

    use super::*;

    const DEFAULT_MOTO: &str = "/opt/lango-backends/venv/bin/moto_server";

    pub(crate) struct Moto {
        child: Child,
        pub port: u16,
    }

    impl Moto {
        /// Starts moto_server; fails (never skips) if it is not installed.
        pub(crate) fn start() -> Moto {
            Self::start_with(&[])
        }

        pub(crate) fn start_with(env: &[(&str, &str)]) -> Moto {
            let program = std::env::var("LANGO_MOTO_SERVER").unwrap_or(DEFAULT_MOTO.to_owned());
            assert!(
                std::path::Path::new(&program).exists(),
                "moto_server not found at {program}: run scripts/backends/moto.sh \
                 (or set LANGO_MOTO_SERVER)"
            );
            // Port 0: the server binds a free port itself and names it on stderr. (Picking
            // a free port here and handing it over raced with parallel tests: two servers
            // were given the same port, the loser exited, and its test talked to the
            // winner until that one was stopped.)
            let mut cmd = Command::new(&program);
            cmd.args(["-H", "127.0.0.1", "-p", "0"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped());
            for (k, v) in env {
                cmd.env(k, v);
            }
            let mut child = cmd.spawn().expect("start moto_server");
            let stderr = child.stderr.take().expect("piped stderr");
            let (tx, rx) = std::sync::mpsc::channel();
            // Reads the port, then keeps draining: the server logs each request there.
            std::thread::spawn(move || {
                use std::io::BufRead;
                let mut tx = Some(tx);
                for line in std::io::BufReader::new(stderr).lines() {
                    let Ok(line) = line else { break };
                    let port = line
                        .split_once("Running on http://127.0.0.1:")
                        .and_then(|(_, rest)| rest.trim().parse::<u16>().ok());
                    if let Some(port) = port {
                        if let Some(tx) = tx.take() {
                            let _ = tx.send(port);
                        }
                    }
                }
            });
            let Ok(port) = rx.recv_timeout(Duration::from_secs(15)) else {
                let st = child.try_wait();
                let _ = child.kill();
                let _ = child.wait();
                panic!("moto_server did not name its port within 15 s (exit: {st:?})");
            };
            let moto = Moto { child, port };
            assert!(
                TcpStream::connect(("127.0.0.1", port)).is_ok(),
                "moto_server named port {port} but does not accept on it"
            );
            moto
        }

        pub(crate) fn url(&self) -> String {
            format!("http://127.0.0.1:{}", self.port)
        }

        pub(crate) fn stop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    impl Drop for Moto {
        fn drop(&mut self) {
            self.stop();
        }
    }

    /// moto accepts any credentials; the standard chain finds these in the environment.
    /// IMDS is disabled so no test ever reaches for a non-loopback address.
    pub(crate) fn env_credentials() {
        static ONCE: Once = Once::new();
        ONCE.call_once(|| {
            std::env::set_var("AWS_ACCESS_KEY_ID", "testing");
            std::env::set_var("AWS_SECRET_ACCESS_KEY", "testing");
            std::env::set_var("AWS_EC2_METADATA_DISABLED", "true");
        });
    }

    pub(crate) fn config(moto: &Moto, key_id: &str) -> AwsKmsConfig {
        AwsKmsConfig {
            region: "us-east-1".to_owned(),
            key_id: key_id.to_owned(),
            sign_key_id: None,
            // moto 5 does not implement MessageType=DIGEST (see the test below).
            sign_message: SignMessage::Raw,
            endpoint: Some(moto.url()),
            profile: None,
            timeout_secs: 5,
            connect_timeout_secs: 2,
            max_retries: 2,
        }
    }

    /// Creates a key with the SDK through a throwaway provider's client.
    pub(crate) fn create_key(moto: &Moto, spec: KeySpec, usage: KeyUsageType) -> String {
        env_credentials();
        let inner = Inner::new(&config(moto, "unused")).unwrap();
        let out = inner
            .call("CreateKey", || {
                inner
                    .client
                    .create_key()
                    .key_spec(spec.clone())
                    .key_usage(usage.clone())
                    .send()
            })
            .unwrap();
        out.key_metadata().unwrap().key_id().to_owned()
    }

    /// A data dir with an aws-kms provider on a fresh symmetric key.
    pub(crate) fn setup(moto: &Moto) -> (tempfile::TempDir, DataDir, AwsKmsProvider) {
        let key = create_key(
            moto,
            KeySpec::SymmetricDefault,
            KeyUsageType::EncryptDecrypt,
        );
        let t = tempfile::tempdir().unwrap();
        let dir = DataDir::create(t.path().join("n")).unwrap();
        let p = AwsKmsProvider::create(&dir, &config(moto, &key)).unwrap();
        (t, dir, p)
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
    fn round_trip_and_reopen() {
        let moto = Moto::start();
        let (_t, dir, p) = setup(&moto);
        assert_eq!(p.kek_version(), 1);
        p.health().unwrap();
        let dek = Key32::from_bytes([7; 32]);
        let w = p.wrap(&dek, b"purpose").unwrap();
        assert!(w.starts_with(b"LNGW"));
        assert_eq!(p.unwrap(&w, b"purpose").unwrap().as_bytes(), &[7; 32]);
        drop(p);
        let again = AwsKmsProvider::open(&dir, &config(&moto, &again_key(&dir))).unwrap();
        assert_eq!(again.unwrap(&w, b"purpose").unwrap().as_bytes(), &[7; 32]);
        // Another key in the config than at init is refused.
        let err = AwsKmsProvider::open(&dir, &config(&moto, "alias/other"))
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("not the key"), "{err}");
    }

    fn again_key(dir: &DataDir) -> String {
        let st: VersionState =
            serde_json::from_slice(&std::fs::read(state_path(dir, AWS_KMS_PROVIDER_ID)).unwrap())
                .unwrap();
        st.configured
    }

    #[test]
    fn aad_is_enforced_by_kms_and_a_flipped_byte_is_refused() {
        let moto = Moto::start();
        let (_t, _dir, p) = setup(&moto);
        let w = p.wrap(&Key32::from_bytes([1; 32]), b"aad one").unwrap();
        let err = p.unwrap(&w, b"aad two").unwrap_err();
        assert!(
            matches!(&err, Error::Provider { detail, .. } if detail.contains("InvalidCiphertextException")),
            "{err}"
        );
        // A byte of KMS's ciphertext.
        let mut bad = w.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert!(matches!(
            p.unwrap(&bad, b"aad one"),
            Err(Error::Provider { .. })
        ));
        // The version in our header (bound into the encryption context).
        let mut relabelled = w.clone();
        relabelled[4 + 1 + 1 + AWS_KMS_PROVIDER_ID.len() + 3] = 2;
        let err = p.unwrap(&relabelled, b"aad one").unwrap_err().to_string();
        assert!(err.contains("KEK version 2"), "{err}");
        // The magic.
        let mut nomagic = w.clone();
        nomagic[0] ^= 1;
        assert!(matches!(
            p.unwrap(&nomagic, b"aad one"),
            Err(Error::MalformedHeader(_))
        ));
    }

    #[test]
    fn rotate_then_retire() {
        let moto = Moto::start();
        let (_t, dir, mut p) = setup(&moto);
        let operator_key = p.state().key(1).unwrap().to_owned();
        let old = p.wrap(&Key32::from_bytes([1; 32]), b"a").unwrap();
        assert_eq!(p.rotate().unwrap(), 2);
        assert_eq!(p.kek_version(), 2);
        let new = p.wrap(&Key32::from_bytes([2; 32]), b"a").unwrap();
        assert_eq!(parse_blob(AWS_KMS_PROVIDER_ID, &new).unwrap().version, 2);
        assert_eq!(p.unwrap(&old, b"a").unwrap().as_bytes(), &[1; 32]);
        // A reopened provider knows version 2.
        let cfg = config(&moto, &again_key(&dir));
        let reopened = AwsKmsProvider::open(&dir, &cfg).unwrap();
        assert_eq!(reopened.kek_version(), 2);
        assert_eq!(reopened.unwrap(&new, b"a").unwrap().as_bytes(), &[2; 32]);
        // Rotate again, retire 1 and 2: the created key 2 is scheduled for deletion, the
        // operator's key 1 is only forgotten.
        assert_eq!(p.rotate().unwrap(), 3);
        let created = p.state().key(2).unwrap().to_owned();
        p.retire(3).unwrap();
        let err = p.unwrap(&old, b"a").unwrap_err().to_string();
        assert!(
            err.contains("KEK version 1") && err.contains("does not hold"),
            "{err}"
        );
        assert!(p
            .unwrap(&new, b"a")
            .unwrap_err()
            .to_string()
            .contains("KEK version 2"));
        let state_of = |k: &str| {
            p.inner
                .call("DescribeKey", || {
                    p.inner.client.describe_key().key_id(k).send()
                })
                .unwrap()
                .key_metadata()
                .unwrap()
                .key_state()
                .cloned()
        };
        assert_eq!(state_of(&created), Some(KeyState::PendingDeletion));
        assert_eq!(state_of(&operator_key), Some(KeyState::Enabled));
        // Retiring the current version is refused.
        assert!(p.retire(4).is_err());
    }

    #[test]
    fn sign_verify_and_open_identity() {
        let moto = Moto::start();
        let (_t, _dir, p) = setup(&moto);
        // No sign_key_id: create_identity makes the key.
        let (reference, signer) = p.create_identity().unwrap();
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
        // A configured sign key is used as is.
        let sign_key = create_key(&moto, KeySpec::EccNistP256, KeyUsageType::SignVerify);
        let mut cfg = config(&moto, "unused");
        cfg.sign_key_id = Some(sign_key.clone());
        let t = tempfile::tempdir().unwrap();
        let dir2 = DataDir::create(t.path().join("n")).unwrap();
        cfg.key_id = create_key(
            &moto,
            KeySpec::SymmetricDefault,
            KeyUsageType::EncryptDecrypt,
        );
        let p2 = AwsKmsProvider::create(&dir2, &cfg).unwrap();
        let (r2, s2) = p2.create_identity().unwrap();
        assert_eq!(r2, sign_key);
        s2.public_key()
            .verify(&msg, &s2.sign(&msg).unwrap())
            .unwrap();
        // A symmetric key is not a signing key.
        let err = p2
            .open_identity(&cfg.key_id, &s2.public_key())
            .err()
            .unwrap();
        assert!(matches!(err, Error::Provider { .. }), "{err}");
    }

    /// moto 5.2 treats a DIGEST message as raw bytes and signs SHA-256 of it: the signer's
    /// own check against the public key catches the wrong signature instead of passing it on.
    #[test]
    fn a_signature_that_does_not_verify_is_refused() {
        let moto = Moto::start();
        env_credentials();
        let t = tempfile::tempdir().unwrap();
        let dir = DataDir::create(t.path().join("n")).unwrap();
        let key = create_key(
            &moto,
            KeySpec::SymmetricDefault,
            KeyUsageType::EncryptDecrypt,
        );
        let mut cfg = config(&moto, &key);
        cfg.sign_message = SignMessage::Digest;
        let p = AwsKmsProvider::create(&dir, &cfg).unwrap();
        let (_, signer) = p.create_identity().unwrap();
        let err = signer.sign(&payload(signer.public_key())).unwrap_err();
        assert!(err.0.contains("does not verify"), "{}", err.0);
    }

    #[test]
    fn works_from_inside_another_tokio_runtime() {
        let moto = Moto::start();
        let (_t, _dir, p) = setup(&moto);
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let p = rt.block_on(async move {
            let w = p.wrap(&Key32::from_bytes([4; 32]), b"x").unwrap();
            assert_eq!(p.unwrap(&w, b"x").unwrap().as_bytes(), &[4; 32]);
            p // dropped outside, but dropping inside must not panic either:
        });
        rt.block_on(async move { drop(p) });
    }

    #[test]
    fn missing_key_and_refused_credentials_are_provider_errors() {
        let moto = Moto::start();
        env_credentials();
        let t = tempfile::tempdir().unwrap();
        let dir = DataDir::create(t.path().join("n")).unwrap();
        let err = AwsKmsProvider::create(&dir, &config(&moto, "alias/missing"))
            .err()
            .unwrap();
        assert!(
            matches!(&err, Error::Provider { detail, .. } if detail.contains("NotFoundException")),
            "{err}"
        );
        // A moto with IAM checks on knows no "testing" access key: the credential is refused.
        let strict = Moto::start_with(&[("INITIAL_NO_AUTH_ACTION_COUNT", "0")]);
        let err = AwsKmsProvider::create(&dir, &config(&strict, "alias/any"))
            .err()
            .unwrap();
        // (moto answers this JSON-protocol call in XML, so the SDK sees no error code.)
        assert!(
            matches!(&err, Error::Provider { detail, .. }
                if detail.contains("HTTP 403") && detail.contains("credentials")),
            "{err}"
        );
    }

    #[test]
    fn server_stopped_is_unavailable_after_retries() {
        let mut moto = Moto::start();
        let (_t, _dir, p) = setup(&moto);
        let (_, signer) = p.create_identity().unwrap();
        let w = p.wrap(&Key32::from_bytes([5; 32]), b"a").unwrap();
        moto.stop();
        let err = p.wrap(&Key32::from_bytes([5; 32]), b"a").unwrap_err();
        assert!(
            matches!(&err, Error::ProviderUnavailable { detail, .. } if detail.contains("after 3 attempts")),
            "{err}"
        );
        assert!(matches!(
            p.unwrap(&w, b"a"),
            Err(Error::ProviderUnavailable { .. })
        ));
        assert!(matches!(p.health(), Err(Error::ProviderUnavailable { .. })));
        let err = signer.sign(&payload(signer.public_key())).unwrap_err();
        assert!(err.0.contains("unavailable"), "{}", err.0);
    }
}
