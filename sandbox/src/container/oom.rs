//! Whether the kernel OOM-killed anything in a container's memory cgroup.
//!
//! Docker 20.10 sets `State.OOMKilled` only when the container's pid 1 dies of an OOM
//! kill; a tool run through `exec` that the OOM killer ends leaves it `false` (observed on
//! this machine, cgroup v1). The kernel's own per-cgroup counter (`oom_kill` in
//! `memory.oom_control` on v1, `memory.events` on v2) is exact, and since a container
//! serves one call only, any kill it counts belongs to that call.

use std::path::PathBuf;

/// The files that may hold the container's `oom_kill` counter, by cgroup layout.
fn candidates(id: &str) -> [PathBuf; 3] {
    [
        // cgroup v1, cgroupfs driver (Docker's default parent `/docker`).
        PathBuf::from(format!(
            "/sys/fs/cgroup/memory/docker/{id}/memory.oom_control"
        )),
        // cgroup v2, cgroupfs driver.
        PathBuf::from(format!("/sys/fs/cgroup/docker/{id}/memory.events")),
        // cgroup v2, systemd driver.
        PathBuf::from(format!(
            "/sys/fs/cgroup/system.slice/docker-{id}.scope/memory.events"
        )),
    ]
}

/// The `oom_kill` count of container `id`, or `None` when no cgroup file is readable
/// (remote daemon, another cgroup parent, or the container is already gone).
pub async fn kills(id: &str) -> Option<u64> {
    for path in candidates(id) {
        if let Ok(text) = tokio::fs::read_to_string(&path).await {
            return text.lines().find_map(|line| {
                let mut parts = line.split_whitespace();
                match (parts.next(), parts.next()) {
                    (Some("oom_kill"), Some(n)) => n.parse().ok(),
                    _ => None,
                }
            });
        }
    }
    None
}
