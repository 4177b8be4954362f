//! [`FallbackProvider`]: a cloud key provider with a local provider behind it for
//! wrapping, following `fallback = "local" | "fail"`.
//!
//! - **wrap** asks the cloud provider first. Only if it reports
//!   [`Error::ProviderUnavailable`] (service unreachable after its retries) *and* the
//!   policy is [`FallbackPolicy::Local`] does the local provider wrap instead, and the
//!   caller's security-event callback is told (a loud event, once per fallback). A
//!   refusal ([`Error::Provider`]: access denied, missing key) never falls back.
//! - Every blob records which provider actually wrapped it (per artifact):
//!
//!   ```text
//!   "LNGF" | format u8 (=1) | id len u8 | id of the provider that wrapped | inner blob
//!   ```
//!
//!   and the inner provider wraps under `"lango-node/fallback/v1" 0x00 id 0x00 aad`, so
//!   relabelling a blob to the other provider fails to unwrap.
//! - **unwrap** dispatches by that header; it never falls back (a cloud-wrapped key can
//!   only be unwrapped by the cloud).
//! - **Signing never falls back**: `create_identity` / `open_identity`, `rotate`,
//!   `retire`, `health` and `kek_version` go straight to the cloud provider. When the
//!   key registry re-wraps after `keys rotate`, keys the local provider wrapped during an
//!   outage are re-wrapped by the cloud again.

use std::sync::Arc;

use lango_protocol::{AgentPublicKey, Signer};
use serde::Deserialize;

use crate::crypto::Key32;
use crate::error::{Error, Result};
use crate::provider::{Capabilities, KeyProvider};

/// Magic bytes of a blob made by [`FallbackProvider`].
pub const FALLBACK_BLOB_MAGIC: [u8; 4] = *b"LNGF";
const FALLBACK_FORMAT: u8 = 1;
const AAD_LABEL: &[u8] = b"lango-node/fallback/v1";

/// What to do when the cloud provider is unreachable while wrapping.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum FallbackPolicy {
    /// Refuse: the operation fails with the cloud provider's error.
    Fail,
    /// Wrap with the local provider, record it in the blob and raise a security event.
    #[default]
    Local,
}

/// The caller's security-event sink; receives one line describing the fallback.
pub type SecurityEventFn = Box<dyn Fn(&str) + Send + Sync>;

/// A cloud provider with local fallback for wrapping; see the module docs.
pub struct FallbackProvider {
    cloud: Box<dyn KeyProvider>,
    local: Box<dyn KeyProvider>,
    policy: FallbackPolicy,
    on_event: SecurityEventFn,
}

impl FallbackProvider {
    /// Wraps `cloud` with `local` behind it under `policy`; `on_event` is called for
    /// every wrap that fell back.
    pub fn new(
        cloud: Box<dyn KeyProvider>,
        local: Box<dyn KeyProvider>,
        policy: FallbackPolicy,
        on_event: SecurityEventFn,
    ) -> Result<Self> {
        if cloud.id() == local.id() {
            return Err(Error::Provider {
                provider: cloud.id().to_owned(),
                detail: "the fallback provider must differ from the cloud provider".to_owned(),
            });
        }
        if !local.capabilities().wrap {
            return Err(Error::ProviderIncapable {
                provider: local.id().to_owned(),
                operation: "wrap keys as a fallback",
            });
        }
        Ok(FallbackProvider {
            cloud,
            local,
            policy,
            on_event,
        })
    }

    /// The provider that wrapped `blob` (from its header), without unwrapping it.
    pub fn wrapped_by(blob: &[u8]) -> Result<&str> {
        parse(blob).map(|(id, _)| id)
    }

    fn frame(id: &str, inner: Vec<u8>) -> Vec<u8> {
        let mut out = Vec::with_capacity(6 + id.len() + inner.len());
        out.extend_from_slice(&FALLBACK_BLOB_MAGIC);
        out.push(FALLBACK_FORMAT);
        // Invariant: provider ids are short constants of this crate (< 255 bytes).
        out.push(id.len() as u8);
        out.extend_from_slice(id.as_bytes());
        out.extend_from_slice(&inner);
        out
    }
}

fn inner_aad(id: &str, aad: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(AAD_LABEL.len() + id.len() + 2 + aad.len());
    v.extend_from_slice(AAD_LABEL);
    v.push(0);
    v.extend_from_slice(id.as_bytes());
    v.push(0);
    v.extend_from_slice(aad);
    v
}

