//! Corpus replay, so that a crash found once stays fixed: every committed seed under
//! `fuzz/corpus/<target>/` and every saved crash under `fuzz/artifacts/<target>/` (when
//! that directory exists) is fed to its target in `lango_protocol::fuzzing`. Runs in CI as a
//! normal test, without cargo-fuzz or a nightly toolchain (docs/fuzzing.md).

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// The files directly in `dir`, sorted (hidden files such as `.gitkeep` skipped).
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let entries =
        fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display())))
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    files
}

/// Runs `target` on every seed and saved crash of `name`; the corpus must exist and hold
/// at least one seed.
fn replay(name: &str, target: fn(&[u8])) {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let corpus = fuzz.join("corpus").join(name);
    assert!(
        corpus.is_dir(),
        "{}: the corpus directory is missing",
        corpus.display()
    );
    let mut files = inputs(&corpus);
    assert!(
        !files.is_empty(),
        "{}: the corpus is empty",
        corpus.display()
    );
    let artifacts = fuzz.join("artifacts").join(name);
    if artifacts.is_dir() {
        files.extend(inputs(&artifacts));
    }
    for file in files {
        let data =
            fs::read(&file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        if catch_unwind(AssertUnwindSafe(|| target(&data))).is_err() {
            panic!("fuzz target `{name}` failed on {}", file.display());
        }
    }
}

macro_rules! replay_targets {
    ($($target:ident),* $(,)?) => {
        $(
            #[test]
            fn $target() {
                replay(stringify!($target), lango_protocol::fuzzing::$target);
            }
        )*
    };
}

replay_targets!(
    frame,
    handshake,
    notice,
    tool_request,
    tool_response,
    receipt,
    tools_list
);
