//! `lango-node`: the binary. Sets up the process (no core dumps, private files,
//! logging, the runtime), parses the command line and hands it to the library; prints
//! the error, if any, on one line and exits with its code (0 ok, 1 failure, 2 usage or
//! "node not running", 3 denied).

use std::process::ExitCode;

use clap::Parser;

use lango_node::cli::{
    self,
    args::{Command, LogFormat},
    Cli,
};

fn no_core_dumps() -> std::io::Result<()> {
    use rustix::process::{set_dumpable_behavior, setrlimit, DumpableBehavior, Resource, Rlimit};
    setrlimit(
        Resource::Core,
        Rlimit {
            current: Some(0),
            maximum: Some(0),
        },
    )?;
    set_dumpable_behavior(DumpableBehavior::NotDumpable)?;
    Ok(())
}

fn main() -> ExitCode {
    // The subprocess sandbox re-executes this binary as its launcher: single-threaded,
    // before anything else runs, it applies the isolation layers and execs the tool.
    if std::env::args_os().nth(1).as_deref()
        == Some(std::ffi::OsStr::new(lango_node::LAUNCHER_SUBCOMMAND))
    {
        return lango_node::launcher_main();
    }
    // Everything the node creates (data dir, sled files, sockets) is private to its user.
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
    // The TPM's C library (tss2) prints its own error lines to stderr; ours name the
    // failure in one line instead. An operator who wants them sets TSS2_LOG.
    if std::env::var_os("TSS2_LOG").is_none() {
        std::env::set_var("TSS2_LOG", "all+none");
    }
    // Keys and secret values live in this process's memory: no core file may hold them,
    // and no other process of the same user may ptrace or read /proc/PID/mem. Refusal
    // is loud: running with dumps enabled would silently break that promise.
    if let Err(e) = no_core_dumps() {
        eprintln!("lango-node: cannot disable core dumps: {e}");
        return ExitCode::from(1);
    }
    let cli = Cli::parse();
    // `--control-socket` reaches the client through the variable it reads (set here,
    // before any thread exists).
    if let Some(p) = &cli.control_socket {
        std::env::set_var(lango_node::control::client::SOCKET_ENV, p);
    }
    let level = match &cli.log_level {
        Some(l) => l.clone(),
        None if matches!(cli.command, Command::Run { .. }) => "info".into(),
        None => "warn".into(),
    };
    let filter = match tracing_subscriber::EnvFilter::try_from_env("LANGO_LOG") {
        Ok(f) => f,
        Err(_) => match tracing_subscriber::EnvFilter::try_new(format!(
            "{level},libp2p=warn,tss_esapi=off"
        )) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("lango-node: bad --log-level {level:?}: {e}");
                return ExitCode::from(2);
            }
        },
    };
    let fmt = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match cli.log_format {
        LogFormat::Json => fmt.json().init(),
        LogFormat::Text => fmt
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .init(),
    }
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("lango-node: cannot start runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match rt.block_on(cli::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lango-node: {}", cli::one_line(&e));
            ExitCode::from(cli::exit_code(&e))
        }
    }
}
