//! The JSON form of a tool response and its receipt (`invoke --json`), and the offline
//! check behind `receipt verify`.
//!
//! Text output is printed as a string when it is UTF-8 and as `*_base64` otherwise, so
//! the exact bytes the receipt hashes can always be recovered from the JSON. The receipt
//! is printed field by field for people and as its signed CBOR (`cbor`, base64) for
//! verification; `receipt verify` checks the CBOR and that the fields shown agree.

use base64::Engine as _;
use serde_json::{json, Value};

use lango_protocol::tools::receipt::{self, Receipt};
use lango_protocol::tools::wire::ToolResponse;
use lango_protocol::Did;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

fn bytes_fields(v: &mut serde_json::Map<String, Value>, name: &str, b: &[u8]) {
    match std::str::from_utf8(b) {
        Ok(s) => {
            v.insert(name.into(), json!(s));
        }
        Err(_) => {
            v.insert(name.into(), Value::Null);
            v.insert(format!("{name}_base64"), json!(B64.encode(b)));
        }
    }
}

/// The tool's stdout as a JSON value, when it is one JSON document (tools speak JSON:
/// `jq .output_json.x` then works on an `invoke --json` document).
fn output_json(out: &[u8]) -> Option<Value> {
    serde_json::from_slice(out).ok()
}

fn bytes_of(v: &Value, name: &str) -> Result<Vec<u8>, String> {
    if let Some(s) = v[name].as_str() {
        return Ok(s.as_bytes().to_vec());
    }
    match v[format!("{name}_base64")].as_str() {
        Some(b) => B64
            .decode(b)
            .map_err(|e| format!("{name}_base64 is not base64: {e}")),
        None if v.get(name).is_none() => Ok(Vec::new()),
        None => Err(format!(
            "{name} is neither a string nor given as {name}_base64"
        )),
    }
}

/// The receipt, field by field plus its signed CBOR.
pub fn receipt(r: &Receipt) -> Value {
    json!({
        "callee": r.callee.did().to_string(),
        "caller": r.caller.did().to_string(),
        "request_id": hex::encode(r.request_id),
        "tool": r.tool,
        "input_sha256": hex::encode(r.input_sha256),
        "output_sha256": hex::encode(r.output_sha256),
        "status": r.status.as_str(),
        "exit_code": r.exit_status,
        "truncated": r.truncated,
        "time_ms": r.time.0,
        "signature": hex::encode(r.signature.0),
        "cbor": B64.encode(r.encode()),
    })
}

/// `invoke --json`: the response.
pub fn response(r: &ToolResponse) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("status".into(), json!(r.status.as_str()));
    bytes_fields(&mut m, "output", &r.output);
    if let Some(v) = output_json(&r.output) {
        m.insert("output_json".into(), v);
    }
    bytes_fields(&mut m, "stderr", &r.stderr);
    m.insert("exit_code".into(), json!(r.exit_status));
    m.insert("termination".into(), json!(r.termination));
    m.insert("truncated".into(), json!(r.truncated));
    m.insert("redactions".into(), json!(r.redactions));
    m.insert("redacted_types".into(), json!(r.redacted_types));
    if let Some(why) = &r.pii_fallback {
        m.insert("pii_fallback".into(), json!(why));
    }
    if let Some(ms) = r.retry_after_ms {
        m.insert("retry_after_ms".into(), json!(ms));
    }
    m.insert("duration_ms".into(), json!(r.duration_ms));
    m.insert("error".into(), json!(r.error));
    m.insert("request_id".into(), json!(hex::encode(r.request_id)));
    m.insert(
        "receipt".into(),
        r.receipt.as_ref().map_or(Value::Null, receipt),
    );
    Value::Object(m)
}

/// Checks a receipt offline: `doc` is an `invoke --json` document (or just its `receipt`
/// object). Verifies the signature over the CBOR, that the fields shown are the signed
/// ones, that the output shown hashes to the signed output hash (when the document holds
/// output), and optionally the callee and the input.
pub fn verify(doc: &Value, callee: Option<&str>, input: Option<&str>) -> Result<Value, String> {
    let (rv, whole) = if doc.get("receipt").is_some() {
        (&doc["receipt"], Some(doc))
    } else {
        (doc, None)
    };
    if rv.is_null() {
        return Err("the document has no receipt (the tool did not run)".into());
    }
    let cbor = rv["cbor"].as_str().ok_or("receipt.cbor is missing")?;
    let cbor = B64
        .decode(cbor)
        .map_err(|e| format!("receipt.cbor is not base64: {e}"))?;
    let r = Receipt::decode(&cbor).map_err(|e| format!("receipt does not parse: {e}"))?;
    r.verify()
        .map_err(|_| "the receipt's signature does not verify".to_string())?;
    let shown = receipt(&r);
    for k in [
        "callee",
        "caller",
        "request_id",
        "tool",
        "input_sha256",
        "output_sha256",
        "status",
        "exit_code",
        "truncated",
        "time_ms",
    ] {
        if rv.get(k).is_some() && rv[k] != shown[k] {
            return Err(format!("receipt field {k} differs from what was signed"));
        }
    }
    if let Some(doc) = whole {
        let out = bytes_of(doc, "output")?;
        let err = bytes_of(doc, "stderr")?;
        if receipt::output_hash(&out, &err) != r.output_sha256 {
            return Err("the output in the document is not the output the callee signed".into());
        }
        // `output_json` is derived from `output`; it must not say something else.
        if let Some(shown) = doc.get("output_json") {
            if output_json(&out).as_ref() != Some(shown) {
                return Err("output_json is not the signed output".into());
            }
        }
        if doc.get("status").is_some() && doc["status"] != shown["status"] {
            return Err("the document's status is not the signed status".into());
        }
    }
    if let Some(c) = callee {
        let (want, _) = Did::parse(c).map_err(|e| format!("bad --callee DID: {e}"))?;
        if r.callee.did() != want {
            return Err(format!("signed by {}, not by {c}", r.callee.did()));
        }
    }
    if let Some(i) = input {
        if receipt::input_hash(i) != r.input_sha256 {
            return Err("the receipt is for another input".into());
        }
    }
    Ok(
        json!({"valid": true, "callee": shown["callee"], "caller": shown["caller"],
        "tool": shown["tool"], "status": shown["status"], "time_ms": shown["time_ms"]}),
    )
}

/// The bytes of `output` / `stderr` in a response document (lossy only if malformed).
pub fn output_bytes(v: &Value, name: &str) -> Vec<u8> {
    bytes_of(v, name).unwrap_or_default()
}
