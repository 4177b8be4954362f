//! container back end: Docker through bollard.
//!
//! Every call runs in its own container: no network (unless `limits.network`), read-only
//! root, all capabilities dropped, no-new-privileges, Docker's default seccomp profile,
//! pids/memory(+swap)/CPU limits, a size-capped tmpfs at `/scratch` as the only writable
//! place, user 65534:65534. A warm pool keeps started containers whose main process is a
//! gate that becomes the tool when the call writes a newline, so a call costs an attach
//! and the tool is the container's pid 1 (its exit code and `State.OOMKilled` are the
//! container's). Each container serves exactly one call and is then force-removed, which
//! kills every process the call started. See `docs/sandbox-container.md`.

mod call;
mod create;
mod image;
mod layers;
mod owner;
mod pool;

use std::sync::Arc;

use bollard::query_parameters::{ListContainersOptionsBuilder, RemoveContainerOptionsBuilder};
use bollard::Docker;
use futures::future::BoxFuture;
use futures::FutureExt;
use tokio::sync::OnceCell;

use crate::probe::Probe;
use crate::spec::{Kind, ToolSpec};
use crate::{Outcome, Sandbox, SandboxError};

pub use create::{GATE_SHELL, SCRATCH, USER};
pub use image::HOST_BUSYBOX;

/// The tag of the locally built default tool image.
pub const DEFAULT_IMAGE: &str = "lango-tools:1";
/// The Docker socket used when neither the config nor `DOCKER_HOST` names one.
pub const DEFAULT_SOCKET: &str = "/var/run/docker.sock";
/// Seconds any single Docker API request may take (not the tool's run time).
const API_TIMEOUT_SECS: u64 = 60;

/// How the node sets up the container back end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerConfig {
    /// Docker's unix socket (`/path` or `unix:///path`); `None`: `DOCKER_HOST` if it is a
    /// `unix://` address, else [`DEFAULT_SOCKET`].
    pub docker_host: Option<String>,
    /// Image for tools without `image` (normally [`DEFAULT_IMAGE`]).
    pub default_image: String,
    /// This node's id: labels every container so a restart can remove its leftovers.
    pub node_id: String,
    /// Idle started containers kept per tool (and command, env, image, limits); 0
    /// disables the pool (every call then pays a container create and start).
    pub warm_pool: usize,
}

impl Default for ContainerConfig {
    fn default() -> Self {
        ContainerConfig {
            docker_host: None,
            default_image: DEFAULT_IMAGE.to_owned(),
            node_id: "local".to_owned(),
            warm_pool: 2,
        }
    }
}

/// The container back end. Connects to Docker lazily: construction never fails because
/// Docker is down; `run`, `prepare` and `probe` report it.
pub struct Container {
    config: ContainerConfig,
    socket: String,
    pool: OnceCell<Arc<pool::Pool>>,
}

fn unavailable(why: impl Into<String>) -> SandboxError {
    SandboxError::Unavailable {
        kind: "container",
        why: why.into(),
    }
}

/// Maps a bollard error: transport failures mean Docker is unavailable, API refusals
/// mean this step failed.
pub(crate) fn docker_err(e: bollard::errors::Error, what: &str) -> SandboxError {
    use bollard::errors::Error as E;
    match e {
        E::SocketNotFoundError(path) => unavailable(format!("no Docker socket at {path}")),
        E::HyperResponseError { .. }
        | E::IOError { .. }
        | E::RequestTimeoutError
        | E::HyperLegacyError { .. }
        | E::HttpClientError { .. } => {
            unavailable(format!("{what}: Docker unreachable: {}", one_line(&e)))
        }
        other => SandboxError::Setup {
            kind: "container",
            why: format!("{what}: {}", one_line(&other)),
        },
    }
}

/// The error and its causes on one line (`a: b: c`), each message's first line only.
fn one_line(e: &dyn std::error::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cur: Option<&dyn std::error::Error> = Some(e);
    while let Some(err) = cur {
        let msg = err.to_string();
        let msg = msg.lines().next().unwrap_or_default().trim().to_owned();
        if !msg.is_empty() && !parts.iter().any(|p| p.contains(&msg)) {
            parts.push(msg);
        }
        cur = err.source();
    }
    parts.join(": ")
}

