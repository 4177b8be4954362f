//! Fuzz targets of the protocol crate: one function per decoder of peer bytes.
//!
//! Each target takes arbitrary bytes, runs one decoder on them and checks a property of
//! the result; a failed property is a panic, which is what cargo-fuzz (and the corpus
//! replay in `tests/fuzz_corpus.rs`) reports. The properties, per target:
//!
//! - every decoded value survives `decode(encode(x)) == x`, and its encoding is stable;
//! - every decoder refuses a CBOR string, array or map that declares far more content
//!   than the input holds, without sizing a buffer from the declaration (a decoder that
//!   did would abort on the allocation or panic on the capacity overflow);
//! - what a decoder accepts meets the rules its documentation states (tool names, caps,
//!   lengths), and the handshake state machines accept exactly the frames they should.
//!
//! Keys, PeerIds, the clock and the random numbers are fixed so that a run is
//! reproducible and the committed seeds (`fuzz/corpus/`) can carry valid signatures.
//! `docs/fuzzing.md` describes the targets and how to run them.

use std::fmt::Debug;
use std::sync::OnceLock;

use rand_core::{CryptoRng, RngCore};

use crate::error::{Error, RejectCode};
use crate::framing::{body_len, encode_frame, HANDSHAKE_FRAME_CAP, PREFIX_LEN};
use crate::handshake::{
    Admission, ExpectHello, ExpectResponse, HandshakeConfig, PeerPolicy, DEFAULT_MAX_SKEW_MS,
};
use crate::identity::{AgentPublicKey, PeerIdBytes, Signer, SoftwareSigner};
use crate::lookup::{RecordRequest, RecordResponse};
use crate::notice::verify_notice;
use crate::record::{Accepted, RecordBook, RecordError, SignedRecord, MAX_ADDRS, MAX_ADDR_LEN};
use crate::replay::ReplayCache;
use crate::session::Direction;
use crate::time::UnixMillis;
use crate::tools::receipt::Receipt;
use crate::tools::valid_tool_name;
use crate::tools::wire::{
    ListRequest, ListResponse, ToolRequest, ToolResponse, LIST_CAP, MAX_ERROR_LEN, TOOLS_VERSION,
};
use crate::transcript::Transcript;
use crate::wire::{HandshakeFrame, Hello, RevokeNotice, HANDSHAKE_VERSION, MAX_REASON_LEN};

/// The clock of every handshake the targets run (2023-11-14T22:13:20Z).
pub const NOW: UnixMillis = UnixMillis(1_700_000_000_000);
/// Secret scalar of the fixed initiator key (valid: nonzero, below the group order).
pub const INITIATOR_SCALAR: [u8; 32] = [0x11; 32];
/// Secret scalar of the fixed responder key.
pub const RESPONDER_SCALAR: [u8; 32] = [0x22; 32];
/// PeerId bytes of the fixed initiator (opaque to the protocol).
pub const INITIATOR_PEER: &[u8] = b"fuzz-initiator-peer";
/// PeerId bytes of the fixed responder.
pub const RESPONDER_PEER: &[u8] = b"fuzz-responder-peer";
/// Every byte the fixed "random" generator produces, so every nonce it makes is
/// `[FIXED_RANDOM_BYTE; 32]`.
pub const FIXED_RANDOM_BYTE: u8 = 0xa5;

/// A declared length no input holds (2^62 - 1 bytes or items): sizing a buffer from it
/// fails loudly.
const HUGE_DECLARED: u64 = (1 << 62) - 1;

/// Frame caps the `frame` target picks from: tiny, ping, handshake/notice, tools-list,
/// and the largest a 4-byte prefix can announce.
const FRAME_CAPS: [usize; 5] = [1, 1024, HANDSHAKE_FRAME_CAP, LIST_CAP, u32::MAX as usize];