fn parse(blob: &[u8]) -> Result<(&str, &[u8])> {
    let rest = blob
        .strip_prefix(&FALLBACK_BLOB_MAGIC[..])
        .ok_or(Error::MalformedHeader(
            "not a fallback-wrapped key (no LNGF magic)",
        ))?;
    let (&format, rest) = rest
        .split_first()
        .ok_or(Error::MalformedHeader("truncated"))?;
    if format != FALLBACK_FORMAT {
        return Err(Error::UnsupportedVersion(format));
    }
    let (&len, rest) = rest
        .split_first()
        .ok_or(Error::MalformedHeader("truncated"))?;
    let len = usize::from(len);
    if rest.len() <= len {
        return Err(Error::MalformedHeader("truncated"));
    }
    let (id, inner) = rest.split_at(len);
    let id = std::str::from_utf8(id).map_err(|_| Error::MalformedHeader("provider id"))?;
    Ok((id, inner))
}

impl KeyProvider for FallbackProvider {
    /// The cloud provider's id: the wrapper stands for it.
    fn id(&self) -> &str {
        self.cloud.id()
    }

    fn capabilities(&self) -> Capabilities {
        self.cloud.capabilities()
    }

    fn kek_version(&self) -> u32 {
        self.cloud.kek_version()
    }

    fn wrap(&self, dek: &Key32, aad: &[u8]) -> Result<Vec<u8>> {
        let cloud = self.cloud.id();
        match self.cloud.wrap(dek, &inner_aad(cloud, aad)) {
            Ok(inner) => Ok(Self::frame(cloud, inner)),
            Err(e @ Error::ProviderUnavailable { .. }) if self.policy == FallbackPolicy::Local => {
                let local = self.local.id();
                let inner = self.local.wrap(dek, &inner_aad(local, aad))?;
                (self.on_event)(&format!(
                    "key provider fallback: `{cloud}` is unavailable ({e}); a key was wrapped \
                     by the `{local}` provider instead (fallback = \"local\")"
                ));
                Ok(Self::frame(local, inner))
            }
            Err(e) => Err(e),
        }
    }

    fn unwrap(&self, wrapped: &[u8], aad: &[u8]) -> Result<Key32> {
        let (id, inner) = parse(wrapped)?;
        if id == self.cloud.id() {
            self.cloud.unwrap(inner, &inner_aad(id, aad))
        } else if id == self.local.id() {
            self.local.unwrap(inner, &inner_aad(id, aad))
        } else {
            Err(Error::ProviderMismatch {
                expected: format!("{} or {}", self.cloud.id(), self.local.id()),
                found: id.to_owned(),
            })
        }
    }

    fn health(&self) -> Result<()> {
        self.cloud.health()
    }

    fn rotate(&mut self) -> Result<u32> {
        self.cloud.rotate()
    }

    fn retire(&mut self, keep_from: u32) -> Result<()> {
        self.cloud.retire(keep_from)
    }

    fn create_identity(&self) -> Result<(String, Arc<dyn Signer>)> {
        self.cloud.create_identity()
    }

    fn open_identity(&self, reference: &str, expected: &AgentPublicKey) -> Result<Arc<dyn Signer>> {
        self.cloud.open_identity(reference, expected)
    }
}

