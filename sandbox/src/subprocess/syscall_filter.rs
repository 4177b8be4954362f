//! The seccomp filter: refuses (EPERM) the system calls a tool has no business making and
//! that widen the kernel attack surface or reach the node's secrets (the kernel keyring
//! holds a node key), and, without declared network, every `socket()`: other families
//! with a report, AF_UNIX quietly (EACCES, unreported: glibc asks nscd's socket on every
//! user lookup, and an honest tool must not earn its caller strikes for that).
//! `socketpair` stays allowed: a tool's processes may still talk among themselves.
//! `clone3` gets ENOSYS so that libc falls back to `clone`, whose namespace flags the
//! filter can see and refuse. Other architectures' syscall ABIs (i386) kill the process.
//! On x86_64, every x32 system call (number with bit 30 set, which the x86_64 filter's
//! table would let through under the same architecture) is refused (EPERM).
//!
//! A refused call is not answered by the filter itself: it goes to a user-space
//! supervisor (`SECCOMP_RET_USER_NOTIF`), the namespace's init
//! ([`super::supervisor`]), which answers EPERM and reports the attempt, so that the node
//! can raise a `sandbox_violation` event. Where the kernel cannot give a listener, the
//! filter answers EPERM itself and the layer's detail says that attempts go unreported.

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

/// The compiled filters: the main one answering through a supervisor, the same one
/// answering EPERM itself (the fallback), and the clone3 one.
struct Programs {
    notify: BpfProgram,
    errno: BpfProgram,
    clone3: BpfProgram,
    /// x86_64: every x32 system call answered EPERM.
    x32: Option<BpfProgram>,
    /// Without network: `socket(AF_UNIX, ...)` answered EACCES, unreported.
    unix: Option<BpfProgram>,
}

/// The `SECCOMP_RET_TRACE` data that marks, in a compiled program, the returns that
/// become `SECCOMP_RET_USER_NOTIF` (seccompiler has no such action; the filter never
/// uses TRACE otherwise).
const NOTIFY_MARK: u32 = 0x1a60;

/// `BPF_RET | BPF_K`: return the constant `k`.
const BPF_RET_K: u16 = 0x06;

/// Turns every `return TRACE(NOTIFY_MARK)` of `prog` into `return USER_NOTIF`; errors if
/// there was none (the program would then refuse nothing through the supervisor).
fn to_user_notif(mut prog: BpfProgram) -> Result<BpfProgram, String> {
    let mark = libc::SECCOMP_RET_TRACE | NOTIFY_MARK;
    let mut changed = 0;
    for insn in prog
        .iter_mut()
        .filter(|i| i.code == BPF_RET_K && i.k == mark)
    {
        insn.k = libc::SECCOMP_RET_USER_NOTIF;
        changed += 1;
    }
    if changed == 0 {
        return Err("seccomp: no refusal to route to the supervisor".into());
    }
    Ok(prog)
}

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
    let notify = to_user_notif(compile(rules.clone(), SeccompAction::Trace(NOTIFY_MARK))?)?;
    let errno = compile(rules, SeccompAction::Errno(eperm))?;
    let clone3 = compile(
        BTreeMap::from([(libc::SYS_clone3, Vec::new())]),
        SeccompAction::Errno(enosys),
    )?;
    let unix = if network {
        None
    } else {
        let af_unix = u64::try_from(libc::AF_UNIX).map_err(|_| "AF_UNIX".to_string())?;
        let eacces = u32::try_from(libc::EACCES).map_err(|_| "EACCES".to_string())?;
        Some(compile(
            BTreeMap::from([(
                libc::SYS_socket,
                vec![rule(cond(
                    0,
                    SeccompCmpArgLen::Dword,
                    SeccompCmpOp::Eq,
                    af_unix,
                )?)?],
            )]),
            SeccompAction::Errno(eacces),
        )?)
    };
    Ok(Programs {
        notify,
        errno,
        clone3,
        x32: x32_refusal(eperm),
        unix,
    })
}

/// The x32 ABI's marker bit in a system call number (`__X32_SYSCALL_BIT`).
const X32_SYSCALL_BIT: u32 = 0x4000_0000;

/// `AUDIT_ARCH_X86_64`.
const AUDIT_ARCH_X86_64: u32 = 0xc000_003e;

