//! Tool patterns and the firewall's allow/deny decision.
//!
//! A pattern is a tool name, `*` (every tool), or a prefix ending in `.*` (`fs.*` matches
//! `fs.read` and `fs.dir.list`, not `fs` or `fsx.read`). A pattern list may mark deny
//! patterns with a leading `!`. A call is allowed only if some allow pattern of the
//! caller matches and no deny pattern (the caller's or the node-wide list) does: deny
//! wins, and an empty allow list allows nothing.

use crate::tools::valid_tool_name;

/// One tool pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pattern {
    /// `*`: every tool.
    Any,
    /// One tool by name.
    Exact(String),
    /// `prefix.*`: tools whose name starts with `prefix.` (stored with the dot).
    Prefix(String),
}

impl Pattern {
    /// Parses one pattern (without a `!`).
    pub fn parse(p: &str) -> Result<Pattern, PatternError> {
        let bad = || PatternError(p.to_string());
        if p == "*" {
            return Ok(Pattern::Any);
        }
        if let Some(prefix) = p.strip_suffix(".*") {
            if valid_tool_name(prefix) {
                return Ok(Pattern::Prefix(format!("{prefix}.")));
            }
            return Err(bad());
        }
        if valid_tool_name(p) {
            Ok(Pattern::Exact(p.to_string()))
        } else {
            Err(bad())
        }
    }

    /// Whether the pattern matches `tool`.
    pub fn matches(&self, tool: &str) -> bool {
        match self {
            Pattern::Any => true,
            Pattern::Exact(n) => n == tool,
            Pattern::Prefix(p) => tool.len() > p.len() && tool.starts_with(p.as_str()),
        }
    }
}

/// A pattern that is not a name, `*`, or `prefix.*`.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("bad tool pattern {0:?}: use a tool name, `*`, a prefix like `fs.*`, or `!` before one to deny it")]
pub struct PatternError(pub String);

/// The tools one peer may call: allow patterns and deny patterns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ToolAcl {
    /// Patterns that allow.
    pub allow: Vec<Pattern>,
    /// Patterns that deny (win over any allow).
    pub deny: Vec<Pattern>,
}

impl ToolAcl {
    /// Parses a list of patterns such as `["fs.*", "echo", "!fs.write"]`.
    pub fn parse<S: AsRef<str>>(patterns: &[S]) -> Result<ToolAcl, PatternError> {
        let mut acl = ToolAcl::default();
        for p in patterns {
            let p = p.as_ref().trim();
            match p.strip_prefix('!') {
                Some(d) => acl.deny.push(Pattern::parse(d)?),
                None => acl.allow.push(Pattern::parse(p)?),
            }
        }
        Ok(acl)
    }

    /// Decides a call of `tool` by this peer, with the node-wide deny list `global_deny`.
    pub fn decide(&self, tool: &str, global_deny: &[Pattern]) -> Decision {
        if let Some(p) = global_deny.iter().find(|p| p.matches(tool)) {
            return Decision::Deny(DenyReason::NodeDenyRule(p.clone()));
        }
        if let Some(p) = self.deny.iter().find(|p| p.matches(tool)) {
            return Decision::Deny(DenyReason::PeerDenyRule(p.clone()));
        }
        if self.allow.iter().any(|p| p.matches(tool)) {
            Decision::Allow
        } else {
            Decision::Deny(DenyReason::NotAllowed)
        }
    }
}

/// Splits a comma-separated `--tools` argument into checked patterns.
pub fn parse_pattern_list(s: &str) -> Result<Vec<String>, PatternError> {
    let list: Vec<String> = s
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    ToolAcl::parse(&list)?;
    Ok(list)
}

/// The firewall's verdict on one tool name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// The call may proceed to the next stage.
    Allow,
    /// The call is refused.
    Deny(DenyReason),
}

/// Why the firewall refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DenyReason {
    /// A node-wide deny pattern matched.
    NodeDenyRule(Pattern),
    /// No allow pattern of this peer matches the tool.
    NotAllowed,
    /// One of this peer's deny patterns matched.
    PeerDenyRule(Pattern),
}

impl std::fmt::Display for DenyReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DenyReason::NodeDenyRule(p) => write!(f, "node-wide deny rule {p:?}"),
            DenyReason::NotAllowed => f.write_str("tool not in this peer's allowed tools"),
            DenyReason::PeerDenyRule(p) => write!(f, "this peer's deny rule {p:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acl(p: &[&str]) -> ToolAcl {
        ToolAcl::parse(p).unwrap()
    }

    #[test]
    fn exact_prefix_and_any_match_what_they_say() {
        let fs = Pattern::parse("fs.*").unwrap();
        assert!(fs.matches("fs.read") && fs.matches("fs.dir.list"));
        assert!(!fs.matches("fs") && !fs.matches("fs.") && !fs.matches("fsx.read"));
        assert!(Pattern::parse("echo").unwrap().matches("echo"));
        assert!(!Pattern::parse("echo").unwrap().matches("echo2"));
        assert!(Pattern::parse("*").unwrap().matches("anything"));
    }

    #[test]
    fn malformed_patterns_are_refused() {
        for p in ["f*s", "a;b", "", "*.*", "fs.**", ".*", "x y", "!"] {
            assert!(ToolAcl::parse(&[p]).is_err(), "{p:?} accepted");
        }
        assert!(parse_pattern_list("fs.*, echo,!fs.write").is_ok());
        assert!(parse_pattern_list("fs.*;rm").is_err());
    }

    #[test]
    fn deny_wins_over_any_allow() {
        let a = acl(&["*", "!fs.write"]);
        assert_eq!(a.decide("fs.read", &[]), Decision::Allow);
        assert!(matches!(
            a.decide("fs.write", &[]),
            Decision::Deny(DenyReason::PeerDenyRule(_))
        ));
        let node_deny = [Pattern::parse("shell.*").unwrap()];
        assert!(matches!(
            acl(&["shell.run"]).decide("shell.run", &node_deny),
            Decision::Deny(DenyReason::NodeDenyRule(_))
        ));
    }

    #[test]
    fn an_empty_allow_list_allows_nothing() {
        assert_eq!(
            ToolAcl::default().decide("echo", &[]),
            Decision::Deny(DenyReason::NotAllowed)
        );
        assert_eq!(
            acl(&["echo"]).decide("cat", &[]),
            Decision::Deny(DenyReason::NotAllowed)
        );
    }
}