/// Length-prefixed frames (`framing`): the first byte picks a cap, the rest is a stream.
/// Checks that a prefix is accepted exactly when `1 <= len <= cap`, that an announced
/// length over the cap is refused from the prefix alone, and that frames round-trip.
pub fn frame(data: &[u8]) {
    let Some((&selector, stream)) = data.split_first() else {
        return;
    };
    let cap = FRAME_CAPS[usize::from(selector) % FRAME_CAPS.len()];

    // An announcement just over the cap, and the largest one, are refused by the prefix.
    for declared in [cap as u64 + 1, u64::from(u32::MAX)] {
        let Ok(prefix) = u32::try_from(declared) else {
            continue;
        };
        if declared <= cap as u64 {
            continue;
        }
        assert_eq!(
            body_len(prefix.to_be_bytes(), cap),
            Err(Error::Oversize {
                len: declared,
                cap: cap as u64,
            }),
            "frame: a prefix announcing {declared} bytes was not refused under cap {cap}"
        );
    }

    // Reading, as the node does: the prefix, then exactly the announced body.
    if let Some(prefix) = stream.get(..PREFIX_LEN) {
        let mut p = [0u8; PREFIX_LEN];
        p.copy_from_slice(prefix);
        let declared = u64::from(u32::from_be_bytes(p));
        match body_len(p, cap) {
            Ok(n) => {
                assert!(
                    n as u64 == declared && (1..=cap).contains(&n),
                    "frame: body_len accepted {n} for a prefix announcing {declared}, cap {cap}"
                );
                if let Some(whole) = stream.get(..PREFIX_LEN + n) {
                    let body = &whole[PREFIX_LEN..];
                    match encode_frame(body, cap) {
                        Ok(again) => assert_eq!(
                            again, whole,
                            "frame: re-encoding a frame's body gives other bytes"
                        ),
                        Err(e) => panic!("frame: a body the reader accepted does not encode: {e}"),
                    }
                }
            }
            Err(Error::Oversize { len, cap: c }) => assert!(
                len == declared && c == cap as u64 && declared > cap as u64,
                "frame: Oversize({len}, cap {c}) for a prefix announcing {declared}, cap {cap}"
            ),
            Err(Error::Malformed(_)) => {
                assert_eq!(declared, 0, "frame: a non-empty announcement is malformed")
            }
            Err(e) => panic!("frame: unexpected error from body_len: {e}"),
        }
    }

    // Writing the whole rest as one payload.
    match encode_frame(stream, cap) {
        Ok(framed) => {
            assert!(stream.len() <= cap, "frame: encoded a payload over the cap");
            assert_eq!(
                framed.get(PREFIX_LEN..),
                Some(stream),
                "frame: body altered"
            );
            let mut p = [0u8; PREFIX_LEN];
            p.copy_from_slice(&framed[..PREFIX_LEN]);
            // An empty payload encodes to a frame the reader refuses as empty; no sender
            // emits one (every body is a CBOR item of at least one byte).
            if !stream.is_empty() {
                assert_eq!(
                    body_len(p, cap),
                    Ok(stream.len()),
                    "frame: the prefix of an encoded frame does not read back"
                );
            }
        }
        Err(Error::Oversize { len, cap: c }) => assert!(
            stream.len() > cap && len == stream.len() as u64 && c == cap as u64,
            "frame: encode_frame refused {} bytes under cap {cap}",
            stream.len()
        ),
        Err(e) => panic!("frame: unexpected error from encode_frame: {e}"),
    }
}

/// Handshake frames (`HandshakeFrame::decode`, every message). The first byte picks the
/// state that receives the decoded frame: low nibble 0 decode only, 1 responder awaiting
/// `hello`, 2 initiator awaiting `response`, 3 responder awaiting `finish`, 4 initiator
/// awaiting the outcome; the high nibble (mod 3) picks the trust answer (trusted,
/// unknown, blocked). Checks round trips, declared lengths, and that each state accepts
/// a frame exactly when its rules say so.
pub fn handshake(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let Ok(frame) = HandshakeFrame::decode(body) else {
        return;
    };
    codec_properties(
        "handshake",
        &frame,
        HandshakeFrame::encode,
        HandshakeFrame::decode,
    );
    let admission = match (selector >> 4) % 3 {
        0 => Admission::Trusted,
        1 => Admission::Unknown,
        _ => Admission::Blocked,
    };
    match selector & 0x0f {
        1 => responder_receives_hello(frame, admission),
        2 => initiator_receives_response(frame, admission),
        3 => responder_receives_finish(frame, admission),
        4 => initiator_receives_outcome(frame),
        _ => {}
    }
}

