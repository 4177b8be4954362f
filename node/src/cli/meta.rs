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

/// `pii score`: the built-in detectors' accuracy on a labelled corpus.
fn pii_score(file: &std::path::Path, verbose: bool) -> anyhow::Result<()> {
    use std::fmt::Write as _;
    let corpus = std::fs::read_to_string(file)
        .map_err(|e| UsageError(format!("cannot read {}: {e}", file.display())))?;
    let mut listed = String::new();
    let score = crate::pii::score_with_misses(&corpus, |m, text| {
        if verbose {
            let from = text.floor_char_boundary(m.start.saturating_sub(40));
            let to = text.ceil_char_boundary((m.end + 40).min(text.len()));
            let context = format!(
                "{}[[{}]]{}",
                &text[from..m.start],
                &text[m.start..m.end],
                &text[m.end..to]
            );
            let tag = if m.found { "FP" } else { "FN" };
            let _ = writeln!(listed, "{tag} {:16} line {}: {context:?}", m.kind, m.line);
        }
    })
    .map_err(|e| UsageError(format!("{}: {e}", file.display())))?;
    let (tp, fp, fneg) = score.totals();
    let (p, r) = score.micro_precision_recall();
    let mut out = format!(
        "micro P {p:.3} R {r:.3} F1 {:.3}  (tp {tp} fp {fp} fn {fneg})\n",
        score.micro_f1()
    );
    for (kind, (tp, fp, fneg)) in &score.0 {
        let (p, r) = score.precision_recall(kind);
        let _ = writeln!(
            out,
            "  {kind:16} P {p:.3} R {r:.3}  (tp {tp} fp {fp} fn {fneg})"
        );
    }
    out.push_str(&listed);
    std::io::Write::write_all(&mut std::io::stdout().lock(), out.as_bytes())?;
    Ok(())
}

/// `pii scan` and `pii score`. A reader that stops early (`pii scan | head`) ends the
/// command quietly, as it ends `grep`: that is no error.
pub async fn pii(cli: &Cli) -> anyhow::Result<()> {
    let r = if let Command::Pii(super::args::PiiCommand::Score { file, verbose }) = &cli.command {
        pii_score(file, *verbose)
    } else {
        pii_scan(cli).await
    };
    let broken_pipe = |e: &(dyn std::error::Error + 'static)| {
        let pipe = Some(std::io::ErrorKind::BrokenPipe);
        e.downcast_ref::<std::io::Error>().map(std::io::Error::kind) == pipe
            || e.downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == pipe
    };
    match r {
        Err(e) if e.chain().any(broken_pipe) => Ok(()),
        r => r,
    }
}

/// `pii scan`: streams stdin to stdout a line at a time (constant memory). Reads block
/// the runtime's thread: nothing else runs while this command does.
async fn pii_scan(cli: &Cli) -> anyhow::Result<()> {
    use std::io::{BufRead, Write};
    let Command::Pii(super::args::PiiCommand::Scan {
        jsonl,
        json: json_out,
        mode,
        types,
        strict,
    }) = &cli.command
    else {
        unreachable!("pii() is only called for pii commands")
    };
    let cfg = super::context::load_config(cli, &super::context::data_dir(cli)?)?;
    let mut pii_cfg = cfg.pii.clone();
    if let Some(m) = mode {
        pii_cfg.mode = *m;
    }
    if !types.is_empty() {
        pii_cfg.types = types.clone();
    }
    // An offline scan hashes with a key of its own: its tags never match a node's.
    let engine =
        crate::pii::Engine::new(&pii_cfg, "", crate::pii::HashKey::random()).map_err(UsageError)?;
    let mut stdin = std::io::stdin().lock();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut bad = 0usize;
    let mut fallbacks = 0usize;
    let mut buf = Vec::new();
    let mut n = 0usize;
    loop {
        buf.clear();
        if stdin.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        n += 1;
        let newline = buf.last() == Some(&b'\n');
        if newline {
            buf.pop();
        }
        let mut r = crate::pii::Redaction::default();
        if *jsonl || *json_out {
            let text = if *jsonl {
                match line_text(&buf) {
                    Ok(t) => t,
                    Err(why) => {
                        eprintln!("lango-node: line {n}: {why}");
                        bad += 1;
                        if *strict {
                            out.flush()?;
                            return Err(UsageError(format!("line {n}: {why}")).into());
                        }
                        continue;
                    }
                }
            } else {
                String::from_utf8_lossy(&buf).into_owned()
            };
            let spans = engine
                .detect_async(&text, &mut r)
                .await
                .map_err(|e| anyhow::anyhow!("line {n}: {e}"))?;
            let redacted = engine.apply(&text, &spans, &mut r);
            serde_json::to_writer(&mut out, &json!({"redacted": redacted, "spans": spans}))?;
            out.write_all(b"\n")?;
        } else {
            let red = engine
                .redact_bytes(&buf, &mut r)
                .await
                .map_err(|e| anyhow::anyhow!("line {n}: {e}"))?;
            out.write_all(&red)?;
            if newline {
                out.write_all(b"\n")?;
            }
        }
        if let Some(why) = r.fallback {
            fallbacks += 1;
            if fallbacks == 1 {
                eprintln!("lango-node: line {n}: built-in detectors only: {why}");
            }
        }
    }
    out.flush()?;
    if fallbacks > 1 {
        eprintln!("lango-node: {fallbacks} lines were scanned without Presidio");
    }
    if bad > 0 {
        anyhow::bail!("{bad} input lines were not {{\"text\": …}} (named above)");
    }
    Ok(())
}

/// The `text` of a `{"text": …}` line, or why it is not one.
fn line_text(line: &[u8]) -> Result<String, String> {
    let v: serde_json::Value =
        serde_json::from_slice(line).map_err(|e| format!("not JSON: {e}"))?;
    v.get("text")
        .and_then(|t| t.as_str())
        .map(str::to_string)
        .ok_or_else(|| "no \"text\" string".to_string())
}
