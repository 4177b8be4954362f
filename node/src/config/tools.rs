//! `[[tools]]`, `[invoke]`, `[approval]` and `[sandbox]`: the tools this node exposes, how
//! calls to them are admitted, and where their sandboxes keep scratch space.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Deserializer};

use lango_protocol::tools::firewall::Pattern;
use lango_sandbox::{Kind, Limits};

use super::duration;

/// How much harm a tool can do; decides whether it needs approval.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Safety {
    /// Can destroy or leak; the default when a tool does not say.
    #[default]
    Dangerous,
    /// Changes things, recoverably.
    Moderate,
    /// Read-only, no side effects.
    Safe,
}

impl Safety {
    /// Config/JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Safety::Dangerous => "dangerous",
            Safety::Moderate => "moderate",
            Safety::Safe => "safe",
        }
    }
}

/// One `[[tools]]` entry.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToolConfig {
    /// Name peers call it by (`[A-Za-z0-9._-]{1,64}`).
    pub name: String,
    /// One line for `tools list`.
    #[serde(default)]
    pub description: String,
    /// `subprocess`, `wasm` or `container`.
    pub sandbox: Kind,
    /// subprocess: argv, absolute program path first. container: argv in the image.
    /// wasm: argv the module sees (optional).
    #[serde(default)]
    pub command: Vec<String>,
    /// wasm: path of the `.wasm` / `.wat` module (relative: to the config file's dir).
    #[serde(default)]
    pub module: Option<PathBuf>,
    /// container: image (default: `[sandbox] image`).
    #[serde(default)]
    pub image: Option<String>,
    /// Unset means `dangerous`.
    #[serde(default)]
    pub safety: Safety,
    /// Wall-clock timeout.
    #[serde(default = "d_timeout", deserialize_with = "duration")]
    pub timeout: Duration,
    /// Memory cap, e.g. `"128MiB"`.
    #[serde(default = "d_memory", deserialize_with = "size")]
    pub memory: u64,
    /// CPU-time cap (subprocess RLIMIT_CPU).
    #[serde(default = "d_timeout", deserialize_with = "duration")]
    pub cpu_time: Duration,
    /// Container CPU quota, percent of one core.
    #[serde(default = "d_cpu_percent")]
    pub cpu_percent: u32,
    /// Cap on stdout + stderr.
    #[serde(default = "d_output", deserialize_with = "size")]
    pub output_cap: u64,
    /// Process cap.
    #[serde(default = "d_processes")]
    pub max_processes: u32,
    /// Scratch space cap.
    #[serde(default = "d_scratch", deserialize_with = "size")]
    pub scratch_size: u64,
    /// Network access; off unless declared.
    #[serde(default)]
    pub network: bool,
    /// Environment variables the tool gets (nothing else is inherited). A value may hold
    /// `{{secret:NAME}}` references, resolved in the sandbox at start.
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    /// How long a call of this tool waits for an approver (default: `[approval] timeout`).
    #[serde(default, deserialize_with = "opt_duration")]
    pub approval_timeout: Option<Duration>,
}

fn opt_duration<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    duration(d).map(Some)
}

fn d_timeout() -> Duration {
    Duration::from_secs(30)
}
fn d_memory() -> u64 {
    256 << 20
}
fn d_cpu_percent() -> u32 {
    100
}
fn d_output() -> u64 {
    1 << 20
}
fn d_processes() -> u32 {
    64
}
fn d_scratch() -> u64 {
    64 << 20
}

impl ToolConfig {
    /// The sandbox limits this entry declares.
    pub fn limits(&self) -> Limits {
        Limits {
            timeout: self.timeout,
            memory_bytes: self.memory,
            cpu_time: self.cpu_time,
            cpu_percent: self.cpu_percent,
            output_bytes: usize::try_from(self.output_cap).unwrap_or(usize::MAX),
            max_processes: self.max_processes,
            scratch_bytes: self.scratch_size,
            network: self.network,
        }
    }
}

/// `[invoke]`: admission of inbound tool calls (the firewall's limits) and caller
/// defaults.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct InvokeSection {
    /// Largest input accepted, bytes (`"1MiB"`).
    #[serde(deserialize_with = "size")]
    pub max_input: u64,
    /// Node-wide deny patterns; they win over every peer's allow list.
    pub deny: Vec<String>,
    /// Calls per second from one peer.
    pub peer_rate_per_second: u32,
    /// Burst of the per-peer bucket.
    pub peer_burst: u32,
    /// Calls per second, all peers.
    pub rate_per_second: u32,
    /// Burst of the global bucket.
    pub burst: u32,
    /// Calls in flight from one peer.
    pub max_concurrent_per_peer: usize,
    /// Calls in flight, all peers.
    pub max_concurrent: usize,
    /// Caller side: timeout when `invoke` gets no `--timeout`.
    #[serde(deserialize_with = "duration")]
    pub default_timeout: Duration,
}

