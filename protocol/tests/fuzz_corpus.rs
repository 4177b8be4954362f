//! Corpus replay, so that a crash found once stays fixed: every committed seed under
//! `fuzz/corpus/<target>/` and every saved crash under `fuzz/artifacts/<target>/` (when
//! that directory exists) is fed to its target in `lango_protocol::fuzzing`, through
//! `lango_protocol::fuzzing::replay_corpus`. Runs in CI as a normal test, without
//! cargo-fuzz or a nightly toolchain (docs/fuzzing.md).

macro_rules! replay_targets {
    ($($target:ident),* $(,)?) => {
        $(
            #[test]
            fn $target() {
                lango_protocol::fuzzing::replay_corpus(
                    &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz"),
                    stringify!($target),
                    lango_protocol::fuzzing::$target,
                );
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
    tools_list,
    peer_record,
    records_message
);
