//! A real `lango-node` process.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Passphrase used by test nodes.
pub const PASSPHRASE: &str = "correct horse battery staple";

/// Path of the `lango-node` binary: `LANGO_NODE_BIN`, else next to the test executable's
/// `deps/` directory (built by `cargo build -p lango-node`; `scripts/test` builds every target).
pub fn binary() -> PathBuf {
    if let Some(p) = std::env::var_os("LANGO_NODE_BIN") {
        return PathBuf::from(p);
    }
    let exe = std::env::current_exe().expect("test executable path");
    let dir = exe.parent().and_then(Path::parent).expect("target dir");
    let bin = dir.join("lango-node");
    assert!(
        bin.exists(),
        "{} not built: run `cargo build -p lango-node` first (scripts/test does)",
        bin.display()
    );
    bin
}

/// Extra config written to the node's `config.toml` (fast timeouts for tests).
#[derive(Clone, Debug)]
pub struct NodeConfig {
    /// TOML text appended after the test defaults' sections are replaced.
    pub toml: String,
}

impl Default for NodeConfig {
    fn default() -> Self {
        Self {
            toml: "[handshake]\nread_timeout = \"2s\"\n".into(),
        }
    }
}

/// A running (or stopped) node.
pub struct Node {
    /// Temporary home of the data dir.
    pub tmp: tempfile::TempDir,
    /// Data dir.
    pub dir: PathBuf,
    child: Option<Child>,
    /// DID after init.
    pub did: String,
    /// PeerId after init.
    pub peer_id: String,
    listen: String,
    env: Vec<(String, std::ffi::OsString)>,
}

impl Node {
    /// `init` with the given config, then `run` on a loopback TCP port.
    pub fn start(cfg: NodeConfig) -> Node {
        let mut n = Self::init(cfg);
        n.run();
        n
    }

    /// `init`, then `run` listening on `listen` (e.g. a QUIC multiaddr with port 0).
    pub fn start_on(cfg: NodeConfig, listen: &str) -> Node {
        let mut n = Self::init(cfg);
        n.listen = listen.to_string();
        n.run();
        n
    }

    /// `init` only.
    pub fn init(cfg: NodeConfig) -> Node {
        Self::init_with(cfg, &[], Vec::new())
    }