/// Revocation notices (`RevokeNotice::decode`). Checks the reason cap, round trips,
/// declared lengths, that verification never panics, that a notice is refused for any
/// other session, and that a notice that verifies is bound to the direction it was sent.
pub fn notice(data: &[u8]) {
    let Ok(n) = RevokeNotice::decode(data) else {
        return;
    };
    assert!(
        n.reason.len() <= MAX_REASON_LEN,
        "notice: accepted a reason of {} bytes",
        n.reason.len()
    );
    codec_properties("notice", &n, RevokeNotice::encode, RevokeNotice::decode);
    let (from, to) = (peer(INITIATOR_PEER), peer(RESPONDER_PEER));
    if verify_notice(&n, &from, &to, &n.to_key, &n.from_key, &n.session_id).is_ok() {
        assert_eq!(
            verify_notice(&n, &to, &from, &n.to_key, &n.from_key, &n.session_id),
            Err(Error::BadSignature),
            "notice: a notice verified for both directions between two peers"
        );
    }
    let mut other = n.session_id;
    other.0[0] ^= 1;
    assert_eq!(
        verify_notice(&n, &from, &to, &n.to_key, &n.from_key, &other),
        Err(Error::NoticeMismatch),
        "notice: a notice was not refused for another session"
    );
}

/// Tool-call requests (`ToolRequest::decode`). Checks that what is accepted has version
/// 2, a valid tool name, JSON input and a non-zero timeout; round trips; declared lengths.
pub fn tool_request(data: &[u8]) {
    let Ok(r) = ToolRequest::decode(data) else {
        return;
    };
    assert!(
        valid_tool_name(&r.tool),
        "tool_request: accepted tool name {:?}",
        r.tool
    );
    assert!(
        serde_json::from_str::<serde::de::IgnoredAny>(&r.input).is_ok(),
        "tool_request: accepted input that is not JSON"
    );
    assert_ne!(r.timeout_ms, 0, "tool_request: accepted timeout_ms 0");
    codec_properties("tool_request", &r, ToolRequest::encode, ToolRequest::decode);
}

/// Tool-call responses (`ToolResponse::decode`, with the receipt inside). Checks the
/// error-text cap and the embedded receipt's tool name; round trips; declared lengths.
pub fn tool_response(data: &[u8]) {
    let Ok(r) = ToolResponse::decode(data) else {
        return;
    };
    assert!(
        r.error.len() <= MAX_ERROR_LEN,
        "tool_response: accepted an error text of {} bytes",
        r.error.len()
    );
    if let Some(receipt) = &r.receipt {
        assert!(
            valid_tool_name(&receipt.tool),
            "tool_response: accepted a receipt for tool {:?}",
            receipt.tool
        );
    }
    codec_properties(
        "tool_response",
        &r,
        ToolResponse::encode,
        ToolResponse::decode,
    );
}

/// Receipts (`Receipt::decode`). Checks the tool name, round trips, declared lengths,
/// that verification never panics, and that a receipt that verifies stops verifying when
/// its request id changes.
pub fn receipt(data: &[u8]) {
    let Ok(r) = Receipt::decode(data) else {
        return;
    };
    assert!(
        valid_tool_name(&r.tool),
        "receipt: accepted tool name {:?}",
        r.tool
    );
    codec_properties("receipt", &r, Receipt::encode, Receipt::decode);
    if r.verify().is_ok() {
        let mut moved = r.clone();
        moved.request_id[0] ^= 1;
        assert_eq!(
            moved.verify(),
            Err(Error::BadSignature),
            "receipt: a signature still verified for another request id"
        );
    }
}

