//! subprocess back end: the tool runs as a native process, isolated by a launcher
//! ([`launcher_main`]) that the node starts for every call: own session, pid/mount/net/
//! ipc/uts namespaces created by root, an unprivileged uid in its own user namespace,
//! Landlock, seccomp and rlimits. The node side (this module) feeds it the job, caps the
//! output, enforces the wall timeout and kills the whole tree. See
//! `docs/sandbox-subprocess.md`.

mod call;
mod fs_rules;
mod launcher;
mod scratch;
mod supervisor;
mod sys;
mod syscall_filter;
mod warm;
mod wire;
mod zygote;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use futures::future::BoxFuture;

pub use launcher::launcher_main;

use crate::{Kind, Outcome, Probe, Sandbox, SandboxError, ToolSpec};
use scratch::Scratch;
use wire::LaunchSpec;

const KIND: &str = "subprocess";

/// The uid and gid tools run as by default (`nobody`/`nogroup`).
pub const NOBODY: u32 = 65534;

/// Layers without which the back end refuses to run anything.
const MANDATORY: &[&str] = &[
    "session",
    "mount-namespace",
    "pid-namespace",
    "net-namespace",
    "no-new-privs",
    "rlimits",
];

/// How the node starts the launcher and where calls get their scratch space.
#[derive(Clone, Debug)]
pub struct SubprocessConfig {
    /// The program that runs [`launcher_main`] (the node binary itself, or
    /// `lango-sandbox-exec`).
    pub launcher: PathBuf,
    /// Arguments that make it do so (e.g. `["__sandbox-exec"]`).
    pub launcher_args: Vec<String>,
    /// Where per-call scratch directories are made; must be searchable by `uid` and
    /// outside every `deny_read` directory.
    pub scratch_root: PathBuf,
    /// Directories the tool must not read (the node's data directory): hidden under an
    /// empty tmpfs in the tool's mount namespace, outside its Landlock rules too.
    pub deny_read: Vec<PathBuf>,
    /// Directories the tool gets an empty private tmpfs in place of: where the host
    /// keeps its Unix sockets (the Docker socket, session buses, ssh-agent). Default:
    /// [`private_dirs`].
    pub private_dirs: Vec<PathBuf>,
    /// The unprivileged uid tools run as when the node is root.
    pub uid: u32,
    /// The unprivileged gid tools run as when the node is root.
    pub gid: u32,
    /// Launchers kept set up and waiting, per tool (0: every call sets up its own).
    pub warm: usize,
}

/// Where a host keeps the Unix sockets a tool must not reach: `/tmp`, `/run`,
/// `/var/run`, and, when they are set, `$XDG_RUNTIME_DIR` (a session bus), `$TMPDIR` and
/// the directory of `$SSH_AUTH_SOCK` (the ssh-agent the node may sign with). A variable
/// naming `/` or a system directory a tool needs is ignored.
pub fn private_dirs() -> Vec<PathBuf> {
    const SYSTEM: &[&str] = &[
        "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/dev", "/proc",
        "/sys",
    ];
    let mut dirs: Vec<PathBuf> = ["/tmp", "/run", "/var/run"]
        .iter()
        .map(PathBuf::from)
        .collect();
    let var = |name: &str| {
        std::env::var_os(name)
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
    };
    let candidates = [
        var("XDG_RUNTIME_DIR"),
        var("TMPDIR"),
        var("SSH_AUTH_SOCK").and_then(|s| s.parent().map(Path::to_path_buf)),
    ];
    for d in candidates.into_iter().flatten() {
        let system = SYSTEM.iter().any(|s| d.starts_with(s));
        if d.is_absolute() && d.parent().is_some() && !system && !dirs.contains(&d) {
            dirs.push(d);
        }
    }
    dirs
}

impl Default for SubprocessConfig {
    fn default() -> Self {
        SubprocessConfig {
            launcher: PathBuf::new(),
            launcher_args: Vec::new(),
            scratch_root: std::env::temp_dir().join("lango-sandbox"),
            deny_read: Vec::new(),
            private_dirs: private_dirs(),
            uid: NOBODY,
            gid: NOBODY,
            warm: 2,
        }
    }
}

