//! The isolation layers `probe()` reports, from `docker info` and the configuration.

use bollard::models::SystemInfo;

use super::create::{SCRATCH, USER};
use super::{ContainerConfig, HOST_BUSYBOX};
use crate::probe::Layer;

/// The layers for a daemon described by `info`.
pub(crate) fn of(info: &SystemInfo, config: &ContainerConfig, image_present: bool) -> Vec<Layer> {
    let image = &config.default_image;
    let sec = info.security_options.clone().unwrap_or_default();
    let has = |name: &str| sec.iter().any(|s| s.contains(&format!("name={name}")));
    let flag = |v: Option<bool>, name: &str, on: &str, off: &str| {
        if v.unwrap_or(false) {
            Layer::on(name, on)
        } else {
            Layer::off(name, off)
        }
    };
    vec![
        Layer::on(
            "network-none",
            "network_mode=none unless the tool sets network",
        ),
        Layer::on("read-only-root", "readonly_rootfs"),
        Layer::on("cap-drop-all", "cap_drop=ALL"),
        Layer::on("no-new-privileges", "security_opt no-new-privileges"),
        Layer::on("non-root-user", format!("every process runs as {USER}")),
        Layer::on(
            "scratch-tmpfs",
            format!("{SCRATCH}: tmpfs size=scratch_bytes, noexec, only writable place"),
        ),
        flag(
            info.pids_limit,
            "pids-limit",
            "pids cgroup = max_processes",
            "daemon reports no pids cgroup",
        ),
        flag(
            info.memory_limit,
            "memory-limit",
            "memory cgroup = memory_bytes",
            "daemon reports no memory cgroup",
        ),
        flag(
            info.swap_limit,
            "swap-limit",
            "memory+swap = memory_bytes",
            "daemon reports no swap accounting: memory_swap is ignored",
        ),
        flag(
            info.cpu_cfs_quota,
            "cpu-quota",
            "CFS quota = cpu_percent of one core",
            "daemon reports no CFS quota",
        ),
        if has("seccomp") {
            Layer::on("seccomp", "Docker's default profile")
        } else {
            Layer::off("seccomp", "daemon reports no seccomp")
        },
        if has("apparmor") {
            Layer::on("apparmor", "docker-default profile")
        } else {
            Layer::off("apparmor", "AppArmor not enabled in the daemon")
        },
        if has("userns") {
            Layer::on("user-namespace", "userns-remap")
        } else {
            Layer::off(
                "user-namespace",
                "no userns-remap: container uids are host uids (tools run as 65534, no capabilities)",
            )
        },
        flag(
            info.memory_limit,
            "oom-detection",
            "oom_kill count of the container's memory cgroup, read after the tool ends",
            "no memory cgroup: no OOM kills to report",
        ),
        if config.warm_pool > 0 {
            Layer::on(
                "warm-pool",
                format!("{} idle containers per tool and limits", config.warm_pool),
            )
        } else {
            Layer::off("warm-pool", "warm_pool = 0: every call creates a container")
        },
        if image_present {
            Layer::on("default-image", format!("{image} present"))
        } else {
            Layer::off(
                "default-image",
                format!("{image} missing: `prepare` builds it from {HOST_BUSYBOX}"),
            )
        },
    ]
}
