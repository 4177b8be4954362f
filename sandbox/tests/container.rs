//! The container back end against the real Docker daemon of this machine.
//!
//! Each test uses its own node id, so its containers carry their own `lango.node` label;
//! every test ends by checking that none is left. The default image is built once if
//! missing (it needs `/bin/busybox` from Debian's `busybox-static`,
//! `scripts/backends/docker-image.sh`).

mod common;

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use bollard::query_parameters::{ListContainersOptionsBuilder, RemoveContainerOptionsBuilder};
use bollard::Docker;
use lango_sandbox::container::{Container, ContainerConfig, DEFAULT_IMAGE};
use lango_sandbox::{Kind, Limits, Sandbox, SandboxError, Termination, ToolSpec};

static IMAGE: Mutex<bool> = Mutex::new(false);

fn docker() -> Docker {
    Docker::connect_with_unix("/var/run/docker.sock", 60, bollard::API_DEFAULT_VERSION)
        .expect("docker socket")
}

/// Builds the default image once per test binary, on its own thread and runtime.
fn ensure_image() {
    let mut done = IMAGE.lock().unwrap_or_else(|e| e.into_inner());
    if *done {
        return;
    }
    std::thread::spawn(|| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let sb = Container::new(ContainerConfig {
                node_id: "test-image-builder".into(),
                warm_pool: 0,
                ..ContainerConfig::default()
            })
            .unwrap();
            if !sb.image_exists(DEFAULT_IMAGE).await.unwrap() {
                sb.build_default_image().await.unwrap();
            }
        });
    })
    .join()
    .unwrap();
    *done = true;
}

fn node(test: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("test-{test}-{}-{nanos}", std::process::id())
}

/// Removes every container of `node` when dropped, also when a test fails half-way.
struct Cleanup(String);

impl Drop for Cleanup {
    fn drop(&mut self) {
        let node = self.0.clone();
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                let opts = RemoveContainerOptionsBuilder::default().force(true).build();
                for id in containers_of(&node).await {
                    let _ = docker().remove_container(&id, Some(opts.clone())).await;
                }
            });
        })
        .join();
    }
}

fn sandbox(test: &str, warm_pool: usize) -> (Container, Cleanup) {
    ensure_image();
    let node = node(test);
    let sb = Container::new(ContainerConfig {
        node_id: node.clone(),
        warm_pool,
        ..ContainerConfig::default()
    })
    .unwrap();
    (sb, Cleanup(node))
}

fn limits() -> Limits {
    Limits {
        timeout: Duration::from_secs(20),
        ..Limits::default()
    }
}

fn spec(name: &str, command: &[&str]) -> ToolSpec {
    ToolSpec {
        name: name.into(),
        kind: Kind::Container,
        secrets: Default::default(),
        command: command.iter().map(|s| s.to_string()).collect(),
        module: None,
        image: None,
        env: BTreeMap::new(),
        limits: limits(),
    }
}

fn sh(name: &str, script: &str) -> ToolSpec {
    spec(name, &["sh", "-c", script])
}

async fn containers_of(node: &str) -> Vec<String> {
    let filters = HashMap::from([("label", vec![format!("lango.node={node}")])]);
    let opts = ListContainersOptionsBuilder::default()
        .all(true)
        .filters(&filters)
        .build();
    docker()
        .list_containers(Some(opts))
        .await
        .unwrap()
        .into_iter()
        .filter_map(|c| c.id)
        .collect()
}

