//! The callee's pipeline is an ordered list of stages: a recording stage around each
//! shows the order, and cancelling the caller mid-stage cancels that stage and kills
//! the tool in its sandbox.

mod support;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::BoxFuture;
use futures::FutureExt;

use lango_node::config::Config;
use lango_node::daemon::pipeline::{Call, Pipeline, Stage, Stop};
use lango_node::testkit::{self, NodeOptions};
use support::{marker_processes, trust, wait_for};

const TOOLS: &str = r#"
[handshake]
read_timeout = "2s"
[events]
threshold = 10000

[[tools]]
name = "echo"
sandbox = "subprocess"
command = ["/bin/cat"]
safety = "safe"

[[tools]]
name = "wait"
sandbox = "subprocess"
command = ["/bin/cat"]
safety = "safe"

[[tools]]
name = "longsleep"
sandbox = "subprocess"
command = ["/bin/sh", "-c", "cat >/dev/null; sleep 987333"]
safety = "safe"
timeout = "60s"
"#;

/// Records each stage's name as it starts, then runs it.
struct Recorder {
    inner: Arc<dyn Stage>,
    log: Arc<Mutex<Vec<(String, &'static str)>>>,
}

impl Stage for Recorder {
    fn name(&self) -> &'static str {
        self.inner.name()
    }

    fn run<'a>(&'a self, call: &'a mut Call) -> BoxFuture<'a, Result<(), Stop>> {
        let entry = (call.tool_name().to_string(), self.inner.name());
        self.log.lock().unwrap().push(entry);
        self.inner.run(call)
    }
}

/// For the tool `wait` only: waits forever; records that it started and, when its
/// future is dropped, that it was cancelled.
struct Waiter {
    started: Arc<AtomicBool>,
    cancelled: Arc<AtomicBool>,
}

struct OnDrop(Arc<AtomicBool>);

impl Drop for OnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

impl Stage for Waiter {
    fn name(&self) -> &'static str {
        "test_wait"
    }

    fn run<'a>(&'a self, call: &'a mut Call) -> BoxFuture<'a, Result<(), Stop>> {
        async move {
            if call.tool_name() != "wait" {
                return Ok(());
            }
            let _guard = OnDrop(self.cancelled.clone());
            self.started.store(true, Ordering::SeqCst);
            futures::future::pending::<()>().await;
            Ok(())
        }
        .boxed()
    }
}

fn config() -> Config {
    Config::parse(TOOLS, Path::new("test.toml")).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stages_run_in_order_and_a_caller_going_away_cancels_the_stage_and_the_tool() {
    let tmp = tempfile::tempdir().unwrap();
    let log = Arc::new(Mutex::new(Vec::new()));
    let (started, cancelled) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicBool::new(false)),
    );
    let mut stages: Vec<Arc<dyn Stage>> = Vec::new();
    for s in Pipeline::standard().stages() {
        if s.name() == "input_pii" {
            // Where approval's wait for a human will be: after approval, before the
            // input is touched and the sandbox runs.
            stages.push(Arc::new(Waiter {
                started: started.clone(),
                cancelled: cancelled.clone(),
            }));
        }
        stages.push(Arc::new(Recorder {
            inner: s.clone(),
            log: log.clone(),
        }));
    }
    let callee = testkit::start_node_with(
        tmp.path(),
        "callee",
        config(),
        NodeOptions {
            pipeline: Some(Pipeline::from_stages(stages)),
            sandbox_launcher: Some(env!("CARGO_BIN_EXE_lango-node").into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let caller = testkit::start_node(tmp.path(), "caller", config())
        .await
        .unwrap();
    trust(&callee, &caller, &["*"], false).await;
    trust(&caller, &callee, &[], true).await;
    let (a, b) = (caller.handle(), callee.handle());
    let key = b.local_key();
    wait_for(30, "a session", || a.session_with(&key).is_some()).await;

    // One call: every stage, in the brief's order.
    let r = a
        .invoke(&key, "echo", r#"{"x":1}"#.into(), Duration::from_secs(20))
        .await
        .unwrap();
    assert_eq!(r.output, br#"{"x":1}"#, "{r:?}");
    let names: Vec<&str> = log.lock().unwrap().iter().map(|(_, n)| *n).collect();
    assert_eq!(
        names,
        [
            "session",
            "firewall",
            "input",
            "approval",
            "input_pii",
            "secret_refs",
            "sandbox",
            "output_secrets",
            "output_pii",
            "audit",
            "receipt"
        ]
    );
    assert!(r.receipt.is_some());

    // A call whose stage waits: the caller goes away, the stage's future is dropped,
    // and no later stage runs for it.
    let call = {
        let a = a.clone();
        tokio::spawn(async move {
            a.invoke(&key, "wait", "{}".into(), Duration::from_secs(60))
                .await
        })
    };
    wait_for(20, "the waiting stage starts", || {
        started.load(Ordering::SeqCst)
    })
    .await;
    assert!(!cancelled.load(Ordering::SeqCst));
    call.abort();
    wait_for(20, "the waiting stage is cancelled", || {
        cancelled.load(Ordering::SeqCst)
    })
    .await;
    let for_wait: Vec<&str> = log
        .lock()
        .unwrap()
        .iter()
        .filter(|(t, _)| t == "wait")
        .map(|(_, n)| *n)
        .collect();
    assert_eq!(for_wait, ["session", "firewall", "input", "approval"]);

    // A call in the sandbox: the caller goes away, the tool is killed.
    let call = {
        let a = a.clone();
        tokio::spawn(async move {
            a.invoke(&key, "longsleep", "{}".into(), Duration::from_secs(60))
                .await
        })
    };
    wait_for(20, "the tool runs", || {
        !marker_processes("987333").is_empty()
    })
    .await;
    call.abort();
    wait_for(20, "the tool is killed", || {
        marker_processes("987333").is_empty()
    })
    .await;
    let last: Vec<&str> = log
        .lock()
        .unwrap()
        .iter()
        .filter(|(t, _)| t == "longsleep")
        .map(|(_, n)| *n)
        .collect();
    assert_eq!(last.last(), Some(&"sandbox"), "{last:?}");

    // The callee still serves.
    let r = a
        .invoke(&key, "echo", "{}".into(), Duration::from_secs(20))
        .await
        .unwrap();
    assert_eq!(r.output, b"{}");
    caller.stop().await;
    callee.stop().await;
}