impl Default for InvokeSection {
    fn default() -> Self {
        InvokeSection {
            max_input: 1 << 20,
            deny: Vec::new(),
            // Sized from what a callee serves (`bench invoke`: about 2 500 wasm and 350
            // subprocess calls/s on 2 cores): one caller's sequential loop is never
            // refused for rate; the in-flight caps are what bound a caller's cost.
            peer_rate_per_second: 3_000,
            peer_burst: 3_000,
            rate_per_second: 10_000,
            burst: 10_000,
            max_concurrent_per_peer: 4,
            max_concurrent: 32,
            default_timeout: Duration::from_secs(30),
        }
    }
}

impl InvokeSection {
    /// The node-wide deny patterns, parsed.
    pub fn deny_patterns(&self) -> Vec<Pattern> {
        // Validated at load: every entry parses.
        self.deny
            .iter()
            .filter_map(|p| Pattern::parse(p).ok())
            .collect()
    }
}

/// Which calls need a human or policy approval.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ApprovalPolicy {
    /// Every call.
    All,
    /// Calls of `dangerous` tools (and tools that declare no safety).
    #[default]
    Dangerous,
    /// Calls of the tools named in `[approval] sensitive`.
    Configured,
    /// None.
    None,
}

impl ApprovalPolicy {
    /// Config name.
    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalPolicy::All => "all",
            ApprovalPolicy::Dangerous => "dangerous",
            ApprovalPolicy::Configured => "configured",
            ApprovalPolicy::None => "none",
        }
    }
}

/// Longest approval wait: a caller accepts no longer one
/// (`lango_protocol::tools::pending::MAX_APPROVAL_WAIT_MS`).
pub const MAX_APPROVAL_TIMEOUT: Duration = Duration::from_secs(3600);
/// Longest standing grant `[approval] max_grant` may allow.
pub const MAX_GRANT: Duration = Duration::from_secs(30 * 24 * 3600);

/// `[approval]`: which calls wait for a person, for how long, and who is told.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ApprovalSection {
    /// `none | dangerous | all | configured`.
    pub policy: ApprovalPolicy,
    /// Tools that need approval under `configured` (names or patterns).
    pub sensitive: Vec<String>,
    /// Tools that never need approval, whatever the policy (names or patterns).
    pub exempt: Vec<String>,
    /// How long a request waits for a decision before it is denied as timed out.
    #[serde(deserialize_with = "duration")]
    pub timeout: Duration,
    /// Longest standing grant `approvals approve --grant DURATION` may give.
    #[serde(deserialize_with = "duration")]
    pub max_grant: Duration,
    /// Channels that announce each request (they never decide).
    pub webhooks: Vec<WebhookConfig>,
}

impl Default for ApprovalSection {
    fn default() -> Self {
        ApprovalSection {
            policy: ApprovalPolicy::Dangerous,
            sensitive: Vec::new(),
            exempt: Vec::new(),
            timeout: Duration::from_secs(60),
            max_grant: Duration::from_secs(8 * 3600),
            webhooks: Vec::new(),
        }
    }
}

/// Payload shape of a webhook.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WebhookFormat {
    /// The request as a JSON object (documented in `docs/approval.md`).
    #[default]
    Json,
    /// A Slack incoming webhook (`text`).
    Slack,
    /// A Discord webhook (`content`).
    Discord,
    /// Telegram's `sendMessage` (`chat_id`, `text`).
    Telegram,
}

/// One `[[approval.webhooks]]` entry. `Debug` shows neither the secret nor the URL's
/// path (a Slack or Discord URL is itself a credential).
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookConfig {
    /// `https://…` (or `http://` to a loopback address).
    pub url: String,
    /// HMAC-SHA256 key of the signature header; `{{secret:NAME}}` reads it from the
    /// node's secrets.
    #[serde(default)]
    pub secret: Option<String>,
    /// Payload shape.
    #[serde(default)]
    pub format: WebhookFormat,
    /// Telegram: the chat to post to.
    #[serde(default)]
    pub chat_id: Option<String>,
    /// Per-attempt timeout.
    #[serde(default = "d_webhook_timeout", deserialize_with = "duration")]
    pub timeout: Duration,
}

