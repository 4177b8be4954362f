//! The one error type of the storage crate.
//!
//! Variants are named after the fact that went wrong and their messages name the thing
//! (file, key id, provider) so an operator can act on them. Nothing secret ever appears
//! in a message: no key bytes, no plaintext, no passphrase.

use std::io;
use std::path::PathBuf;

/// Result alias used throughout `lango-storage`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong while keeping data at rest.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The ssh-agent could not be used.
    #[error("ssh-agent at {}: {detail}", socket.display())]
    SshAgent {
        /// Its socket.
        socket: std::path::PathBuf,
        /// What went wrong.
        detail: String,
    },
    /// The SQLCipher database failed: wrong key, damaged page, or an SQL error.
    #[error("database {path}: {detail}")]
    Database {
        /// The database file.
        path: PathBuf,
        /// What went wrong.
        detail: String,
    },

    /// A record's ciphertext did not open under its key and AAD: tampered, or moved from
    /// another record.
    #[error(
        "{table} record `{record}` failed authentication: tampered or moved from another record"
    )]
    RecordCorrupt {
        /// Table.
        table: &'static str,
        /// Record id.
        record: String,
    },

    /// The database schema is newer than this build knows.
    #[error("database {path} has schema version {found}, newer than this build's {known}: upgrade lango-node")]
    SchemaTooNew {
        /// The database file.
        path: PathBuf,
        /// Version found.
        found: u32,
        /// Newest version this build knows.
        known: u32,
    },

    /// `DataDir::create` or `KeyRegistry::create` found a node that is already initialised.
    #[error("data dir {path} already holds an initialised node (keys/registry.json exists)")]
    AlreadyInitialised {
        /// The data directory.
        path: PathBuf,
    },

    /// The audit log's hash chain does not verify at entry `seq`.
    #[error("audit log chain broken at entry {seq} in {}: {reason}", file.display())]
    AuditChainBroken {
        /// Sequence number the entry at that position should carry (entries are numbered
        /// from 1 across segments).
        seq: u64,
        /// The segment file that holds it.
        file: std::path::PathBuf,
        /// What was wrong with the entry.
        reason: AuditBreak,
    },

    /// The last line of the audit log is damaged, so the chain cannot be continued.
    #[error("audit log {path} ends in a corrupt entry ({reason}): run `lango-node audit verify`")]
    AuditTailCorrupt {
        /// The audit log file.
        path: PathBuf,
        /// What was wrong with the last line.
        reason: AuditBreak,
    },

    /// The audit log ends before what was written to it: its last line is incomplete, or
    /// it stops before the entry the database anchors.
    #[error("audit log {path} was cut after entry {last}: {how}")]
    AuditTruncated {
        /// The audit log file.
        path: PathBuf,
        /// The last complete entry found (0: none).
        last: u64,
        /// What shows it.
        how: String,
    },

    /// The audit log file is gone.
    #[error("audit log {path} is missing{}", anchored.map(|s| format!(" (the database anchors entry {s})")).unwrap_or_default())]
    AuditMissing {
        /// Where the log should be.
        path: PathBuf,
        /// The entry the anchor names, if any was ever anchored.
        anchored: Option<u64>,
    },

    /// The audit head could not be written to the database.
    #[error("audit anchor not written: {detail}")]
    AuditAnchor {
        /// Why.
        detail: String,
    },

    /// An AEAD ciphertext did not authenticate: wrong key, wrong purpose, or tampered bytes.
    #[error("ciphertext failed authentication: wrong key, wrong purpose, or tampered bytes")]
    AuthenticationFailed,

    /// A sealed file did not open; `source` says why.
    #[error("sealed file {path} is corrupt or was tampered with: {source}")]
    Corrupt {
        /// The sealed file.
        path: PathBuf,
        /// The envelope error that opening it produced.
        #[source]
        source: Box<Error>,
    },

    /// A sealed file decrypted, but its plaintext is not the JSON value expected.
    #[error("sealed file {path} decrypted but does not hold the expected value: {source}")]
    Decode {
        /// The sealed file.
        path: PathBuf,
        /// The JSON error.
        #[source]
        source: serde_json::Error,
    },

    /// Encoding a value as JSON failed (a `Serialize` impl returned an error).
    #[error("could not encode {what} as JSON: {source}")]
    Encode {
        /// What was being encoded.
        what: &'static str,
        /// The JSON error.
        #[source]
        source: serde_json::Error,
    },

    /// An existing data directory is readable or writable by group or others.
    #[error("data dir {path} has mode {mode:o}: it must not be accessible to group or others (chmod 700)")]
    InsecurePermissions {
        /// The directory.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },

    /// A file-system operation failed.
    #[error("could not {op} {path}: {source}")]
    Io {
        /// What was being done ("read", "rename", ...).
        op: &'static str,
        /// The file or directory involved.
        path: PathBuf,
        /// The operating-system error.
        #[source]
        source: io::Error,
    },

    /// A key id does not fit the envelope header (1 to 255 bytes of UTF-8).
    #[error("key id is {len} bytes long: it must be 1 to 255 bytes")]
    KeyIdLength {
        /// The offending length.
        len: usize,
    },

    /// A ciphertext was sealed under a different key id than the caller expected.
    #[error("ciphertext is sealed under key id `{found}`, expected `{expected}`")]
    KeyIdMismatch {
        /// The key id the caller asked for.
        expected: String,
        /// The key id recorded in the ciphertext header.
        found: String,
    },

    /// Another `DataDir` (in this or another process) holds the data-dir lock.
    #[error("data dir {path} is locked: another lango-node process is using it")]
    Locked {
        /// The data directory.
        path: PathBuf,
    },

    /// The envelope header is not well formed (truncated, bad key id encoding, ...).
    #[error("ciphertext header is malformed: {0}")]
    MalformedHeader(&'static str),

    /// A metadata file (provider config, wrapped master key) is not valid.
    #[error("{path} is not a valid {what}: {detail}")]
    MalformedMetadata {
        /// The file.
        path: PathBuf,
        /// What the file should hold ("key provider config", ...).
        what: &'static str,
        /// What was wrong.
        detail: String,
    },

    /// `DataDir::open` found no data directory.
    #[error("no lango-node data dir at {path}: run `lango-node init`")]
    NotADataDir {
        /// The path that was tried.
        path: PathBuf,
    },

    /// The data dir exists but holds no wrapped master key.
    #[error("no master key in data dir {path}: run `lango-node init`")]
    NotInitialised {
        /// The data directory.
        path: PathBuf,
    },

    /// A plaintext exceeds what AES-GCM can encrypt under one nonce (about 64 GiB).
    #[error("plaintext of {len} bytes is too long for AES-256-GCM")]
    PlaintextTooLong {
        /// The plaintext length.
        len: usize,
    },

    /// A key provider's back end refused or failed an operation (wrong PIN, missing
    /// key object, malformed response). Not retried.
    #[error("key provider `{provider}`: {detail}")]
    Provider {
        /// The provider's id.
        provider: String,
        /// What went wrong, naming the object or setting involved.
        detail: String,
    },

    /// A key provider's device or service could not be reached (after retries, for cloud
    /// providers). Distinct from [`Error::Provider`] so `fallback = "local"` can act on it.
    #[error("key provider `{provider}` is unavailable: {detail}")]
    ProviderUnavailable {
        /// The provider's id.
        provider: String,
        /// What was tried and how it failed.
        detail: String,
    },

    /// A key provider was asked to do something its capabilities exclude.
    #[error("key provider `{provider}` cannot {operation}")]
    ProviderIncapable {
        /// The provider's id.
        provider: String,
        /// The refused operation ("wrap keys", ...).
        operation: &'static str,
    },

    /// The wrapped master key names a different provider than the one supplied.
    #[error(
        "master key was wrapped by key provider `{found}`, but provider `{expected}` was given"
    )]
    ProviderMismatch {
        /// The provider supplied by the caller.
        expected: String,
        /// The provider recorded with the wrapped key.
        found: String,
    },

    /// The system's random number generator failed (no nonce could be drawn).
    #[error("the random number generator failed; refusing to encrypt")]
    RandomUnavailable,

    /// The replay store's sled database failed.
    #[error("replay store {path}: {source}")]
    ReplayDb {
        /// The sled directory.
        path: PathBuf,
        /// The sled error.
        #[source]
        source: sled::Error,
    },

    /// A record in the replay store is not the 8-byte expiry it must be.
    #[error("replay store {path} holds a corrupt record ({len}-byte value, expected 8)")]
    ReplayRecordCorrupt {
        /// The sled directory.
        path: PathBuf,
        /// Length of the bad value.
        len: usize,
    },

    /// The system clock reads a time RFC 3339 cannot express (before year 0 or after 9999).
    #[error("system time is outside the range an RFC 3339 timestamp can express")]
    TimeOutOfRange,

    /// The ciphertext does not start with the `LNGE` magic.
    #[error("ciphertext does not start with the LNGE magic: not a lango-node envelope")]
    UnknownMagic,

    /// The ciphertext names an AEAD algorithm this build does not implement.
    #[error("ciphertext uses unknown algorithm {0}")]
    UnsupportedAlgorithm(u8),

    /// The ciphertext's format version is unknown to this build.
    #[error("ciphertext has unknown envelope version {0}")]
    UnsupportedVersion(u8),

    /// A ciphertext or database names a key version the registry does not hold.
    #[error("no {class} key version {version} in the key registry")]
    UnknownKeyVersion {
        /// The key class.
        class: &'static str,
        /// The version asked for.
        version: u32,
    },

    /// A `{{secret:NAME}}` reference did not resolve.
    #[error("secret reference: {detail}")]
    SecretReference {
        /// What was wrong (never a value).
        detail: String,
    },

    /// A secret value over the size limit.
    #[error("secret value is {len} bytes; the limit is {max}")]
    SecretTooLarge {
        /// Its length.
        len: usize,
        /// The limit.
        max: usize,
    },

    /// A name (secret, ...) breaks its naming rule.
    #[error("invalid {what} name {name:?}: {rule}")]
    InvalidName {
        /// What was being named.
        what: &'static str,
        /// The name given (truncated).
        name: String,
        /// The rule it breaks.
        rule: &'static str,
    },

    /// The key provider could not unwrap a key although its secret was right.
    #[error("key provider `{provider}` could not unwrap the key: it is corrupt or was wrapped under another key")]
    UnwrapFailed {
        /// The provider's id.
        provider: String,
    },

    /// A PBKDF2 iteration count below the floor was requested or found on disk.
    #[error("PBKDF2 iteration count {iterations} is below the minimum of {minimum}")]
    WeakKdf {
        /// The count that was refused.
        iterations: u32,
        /// The minimum allowed.
        minimum: u32,
    },

    /// The passphrase did not derive the key-encryption key.
    #[error("wrong passphrase: the master key did not unwrap")]
    WrongPassphrase,
}

