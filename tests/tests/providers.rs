//! Whole nodes on real key-provider back ends: a node whose KEK and agent identity key
//! live in a SoftHSM2 token, one whose KEK lives in the kernel keyring, and one on AWS
//! KMS as served by moto (with the fallback policy exercised by stopping moto).
//! Each back end is installed by `scripts/backends/*.sh`; a missing one fails the test.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use lango_tests::node::{Node, NodeConfig};

const PIN: &str = "4321";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A SoftHSM2 token in a temporary directory.
struct Token {
    dir: tempfile::TempDir,
}

impl Token {
    fn new(label: &str) -> Token {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("tokens")).unwrap();
        std::fs::write(
            dir.path().join("softhsm2.conf"),
            format!(
                "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
                dir.path().join("tokens").display()
            ),
        )
        .unwrap();
        let t = Token { dir };
        let out = Command::new("softhsm2-util")
            .args([
                "--init-token",
                "--free",
                "--label",
                label,
                "--pin",
                PIN,
                "--so-pin",
                "87654321",
            ])
            .env("SOFTHSM2_CONF", t.conf())
            .output()
            .expect("softhsm2-util must be installed: run scripts/backends/softhsm.sh");
        assert!(out.status.success(), "{}", stderr(&out));
        t
    }

    fn conf(&self) -> PathBuf {
        self.dir.path().join("softhsm2.conf")
    }
}

/// Writes `toml` to a file outside the data dir (the data dir does not exist before init).
fn config_file(toml: &str) -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("init.toml");
    std::fs::write(&p, toml).unwrap();
    (d, p)
}

fn mutual_session(a: &Node, b: &Node) {
    a.trust(b);
    b.trust(a);
    a.wait_for(30, "session with the other node", |n| {
        n.session_dids().contains(&b.did)
    });
    let v = a.json(&["ping", &b.did, "--json"]);
    assert_eq!(v["status"], "ok", "{v}");
}

#[test]
fn pkcs11_node_keeps_kek_and_identity_in_the_token() {
    let token = Token::new("lango-test");
    let toml = "[handshake]\nread_timeout = \"2s\"\n[keys.pkcs11]\nmodule = \"/usr/lib/softhsm/libsofthsm2.so\"\ntoken_label = \"lango-test\"\n".to_string();
    let (_c, init_cfg) = config_file(&toml);
    let env = vec![
        ("SOFTHSM2_CONF".to_string(), token.conf().into_os_string()),
        ("LANGO_PKCS11_PIN".to_string(), PIN.into()),
    ];
    let mut a = Node::init_with(
        NodeConfig { toml },
        &[
            "--key-provider",
            "pkcs11",
            "--config",
            init_cfg.to_str().unwrap(),
        ],
        env,
    );
    // Nothing secret about the identity is in the data dir: only a reference.
    assert!(!a.dir.join("identity.sealed").exists());
    a.run();
    let st = a.json(&["keys", "status", "--json"]);
    assert_eq!(st["provider"], "pkcs11");
    assert_eq!(st["capabilities"]["sign"], true);
    assert_eq!(st["health"]["ok"], true, "{st}");
    let b = Node::start(NodeConfig::default());
    // A handshake signed inside the HSM verifies on the other side.
    mutual_session(&a, &b);
    a.cli_stdin(&["secrets", "set", "tok"], b"in the hsm's care");
    a.ok(&["keys", "rotate"]);
    assert_eq!(a.json(&["keys", "status", "--json"])["kek_version"], 2);
    a.stop();
    assert_eq!(
        a.ok(&["secrets", "get", "tok"]).stdout,
        b"in the hsm's care"
    );

    // Wrong PIN: one line naming the refusal; nothing changes.
    let before = std::fs::read(a.dir.join("keys/registry.json")).unwrap();
    let out = a
        .command(&["secrets", "list"])
        .env("LANGO_PKCS11_PIN", "0000")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let e = stderr(&out);
    assert_eq!(e.trim().lines().count(), 1, "{e}");
    assert!(e.contains("CKR_PIN_INCORRECT"), "{e}");
    assert!(!e.contains("0000"), "the PIN is never echoed: {e}");
    assert_eq!(
        std::fs::read(a.dir.join("keys/registry.json")).unwrap(),
        before
    );
}

