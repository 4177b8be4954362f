//! Messages of `/lango/tools/1.0.0`.
//!
//! One stream carries one call: the caller writes one [`ToolRequest`] frame, the callee
//! answers with one [`ToolResponse`] frame and closes; a call that waits for approval
//! gets [`ToolPending`](super::pending::ToolPending) frames before the response. Frames are `u32_be(len) || CBOR`
//! ([`crate::framing`]); each body is one CBOR map with text keys and exactly the fields
//! below. Unknown or missing fields, wrong lengths, a malformed tool name, input that is
//! not UTF-8 JSON text, and trailing bytes are refused before anything acts on the frame.

use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

use crate::error::Error;
use crate::session::SessionId;
use crate::tools::receipt::Receipt;
use crate::tools::status::Status;
use crate::tools::valid_tool_name;
use crate::wire::{array, from_cbor, to_cbor};

/// The only tools-protocol version this implementation speaks (3: the pending frame).
pub const TOOLS_VERSION: u8 = 3;
/// Bytes of CBOR framing a request adds around its input (generous).
pub const REQUEST_OVERHEAD: usize = 512;
/// Bytes a response adds around stdout + stderr (fields, receipt, error text, a full
/// redaction report of 64 types).
pub const RESPONSE_OVERHEAD: usize = 8192;
/// Longest `error` text in a response.
pub const MAX_ERROR_LEN: usize = 512;

/// Caller → callee: run `tool` with `input`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToolRequest {
    /// Fresh random id; echoed in the response and bound into the receipt.
    pub request_id: [u8; 16],
    /// The caller's session with the callee (checked against the stream's PeerId).
    pub session_id: SessionId,
    /// Tool name, `[A-Za-z0-9._-]{1,64}`.
    pub tool: String,
    /// The input: one JSON document as UTF-8 text.
    pub input: String,
    /// The caller's time budget for the whole call in ms; the callee stops the tool at
    /// `min(timeout_ms, the tool's own timeout)`.
    pub timeout_ms: u64,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestRepr {
    v: u8,
    request_id: ByteBuf,
    session_id: ByteBuf,
    tool: String,
    input: String,
    timeout_ms: u64,
}

impl ToolRequest {
    /// CBOR body of the request frame.
    pub fn encode(&self) -> Vec<u8> {
        to_cbor(&RequestRepr {
            v: TOOLS_VERSION,
            request_id: ByteBuf::from(self.request_id.to_vec()),
            session_id: ByteBuf::from(self.session_id.0.to_vec()),
            tool: self.tool.clone(),
            input: self.input.clone(),
            timeout_ms: self.timeout_ms,
        })
    }

    /// Parses a request frame body. The input's JSON syntax is checked here too, so no
    /// later stage sees a request whose input is not a JSON document.
    pub fn decode(body: &[u8]) -> Result<Self, Error> {
        let r: RequestRepr = from_cbor(body)?;
        if r.v != TOOLS_VERSION {
            return Err(Error::Malformed(format!(
                "tools protocol version {}, want {TOOLS_VERSION}",
                r.v
            )));
        }
        if !valid_tool_name(&r.tool) {
            return Err(Error::Malformed(
                "tool name must be 1-64 of A-Z a-z 0-9 . _ -".into(),
            ));
        }
        if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(&r.input) {
            return Err(Error::BadInput(e.to_string()));
        }
        if r.timeout_ms == 0 {
            return Err(Error::Malformed("timeout_ms is 0".into()));
        }
        Ok(ToolRequest {
            request_id: array(&r.request_id, "request_id")?,
            session_id: SessionId(array(&r.session_id, "session_id")?),
            tool: r.tool,
            input: r.input,
            timeout_ms: r.timeout_ms,
        })
    }
}

