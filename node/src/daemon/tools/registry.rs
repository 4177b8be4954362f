//! The tools this node exposes, resolved from `[[tools]]`, and the back end for each kind.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::Serialize;

use lango_sandbox::{Kind, Sandbox, ToolSpec};

use crate::config::ToolConfig;

/// One exposed tool.
pub struct Tool {
    /// Its config entry.
    pub cfg: ToolConfig,
    /// What the sandbox runs.
    pub spec: ToolSpec,
}

/// What `tools list` shows of a tool (no command line, no environment values).
#[derive(Clone, Debug, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct ToolInfo {
    /// Name.
    pub name: String,
    /// One line.
    pub description: String,
    /// Back end.
    pub sandbox: String,
    /// Safety level.
    pub safety: String,
    /// Wall-clock timeout, ms.
    pub timeout_ms: u64,
    /// Memory cap, bytes.
    pub memory_bytes: u64,
    /// Output cap, bytes.
    pub output_bytes: u64,
    /// Whether it may use the network.
    pub network: bool,
}

/// Tools by name, and the sandbox back ends.
pub struct Registry {
    tools: BTreeMap<String, Tool>,
    backends: HashMap<Kind, Arc<dyn Sandbox>>,
    unavailable: HashMap<Kind, String>,
}

impl Registry {
    /// Builds the registry; `backends` holds every back end some tool uses, or why it
    /// could not be built.
    pub fn new(
        tools: &[ToolConfig],
        backends: HashMap<Kind, Result<Arc<dyn Sandbox>, String>>,
    ) -> Registry {
        let mut ok = HashMap::new();
        let mut unavailable = HashMap::new();
        for (k, b) in backends {
            match b {
                Ok(b) => {
                    ok.insert(k, b);
                }
                Err(e) => {
                    unavailable.insert(k, e);
                }
            }
        }
        Registry::from_parts(tools, ok, unavailable)
    }

    /// The registry for a reloaded `[[tools]]`, on the back ends this one runs: a tool
    /// whose back end the node did not start is listed and answers `sandbox_error`
    /// until a restart starts it.
    pub fn reloaded(&self, tools: &[ToolConfig]) -> Registry {
        let mut unavailable = self.unavailable.clone();
        for t in tools {
            if !self.backends.contains_key(&t.sandbox) {
                unavailable.entry(t.sandbox).or_insert_with(|| {
                    format!(
                        "the {} sandbox was not started with the node: restart it to run this tool",
                        t.sandbox.as_str()
                    )
                });
            }
        }
        Registry::from_parts(tools, self.backends.clone(), unavailable)
    }

    fn from_parts(
        tools: &[ToolConfig],
        backends: HashMap<Kind, Arc<dyn Sandbox>>,
        unavailable: HashMap<Kind, String>,
    ) -> Registry {
        let tools = tools
            .iter()
            .map(|t| {
                let spec = ToolSpec {
                    name: t.name.clone(),
                    kind: t.sandbox,
                    secrets: Default::default(),
                    command: t.command.clone(),
                    module: t.module.clone(),
                    image: t.image.clone(),
                    env: t.env.clone(),
                    limits: t.limits(),
                };
                (
                    t.name.clone(),
                    Tool {
                        cfg: t.clone(),
                        spec,
                    },
                )
            })
            .collect();
        Registry {
            tools,
            backends,
            unavailable,
        }
    }

    /// The tool of that name.
    pub fn get(&self, name: &str) -> Option<&Tool> {
        self.tools.get(name)
    }

    /// Every tool.
    pub fn iter(&self) -> impl Iterator<Item = &Tool> {
        self.tools.values()
    }

    /// The back end for `kind`, or why there is none.
    pub fn backend(&self, kind: Kind) -> Result<Arc<dyn Sandbox>, String> {
        if let Some(b) = self.backends.get(&kind) {
            return Ok(b.clone());
        }
        Err(self
            .unavailable
            .get(&kind)
            .cloned()
            .unwrap_or_else(|| format!("no {} sandbox configured", kind.as_str())))
    }

    /// Every back end that was built.
    pub fn backends(&self) -> impl Iterator<Item = &Arc<dyn Sandbox>> {
        self.backends.values()
    }
}

impl Tool {
    /// The public description of this tool.
    pub fn info(&self) -> ToolInfo {
        info(&self.cfg)
    }
}

/// The public description of a configured tool.
pub fn info(t: &ToolConfig) -> ToolInfo {
    ToolInfo {
        name: t.name.clone(),
        description: t.description.clone(),
        sandbox: t.sandbox.as_str().into(),
        safety: t.safety.as_str().into(),
        timeout_ms: t.timeout.as_millis() as u64,
        memory_bytes: t.memory,
        output_bytes: t.output_cap,
        network: t.network,
    }
}