#[test]
fn keyring_node_needs_no_passphrase() {
    let mut n = Node::init_with(
        NodeConfig::default(),
        &["--key-provider", "keyring"],
        Vec::new(),
    );
    let out = n
        .command(&["secrets", "set", "k"])
        .env_remove("LANGO_PASSPHRASE")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let st = n.json(&["keys", "status", "--json"]);
    assert_eq!(st["provider"], "keyring");
    assert_eq!(st["capabilities"]["wrap"], true);
    assert_eq!(st["capabilities"]["sign"], false);
    n.run();
    assert_eq!(n.json(&["db", "verify", "--json"])["records_checked"], 1);
}

/// moto's KMS server, killed on drop. It binds its port itself and names it on stderr,
/// so a test never talks to a server that is not its own (a port picked here and handed
/// over could be taken by a parallel test's server first; that server would answer).
struct Moto {
    child: Child,
    port: u16,
    url: String,
}

const VENV: &str = "/opt/lango-backends/venv";

impl Moto {
    /// On a port the server picks.
    fn start() -> Moto {
        Self::start_on(0)
    }

    /// On `port` (0: any); fails loudly, never silently, if the server cannot bind it.
    fn start_on(port: u16) -> Moto {
        let program = Path::new(VENV).join("bin/moto_server");
        let mut child = Command::new(&program)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("{} ({e}): run scripts/backends/moto.sh", program.display())
            });
        let stderr = child.stderr.take().expect("stderr is piped");
        let (tx, rx) = std::sync::mpsc::channel();
        // Reads the "Running on" line, then keeps draining (moto logs every request).
        std::thread::spawn(move || {
            use std::io::BufRead;
            let mut tx = Some(tx);
            for line in std::io::BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                let named = line
                    .split_once("Running on http://127.0.0.1:")
                    .and_then(|(_, rest)| rest.trim().parse::<u16>().ok());
                if let Some(p) = named {
                    if let Some(tx) = tx.take() {
                        let _ = tx.send(p);
                    }
                }
            }
        });
        let Ok(bound) = rx.recv_timeout(Duration::from_secs(30)) else {
            let status = child.try_wait();
            let _ = child.kill();
            let _ = child.wait();
            panic!("moto_server did not start on port {port} within 30 s (exit: {status:?})");
        };
        assert!(port == 0 || bound == port, "moto bound {bound}, not {port}");
        let moto = Moto {
            child,
            port: bound,
            url: format!("http://127.0.0.1:{bound}"),
        };
        assert!(
            std::net::TcpStream::connect(("127.0.0.1", bound)).is_ok(),
            "moto_server named port {bound} but does not accept on it"
        );
        moto
    }

    /// Creates a symmetric key and a P-256 signing key; returns their ids.
    fn keys(&self) -> (String, String) {
        let script = "import boto3,sys\n\
c=boto3.client('kms',region_name='us-east-1',endpoint_url=sys.argv[1],aws_access_key_id='test',aws_secret_access_key='test')\n\
k=c.create_key(KeySpec='SYMMETRIC_DEFAULT',KeyUsage='ENCRYPT_DECRYPT')['KeyMetadata']['KeyId']\n\
s=c.create_key(KeySpec='ECC_NIST_P256',KeyUsage='SIGN_VERIFY')['KeyMetadata']['KeyId']\n\
print(k, s)\n";
        let out = Command::new(Path::new(VENV).join("bin/python"))
            .args(["-c", script, &self.url])
            .output()
            .expect("moto's venv python");
        assert!(out.status.success(), "{}", stderr(&out));
        let s = String::from_utf8(out.stdout).unwrap();
        let mut it = s.split_whitespace();
        (it.next().unwrap().into(), it.next().unwrap().into())
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn aws_env() -> Vec<(String, std::ffi::OsString)> {
    [
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.into()))
    .collect()
}

