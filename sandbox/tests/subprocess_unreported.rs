//! The seccomp fallback of the subprocess back end: where the kernel will not give the
//! launcher a listener for refused system calls, the filter answers EPERM by itself.
//! The calls are still refused; they are only not reported, and the probe says so.
//!
//! The kernel refuses a second listener in one process's filter chain (`EBUSY`,
//! seccomp(2)), which is what happens to a node that runs under a supervisor of its own
//! using seccomp notifications. This test makes that case: its thread installs a filter
//! with a listener before it starts the sandbox, so every launcher inherits it. That
//! filter hands over only `acct`, which no tool here calls and which the sandbox's own
//! filter refuses first (EPERM outranks a notification). A binary of its own, so that
//! the filter reaches no other test. Needs root, like the other subprocess tests.

use std::collections::BTreeMap;
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::time::Duration;

mod common;

use common::SYSCALL_PROBE;
use lango_sandbox::subprocess::{Subprocess, SubprocessConfig};
use lango_sandbox::{Kind, Limits, Sandbox, ToolSpec};

/// Installs, on the calling thread (and so on every thread and process it starts
/// later), a filter that allows everything but `acct`, which goes to the returned
/// listener.
fn install_outer_listener() -> OwnedFd {
    // BPF: load the syscall number; acct -> USER_NOTIF; anything else -> ALLOW.
    let prog = [
        libc::sock_filter {
            code: 0x20, // BPF_LD | BPF_W | BPF_ABS
            jt: 0,
            jf: 0,
            k: 0, // offsetof(struct seccomp_data, nr)
        },
        libc::sock_filter {
            code: 0x15, // BPF_JMP | BPF_JEQ | BPF_K
            jt: 0,
            jf: 1,
            k: libc::SYS_acct as u32,
        },
        libc::sock_filter {
            code: 0x06, // BPF_RET | BPF_K
            jt: 0,
            jf: 0,
            k: libc::SECCOMP_RET_USER_NOTIF,
        },
        libc::sock_filter {
            code: 0x06,
            jt: 0,
            jf: 0,
            k: libc::SECCOMP_RET_ALLOW,
        },
    ];
    let fprog = libc::sock_fprog {
        len: prog.len() as u16,
        filter: prog.as_ptr().cast_mut(),
    };
    // SAFETY: `fprog` points to `len` live instructions; the kernel copies them. As root
    // the call needs no no_new_privs. It returns a new descriptor or -1.
    let fd = unsafe {
        libc::syscall(
            libc::SYS_seccomp,
            libc::SECCOMP_SET_MODE_FILTER,
            libc::SECCOMP_FILTER_FLAG_NEW_LISTENER,
            &fprog as *const libc::sock_fprog,
        )
    };
    assert!(
        fd >= 0,
        "seccomp(NEW_LISTENER): {}",
        std::io::Error::last_os_error()
    );
    // SAFETY: a descriptor the kernel just returned, owned by nothing else.
    unsafe { OwnedFd::from_raw_fd(fd as i32) }
}

#[test]
fn without_a_listener_refused_calls_still_get_eperm_and_the_probe_says_unreported() {
    let _outer = install_outer_listener();
    let root = tempfile::tempdir().unwrap();
    std::fs::set_permissions(root.path(), std::fs::Permissions::from_mode(0o711)).unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let sb = Subprocess::new(SubprocessConfig {
            launcher: PathBuf::from(env!("CARGO_BIN_EXE_lango-sandbox-exec")),
            launcher_args: Vec::new(),
            scratch_root: root.path().join("scratch"),
            ..SubprocessConfig::default()
        })
        .unwrap();

        let probe = sb.probe().await;
        assert!(probe.available, "{probe:?}");
        let seccomp = probe
            .layers
            .iter()
            .find(|l| l.name == "seccomp")
            .expect("a seccomp layer");
        assert!(seccomp.active, "{seccomp:?}");
        assert!(
            seccomp.detail.contains("refusals not reported"),
            "{seccomp:?}"
        );

        let spec = ToolSpec {
            name: "t".into(),
            kind: Kind::Subprocess,
            secrets: Default::default(),
            command: ["/usr/bin/python3", "-c", SYSCALL_PROBE]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            module: None,
            image: None,
            env: BTreeMap::new(),
            limits: Limits {
                timeout: Duration::from_secs(30),
                ..Limits::default()
            },
        };
        let out = sb.run(&spec, Vec::new()).await.unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        // EPERM (1), as with the listener; not ENOSYS, and not let through.
        for name in ["keyctl", "add_key", "ptrace", "unshare", "ptrace again"] {
            assert!(
                stdout.contains(&format!("{name} -1 1\n")),
                "{name}: {stdout} {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert!(out.success(), "{out:?}");
        assert!(out.violations.is_empty(), "{:?}", out.violations);
    });
}
