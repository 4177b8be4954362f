//! The warm pool: per (tool, command, env, image, limits) key, a few started containers
//! whose gate idles, so a call pays an attach instead of a container create and start.
//! Each container serves exactly one call and is then force-removed; the pool refills in
//! the background once the call is over.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use bollard::query_parameters::RemoveContainerOptionsBuilder;
use bollard::Docker;

use super::create::{self, Key};
use super::docker_err;
use crate::SandboxError;

#[derive(Default)]
struct State {
    idle: HashMap<Key, Vec<String>>,
    pending: HashMap<Key, usize>,
    /// Used containers whose removal is under way.
    removing: usize,
    closed: bool,
}

/// Idle containers by key, and the Docker client that makes them.
pub(crate) struct Pool {
    docker: Docker,
    node: String,
    owner: String,
    size: usize,
    state: Mutex<State>,
    /// Signalled whenever a container being started is filed (or removed).
    settled: tokio::sync::Notify,
}

/// Force-removes container `id` (SIGKILL to every process in it, then delete) without
/// waiting: usable from `Drop`. Without a Tokio runtime the removal is left to
/// `cleanup_stale` at the next start (the container is labelled for it).
pub(crate) fn remove_later(docker: &Docker, id: String) {
    if let Ok(rt) = tokio::runtime::Handle::try_current() {
        let docker = docker.clone();
        rt.spawn(async move { remove(&docker, &id).await });
    } else {
        tracing::warn!(container = %id, "no runtime to remove the container; cleanup_stale will");
    }
}

/// Force-removes container `id` and waits for it.
pub(crate) async fn remove(docker: &Docker, id: &str) {
    let opts = RemoveContainerOptionsBuilder::default()
        .force(true)
        .v(true)
        .build();
    match docker.remove_container(id, Some(opts)).await {
        Ok(()) => {}
        Err(bollard::errors::Error::DockerResponseServerError {
            status_code: 404, ..
        }) => {}
        Err(e) => tracing::warn!(container = %id, error = %e, "removing container failed"),
    }
}

/// One removal counted in `State::removing`; uncounted when dropped (also when its task
/// is dropped at shutdown).
struct Removing(Arc<Pool>);

impl Drop for Removing {
    fn drop(&mut self) {
        {
            let mut st = self.0.lock();
            st.removing = st.removing.saturating_sub(1);
        }
        self.0.settled.notify_waiters();
    }
}

impl Pool {
    /// A pool keeping `size` idle containers per key.
    pub(crate) fn new(docker: Docker, node: String, size: usize) -> Pool {
        Pool {
            docker,
            node,
            owner: super::owner::me(),
            size,
            state: Mutex::new(State::default()),
            settled: tokio::sync::Notify::new(),
        }
    }

