//! Command-line interface (clap derive). `docs/cli.md` is the reference.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// lango-node: a peer-to-peer agent node with authenticated sessions.
#[derive(Debug, Parser)]
#[command(name = "lango-node", version, long_version = crate::cli::meta::LONG_VERSION, about)]
pub struct Cli {
    /// Data directory (default: $XDG_DATA_HOME/lango-node or ~/.local/share/lango-node).
    #[arg(long, global = true, env = "LANGO_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Config file (default: config.toml in the data dir).
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    /// Read the passphrase from this file instead of LANGO_PASSPHRASE or a prompt
    /// (every command that unlocks the store: init, run, and the offline store commands).
    #[arg(long, global = true)]
    pub passphrase_file: Option<PathBuf>,
    /// The control socket to talk to (an operators' group socket from `[control]`);
    /// default: the one in the data dir.
    #[arg(long, global = true, env = "LANGO_CONTROL_SOCKET")]
    pub control_socket: Option<PathBuf>,
    /// Log level: error, warn, info, debug, trace, or a filter such as `info,libp2p=debug`
    /// (default: info for `run`, warn otherwise; LANGO_LOG overrides both).
    #[arg(long, global = true)]
    pub log_level: Option<String>,
    /// Log line format on stderr.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// `--json` flag shared by listing commands.
#[derive(Debug, Args, Clone, Copy)]
pub struct JsonFlag {
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One human-readable line per event.
    Text,
    /// One JSON object per line (for journald, Loki, …).
    Json,
}

/// Output format of a listing command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table with headers, for people.
    Table,
    /// JSON, for programs.
    Json,
}

/// `-o json|table` (and `--json`, the same as `-o json`).
#[derive(Debug, Args, Clone, Copy)]
pub struct OutputFlags {
    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = Format::Table)]
    pub output: Format,
    /// Machine-readable output (`-o json`).
    #[arg(long)]
    pub json: bool,
}

impl OutputFlags {
    /// Whether JSON was asked for.
    pub fn is_json(&self) -> bool {
        self.json || self.output == Format::Json
    }
}

