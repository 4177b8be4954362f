//! Which process owns a container (`lango.owner=<pid>:<start time>` label), so that
//! stale-container cleanup removes the leftovers of dead processes only, never the live
//! containers of this process or of another one running with the same node id (say the
//! daemon, while an operator runs `lango-node sandbox prepare`).

/// The label key.
pub const LABEL: &str = "lango.owner";

/// `pid:starttime` of a process from `/proc/<pid>/stat` (field 22, clock ticks since
/// boot): with the start time, a recycled pid does not pass for the old process.
fn identity(pid: &str) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may contain spaces.
    let after = stat.rsplit_once(')')?.1;
    // `after` starts at field 3; the start time is field 22.
    let start = after.split_whitespace().nth(19)?;
    Some(format!("{pid}:{start}"))
}

/// This process's owner value (`pid:?` if `/proc` cannot be read).
pub fn me() -> String {
    let pid = std::process::id().to_string();
    identity(&pid).unwrap_or_else(|| format!("{pid}:?"))
}

/// Whether the process named by an owner value is still alive. A missing or malformed
/// value means no live owner.
pub fn alive(owner: Option<&str>) -> bool {
    let Some(owner) = owner else { return false };
    let Some((pid, _)) = owner.split_once(':') else {
        return false;
    };
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    identity(pid).as_deref() == Some(owner)
}
