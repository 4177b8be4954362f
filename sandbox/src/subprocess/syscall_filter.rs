//! The seccomp filter: refuses (EPERM) the system calls a tool has no business making and
//! that widen the kernel attack surface or reach the node's secrets (the kernel keyring
//! holds a node key), and, without declared network, every socket but AF_UNIX.
//! `clone3` gets ENOSYS so that libc falls back to `clone`, whose namespace flags the
//! filter can see and refuse. Other architectures' syscall ABIs (i386) kill the process.

use std::collections::BTreeMap;

use seccompiler::{
    apply_filter, BpfProgram, SeccompAction, SeccompCmpArgLen, SeccompCmpOp, SeccompCondition,
    SeccompFilter, SeccompRule, TargetArch,
};

/// Refused outright.
const DENIED: &[(&str, libc::c_long)] = &[
    ("ptrace", libc::SYS_ptrace),
    ("process_vm_readv", libc::SYS_process_vm_readv),
    ("process_vm_writev", libc::SYS_process_vm_writev),
    ("kcmp", libc::SYS_kcmp),
    ("pidfd_getfd", libc::SYS_pidfd_getfd),
    ("keyctl", libc::SYS_keyctl),
    ("add_key", libc::SYS_add_key),
    ("request_key", libc::SYS_request_key),
    ("bpf", libc::SYS_bpf),
    ("perf_event_open", libc::SYS_perf_event_open),
    ("userfaultfd", libc::SYS_userfaultfd),
    ("mount", libc::SYS_mount),
    ("umount2", libc::SYS_umount2),
    ("pivot_root", libc::SYS_pivot_root),
    ("chroot", libc::SYS_chroot),
    ("move_mount", libc::SYS_move_mount),
    ("open_tree", libc::SYS_open_tree),
    ("fsopen", libc::SYS_fsopen),
    ("fsconfig", libc::SYS_fsconfig),
    ("fsmount", libc::SYS_fsmount),
    ("fspick", libc::SYS_fspick),
    ("mount_setattr", libc::SYS_mount_setattr),
    ("setns", libc::SYS_setns),
    ("unshare", libc::SYS_unshare),
    ("kexec_load", libc::SYS_kexec_load),
    ("kexec_file_load", libc::SYS_kexec_file_load),
    ("init_module", libc::SYS_init_module),
    ("finit_module", libc::SYS_finit_module),
    ("delete_module", libc::SYS_delete_module),
    ("io_uring_setup", libc::SYS_io_uring_setup),
    ("io_uring_enter", libc::SYS_io_uring_enter),
    ("io_uring_register", libc::SYS_io_uring_register),
    ("open_by_handle_at", libc::SYS_open_by_handle_at),
    ("name_to_handle_at", libc::SYS_name_to_handle_at),
    ("fanotify_init", libc::SYS_fanotify_init),
    ("swapon", libc::SYS_swapon),
    ("swapoff", libc::SYS_swapoff),
    ("reboot", libc::SYS_reboot),
    ("syslog", libc::SYS_syslog),
    ("acct", libc::SYS_acct),
    ("quotactl", libc::SYS_quotactl),
    ("settimeofday", libc::SYS_settimeofday),
    ("clock_settime", libc::SYS_clock_settime),
    ("clock_adjtime", libc::SYS_clock_adjtime),
    ("adjtimex", libc::SYS_adjtimex),
    ("personality", libc::SYS_personality),
    ("vhangup", libc::SYS_vhangup),
];

/// Refused outright, x86_64 only (these do not exist elsewhere).
#[cfg(target_arch = "x86_64")]
const DENIED_ARCH: &[(&str, libc::c_long)] = &[
    ("iopl", libc::SYS_iopl),
    ("ioperm", libc::SYS_ioperm),
    ("uselib", libc::SYS_uselib),
];
#[cfg(not(target_arch = "x86_64"))]
const DENIED_ARCH: &[(&str, libc::c_long)] = &[];

/// clone(2) flags that create namespaces.
const NS_FLAGS: &[libc::c_int] = &[
    libc::CLONE_NEWUSER,
    libc::CLONE_NEWNS,
    libc::CLONE_NEWPID,
    libc::CLONE_NEWNET,
    libc::CLONE_NEWIPC,
    libc::CLONE_NEWUTS,
    libc::CLONE_NEWCGROUP,
];

