//! Builds the sandbox back ends the configured tools use, and `sandbox prepare`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use serde_json::{json, Value};
use sha2::Digest;

use lango_sandbox::container::{Container, ContainerConfig};
use lango_sandbox::subprocess::{Subprocess, SubprocessConfig};
use lango_sandbox::wasm::{Wasm, WasmConfig};
use lango_sandbox::{Kind, Sandbox};

use super::registry::Registry;
use crate::config::Config;

/// The hidden subcommand under which `lango-node` re-executes itself as the subprocess
/// sandbox's launcher (single-threaded, before any runtime starts).
pub const LAUNCHER_SUBCOMMAND: &str = "__sandbox-exec";

/// Entry point of the launcher (see [`LAUNCHER_SUBCOMMAND`]).
pub fn launcher_main() -> ExitCode {
    let code = lango_sandbox::subprocess::launcher_main();
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

/// Parent of per-call scratch directories: `[sandbox] scratch_dir`, or
/// `$TMPDIR/lango-scratch-<uid>`.
pub fn scratch_root(cfg: &Config) -> PathBuf {
    cfg.sandbox.scratch_dir.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!(
            "lango-scratch-{}",
            rustix::process::getuid().as_raw()
        ))
    })
}

/// Creates `dir` (mode 0711: the sandbox uid may pass through to its own per-call
/// directory, but not list the others) and makes sure it is a directory we own.
fn private_searchable_dir(dir: &Path) -> Result<(), String> {
    use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
    if !dir.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o711)
            .create(dir)
            .map_err(|e| format!("cannot create scratch dir {}: {e}", dir.display()))?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o711))
            .map_err(|e| format!("cannot set mode of {}: {e}", dir.display()))?;
    }
    let m = std::fs::symlink_metadata(dir)
        .map_err(|e| format!("scratch dir {}: {e}", dir.display()))?;
    if !m.is_dir() || m.uid() != rustix::process::getuid().as_raw() {
        return Err(format!(
            "scratch dir {} is not a directory owned by this user",
            dir.display()
        ));
    }
    if m.mode() & 0o777 != 0o711 {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o711))
            .map_err(|e| format!("cannot set mode of {}: {e}", dir.display()))?;
    }
    Ok(())
}

/// A stable label for this node's containers, derived from its data dir (so that a
/// restarted node, or `sandbox prepare`, finds its own leftovers and nobody else's).
pub fn node_label(data_dir: &Path) -> String {
    let p = std::fs::canonicalize(data_dir).unwrap_or_else(|_| data_dir.to_path_buf());
    let h = sha2::Sha256::digest(p.as_os_str().as_encoded_bytes());
    hex::encode(&h[..8])
}

fn container_config(cfg: &Config, data_dir: &Path, warm_pool: usize) -> ContainerConfig {
    ContainerConfig {
        docker_host: cfg.sandbox.docker_host.clone(),
        default_image: cfg.sandbox.image.clone(),
        node_id: node_label(data_dir),
        warm_pool,
    }
}

fn build_one(
    kind: Kind,
    cfg: &Config,
    data_dir: &Path,
    launcher: Option<&Path>,
) -> Result<Arc<dyn Sandbox>, String> {
    let root = scratch_root(cfg);
    if root.starts_with(data_dir) {
        return Err(format!(
            "sandbox.scratch_dir {} is inside the data dir; tools must never see it",
            root.display()
        ));
    }
    private_searchable_dir(&root)?;
    match kind {
        Kind::Subprocess => {
            let launcher = match launcher {
                Some(l) => l.to_path_buf(),
                None => std::env::current_exe().map_err(|e| {
                    format!("cannot find the lango-node binary to launch tools: {e}")
                })?,
            };
            let s = Subprocess::new(SubprocessConfig {
                launcher,
                launcher_args: vec![LAUNCHER_SUBCOMMAND.into()],
                scratch_root: root.join("subprocess"),
                deny_read: hidden_dirs(cfg, data_dir),
                warm: cfg.sandbox.warm_pool,
                ..SubprocessConfig::default()
            })
            .map_err(|e| e.to_string())?;
            Ok(Arc::new(s))
        }
        Kind::Wasm => {
            let w = Wasm::new(WasmConfig::new(root.join("wasm"))).map_err(|e| e.to_string())?;
            Ok(Arc::new(w))
        }
        Kind::Container => {
            let c = Container::new(container_config(cfg, data_dir, cfg.sandbox.warm_pool))
                .map_err(|e| e.to_string())?;
            Ok(Arc::new(c))
        }
    }
}

