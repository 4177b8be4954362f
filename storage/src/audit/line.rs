//! One line of the audit log: its two forms (keyed, and the unkeyed form of logs written
//! before keyed chains), how a line is written and parsed, and the link the next entry
//! carries in `prev`.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::crypto::{hmac_sha256, Key32};
use crate::error::AuditBreak;

/// `prev` of the first entry.
pub const GENESIS_PREV: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// `,"mac":"` + 64 hex + `"}`.
const MAC_MEMBER: &str = ",\"mac\":\"";
/// `,"hash":"` + 64 hex + `"}` (unkeyed lines).
const HASH_MEMBER: &str = ",\"hash\":\"";
const HEX_LEN: usize = 64;

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Position in the log, from 1.
    pub seq: u64,
    /// When the entry was appended, RFC 3339 in UTC.
    pub time: String,
    /// What happened, e.g. `"trust.add"`.
    pub kind: String,
    /// Details; never secrets (use hashes of inputs).
    pub fields: Value,
    /// The previous entry's link: its `mac`, or for an unkeyed entry the SHA-256 of its
    /// whole line.
    pub prev: String,
    /// Keyed entries: hex HMAC-SHA256, under the node's audit key, of the line without
    /// this member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac: Option<String>,
    /// Unkeyed entries (logs written before keyed chains): hex SHA-256 of the line
    /// without this member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
}

/// The newest durable keyed entry: what the encrypted database anchors, so a cut tail
/// is detected.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Head {
    /// Its sequence number.
    pub seq: u64,
    /// Its MAC.
    pub mac: [u8; 32],
}

impl std::fmt::Debug for Head {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Head({}, {})", self.seq, hex::encode(&self.mac[..4]))
    }
}

/// The entry minus its seal, in the fixed member order that is MACed or hashed.
#[derive(Serialize)]
struct BodyRef<'a> {
    seq: u64,
    time: &'a str,
    kind: &'a str,
    fields: &'a Value,
    prev: &'a str,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    seq: u64,
    time: String,
    kind: String,
    fields: Value,
    prev: String,
}

/// A line written by [`format`]: the text (no newline), the entry, and its head.
pub(super) struct Formatted {
    pub line: String,
    pub entry: AuditEntry,
    pub head: Head,
}

/// Writes entry `seq` as a keyed line.
pub(super) fn format(
    key: &Key32,
    seq: u64,
    time: String,
    kind: &str,
    fields: Value,
    prev: String,
) -> serde_json::Result<Formatted> {
    let body = serde_json::to_string(&BodyRef {
        seq,
        time: &time,
        kind,
        fields: &fields,
        prev: &prev,
    })?;
    let mac = hmac_sha256(key, body.as_bytes());
    let mac_hex = hex::encode(mac);
    let open = body.strip_suffix('}').unwrap_or(&body);
    let line = format!("{open}{MAC_MEMBER}{mac_hex}\"}}");
    Ok(Formatted {
        line,
        entry: AuditEntry {
            seq,
            time,
            kind: kind.to_owned(),
            fields,
            prev,
            mac: Some(mac_hex),
            hash: None,
        },
        head: Head { seq, mac },
    })
}

/// A parsed line: the entry, and what its seal covers.
pub(super) struct Parsed {
    pub entry: AuditEntry,
    /// The exact bytes the seal covers (`{…,"prev":"…"}`).
    body: String,
    /// The keyed entry's MAC (`None` for an unkeyed entry, whose hash was checked).
    mac: Option<[u8; 32]>,
    /// What the next entry's `prev` must be.
    pub link: String,
}

impl Parsed {
    /// Whether the entry is keyed.
    pub fn keyed(&self) -> bool {
        self.mac.is_some()
    }

    /// The head this entry is, if keyed.
    pub fn head(&self) -> Option<Head> {
        self.mac.map(|mac| Head {
            seq: self.entry.seq,
            mac,
        })
    }

    /// Checks a keyed entry's MAC under `key` (unkeyed entries were checked on parse).
    pub fn check(&self, key: &Key32) -> Result<(), AuditBreak> {
        match self.mac {
            Some(mac) => {
                let want = hmac_sha256(key, self.body.as_bytes());
                if subtle::ConstantTimeEq::ct_eq(&want[..], &mac[..]).into() {
                    Ok(())
                } else {
                    Err(AuditBreak::MacMismatch)
                }
            }
            None => Ok(()),
        }
    }
}