/// Tools-list messages (`ListRequest::decode` if the first byte is even, else
/// `ListResponse::decode`). Checks the version, the session-id length and the listed
/// names; round trips; declared lengths.
pub fn tools_list(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    if selector & 1 == 0 {
        let Ok(r) = ListRequest::decode(body) else {
            return;
        };
        assert_eq!(r.v, TOOLS_VERSION, "tools_list: accepted request version");
        assert_eq!(
            r.session_id.len(),
            16,
            "tools_list: accepted session id length"
        );
        codec_properties("tools_list", &r, ListRequest::encode, ListRequest::decode);
    } else {
        let Ok(r) = ListResponse::decode(body) else {
            return;
        };
        assert_eq!(r.v, TOOLS_VERSION, "tools_list: accepted response version");
        assert!(
            r.tools.iter().all(|t| valid_tool_name(&t.name)),
            "tools_list: accepted a listing with a malformed tool name"
        );
        codec_properties("tools_list", &r, ListResponse::encode, ListResponse::decode);
    }
}

/// Signed peer records (`SignedRecord::decode`). Checks the address caps, round trips
/// and declared lengths; for a record that verifies (at one millisecond before its
/// expiry), that changing any signed field breaks the signature, that it is refused
/// once expired, and that a record book takes it once and then refuses the altered copy.
pub fn peer_record(data: &[u8]) {
    let Ok(r) = SignedRecord::decode(data) else {
        return;
    };
    assert!(
        r.record.addrs.len() <= MAX_ADDRS && r.record.addrs.iter().all(|a| a.len() <= MAX_ADDR_LEN),
        "peer_record: accepted addresses over the caps"
    );
    codec_properties("peer_record", &r, SignedRecord::encode, record_decode);
    let at = UnixMillis(r.record.expires.0.saturating_sub(1));
    if r.verify(at).is_err() {
        return;
    }
    let mut seq = r.clone();
    seq.record.seq ^= 1;
    assert_eq!(
        seq.verify(at),
        Err(RecordError::Forged),
        "peer_record: seq not signed"
    );
    let mut addrs = r.clone();
    addrs.record.addrs.push("/ip4/203.0.113.1/tcp/1".into());
    assert!(
        addrs.verify(at).is_err(),
        "peer_record: addresses not signed"
    );
    let mut peer = r.clone();
    peer.record.peer_id.0.push(0);
    assert!(peer.verify(at).is_err(), "peer_record: PeerId not signed");
    assert!(
        matches!(r.verify(r.record.expires), Err(RecordError::Expired { .. })),
        "peer_record: an expired record verified"
    );
    let mut book = RecordBook::new(4);
    assert_eq!(book.accept(&r, None, None, at), Ok(Accepted::New));
    assert_eq!(book.accept(&r, None, None, at), Ok(Accepted::Same));
    assert!(
        book.accept(&addrs, None, None, at).is_err(),
        "peer_record: the book took an altered copy"
    );
}

/// Record-protocol messages (`RecordRequest::decode` if the first byte is even, else
/// `RecordResponse::decode`): round trips and declared lengths.
pub fn records_message(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    if selector & 1 == 0 {
        if let Ok(r) = RecordRequest::decode(body) {
            if let RecordRequest::Probe { tags, .. } = &r {
                assert!(
                    (1..=crate::lookup::MAX_PROBE_TAGS).contains(&tags.len()),
                    "records_message: accepted a probe of {} tags",
                    tags.len()
                );
            }
            codec_properties("records_message", &r, RecordRequest::encode, |b| {
                RecordRequest::decode(b).map_err(|e| Error::Malformed(e.to_string()))
            });
        }
    } else if let Ok(r) = RecordResponse::decode(body) {
        if let RecordResponse::Refused(why) = &r {
            assert!(
                why.len() <= MAX_REASON_LEN,
                "records_message: accepted a long refusal"
            );
        }
        codec_properties("records_message", &r, RecordResponse::encode, |b| {
            RecordResponse::decode(b).map_err(|e| Error::Malformed(e.to_string()))
        });
    }
}

fn record_decode(b: &[u8]) -> Result<SignedRecord, Error> {
    SignedRecord::decode(b).map_err(|e| Error::Malformed(e.to_string()))
}

