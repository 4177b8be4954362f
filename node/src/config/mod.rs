//! The node's TOML configuration: every key, its default, and strict parsing.
//!
//! Unknown keys are refused with their name and line (serde `deny_unknown_fields`, and
//! the `toml` crate reports the position). `docs/config.md` documents each key.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Deserializer};

pub mod pii;
pub mod relay;
pub mod tools;

pub use tools::{
    ApprovalPolicy, ApprovalSection, InvokeSection, Safety, SandboxSection, ToolConfig,
    WebhookConfig, WebhookFormat,
};

/// Whole configuration file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Transport and discovery.
    pub node: NodeConfig,
    /// Handshake protocol bounds.
    pub handshake: HandshakeSection,
    /// Session lifetime and revocation.
    pub session: SessionSection,
    /// Security-event threshold.
    pub events: EventsSection,
    /// libp2p connection limits.
    pub limits: LimitsSection,
    /// Key-provider settings (`[keys.pkcs11]`, `[keys.tpm]`, ...).
    pub keys: KeysSection,
    /// Tools this node exposes (`[[tools]]`).
    pub tools: Vec<ToolConfig>,
    /// Admission of inbound tool calls.
    pub invoke: InvokeSection,
    /// Which calls need approval.
    pub approval: ApprovalSection,
    /// Sandbox scratch space and container settings.
    pub sandbox: SandboxSection,
    /// When audit entries reach the disk.
    pub audit: AuditSection,
    /// Who else may reach the control socket.
    pub control: ControlSection,
    /// PII redaction (`[pii]`).
    pub pii: pii::PiiSection,
    /// Serving as a relay for trusted peers (`[relay]`).
    pub relay: relay::RelaySection,
    /// Relays this node holds a reservation on (`[[relays]]`).
    pub relays: Vec<relay::RelayEntry>,
}

/// `[control]`: a second control socket for an operators' group.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ControlSection {
    /// Where the group's socket is (outside the data dir, which stays 0700), e.g.
    /// `/run/lango-node/control.sock`. The owner's socket in the data dir stays too.
    pub socket: Option<PathBuf>,
    /// The group whose members may use it (mode 0660, group-owned). They may do all the
    /// owner may, except read secret values.
    pub group: Option<String>,
}

/// `[audit]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuditSection {
    /// `"always"` (fsync before the action is acknowledged) or a duration such as
    /// `"50ms"` (written before, fsynced by a group commit at most that long after).
    #[serde(deserialize_with = "audit_sync")]
    pub sync: lango_storage::Durability,
    /// Close the active segment (`audit.log`) once it holds this much (`"0"`: never).
    #[serde(deserialize_with = "tools::size")]
    pub rotate_size: u64,
    /// Close it once its first entry is this old (`"0s"`: never).
    #[serde(deserialize_with = "duration")]
    pub rotate_age: Duration,
    /// Closed segments kept; older ones are removed after a keyed entry records where
    /// the log now starts (0: keep all).
    pub keep_segments: usize,
}

impl Default for AuditSection {
    fn default() -> Self {
        Self {
            sync: lango_storage::Durability::Within(DEFAULT_AUDIT_SYNC),
            rotate_size: 64 << 20,
            rotate_age: Duration::ZERO,
            keep_segments: 0,
        }
    }
}

impl AuditSection {
    /// The rotation the audit log applies while the node runs.
    pub fn rotation(&self) -> lango_storage::audit::Rotation {
        lango_storage::audit::Rotation {
            max_bytes: self.rotate_size,
            max_age: (!self.rotate_age.is_zero()).then_some(self.rotate_age),
            keep: self.keep_segments,
        }
    }
}

/// Default group-commit window of the audit log (see `docs/config.md`, `[audit]`).
pub const DEFAULT_AUDIT_SYNC: Duration = Duration::from_millis(50);

/// Longest group-commit window accepted: beyond it, "durable" stops meaning much.
pub const MAX_AUDIT_SYNC: Duration = Duration::from_secs(5);

fn audit_sync<'de, D: Deserializer<'de>>(d: D) -> Result<lango_storage::Durability, D::Error> {
    let s = String::deserialize(d).map_err(|e| {
        serde::de::Error::custom(format!(
            "audit.sync: {e} (use \"always\" or a duration such as \"50ms\")"
        ))
    })?;
    if s == "always" {
        return Ok(lango_storage::Durability::Always);
    }
    let every = parse_duration(&s).map_err(|e| {
        serde::de::Error::custom(format!(
            "audit.sync: {e} (use \"always\" or a duration such as \"50ms\")"
        ))
    })?;
    if every.is_zero() || every > MAX_AUDIT_SYNC {
        return Err(serde::de::Error::custom(format!(
            "audit.sync = {s:?}: a window must be within 1ms..=5s, or \"always\""
        )));
    }
    Ok(lango_storage::Durability::Within(every))
}