#[test]
fn aws_kms_node_on_moto_falls_back_only_as_configured() {
    let moto = Moto::start();
    let port = moto.port;
    let (key, sign) = moto.keys();
    let toml = |fallback: &str| {
        format!(
            "[handshake]\nread_timeout = \"2s\"\n[keys]\nfallback = \"{fallback}\"\n[keys.aws-kms]\nregion = \"us-east-1\"\nkey_id = \"{key}\"\nsign_key_id = \"{sign}\"\nsign_message = \"raw\"\nendpoint = \"{}\"\nmax_retries = 1\n",
            moto.url
        )
    };
    let (_c, init_cfg) = config_file(&toml("fail"));
    let mut a = Node::init_with(
        NodeConfig { toml: toml("fail") },
        &[
            "--key-provider",
            "aws-kms",
            "--config",
            init_cfg.to_str().unwrap(),
        ],
        aws_env(),
    );
    a.run();
    let st = a.json(&["keys", "status", "--json"]);
    assert_eq!(st["provider"], "aws-kms");
    let b = Node::start(NodeConfig::default());
    mutual_session(&a, &b); // identity signed by KMS Sign
    a.cli_stdin(&["secrets", "set", "tok"], b"kms-wrapped");
    a.stop();

    // KMS down, fallback = "fail": a rekey (which must wrap a new key) fails, one line,
    // and the store is unchanged.
    drop(moto);
    let before = std::fs::read(a.dir.join("keys/registry.json")).unwrap();
    let out = a.cli(&["db", "rekey"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("unavailable"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(a.dir.join("keys/registry.json")).unwrap(),
        before
    );

    // KMS back: everything opens again.
    let moto = Moto::start_on(port);
    let _ = &moto;
    // moto keeps no state across restarts, so the old wrapped keys no longer decrypt:
    // the node must refuse loudly rather than start on something else.
    let out = a.cli(&["secrets", "get", "tok"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out).trim().lines().count(), 1, "{}", stderr(&out));
}

#[test]
fn aws_kms_outage_with_fallback_local_wraps_locally_and_says_so() {
    let mut moto = Moto::start();
    let (key, sign) = moto.keys();
    let toml = format!(
        "[handshake]\nread_timeout = \"2s\"\n[keys]\nfallback = \"local\"\n[keys.aws-kms]\nregion = \"us-east-1\"\nkey_id = \"{key}\"\nsign_key_id = \"{sign}\"\nsign_message = \"raw\"\nendpoint = \"{}\"\nmax_retries = 1\n",
        moto.url
    );
    let (_c, init_cfg) = config_file(&toml);
    let mut n = Node::init_with(
        NodeConfig { toml: toml.clone() },
        &[
            "--key-provider",
            "aws-kms",
            "--config",
            init_cfg.to_str().unwrap(),
        ],
        aws_env(),
    );
    n.run(); // every key unwrapped (by KMS) and held by the daemon
    n.cli_stdin(&["secrets", "set", "tok"], b"value");
    let _ = moto.child.kill();
    let _ = moto.child.wait();
    // KMS is down; a rekey must wrap a new database key: with fallback = "local" the
    // passphrase provider wraps it, and the fallback is recorded as a security event.
    let v = n.json(&["db", "rekey", "--json"]);
    assert_eq!(v["key_version"], 2);
    let audit = std::fs::read_to_string(n.dir.join("audit.log")).unwrap();
    assert!(audit.contains("key_provider_fallback"), "{audit}");
    assert!(n.log().contains("SECURITY"), "{}", n.log());
    let reg: serde_json::Value =
        serde_json::from_slice(&std::fs::read(n.dir.join("keys/registry.json")).unwrap()).unwrap();
    let db_entry = reg["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["class"] == "database")
        .unwrap();
    // The fallback blob names the provider that actually wrapped it (hex of "local").
    assert!(
        db_entry["wrapped"]
            .as_str()
            .unwrap()
            .contains(&hex_of("local")),
        "{db_entry}"
    );
    assert_eq!(n.ok(&["secrets", "get", "tok"]).stdout, b"value");
    // Signing never falls back: a new handshake needs KMS.
    n.stop();
}

fn hex_of(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn keyring_cache_lets_a_local_node_open_without_its_passphrase() {
    let n = Node::init(NodeConfig::default());
    let no_pass = |args: &[&str]| {
        n.command(args)
            .env_remove("LANGO_PASSPHRASE")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let out = no_pass(&["secrets", "list"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    n.ok(&["keyring", "store"]);
    assert_eq!(n.json(&["keyring", "status", "--json"])["present"], true);
    let out = no_pass(&["secrets", "list", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Rotation needs the passphrase, and moves the cache to the new KEK.
    let out = no_pass(&["keys", "rotate"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("needs the passphrase"),
        "{}",
        stderr(&out)
    );
    n.ok(&["keys", "rotate"]);
    let st = n.json(&["keyring", "status", "--json"]);
    assert_eq!(st["present"], true, "{st}");
    assert!(
        st["slot"].as_str().unwrap().ends_with("local-kek-v2"),
        "{st}"
    );
    assert!(no_pass(&["secrets", "list"]).status.success());
    // The passphrase itself is in no keyring slot and no file.
    let v = n.json(&["keyring", "clear", "--json"]);
    assert_eq!(v["cleared"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(n.json(&["keyring", "status", "--json"])["present"], false);
    assert_eq!(no_pass(&["secrets", "list"]).status.code(), Some(2));
}

/// A software TPM 2.0 (swtpm) on free ports, killed on drop.
struct Swtpm {
    child: Child,
    _state: tempfile::TempDir,
    port: u16,
}

impl Swtpm {
    fn start() -> Swtpm {
        let state = tempfile::tempdir().unwrap();
        // Two consecutive free ports: server and control.
        let port = loop {
            let p = free_port();
            if p < 65000 && TcpListener::bind(("127.0.0.1", p + 1)).is_ok() {
                break p;
            }
        };
        let child = Command::new("swtpm")
            .args(["socket", "--tpm2", "--tpmstate"])
            .arg(format!("dir={}", state.path().display()))
            .args(["--server", &format!("type=tcp,port={port}")])
            .args(["--ctrl", &format!("type=tcp,port={}", port + 1)])
            .args(["--flags", "not-need-init,startup-clear"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("swtpm must be installed: run scripts/backends/swtpm.sh");
        let t0 = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port + 1)).is_err() {
            assert!(
                t0.elapsed() < Duration::from_secs(20),
                "swtpm did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Swtpm {
            child,
            _state: state,
            port,
        }
    }
}

impl Drop for Swtpm {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn tpm_node_keeps_kek_and_identity_in_the_tpm() {
    let tpm = Swtpm::start();
    let toml = format!(
        "[handshake]\nread_timeout = \"2s\"\n[keys.tpm]\ntcti = \"swtpm:host=127.0.0.1,port={}\"\n",
        tpm.port
    );
    let (_c, init_cfg) = config_file(&toml);
    let mut a = Node::init_with(
        NodeConfig { toml },
        &[
            "--key-provider",
            "tpm",
            "--config",
            init_cfg.to_str().unwrap(),
        ],
        vec![("TSS2_LOG".into(), "all+none".into())],
    );
    assert!(!a.dir.join("identity.sealed").exists());
    a.run();
    let st = a.json(&["keys", "status", "--json"]);
    assert_eq!(st["provider"], "tpm");
    assert_eq!(st["capabilities"]["sign"], true);
    let b = Node::start(NodeConfig::default());
    mutual_session(&a, &b); // the handshake is signed by TPM2_Sign
    a.cli_stdin(&["secrets", "set", "tok"], b"sealed to the tpm");
    a.ok(&["keys", "rotate"]);
    a.stop();
    assert_eq!(
        a.ok(&["secrets", "get", "tok"]).stdout,
        b"sealed to the tpm"
    );

    // TPM gone: one line naming it, nothing changed.
    drop(tpm);
    let before = std::fs::read(a.dir.join("keys/registry.json")).unwrap();
    let out = a.cli(&["secrets", "list"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let e = stderr(&out);
    assert_eq!(e.trim().lines().count(), 1, "{e}");
    assert!(e.contains("swtpm:host=127.0.0.1"), "{e}");
    assert_eq!(
        std::fs::read(a.dir.join("keys/registry.json")).unwrap(),
        before
    );
}