/// The subprocess back end.
#[derive(Debug)]
pub struct Subprocess {
    cfg: SubprocessConfig,
    /// Forks the launcher of each call.
    zygote: std::sync::Arc<zygote::Zygote>,
    /// Launchers set up ahead of their call.
    pool: std::sync::Arc<warm::Pool>,
    /// Starts launchers (for a call, or for the pool in the background); made once.
    starter: Starter,
    /// Layers seen in force at start-up; every call must have them all again.
    expected: Vec<String>,
    /// What the start-up probe found.
    probe: Probe,
    /// Answered calls whose launcher is still exiting.
    exiting: std::sync::Arc<call::Exiting>,
}

fn unavailable(why: impl Into<String>) -> SandboxError {
    SandboxError::Unavailable {
        kind: KIND,
        why: why.into(),
    }
}

fn under(path: &Path, dir: &Path) -> bool {
    path.starts_with(dir)
}

impl Subprocess {
    /// Checks the configuration and probes the kernel by running the launcher once;
    /// fails (`Unavailable`) when a mandatory layer cannot be applied here.
    pub fn new(cfg: SubprocessConfig) -> Result<Subprocess, SandboxError> {
        if !cfg.launcher.is_absolute() || !cfg.launcher.is_file() {
            return Err(unavailable(format!(
                "launcher {} is not an absolute path to a file",
                cfg.launcher.display()
            )));
        }
        if cfg.uid == 0 || cfg.gid == 0 {
            return Err(unavailable("the sandbox uid/gid must not be 0"));
        }
        // A node that is not root cannot drop its supplementary groups for its tools (a
        // user namespace keeps them), and a group such as `docker` would hand a tool the
        // host: refuse rather than run tools with them.
        if sys::geteuid() != 0 {
            let egid = sys::getegid();
            let extra: Vec<u32> = sys::supplementary_groups()
                .map_err(unavailable)?
                .into_iter()
                .filter(|g| *g != egid)
                .collect();
            if !extra.is_empty() {
                return Err(unavailable(format!(
                    "this user has supplementary groups ({}) that subprocess tools would keep; \
                     run the node as root (tools then run as an unprivileged uid) or as a \
                     user with no supplementary groups",
                    extra
                        .iter()
                        .map(|g| g.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
        scratch::prepare_root(&cfg.scratch_root)?;
        let root = cfg
            .scratch_root
            .canonicalize()
            .map_err(|e| SandboxError::Io {
                path: cfg.scratch_root.clone(),
                source: e,
            })?;
        for d in &cfg.deny_read {
            let d = d.canonicalize().unwrap_or_else(|_| d.clone());
            if under(&root, &d) || under(&d, &root) {
                return Err(unavailable(format!(
                    "scratch root {} and deny_read {} overlap",
                    root.display(),
                    d.display()
                )));
            }
        }
        let report = probe_sync(&cfg)?;
        if let Some(why) = &report.error {
            return Err(unavailable(format!("probe: {why}")));
        }
        // (A root launcher never execs a tool as root: failing to drop the uid is always
        // fatal inside it, so `unprivileged-uid` need not be listed here.)
        for &name in MANDATORY {
            match report.layers.iter().find(|l| l.name == name) {
                Some(l) if l.active => {}
                Some(l) => return Err(unavailable(format!("{name}: {}", l.detail))),
                None => return Err(unavailable(format!("{name}: not reported by the launcher"))),
            }
        }
        let expected: Vec<String> = report
            .layers
            .iter()
            .filter(|l| l.active)
            .map(|l| l.name.clone())
            .collect();
        let probe = Probe {
            kind: Kind::Subprocess,
            available: true,
            detail: format!("launcher {}", cfg.launcher.display()),
            layers: report.layers,
        };
        let zygote = std::sync::Arc::new(zygote::Zygote::start(&cfg).map_err(unavailable)?);
        let pool = std::sync::Arc::<warm::Pool>::default();
        let starter = Starter {
            cfg: std::sync::Arc::new(cfg.clone()),
            expected: expected.clone().into(),
            zygote: zygote.clone(),
            pool: pool.clone(),
        };
        Ok(Subprocess {
            zygote,
            pool,
            starter,
            cfg,
            expected,
            probe,
            exiting: std::sync::Arc::default(),
        })
    }

    /// The pid of the zygote that forks each call's launcher (for diagnostics and tests).
    #[doc(hidden)]
    pub fn zygote_pid(&self) -> Option<u32> {
        self.zygote.pid()
    }

    /// The layers every call must have (those found in force at start-up), less the
    /// network namespace when the tool declares network.
    fn required(&self, network: bool) -> Vec<String> {
        required(&self.expected, network)
    }

    fn job(&self, spec: &ToolSpec, scratch: &Path) -> Result<LaunchSpec, SandboxError> {
        job(&self.cfg, &self.expected, spec, scratch)
    }

    /// Scratch directories held by launchers waiting at their gate (none has served a
    /// call yet), and how many launchers are still being set up for the pool.
    #[doc(hidden)]
    pub fn warm_scratch_dirs(&self) -> (Vec<PathBuf>, usize) {
        self.pool.scratch_dirs()
    }

    /// Calls already answered whose launcher (with its namespaces and scratch
    /// directory) is still going away. Every process of their tools has SIGKILL pending.
    #[doc(hidden)]
    pub fn exiting(&self) -> usize {
        self.exiting.count()
    }

    /// Waits until no answered call's launcher is still exiting (each waits at most ten
    /// seconds; one that outlives that is logged as an error) and the warm pool has
    /// finished starting the launchers it asked for.
    pub async fn settled(&self) {
        self.exiting.settled().await;
        self.pool.settled().await;
    }

    /// Launchers waiting at their gate now, over all tools.
    #[doc(hidden)]
    pub fn warm_launchers(&self) -> usize {
        self.pool.waiting()
    }

    /// Pids of the launchers waiting at their gate now (for diagnostics and tests).
    #[doc(hidden)]
    pub fn warm_launcher_pids(&self) -> Vec<i32> {
        self.pool.pids()
    }

    async fn run_call(&self, spec: &ToolSpec, input: Vec<u8>) -> Result<Outcome, SandboxError> {
        let l = &spec.limits;
        let starter = &self.starter;
        let key = if self.cfg.warm > 0 {
            Some(warm_key(&self.cfg, &self.expected, spec)?)
        } else {
            None
        };
        let ready = key.as_ref().and_then(|k| self.pool.take(k));
        let ready = match ready {
            Some(r) => r,
            None => starter.start(spec).await?,
        };
        let warm::Ready {
            started,
            scratch,
            job,
        } = ready;
        let mut launched = call::finish(started, input, l.timeout, l.output_bytes).await?;
        match launched.teardown.take() {
            // The tool and everything it started are SIGKILLed; the launcher's exit and
            // the scratch directory's removal need not hold up the answer.
            Some(teardown) => {
                let guard = self.exiting.enter();
                tokio::spawn(async move {
                    teardown.confirm().await;
                    drop(scratch);
                    drop(guard);
                });
            }
            None => drop(scratch),
        }
        // Refilled after the call, so that setting up the next launcher does not compete
        // with this one for the CPU.
        if let Some(key) = key {
            starter.refill(spec, key);
        }
        call::outcome(&spec.name, launched, &job.require, l.cpu_time)
    }

    async fn probe_now(&self) -> Probe {
        let fresh = async {
            let scratch = Scratch::create(&self.cfg.scratch_root, self.cfg.uid, self.cfg.gid)?;
            let job = probe_job(&self.cfg, scratch.path());
            let limits = crate::Limits::default();
            let launched = call::launch(
                &self.zygote,
                &job,
                Vec::new(),
                limits.timeout,
                limits.output_bytes,
            )
            .await?;
            Ok::<_, SandboxError>(launched.report)
        };
        match fresh.await {
            Ok(report) if report.error.is_none() => {
                let missing = report.check_required(&self.required(false)).err();
                Probe {
                    kind: Kind::Subprocess,
                    available: missing.is_none(),
                    detail: missing.unwrap_or_else(|| self.probe.detail.clone()),
                    layers: report.layers,
                }
            }
            Ok(report) => Probe {
                available: false,
                detail: report.error.unwrap_or_default(),
                ..self.probe.clone()
            },
            Err(e) => Probe {
                available: false,
                detail: e.to_string(),
                ..self.probe.clone()
            },
        }
    }
}

/// The layers every call must have (those found in force at start-up), less the
/// network namespace when the tool declares network.
fn required(expected: &[String], network: bool) -> Vec<String> {
    expected
        .iter()
        .filter(|n| !(network && n.as_str() == "net-namespace"))
        .cloned()
        .collect()
}

/// The launcher job for one call of `spec` with `scratch` as its scratch directory.
fn job(
    cfg: &SubprocessConfig,
    expected: &[String],
    spec: &ToolSpec,
    scratch: &Path,
) -> Result<LaunchSpec, SandboxError> {
    let bad = |why: String| SandboxError::BadSpec {
        tool: spec.name.clone(),
        why,
    };
    if spec.kind != Kind::Subprocess {
        return Err(bad(format!(
            "a {} tool given to the subprocess sandbox",
            spec.kind.as_str()
        )));
    }
    let program = spec
        .command
        .first()
        .ok_or_else(|| bad("empty command".into()))?;
    if !Path::new(program).is_absolute() {
        return Err(bad(format!(
            "{program}: the program must be an absolute path"
        )));
    }
    let mut env: BTreeMap<String, String> = BTreeMap::new();
    env.insert("PATH".into(), "/usr/bin:/bin".into());
    for (k, v) in &spec.env {
        if k.is_empty() || k.contains(['=', '\0']) || v.contains('\0') {
            return Err(bad(format!("bad environment variable {k:?}")));
        }
        env.insert(k.clone(), v.clone());
    }
    let dir = scratch
        .to_str()
        .ok_or_else(|| bad("scratch path is not UTF-8".into()))?;
    env.insert("HOME".into(), dir.into());
    env.insert("TMPDIR".into(), dir.into());
    let l = &spec.limits;
    Ok(LaunchSpec {
        argv: spec.command.clone(),
        env: env.into_iter().collect(),
        scratch: scratch.to_path_buf(),
        uid: cfg.uid,
        gid: cfg.gid,
        memory_bytes: l.memory_bytes,
        cpu_secs: l.cpu_time.as_secs().max(1),
        max_processes: u64::from(l.max_processes),
        scratch_bytes: l.scratch_bytes,
        open_files: launcher::OPEN_FILES,
        network: l.network,
        deny_read: cfg.deny_read.clone(),
        private_dirs: cfg.private_dirs.clone(),
        require: required(expected, l.network),
        probe_only: false,
        gate: false,
    })
}

/// The pool key of `spec`'s jobs: the job's SHA-256 with the scratch path left out.
fn warm_key(
    cfg: &SubprocessConfig,
    expected: &[String],
    spec: &ToolSpec,
) -> Result<warm::Key, SandboxError> {
    use sha2::Digest;
    let j = job(cfg, expected, spec, Path::new("/"))?;
    let bytes = serde_json::to_vec(&j).map_err(|e| SandboxError::Setup {
        kind: KIND,
        why: format!("encoding the job: {e}"),
    })?;
    Ok(sha2::Sha256::digest(&bytes).into())
}

/// Starts launchers, for a call or for the warm pool; cheap to clone into the
/// background tasks that refill the pool.
#[derive(Clone, Debug)]
struct Starter {
    cfg: std::sync::Arc<SubprocessConfig>,
    expected: std::sync::Arc<[String]>,
    zygote: std::sync::Arc<zygote::Zygote>,
    pool: std::sync::Arc<warm::Pool>,
}

impl Starter {
    /// One launcher for `spec`, set up and waiting at its gate.
    async fn start(&self, spec: &ToolSpec) -> Result<warm::Ready, SandboxError> {
        let scratch = Scratch::create(&self.cfg.scratch_root, self.cfg.uid, self.cfg.gid)?;
        let mut job = job(&self.cfg, &self.expected, spec, scratch.path())?;
        job.gate = true;
        let started = call::start(&self.zygote, &job).await?;
        Ok(warm::Ready {
            started,
            scratch,
            job,
        })
    }

    /// Tops `spec`'s launchers up to the configured number, in the background.
    fn refill(&self, spec: &ToolSpec, key: warm::Key) {
        let n = self.pool.reserve(&key, self.cfg.warm);
        for _ in 0..n {
            let (this, spec) = (self.clone(), spec.clone());
            tokio::spawn(async move {
                match this.start(&spec).await {
                    Ok(r) if r.started.ready() => this.pool.put(&key, r),
                    Ok(_) => this.pool.failed(&key),
                    Err(e) => {
                        tracing::warn!(tool = %spec.name, "warm launcher: {e}");
                        this.pool.failed(&key);
                    }
                }
            });
        }
    }
}

/// A job that applies every layer and exits instead of exec'ing; nothing required.
fn probe_job(cfg: &SubprocessConfig, scratch: &Path) -> LaunchSpec {
    let limits = crate::Limits::default();
    LaunchSpec {
        argv: vec![cfg.launcher.to_string_lossy().into_owned()],
        env: Vec::new(),
        scratch: scratch.to_path_buf(),
        uid: cfg.uid,
        gid: cfg.gid,
        memory_bytes: limits.memory_bytes,
        cpu_secs: limits.cpu_time.as_secs(),
        max_processes: u64::from(limits.max_processes),
        scratch_bytes: limits.scratch_bytes,
        open_files: launcher::OPEN_FILES,
        network: false,
        deny_read: cfg.deny_read.clone(),
        private_dirs: cfg.private_dirs.clone(),
        require: Vec::new(),
        probe_only: true,
        gate: false,
    }
}

/// Runs the probe job synchronously (for `new`, which may be called outside a runtime).
fn probe_sync(cfg: &SubprocessConfig) -> Result<call::Report, SandboxError> {
    let setup = |why: String| SandboxError::Setup { kind: KIND, why };
    let scratch = Scratch::create(&cfg.scratch_root, cfg.uid, cfg.gid)?;
    let frame = wire::frame(&probe_job(cfg, scratch.path())).map_err(setup)?;
    let (status_r, status_w) = sys::pipe().map_err(setup)?;
    let mut cmd = call::command(cfg, &status_w);
    cmd.stdout(std::process::Stdio::null());
    let mut child = cmd.spawn().map_err(|e| SandboxError::Io {
        path: cfg.launcher.clone(),
        source: e,
    })?;
    drop(status_w);
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(&frame);
    }
    let mut status = Vec::new();
    let read = std::fs::File::from(status_r).read_to_end(&mut status);
    let out = child.wait_with_output().map_err(|e| SandboxError::Io {
        path: cfg.launcher.clone(),
        source: e,
    })?;
    read.map_err(|e| setup(format!("reading the launcher status: {e}")))?;
    let mut report = call::Report::parse(&status);
    if report.error.is_none() && !report.ready {
        report.error = Some(format!(
            "launcher ended before it was ready ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(report)
}

impl Sandbox for Subprocess {
    fn kind(&self) -> Kind {
        Kind::Subprocess
    }

    fn run<'a>(
        &'a self,
        spec: &'a ToolSpec,
        input: Vec<u8>,
    ) -> BoxFuture<'a, Result<Outcome, SandboxError>> {
        Box::pin(self.run_call(spec, input))
    }

    fn prepare<'a>(&'a self, spec: &'a ToolSpec) -> BoxFuture<'a, Result<(), SandboxError>> {
        // Check the spec so that a bad one fails at start-up, and fill the warm pool.
        Box::pin(async move {
            self.job(spec, &self.cfg.scratch_root)?;
            if self.cfg.warm > 0 {
                let key = warm_key(&self.cfg, &self.expected, spec)?;
                self.starter.refill(spec, key);
            }
            Ok(())
        })
    }

    fn probe(&self) -> BoxFuture<'_, Probe> {
        Box::pin(self.probe_now())
    }

    fn shutdown(&self) -> BoxFuture<'_, ()> {
        // Waiting launchers are killed, exiting ones are waited for; the zygote goes when
        // the back end is dropped.
        self.pool.clear();
        Box::pin(self.exiting.settled())
    }

    fn settled(&self) -> BoxFuture<'_, ()> {
        Box::pin(Subprocess::settled(self))
    }

    fn forget_warm(&self) {
        // A waiting launcher holds its job, resolved secrets included.
        self.pool.clear();
    }
}
