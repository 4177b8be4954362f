//! The Landlock ruleset: read/exec on the system directories a program needs, read/exec
//! on the tool's own program file, read/write only in the scratch directory; no TCP
//! bind/connect without declared network; no signals or abstract sockets out of the
//! sandbox; and, where the kernel has it (Landlock ABI 9), no connection to a pathname
//! Unix socket outside the scratch directory (the Docker socket, a session bus, the
//! ssh-agent the node signs with). On older kernels the private /tmp and /run and the
//! seccomp refusal of `socket(AF_UNIX)` keep the tool from them, and the layer's detail
//! says the kernel does not scope them.

use std::path::Path;

use landlock::{
    path_beneath_rules, Access, AccessFs, AccessNet, Ruleset, RulesetAttr, RulesetCreatedAttr,
    RulesetStatus, Scope, ABI,
};

/// The ABI whose features we ask for; older kernels get what they support (and the
/// status says so).
const WANTED: ABI = ABI::V9;

/// The first Landlock ABI that controls connecting to pathname Unix sockets.
const UNIX_SCOPED_ABI: i64 = 9;

/// System directories the tool may read and execute from.
pub(crate) const SYSTEM_DIRS: &[&str] = &[
    "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
];

/// The few files of /etc that dynamic linking, name lookups and TLS need (OpenSSL's
/// config too: Node.js refuses to start when it exists but cannot be read). Not
/// /etc/shadow, not the rest of /etc.
pub(crate) const ETC_FILES: &[&str] = &[
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/localtime",
    "/etc/nsswitch.conf",
    "/etc/passwd",
    "/etc/group",
    "/etc/hosts",
    "/etc/host.conf",
    "/etc/resolv.conf",
    "/etc/gai.conf",
    "/etc/ssl/certs",
    "/etc/ssl/openssl.cnf",
    "/etc/ca-certificates",
];

/// Device files the tool may read and write.
const DEVICES: &[&str] = &[
    "/dev/null",
    "/dev/zero",
    "/dev/full",
    "/dev/random",
    "/dev/urandom",
];

/// Applies the ruleset to the calling process (and so to everything it execs).
/// `shm` is the call's private `/dev/shm`, writable like scratch (never the host's).
/// Returns a one-line description of what is enforced.
pub(crate) fn restrict(
    program: &Path,
    scratch: &Path,
    shm: Option<&Path>,
    network: bool,
) -> Result<String, String> {
    let abi = super::sys::landlock_abi()?;
    fn e(what: &'static str) -> impl Fn(landlock::RulesetError) -> String {
        move |err| format!("landlock {what}: {err}")
    }
    let read_exec = AccessFs::from_read(WANTED) | AccessFs::Execute;
    let mut ruleset = Ruleset::default()
        .handle_access(AccessFs::from_all(WANTED))
        .map_err(e("handle fs"))?;
    if !network {
        ruleset = ruleset
            .handle_access(AccessNet::from_all(WANTED))
            .map_err(e("handle net"))?;
    }
    let ruleset = ruleset
        .scope(Scope::AbstractUnixSocket | Scope::Signal)
        .map_err(e("scope"))?
        .create()
        .map_err(e("create"))?
        .add_rules(path_beneath_rules(SYSTEM_DIRS, read_exec))
        .map_err(e("system dirs"))?
        .add_rules(path_beneath_rules(ETC_FILES, AccessFs::from_read(WANTED)))
        .map_err(e("/etc files"))?
        .add_rules(path_beneath_rules(
            DEVICES,
            AccessFs::ReadFile | AccessFs::WriteFile,
        ))
        .map_err(e("devices"))?
        .add_rules(path_beneath_rules([program], read_exec))
        .map_err(e("program"))?
        .add_rules(path_beneath_rules([scratch], AccessFs::from_all(WANTED)))
        .map_err(e("scratch"))?
        .add_rules(path_beneath_rules(
            shm,
            AccessFs::from_all(WANTED) & !AccessFs::Execute,
        ))
        .map_err(e("/dev/shm"))?
        .no_new_privs(true);
    let status = ruleset.restrict_self().map_err(e("restrict_self"))?;
    let mut what = if network {
        "fs rules, signal and abstract-socket scoping".to_string()
    } else {
        "fs rules, TCP bind/connect denied, signal and abstract-socket scoping".to_string()
    };
    if abi >= UNIX_SCOPED_ABI {
        what.push_str(", pathname Unix sockets outside scratch refused");
    } else {
        what.push_str(&format!(
            "; pathname Unix sockets not scoped by this kernel (ABI {abi} < {UNIX_SCOPED_ABI}): \
             kept out by the private /tmp and /run and, without network, by seccomp"
        ));
    }
    match status.ruleset {
        RulesetStatus::FullyEnforced => Ok(format!("kernel ABI {abi}: {what}")),
        RulesetStatus::PartiallyEnforced => Ok(format!(
            "kernel ABI {abi}: partially enforced (the kernel lacks newer Landlock features; fs rules hold): {what}"
        )),
        RulesetStatus::NotEnforced => Err(format!("kernel ABI {abi}: ruleset not enforced")),
    }
}
