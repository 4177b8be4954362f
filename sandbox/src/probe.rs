//! What a back end can do here: `lango-node sandbox prepare` prints this.

use crate::spec::Kind;

/// One isolation layer and whether it is in force.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Layer {
    /// Short name, e.g. `user-namespace`, `landlock`, `seccomp`, `epoch-deadline`,
    /// `cap-drop-all`.
    pub name: String,
    /// Whether it is applied to every call on this machine.
    pub active: bool,
    /// Why not, or what exactly (e.g. `Landlock ABI 4`).
    pub detail: String,
}

impl Layer {
    /// A layer in force.
    pub fn on(name: &str, detail: impl Into<String>) -> Layer {
        Layer {
            name: name.into(),
            active: true,
            detail: detail.into(),
        }
    }

    /// A layer this machine cannot apply, and why.
    pub fn off(name: &str, why: impl Into<String>) -> Layer {
        Layer {
            name: name.into(),
            active: false,
            detail: why.into(),
        }
    }
}

/// A back end's report.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Probe {
    /// Which back end.
    pub kind: Kind,
    /// Whether tools of this kind can run at all.
    pub available: bool,
    /// One line: version, or why it is unavailable.
    pub detail: String,
    /// Isolation layers.
    pub layers: Vec<Layer>,
}