/// Why one audit-log entry breaks the hash chain.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuditBreak {
    /// The entry's `hash` does not match its contents: the entry was modified.
    #[error("entry hash does not match its contents (entry modified)")]
    HashMismatch,
    /// The line is not a well-formed audit entry.
    #[error("malformed entry: {0}")]
    Malformed(&'static str),
    /// `prev` is not the hash of the previous line: an entry was deleted, inserted or moved.
    #[error("prev does not match the previous line (entry deleted, inserted or reordered)")]
    PrevMismatch,
    /// The entry's `mac` does not match its contents under this node's audit key: the
    /// entry was modified or written by someone without the key.
    #[error("entry MAC does not match its contents (entry modified or forged)")]
    MacMismatch,
    /// The entry the database anchors differs from the one in the log: the log was
    /// rewritten from that entry on.
    #[error("entry differs from the one anchored in the database (log rewritten)")]
    AnchorMismatch,
    /// An unkeyed (hash-only) entry follows a keyed one: only a log written before keyed
    /// chains may start with unkeyed entries.
    #[error("unkeyed entry after keyed ones (log rewritten without the key)")]
    Downgrade,
    /// The entry carries the wrong sequence number.
    #[error("sequence number is {found}, expected {expected}")]
    SeqMismatch {
        /// The sequence number expected at this position.
        expected: u64,
        /// The sequence number the entry carries.
        found: u64,
    },
}

impl Error {
    /// Builds an [`Error::Io`] for `op` on `path`.
    pub(crate) fn io(op: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io {
            op,
            path: path.into(),
            source,
        }
    }
}