/// Waits (generously) until `cond` holds.
async fn eventually<F, Fut>(what: &str, mut cond: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let end = Instant::now() + Duration::from_secs(30);
    while Instant::now() < end {
        if cond().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for: {what}");
}

/// Drains the pool and checks that no container of this test's node is left.
async fn finish(sb: Container) {
    let node = sb.config().node_id.clone();
    sb.shutdown().await;
    drop(sb);
    eventually("no container left behind", || {
        let node = node.clone();
        async move { containers_of(&node).await.is_empty() }
    })
    .await;
}

async fn gone(id: &str) -> bool {
    matches!(
        docker().inspect_container(id, None).await,
        Err(bollard::errors::Error::DockerResponseServerError {
            status_code: 404,
            ..
        })
    )
}

/// Whether a process on this machine has `needle` as an argument (a unique number).
fn host_process_with_arg(needle: &str) -> bool {
    !common::pids_with_arg(needle).is_empty()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[tokio::test]
async fn echo_round_trips_json() {
    let (sb, _cleanup) = sandbox("echo", 1);
    let echo = spec("echo", &["cat"]);
    sb.prepare(&echo).await.unwrap();
    let input = br#"{"hello":"world","n":[1,2,3]}"#.to_vec();
    let out = sb.run(&echo, input.clone()).await.unwrap();
    assert!(out.success(), "{out:?}");
    assert_eq!(out.stdout, input);
    assert!(out.stderr.is_empty());
    assert!(!out.truncated);
    finish(sb).await;
}

#[tokio::test]
async fn one_mebibyte_round_trips() {
    let (sb, _cleanup) = sandbox("mib", 1);
    let mut echo = spec("echo", &["cat"]);
    echo.limits.output_bytes = 2 * 1024 * 1024;
    let input: Vec<u8> = (0..1024 * 1024u32)
        .map(|i| (i * 7 + i / 251) as u8)
        .collect();
    let out = sb.run(&echo, input.clone()).await.unwrap();
    assert!(out.success(), "{:?}", out.termination);
    assert_eq!(out.stdout.len(), input.len());
    assert!(out.stdout == input, "1 MiB came back altered");
    finish(sb).await;
}

#[tokio::test]
async fn exit_code_is_faithful() {
    let (sb, _cleanup) = sandbox("exit", 0);
    let out = sb
        .run(&sh("exit7", "echo out; echo err >&2; exit 7"), Vec::new())
        .await
        .unwrap();
    assert_eq!(out.termination, Termination::Exited);
    assert_eq!(out.exit_code, Some(7));
    assert_eq!(out.signal, None);
    assert_eq!(text(&out.stdout), "out\n");
    assert_eq!(text(&out.stderr), "err\n");
    finish(sb).await;
}

#[tokio::test]
async fn output_over_cap_is_cut_and_flagged() {
    let (sb, _cleanup) = sandbox("cap", 1);
    let mut spam = spec("spam", &["yes", "lango"]);
    spam.limits.output_bytes = 10_000;
    let out = sb.run(&spam, Vec::new()).await.unwrap();
    assert_eq!(out.termination, Termination::OutputLimit);
    assert!(out.truncated);
    assert_eq!(out.stdout.len() + out.stderr.len(), 10_000);
    assert!(text(&out.stdout).starts_with("lango\nlango\n"));
    finish(sb).await;
}

#[tokio::test]
async fn timeout_kills_the_whole_tree() {
    let (sb, _cleanup) = sandbox("timeout", 1);
    let mut slow = sh(
        "slow",
        "sleep 987651 & sleep 987651 & (sleep 987651 &) ; echo started; sleep 987651",
    );
    slow.limits.timeout = Duration::from_secs(1);
    let t = Instant::now();
    let out = sb.run(&slow, Vec::new()).await.unwrap();
    assert!(
        t.elapsed() < Duration::from_secs(20),
        "took {:?}",
        t.elapsed()
    );
    assert_eq!(out.termination, Termination::TimedOut);
    assert_eq!(out.signal, Some(9));
    assert_eq!(text(&out.stdout), "started\n");
    // Every container this node made is removed (inspect: 404) and no sleep survives.
    let node = sb.config().node_id.clone();
    sb.shutdown().await;
    eventually("container removed and sleeps dead", || {
        let node = node.clone();
        async move { containers_of(&node).await.is_empty() && !host_process_with_arg("987651") }
    })
    .await;
    finish(sb).await;
}

/// The gate reports the tool's end itself, so the call does not wait for Docker's exit
/// processing; by then everything the tool left behind is dead or dying (the gate
/// SIGKILLs the rest first), and nothing of it is runnable when the answer arrives. A
/// line that looks like the gate's end marker but lacks this call's token is output
/// like any other and does not end the call.
#[tokio::test]
async fn leftovers_are_killed_and_a_forged_end_marker_is_output() {
    let (sb, _cleanup) = sandbox("leftover", 1);
    let fake = "lango-end-00000000000000000000000000000000 0 0";
    let script = format!(
        "sleep 987654 >/dev/null 2>&1 & sleep 987654 >/dev/null 2>&1 & \
         echo '{fake}'; echo '{fake}' >&2; sleep 1; echo after; exit 3"
    );
    let out = sb.run(&sh("leftover", &script), Vec::new()).await.unwrap();
    let runnable: Vec<u32> = common::pids_with_arg("987654")
        .into_iter()
        .filter(|p| common::can_run(*p))
        .collect();
    assert_eq!(
        runnable,
        Vec::<u32>::new(),
        "leftovers could still run after the answer"
    );
    assert_eq!(out.termination, Termination::Exited, "{out:?}");
    assert_eq!(out.exit_code, Some(3));
    assert_eq!(text(&out.stdout), format!("{fake}\nafter\n"));
    assert_eq!(text(&out.stderr), format!("{fake}\n"));
    let node = sb.config().node_id.clone();
    sb.shutdown().await;
    eventually("container removed and sleeps gone", || {
        let node = node.clone();
        async move { containers_of(&node).await.is_empty() && !host_process_with_arg("987654") }
    })
    .await;
    finish(sb).await;
}

#[tokio::test]
async fn dropping_the_call_kills_the_tool() {
    let (sb, _cleanup) = sandbox("drop", 0);
    let slow = sh("slow", "echo started; sleep 987652");
    let call = sb.run(&slow, Vec::new());
    let r = tokio::time::timeout(Duration::from_secs(3), call).await;
    assert!(r.is_err(), "the call should still be running");
    assert!(
        host_process_with_arg("987652"),
        "the tool should have been running"
    );
    let node = sb.config().node_id.clone();
    eventually("dropped call's container removed", || {
        let node = node.clone();
        async move { containers_of(&node).await.is_empty() && !host_process_with_arg("987652") }
    })
    .await;
    finish(sb).await;
}

#[tokio::test]
async fn process_cap_holds_and_fork_bomb_ends() {
    let (sb, _cleanup) = sandbox("pids", 0);
    // Try to start 100 background processes under a cap of 24, then count what exists.
    // The loop runs in a subshell (busybox sh gives up at the first failed fork); the
    // count is a builtin glob, which needs no fork.
    let mut many = sh(
        "many",
        "( i=0; while [ $i -lt 100 ]; do sleep 600 </dev/null >/dev/null 2>&1 & i=$((i+1)); done ); \
         set -- /proc/[0-9]*; echo $#",
    );
    many.limits.max_processes = 24;
    let out = sb.run(&many, Vec::new()).await.unwrap();
    let count: u32 = text(&out.stdout).trim().parse().unwrap_or(u32::MAX);
    assert!(count <= 24, "{count} processes under a cap of 24: {out:?}");
    assert!(count >= 16, "the loop should have filled the cap: {count}");
    assert!(
        text(&out.stderr).contains("fork") || text(&out.stderr).contains("Resource"),
        "expected fork failures, stderr: {}",
        text(&out.stderr)
    );

    let mut bomb = sh("bomb", "f(){ f | f & }; f; sleep 5; echo survived");
    bomb.limits.max_processes = 32;
    bomb.limits.timeout = Duration::from_secs(4);
    let t = Instant::now();
    let out = sb.run(&bomb, Vec::new()).await.unwrap();
    assert!(
        t.elapsed() < Duration::from_secs(30),
        "took {:?}",
        t.elapsed()
    );
    assert!(
        matches!(out.termination, Termination::TimedOut | Termination::Exited),
        "{out:?}"
    );
    finish(sb).await;
}

#[tokio::test]
async fn memory_bomb_is_out_of_memory() {
    let (sb, _cleanup) = sandbox("oom", 0);
    let mut hog = sh(
        "hog",
        "x=$(head -c 300000000 /dev/zero | tr '\\0' a); echo ${#x}",
    );
    hog.limits.memory_bytes = 32 * 1024 * 1024;
    let out = sb.run(&hog, Vec::new()).await.unwrap();
    assert_eq!(out.termination, Termination::OutOfMemory, "{out:?}");
    assert_eq!(out.exit_code, None);
    assert_eq!(out.signal, Some(9));

    // A child of the tool is OOM-killed and the tool goes on and exits 0: still OOM (the
    // container's state says so), with the tool's own exit code kept.
    let mut child = sh("child-hog", "tail /dev/zero; echo survived");
    child.limits.memory_bytes = 32 * 1024 * 1024;
    let out = sb.run(&child, Vec::new()).await.unwrap();
    assert_eq!(out.termination, Termination::OutOfMemory, "{out:?}");
    assert_eq!(out.exit_code, Some(0));
    assert_eq!(text(&out.stdout), "survived\n");
    finish(sb).await;
}

#[tokio::test]
async fn there_is_no_network() {
    let (sb, _cleanup) = sandbox("net", 0);
    // A listener on the host's loopback: reachable from the host, not from the tool.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let script = format!(
        "cat /proc/net/dev | tail -n +3 | cut -d: -f1 | tr -d ' '; echo routes:; tail -n +2 /proc/net/route; \
         echo x | nc -w 3 127.0.0.1 {port} && echo CONNECTED || echo REFUSED"
    );
    let out = sb.run(&sh("net", &script), Vec::new()).await.unwrap();
    let stdout = text(&out.stdout);
    let mut lines = stdout.lines();
    assert_eq!(lines.next(), Some("lo"), "{stdout}");
    assert_eq!(
        lines.next(),
        Some("routes:"),
        "only lo, then no route: {stdout}"
    );
    assert_eq!(lines.next(), Some("REFUSED"), "{stdout}");
    assert!(
        listener.accept().is_err(),
        "the host listener got a connection"
    );
    finish(sb).await;
}

#[tokio::test]
async fn container_escape_basics_are_refused() {
    let (sb, _cleanup) = sandbox("escape", 1);
    let script =
        "grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp):' /proc/self/status; \
        for s in /var/run/docker.sock /run/docker.sock; do [ -e $s ] && echo SOCK=$s; done; \
        touch /evil || echo ROOT=refused; \
        echo x > /bin/evil || echo BIN=refused; \
        echo hi > /scratch/ok && cat /scratch/ok; \
        echo id=$(id -u):$(id -g); \
        cp /bin/busybox /scratch/bb && /scratch/bb true || echo EXEC=refused";
    let out = sb.run(&sh("escape", script), Vec::new()).await.unwrap();
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    for cap in ["CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"] {
        assert!(
            stdout.contains(&format!("{cap}:\t0000000000000000")),
            "{cap} not empty: {stdout}"
        );
    }
    assert!(stdout.contains("NoNewPrivs:\t1"), "{stdout}");
    assert!(
        stdout.contains("Seccomp:\t2"),
        "no seccomp filter: {stdout}"
    );
    assert!(!stdout.contains("SOCK="), "docker socket inside: {stdout}");
    assert!(stdout.contains("ROOT=refused") && stdout.contains("BIN=refused"));
    assert!(
        stderr.matches("Read-only file system").count() >= 2,
        "writes to / and /bin must fail with EROFS: {stderr}"
    );
    assert!(
        stdout.contains("\nhi\n"),
        "scratch must be writable: {stdout}"
    );
    assert!(stdout.contains("id=65534:65534"), "{stdout}");
    assert!(
        stdout.contains("EXEC=refused") && stderr.contains("Permission denied"),
        "scratch is noexec: {stdout} {stderr}"
    );
    finish(sb).await;
}

#[tokio::test]
async fn environment_is_only_declared_plus_home_tmpdir() {
    let (sb, _cleanup) = sandbox("env", 1);
    // `env` itself, not a shell: a shell adds PWD/SHLVL of its own.
    let mut env = spec("env", &["env"]);
    env.env.insert("API_TOKEN".into(), "s3cret".into());
    env.env.insert("HOME".into(), "/root".into());
    let out = sb.run(&env, Vec::new()).await.unwrap();
    let stdout = text(&out.stdout);
    let vars: BTreeMap<&str, &str> = stdout.lines().filter_map(|l| l.split_once('=')).collect();
    let keys: Vec<&str> = vars.keys().copied().collect();
    // PATH and HOSTNAME are added by Docker itself (documented in docs/sandbox-container.md).
    assert_eq!(
        keys,
        ["API_TOKEN", "HOME", "HOSTNAME", "PATH", "TMPDIR"],
        "{stdout}"
    );
    assert_eq!(vars["API_TOKEN"], "s3cret");
    assert_eq!(vars["HOME"], "/scratch", "HOME must be scratch");
    assert_eq!(vars["TMPDIR"], "/scratch");
    finish(sb).await;
}

#[tokio::test]
async fn two_calls_do_not_share_scratch() {
    let (sb, _cleanup) = sandbox("scratch", 1);
    let tool = sh(
        "writer",
        "ls -A /scratch; echo host=$HOSTNAME; echo secret > /scratch/left-behind",
    );
    let first = sb.run(&tool, Vec::new()).await.unwrap();
    let second = sb.run(&tool, Vec::new()).await.unwrap();
    assert!(first.success() && second.success());
    let (a, b) = (text(&first.stdout), text(&second.stdout));
    assert!(
        a.starts_with("host="),
        "scratch not empty at first call: {a}"
    );
    assert!(b.starts_with("host="), "second call saw a file: {b}");
    assert_ne!(a, b, "both calls ran in the same container");
    finish(sb).await;
}

#[tokio::test]
async fn unreachable_docker_is_unavailable() {
    let sb = Container::new(ContainerConfig {
        docker_host: Some("/nonexistent/docker.sock".into()),
        node_id: node("unreachable"),
        ..ContainerConfig::default()
    })
    .expect("construction must not need Docker");
    let err = sb
        .run(&spec("echo", &["cat"]), b"{}".to_vec())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            SandboxError::Unavailable {
                kind: "container",
                ..
            }
        ),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(
        !msg.contains('\n') && msg.contains("/nonexistent/docker.sock"),
        "{msg}"
    );
    let probe = sb.probe().await;
    assert!(!probe.available);
    assert!(probe.detail.contains("unavailable"), "{}", probe.detail);
    assert!(sb.prepare(&spec("echo", &["cat"])).await.is_err());

    // A socket file with nobody listening (Docker stopped): the same, one line.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docker.sock");
    drop(std::os::unix::net::UnixListener::bind(&path).unwrap());
    let sb = Container::new(ContainerConfig {
        docker_host: Some(format!("unix://{}", path.display())),
        node_id: node("refused"),
        ..ContainerConfig::default()
    })
    .unwrap();
    let err = sb
        .run(&spec("echo", &["cat"]), b"{}".to_vec())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            SandboxError::Unavailable {
                kind: "container",
                ..
            }
        ),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(
        !msg.contains('\n') && msg.contains("Connection refused") && msg.contains("docker.sock"),
        "{msg}"
    );
    assert!(!sb.probe().await.available);
}

