#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| lango_protocol::fuzzing::peer_record(data));
