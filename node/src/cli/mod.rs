//! The command line: [`args`] declares every command and flag; one module per group of
//! subcommands turns them into calls on the running node (over the control socket) or,
//! for the commands that work on a stopped node, into calls on the store itself. Exit
//! codes: 0 ok, 1 failure, 2 usage or "node not running", 3 denied; [`exit_code`] is
//! the one place an error becomes one.

mod approvals;
pub mod args;
mod context;
mod filter;
pub mod meta;
mod node;
mod output;
mod store;
mod tools;
mod trust;

pub use args::Cli;

use args::Command;

use crate::control::client::ClientError;
use crate::ops::{self, OpsError};

/// An error that is the user's (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// A failure whose exit code the daemon decided (it maps the operation's fault).
#[derive(Debug, thiserror::Error)]
#[error("{msg}")]
pub struct Exit {
    /// The exit code.
    pub code: u8,
    /// One line.
    pub msg: String,
}

/// Runs one command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match &cli.command {
        Command::Bench { suite, json } => crate::bench::run(suite, *json).await,
        Command::Init { .. } | Command::Run { .. } => node::lifecycle(&cli).await,
        Command::Id(_)
        | Command::Status(_)
        | Command::Peers(_)
        | Command::Doctor { .. }
        | Command::Metrics
        | Command::Events { .. }
        | Command::Ping { .. } => node::query(&cli).await,
        Command::Trust(_) | Command::Session(_) => trust::run(&cli).await,
        Command::Secrets(_)
        | Command::Keys(_)
        | Command::Keyring(_)
        | Command::Db(_)
        | Command::Audit(_) => store::run(&cli).await,
        Command::Tools(_) | Command::Invoke { .. } | Command::Receipt(_) | Command::Sandbox(_) => {
            tools::run(&cli).await
        }
        Command::Version(_) | Command::Config(_) | Command::Completions { .. } | Command::Man => {
            meta::run(&cli)
        }
        Command::Backup { .. } | Command::Restore { .. } => store::backup(&cli).await,
        Command::Pii(_) => meta::pii(&cli).await,
        Command::Approvals(_) => approvals::run(&cli).await,
    }
}

/// The exit code for an error that ended a command.
pub fn exit_code(e: &anyhow::Error) -> u8 {
    if let Some(x) = e.downcast_ref::<Exit>() {
        x.code
    } else if let Some(o) = e.downcast_ref::<OpsError>() {
        ops::exit_code(o.fault)
    } else if e.downcast_ref::<UsageError>().is_some() {
        2
    } else if let Some(ClientError::NotRunning(_)) = e.downcast_ref::<ClientError>() {
        2
    } else {
        1
    }
}

/// The error and its causes on one line, joined with ": ". A cause that its parent's
/// message already ends with (`"{path}: {source}"` with `source` also the cause) is said
/// once, not twice.
pub fn one_line(e: &anyhow::Error) -> String {
    let mut msg = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if msg.ends_with(&text) {
            continue;
        }
        if !msg.is_empty() {
            msg.push_str(": ");
        }
        msg.push_str(&text);
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn a_cause_already_in_its_parents_message_is_said_once() {
        let io = std::io::Error::from(std::io::ErrorKind::NotFound);
        let io_text = io.to_string();
        let e = anyhow::Error::new(lango_sandbox::SandboxError::Io {
            path: "/bin/busybox".into(),
            source: io,
        })
        .context("preparing noop-container");
        assert_eq!(
            one_line(&e),
            format!("preparing noop-container: /bin/busybox: {io_text}")
        );
        // A cause its parent does not repeat is still joined.
        let e = anyhow::anyhow!("inner").context("outer");
        assert_eq!(one_line(&e), "outer: inner");
    }
}