/// Top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the agent identity and the encrypted store.
    Init {
        /// Where the keys live: `local` (KEK from the passphrase, software identity key),
        /// `keyring` (KEK in the kernel keyring), `tpm` or `pkcs11` (KEK and identity key
        /// in the device; settings in `[keys.tpm]` / `[keys.pkcs11]`), `ssh-agent`
        /// (identity key held by the agent at SSH_AUTH_SOCK; KEK from the passphrase).
        #[arg(long, default_value = "local")]
        key_provider: String,
        /// With `ssh-agent`: the `.pub` file of the agent key to use (default: the
        /// agent's only P-256 key).
        #[arg(long)]
        ssh_key: Option<PathBuf>,
        /// Keep the application database unencrypted (debugging and migration only; the
        /// node says so loudly; `db encrypt` fixes it). Secret values are sealed anyway.
        #[arg(long)]
        plaintext_db: bool,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Run the node in the foreground (Ctrl-C stops it cleanly).
    Run {
        /// Listen address (repeatable); overrides `node.listen` in the config.
        #[arg(long)]
        listen: Vec<String>,
    },
    /// This node's DID, PeerId and listen addresses.
    Id(JsonFlag),
    /// Summary of the running node.
    Status(JsonFlag),
    /// Connected peers.
    Peers(JsonFlag),
    /// Why each trusted peer is reachable or not, in plain words (or one peer's).
    Doctor {
        /// A DID or name (default: every trusted peer).
        peer: Option<String>,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Counters and gauges in the Prometheus text format.
    Metrics,
    /// Manage the trust store.
    #[command(subcommand)]
    Trust(TrustCommand),
    /// Manage sessions.
    #[command(subcommand)]
    Session(SessionCommand),
    /// Security events, newest last.
    Events {
        /// Keep printing new events.
        #[arg(long)]
        follow: bool,
        /// Only events at or after this time (RFC 3339) or this long ago (`10m`).
        #[arg(long)]
        since: Option<String>,
        /// Only these kinds (comma-separated: `sandbox_violation,flood`).
        #[arg(long)]
        kind: Option<String>,
        /// Only the newest N (before --follow starts).
        #[arg(short = 'n')]
        n: Option<usize>,
        /// Machine-readable output (one JSON array, or one object per line with --follow).
        #[arg(long)]
        json: bool,
    },
    /// Authenticated round trip over the session with a peer.
    Ping {
        /// Peer DID or name.
        did: String,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// The hash-chained audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// The secret store (values never echoed; `get` is the owner's own, audited read).
    #[command(subcommand, visible_alias = "secret")]
    Secrets(SecretsCommand),
    /// Calls waiting for a person's yes, decisions, and standing grants.
    #[command(subcommand)]
    Approvals(ApprovalsCommand),
    /// The key provider and key registry.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// The encrypted application database.
    #[command(subcommand)]
    Db(DbCommand),
    /// Cache the passphrase provider's KEK (never the passphrase) in the kernel keyring,
    /// so the node can start without the passphrase until reboot or `keyring clear`.
    #[command(subcommand)]
    Keyring(KeyringCommand),
    /// Run a benchmark suite: handshake, invoke, replay-cache, crypto, storage, pii, secrets.
    Bench {
        /// Suite name.
        suite: String,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Tools: this node's, or the ones a peer lets us call.
    #[command(subcommand)]
    Tools(ToolsCommand),
    /// Call a tool on a peer. Exit 0 when it ran and exited 0, 3 when refused, 1 otherwise.
    Invoke {
        /// The peer's DID or name.
        did: String,
        /// Tool name.
        tool: String,
        /// Input JSON (default: --input-file, else stdin).
        #[arg(long, conflicts_with = "input_file")]
        input: Option<String>,
        /// Read the input JSON from this file.
        #[arg(long)]
        input_file: Option<PathBuf>,
        /// Time budget for the call (default `[invoke] default_timeout`).
        #[arg(long)]
        timeout: Option<String>,
        /// Print the whole response (status, output, exit code, receipt) as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Signed receipts of tool calls.
    #[command(subcommand)]
    Receipt(ReceiptCommand),
    /// The sandbox back ends.
    #[command(subcommand)]
    Sandbox(SandboxCommand),
    /// Version, commit, and the key providers and sandbox back ends built in.
    Version(JsonFlag),
    /// Take a consistent backup of the running node into a new directory (database,
    /// sealed keys, key registry, config, every audit segment, and a manifest).
    Backup {
        /// Where (must not exist, or be empty).
        #[arg(long)]
        to: PathBuf,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Restore a backup into the data dir (--data-dir), which must not exist or be empty.
    Restore {
        /// The backup directory.
        #[arg(long)]
        from: PathBuf,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// The configuration file.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to stdout.
    Man,
    /// PII detection.
    #[command(subcommand)]
    Pii(PiiCommand),
}

/// `pii ...`
#[derive(Debug, Subcommand)]
pub enum PiiCommand {
    /// Redact PII read from stdin, a line at a time (constant memory), with the
    /// detectors, threshold and types of `[pii]` in the config when there is one.
    /// Plain: redacted text out (a line that is JSON stays valid JSON). --json: one
    /// `{"redacted", "spans"}` per line out. --jsonl: one `{"text": …}` per line in, one
    /// `{"redacted", "spans": [{start, end, type, score}]}` out, in UTF-8 byte offsets
    /// into the original text; a line that is not `{"text": …}` is named on stderr and
    /// skipped (exit 1 at the end), or with --strict ends the scan.
    Scan {
        /// JSON lines in and out.
        #[arg(long)]
        jsonl: bool,
        /// Plain text in, a JSON object per line out.
        #[arg(long, conflicts_with = "jsonl")]
        json: bool,
        /// replace (default), mask, hash (a key for this scan only) or tokenize (numbered
        /// per line).
        #[arg(long)]
        mode: Option<crate::config::pii::Mode>,
        /// Only these entity types, comma-separated (EMAIL_ADDRESS,CREDIT_CARD,...).
        #[arg(long, value_delimiter = ',')]
        types: Vec<String>,
        /// Stop at the first bad input line.
        #[arg(long)]
        strict: bool,
    },
    /// Score the built-in detectors (default threshold, no config) on a labelled corpus:
    /// JSON lines of `{"text", "spans": [{start, end, type}]}` in character offsets with
    /// Presidio's type names. A span counts when start, end and type all match; a type
    /// the corpus never labels is not counted. Prints micro and per-type precision,
    /// recall and F1; --verbose adds each false positive (FP) and negative (FN) in
    /// context.
    Score {
        /// The corpus file.
        file: PathBuf,
        /// List each disagreement with its line number and context.
        #[arg(long, short)]
        verbose: bool,
    },
}

/// `config ...`
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Validate a config file as `run` would (exit 2 on any error), without starting the
    /// node.
    Check {
        /// The file (default: --config, else config.toml in the data dir).
        file: Option<PathBuf>,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
}

/// `tools ...`
#[derive(Debug, Subcommand)]
pub enum ToolsCommand {
    /// Local tools (from the config), or with --peer the tools that peer lets us call.
    List {
        /// Ask this peer (needs a running node and a session).
        #[arg(long)]
        peer: Option<String>,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
}

/// `receipt ...`
#[derive(Debug, Subcommand)]
pub enum ReceiptCommand {
    /// Check a receipt offline: the `invoke --json` output, from FILE or stdin.
    Verify {
        /// File holding the `invoke --json` output (default: stdin).
        file: Option<PathBuf>,
        /// Require the receipt to be signed by this DID.
        #[arg(long)]
        callee: Option<String>,
        /// Require the receipt to be for this exact input text.
        #[arg(long)]
        input: Option<String>,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
}

/// `sandbox ...`
#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Probe each back end, build the default container image if missing, prepare every
    /// configured tool, and print what works and which isolation layers are active.
    Prepare(JsonFlag),
}

/// `approvals ...`
#[derive(Debug, Subcommand)]
pub enum ApprovalsCommand {
    /// Requests, newest first (pending ones and the last 1000 decided).
    List(OutputFlags),
    /// One request: caller, tool, input hash and preview, state, channel deliveries.
    Show {
        /// Request id.
        id: String,
        /// Print the whole input (PII-redacted, up to 64 KiB) instead.
        #[arg(long)]
        input: bool,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Let a waiting call run.
    Approve {
        /// Request id.
        id: String,
        /// `once` (this call only) or a duration (`10m`, `1h`): this caller may call this
        /// tool without asking for that long (capped by `[approval] max_grant`).
        #[arg(long, default_value = "once")]
        grant: String,
    },
    /// Refuse a waiting call (`approval_denied`, exit 3 for the caller).
    Deny {
        /// Request id.
        id: String,
        /// Told to the caller.
        #[arg(long)]
        reason: Option<String>,
    },
    /// Print pending requests, then each new one as it arrives (until Ctrl-C).
    Watch(JsonFlag),
    /// Standing grants in force.
    Grants(OutputFlags),
    /// Revoke a standing grant.
    RevokeGrant {
        /// Grant id.
        id: String,
    },
}

/// `trust ...`
#[derive(Debug, Subcommand)]
pub enum TrustCommand {
    /// Trust a new peer's DID (takes effect at once on the running node; an already
    /// trusted DID is refused: `trust set` changes it).
    Add {
        /// `did:key:zDn...`
        did: String,
        /// Address to dial (repeatable).
        #[arg(long = "addr")]
        addrs: Vec<String>,
        /// Tools it may call: comma-separated names or patterns (`*`, `fs.*`); default none.
        #[arg(long, default_value = "")]
        tools: String,
        /// A name, unique on this node, usable wherever a DID is.
        #[arg(long)]
        name: Option<String>,
    },
    /// Change a trusted peer's entry: only what is given changes.
    Set {
        /// DID or name.
        peer: String,
        /// Addresses to dial (repeatable; replaces the old list).
        #[arg(long = "addr")]
        addrs: Vec<String>,
        /// Forget every dial address.
        #[arg(long, conflicts_with = "addrs")]
        no_addr: bool,
        /// Tools it may call (replaces the old patterns; `""` allows none).
        #[arg(long)]
        tools: Option<String>,
        /// New name (`""` removes it).
        #[arg(long)]
        name: Option<String>,
    },
    /// Trusted peers.
    List(OutputFlags),
    /// Untrust a peer: ends its session and blocks it for good.
    Remove {
        /// DID or name.
        did: String,
    },
    /// Unknown peers that proved their key and tried to connect.
    Pending(OutputFlags),
    /// Blocks in force, by DID and by PeerId (revocations, removed peers, threshold trips).
    Blocks(OutputFlags),
    /// Trust a pending peer.
    Approve {
        /// DID.
        did: String,
        /// Tools it may call.
        #[arg(long, default_value = "")]
        tools: String,
        /// A name for it.
        #[arg(long)]
        name: Option<String>,
    },
}

/// `session ...`
#[derive(Debug, Subcommand)]
pub enum SessionCommand {
    /// Live sessions.
    List(OutputFlags),
    /// Blocks in force (as `trust blocks`).
    Blocks(OutputFlags),
    /// End a session now, notify the peer, and block it.
    Revoke {
        /// DID or name (or --all).
        did: Option<String>,
        /// Every session.
        #[arg(long, conflicts_with = "did")]
        all: bool,
        /// How long to refuse re-handshakes (default 1h; 0 only forces a new handshake).
        #[arg(long)]
        block: Option<String>,
        /// Reason recorded in the audit log and sent to the peer.
        #[arg(long)]
        reason: Option<String>,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Lift a block: a DID or name (its own and its PeerIds' blocks), or a PeerId.
    Unblock {
        /// DID, name or PeerId.
        did: String,
    },
}

/// `secrets ...`: go to the running node, or open the store directly when it is stopped.
#[derive(Debug, Subcommand)]
pub enum SecretsCommand {
    /// Create or replace a secret; the value comes from stdin or --value-file.
    Set {
        /// Name (`[A-Za-z0-9_.-]`, used as `{{secret:NAME}}`).
        name: String,
        /// Read the value from this file instead of stdin.
        #[arg(long, visible_alias = "from-file")]
        value_file: Option<PathBuf>,
    },
    /// Names and dates, never values.
    List(JsonFlag),
    /// Print a value to stdout.
    Get {
        /// Name.
        name: String,
    },
    /// Remove a secret.
    Rm {
        /// Name.
        name: String,
    },
}

/// `keys ...`
#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Provider, capabilities, health, key versions.
    Status(JsonFlag),
    /// New key-encryption-key version; every data key re-wrapped; nothing lost.
    Rotate(JsonFlag),
}

/// `keyring ...`
#[derive(Debug, Subcommand)]
pub enum KeyringCommand {
    /// Store the current KEK in the kernel user keyring.
    Store(JsonFlag),
    /// Remove this node's cached KEKs from the keyring.
    Clear(JsonFlag),
    /// Whether the current KEK is cached.
    Status(JsonFlag),
}

/// `db ...`
#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Encrypt a plaintext database in place (crash-safe).
    Encrypt(JsonFlag),
    /// Move the database to a new key (crash-safe).
    Rekey(JsonFlag),
    /// Integrity and cipher checks, and every sealed record opened.
    Verify(JsonFlag),
}

/// `audit ...`
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check every entry's MAC and link, and the anchored head; name what is wrong
    /// (exit 4 rewritten, 5 truncated, 6 missing).
    Verify(JsonFlag),
    /// Keep an altered log aside and start a new one (node stopped; the log must fail
    /// verification). The new log's first entry records the old one and the reason.
    Restart {
        /// Why (recorded in the new log).
        #[arg(long)]
        reason: String,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Last entries (across segments).
    Tail {
        /// How many.
        #[arg(short = 'n', default_value_t = 20)]
        n: usize,
        /// Only entries at or after this time (RFC 3339) or this long ago (`10m`).
        #[arg(long)]
        since: Option<String>,
        /// Only these kinds (comma-separated: `tool_call,trust_add`).
        #[arg(long)]
        kind: Option<String>,
        /// Keep printing new entries as they are written.
        #[arg(long)]
        follow: bool,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
}
