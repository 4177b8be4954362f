//! The interim frame of a call stream: the callee tells the caller that the call waits
//! for a human's approval, and for how long it will wait at most.
//!
//! A callee sends at most [`MAX_PENDING_FRAMES`] of these before the one
//! [`ToolResponse`](super::wire::ToolResponse); a caller that reads a pending frame
//! extends its read deadline by `expires_in_ms` (capped by [`MAX_APPROVAL_WAIT_MS`]).
//! The frame is a CBOR map with text keys and exactly these fields; the `pending` key,
//! which no response has, is what tells the two apart.

use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

use crate::error::Error;
use crate::tools::wire::TOOLS_VERSION;
use crate::wire::{array, from_cbor, to_cbor};

/// Most interim frames a caller accepts on one call.
pub const MAX_PENDING_FRAMES: usize = 4;
/// Longest approval wait a caller accepts from one pending frame (one hour).
pub const MAX_APPROVAL_WAIT_MS: u64 = 3_600_000;

/// Callee → caller, before the response: the call waits for approval.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToolPending {
    /// The request's id.
    pub request_id: [u8; 16],
    /// What the call waits for; `approval` is the only value this version sends.
    pub pending: String,
    /// The approval request's id on the callee (what its operator approves or denies).
    pub approval_id: [u8; 16],
    /// How long the callee waits for a decision before it answers `approval_timeout`.
    pub expires_in_ms: u64,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PendingRepr {
    v: u8,
    request_id: ByteBuf,
    pending: String,
    approval_id: ByteBuf,
    expires_in_ms: u64,
}

impl ToolPending {
    /// CBOR body of the frame.
    pub fn encode(&self) -> Vec<u8> {
        to_cbor(&PendingRepr {
            v: TOOLS_VERSION,
            request_id: ByteBuf::from(self.request_id.to_vec()),
            pending: self.pending.clone(),
            approval_id: ByteBuf::from(self.approval_id.to_vec()),
            expires_in_ms: self.expires_in_ms,
        })
    }

    /// Parses a frame body as a pending frame; `None` when it has no `pending` field
    /// (it is a response, or garbage the response decoder will name).
    pub fn decode(body: &[u8]) -> Option<Result<Self, Error>> {
        #[derive(Deserialize)]
        struct Probe {
            pending: Option<serde::de::IgnoredAny>,
        }
        let probe: Probe = from_cbor(body).ok()?;
        probe.pending?;
        Some(Self::decode_pending(body))
    }

    fn decode_pending(body: &[u8]) -> Result<Self, Error> {
        let r: PendingRepr = from_cbor(body)?;
        if r.v != TOOLS_VERSION {
            return Err(Error::Malformed(format!(
                "tools protocol version {}, want {TOOLS_VERSION}",
                r.v
            )));
        }
        if r.pending != "approval" {
            let mut what = r.pending;
            crate::wire::truncate_at_char(&mut what, 64);
            return Err(Error::Malformed(format!(
                "pending frame waits for {what:?}; only \"approval\" is known"
            )));
        }
        Ok(ToolPending {
            request_id: array(&r.request_id, "request_id")?,
            pending: r.pending,
            approval_id: array(&r.approval_id, "approval_id")?,
            expires_in_ms: r.expires_in_ms.min(MAX_APPROVAL_WAIT_MS),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tools::status::Status;
    use crate::tools::wire::ToolResponse;

    fn pending() -> ToolPending {
        ToolPending {
            request_id: [1; 16],
            pending: "approval".into(),
            approval_id: [2; 16],
            expires_in_ms: 60_000,
        }
    }

    #[test]
    fn round_trips_and_is_told_apart_from_a_response() {
        let p = pending();
        assert_eq!(ToolPending::decode(&p.encode()).unwrap().unwrap(), p);
        let resp = ToolResponse::refusal([1; 16], Status::Denied, "no");
        assert!(ToolPending::decode(&resp.encode()).is_none());
        assert!(ToolPending::decode(b"\xff\x00garbage").is_none());
    }

    #[test]
    fn an_unknown_wait_or_an_absurd_expiry_is_not_believed() {
        let mut p = pending();
        p.pending = "coffee".into();
        assert!(ToolPending::decode(&p.encode()).unwrap().is_err());
        let mut p = pending();
        p.expires_in_ms = u64::MAX;
        let got = ToolPending::decode(&p.encode()).unwrap().unwrap();
        assert_eq!(got.expires_in_ms, MAX_APPROVAL_WAIT_MS);
    }
}
