//! The callee half of `bench invoke`: a second `lango-node` process that runs the callee
//! node with one no-op tool per sandbox, so that calls and the ping reference cross
//! between two processes, as between two machines' daemons (and as the issue asks),
//! rather than between two tasks of one runtime.
//!
//! `bench invoke` starts it as `lango-node bench invoke-callee` and talks to it over its
//! standard streams, one line each way:
//!
//! - callee → parent, once ready: `{"did": DID, "peer": PEER_ID, "addrs": [MULTIADDR],
//!   "docker": BOOL}` (whether it has the container tool);
//! - parent → callee: `trust DID` (trust that caller for every tool), `settle KIND`
//!   (wait until that back end has settled, [`lango_sandbox::Sandbox::settled`]); the
//!   callee answers `ok` or `error WHY`;
//! - EOF on its stdin: the callee stops its node (warm containers removed) and exits.

use std::time::Duration;

use anyhow::Context;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout};

use lango_protocol::{AgentPublicKey, Did};
use lango_sandbox::Kind;

use super::invoke::{node, tool, trust_entry, ECHO_WAT};

/// The suite name the child runs under (not listed among the suites).
pub const SUITE: &str = "invoke-callee";

/// How long the callee may take to be ready: compiling the module, building the image
/// and filling the warm pools.
const READY: Duration = Duration::from_secs(300);
/// How long a `trust` or `settle` may take.
const ANSWER: Duration = Duration::from_secs(60);
/// How long the callee may take to stop after EOF.
const STOP: Duration = Duration::from_secs(60);

/// The callee's side: serves until its stdin closes.
pub async fn serve() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let wat = tmp.path().join("echo.wat");
    std::fs::write(&wat, ECHO_WAT)?;
    let mut tools = vec![
        tool("noop-subprocess", Kind::Subprocess, &["/bin/cat"], None),
        tool("noop-wasm", Kind::Wasm, &[], Some(wat)),
    ];
    let docker = docker_reachable();
    if docker {
        tools.push(tool("noop-container", Kind::Container, &["cat"], None));
    }
    let b = node(tmp.path(), "callee", tools).await?;
    let result = answer(&b, docker).await;
    b.stop().await;
    result
}

async fn answer(b: &crate::daemon::Running, docker: bool) -> anyhow::Result<()> {
    // Compile modules, build the image if missing and fill warm pools first.
    let h = b.handle();
    for t in h.tools().iter() {
        let be = h.tools().backend(t.spec.kind).map_err(anyhow::Error::msg)?;
        be.prepare(&t.spec)
            .await
            .with_context(|| format!("preparing {}", t.spec.name))?;
    }
    let mut out = tokio::io::stdout();
    let hello = serde_json::json!({
        "did": h.local_key().did().to_string(),
        "peer": h.peer_id().to_string(),
        "addrs": h.snapshot().listen_addrs.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
        "docker": docker,
    });
    out.write_all(format!("{hello}\n").as_bytes()).await?;
    out.flush().await?;
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    while let Some(line) = lines.next_line().await? {
        let reply = match line.split_once(' ') {
            Some(("trust", did)) => h.trust_put(trust_entry(did, Vec::new())).await.map(drop),
            Some(("settle", kind)) => match kind_named(kind) {
                Some(k) => match h.tools().backend(k) {
                    Ok(be) => {
                        be.settled().await;
                        Ok(())
                    }
                    Err(e) => Err(e),
                },
                None => Err(format!("no sandbox kind {kind:?}")),
            },
            _ => Err(format!("unknown command {line:?}")),
        };
        let reply = match reply {
            Ok(()) => "ok\n".to_string(),
            Err(e) => format!("error {e}\n"),
        };
        out.write_all(reply.as_bytes()).await?;
        out.flush().await?;
    }
    Ok(())
}

/// Whether a Docker engine answers.
fn docker_reachable() -> bool {
    std::process::Command::new("docker")
        .args(["info", "--format", "{{.ServerVersion}}"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

fn kind_named(name: &str) -> Option<Kind> {
    [Kind::Subprocess, Kind::Wasm, Kind::Container]
        .into_iter()
        .find(|k| k.as_str() == name)
}

/// The parent's handle on a running callee process.
pub struct Callee {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Lines<BufReader<ChildStdout>>,
    /// The callee's agent key.
    pub key: AgentPublicKey,
    /// Its transport identity.
    pub peer: libp2p::PeerId,
    /// Where it listens.
    pub addrs: Vec<String>,
    /// Whether it serves the container tool (Docker answered it).
    pub docker: bool,
}

impl Callee {
    /// Starts `lango-node bench invoke-callee` and waits until it is ready.
    pub async fn spawn() -> anyhow::Result<Callee> {
        let exe =
            std::env::current_exe().context("cannot find this program to start the callee")?;
        let mut child = tokio::process::Command::new(exe)
            .args(["bench", SUITE])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .context("cannot start the bench callee process")?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            anyhow::bail!("the bench callee's standard streams were not piped");
        };
        let mut lines = BufReader::new(stdout).lines();
        let hello = tokio::time::timeout(READY, lines.next_line())
            .await
            .context("the bench callee was not ready within 300 s")??
            .context("the bench callee exited before it was ready")?;
        #[derive(serde::Deserialize)]
        struct Hello {
            did: String,
            peer: String,
            addrs: Vec<String>,
            docker: bool,
        }
        let hello: Hello = serde_json::from_str(&hello)
            .with_context(|| format!("bad hello from the bench callee: {hello:?}"))?;
        let (_, key) = Did::parse(&hello.did).context("bench callee DID")?;
        Ok(Callee {
            child,
            stdin: Some(stdin),
            lines,
            key,
            peer: hello.peer.parse().context("bench callee PeerId")?,
            addrs: hello.addrs,
            docker: hello.docker,
        })
    }

    async fn ask(&mut self, line: String) -> anyhow::Result<()> {
        let stdin = self
            .stdin
            .as_mut()
            .context("the bench callee is stopping")?;
        stdin.write_all(format!("{line}\n").as_bytes()).await?;
        stdin.flush().await?;
        let reply = tokio::time::timeout(ANSWER, self.lines.next_line())
            .await
            .with_context(|| format!("the bench callee did not answer {line:?} in time"))??
            .context("the bench callee exited")?;
        match reply.strip_prefix("error ") {
            None if reply == "ok" => Ok(()),
            None => anyhow::bail!("the bench callee answered {reply:?} to {line:?}"),
            Some(why) => anyhow::bail!("bench callee: {why}"),
        }
    }

    /// Makes the callee trust `did` for every tool.
    pub async fn trust(&mut self, did: &str) -> anyhow::Result<()> {
        self.ask(format!("trust {did}")).await
    }

    /// Waits until the callee's `kind` back end has settled.
    pub async fn settle(&mut self, kind: Kind) -> anyhow::Result<()> {
        self.ask(format!("settle {}", kind.as_str())).await
    }

    /// Closes its stdin and waits for it to stop its node and exit; kills it if it
    /// does not.
    pub async fn stop(mut self) {
        self.stdin = None;
        match tokio::time::timeout(STOP, self.child.wait()).await {
            Ok(Ok(s)) if s.success() => {}
            Ok(Ok(s)) => eprintln!("bench invoke: the callee process ended with {s}"),
            Ok(Err(e)) => eprintln!("bench invoke: waiting for the callee process: {e}"),
            Err(_) => {
                eprintln!("bench invoke: the callee process did not stop in 60 s; killing it");
                let _ = self.child.kill().await;
            }
        }
    }
}