/// Callee → caller: what happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToolResponse {
    /// The request's id.
    pub request_id: [u8; 16],
    /// Outcome.
    pub status: Status,
    /// The tool's stdout (empty unless it ran).
    pub output: Vec<u8>,
    /// The tool's stderr (shares the output cap with stdout).
    pub stderr: Vec<u8>,
    /// The tool's exit status, when it exited by itself.
    pub exit_status: Option<i32>,
    /// How the sandbox saw the run end (`exited`, `timed_out`, `out_of_memory`, ...), or
    /// empty when the tool did not run.
    pub termination: String,
    /// Output was cut at the cap.
    pub truncated: bool,
    /// PII spans redacted from the output.
    pub redactions: u32,
    /// The same, per entity type (empty when nothing was redacted).
    pub redacted_types: std::collections::BTreeMap<String, u32>,
    /// Set when the callee's configured PII analyzer could not answer and its built-in
    /// detectors redacted the output alone: why.
    pub pii_fallback: Option<String>,
    /// Time the callee spent on the call, ms.
    pub duration_ms: u64,
    /// One line for a non-`ok` status; empty otherwise.
    pub error: String,
    /// The callee's signed receipt; present for every response after the session check.
    pub receipt: Option<Receipt>,
    /// With `rate_limited`: how long the caller should wait before trying again, ms.
    pub retry_after_ms: Option<u64>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ResponseRepr {
    v: u8,
    request_id: ByteBuf,
    status: String,
    output: ByteBuf,
    stderr: ByteBuf,
    exit_status: Option<i32>,
    termination: String,
    truncated: bool,
    redactions: u32,
    duration_ms: u64,
    error: String,
    receipt: Option<ByteBuf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    retry_after_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    redacted_types: std::collections::BTreeMap<String, u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pii_fallback: Option<String>,
}

impl ToolResponse {
    /// A response with no output, for calls refused before the sandbox.
    pub fn refusal(request_id: [u8; 16], status: Status, error: impl Into<String>) -> Self {
        let mut error = error.into();
        crate::wire::truncate_at_char(&mut error, MAX_ERROR_LEN);
        ToolResponse {
            request_id,
            status,
            output: Vec::new(),
            stderr: Vec::new(),
            exit_status: None,
            termination: String::new(),
            truncated: false,
            redactions: 0,
            redacted_types: Default::default(),
            pii_fallback: None,
            duration_ms: 0,
            error,
            receipt: None,
            retry_after_ms: None,
        }
    }

    /// CBOR body of the response frame.
    pub fn encode(&self) -> Vec<u8> {
        to_cbor(&ResponseRepr {
            v: TOOLS_VERSION,
            request_id: ByteBuf::from(self.request_id.to_vec()),
            status: self.status.as_str().to_string(),
            output: ByteBuf::from(self.output.clone()),
            stderr: ByteBuf::from(self.stderr.clone()),
            exit_status: self.exit_status,
            termination: self.termination.clone(),
            truncated: self.truncated,
            redactions: self.redactions,
            duration_ms: self.duration_ms,
            error: self.error.clone(),
            receipt: self.receipt.as_ref().map(|r| ByteBuf::from(r.encode())),
            retry_after_ms: self.retry_after_ms,
            redacted_types: self.redacted_types.clone(),
            pii_fallback: self.pii_fallback.clone(),
        })
    }