    /// `init` with extra arguments, and environment variables kept for every later
    /// command of this node (e.g. `SSH_AUTH_SOCK`).
    pub fn init_with(
        cfg: NodeConfig,
        extra: &[&str],
        env: Vec<(String, std::ffi::OsString)>,
    ) -> Node {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("data");
        let out = Command::new(binary())
            .args(["--data-dir"])
            .arg(&dir)
            .args(["init", "--json"])
            .args(extra)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .env("LANGO_PASSPHRASE", PASSPHRASE)
            .output()
            .expect("spawn init");
        assert!(
            out.status.success(),
            "init failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).expect("init json");
        std::fs::write(dir.join("config.toml"), &cfg.toml).expect("write config");
        Node {
            tmp,
            dir,
            child: None,
            did: v["did"].as_str().unwrap_or_default().to_string(),
            peer_id: v["peer_id"].as_str().unwrap_or_default().to_string(),
            listen: "/ip4/127.0.0.1/tcp/0".into(),
            env,
        }
    }

    /// Starts the daemon and waits until it answers with a listen address. Keeps the port
    /// of a previous run so that peers can redial it.
    pub fn run(&mut self) {
        let log = std::fs::File::create(
            self.tmp
                .path()
                .join(format!("node-{}.log", Instant::now().elapsed().as_nanos())),
        )
        .expect("log file");
        let child = Command::new(binary())
            .arg("--data-dir")
            .arg(&self.dir)
            .args(["run", "--listen", &self.listen])
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .env("LANGO_PASSPHRASE", PASSPHRASE)
            // LANGO_TEST_LOG (e.g. `lango_node=debug`) makes a failing test's log verbose.
            .env(
                "LANGO_LOG",
                std::env::var("LANGO_TEST_LOG").unwrap_or_else(|_| "info,libp2p=warn".into()),
            )
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("spawn run");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let out = self.cli(&["id", "--json"]);
            if out.status.success() {
                let v: Value = serde_json::from_slice(&out.stdout).expect("id json");
                if let Some(a) = v["listen_addrs"].as_array().and_then(|a| a.first()) {
                    self.listen = a.as_str().unwrap_or_default().to_string();
                    return;
                }
            }
            if let Some(c) = self.child.as_mut() {
                if let Ok(Some(st)) = c.try_wait() {
                    panic!("node exited during start: {st}; log: {}", self.log());
                }
            }
            assert!(
                Instant::now() < deadline,
                "node did not start; log: {}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Stops the daemon with SIGTERM and waits for it.
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(c.id().to_string())
                .status();
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = c.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Kills the daemon with SIGKILL (a crash: nothing of it runs on) and reaps it.
    pub fn crash(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// PID of the daemon.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Listen multiaddr (with the real port).
    pub fn addr(&self) -> &str {
        &self.listen
    }

    /// The daemon's log so far.
    pub fn log(&self) -> String {
        let mut s = String::new();
        if let Ok(rd) = std::fs::read_dir(self.tmp.path()) {
            let mut logs: Vec<_> = rd
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with("node-"))
                .collect();
            logs.sort_by_key(|e| e.file_name());
            for e in logs {
                s.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default());
            }
        }
        s
    }

    /// Runs a CLI command against this node's data dir.
    pub fn cli(&self, args: &[&str]) -> Output {
        Command::new(binary())
            .arg("--data-dir")
            .arg(&self.dir)
            .args(args)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .env("LANGO_PASSPHRASE", PASSPHRASE)
            .output()
            .expect("spawn cli")
    }

    /// Runs a CLI command with `input` on its stdin.
    pub fn cli_stdin(&self, args: &[&str], input: &[u8]) -> Output {
        use std::io::Write;
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn cli");
        let mut stdin = child.stdin.take().expect("piped stdin");
        stdin.write_all(input).expect("write stdin");
        drop(stdin);
        child.wait_with_output().expect("wait cli")
    }

    /// A CLI command against this node's data dir, not yet started.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(binary());
        c.arg("--data-dir")
            .arg(&self.dir)
            .args(args)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .env("LANGO_PASSPHRASE", PASSPHRASE);
        c
    }

    /// Runs a CLI command that must succeed and prints JSON; returns it.
    pub fn json(&self, args: &[&str]) -> Value {
        let out = self.ok(args);
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "`{}` printed no JSON ({e}): {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }

    /// Runs a CLI command that must succeed; returns its output.
    pub fn ok(&self, args: &[&str]) -> Output {
        let out = self.cli(args);
        assert!(
            out.status.success(),
            "`{}` failed ({}): {}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Trusts `other` and gives its address.
    pub fn trust(&self, other: &Node) {
        self.ok(&[
            "trust",
            "add",
            &other.did,
            "--addr",
            other.addr(),
            "--tools",
            "*",
        ]);
    }

    /// DIDs this node holds sessions with.
    pub fn session_dids(&self) -> Vec<String> {
        let v = self.json(&["session", "list", "--json"]);
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s["did"].as_str().map(String::from))
            .collect()
    }

    /// Security events of a kind.
    pub fn events_of(&self, kind: &str) -> Vec<Value> {
        let v = self.json(&["events", "--json"]);
        v.as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["kind"] == kind)
            .cloned()
            .collect()
    }

    /// Waits until `cond` holds, polling; panics with `what` and the log after `secs`.
    pub fn wait_for(&self, secs: u64, what: &str, mut cond: impl FnMut(&Node) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while Instant::now() < deadline {
            if cond(self) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("timed out waiting for: {what}\nlog:\n{}", self.log());
    }
}

impl Drop for Node {
    /// Stops the daemon cleanly (SIGTERM, then SIGKILL after 10 s), so that it removes
    /// what it holds outside its data dir, such as warm tool containers.
    fn drop(&mut self) {
        self.stop();
    }
}
