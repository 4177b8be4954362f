//! The container every call runs in: which settings make up a pool key, and the create
//! request that applies the isolation layers.
//!
//! The container's main process is a gate, a `/bin/sh -c` script with the tool's argv: it
//! idles until the call writes its go line (a fresh random token) to stdin, then runs
//! the tool, which reads the rest of stdin (the input). When the tool ends, the gate (the
//! container's pid 1) SIGKILLs every other process of the container, reads the cgroup's
//! `oom_kill` count, and writes `<token> <exit status> <oom kills>` to stdout and
//! `<token>` to stderr: the call's end, without waiting for Docker's exit processing.

use std::collections::HashMap;

use bollard::models::{ContainerCreateBody, HostConfig, HostConfigLogConfig, ResourcesUlimits};

use crate::spec::ToolSpec;

/// The only writable place in the container: a size-capped tmpfs, `HOME` and `TMPDIR`.
pub const SCRATCH: &str = "/scratch";
/// The unprivileged user every process in the container runs as (`nobody:nogroup`).
pub const USER: &str = "65534:65534";
/// The shell of the gate that idles until the call starts: the image must have a POSIX
/// `/bin/sh` whose `read` takes its line byte by byte (busybox ash, dash, bash do), so
/// the input after the go line stays unread for the tool.
pub const GATE_SHELL: &str = "/bin/sh";
/// Variables a shell adds on its own; the gate unsets those the tool did not declare.
const SHELL_VARS: [&str; 3] = ["SHLVL", "PWD", "OLDPWD"];

/// The gate's script after the `unset` of the shell's own variables: run the tool (the
/// argv follows as `Cmd`), kill what it left, report. Its variables are not exported, so
/// the tool's environment holds none of them. `kill -9 -1` from pid 1 reaches every
/// other process of the container's pid namespace, and a fork racing with it fails.
const GATE_RUN: &str = r#""$@"; lango_st=$?; kill -9 -1 2>/dev/null; lango_oom=0
for lango_f in /sys/fs/cgroup/memory.events /sys/fs/cgroup/memory/memory.oom_control; do
 [ -r "$lango_f" ] || continue
 while read -r lango_k lango_v; do [ "$lango_k" = oom_kill ] && lango_oom=$lango_v; done < "$lango_f"
done
printf '%s %s %s\n' "$lango_end" "$lango_st" "$lango_oom"; printf '%s\n' "$lango_end" >&2
exit "$lango_st""#;

/// The gate's entrypoint for `key`: wait for the go line (the call's end token), read
/// the secret values (one line each: the secret variables in order, then the secret
/// arguments), drop the shell's own variables, run the tool and report its end (see the
/// module docs). The script names the secret variables and argument positions, never a
/// value; the values come over the attached stdin, so neither the container's config
/// nor `docker inspect` holds them.
pub fn gate(key: &Key) -> Vec<String> {
    let declared = |name: &str| {
        key.env.iter().any(|e| e.split('=').next() == Some(name))
            || key.secret_env.iter().any(|v| v == name)
    };
    let unset: Vec<&str> = SHELL_VARS.into_iter().filter(|v| !declared(v)).collect();
    let unset = if unset.is_empty() {
        String::new()
    } else {
        format!("unset {}; ", unset.join(" "))
    };
    let mut secrets = String::new();
    for name in &key.secret_env {
        // Names are checked at config load: `[A-Za-z_][A-Za-z0-9_]*`.
        secrets.push_str(&format!(
            "IFS= read -r lango_v || exit 125; export {name}=\"$lango_v\"; "
        ));
    }
    if !key.secret_args.is_empty() {
        let positions: Vec<String> = key.secret_args.iter().map(ToString::to_string).collect();
        secrets.push_str(&format!(
            "lango_i=0; lango_n=$#; while [ \"$lango_i\" -lt \"$lango_n\" ]; do \
             lango_a=$1; shift; case \" {} \" in *\" $lango_i \"*) IFS= read -r lango_a || exit 125;; esac; \
             set -- \"$@\" \"$lango_a\"; lango_i=$((lango_i+1)); done; ",
            positions.join(" ")
        ));
    }
    if !secrets.is_empty() {
        secrets.push_str("unset lango_v lango_a lango_i lango_n; ");
    }
    vec![
        GATE_SHELL.to_owned(),
        "-c".to_owned(),
        format!("IFS= read -r lango_end || exit 125; {secrets}{unset}{GATE_RUN}"),
        "lango-gate".to_owned(),
    ]
}

/// The lines the call writes after the go line: the secret variables' values in
/// `key.secret_env` order, then the secret arguments in `key.secret_args` order. A value
/// with a newline or NUL cannot travel as a line: refused.
pub fn secret_lines(spec: &ToolSpec, key: &Key) -> Result<zeroize::Zeroizing<Vec<u8>>, String> {
    // The gate's script names these variables: only shell names, and none of the gate's
    // own (`lango_*`) or one that changes how it reads (`IFS`).
    for name in &key.secret_env {
        let shell_name = name
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !shell_name || name.starts_with("lango_") || name == "IFS" {
            return Err(format!(
                "variable {name:?} cannot carry a secret into a container (a shell name, not \
                 IFS or lango_*)"
            ));
        }
    }
    let mut out = zeroize::Zeroizing::new(Vec::new());
    let values = key
        .secret_env
        .iter()
        .map(|n| {
            (
                n.clone(),
                spec.env.get(n).map(String::as_str).unwrap_or_default(),
            )
        })
        .chain(key.secret_args.iter().map(|i| {
            (
                format!("argument {i}"),
                spec.command.get(*i).map(String::as_str).unwrap_or_default(),
            )
        }));
    for (what, v) in values {
        if v.contains(['\n', '\0']) {
            return Err(format!(
                "the secret in {what} holds a newline or NUL byte, which a container tool cannot be given"
            ));
        }
        out.extend_from_slice(v.as_bytes());
        out.push(b'\n');
    }
    Ok(out)
}
/// CFS period used with `cpu_percent` (Docker's default, 100 ms).
const CPU_PERIOD_US: i64 = 100_000;

