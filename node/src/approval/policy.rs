//! Which calls need approval: the policy, then the `sensitive` and `exempt` lists.

use lango_protocol::tools::firewall::Pattern;

use crate::config::{ApprovalPolicy, ApprovalSection, Safety};

/// Whether a call of `tool` (at `safety`) needs a person's yes under `approval`. An
/// `exempt` tool never asks; under `configured` only a `sensitive` one does. (A deny
/// rule is the firewall's, and it has already refused the call before this is asked.)
pub fn needs_approval(approval: &ApprovalSection, tool: &str, safety: Safety) -> bool {
    let listed = |pats: &[String]| {
        pats.iter()
            .filter_map(|p| Pattern::parse(p).ok())
            .any(|p| p.matches(tool))
    };
    if listed(&approval.exempt) {
        return false;
    }
    match approval.policy {
        ApprovalPolicy::None => false,
        ApprovalPolicy::All => true,
        ApprovalPolicy::Dangerous => safety == Safety::Dangerous,
        ApprovalPolicy::Configured => listed(&approval.sensitive),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(policy: ApprovalPolicy, sensitive: &[&str], exempt: &[&str]) -> ApprovalSection {
        ApprovalSection {
            policy,
            sensitive: sensitive.iter().map(|s| s.to_string()).collect(),
            exempt: exempt.iter().map(|s| s.to_string()).collect(),
            ..ApprovalSection::default()
        }
    }

    #[test]
    fn each_policy_asks_for_what_it_names_and_exempt_never_asks() {
        use ApprovalPolicy as P;
        use Safety::*;
        let d = section(P::Dangerous, &[], &[]);
        assert!(needs_approval(&d, "rm", Dangerous));
        assert!(!needs_approval(&d, "ls", Safe));
        assert!(!needs_approval(&d, "mv", Moderate));
        let all = section(P::All, &[], &["ls"]);
        assert!(needs_approval(&all, "cat", Safe));
        assert!(
            !needs_approval(&all, "ls", Dangerous),
            "exempt wins over all"
        );
        let none = section(P::None, &["rm"], &[]);
        assert!(!needs_approval(&none, "rm", Dangerous));
        let conf = section(P::Configured, &["db.*"], &["db.read"]);
        assert!(needs_approval(&conf, "db.write", Safe));
        assert!(!needs_approval(&conf, "db.read", Dangerous));
        assert!(
            !needs_approval(&conf, "rm", Dangerous),
            "configured asks only for the list"
        );
    }
}
