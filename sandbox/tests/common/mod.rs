//! Helpers shared by the sandbox test suites.
#![allow(dead_code)]

/// Whether `pid` can still run: it exists, is not a zombie, is not exiting, and has no
/// SIGKILL pending. Read twice, so that a process caught between taking its SIGKILL
/// and flagging itself as exiting (a window of a few instructions) is not counted.
pub fn can_run(pid: u32) -> bool {
    let once = || {
        let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else {
            return false;
        };
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .map(str::trim)
                .unwrap_or_default()
                .to_string()
        };
        let sigkill = |mask: String| u64::from_str_radix(&mask, 16).unwrap_or(0) & (1 << 8) != 0;
        let state = field("State:");
        let flags = std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|s| {
                let after = s.rsplit_once(')')?.1.to_string();
                after.split_whitespace().nth(7)?.parse::<u64>().ok()
            })
            .unwrap_or(0);
        const PF_EXITING: u64 = 0x4;
        !(state.starts_with('Z')
            || state.starts_with('X')
            || flags & PF_EXITING != 0
            || sigkill(field("SigPnd:"))
            || sigkill(field("ShdPnd:")))
    };
    once() && once()
}

/// Pids of processes whose argv has `needle` as one argument.
pub fn pids_with_arg(needle: &str) -> Vec<u32> {
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_string_lossy().parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .map(|c| c.split(|b| *b == 0).any(|a| a == needle.as_bytes()))
                .unwrap_or(false)
        })
        .collect()
}

/// A python3 script that tries system calls the subprocess sandbox refuses (x86_64
/// numbers) and prints `NAME RESULT ERRNO` for each; ptrace is tried twice.
pub const SYSCALL_PROBE: &str = r#"
import ctypes, sys
libc = ctypes.CDLL(None, use_errno=True)
def call(name, *args):
    r = libc.syscall(*args)
    print(name, r, ctypes.get_errno() if r < 0 else 0)
call("keyctl", 250, 0, -4, 0, 0, 0)        # KEYCTL_GET_KEYRING_ID, @u
call("add_key", 248, b"user", b"lango-test", b"x", 1, -3)
call("ptrace", 101, 0, 0, 0, 0)              # PTRACE_TRACEME
call("unshare", 272, 0x10000000)             # CLONE_NEWUSER
call("ptrace again", 101, 0, 0, 0, 0)
"#;
