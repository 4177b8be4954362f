//! The container every call runs in: which settings make up a pool key, and the create
//! request that applies the isolation layers.

use std::collections::HashMap;

use bollard::models::{ContainerCreateBody, HostConfig, HostConfigLogConfig, ResourcesUlimits};

use crate::spec::Limits;

/// The only writable place in the container: a size-capped tmpfs, `HOME` and `TMPDIR`.
pub const SCRATCH: &str = "/scratch";
/// The unprivileged user every process in the container runs as (`nobody:nogroup`).
pub const USER: &str = "65534:65534";
/// The idle pid 1 of a warm container: the image must have `/bin/sleep` (busybox does).
pub const IDLE_COMMAND: [&str; 2] = ["/bin/sleep", "2147483647"];
/// CFS period used with `cpu_percent` (Docker's default, 100 ms).
const CPU_PERIOD_US: i64 = 100_000;

/// What a warm container is bound to: image and the limits that are fixed at creation.
/// Timeout and output cap are per call and are not part of the key.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    /// Image reference.
    pub image: String,
    /// cgroup memory limit = memory + swap limit.
    pub memory_bytes: u64,
    /// CPU quota in percent of one core.
    pub cpu_percent: u32,
    /// pids cgroup limit.
    pub max_processes: u32,
    /// tmpfs size.
    pub scratch_bytes: u64,
    /// Bridge network instead of none.
    pub network: bool,
}

impl Key {
    /// The key for `limits` in `image`.
    pub fn new(image: &str, limits: &Limits) -> Key {
        Key {
            image: image.to_owned(),
            memory_bytes: limits.memory_bytes,
            cpu_percent: limits.cpu_percent,
            max_processes: limits.max_processes,
            scratch_bytes: limits.scratch_bytes,
            network: limits.network,
        }
    }
}

fn clamp(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// The create request for a warm container under `key`, labelled for `node` and `tool`.
pub fn body(key: &Key, node: &str, tool: &str) -> ContainerCreateBody {
    let labels = HashMap::from([
        ("lango.managed".to_owned(), "1".to_owned()),
        ("lango.node".to_owned(), node.to_owned()),
        ("lango.tool".to_owned(), tool.to_owned()),
    ]);
    // The tmpfs is charged to the container's memory cgroup too, so a full scratch counts
    // against `memory_bytes` as well as against its own size cap.
    let tmpfs = HashMap::from([(
        SCRATCH.to_owned(),
        format!(
            "rw,nosuid,nodev,noexec,size={},mode=0700,uid=65534,gid=65534",
            key.scratch_bytes.max(4096)
        ),
    )]);
    let memory = clamp(key.memory_bytes.max(6 * 1024 * 1024));
    let quota = i64::from(key.cpu_percent.max(1)) * CPU_PERIOD_US / 100;
    let host = HostConfig {
        network_mode: Some(if key.network { "bridge" } else { "none" }.to_owned()),
        readonly_rootfs: Some(true),
        cap_drop: Some(vec!["ALL".to_owned()]),
        security_opt: Some(vec!["no-new-privileges:true".to_owned()]),
        privileged: Some(false),
        pids_limit: Some(i64::from(key.max_processes.max(2))),
        memory: Some(memory),
        memory_swap: Some(memory),
        memory_swappiness: Some(0),
        oom_kill_disable: Some(false),
        cpu_period: Some(CPU_PERIOD_US),
        cpu_quota: Some(quota.max(1000)),
        tmpfs: Some(tmpfs),
        ipc_mode: Some("none".to_owned()),
        log_config: Some(HostConfigLogConfig {
            typ: Some("none".to_owned()),
            config: None,
        }),
        ulimits: Some(vec![ResourcesUlimits {
            name: Some("nofile".to_owned()),
            soft: Some(256),
            hard: Some(256),
        }]),
        ..Default::default()
    };
    ContainerCreateBody {
        image: Some(key.image.clone()),
        cmd: Some(IDLE_COMMAND.iter().map(|s| (*s).to_owned()).collect()),
        entrypoint: Some(Vec::new()),
        user: Some(USER.to_owned()),
        working_dir: Some(SCRATCH.to_owned()),
        env: Some(vec![format!("HOME={SCRATCH}"), format!("TMPDIR={SCRATCH}")]),
        labels: Some(labels),
        network_disabled: Some(!key.network),
        attach_stdin: Some(false),
        attach_stdout: Some(false),
        attach_stderr: Some(false),
        tty: Some(false),
        open_stdin: Some(false),
        host_config: Some(host),
        ..Default::default()
    }
}