/// Both policies against the gcp-kms recorded fixture (not Google Cloud KMS; see
/// [`crate::gcp_kms`]'s tests) made to answer 503 or 403, with a real local provider.
#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::crypto::MIN_PBKDF2_ITERATIONS;
    use crate::datadir::DataDir;
    use crate::gcp_kms::gcp;
    use crate::local::LocalProvider;

    /// The fixture server, its state, the temp dir, the provider, the events raised.
    type Setup = (
        crate::cloud::test_server::FixtureServer,
        Arc<Mutex<gcp::Kms>>,
        tempfile::TempDir,
        FallbackProvider,
        Arc<Mutex<Vec<String>>>,
    );

    fn build(policy: FallbackPolicy) -> Setup {
        let (server, kms) = gcp::start();
        let (t, dir, _cfg, cloud) = gcp::setup(&server);
        let local_dir = DataDir::create(t.path().join("local")).unwrap();
        let local = LocalProvider::create(&local_dir, b"pw", MIN_PBKDF2_ITERATIONS).unwrap();
        drop(dir);
        let events = Arc::new(Mutex::new(Vec::new()));
        let ev = events.clone();
        let p = FallbackProvider::new(
            Box::new(cloud),
            Box::new(local),
            policy,
            Box::new(move |m| ev.lock().unwrap().push(m.to_owned())),
        )
        .unwrap();
        (server, kms, t, p, events)
    }

    #[test]
    fn local_policy_wraps_locally_when_the_cloud_is_down_and_says_so() {
        let (_server, kms, _t, p, events) = build(FallbackPolicy::Local);
        assert_eq!(p.id(), "gcp-kms");
        let by_cloud = p.wrap(&Key32::from_bytes([1; 32]), b"a").unwrap();
        assert_eq!(FallbackProvider::wrapped_by(&by_cloud).unwrap(), "gcp-kms");
        assert!(events.lock().unwrap().is_empty());

        kms.lock().unwrap().fail = Some(503);
        let by_local = p.wrap(&Key32::from_bytes([2; 32]), b"a").unwrap();
        assert_eq!(FallbackProvider::wrapped_by(&by_local).unwrap(), "local");
        {
            let ev = events.lock().unwrap();
            assert_eq!(ev.len(), 1);
            assert!(
                ev[0].contains("`gcp-kms` is unavailable") && ev[0].contains("`local`"),
                "{}",
                ev[0]
            );
        }
        // The local blob unwraps while the cloud is down; the cloud one does not (no
        // fallback on unwrap).
        assert_eq!(p.unwrap(&by_local, b"a").unwrap().as_bytes(), &[2; 32]);
        assert!(matches!(
            p.unwrap(&by_cloud, b"a"),
            Err(Error::ProviderUnavailable { .. })
        ));
        // Signing never falls back.
        assert!(matches!(
            p.create_identity(),
            Err(Error::ProviderUnavailable { .. })
        ));

        kms.lock().unwrap().fail = None;
        assert_eq!(p.unwrap(&by_cloud, b"a").unwrap().as_bytes(), &[1; 32]);
        assert_eq!(p.unwrap(&by_local, b"a").unwrap().as_bytes(), &[2; 32]);
        // AAD is bound either way.
        assert!(p.unwrap(&by_local, b"b").is_err());
        assert!(p.unwrap(&by_cloud, b"b").is_err());
        // Relabelling the local blob as the cloud's fails.
        let mut relabelled =
            FallbackProvider::frame("gcp-kms", parse(&by_local).unwrap().1.to_vec());
        assert!(p.unwrap(&relabelled, b"a").is_err());
        relabelled[0] ^= 1;
        assert!(matches!(
            p.unwrap(&relabelled, b"a"),
            Err(Error::MalformedHeader(_))
        ));
        let stranger = FallbackProvider::frame("tpm", vec![1, 2, 3]);
        assert!(matches!(
            p.unwrap(&stranger, b"a"),
            Err(Error::ProviderMismatch { .. })
        ));
    }

    #[test]
    fn fail_policy_refuses_and_raises_nothing() {
        let (_server, kms, _t, p, events) = build(FallbackPolicy::Fail);
        kms.lock().unwrap().fail = Some(503);
        assert!(matches!(
            p.wrap(&Key32::from_bytes([1; 32]), b"a"),
            Err(Error::ProviderUnavailable { .. })
        ));
        assert!(events.lock().unwrap().is_empty());
    }

    #[test]
    fn a_refusal_never_falls_back() {
        let (_server, kms, _t, p, events) = build(FallbackPolicy::Local);
        kms.lock().unwrap().fail = Some(403);
        assert!(matches!(
            p.wrap(&Key32::from_bytes([1; 32]), b"a"),
            Err(Error::Provider { .. })
        ));
        assert!(events.lock().unwrap().is_empty());
    }

    #[test]
    fn policy_parses_from_config() {
        #[derive(Deserialize)]
        struct C {
            fallback: FallbackPolicy,
        }
        let c: C = serde_json::from_str(r#"{"fallback": "fail"}"#).unwrap();
        assert_eq!(c.fallback, FallbackPolicy::Fail);
        let c: C = serde_json::from_str(r#"{"fallback": "local"}"#).unwrap();
        assert_eq!(c.fallback, FallbackPolicy::Local);
        assert!(serde_json::from_str::<C>(r#"{"fallback": "cloud"}"#).is_err());
        assert_eq!(FallbackPolicy::default(), FallbackPolicy::Local);
    }
}