impl Container {
    /// The back end for `config`. Does not contact Docker.
    pub fn new(config: ContainerConfig) -> Result<Container, SandboxError> {
        if config.default_image.is_empty() {
            return Err(SandboxError::Setup {
                kind: "container",
                why: "default_image is empty".into(),
            });
        }
        let socket = match &config.docker_host {
            Some(h) => h.clone(),
            None => std::env::var("DOCKER_HOST")
                .ok()
                .filter(|h| h.starts_with("unix://"))
                .unwrap_or_else(|| DEFAULT_SOCKET.to_owned()),
        };
        let socket = socket.trim_start_matches("unix://").to_owned();
        Ok(Container {
            config,
            socket,
            pool: OnceCell::new(),
        })
    }

    /// The configuration this back end was made with.
    pub fn config(&self) -> &ContainerConfig {
        &self.config
    }

    /// Connects (first use: negotiates the API version and removes this node's stale
    /// containers); later calls reuse the client.
    async fn pool(&self) -> Result<&Arc<pool::Pool>, SandboxError> {
        self.pool
            .get_or_try_init(|| async {
                let docker = Docker::connect_with_unix(
                    &self.socket,
                    API_TIMEOUT_SECS,
                    bollard::API_DEFAULT_VERSION,
                )
                .map_err(|e| docker_err(e, "connecting"))?
                .negotiate_version()
                .await
                .map_err(|e| docker_err(e, &format!("connecting to {}", self.socket)))?;
                remove_stale(&docker, &self.config.node_id).await?;
                Ok(Arc::new(pool::Pool::new(
                    docker,
                    self.config.node_id.clone(),
                    self.config.warm_pool,
                )))
            })
            .await
    }

    async fn docker(&self) -> Result<Docker, SandboxError> {
        Ok(self.pool().await?.docker().clone())
    }

    /// Removes the leftovers of earlier runs that died: containers labelled
    /// `lango.managed=1` and `lango.node=<this node>` whose owning process
    /// (`lango.owner=<pid>:<start time>`) is gone. Containers of this process and of any
    /// other live process are kept, so it is safe to call at any time. Runs on the first
    /// connection too. Returns how many were removed.
    pub async fn cleanup_stale(&self) -> Result<usize, SandboxError> {
        let docker = self.docker().await?;
        remove_stale(&docker, &self.config.node_id).await
    }

    /// Builds the default image (`FROM scratch` + the host's static busybox at
    /// [`HOST_BUSYBOX`], one symlink per applet) under `default_image`; returns its id.
    pub async fn build_default_image(&self) -> Result<String, SandboxError> {
        let docker = self.docker().await?;
        image::build(&docker, &self.config.default_image).await
    }

    /// Whether `image` exists locally (nothing can be pulled on these machines).
    pub async fn image_exists(&self, image: &str) -> Result<bool, SandboxError> {
        let docker = self.docker().await?;
        match docker.inspect_image(image).await {
            Ok(_) => Ok(true),
            Err(bollard::errors::Error::DockerResponseServerError {
                status_code: 404, ..
            }) => Ok(false),
            Err(e) => Err(docker_err(e, "inspecting the image")),
        }
    }

    /// Removes the idle warm containers and stops refilling. Containers of calls still
    /// running are removed when those calls end.
    pub async fn shutdown(&self) {
        if let Some(pool) = self.pool.get() {
            pool.drain().await;
        }
    }

    /// Idle warm containers held right now (all tools).
    #[doc(hidden)]
    pub fn warm_idle(&self) -> usize {
        self.pool.get().map_or(0, |p| p.idle())
    }

    fn image_of<'a>(&'a self, spec: &'a ToolSpec) -> &'a str {
        spec.image
            .as_deref()
            .unwrap_or(self.config.default_image.as_str())
    }

    fn check(spec: &ToolSpec) -> Result<(), SandboxError> {
        let bad = |why: &str| {
            Err(SandboxError::BadSpec {
                tool: spec.name.clone(),
                why: why.into(),
            })
        };
        if spec.kind != Kind::Container {
            return bad("not a container tool");
        }
        if spec.command.is_empty() || spec.command[0].is_empty() {
            return bad("empty command");
        }
        if spec.env.keys().any(|k| k.is_empty() || k.contains('=')) {
            return bad("environment variable names must be non-empty and without '='");
        }
        Ok(())
    }