    /// The Docker client.
    pub(crate) fn docker(&self) -> &Docker {
        &self.docker
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the maps inconsistent (each update
        // is a single insert/remove), so a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Creates and starts one container for `key`.
    pub(crate) async fn start(&self, key: &Key) -> Result<String, SandboxError> {
        let body = create::body(key, &self.node, &self.owner);
        let created = self
            .docker
            .create_container(None, body)
            .await
            .map_err(|e| docker_err(e, &format!("creating a container from {}", key.image)))?;
        let id = created.id;
        if let Err(e) = self.docker.start_container(&id, None).await {
            remove(&self.docker, &id).await;
            return Err(docker_err(e, "starting the container"));
        }
        Ok(id)
    }

    /// A started container for `key`: a warm one if there is one, else a new one. The
    /// caller refills (after its call, so that the refill does not compete with it).
    ///
    /// A warm container is checked to be running first: one that died while idle (the
    /// daemon restarted, someone killed it) would otherwise hand its old exit state to the
    /// call as if the tool had run.
    pub(crate) async fn take(&self, key: &Key) -> Result<String, SandboxError> {
        loop {
            let warm = self.lock().idle.get_mut(key).and_then(Vec::pop);
            let Some(id) = warm else {
                return self.start(key).await;
            };
            match self.docker.inspect_container(&id, None).await {
                Ok(c) if c.state.as_ref().and_then(|s| s.running) == Some(true) => return Ok(id),
                Ok(_) | Err(_) => {
                    tracing::warn!(container = %id, tool = %key.tool, "idle container no longer running; discarded");
                    remove_later(&self.docker, id);
                }
            }
        }
    }

    /// Claims the number of containers missing for `key` and returns it.
    fn claim(&self, key: &Key) -> usize {
        let mut st = self.lock();
        if st.closed {
            return 0;
        }
        let have = st.idle.get(key).map_or(0, Vec::len) + st.pending.get(key).copied().unwrap_or(0);
        let missing = self.size.saturating_sub(have);
        if missing > 0 {
            *st.pending.entry(key.clone()).or_default() += missing;
        }
        missing
    }

    /// Files a freshly started container (or removes it if the pool closed meanwhile).
    async fn file(
        &self,
        key: &Key,
        started: Result<String, SandboxError>,
    ) -> Result<(), SandboxError> {
        let leftover = {
            let mut st = self.lock();
            if let Some(p) = st.pending.get_mut(key) {
                *p = p.saturating_sub(1);
            }
            match started {
                Ok(id) if st.closed => Some(id),
                Ok(id) => {
                    st.idle.entry(key.clone()).or_default().push(id);
                    None
                }
                Err(e) => {
                    drop(st);
                    self.settled.notify_waiters();
                    return Err(e);
                }
            }
        };
        if let Some(id) = leftover {
            remove(&self.docker, &id).await;
        }
        self.settled.notify_waiters();
        Ok(())
    }

    /// Force-removes used container `id` in the background, counted until it is gone
    /// (see [`Pool::settled`]).
    pub(crate) fn remove_used(self: &Arc<Self>, id: String) {
        let Ok(rt) = tokio::runtime::Handle::try_current() else {
            return remove_later(&self.docker, id);
        };
        self.lock().removing += 1;
        let counted = Removing(Arc::clone(self));
        rt.spawn(async move {
            remove(&counted.0.docker, &id).await;
            drop(counted);
        });
    }

    /// Returns once no container is being started for the pool or removed after its
    /// call.
    pub(crate) async fn settled(&self) {
        crate::settle::until(&self.settled, || {
            let st = self.lock();
            st.removing == 0 && st.pending.values().all(|n| *n == 0)
        })
        .await;
    }

    /// Tops `key` up to the pool size in the background.
    pub(crate) fn refill(self: &Arc<Self>, key: &Key) {
        let missing = self.claim(key);
        for _ in 0..missing {
            let pool = Arc::clone(self);
            let key = key.clone();
            tokio::spawn(async move {
                let started = pool.start(&key).await;
                if let Err(e) = pool.file(&key, started).await {
                    tracing::warn!(tool = %key.tool, error = %e, "warm pool refill failed");
                }
            });
        }
    }

    /// Tops `key` up to the pool size and waits for it (`prepare`).
    pub(crate) async fn fill(&self, key: &Key) -> Result<(), SandboxError> {
        let missing = self.claim(key);
        let starts = (0..missing).map(|_| self.start(key));
        let results = futures::future::join_all(starts).await;
        let mut first_err = None;
        for started in results {
            if let Err(e) = self.file(key, started).await {
                first_err.get_or_insert(e);
            }
        }
        first_err.map_or(Ok(()), Err)
    }

    /// Closes the pool, removes its idle containers and waits (up to a minute) for the
    /// containers still being started, which are removed as they come up.
    pub(crate) async fn drain(&self) {
        let ids: Vec<String> = {
            let mut st = self.lock();
            st.closed = true;
            st.idle.drain().flat_map(|(_, v)| v).collect()
        };
        futures::future::join_all(ids.iter().map(|id| remove(&self.docker, id))).await;
        let started = crate::settle::until(&self.settled, || {
            self.lock().pending.values().all(|n| *n == 0)
        });
        if tokio::time::timeout(std::time::Duration::from_secs(60), started)
            .await
            .is_err()
        {
            tracing::warn!(
                "containers still starting after a minute; cleanup_stale will remove them"
            );
        }
    }

    /// Closes the pool and removes idle containers without waiting (from `Drop`).
    pub(crate) fn drain_later(&self) {
        let ids: Vec<String> = {
            let mut st = self.lock();
            st.closed = true;
            st.idle.drain().flat_map(|(_, v)| v).collect()
        };
        for id in ids {
            remove_later(&self.docker, id);
        }
    }

    /// How many idle containers the pool holds (all keys).
    pub(crate) fn idle(&self) -> usize {
        self.lock().idle.values().map(Vec::len).sum()
    }
}