impl std::fmt::Debug for WebhookConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Compared by reload: a changed secret or path must still compare unequal.
        let digest = {
            use sha2::Digest as _;
            let mut h = sha2::Sha256::new();
            h.update(self.url.as_bytes());
            h.update([0]);
            h.update(self.secret.as_deref().unwrap_or_default().as_bytes());
            hex::encode(&h.finalize()[..8])
        };
        f.debug_struct("WebhookConfig")
            .field("url", &crate::approval::webhook::channel_name(&self.url))
            .field("format", &self.format)
            .field("chat_id", &self.chat_id)
            .field("timeout", &self.timeout)
            .field("digest", &digest)
            .finish()
    }
}

fn d_webhook_timeout() -> Duration {
    Duration::from_secs(5)
}

/// `[sandbox]`: where sandboxes keep scratch space and the container settings.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SandboxSection {
    /// Parent of every call's scratch directory (default: `$TMPDIR/lango-scratch`).
    /// Must not be inside the data dir.
    pub scratch_dir: Option<PathBuf>,
    /// Default container image (built by `sandbox prepare`).
    pub image: String,
    /// Per tool: idle started containers (container), or launchers set up and waiting
    /// at their gate (subprocess); each serves one call. 0 turns the pools off.
    pub warm_pool: usize,
    /// Docker socket (default: `DOCKER_HOST` or `/var/run/docker.sock`).
    pub docker_host: Option<String>,
}

impl Default for SandboxSection {
    fn default() -> Self {
        SandboxSection {
            scratch_dir: None,
            image: "lango-tools:1".into(),
            warm_pool: 2,
            docker_host: None,
        }
    }
}

/// Parses `"128MiB"`, `"1GiB"`, `"64KiB"`, `"500kB"`, `"1MB"` or a plain byte count.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("bad size {s:?}: want e.g. \"128MiB\""))?;
    let mult: u64 = match unit.trim() {
        "" | "B" => 1,
        "KiB" => 1 << 10,
        "MiB" => 1 << 20,
        "GiB" => 1 << 30,
        "kB" | "KB" => 1_000,
        "MB" => 1_000_000,
        "GB" => 1_000_000_000,
        _ => {
            return Err(format!(
                "bad size unit in {s:?}: use B, KiB, MiB, GiB, kB, MB or GB"
            ))
        }
    };
    n.checked_mul(mult)
        .ok_or_else(|| format!("size {s:?} is too large"))
}

pub(crate) fn size<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        N(u64),
        S(String),
    }
    match Raw::deserialize(d)? {
        Raw::N(n) => Ok(n),
        Raw::S(s) => parse_size(&s).map_err(serde::de::Error::custom),
    }
}

