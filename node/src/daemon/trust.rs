//! The trust store: which agent keys may handshake with us, where to dial them, which
//! tools they may call, and who is blocked until when.
//!
//! Kept as one sealed document (`trust.sealed`, AES-256-GCM under the trust subkey),
//! rewritten atomically on every change, so a crash leaves the old or the new version.

use serde::{Deserialize, Serialize};

use lango_protocol::handshake::{Admission, PeerPolicy};
use lango_protocol::{AgentPublicKey, Did, UnixMillis};
use lango_storage::crypto::Key32;
use lango_storage::sealed::{read_sealed, write_sealed};

const PURPOSE: &str = "lango-node trust store v1";
const KEY_ID: &str = "trust-v1";

/// One trusted peer.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TrustedPeer {
    /// Its agent DID.
    pub did: String,
    /// Operator's label.
    pub name: Option<String>,
    /// Addresses to dial.
    pub addrs: Vec<String>,
    /// Tool patterns it may invoke (`*`, `fs.*`, `echo`).
    pub tools: Vec<String>,
    /// When it was added (ms).
    pub added_ms: u64,
}

/// A block: no handshake from this DID until `until_ms` (`None`: for good).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Block {
    /// Blocked DID.
    pub did: String,
    /// End of the block; `None` means permanent (trust removed).
    pub until_ms: Option<u64>,
    /// Why (operator's reason or the event that tripped).
    pub reason: String,
    /// When it started.
    pub since_ms: u64,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrustDoc {
    peers: Vec<TrustedPeer>,
    blocks: Vec<Block>,
}

/// The loaded trust store and the key to persist it.
pub struct TrustStore {
    doc: TrustDoc,
    path: std::path::PathBuf,
    key: Key32,
}

impl TrustStore {
    /// Loads `path` (empty store if absent); tampering is an error.
    pub fn load(path: std::path::PathBuf, key: Key32) -> Result<Self, lango_storage::Error> {
        let doc = read_sealed::<TrustDoc>(&path, &key, KEY_ID, PURPOSE)?.unwrap_or_default();
        Ok(Self { doc, path, key })
    }

    fn save(&self) -> Result<(), lango_storage::Error> {
        write_sealed(&self.path, &self.key, KEY_ID, PURPOSE, &self.doc)
    }

    /// Adds or updates a peer; lifts any block on it (an explicit operator decision).
    pub fn add(&mut self, peer: TrustedPeer) -> Result<(), lango_storage::Error> {
        self.doc.blocks.retain(|b| b.did != peer.did);
        match self.doc.peers.iter_mut().find(|p| p.did == peer.did) {
            Some(p) => {
                let added = p.added_ms;
                *p = peer;
                p.added_ms = added;
            }
            None => self.doc.peers.push(peer),
        }
        self.save()
    }

    /// Removes a peer and blocks it for good; false if it was not trusted.
    pub fn remove(&mut self, did: &str, now: UnixMillis) -> Result<bool, lango_storage::Error> {
        let before = self.doc.peers.len();
        self.doc.peers.retain(|p| p.did != did);
        let removed = self.doc.peers.len() != before;
        self.doc.blocks.retain(|b| b.did != did);
        self.doc.blocks.push(Block {
            did: did.into(),
            until_ms: None,
            reason: "trust removed".into(),
            since_ms: now.0,
        });
        self.save()?;
        Ok(removed)
    }

    /// Blocks `did` until `until` (`None`: for good).
    pub fn block(
        &mut self,
        did: &str,
        until: Option<UnixMillis>,
        reason: &str,
        now: UnixMillis,
    ) -> Result<(), lango_storage::Error> {
        self.doc.blocks.retain(|b| b.did != did);
        self.doc.blocks.push(Block {
            did: did.into(),
            until_ms: until.map(|u| u.0),
            reason: reason.into(),
            since_ms: now.0,
        });
        self.save()
    }

    /// Lifts a block; false if there was none.
    pub fn unblock(&mut self, did: &str) -> Result<bool, lango_storage::Error> {
        let before = self.doc.blocks.len();
        self.doc.blocks.retain(|b| b.did != did);
        let changed = before != self.doc.blocks.len();
        if changed {
            self.save()?;
        }
        Ok(changed)
    }

    /// Trusted peers.
    pub fn peers(&self) -> &[TrustedPeer] {
        &self.doc.peers
    }

    /// The trusted entry of `did`.
    pub fn get(&self, did: &str) -> Option<&TrustedPeer> {
        self.doc.peers.iter().find(|p| p.did == did)
    }

    /// Blocks in force at `now` (trusted or not), oldest first.
    pub fn blocks(&self, now: UnixMillis) -> Vec<&Block> {
        self.doc
            .blocks
            .iter()
            .filter(|b| b.until_ms.is_none_or(|u| u > now.0))
            .collect()
    }

    /// The block in force on `did` at `now`, if any.
    pub fn block_of(&self, did: &str, now: UnixMillis) -> Option<&Block> {
        self.doc
            .blocks
            .iter()
            .find(|b| b.did == did && b.until_ms.is_none_or(|u| u > now.0))
    }

    /// Whether the peer is trusted and not blocked.
    pub fn is_trusted(&self, did: &str, now: UnixMillis) -> bool {
        self.get(did).is_some() && self.block_of(did, now).is_none()
    }
}

impl PeerPolicy for TrustStore {
    fn admit(&self, key: &AgentPublicKey, now: UnixMillis) -> Admission {
        let did: Did = key.did();
        if self.block_of(did.as_str(), now).is_some() {
            Admission::Blocked
        } else if self.get(did.as_str()).is_some() {
            Admission::Trusted
        } else {
            Admission::Unknown
        }
    }
}

/// Checks a `--tools` pattern list: comma-separated names, `*` allowed only as a whole
/// pattern or as the final segment (`fs.*`).
pub fn parse_tool_patterns(s: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for p in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let ok_chars = p
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '*'));
        let star_ok =
            !p.contains('*') || p == "*" || (p.ends_with(".*") && p.matches('*').count() == 1);
        if !ok_chars || !star_ok {
            return Err(format!(
                "bad tool pattern {p:?}: use names, `*`, or a prefix like `fs.*`"
            ));
        }
        out.push(p.to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_patterns_are_validated() {
        assert_eq!(
            parse_tool_patterns("fs.*, echo").unwrap(),
            vec!["fs.*", "echo"]
        );
        assert!(parse_tool_patterns("f*s").is_err());
        assert!(parse_tool_patterns("a;b").is_err());
        assert!(parse_tool_patterns("").unwrap().is_empty());
    }
}
