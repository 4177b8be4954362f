//! What the binary is and whether a config is good, without a node: `version`,
//! `config check`, `completions`, `man`.

use std::path::Path;

use serde_json::json;

use super::args::{Command, ConfigCommand};
use super::{Cli, UsageError};
use crate::config::Config;

/// The commit the binary was built from (`unknown` outside a git checkout).
pub const COMMIT: &str = env!("LANGO_COMMIT");

/// `--version` with the commit: `0.1.0 (commit 1a2b3c4d5e6f)`.
pub const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("LANGO_COMMIT"),
    ")"
);

/// The key providers this build can use (`init --key-provider`).
pub fn key_providers() -> Vec<&'static str> {
    crate::providers::NAMES
        .iter()
        .copied()
        .filter(|p| cfg!(feature = "tpm") || *p != "tpm")
        .collect()
}

/// The sandbox back ends this build has.
pub const SANDBOXES: &[&str] = &["subprocess", "wasm", "container"];

/// `version` and `config check`.
pub fn run(cli: &Cli) -> anyhow::Result<()> {
    match &cli.command {
        Command::Version(f) => {
            let v = json!({
                "version": env!("CARGO_PKG_VERSION"),
                "commit": COMMIT,
                "key_providers": key_providers(),
                "sandboxes": SANDBOXES,
                "target": format!("{}-{}", std::env::consts::ARCH, std::env::consts::OS),
                "debug_build": cfg!(debug_assertions),
            });
            if f.json {
                println!("{v}");
            } else {
                println!("lango-node {LONG_VERSION}");
                println!("key providers: {}", key_providers().join(", "));
                println!("sandboxes:     {}", SANDBOXES.join(", "));
            }
            Ok(())
        }
        Command::Config(ConfigCommand::Check { file, json }) => {
            let path = match (file, &cli.config) {
                (Some(f), _) | (None, Some(f)) => f.clone(),
                (None, None) => {
                    super::context::data_dir(cli)?.join(lango_storage::datadir::CONFIG_FILE)
                }
            };
            let cfg = check(&path)?;
            if *json {
                println!(
                    "{}",
                    json!({"ok": true, "path": path, "tools": cfg.tools.len(), "listen": cfg.node.listen})
                );
            } else {
                println!(
                    "{}: ok ({} tools, listen {})",
                    path.display(),
                    cfg.tools.len(),
                    cfg.node.listen.join(", ")
                );
            }
            Ok(())
        }
        Command::Completions { shell } => {
            // Into a buffer: `generate` panics on a failed write (a closed pipe).
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut cmd, "lango-node", &mut script);
            std::io::Write::write_all(&mut std::io::stdout(), &script)?;
            Ok(())
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd).render(&mut std::io::stdout())?;
            Ok(())
        }
        _ => unreachable!("meta::run() is only called for version, config, completions, man"),
    }
}

/// Loads and validates `path` as `run` does; a missing file is an error here (`run`
/// would use the defaults, but a check of a file that is not there is a typo).
fn check(path: &Path) -> anyhow::Result<Config> {
    if !path.exists() {
        return Err(UsageError(format!("config file {} does not exist", path.display())).into());
    }
    Config::load(path).map_err(|e| UsageError(e.to_string()).into())
}

/// `pii scan`: streams stdin to stdout a line at a time (constant memory). With
/// `--jsonl`, a line that is not `{"text": …}` is reported on stderr with its number and
/// skipped; the command then exits 1.
pub fn pii(cli: &Cli) -> anyhow::Result<()> {
    use std::io::{BufRead, Write};
    let Command::Pii(super::args::PiiCommand::Scan { jsonl }) = &cli.command else {
        unreachable!("pii() is only called for pii commands")
    };
    let stdin = std::io::stdin().lock();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut bad = 0usize;
    for (i, line) in stdin.lines().enumerate() {
        let line = line?;
        if *jsonl {
            let text = match serde_json::from_str::<serde_json::Value>(&line) {
                Ok(v) => match v.get("text").and_then(|t| t.as_str()) {
                    Some(t) => t.to_string(),
                    None => {
                        eprintln!("lango-node: line {}: no \"text\" string", i + 1);
                        bad += 1;
                        continue;
                    }
                },
                Err(e) => {
                    eprintln!("lango-node: line {}: not JSON: {e}", i + 1);
                    bad += 1;
                    continue;
                }
            };
            let spans = crate::pii::detect(&text);
            let redacted = crate::pii::redact(&text, &spans);
            serde_json::to_writer(&mut out, &json!({"redacted": redacted, "spans": spans}))?;
            out.write_all(b"\n")?;
        } else {
            let spans = crate::pii::detect(&line);
            writeln!(out, "{}", crate::pii::redact(&line, &spans))?;
        }
    }
    out.flush()?;
    if bad > 0 {
        anyhow::bail!("{bad} input lines were not {{\"text\": …}} (named above)");
    }
    Ok(())
}