/// `[keys]`: settings of the key providers. Which provider a data dir uses is chosen at
/// `init --key-provider` and recorded in `keys/registry.json`; its table here must be
/// present when that provider needs settings (pkcs11, tpm).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KeysSection {
    /// `[keys.pkcs11]`: module, token, PIN source.
    pub pkcs11: Option<lango_storage::Pkcs11Config>,
    /// `[keys.keyring]`: which OS keyring.
    pub keyring: Option<lango_storage::KeyringConfig>,
    /// `[keys.tpm]`: TCTI and owner authorization.
    #[cfg(feature = "tpm")]
    pub tpm: Option<lango_storage::tpm::TpmConfig>,
    /// `[keys.tpm]` in a build without TPM support: refused when used.
    #[cfg(not(feature = "tpm"))]
    pub tpm: Option<toml::Value>,
    /// `[keys.aws-kms]`: region, key ids, endpoint.
    #[serde(rename = "aws-kms")]
    pub aws_kms: Option<lango_storage::AwsKmsConfig>,
    /// `[keys.gcp-kms]`: key resource name, token source.
    #[serde(rename = "gcp-kms")]
    pub gcp_kms: Option<lango_storage::GcpKmsConfig>,
    /// `[keys.azure-kv]`: vault URL, key name, token source.
    #[serde(rename = "azure-kv")]
    pub azure_kv: Option<lango_storage::AzureKvConfig>,
    /// What a cloud provider does when its KMS is unreachable while wrapping: `"local"`
    /// (wrap with the passphrase provider, recorded per key, loud security event;
    /// needs a passphrase) or `"fail"`. Unwrapping and signing never fall back.
    pub fallback: lango_storage::FallbackPolicy,
}

/// `[node]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NodeConfig {
    /// Multiaddrs to listen on.
    pub listen: Vec<String>,
    /// Static addresses dialed at start (in addition to trusted peers' addresses).
    pub bootstrap: Vec<String>,
    /// Local-network discovery by mDNS: neighbours on this node's subnets are probed for
    /// the trusted keys it has no session with (docs/networking.md says what a LAN
    /// observer learns). Off: nodes dial only addresses from config, trust and records.
    pub mdns: bool,
}

impl Default for NodeConfig {
    fn default() -> Self {
        Self {
            listen: vec![
                "/ip4/0.0.0.0/tcp/4001".into(),
                "/ip4/0.0.0.0/udp/4001/quic-v1".into(),
            ],
            bootstrap: Vec::new(),
            mdns: true,
        }
    }
}

/// `[handshake]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HandshakeSection {
    /// Accepted clock skew each way.
    #[serde(deserialize_with = "duration")]
    pub max_skew: Duration,
    /// Deadline for each handshake frame read.
    #[serde(deserialize_with = "duration")]
    pub read_timeout: Duration,
    /// Handshakes in progress at once, all peers.
    pub max_concurrent: usize,
    /// Handshakes in progress at once from one PeerId.
    pub max_concurrent_per_peer: usize,
    /// Inbound handshake attempts per second, all peers (before any signature work).
    pub rate_per_second: u32,
    /// Burst of the global attempt limiter.
    pub burst: u32,
    /// Inbound handshake attempts per second from one PeerId.
    pub peer_rate_per_second: u32,
    /// Burst of the per-peer attempt limiter.
    pub peer_burst: u32,
    /// Live entries the replay cache may hold.
    pub replay_capacity: usize,
}

impl Default for HandshakeSection {
    fn default() -> Self {
        Self {
            max_skew: Duration::from_secs(30),
            read_timeout: Duration::from_secs(10),
            max_concurrent: 64,
            max_concurrent_per_peer: 2,
            rate_per_second: 20,
            burst: 40,
            peer_rate_per_second: 2,
            peer_burst: 5,
            replay_capacity: 1_000_000,
        }
    }
}

/// `[session]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SessionSection {
    /// Session lifetime; the dialing side renews at 80 % of it.
    #[serde(deserialize_with = "duration")]
    pub ttl: Duration,
    /// Block applied by `session revoke` when `--block` is not given.
    #[serde(deserialize_with = "duration")]
    pub default_block: Duration,
}

impl Default for SessionSection {
    fn default() -> Self {
        Self {
            ttl: Duration::from_secs(3600),
            default_block: Duration::from_secs(3600),
        }
    }
}

/// Default `[events] flood_factor`.
pub const DEFAULT_FLOOD_FACTOR: u32 = 10;

