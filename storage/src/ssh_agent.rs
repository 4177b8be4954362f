//! `ssh-agent` key provider: the agent identity held by an external signer.
//!
//! The P-256 agent key lives in an OpenSSH agent (or anything speaking its protocol on
//! `SSH_AUTH_SOCK`, such as a hardware-backed agent); lango-node never sees the private
//! key. The agent can sign but not wrap, so the data dir's key-encryption key still comes
//! from another provider (the passphrase). Signing never falls back to another key: if
//! the agent is unreachable or no longer holds the key, signing fails and the handshake
//! is refused with `unavailable`.
//!
//! Wire format (draft-miller-ssh-agent): each message is `u32 length || u8 type ||
//! body`; strings are `u32 length || bytes`. We use REQUEST_IDENTITIES (11) →
//! IDENTITIES_ANSWER (12), and SIGN_REQUEST (13: key blob, data, flags 0) →
//! SIGN_RESPONSE (14). An `ecdsa-sha2-nistp256` agent signs SHA-256(data), the same
//! ECDSA-P256-SHA256 over the signed payload that peers verify.

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use lango_protocol::identity::{SignedPayload, SignerError};
use lango_protocol::{AgentPublicKey, Signature, Signer};

use crate::error::{Error, Result};

const REQUEST_IDENTITIES: u8 = 11;
const IDENTITIES_ANSWER: u8 = 12;
const SIGN_REQUEST: u8 = 13;
const SIGN_RESPONSE: u8 = 14;
const KEY_TYPE: &[u8] = b"ecdsa-sha2-nistp256";
const CURVE: &[u8] = b"nistp256";
/// Longest agent reply accepted (the agent is local but not trusted to be sane).
const MAX_REPLY: usize = 256 * 1024;
/// How long one exchange with the agent may take.
const TIMEOUT: Duration = Duration::from_secs(5);

/// One P-256 key the agent offers.
#[derive(Clone, Debug)]
pub struct AgentKey {
    /// The key.
    pub public: AgentPublicKey,
    /// The agent's comment for it.
    pub comment: String,
    blob: Vec<u8>,
}

/// A [`Signer`] whose private key stays in an ssh-agent.
#[derive(Debug)]
pub struct SshAgentSigner {
    socket: PathBuf,
    key: AgentKey,
}

fn agent_err(socket: &Path, detail: impl std::fmt::Display) -> Error {
    Error::SshAgent {
        socket: socket.to_path_buf(),
        detail: detail.to_string(),
    }
}

/// A cursor over an agent message body.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn u32(&mut self) -> Option<u32> {
        let (head, rest) = self.0.split_first_chunk::<4>()?;
        self.0 = rest;
        Some(u32::from_be_bytes(*head))
    }

    fn string(&mut self) -> Option<&'a [u8]> {
        let len = self.u32()? as usize;
        if len > self.0.len() {
            return None;
        }
        let (s, rest) = self.0.split_at(len);
        self.0 = rest;
        Some(s)
    }
}

fn put_string(out: &mut Vec<u8>, s: &[u8]) {
    // Invariant: everything we send (key blobs, signed payloads) is far below 4 GiB.
    out.extend_from_slice(&(s.len() as u32).to_be_bytes());
    out.extend_from_slice(s);
}

/// One request/response exchange.
fn exchange(socket: &Path, kind: u8, body: &[u8]) -> Result<(u8, Vec<u8>)> {
    let mut s = UnixStream::connect(socket)
        .map_err(|e| agent_err(socket, format!("cannot connect: {e}")))?;
    s.set_read_timeout(Some(TIMEOUT))
        .and_then(|()| s.set_write_timeout(Some(TIMEOUT)))
        .map_err(|e| agent_err(socket, e))?;
    let mut msg = Vec::with_capacity(5 + body.len());
    msg.extend_from_slice(&((body.len() + 1) as u32).to_be_bytes());
    msg.push(kind);
    msg.extend_from_slice(body);
    s.write_all(&msg)
        .map_err(|e| agent_err(socket, format!("write: {e}")))?;
    let mut len = [0u8; 4];
    s.read_exact(&mut len)
        .map_err(|e| agent_err(socket, format!("read: {e}")))?;
    let len = u32::from_be_bytes(len) as usize;
    if len == 0 || len > MAX_REPLY {
        return Err(agent_err(socket, format!("reply of {len} bytes refused")));
    }
    let mut reply = vec![0u8; len];
    s.read_exact(&mut reply)
        .map_err(|e| agent_err(socket, format!("read: {e}")))?;
    let kind = reply[0];
    Ok((kind, reply.split_off(1)))
}