/// Parses one line (without its newline). An unkeyed line's hash is checked here; a
/// keyed line's MAC needs the key ([`Parsed::check`]).
pub(super) fn parse(line: &[u8]) -> Result<Parsed, AuditBreak> {
    let text = std::str::from_utf8(line).map_err(|_| AuditBreak::Malformed("not UTF-8"))?;
    let seal = |member: &str| {
        let split = text.len().checked_sub(member.len() + HEX_LEN + 2)?;
        let (head, suffix) = (text.get(..split)?, text.get(split..)?);
        let hex = suffix.strip_prefix(member)?.strip_suffix("\"}")?;
        hex.bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            .then_some((head, hex))
    };
    let (keyed, head, seal_hex) = if let Some((h, x)) = seal(MAC_MEMBER) {
        (true, h, x)
    } else if let Some((h, x)) = seal(HASH_MEMBER) {
        (false, h, x)
    } else {
        return Err(AuditBreak::Malformed(
            "line does not end in a mac or hash member",
        ));
    };
    let body = format!("{head}}}");
    let b: Body =
        serde_json::from_str(&body).map_err(|_| AuditBreak::Malformed("not an audit entry"))?;
    let mut entry = AuditEntry {
        seq: b.seq,
        time: b.time,
        kind: b.kind,
        fields: b.fields,
        prev: b.prev,
        mac: None,
        hash: None,
    };
    if keyed {
        let mut mac = [0u8; 32];
        hex::decode_to_slice(seal_hex, &mut mac)
            .map_err(|_| AuditBreak::Malformed("mac is not hex"))?;
        entry.mac = Some(seal_hex.to_owned());
        Ok(Parsed {
            link: seal_hex.to_owned(),
            entry,
            body,
            mac: Some(mac),
        })
    } else {
        if hex_sha256(body.as_bytes()) != seal_hex {
            return Err(AuditBreak::HashMismatch);
        }
        entry.hash = Some(seal_hex.to_owned());
        Ok(Parsed {
            link: hex_sha256(line),
            entry,
            body,
            mac: None,
        })
    }
}

/// Hex SHA-256.
pub(super) fn hex_sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Fuzz target body of `fuzzing::audit_line` (the line parser is private to this
/// module): parses `line`; if it parses, re-writes its entry as a keyed line under a
/// fixed key and checks that it parses back to the same entry with a MAC that checks.
/// Panics when a property fails.
#[doc(hidden)]
pub fn fuzz_line(line: &[u8]) {
    /// Equal JSON values, except that floats may differ in the last bits: serde_json
    /// parses floats best-effort unless its `float_roundtrip` feature is on, so a float
    /// written and read back may move by an ulp. The chain is unaffected (the MAC covers
    /// the line's bytes, never a re-serialisation), so this is not a finding.
    fn same_json(a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Number(x), Value::Number(y)) => {
                x == y
                    || ((x.is_f64() || y.is_f64())
                        && match (x.as_f64(), y.as_f64()) {
                            (Some(x), Some(y)) => {
                                (x - y).abs() <= 2.0 * f64::EPSILON * x.abs().max(y.abs())
                            }
                            _ => false,
                        })
            }
            (Value::Array(x), Value::Array(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
            }
            (Value::Object(x), Value::Object(y)) => {
                x.len() == y.len()
                    && x.iter()
                        .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
            }
            _ => a == b,
        }
    }

    let key = Key32::from_bytes([0x42; 32]);
    let Ok(parsed) = parse(line) else {
        return;
    };
    // Under a key that is (almost surely) not the writer's: must answer, not panic.
    let checked = parsed.check(&key);
    let e = &parsed.entry;
    if parsed.keyed() {
        assert_eq!(
            parsed.head().map(|h| hex::encode(h.mac)).as_ref(),
            e.mac.as_ref(),
            "audit_line: the parsed MAC and the entry's mac differ"
        );
        assert_eq!(
            Some(&parsed.link),
            e.mac.as_ref(),
            "audit_line: a keyed entry's link is not its mac"
        );
        assert!(e.hash.is_none(), "audit_line: a keyed entry carries a hash");
    } else {
        assert_eq!(
            checked,
            Ok(()),
            "audit_line: an unkeyed entry failed its check"
        );
        assert!(
            e.hash.is_some() && e.mac.is_none(),
            "audit_line: an unkeyed entry without its hash"
        );
    }
    let written = match format(
        &key,
        e.seq,
        e.time.clone(),
        &e.kind,
        e.fields.clone(),
        e.prev.clone(),
    ) {
        Ok(f) => f,
        Err(err) => panic!("audit_line: a parsed entry does not serialise: {err}"),
    };
    let again = match parse(written.line.as_bytes()) {
        Ok(p) => p,
        Err(err) => panic!("audit_line: a line written by format does not parse: {err}"),
    };
    assert!(again.keyed(), "audit_line: a keyed line parsed as unkeyed");
    assert_eq!(
        again.check(&key),
        Ok(()),
        "audit_line: the MAC of a freshly written line does not check"
    );
    assert_eq!(again.head(), Some(written.head), "audit_line: head differs");
    assert_eq!(
        again.link,
        hex::encode(written.head.mac),
        "audit_line: link differs"
    );
    let a = &again.entry;
    assert_eq!(
        (a.seq, &a.time, &a.kind, &a.prev),
        (e.seq, &e.time, &e.kind, &e.prev),
        "audit_line: the entry changed through format and parse"
    );
    assert!(
        same_json(&a.fields, &e.fields),
        "audit_line: fields changed through format and parse: {} vs {}",
        a.fields,
        e.fields
    );
    assert_eq!(a.mac, written.entry.mac, "audit_line: mac differs");
}

/// Writes an unkeyed line as logs before keyed chains did (tests of the upgrade path).
#[cfg(test)]
pub(super) fn format_unkeyed(seq: u64, kind: &str, fields: Value, prev: &str) -> String {
    let body = serde_json::to_string(&BodyRef {
        seq,
        time: "2026-01-01T00:00:00Z",
        kind,
        fields: &fields,
        prev,
    })
    .unwrap();
    let hash = hex_sha256(body.as_bytes());
    let open = body.strip_suffix('}').unwrap_or(&body);
    format!("{open}{HASH_MEMBER}{hash}\"}}")
}