/// Starts a container labelled like ours, for `node` and `owner`, outside the back end.
async fn labelled_container(node: &str, owner: Option<&str>) -> String {
    let d = docker();
    let mut labels = HashMap::from([
        ("lango.managed".to_owned(), "1".to_owned()),
        ("lango.node".to_owned(), node.to_owned()),
        ("lango.tool".to_owned(), "stale".to_owned()),
    ]);
    if let Some(o) = owner {
        labels.insert("lango.owner".into(), o.into());
    }
    let body = bollard::models::ContainerCreateBody {
        image: Some(DEFAULT_IMAGE.into()),
        cmd: Some(vec!["/bin/sleep".into(), "600".into()]),
        labels: Some(labels),
        host_config: Some(bollard::models::HostConfig {
            network_mode: Some("none".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let id = d.create_container(None, body).await.unwrap().id;
    d.start_container(&id, None).await.unwrap();
    id
}

/// `pid:starttime` of a live process (pid 1), as the back end labels its owner.
fn live_owner() -> String {
    let stat = std::fs::read_to_string("/proc/1/stat").unwrap();
    let after = stat.rsplit_once(')').unwrap().1;
    format!("1:{}", after.split_whitespace().nth(19).unwrap())
}

#[tokio::test]
async fn stale_containers_are_removed() {
    ensure_image();
    let me = node("stale");
    let other = format!("{me}-other");
    let _cleanup = (Cleanup(me.clone()), Cleanup(other.clone()));
    let stale = labelled_container(&me, None).await;
    let dead_owner = labelled_container(&me, Some("1:0")).await;
    let live = labelled_container(&me, Some(&live_owner())).await;
    let not_mine = labelled_container(&other, None).await;
    // At start: the first use of a back end for this node removes its leftovers.
    let sb = Container::new(ContainerConfig {
        node_id: me.clone(),
        warm_pool: 1,
        ..ContainerConfig::default()
    })
    .unwrap();
    assert!(sb.probe().await.available);
    assert!(gone(&stale).await, "stale container survived the start");
    assert!(gone(&dead_owner).await, "a dead owner's container survived");
    assert!(!gone(&live).await, "a live process's container was removed");
    assert!(
        !gone(&not_mine).await,
        "another node's container was removed"
    );
    // On demand: leftovers go, this back end's own warm containers stay.
    let echo = spec("echo", &["cat"]);
    sb.prepare(&echo).await.unwrap();
    let again = labelled_container(&me, None).await;
    assert_eq!(sb.cleanup_stale().await.unwrap(), 1);
    assert!(gone(&again).await);
    assert!(!gone(&live).await && !gone(&not_mine).await);
    assert_eq!(sb.warm_idle(), 1);
    let out = sb.run(&echo, b"ok".to_vec()).await.unwrap();
    assert_eq!(
        out.stdout, b"ok",
        "the warm container must have survived cleanup"
    );
    let opts = RemoveContainerOptionsBuilder::default().force(true).build();
    for id in [&live, &not_mine] {
        docker()
            .remove_container(id, Some(opts.clone()))
            .await
            .unwrap();
    }
    finish(sb).await;
}

#[tokio::test]
async fn probe_reports_layers_and_pool_fills() {
    let (sb, _cleanup) = sandbox("probe", 2);
    let probe = sb.probe().await;
    assert!(probe.available, "{}", probe.detail);
    let layer = |n: &str| {
        probe
            .layers
            .iter()
            .find(|l| l.name == n)
            .unwrap_or_else(|| panic!("no layer {n}"))
            .clone()
    };
    for n in [
        "network-none",
        "read-only-root",
        "cap-drop-all",
        "no-new-privileges",
        "non-root-user",
        "scratch-tmpfs",
        "pids-limit",
        "memory-limit",
        "cpu-quota",
        "seccomp",
        "oom-detection",
        "warm-pool",
        "default-image",
    ] {
        assert!(layer(n).active, "{n}: {}", layer(n).detail);
    }
    let echo = spec("echo", &["cat"]);
    sb.prepare(&echo).await.unwrap();
    assert_eq!(sb.warm_idle(), 2);
    let out = sb.run(&echo, b"1".to_vec()).await.unwrap();
    assert_eq!(out.stdout, b"1");
    eventually("pool refilled", || async { sb.warm_idle() == 2 }).await;
    finish(sb).await;
}

/// Call latency through the warm pool against a cold `docker run --rm` of the same image.
/// `cargo test -p lango-sandbox --test container -- --ignored --nocapture bench`
#[tokio::test]
#[ignore = "benchmark"]
async fn bench_warm_call_vs_cold_docker_run() {
    let (sb, _cleanup) = sandbox("bench", 2);
    let echo = spec("echo", &["cat"]);
    sb.prepare(&echo).await.unwrap();
    let n = 20;
    let mut warm = Vec::new();
    let node = sb.config().node_id.clone();
    for _ in 0..n {
        // Steady state: the previous call's container removed, the pool full again.
        eventually("pool refilled, used container removed", || {
            let node = node.clone();
            let idle = sb.warm_idle();
            async move { idle == 2 && containers_of(&node).await.len() == 2 }
        })
        .await;
        let t = Instant::now();
        let out = sb.run(&echo, b"{}".to_vec()).await.unwrap();
        warm.push(t.elapsed());
        assert_eq!(out.stdout, b"{}");
    }
    let mut cold = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let st = std::process::Command::new("docker")
            .args([
                "run",
                "--rm",
                "-i",
                "--network",
                "none",
                DEFAULT_IMAGE,
                "cat",
            ])
            .stdin(std::process::Stdio::null())
            .status()
            .unwrap();
        cold.push(t.elapsed());
        assert!(st.success());
    }
    warm.sort();
    cold.sort();
    let warm_med = warm[warm.len() / 2];
    let cold_med = cold[cold.len() / 2];
    println!(
        "warm call median {warm_med:?} (min {:?}, max {:?}); cold docker run --rm median {cold_med:?}; ratio {:.3}",
        warm[0],
        warm[warm.len() - 1],
        warm_med.as_secs_f64() / cold_med.as_secs_f64()
    );
    finish(sb).await;
}

#[tokio::test]
async fn limits_reach_the_cgroups_and_scratch_is_capped() {
    let (sb, _cleanup) = sandbox("limits", 0);
    let mut tool = sh(
        "limits",
        "cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/cpu/cpu.cfs_period_us \
         /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes \
         /sys/fs/cgroup/pids/pids.max; \
         head -c 3000000 /dev/zero > /scratch/big; echo wrote=$(wc -c < /scratch/big)",
    );
    tool.limits.cpu_percent = 50;
    tool.limits.memory_bytes = 96 * 1024 * 1024;
    tool.limits.max_processes = 40;
    tool.limits.scratch_bytes = 1024 * 1024;
    let out = sb.run(&tool, Vec::new()).await.unwrap();
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    let mem = (96 * 1024 * 1024).to_string();
    assert_eq!(
        lines,
        [
            "50000",
            "100000",
            mem.as_str(),
            mem.as_str(),
            "40",
            "wrote=1048576"
        ],
        "{out:?}"
    );
    finish(sb).await;
}

#[tokio::test]
async fn a_missing_image_is_refused_not_pulled() {
    let (sb, _cleanup) = sandbox("noimage", 1);
    let mut tool = spec("ghost", &["cat"]);
    tool.image = Some("lango-no-such-image:0".into());
    let err = sb.prepare(&tool).await.unwrap_err();
    assert!(
        matches!(&err, SandboxError::BadSpec { why, .. } if why.contains("not present locally")),
        "{err:?}"
    );
    let err = sb.run(&tool, Vec::new()).await.unwrap_err();
    assert!(matches!(err, SandboxError::Setup { .. }), "{err:?}");
    finish(sb).await;
}

#[tokio::test]
async fn a_dead_warm_container_is_not_used() {
    let (sb, _cleanup) = sandbox("deadwarm", 1);
    let echo = spec("echo", &["cat"]);
    sb.prepare(&echo).await.unwrap();
    assert_eq!(sb.warm_idle(), 1);
    // Kill the idle container behind the pool's back.
    let node = sb.config().node_id.clone();
    let ids = containers_of(&node).await;
    assert_eq!(ids.len(), 1);
    let opts = bollard::query_parameters::KillContainerOptionsBuilder::default()
        .signal("KILL")
        .build();
    docker().kill_container(&ids[0], Some(opts)).await.unwrap();
    let out = sb.run(&echo, b"still works".to_vec()).await.unwrap();
    assert!(out.success(), "{out:?}");
    assert_eq!(out.stdout, b"still works");
    finish(sb).await;
}

#[tokio::test]
async fn concurrent_calls_each_get_their_own_container() {
    let (sb, _cleanup) = sandbox("concurrent", 2);
    let tool = sh("who", "cat; echo; echo $HOSTNAME");
    sb.prepare(&tool).await.unwrap();
    let calls = (0..4).map(|i| {
        let sb = &sb;
        let tool = &tool;
        async move {
            sb.run(tool, format!("call-{i}").into_bytes())
                .await
                .unwrap()
        }
    });
    let outs = futures::future::join_all(calls).await;
    let mut hosts = std::collections::BTreeSet::new();
    for (i, out) in outs.iter().enumerate() {
        assert!(out.success(), "{out:?}");
        let stdout = text(&out.stdout);
        let mut lines = stdout.lines();
        assert_eq!(lines.next(), Some(format!("call-{i}").as_str()));
        hosts.insert(lines.next().unwrap().to_owned());
    }
    assert_eq!(hosts.len(), 4, "two calls shared a container: {hosts:?}");
    finish(sb).await;
}