    /// Parses a response frame body (the receipt is parsed, not verified).
    pub fn decode(body: &[u8]) -> Result<Self, Error> {
        let r: ResponseRepr = from_cbor(body)?;
        if r.v != TOOLS_VERSION {
            return Err(Error::Malformed(format!(
                "tools protocol version {}, want {TOOLS_VERSION}",
                r.v
            )));
        }
        if r.redacted_types.len() > 64 || r.redacted_types.keys().any(|k| k.len() > 40) {
            return Err(Error::Malformed(
                "redacted_types: more than 64 types or a name over 40 bytes".into(),
            ));
        }
        if r.pii_fallback
            .as_ref()
            .is_some_and(|f| f.len() > MAX_ERROR_LEN)
        {
            return Err(Error::Malformed(format!(
                "pii_fallback is over {MAX_ERROR_LEN} bytes"
            )));
        }
        if r.error.len() > MAX_ERROR_LEN {
            return Err(Error::Malformed(format!(
                "error text is {} bytes, cap {MAX_ERROR_LEN}",
                r.error.len()
            )));
        }
        let status = r
            .status
            .parse::<Status>()
            .map_err(|e| Error::Malformed(e.to_string()))?;
        Ok(ToolResponse {
            request_id: array(&r.request_id, "request_id")?,
            status,
            output: r.output.into_vec(),
            stderr: r.stderr.into_vec(),
            exit_status: r.exit_status,
            termination: r.termination,
            truncated: r.truncated,
            redactions: r.redactions,
            duration_ms: r.duration_ms,
            error: r.error,
            receipt: r.receipt.map(|b| Receipt::decode(&b)).transpose()?,
            retry_after_ms: r.retry_after_ms,
            redacted_types: r.redacted_types,
            pii_fallback: r.pii_fallback,
        })
    }
}

/// Caller → callee on `/lango/tools-list/1.0.0`: which tools may I call?
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListRequest {
    /// Version (1).
    pub v: u8,
    /// The caller's session id.
    pub session_id: ByteBuf,
}

/// One tool in a listing: what a caller needs to call it, never its command or env.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListedTool {
    /// Name.
    pub name: String,
    /// One line.
    pub description: String,
    /// `subprocess`, `wasm` or `container`.
    pub sandbox: String,
    /// `safe`, `moderate` or `dangerous`.
    pub safety: String,
    /// The tool's own timeout, ms.
    pub timeout_ms: u64,
}

/// Callee → caller: the tools this caller's allow list admits (deny rules applied).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListResponse {
    /// Version (1).
    pub v: u8,
    /// `ok`, or `denied` without a valid session (then `tools` is empty).
    pub status: String,
    /// The tools.
    pub tools: Vec<ListedTool>,
}

/// Longest listing accepted (names and one-line descriptions of many tools).
pub const LIST_CAP: usize = 256 * 1024;

impl ListRequest {
    /// CBOR body.
    pub fn encode(&self) -> Vec<u8> {
        to_cbor(self)
    }

    /// Parses a body; the session id must be 16 bytes.
    pub fn decode(body: &[u8]) -> Result<Self, Error> {
        let r: ListRequest = from_cbor(body)?;
        if r.v != TOOLS_VERSION {
            return Err(Error::Malformed(format!("tools-list version {}", r.v)));
        }
        array::<16>(&r.session_id, "session_id")?;
        Ok(r)
    }
}

impl ListResponse {
    /// CBOR body.
    pub fn encode(&self) -> Vec<u8> {
        to_cbor(self)
    }