/// The P-256 keys the agent at `socket` holds (other key types are skipped).
pub fn list_keys(socket: &Path) -> Result<Vec<AgentKey>> {
    let (kind, body) = exchange(socket, REQUEST_IDENTITIES, &[])?;
    if kind != IDENTITIES_ANSWER {
        return Err(agent_err(
            socket,
            format!("unexpected reply type {kind} to REQUEST_IDENTITIES"),
        ));
    }
    let mut r = Reader(&body);
    let n = r
        .u32()
        .ok_or_else(|| agent_err(socket, "truncated identities answer"))?;
    let mut keys = Vec::new();
    for _ in 0..n {
        let (blob, comment) = match (r.string(), r.string()) {
            (Some(b), Some(c)) => (b, c),
            _ => return Err(agent_err(socket, "truncated identities answer")),
        };
        let mut b = Reader(blob);
        if b.string() != Some(KEY_TYPE) || b.string() != Some(CURVE) {
            continue;
        }
        let Some(point) = b.string() else { continue };
        let Ok(public) = AgentPublicKey::from_sec1_any(point) else {
            continue;
        };
        keys.push(AgentKey {
            public,
            comment: String::from_utf8_lossy(comment).into_owned(),
            blob: blob.to_vec(),
        });
    }
    Ok(keys)
}

impl SshAgentSigner {
    /// Binds to the agent key `want` at `socket`; fails if the agent is unreachable or
    /// does not hold that key.
    pub fn connect(socket: &Path, want: &AgentPublicKey) -> Result<Self> {
        let key = list_keys(socket)?
            .into_iter()
            .find(|k| k.public == *want)
            .ok_or_else(|| agent_err(socket, format!("the agent does not hold {}", want.did())))?;
        Ok(Self {
            socket: socket.to_path_buf(),
            key,
        })
    }

    /// Binds to the only P-256 key the agent holds; refuses to guess among several.
    pub fn only_key(socket: &Path) -> Result<Self> {
        let mut keys = list_keys(socket)?;
        match keys.len() {
            1 => Ok(Self {
                socket: socket.to_path_buf(),
                key: keys.remove(0),
            }),
            0 => Err(agent_err(
                socket,
                "the agent holds no ECDSA P-256 key (ssh-keygen -t ecdsa -b 256; ssh-add)",
            )),
            n => Err(agent_err(
                socket,
                format!("the agent holds {n} P-256 keys; name one with --ssh-key"),
            )),
        }
    }

    fn sign_raw(&self, data: &[u8]) -> Result<Signature> {
        let mut body = Vec::new();
        put_string(&mut body, &self.key.blob);
        put_string(&mut body, data);
        body.extend_from_slice(&0u32.to_be_bytes());
        let (kind, reply) = exchange(&self.socket, SIGN_REQUEST, &body)?;
        if kind != SIGN_RESPONSE {
            return Err(agent_err(
                &self.socket,
                format!("agent refused to sign (reply type {kind})"),
            ));
        }
        let bad = || agent_err(&self.socket, "malformed signature from the agent");
        let mut r = Reader(&reply);
        let sig_blob = r.string().ok_or_else(bad)?;
        let mut s = Reader(sig_blob);
        if s.string() != Some(KEY_TYPE) {
            return Err(bad());
        }
        let mut rs = Reader(s.string().ok_or_else(bad)?);
        let (r_bytes, s_bytes) = (rs.string().ok_or_else(bad)?, rs.string().ok_or_else(bad)?);
        Signature::from_scalars(r_bytes, s_bytes).map_err(|e| agent_err(&self.socket, e.0))
    }
}

impl Signer for SshAgentSigner {
    fn public_key(&self) -> AgentPublicKey {
        self.key.public
    }

