//! Framing: every message is `u32_be(len) || CBOR(len bytes)`, with a per-protocol cap.
//!
//! The cap is checked on the 4-byte prefix, before any byte of the body is read or
//! buffered, so an announced oversized frame costs the reader nothing.

use crate::error::Error;

/// Cap on handshake and notice frames (16 KiB).
pub const HANDSHAKE_FRAME_CAP: usize = 16 * 1024;

/// Length of the frame prefix.
pub const PREFIX_LEN: usize = 4;

/// Prefixes `payload` with its length. Refuses payloads over `cap` (a local bug, not a
/// peer's fault, but never put on the wire).
pub fn encode_frame(payload: &[u8], cap: usize) -> Result<Vec<u8>, Error> {
    if payload.len() > cap {
        return Err(Error::Oversize {
            len: payload.len() as u64,
            cap: cap as u64,
        });
    }
    let mut out = Vec::with_capacity(PREFIX_LEN + payload.len());
    // Invariant: payload.len() <= cap <= u32::MAX for every cap we use.
    out.extend_from_slice(&(payload.len() as u32).to_be_bytes());
    out.extend_from_slice(payload);
    Ok(out)
}

/// Reads the announced body length from a prefix, refusing lengths over `cap` and empty
/// frames.
pub fn body_len(prefix: [u8; PREFIX_LEN], cap: usize) -> Result<usize, Error> {
    let len = u32::from_be_bytes(prefix) as usize;
    if len > cap {
        return Err(Error::Oversize {
            len: len as u64,
            cap: cap as u64,
        });
    }
    if len == 0 {
        return Err(Error::Malformed("empty frame".into()));
    }
    Ok(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oversize_prefix_is_refused_before_the_body() {
        let prefix = ((HANDSHAKE_FRAME_CAP + 1) as u32).to_be_bytes();
        assert!(matches!(
            body_len(prefix, HANDSHAKE_FRAME_CAP),
            Err(Error::Oversize { .. })
        ));
        assert_eq!(
            body_len(
                (HANDSHAKE_FRAME_CAP as u32).to_be_bytes(),
                HANDSHAKE_FRAME_CAP
            )
            .unwrap(),
            HANDSHAKE_FRAME_CAP
        );
    }

    #[test]
    fn empty_frame_is_malformed() {
        assert!(matches!(body_len([0; 4], 10), Err(Error::Malformed(_))));
    }

    #[test]
    fn encode_refuses_oversize_payloads() {
        assert!(encode_frame(&[0; 11], 10).is_err());
        assert_eq!(encode_frame(&[7; 2], 10).unwrap(), vec![0, 0, 0, 2, 7, 7]);
    }
}