    async fn prepare_inner(&self, spec: &ToolSpec) -> Result<(), SandboxError> {
        Self::check(spec)?;
        let pool = self.pool().await?;
        let image = self.image_of(spec);
        if !self.image_exists(image).await? {
            if image == self.config.default_image {
                self.build_default_image().await?;
            } else {
                return Err(SandboxError::BadSpec {
                    tool: spec.name.clone(),
                    why: format!("image {image} is not present locally (nothing is pulled)"),
                });
            }
        }
        pool.fill(&create::Key::new(spec, image)).await
    }

    async fn run_inner(&self, spec: &ToolSpec, input: Vec<u8>) -> Result<Outcome, SandboxError> {
        Self::check(spec)?;
        let pool = self.pool().await?;
        let key = create::Key::new(spec, self.image_of(spec));
        let secrets = create::secret_lines(spec, &key).map_err(|why| SandboxError::BadSpec {
            tool: spec.name.clone(),
            why,
        })?;
        let id = pool.take(&key).await?;
        let outcome = call::run(pool, id, &spec.limits, secrets, input).await;
        pool.refill(&key);
        outcome
    }

    async fn probe_inner(&self) -> Probe {
        let down = |why: String| Probe {
            kind: Kind::Container,
            available: false,
            detail: why,
            layers: Vec::new(),
        };
        let docker = match self.docker().await {
            Ok(d) => d,
            Err(e) => return down(e.to_string()),
        };
        let info = match docker.info().await {
            Ok(i) => i,
            Err(e) => return down(docker_err(e, "docker info").to_string()),
        };
        let image = &self.config.default_image;
        let image_present = self.image_exists(image).await.unwrap_or(false);
        let cgroup = info
            .cgroup_version
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        let layers = layers::of(&info, &self.config, image_present);
        Probe {
            kind: Kind::Container,
            available: true,
            detail: format!(
                "Docker {} (API {}), cgroup v{cgroup}, socket {}",
                info.server_version.unwrap_or_default(),
                docker.client_version(),
                self.socket
            ),
            layers,
        }
    }
}

impl Drop for Container {
    fn drop(&mut self) {
        if let Some(pool) = self.pool.get() {
            pool.drain_later();
        }
    }
}

/// Removes this node's labelled containers whose owner process is dead; returns how
/// many.
async fn remove_stale(docker: &Docker, node: &str) -> Result<usize, SandboxError> {
    let filters = std::collections::HashMap::from([(
        "label",
        vec!["lango.managed=1".to_owned(), format!("lango.node={node}")],
    )]);
    let opts = ListContainersOptionsBuilder::default()
        .all(true)
        .filters(&filters)
        .build();
    let list = docker
        .list_containers(Some(opts))
        .await
        .map_err(|e| docker_err(e, "listing stale containers"))?;
    let me = owner::me();
    let mut removed = 0;
    for c in list {
        let Some(id) = c.id else { continue };
        let owner = c
            .labels
            .as_ref()
            .and_then(|l| l.get(owner::LABEL))
            .map(String::as_str);
        if owner == Some(me.as_str()) || owner::alive(owner) {
            continue;
        }
        let opts = RemoveContainerOptionsBuilder::default()
            .force(true)
            .v(true)
            .build();
        match docker.remove_container(&id, Some(opts)).await {
            Ok(()) => removed += 1,
            Err(bollard::errors::Error::DockerResponseServerError {
                status_code: 404, ..
            }) => {}
            Err(e) => return Err(docker_err(e, "removing a stale container")),
        }
    }
    if removed > 0 {
        tracing::info!(removed, node, "removed stale tool containers");
    }
    Ok(removed)
}

impl Sandbox for Container {
    fn kind(&self) -> Kind {
        Kind::Container
    }

    fn shutdown(&self) -> BoxFuture<'_, ()> {
        Box::pin(Container::shutdown(self))
    }

    fn settled(&self) -> BoxFuture<'_, ()> {
        Box::pin(async {
            if let Some(pool) = self.pool.get() {
                pool.settled().await;
            }
        })
    }

    fn run<'a>(
        &'a self,
        spec: &'a ToolSpec,
        input: Vec<u8>,
    ) -> BoxFuture<'a, Result<Outcome, SandboxError>> {
        self.run_inner(spec, input).boxed()
    }

    fn prepare<'a>(&'a self, spec: &'a ToolSpec) -> BoxFuture<'a, Result<(), SandboxError>> {
        self.prepare_inner(spec).boxed()
    }

    fn probe(&self) -> BoxFuture<'_, Probe> {
        self.probe_inner().boxed()
    }
}
