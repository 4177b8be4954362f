//! Fuzz targets of the node crate: the configuration file, and the `/lango/ping/1.0.0`
//! bodies (the other wire decoders live in `lango-protocol` and are fuzzed there).
//!
//! Each target panics when its property fails; cargo-fuzz and the corpus replay in
//! `tests/fuzz_corpus.rs` report the panic. `docs/fuzzing.md` describes the targets and
//! how to run them.

use std::path::Path;

use serde::Serialize;

use crate::config::{Config, ConfigError};
use crate::daemon::ping::{parse_request, parse_response};

/// The configuration file (`Config::parse`), fed as UTF-8 text (other bytes are
/// skipped: `Config::load` reads a `String`). Never panics; parsing is deterministic
/// (same `Debug` form, or same error); a syntax error is reported on one line.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("fuzz.toml");
    let first = Config::parse(text, path);
    let second = Config::parse(text, path);
    match (&first, &second) {
        (Ok(a), Ok(b)) => assert_eq!(
            format!("{a:?}"),
            format!("{b:?}"),
            "config: the same text parsed to two configurations"
        ),
        (Err(a), Err(b)) => assert_eq!(
            a.to_string(),
            b.to_string(),
            "config: the same text failed two ways"
        ),
        _ => panic!("config: the same text parsed once and failed once"),
    }
    if let Err(ConfigError::Parse { message, .. }) = &first {
        assert!(
            !message.contains('\n'),
            "config: a parse error is not one line: {message:?}"
        );
    }
}

/// `/lango/ping/1.0.0` bodies: a request (callee side) if the first byte is even, else a
/// response (caller side). Checks the request's exact lengths, round trips, and that a
/// huge declared length is refused without being allocated.
pub fn ping(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    if selector & 1 == 0 {
        let Ok(req) = parse_request(body) else {
            return;
        };
        assert!(
            req.session_id.len() == 16 && req.nonce.len() == 16,
            "ping: accepted a request with a session id of {} and a nonce of {} bytes",
            req.session_id.len(),
            req.nonce.len()
        );
        let encoded = cbor(&req);
        assert_eq!(
            parse_request(&encoded).as_ref(),
            Ok(&req),
            "ping: decode(encode(request)) != request"
        );
        lango_protocol::fuzzing::assert_huge_declared_lengths_refused("ping", &encoded, |b| {
            parse_request(b).is_ok()
        });
    } else {
        let Ok(resp) = parse_response(body) else {
            return;
        };
        let encoded = cbor(&resp);
        match parse_response(&encoded) {
            Ok(again) => assert_eq!(again, resp, "ping: decode(encode(response)) != response"),
            Err(e) => panic!("ping: an encoded response does not decode: {e}"),
        }
        lango_protocol::fuzzing::assert_huge_declared_lengths_refused("ping", &encoded, |b| {
            parse_response(b).is_ok()
        });
    }
}

fn cbor<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    if let Err(e) = ciborium::into_writer(value, &mut out) {
        panic!("ping: encoding a decoded body failed: {e}");
    }
    out
}