/// `[events]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EventsSection {
    /// Sliding window over which a peer's security events are counted.
    #[serde(deserialize_with = "duration")]
    pub window: Duration,
    /// Events in the window that revoke the peer's session and block it.
    pub threshold: usize,
    /// How long such a peer is blocked.
    #[serde(deserialize_with = "duration")]
    pub block: Duration,
    /// Events kept in memory for `lango-node events`.
    pub history: usize,
    /// Misuse events (unknown or refused tools, bad input) in the window that block the
    /// peer as the hostile threshold does; 0 (the default) never blocks for misuse.
    pub misuse_threshold: usize,
    /// Refused attempts within one second, as a multiple of the per-peer rate, that
    /// make a flood: the only rate refusal that counts toward the block.
    pub flood_factor: u32,
}

impl Default for EventsSection {
    fn default() -> Self {
        Self {
            window: Duration::from_secs(60),
            threshold: 10,
            block: Duration::from_secs(3600),
            history: 10_000,
            misuse_threshold: 0,
            flood_factor: DEFAULT_FLOOD_FACTOR,
        }
    }
}

/// `[limits]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LimitsSection {
    /// Established connections, all peers.
    pub max_established: u32,
    /// Established connections per PeerId.
    pub max_established_per_peer: u32,
    /// Connections still negotiating, in each direction (incoming and outgoing).
    pub max_pending_incoming: u32,
    /// Refuse new connections once this process uses more than this fraction of the
    /// machine's total memory (libp2p memory-connection-limits).
    pub max_memory_fraction: f64,
}

impl Default for LimitsSection {
    fn default() -> Self {
        Self {
            max_established: 256,
            max_established_per_peer: 4,
            max_pending_incoming: 64,
            max_memory_fraction: 0.9,
        }
    }
}

/// Why the configuration could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// File unreadable.
    #[error("cannot read config {path}: {source}")]
    Read {
        /// File.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
    /// TOML or schema error; the message names the key and line.
    #[error("invalid config {path}: {message}")]
    Parse {
        /// File.
        path: PathBuf,
        /// What was wrong, with position.
        message: String,
    },
    /// A value outside its allowed range.
    #[error("invalid config {path}: {message}")]
    Value {
        /// File.
        path: PathBuf,
        /// What was wrong.
        message: String,
    },
}

impl Config {
    /// Loads `path`; a missing file means all defaults.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.into(),
                    source,
                })
            }
        };
        let mut cfg = Self::parse(&text, path)?;
        // Relative wasm module paths are relative to the config file, not to the cwd.
        if let Some(base) = path.parent() {
            for t in &mut cfg.tools {
                if let Some(m) = t.module.as_mut().filter(|m| m.is_relative()) {
                    *m = base.join(&*m);
                }
            }
        }
        Ok(cfg)
    }

    /// Parses config text (`path` only labels errors).
    pub fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let cfg: Config = toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.into(),
            message: one_line(&e),
        })?;
        cfg.validate().map_err(|message| ConfigError::Value {
            path: path.into(),
            message,
        })?;
        // Custom detectors compile here, so a bad pattern is refused at load with its line.
        crate::pii::Engine::new(&cfg.pii, text, crate::pii::HashKey::random()).map_err(
            |message| ConfigError::Value {
                path: path.into(),
                message,
            },
        )?;
        Ok(cfg)
    }

    fn validate(&self) -> Result<(), String> {
        let h = &self.handshake;
        self.relay.validate(self.invoke.max_input)?;
        for r in &self.relays {
            r.parse()?;
        }
        // Checked here, not first at `run`, so `init` refuses what `run` would (exit 2).
        for a in &self.node.listen {
            a.parse::<libp2p::Multiaddr>()
                .map_err(|e| format!("node.listen: {a:?} is not a multiaddr: {e}"))?;
        }
        if h.max_concurrent == 0 || h.max_concurrent_per_peer == 0 {
            return Err("handshake.max_concurrent and max_concurrent_per_peer must be ≥ 1".into());
        }
        if h.rate_per_second == 0
            || h.peer_rate_per_second == 0
            || h.burst == 0
            || h.peer_burst == 0
        {
            return Err("handshake rate limits and bursts must be ≥ 1".into());
        }
        if h.replay_capacity == 0 {
            return Err("handshake.replay_capacity must be ≥ 1".into());
        }
        if h.read_timeout.is_zero() || self.session.ttl.is_zero() {
            return Err("handshake.read_timeout and session.ttl must be > 0".into());
        }
        if h.read_timeout >= h.max_skew {
            return Err(
                "handshake.read_timeout must be shorter than handshake.max_skew (a finish that \
                 arrives after the skew window is refused as stale)"
                    .into(),
            );
        }
        if self.events.threshold == 0 {
            return Err("events.threshold must be ≥ 1".into());
        }
        match (&self.control.socket, &self.control.group) {
            (Some(_), None) | (None, Some(_)) => {
                return Err("control.socket and control.group go together: the group's \
                            socket lives outside the data dir (mode 0700)"
                    .into())
            }
            (Some(p), Some(_)) if !p.is_absolute() => {
                return Err(format!(
                    "control.socket {}: give an absolute path",
                    p.display()
                ))
            }
            _ => {}
        }
        if self.audit.rotate_size != 0 && self.audit.rotate_size < 64 << 10 {
            return Err("audit.rotate_size must be \"0\" (never) or at least \"64KiB\"".into());
        }
        if self.events.flood_factor < 2 {
            return Err(
                "events.flood_factor must be ≥ 2 (a peer told to wait that keeps sending at \
                 that multiple of its rate is flooding)"
                    .into(),
            );
        }
        if !(0.0..=1.0).contains(&self.limits.max_memory_fraction) {
            return Err("limits.max_memory_fraction must be within 0.0..=1.0".into());
        }
        tools::validate(&self.tools, &self.invoke, &self.approval)
    }
}