/// What a warm container is bound to: the tool, its command and environment, the image
/// and the limits fixed at creation. Timeout and output cap are per call.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    /// Tool name (the `lango.tool` label).
    pub tool: String,
    /// argv in the image.
    pub command: Vec<String>,
    /// `NAME=value`: the declared variables that hold no secret, then `HOME` and
    /// `TMPDIR` = scratch.
    pub env: Vec<String>,
    /// Variables whose values (secrets) the gate reads from stdin.
    pub secret_env: Vec<String>,
    /// Positions in `command` whose values (secrets) the gate reads from stdin (the
    /// command holds an empty string there).
    pub secret_args: Vec<usize>,
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
    /// The key for `spec` run in `image`.
    pub fn new(spec: &ToolSpec, image: &str) -> Key {
        let limits = &spec.limits;
        let secret = |k: &String| spec.secrets.env.contains(k);
        let mut env: Vec<String> = spec
            .env
            .iter()
            .filter(|(k, _)| k.as_str() != "HOME" && k.as_str() != "TMPDIR" && !secret(k))
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        env.push(format!("HOME={SCRATCH}"));
        env.push(format!("TMPDIR={SCRATCH}"));
        let mut secret_env: Vec<String> = spec
            .secrets
            .env
            .iter()
            .filter(|k| spec.env.contains_key(*k) && k.as_str() != "HOME" && k.as_str() != "TMPDIR")
            .cloned()
            .collect();
        secret_env.sort();
        secret_env.dedup();
        let mut secret_args: Vec<usize> = spec
            .secrets
            .args
            .iter()
            .copied()
            .filter(|i| *i < spec.command.len())
            .collect();
        secret_args.sort_unstable();
        secret_args.dedup();
        let command = spec
            .command
            .iter()
            .enumerate()
            .map(|(i, a)| {
                if secret_args.contains(&i) {
                    String::new()
                } else {
                    a.clone()
                }
            })
            .collect();
        Key {
            tool: spec.name.clone(),
            command,
            env,
            secret_env,
            secret_args,
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

/// The create request for a warm container under `key`, labelled for `node` and the
/// owning process `owner` (see `owner.rs`).
pub fn body(key: &Key, node: &str, owner: &str) -> ContainerCreateBody {
    let labels = HashMap::from([
        ("lango.managed".to_owned(), "1".to_owned()),
        ("lango.node".to_owned(), node.to_owned()),
        ("lango.tool".to_owned(), key.tool.clone()),
        (super::owner::LABEL.to_owned(), owner.to_owned()),
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
        entrypoint: Some(gate(key)),
        cmd: Some(key.command.clone()),
        user: Some(USER.to_owned()),
        working_dir: Some(SCRATCH.to_owned()),
        env: Some(key.env.clone()),
        labels: Some(labels),
        network_disabled: Some(!key.network),
        attach_stdin: Some(true),
        attach_stdout: Some(true),
        attach_stderr: Some(true),
        tty: Some(false),
        open_stdin: Some(true),
        stdin_once: Some(true),
        host_config: Some(host),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{Kind, Limits, SecretParts};

    fn spec() -> ToolSpec {
        ToolSpec {
            name: "t".into(),
            kind: Kind::Container,
            secrets: SecretParts {
                env: vec!["TOK".into()],
                args: vec![2],
            },
            command: vec!["sh".into(), "-c".into(), "s3cr3t-arg".into()],
            module: None,
            image: None,
            env: [
                ("TOK".into(), "s3cr3t-env".into()),
                ("A".into(), "b".into()),
            ]
            .into(),
            limits: Limits::default(),
        }
    }

    #[test]
    fn secret_values_stay_out_of_the_create_request_and_travel_as_stdin_lines() {
        let s = spec();
        let key = Key::new(&s, "img");
        let body = format!("{:?}", self::body(&key, "node", "owner"));
        assert!(!body.contains("s3cr3t"), "{body}");
        assert!(body.contains("A=b"));
        assert_eq!(key.secret_env, ["TOK"]);
        assert_eq!(key.secret_args, [2]);
        assert_eq!(key.command, ["sh", "-c", ""]);
        let lines = secret_lines(&s, &key).unwrap();
        assert_eq!(lines.as_slice(), b"s3cr3t-env\ns3cr3t-arg\n");
        // A value that cannot be one line is refused, not cut.
        let mut bad = spec();
        bad.env.insert("TOK".into(), "two\nlines".into());
        assert!(secret_lines(&bad, &Key::new(&bad, "img"))
            .unwrap_err()
            .contains("TOK"));
        // A name the gate uses itself, or IFS, cannot carry a secret.
        for name in ["lango_end", "IFS", "A-B"] {
            let mut s = spec();
            s.env.insert(name.into(), "v".into());
            s.secrets.env = vec![name.into()];
            assert!(secret_lines(&s, &Key::new(&s, "img")).is_err(), "{name}");
        }
    }
}