    fn sign(&self, payload: &SignedPayload) -> std::result::Result<Signature, SignerError> {
        self.sign_raw(payload.as_bytes())
            .map_err(|e| SignerError(e.to_string()))
    }
}

/// Against a real OpenSSH `ssh-agent` started for the test (no mock).
#[cfg(test)]
mod tests {
    use std::process::{Child, Command};

    use lango_protocol::transcript::Transcript;
    use lango_protocol::{PeerIdBytes, UnixMillis};

    use super::*;

    struct Agent {
        child: Child,
        dir: tempfile::TempDir,
    }

    impl Agent {
        fn start() -> Agent {
            let dir = tempfile::tempdir().expect("tmp");
            let sock = dir.path().join("agent.sock");
            let child = Command::new("ssh-agent")
                .arg("-D")
                .arg("-a")
                .arg(&sock)
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("ssh-agent (OpenSSH) must be installed: scripts/test installs it");
            for _ in 0..100 {
                if sock.exists() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            Agent { child, dir }
        }

        fn sock(&self) -> PathBuf {
            self.dir.path().join("agent.sock")
        }

        /// Generates a key of `kind` (`ecdsa` 256 or `ed25519`) and adds it.
        fn add(&self, name: &str, kind: &str) -> PathBuf {
            let key = self.dir.path().join(name);
            let mut c = Command::new("ssh-keygen");
            c.args(["-q", "-N", "", "-C", name, "-t", kind])
                .arg("-f")
                .arg(&key);
            if kind == "ecdsa" {
                c.args(["-b", "256"]);
            }
            assert!(c.status().expect("ssh-keygen").success());
            let st = Command::new("ssh-add")
                .arg(&key)
                .env("SSH_AUTH_SOCK", self.sock())
                .stderr(std::process::Stdio::null())
                .status()
                .expect("ssh-add");
            assert!(st.success());
            key
        }
    }

    impl Drop for Agent {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
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
    fn agent_signs_transcripts_that_verify_under_its_key() {
        let agent = Agent::start();
        agent.add("ed", "ed25519");
        agent.add("p256", "ecdsa");
        let keys = list_keys(&agent.sock()).unwrap();
        assert_eq!(keys.len(), 1, "only the P-256 key is offered");
        let signer = SshAgentSigner::only_key(&agent.sock()).unwrap();
        assert_eq!(signer.key.comment, "p256");
        let p = payload(signer.public_key());
        let sig = signer.sign(&p).unwrap();
        signer.public_key().verify(&p, &sig).unwrap();
        // And not over other bytes.
        let other = Transcript {
            initiator_peer: PeerIdBytes(vec![9]),
            responder_peer: PeerIdBytes(vec![2]),
            initiator_key: signer.public_key(),
            responder_key: signer.public_key(),
            initiator_nonce: [3; 32],
            responder_nonce: [4; 32],
            initiator_time: UnixMillis(5),
            responder_time: UnixMillis(6),
        }
        .initiator_payload();
        assert!(signer.public_key().verify(&other, &sig).is_err());
    }

    #[test]
    fn key_not_in_the_agent_and_several_keys_are_refused() {
        let agent = Agent::start();
        assert!(matches!(
            SshAgentSigner::only_key(&agent.sock()),
            Err(Error::SshAgent { .. })
        ));
        agent.add("one", "ecdsa");
        agent.add("two", "ecdsa");
        let err = SshAgentSigner::only_key(&agent.sock())
            .unwrap_err()
            .to_string();
        assert!(err.contains("2 P-256 keys"), "{err}");
        let stranger = lango_protocol::SoftwareSigner::generate(&mut rand_core::OsRng).public_key();
        let err = SshAgentSigner::connect(&agent.sock(), &stranger)
            .unwrap_err()
            .to_string();
        assert!(err.contains("does not hold"), "{err}");
    }

    #[test]
    fn agent_gone_means_signing_fails_never_falls_back() {
        let mut agent = Agent::start();
        agent.add("p256", "ecdsa");
        let signer = SshAgentSigner::only_key(&agent.sock()).unwrap();
        let _ = agent.child.kill();
        let _ = agent.child.wait();
        let err = signer.sign(&payload(signer.public_key())).unwrap_err();
        assert!(err.0.contains("cannot connect"), "{}", err.0);
    }
}