/// Helper for targets in other crates (not a target): for every definite-length string,
/// array and map header in `encoded` (one CBOR item, as an encoder of this workspace
/// writes it), declares 2^62 - 1 bytes or items there instead and checks that `decodes`
/// refuses the result. A decoder that sized a buffer from the declaration would abort
/// on the allocation or panic on the capacity overflow, which the fuzzer reports too.
pub fn assert_huge_declared_lengths_refused(
    target: &str,
    encoded: &[u8],
    decodes: impl Fn(&[u8]) -> bool,
) {
    let Some(headers) = length_headers(encoded) else {
        panic!("{target}: an encoder wrote something that is not one well-formed CBOR item");
    };
    for (at, header_len, major) in headers {
        let mut forged = Vec::with_capacity(encoded.len() + 9);
        forged.extend_from_slice(&encoded[..at]);
        forged.push((major << 5) | 27);
        forged.extend_from_slice(&HUGE_DECLARED.to_be_bytes());
        forged.extend_from_slice(&encoded[at + header_len..]);
        assert!(
            !decodes(&forged),
            "{target}: accepted a declared length of {HUGE_DECLARED} at byte {at}"
        );
    }
}

/// Both codec properties of a decoded `value`: [`round_trip`], then
/// [`assert_huge_declared_lengths_refused`] on its encoding.
fn codec_properties<T: PartialEq + Debug>(
    target: &str,
    value: &T,
    encode: impl Fn(&T) -> Vec<u8>,
    decode: impl Fn(&[u8]) -> Result<T, Error>,
) {
    let encoded = round_trip(target, value, encode, &decode);
    assert_huge_declared_lengths_refused(target, &encoded, |b| decode(b).is_ok());
}

/// `decode(encode(value)) == value`, and encoding that again gives the same bytes.
/// Returns the encoding.
fn round_trip<T: PartialEq + Debug>(
    target: &str,
    value: &T,
    encode: impl Fn(&T) -> Vec<u8>,
    decode: impl Fn(&[u8]) -> Result<T, Error>,
) -> Vec<u8> {
    let encoded = encode(value);
    match decode(&encoded) {
        Ok(again) => {
            assert_eq!(&again, value, "{target}: decode(encode(x)) != x");
            assert_eq!(
                encode(&again),
                encoded,
                "{target}: encoding a decoded value is not stable"
            );
        }
        Err(e) => panic!("{target}: the encoding of a decoded value does not decode: {e}"),
    }
    encoded
}

/// Offset, header length and major type of every definite-length byte string, text
/// string, array and map header in `cbor`; `None` unless `cbor` is exactly one
/// well-formed item without indefinite lengths.
fn length_headers(cbor: &[u8]) -> Option<Vec<(usize, usize, u8)>> {
    let mut found = Vec::new();
    let mut pos = 0usize;
    // Items still to read. Each iteration consumes at least one byte, so the loop ends
    // within `cbor.len()` iterations whatever the counts say.
    let mut pending: u64 = 1;
    while pending > 0 {
        pending -= 1;
        let initial = *cbor.get(pos)?;
        let (major, info) = (initial >> 5, initial & 0x1f);
        let arg_len = match info {
            0..=23 => 0,
            24 => 1,
            25 => 2,
            26 => 4,
            27 => 8,
            _ => return None,
        };
        let arg_bytes = cbor.get(pos + 1..pos + 1 + arg_len)?;
        let arg = if arg_len == 0 {
            u64::from(info)
        } else {
            arg_bytes
                .iter()
                .fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
        };
        let header_len = 1 + arg_len;
        match major {
            2 | 3 => {
                found.push((pos, header_len, major));
                pos = pos
                    .checked_add(header_len)?
                    .checked_add(usize::try_from(arg).ok()?)?;
            }
            4 => {
                found.push((pos, header_len, major));
                pos += header_len;
                pending = pending.checked_add(arg)?;
            }
            5 => {
                found.push((pos, header_len, major));
                pos += header_len;
                pending = pending.checked_add(arg.checked_mul(2)?)?;
            }
            6 => {
                pos += header_len;
                pending = pending.checked_add(1)?;
            }
            // Integers, simple values and floats: the argument is the whole item.
            _ => pos += header_len,
        }
    }
    (pos == cbor.len()).then_some(found)
}

/// The fixed initiator and responder keys, made once per process.
struct Keys {
    initiator: SoftwareSigner,
    responder: SoftwareSigner,
}

fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| Keys {
        // Invariant: both constant scalars are nonzero and below the P-256 group order.
        initiator: SoftwareSigner::from_scalar(&INITIATOR_SCALAR)
            .expect("the fixed initiator scalar is a valid P-256 key"),
        responder: SoftwareSigner::from_scalar(&RESPONDER_SCALAR)
            .expect("the fixed responder scalar is a valid P-256 key"),
    })
}

fn peer(bytes: &[u8]) -> PeerIdBytes {
    PeerIdBytes(bytes.to_vec())
}

/// Whether `ts` passes the default skew check at [`NOW`].
fn fresh(ts: UnixMillis) -> bool {
    ts.0.abs_diff(NOW.0) <= DEFAULT_MAX_SKEW_MS
}

fn replay_cache() -> ReplayCache {
    ReplayCache::new(16, DEFAULT_MAX_SKEW_MS)
}

/// A trust store that answers the same for every key.
struct FixedPolicy(Admission);

impl PeerPolicy for FixedPolicy {
    fn admit(&self, _key: &AgentPublicKey, _now: UnixMillis) -> Admission {
        self.0
    }
}

/// A generator whose every byte is [`FIXED_RANDOM_BYTE`]: nonces become predictable,
/// which is what makes signed seeds possible. Fuzzing only; it is not random at all.
struct FixedRng;

impl RngCore for FixedRng {
    fn next_u32(&mut self) -> u32 {
        u32::from_ne_bytes([FIXED_RANDOM_BYTE; 4])
    }

