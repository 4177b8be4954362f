//! The subprocess sandbox launcher as a stand-alone program (the node binary runs the
//! same code through a hidden subcommand). Started only by `lango_sandbox::subprocess`.

fn main() {
    std::process::exit(lango_sandbox::subprocess::launcher_main());
}