/// Checks `[[tools]]` and `[invoke]`: names, duplicates, per-kind fields, limits.
pub fn validate(
    tools: &[ToolConfig],
    invoke: &InvokeSection,
    approval: &ApprovalSection,
) -> Result<(), String> {
    let mut seen = std::collections::BTreeSet::new();
    for t in tools {
        let n = &t.name;
        if !lango_protocol::tools::valid_tool_name(n) {
            return Err(format!(
                "tools: bad name {n:?}: use 1-64 of A-Z a-z 0-9 . _ -"
            ));
        }
        if !seen.insert(n.clone()) {
            return Err(format!("tools: {n:?} is declared twice"));
        }
        match t.sandbox {
            Kind::Subprocess => {
                let ok = t
                    .command
                    .first()
                    .is_some_and(|p| std::path::Path::new(p).is_absolute());
                if !ok {
                    return Err(format!(
                        "tools.{n}: subprocess tools need `command` with an absolute program path first"
                    ));
                }
            }
            Kind::Wasm => {
                if t.module.is_none() {
                    return Err(format!(
                        "tools.{n}: wasm tools need `module` (a .wasm or .wat file)"
                    ));
                }
            }
            Kind::Container => {
                if t.command.is_empty() {
                    return Err(format!(
                        "tools.{n}: container tools need `command` (argv in the image)"
                    ));
                }
            }
        }
        if t.timeout.is_zero() || t.cpu_time.is_zero() {
            return Err(format!("tools.{n}: timeout and cpu_time must be > 0"));
        }
        if t.memory < (1 << 20) || t.output_cap == 0 || t.max_processes == 0 || t.cpu_percent == 0 {
            return Err(format!(
                "tools.{n}: memory must be ≥ 1MiB, and output_cap, max_processes, cpu_percent ≥ 1"
            ));
        }
        for (k, v) in &t.env {
            let ok_key = !k.is_empty()
                && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                && !k.as_bytes()[0].is_ascii_digit();
            if !ok_key {
                return Err(format!("tools.{n}.env: bad variable name {k:?}"));
            }
            secret_refs(v).map_err(|e| format!("tools.{n}.env.{k}: {e}"))?;
        }
        for (i, a) in t.command.iter().enumerate() {
            secret_refs(a).map_err(|e| format!("tools.{n}.command[{i}]: {e}"))?;
        }
        if t.command.first().is_some_and(|p| p.contains("{{secret:")) {
            return Err(format!(
                "tools.{n}.command[0]: the program path may not hold a secret reference"
            ));
        }
        if t.approval_timeout
            .is_some_and(|d| d.is_zero() || d > MAX_APPROVAL_TIMEOUT)
        {
            return Err(format!(
                "tools.{n}.approval_timeout must be > 0 and at most 1h (a caller waits no longer)"
            ));
        }
    }
    for p in approval.sensitive.iter().chain(&approval.exempt) {
        Pattern::parse(p).map_err(|e| format!("approval.sensitive/exempt: {e}"))?;
    }
    if approval.timeout.is_zero() || approval.timeout > MAX_APPROVAL_TIMEOUT {
        return Err(
            "approval.timeout must be > 0 and at most 1h (a caller waits no longer)".into(),
        );
    }
    if approval.max_grant.is_zero() || approval.max_grant > MAX_GRANT {
        return Err("approval.max_grant must be > 0 and at most 30 days".into());
    }
    for (i, w) in approval.webhooks.iter().enumerate() {
        crate::approval::webhook::check_url(&w.url)
            .map_err(|e| format!("approval.webhooks[{i}].url: {e}"))?;
        if let Some(sec) = &w.secret {
            secret_refs(sec).map_err(|e| format!("approval.webhooks[{i}].secret: {e}"))?;
        }
        if (w.format == WebhookFormat::Telegram) != w.chat_id.is_some() {
            return Err(format!(
                "approval.webhooks[{i}]: chat_id is needed with format = \"telegram\" and only there"
            ));
        }
    }
    for p in &invoke.deny {
        Pattern::parse(p).map_err(|e| format!("invoke.deny: {e}"))?;
    }
    if invoke.max_input == 0 || invoke.max_input > 64 << 20 {
        return Err("invoke.max_input must be within 1 byte ..= 64MiB".into());
    }
    if invoke.peer_rate_per_second == 0
        || invoke.peer_burst == 0
        || invoke.rate_per_second == 0
        || invoke.burst == 0
        || invoke.max_concurrent == 0
        || invoke.max_concurrent_per_peer == 0
    {
        return Err("invoke rates, bursts and concurrency caps must be ≥ 1".into());
    }
    if invoke.default_timeout.is_zero() {
        return Err("invoke.default_timeout must be > 0".into());
    }
    Ok(())
}

/// The secret names `text` refers to with `{{secret:NAME}}`, in order; an unterminated
/// reference or a bad name is an error naming it.
pub fn secret_refs(text: &str) -> Result<Vec<String>, String> {
    const OPEN: &str = "{{secret:";
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(OPEN) {
        let after = rest.get(i + OPEN.len()..).unwrap_or_default();
        let end = after
            .find("}}")
            .ok_or("unterminated `{{secret:` reference")?;
        let name = after.get(..end).unwrap_or_default();
        lango_storage::db::secrets::check_name(name)
            .map_err(|e| format!("secret reference {name:?}: {e}"))?;
        names.push(name.to_string());
        rest = after.get(end + 2..).unwrap_or_default();
    }
    Ok(names)
}