    fn next_u64(&mut self) -> u64 {
        u64::from_ne_bytes([FIXED_RANDOM_BYTE; 8])
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        dest.fill(FIXED_RANDOM_BYTE);
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl CryptoRng for FixedRng {}

/// Responder, message 1: accepted exactly when the version is 1, the timestamp is
/// fresh and the key is not blocked; the answer is a `response` signed over the
/// transcript.
fn responder_receives_hello(frame: HandshakeFrame, admission: Admission) {
    let k = keys();
    let sent = frame.clone();
    let mut replay = replay_cache();
    let result = ExpectHello::new(
        HandshakeConfig::default(),
        peer(RESPONDER_PEER),
        peer(INITIATOR_PEER),
    )
    .handle(
        frame,
        NOW,
        &k.responder,
        &FixedPolicy(admission),
        &mut replay,
        &mut FixedRng,
    );
    let HandshakeFrame::Hello(hello) = sent else {
        assert!(
            matches!(result, Err(Error::UnexpectedMessage { .. })),
            "handshake: responder awaiting hello answered {result:?}"
        );
        return;
    };
    let acceptable = hello.version == HANDSHAKE_VERSION
        && fresh(hello.timestamp)
        && admission != Admission::Blocked;
    assert_eq!(
        result.is_ok(),
        acceptable,
        "handshake: responder answered {result:?} to {hello:?} (admission {admission:?})"
    );
    let Ok((_, reply)) = result else {
        return;
    };
    let HandshakeFrame::Response(resp) = &reply else {
        panic!("handshake: responder answered hello with {}", reply.name());
    };
    assert_eq!(resp.agent_key, k.responder.public_key());
    assert_eq!(resp.timestamp, NOW);
    let t = Transcript {
        initiator_peer: peer(INITIATOR_PEER),
        responder_peer: peer(RESPONDER_PEER),
        initiator_key: hello.agent_key,
        responder_key: resp.agent_key,
        initiator_nonce: hello.nonce,
        responder_nonce: resp.nonce,
        initiator_time: hello.timestamp,
        responder_time: NOW,
    };
    assert_eq!(
        resp.agent_key
            .verify(&t.responder_payload(), &resp.signature),
        Ok(()),
        "handshake: the responder's signature does not verify over the transcript"
    );
    round_trip(
        "handshake",
        &reply,
        HandshakeFrame::encode,
        HandshakeFrame::decode,
    );
}

/// Initiator, message 2: accepted exactly when the timestamp is fresh, the signature
/// verifies over the transcript and the key is trusted; the answer is a `finish` that
/// verifies under the initiator's key. A `reject` is reported as such.
fn initiator_receives_response(frame: HandshakeFrame, admission: Admission) {
    let k = keys();
    let (state, hello) = ExpectResponse::start(
        HandshakeConfig::default(),
        k.initiator.public_key(),
        peer(INITIATOR_PEER),
        peer(RESPONDER_PEER),
        NOW,
        &mut FixedRng,
    );
    let HandshakeFrame::Hello(hello) = hello else {
        panic!("handshake: the initiator did not start with hello");
    };
    let sent = frame.clone();
    let mut replay = replay_cache();
    let result = state.handle(
        frame,
        NOW,
        &k.initiator,
        &FixedPolicy(admission),
        &mut replay,
    );
    match sent {
        HandshakeFrame::Response(resp) => {
            let t = Transcript {
                initiator_peer: peer(INITIATOR_PEER),
                responder_peer: peer(RESPONDER_PEER),
                initiator_key: hello.agent_key,
                responder_key: resp.agent_key,
                initiator_nonce: hello.nonce,
                responder_nonce: resp.nonce,
                initiator_time: hello.timestamp,
                responder_time: resp.timestamp,
            };
            let acceptable = fresh(resp.timestamp)
                && resp
                    .agent_key
                    .verify(&t.responder_payload(), &resp.signature)
                    .is_ok()
                && admission == Admission::Trusted;
            assert_eq!(
                result.is_ok(),
                acceptable,
                "handshake: initiator answered {result:?} to {resp:?} (admission {admission:?})"
            );
            if let Ok((_, reply)) = result {
                let HandshakeFrame::Finish(finish) = &reply else {
                    panic!(
                        "handshake: initiator answered response with {}",
                        reply.name()
                    );
                };
                assert_eq!(
                    k.initiator
                        .public_key()
                        .verify(&t.initiator_payload(), &finish.signature),
                    Ok(()),
                    "handshake: the initiator's finish does not verify over the transcript"
                );
            }
        }
        HandshakeFrame::Reject(code) => {
            assert_rejected("initiator awaiting response", result.err(), code)
        }
        other => assert!(
            matches!(result, Err(Error::UnexpectedMessage { .. })),
            "handshake: initiator awaiting response answered {result:?} to {}",
            other.name()
        ),
    }
}

/// Responder, message 3 (after a fixed, valid `hello` from the initiator key): accepted
/// exactly when the signature verifies over the transcript and the key is trusted; the
/// result names the initiator and the transcript's session id.
fn responder_receives_finish(frame: HandshakeFrame, admission: Admission) {
    let k = keys();
    let hello = Hello {
        version: HANDSHAKE_VERSION,
        agent_key: k.initiator.public_key(),
        nonce: [FIXED_RANDOM_BYTE; 32],
        timestamp: NOW,
    };
    let mut replay = replay_cache();
    let (state, reply) = match ExpectHello::new(
        HandshakeConfig::default(),
        peer(RESPONDER_PEER),
        peer(INITIATOR_PEER),
    )
    .handle(
        HandshakeFrame::Hello(hello.clone()),
        NOW,
        &k.responder,
        &FixedPolicy(Admission::Trusted),
        &mut replay,
        &mut FixedRng,
    ) {
        Ok(next) => next,
        Err(e) => panic!("handshake: the fixed, valid hello was refused: {e}"),
    };
    let HandshakeFrame::Response(resp) = reply else {
        panic!("handshake: responder did not answer the fixed hello with a response");
    };
    let t = Transcript {
        initiator_peer: peer(INITIATOR_PEER),
        responder_peer: peer(RESPONDER_PEER),
        initiator_key: hello.agent_key,
        responder_key: resp.agent_key,
        initiator_nonce: hello.nonce,
        responder_nonce: resp.nonce,
        initiator_time: hello.timestamp,
        responder_time: resp.timestamp,
    };
    let sent = frame.clone();
    let result = state.handle(frame, NOW, &FixedPolicy(admission), &mut replay);
    match sent {
        HandshakeFrame::Finish(finish) => {
            let acceptable = hello
                .agent_key
                .verify(&t.initiator_payload(), &finish.signature)
                .is_ok()
                && admission == Admission::Trusted;
            assert_eq!(
                result.is_ok(),
                acceptable,
                "handshake: responder answered {result:?} to a finish (admission {admission:?})"
            );
            if let Ok((established, reply)) = result {
                assert_eq!(reply, HandshakeFrame::Accept);
                assert_eq!(established.remote_key, hello.agent_key);
                assert_eq!(established.remote_peer, peer(INITIATOR_PEER));
                assert_eq!(established.session_id, t.session_id());
                assert_eq!(established.direction, Direction::Inbound);
            }
        }
        HandshakeFrame::Reject(code) => {
            assert_rejected("responder awaiting finish", result.err(), code)
        }
        other => assert!(
            matches!(result, Err(Error::UnexpectedMessage { .. })),
            "handshake: responder awaiting finish answered {result:?} to {}",
            other.name()
        ),
    }
}

/// Initiator, outcome (after a complete, valid exchange with the responder key): only
/// `accept` establishes, `reject` reports its code, anything else is unexpected.
fn initiator_receives_outcome(frame: HandshakeFrame) {
    let k = keys();
    let trusted = FixedPolicy(Admission::Trusted);
    let (initiator, hello) = ExpectResponse::start(
        HandshakeConfig::default(),
        k.initiator.public_key(),
        peer(INITIATOR_PEER),
        peer(RESPONDER_PEER),
        NOW,
        &mut FixedRng,
    );
    let (mut replay_i, mut replay_r) = (replay_cache(), replay_cache());
    let (_, response) = match ExpectHello::new(
        HandshakeConfig::default(),
        peer(RESPONDER_PEER),
        peer(INITIATOR_PEER),
    )
    .handle(
        hello,
        NOW,
        &k.responder,
        &trusted,
        &mut replay_r,
        &mut FixedRng,
    ) {
        Ok(next) => next,
        Err(e) => panic!("handshake: the responder refused the initiator's hello: {e}"),
    };
    let (awaiting, _finish) =
        match initiator.handle(response, NOW, &k.initiator, &trusted, &mut replay_i) {
            Ok(next) => next,
            Err(e) => panic!("handshake: the initiator refused the responder's response: {e}"),
        };
    let sent = frame.clone();
    let result = awaiting.handle(frame);
    match sent {
        HandshakeFrame::Accept => match result {
            Ok(established) => {
                assert_eq!(established.remote_key, k.responder.public_key());
                assert_eq!(established.remote_peer, peer(RESPONDER_PEER));
                assert_eq!(established.direction, Direction::Outbound);
            }
            Err(e) => panic!("handshake: initiator refused accept: {e}"),
        },
        HandshakeFrame::Reject(code) => {
            assert_rejected("initiator awaiting outcome", result.err(), code)
        }
        other => assert!(
            matches!(result, Err(Error::UnexpectedMessage { .. })),
            "handshake: initiator awaiting outcome answered {result:?} to {}",
            other.name()
        ),
    }
}

fn assert_rejected(state: &str, error: Option<Error>, code: RejectCode) {
    assert_eq!(
        error,
        Some(Error::Rejected(code)),
        "handshake: {state} did not report the peer's reject"
    );
}

/// Runs `target` on every committed seed in `fuzz/corpus/<name>/` and every saved crash
/// in `fuzz/artifacts/<name>/` under `fuzz_dir`: the corpus replay each crate's
/// `tests/fuzz_corpus.rs` runs in CI (no cargo-fuzz needed). The corpus must exist and
/// hold a seed; a failing input is named.
pub fn replay_corpus(fuzz_dir: &std::path::Path, name: &str, target: fn(&[u8])) {
    fn inputs(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let entries =
            std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
        let mut files: Vec<_> = entries
            .map(|e| {
                e.unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
                    .path()
            })
            .filter(|p| p.is_file())
            .filter(|p| {
                !p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        files.sort();
        files
    }
    let corpus = fuzz_dir.join("corpus").join(name);
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
    let artifacts = fuzz_dir.join("artifacts").join(name);
    if artifacts.is_dir() {
        files.extend(inputs(&artifacts));
    }
    for file in files {
        let data =
            std::fs::read(&file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| target(&data)));
        if run.is_err() {
            panic!("fuzz target `{name}` failed on {}", file.display());
        }
    }
}