/// The toml error as one line: "line L, column C: message".
fn one_line(e: &toml::de::Error) -> String {
    let msg = e.message().replace('\n', " ");
    match e.span() {
        Some(_) => {
            // toml's Display carries "TOML parse error at line L, column C"; keep that part.
            let full = e.to_string();
            let pos = full
                .lines()
                .next()
                .and_then(|l| l.strip_prefix("TOML parse error at "))
                .unwrap_or("")
                .to_string();
            if pos.is_empty() {
                msg
            } else {
                format!("{pos}: {msg}")
            }
        }
        None => msg,
    }
}

/// Parses "30s", "1h", "500ms" (humantime).
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    humantime::parse_duration(s).map_err(|e| format!("bad duration {s:?}: {e}"))
}

fn duration<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
    let s = String::deserialize(d)?;
    parse_duration(&s).map_err(serde::de::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_gives_documented_defaults() {
        let c = Config::parse("", Path::new("c.toml")).unwrap();
        assert_eq!(c.handshake.max_skew, Duration::from_secs(30));
        assert_eq!(c.handshake.read_timeout, Duration::from_secs(10));
        assert_eq!(c.session.ttl, Duration::from_secs(3600));
        assert!(c.node.mdns);
        assert_eq!(
            c.audit.sync,
            lango_storage::Durability::Within(DEFAULT_AUDIT_SYNC)
        );
    }

    #[test]
    fn a_listen_address_that_is_not_a_multiaddr_is_a_config_error() {
        let p = Path::new("c.toml");
        let e = Config::parse(
            "[node]\nlisten = [\"/ip4/127.0.0.1/tcp/0\", \"127.0.0.1:4001\"]\n",
            p,
        )
        .unwrap_err();
        assert!(
            matches!(&e, ConfigError::Value { message, .. } if message.contains("127.0.0.1:4001")),
            "{e}"
        );
        Config::parse("[node]\nlisten = [\"/ip4/0.0.0.0/udp/0/quic-v1\"]\n", p).unwrap();
    }

    #[test]
    fn audit_sync_takes_always_or_a_bounded_window() {
        let p = Path::new("c.toml");
        let c = Config::parse("[audit]\nsync = \"always\"\n", p).unwrap();
        assert_eq!(c.audit.sync, lango_storage::Durability::Always);
        let c = Config::parse("[audit]\nsync = \"200ms\"\n", p).unwrap();
        assert_eq!(
            c.audit.sync,
            lango_storage::Durability::Within(Duration::from_millis(200))
        );
        for bad in ["\"never\"", "\"0s\"", "\"1h\"", "true"] {
            let e = Config::parse(&format!("[audit]\nsync = {bad}\n"), p).unwrap_err();
            assert!(e.to_string().contains("sync"), "{bad}: {e}");
        }
    }

    #[test]
    fn unknown_key_is_refused_with_name_and_line() {
        let err = Config::parse(
            "[handshake]\nmax_skew = \"5s\"\nmax_skwe = \"5s\"\n",
            Path::new("c.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("max_skwe"), "{err}");
        assert!(err.contains("line 3"), "{err}");
        assert!(!err.contains('\n'), "one line: {err}");
    }

    #[test]
    fn bad_values_are_refused() {
        assert!(Config::parse("[handshake]\nmax_skew = \"soon\"\n", Path::new("c")).is_err());
        assert!(Config::parse("[events]\nthreshold = 0\n", Path::new("c")).is_err());
        let err = Config::parse("[handshake]\nread_timeout = \"40s\"\n", Path::new("c"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("read_timeout"), "{err}");
        assert!(Config::parse("[node]\nmdns = \"yes\"\n", Path::new("c")).is_err());
    }
}
