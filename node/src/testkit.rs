//! Test support (not part of the product's interface): start real daemons in this
//! process on loopback, with fresh identities, for benchmarks and integration tests.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use lango_protocol::Signer;

use crate::config::Config;
use crate::daemon::{self, pipeline::Pipeline, Running};

/// How to start a test node.
#[derive(Default)]
pub struct NodeOptions {
    /// Replaces the node's software agent key (a slow or failing signer).
    pub signer: Option<Arc<dyn Signer>>,
    /// Replaces the standard pipeline.
    pub pipeline: Option<Pipeline>,
    /// The subprocess sandbox's launcher (the `lango-node` binary).
    pub sandbox_launcher: Option<PathBuf>,
}

/// Starts a real daemon in this process on a loopback port, with a fresh `local`
/// identity in `root/name` and the given config.
pub async fn start_node(root: &Path, name: &str, cfg: Config) -> anyhow::Result<Running> {
    start_node_with(root, name, cfg, NodeOptions::default()).await
}

/// [`start_node`] with options.
pub async fn start_node_with(
    root: &Path,
    name: &str,
    cfg: Config,
    opts: NodeOptions,
) -> anyhow::Result<Running> {
    let dir = Arc::new(lango_storage::DataDir::create(root.join(name))?);
    let unlocked = crate::keys::init(
        dir.clone(),
        "local",
        &Default::default(),
        Some("lango test passphrase"),
        &crate::keys::IdentityChoice::Local,
        false,
    )?;
    daemon::start(daemon::RunArgs {
        dir,
        cfg,
        listen: vec!["/ip4/127.0.0.1/tcp/0".parse()?],
        signer: opts.signer.unwrap_or(unlocked.signer),
        transport_key: unlocked.transport,
        trust: unlocked.trust,
        vault: unlocked.vault,
        pipeline: opts.pipeline,
        sandbox_launcher: opts.sandbox_launcher,
    })
    .await
}

/// A config with every default, parsed as if from an empty file.
pub fn default_config() -> Config {
    Config::default()
}