/// Checks that every `{{secret:NAME}}` of every tool names a secret the node holds
/// (`exists`), so that a missing one fails the tool's load, not its calls.
pub fn check_secrets_exist(
    tools: &[ToolConfig],
    approval: &ApprovalSection,
    exists: impl Fn(&str) -> bool,
) -> Result<(), String> {
    for (i, w) in approval.webhooks.iter().enumerate() {
        for name in secret_refs(w.secret.as_deref().unwrap_or_default())? {
            if !exists(&name) {
                return Err(format!(
                    "approval.webhooks[{i}].secret: no secret named {name:?}; store it with `lango-node secrets set {name}` first"
                ));
            }
        }
    }
    for t in tools {
        let places = t.env.iter().map(|(k, v)| (format!("env.{k}"), v)).chain(
            t.command
                .iter()
                .enumerate()
                .map(|(i, a)| (format!("command[{i}]"), a)),
        );
        for (place, text) in places {
            for name in secret_refs(text)? {
                if !exists(&name) {
                    return Err(format!(
                        "tools.{}.{place}: no secret named {name:?}; store it with `lango-node secrets set {name}` first",
                        t.name
                    ));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn parse(t: &str) -> Result<Config, String> {
        Config::parse(t, std::path::Path::new("c.toml")).map_err(|e| e.to_string())
    }

    #[test]
    fn a_tool_without_safety_is_dangerous_and_limits_have_defaults() {
        let c = parse(
            "[[tools]]\nname = \"echo\"\nsandbox = \"subprocess\"\ncommand = [\"/bin/cat\"]\n",
        )
        .unwrap();
        let t = &c.tools[0];
        assert_eq!(t.safety, Safety::Dangerous);
        assert_eq!(t.limits(), Limits::default());
        assert!(!t.network);
    }

    #[test]
    fn bad_tool_tables_are_refused_with_the_reason() {
        let cases = [
            ("[[tools]]\nname = \"x\"\nsandbox = \"subprocess\"\ncommand = [\"cat\"]\n", "absolute"),
            ("[[tools]]\nname = \"x\"\nsandbox = \"wasm\"\n", "module"),
            ("[[tools]]\nname = \"x\"\nsandbox = \"container\"\n", "command"),
            ("[[tools]]\nname = \"../x\"\nsandbox = \"container\"\ncommand = [\"cat\"]\n", "bad name"),
            ("[[tools]]\nname = \"x\"\nsandbox = \"vm\"\n", "vm"),
            ("[[tools]]\nname = \"x\"\nsandbox = \"container\"\ncommand = [\"cat\"]\nnetwrok = true\n", "netwrok"),
            ("[[tools]]\nname = \"x\"\nsandbox = \"container\"\ncommand = [\"cat\"]\nenv = { T = \"{{secret:t\" }\n", "unterminated"),
            ("[[tools]]\nname = \"x\"\nsandbox = \"container\"\ncommand = [\"cat\", \"{{secret:a b}}\"]\n", "command[1]"),
            ("[approval]\npolicy = \"sometimes\"\n", "sometimes"),
            ("[approval]\nexempt = [\"a*b\"]\n", "approval.sensitive/exempt"),
            ("[approval]\ntimeout = \"2h\"\n", "at most 1h"),
            ("[approval]\nmax_grant = \"1000d\"\n", "30 days"),
            ("[[approval.webhooks]]\nurl = \"ftp://x\"\n", "webhooks[0].url"),
            ("[[approval.webhooks]]\nurl = \"https://x\"\nformat = \"telegram\"\n", "chat_id"),
            ("[[tools]]\nname = \"x\"\nsandbox = \"container\"\ncommand = [\"cat\"]\nmemory = \"12 parsecs\"\n", "parsecs"),
            ("[invoke]\ndeny = [\"a*b\"]\n", "invoke.deny"),
            ("[invoke]\nmax_concurrent = 0\n", "concurrency"),
        ];
        for (text, want) in cases {
            let e = parse(text).unwrap_err();
            assert!(e.contains(want), "{text:?}: {e}");
            assert!(!e.contains('\n'), "one line: {e}");
        }
        let dup = "[[tools]]\nname = \"x\"\nsandbox = \"container\"\ncommand = [\"cat\"]\n";
        assert!(parse(&format!("{dup}{dup}")).unwrap_err().contains("twice"));
    }

    #[test]
    fn sizes_parse_and_bad_ones_are_named() {
        assert_eq!(parse_size("128MiB").unwrap(), 128 << 20);
        assert_eq!(parse_size("1GiB").unwrap(), 1 << 30);
        assert_eq!(parse_size("500kB").unwrap(), 500_000);
        assert_eq!(parse_size("42").unwrap(), 42);
        assert!(parse_size("12 parsecs").unwrap_err().contains("parsecs"));
        assert!(parse_size("MiB").is_err());
        assert!(parse_size("99999999999999GiB").is_err());
    }
}