    /// Parses a body; every listed name must be a valid tool name.
    pub fn decode(body: &[u8]) -> Result<Self, Error> {
        let r: ListResponse = from_cbor(body)?;
        if r.v != TOOLS_VERSION || !r.tools.iter().all(|t| valid_tool_name(&t.name)) {
            return Err(Error::Malformed("tools-list response".into()));
        }
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req() -> ToolRequest {
        ToolRequest {
            request_id: [1; 16],
            session_id: SessionId([2; 16]),
            tool: "fs.read".into(),
            input: r#"{"x":1}"#.into(),
            timeout_ms: 5_000,
        }
    }

    #[test]
    fn request_round_trips() {
        assert_eq!(ToolRequest::decode(&req().encode()).unwrap(), req());
    }

    #[test]
    fn malformed_requests_are_refused() {
        let mut bad_name = req();
        bad_name.tool = "../etc".into();
        let mut not_json = req();
        not_json.input = "{x".into();
        let mut zero = req();
        zero.timeout_ms = 0;
        for r in [bad_name, zero] {
            assert!(matches!(
                ToolRequest::decode(&r.encode()),
                Err(Error::Malformed(_))
            ));
        }
        // Input that is not JSON in a frame that parses: the caller's mistake (misuse),
        // not a malformed frame (hostility).
        let e = ToolRequest::decode(&not_json.encode()).unwrap_err();
        assert!(matches!(e, Error::BadInput(_)), "{e:?}");
        assert_eq!(
            e.security_event(),
            Some(crate::events::SecurityEventKind::BadInput)
        );
        let mut trailing = req().encode();
        trailing.push(0);
        assert!(ToolRequest::decode(&trailing).is_err());
        // An extra field is refused, not ignored.
        let mut v: ciborium::Value = ciborium::from_reader(&req().encode()[..]).unwrap();
        if let ciborium::Value::Map(m) = &mut v {
            m.push(("admin".into(), true.into()));
        }
        let mut extra = Vec::new();
        ciborium::into_writer(&v, &mut extra).unwrap();
        assert!(ToolRequest::decode(&extra).is_err());
    }

    #[test]
    fn response_round_trips_and_unknown_status_is_refused() {
        let mut r = ToolResponse::refusal([3; 16], Status::Denied, "no");
        r.output = b"out".to_vec();
        r.exit_status = Some(7);
        assert_eq!(ToolResponse::decode(&r.encode()).unwrap(), r);
        let body = r.encode();
        let needle = b"denied";
        let at = body
            .windows(needle.len())
            .position(|w| w == needle)
            .unwrap();
        let mut forged = body.clone();
        forged[at..at + needle.len()].copy_from_slice(b"DENIED");
        assert!(ToolResponse::decode(&forged).is_err());
    }

    #[test]
    fn redaction_report_round_trips_and_oversized_reports_are_refused() {
        let mut r = ToolResponse::refusal([4; 16], Status::Ok, "");
        r.redactions = 2;
        r.redacted_types.insert("EMAIL_ADDRESS".into(), 2);
        r.pii_fallback = Some("presidio at http://127.0.0.1:1 unreachable".into());
        assert_eq!(ToolResponse::decode(&r.encode()).unwrap(), r);
        // Without a report, the keys are absent (an older caller reads the response).
        let plain = ToolResponse::refusal([4; 16], Status::Ok, "").encode();
        assert!(!plain.windows(14).any(|w| w == b"redacted_types"));
        let mut many = r.clone();
        for i in 0..65 {
            many.redacted_types.insert(format!("T{i}"), 1);
        }
        assert!(ToolResponse::decode(&many.encode()).is_err());
        let mut long_name = r.clone();
        long_name.redacted_types.insert("X".repeat(41), 1);
        assert!(ToolResponse::decode(&long_name.encode()).is_err());
        let mut long_why = r;
        long_why.pii_fallback = Some("x".repeat(MAX_ERROR_LEN + 1));
        assert!(ToolResponse::decode(&long_why.encode()).is_err());
    }

    #[test]
    fn the_largest_report_fits_the_response_overhead() {
        let mut r = ToolResponse::refusal([5; 16], Status::Ok, "e".repeat(MAX_ERROR_LEN));
        r.output = vec![b'x'; 1 << 20];
        r.stderr = vec![b'y'; 1 << 10];
        for i in 0..64 {
            r.redacted_types.insert(format!("{i:0>40}"), u32::MAX);
        }
        r.pii_fallback = Some("f".repeat(MAX_ERROR_LEN));
        r.termination = "output_limit".into();
        r.retry_after_ms = Some(u64::MAX);
        let framing = r.encode().len() - r.output.len() - r.stderr.len();
        // What is left is for the receipt (under 1 KiB of CBOR).
        assert!(
            framing + 1024 <= RESPONSE_OVERHEAD,
            "{framing} bytes of framing"
        );
    }
}