/// Builds every back end some tool uses (`all`: every back end, for `sandbox prepare`).
pub fn build(
    cfg: &Config,
    data_dir: &Path,
    all: bool,
    launcher: Option<PathBuf>,
) -> HashMap<Kind, Result<Arc<dyn Sandbox>, String>> {
    let mut kinds: Vec<Kind> = cfg.tools.iter().map(|t| t.sandbox).collect();
    if all {
        kinds.extend([Kind::Subprocess, Kind::Wasm, Kind::Container]);
    }
    kinds.sort_by_key(|k| k.as_str());
    kinds.dedup();
    kinds
        .into_iter()
        .map(|k| (k, build_one(k, cfg, data_dir, launcher.as_deref())))
        .collect()
}

/// Removes containers a previous run of this node left behind (best effort, logged).
pub async fn cleanup(cfg: &Config, data_dir: &Path) {
    if !cfg.tools.iter().any(|t| t.sandbox == Kind::Container) {
        return;
    }
    if let Ok(c) = Container::new(container_config(cfg, data_dir, 0)) {
        match c.cleanup_stale().await {
            Ok(0) => {}
            Ok(n) => tracing::info!("removed {n} stale tool containers"),
            Err(e) => tracing::warn!("cannot remove stale tool containers: {e}"),
        }
    }
}

/// `sandbox prepare`: probes every back end, builds the default container image if it
/// is missing, prepares every configured tool; `ok` is false if a configured tool
/// cannot run.
pub async fn prepare(cfg: &Config, data_dir: &Path) -> Value {
    let backends = build(cfg, data_dir, true, None);
    let mut reports = Vec::new();
    let mut image = Value::Null;
    for kind in [Kind::Subprocess, Kind::Wasm, Kind::Container] {
        match backends.get(&kind) {
            Some(Ok(b)) => {
                if kind == Kind::Container {
                    image = build_image(cfg, data_dir).await;
                }
                reports.push(json!(b.probe().await));
            }
            Some(Err(e)) => reports.push(json!({"kind": kind.as_str(), "available": false,
                "detail": e, "layers": []})),
            None => {}
        }
    }
    let registry = Registry::new(&cfg.tools, backends);
    let mut tools = Vec::new();
    let mut ok = true;
    for t in registry.iter() {
        let r = match registry.backend(t.spec.kind) {
            Ok(b) => b.prepare(&t.spec).await.map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        ok &= r.is_ok();
        tools.push(json!({"name": t.spec.name, "sandbox": t.spec.kind.as_str(),
            "ready": r.is_ok(), "detail": r.err().unwrap_or_default()}));
    }
    // Warm containers filled to check the pool are not left behind: the daemon fills
    // its own pool when it starts.
    for b in registry.backends() {
        b.shutdown().await;
    }
    json!({"ok": ok, "backends": reports, "image": image, "tools": tools})
}

/// Builds the default container image when Docker is there and the image is not.
async fn build_image(cfg: &Config, data_dir: &Path) -> Value {
    let c = match Container::new(container_config(cfg, data_dir, 0)) {
        Ok(c) => c,
        Err(e) => return json!({"built": false, "error": e.to_string()}),
    };
    match c.image_exists(&cfg.sandbox.image).await {
        Ok(true) => json!({"name": cfg.sandbox.image, "built": false, "present": true}),
        Ok(false) => match c.build_default_image().await {
            Ok(name) => json!({"name": name, "built": true, "present": true}),
            Err(e) => json!({"name": cfg.sandbox.image, "built": false, "present": false,
                "error": e.to_string()}),
        },
        Err(e) => json!({"name": cfg.sandbox.image, "built": false, "present": false,
            "error": e.to_string()}),
    }
}

/// Directories a subprocess tool must not see: the data dir, and the directory of the
/// operators' control socket (`[control] socket`) when there is one: a tool run as the
/// node's user could otherwise connect to it and decide its own approval.
fn hidden_dirs(cfg: &Config, data_dir: &Path) -> Vec<std::path::PathBuf> {
    let mut dirs = vec![data_dir.to_path_buf()];
    if let Some(dir) = cfg.control.socket.as_ref().and_then(|s| s.parent()) {
        if dir != Path::new("/") && !dirs.iter().any(|d| d == dir) {
            dirs.push(dir.to_path_buf());
        }
    }
    dirs
}