/// A filter that answers `errno` to every x32 system call: x32 calls run under the
/// x86_64 architecture value with bit 30 set in their number, so the main filter's
/// table, keyed on x86_64 numbers, would let every one of them through (including
/// x32's keyctl, ptrace and unshare).
fn x32_refusal(errno: u32) -> Option<BpfProgram> {
    if !cfg!(target_arch = "x86_64") {
        return None;
    }
    let insn = |code: u16, jt: u8, jf: u8, k: u32| seccompiler::sock_filter { code, jt, jf, k };
    // BPF_LD|BPF_W|BPF_ABS, BPF_JMP|BPF_JEQ|BPF_K, BPF_JMP|BPF_JGE|BPF_K, BPF_RET|BPF_K.
    let (ld, jeq, jge, ret) = (0x20, 0x15, 0x35, BPF_RET_K);
    Some(vec![
        insn(ld, 0, 0, 4),                  // A = arch
        insn(jeq, 0, 3, AUDIT_ARCH_X86_64), // not x86_64: allow (another filter decides)
        insn(ld, 0, 0, 0),                  // A = nr
        insn(jge, 0, 1, X32_SYSCALL_BIT),   // nr >= 0x40000000: refuse
        insn(ret, 0, 0, libc::SECCOMP_RET_ERRNO | errno),
        insn(ret, 0, 0, libc::SECCOMP_RET_ALLOW),
    ])
}

/// The name of a system call the filter refuses, for the report (`syscall N` for one it
/// does not know, which the filter never sends).
pub(crate) fn name_of(nr: i32) -> String {
    let nr = libc::c_long::from(nr);
    let fixed = [("clone", libc::SYS_clone), ("socket", libc::SYS_socket)];
    DENIED
        .iter()
        .chain(DENIED_ARCH)
        .chain(fixed.iter())
        .find(|(_, n)| *n == nr)
        .map_or_else(|| format!("syscall {nr}"), |(name, _)| (*name).to_string())
}

/// Installs the filters (the precompiled ones when the zygote made them). Returns the
/// layer's one-line description and the listener on which refused calls arrive, or
/// `None` when the kernel gave none and the filter answers EPERM without reporting.
pub(crate) fn install(network: bool) -> Result<(String, Option<std::os::fd::OwnedFd>), String> {
    let fresh;
    let programs = match PRECOMPILED.get() {
        Some(p) => p[usize::from(network)].as_ref().map_err(Clone::clone)?,
        None => {
            fresh = programs(network)?;
            &fresh
        }
    };
    let (listener, reported) = match super::sys::seccomp_with_listener(&programs.notify) {
        Ok(fd) => (Some(fd), String::new()),
        Err(why) => {
            apply_filter(&programs.errno).map_err(|e| format!("seccomp: {e}"))?;
            (None, format!(", refusals not reported ({why})"))
        }
    };
    apply_filter(&programs.clone3).map_err(|e| format!("seccomp (clone3): {e}"))?;
    if let Some(x32) = &programs.x32 {
        apply_filter(x32).map_err(|e| format!("seccomp (x32): {e}"))?;
    }
    if let Some(unix) = &programs.unix {
        apply_filter(unix).map_err(|e| format!("seccomp (AF_UNIX): {e}"))?;
    }
    let x32 = if programs.x32.is_some() {
        ", x32 calls refused"
    } else {
        ""
    };
    let detail = format!(
        "{} syscalls refused, namespace clone flags refused, clone3 ENOSYS{x32}{}{reported}",
        DENIED.len() + DENIED_ARCH.len(),
        if network {
            ""
        } else {
            ", every socket() refused (AF_UNIX quietly), socketpair allowed"
        }
    );
    Ok((detail, listener))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_go_to_the_supervisor_and_nothing_else_changes() {
        let p = programs(false).expect("the filter compiles");
        assert_eq!(p.notify.len(), p.errno.len());
        let eperm = libc::SECCOMP_RET_ERRNO | libc::EPERM as u32;
        let mut routed = 0;
        for (n, e) in p.notify.iter().zip(&p.errno) {
            if n == e {
                continue;
            }
            // Only the refusals differ: EPERM in one, USER_NOTIF in the other.
            assert_eq!((n.code, e.code), (BPF_RET_K, BPF_RET_K));
            assert_eq!((n.k, e.k), (libc::SECCOMP_RET_USER_NOTIF, eperm));
            routed += 1;
        }
        assert!(routed > 0, "no refusal routed to the supervisor");
        let trace = |i: &seccompiler::sock_filter| {
            i.code == BPF_RET_K && i.k & libc::SECCOMP_RET_ACTION_FULL == libc::SECCOMP_RET_TRACE
        };
        assert!(!p.notify.iter().any(trace), "a TRACE return was left over");
    }

    #[test]
    fn refused_calls_are_named() {
        assert_eq!(name_of(libc::SYS_ptrace as i32), "ptrace");
        assert_eq!(name_of(libc::SYS_socket as i32), "socket");
        assert_eq!(name_of(libc::SYS_clone as i32), "clone");
        assert_eq!(
            name_of(libc::SYS_read as i32),
            format!("syscall {}", libc::SYS_read)
        );
    }
}