fn cond(
    arg: u8,
    len: SeccompCmpArgLen,
    op: SeccompCmpOp,
    value: u64,
) -> Result<SeccompCondition, String> {
    SeccompCondition::new(arg, len, op, value).map_err(|e| format!("seccomp condition: {e}"))
}

fn rule(c: SeccompCondition) -> Result<SeccompRule, String> {
    SeccompRule::new(vec![c]).map_err(|e| format!("seccomp rule: {e}"))
}

fn compile(
    rules: BTreeMap<i64, Vec<SeccompRule>>,
    action: SeccompAction,
) -> Result<BpfProgram, String> {
    let arch = TargetArch::try_from(std::env::consts::ARCH).map_err(|e| format!("seccomp: {e}"))?;
    SeccompFilter::new(rules, SeccompAction::Allow, action, arch)
        .and_then(BpfProgram::try_from)
        .map_err(|e| format!("seccomp filter: {e}"))
}

/// Installs the filters on the calling thread (needs no_new_privs set first).
/// Returns a one-line description.
/// Both filters, compiled: the main one and the clone3 one.
type Programs = (BpfProgram, BpfProgram);

/// Programs compiled once by the zygote, before it forks launchers (index: network).
static PRECOMPILED: std::sync::OnceLock<[Result<Programs, String>; 2]> = std::sync::OnceLock::new();

/// Compiles both variants now, so that every launcher forked afterwards inherits them
/// instead of compiling its own (~0.15 ms a call).
pub(crate) fn precompile() {
    PRECOMPILED.get_or_init(|| [programs(false), programs(true)]);
}

fn programs(network: bool) -> Result<Programs, String> {
    let mut rules: BTreeMap<i64, Vec<SeccompRule>> = BTreeMap::new();
    for (_, nr) in DENIED.iter().chain(DENIED_ARCH) {
        rules.insert(*nr, Vec::new());
    }
    let mut clone_rules = Vec::new();
    for flag in NS_FLAGS {
        let f = u64::try_from(*flag).map_err(|_| "clone flag".to_string())?;
        clone_rules.push(rule(cond(
            0,
            SeccompCmpArgLen::Qword,
            SeccompCmpOp::MaskedEq(f),
            f,
        )?)?);
    }
    rules.insert(libc::SYS_clone, clone_rules);
    if !network {
        let unix = u64::try_from(libc::AF_UNIX).map_err(|_| "AF_UNIX".to_string())?;
        rules.insert(
            libc::SYS_socket,
            vec![rule(cond(
                0,
                SeccompCmpArgLen::Dword,
                SeccompCmpOp::Ne,
                unix,
            )?)?],
        );
    }
    let eperm = u32::try_from(libc::EPERM).map_err(|_| "EPERM".to_string())?;
    let enosys = u32::try_from(libc::ENOSYS).map_err(|_| "ENOSYS".to_string())?;
    let main = compile(rules, SeccompAction::Errno(eperm))?;
    let clone3 = compile(
        BTreeMap::from([(libc::SYS_clone3, Vec::new())]),
        SeccompAction::Errno(enosys),
    )?;
    Ok((main, clone3))
}

/// Installs the filter (the precompiled one when the zygote made it).
pub(crate) fn install(network: bool) -> Result<String, String> {
    let fresh;
    let (main, clone3) = match PRECOMPILED.get() {
        Some(p) => p[usize::from(network)].as_ref().map_err(Clone::clone)?,
        None => {
            fresh = programs(network)?;
            &fresh
        }
    };
    apply_filter(main).map_err(|e| format!("seccomp: {e}"))?;
    apply_filter(clone3).map_err(|e| format!("seccomp (clone3): {e}"))?;
    Ok(format!(
        "{} syscalls refused, namespace clone flags refused, clone3 ENOSYS{}",
        DENIED.len() + DENIED_ARCH.len(),
        if network {
            ""
        } else {
            ", sockets other than AF_UNIX refused"
        }
    ))
}
