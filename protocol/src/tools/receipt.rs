//! Receipts: the callee's signed statement "I ran this tool on this input for this caller,
//! and this is what came out".
//!
//! The signature covers a domain-separated transcript of every field (see [`payload`]),
//! so a receipt cannot be moved to another call, caller, callee, output or status. The
//! caller keeps it; anyone holding the callee's DID can check it offline
//! (`lango-node receipt verify`).

use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;
use sha2::{Digest, Sha256};

use crate::error::Error;
use crate::identity::{AgentPublicKey, Signature, SignedPayload, Signer, SignerError};
use crate::time::UnixMillis;
use crate::tools::status::Status;
use crate::tools::valid_tool_name;
use crate::transcript::encode_fields;
use crate::wire::{array, from_cbor, to_cbor};

/// First field of the receipt transcript.
pub const RECEIPT_LABEL: &[u8] = b"lango-node/tools/receipt/1.0.0";

/// A signed receipt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    /// The callee (signer).
    pub callee: AgentPublicKey,
    /// The caller, as authenticated by its session.
    pub caller: AgentPublicKey,
    /// The request's id.
    pub request_id: [u8; 16],
    /// Tool name.
    pub tool: String,
    /// SHA-256 of the request's input text, exactly as received.
    pub input_sha256: [u8; 32],
    /// [`output_hash`] of the returned stdout and stderr.
    pub output_sha256: [u8; 32],
    /// Outcome.
    pub status: Status,
    /// Exit status, when the tool exited by itself.
    pub exit_status: Option<i32>,
    /// Whether the output was cut at the cap.
    pub truncated: bool,
    /// Callee's clock when it signed.
    pub time: UnixMillis,
    /// Callee's signature over [`payload`].
    pub signature: Signature,
}

/// SHA-256 over `u32_be(len) || stdout || u32_be(len) || stderr`.
pub fn output_hash(stdout: &[u8], stderr: &[u8]) -> [u8; 32] {
    Sha256::digest(encode_fields(&[stdout, stderr])).into()
}

/// SHA-256 of the input text.
pub fn input_hash(input: &str) -> [u8; 32] {
    Sha256::digest(input.as_bytes()).into()
}

/// The bytes the callee signs: every field but the signature, length-prefixed.
pub fn payload(r: &Receipt) -> SignedPayload {
    let exit = match r.exit_status {
        Some(c) => {
            let mut b = vec![1u8];
            b.extend_from_slice(&c.to_be_bytes());
            b
        }
        None => vec![0u8],
    };
    SignedPayload::new(encode_fields(&[
        RECEIPT_LABEL,
        r.callee.as_bytes(),
        r.caller.as_bytes(),
        &r.request_id,
        r.tool.as_bytes(),
        &r.input_sha256,
        &r.output_sha256,
        r.status.as_str().as_bytes(),
        &exit,
        &[u8::from(r.truncated)],
        &r.time.0.to_be_bytes(),
    ]))
}

/// The fields of a receipt before signing.
#[derive(Clone, Debug)]
pub struct Unsigned {
    /// The caller.
    pub caller: AgentPublicKey,
    /// Request id.
    pub request_id: [u8; 16],
    /// Tool.
    pub tool: String,
    /// Input hash.
    pub input_sha256: [u8; 32],
    /// Output hash.
    pub output_sha256: [u8; 32],
    /// Status.
    pub status: Status,
    /// Exit status.
    pub exit_status: Option<i32>,
    /// Truncated.
    pub truncated: bool,
    /// Time.
    pub time: UnixMillis,
}

/// Signs a receipt with the callee's agent key.
pub fn sign(u: Unsigned, signer: &dyn Signer) -> Result<Receipt, SignerError> {
    let mut r = Receipt {
        callee: signer.public_key(),
        caller: u.caller,
        request_id: u.request_id,
        tool: u.tool,
        input_sha256: u.input_sha256,
        output_sha256: u.output_sha256,
        status: u.status,
        exit_status: u.exit_status,
        truncated: u.truncated,
        time: u.time,
        signature: Signature([0; 64]),
    };
    r.signature = signer.sign(&payload(&r))?;
    Ok(r)
}

impl Receipt {
    /// Checks the callee's signature.
    pub fn verify(&self) -> Result<(), Error> {
        self.callee.verify(&payload(self), &self.signature)
    }

    /// Checks the signature and that the receipt is about this exchange: this callee,
    /// this request, and this exact output.
    pub fn verify_for(
        &self,
        callee: &AgentPublicKey,
        request_id: &[u8; 16],
        stdout: &[u8],
        stderr: &[u8],
    ) -> Result<(), ReceiptMismatch> {
        self.verify().map_err(|_| ReceiptMismatch::Signature)?;
        if &self.callee != callee {
            return Err(ReceiptMismatch::Callee);
        }
        if &self.request_id != request_id {
            return Err(ReceiptMismatch::RequestId);
        }
        if self.output_sha256 != output_hash(stdout, stderr) {
            return Err(ReceiptMismatch::Output);
        }
        Ok(())
    }

    /// CBOR encoding (the `receipt` field of a response).
    pub fn encode(&self) -> Vec<u8> {
        to_cbor(&ReceiptRepr {
            callee: ByteBuf::from(self.callee.as_bytes().to_vec()),
            caller: ByteBuf::from(self.caller.as_bytes().to_vec()),
            request_id: ByteBuf::from(self.request_id.to_vec()),
            tool: self.tool.clone(),
            input_sha256: ByteBuf::from(self.input_sha256.to_vec()),
            output_sha256: ByteBuf::from(self.output_sha256.to_vec()),
            status: self.status.as_str().into(),
            exit_status: self.exit_status,
            truncated: self.truncated,
            time_ms: self.time.0,
            signature: ByteBuf::from(self.signature.0.to_vec()),
        })
    }

    /// Parses a receipt (does not verify it).
    pub fn decode(body: &[u8]) -> Result<Self, Error> {
        let r: ReceiptRepr = from_cbor(body)?;
        if !valid_tool_name(&r.tool) {
            return Err(Error::Malformed("receipt tool name".into()));
        }
        Ok(Receipt {
            callee: AgentPublicKey::from_sec1(&r.callee)?,
            caller: AgentPublicKey::from_sec1(&r.caller)?,
            request_id: array(&r.request_id, "request_id")?,
            tool: r.tool,
            input_sha256: array(&r.input_sha256, "input_sha256")?,
            output_sha256: array(&r.output_sha256, "output_sha256")?,
            status: r
                .status
                .parse()
                .map_err(|e: crate::tools::status::UnknownStatus| {
                    Error::Malformed(e.to_string())
                })?,
            exit_status: r.exit_status,
            truncated: r.truncated,
            time: UnixMillis(r.time_ms),
            signature: Signature(array(&r.signature, "signature")?),
        })
    }
}

/// Why a receipt does not vouch for an exchange.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ReceiptMismatch {
    /// It names another callee than the one called.
    #[error("the receipt is signed by another callee")]
    Callee,
    /// Its output hash differs from the output received.
    #[error("the receipt's output hash does not match the output")]
    Output,
    /// It is for another request.
    #[error("the receipt is for another request")]
    RequestId,
    /// The signature does not verify.
    #[error("the receipt's signature does not verify")]
    Signature,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReceiptRepr {
    callee: ByteBuf,
    caller: ByteBuf,
    request_id: ByteBuf,
    tool: String,
    input_sha256: ByteBuf,
    output_sha256: ByteBuf,
    status: String,
    exit_status: Option<i32>,
    truncated: bool,
    time_ms: u64,
    signature: ByteBuf,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::SoftwareSigner;

    fn signed() -> (SoftwareSigner, Receipt) {
        let callee = SoftwareSigner::generate(&mut rand_core::OsRng);
        let caller = SoftwareSigner::generate(&mut rand_core::OsRng).public_key();
        let r = sign(
            Unsigned {
                caller,
                request_id: [5; 16],
                tool: "echo".into(),
                input_sha256: input_hash("{}"),
                output_sha256: output_hash(b"{}", b""),
                status: Status::Ok,
                exit_status: Some(0),
                truncated: false,
                time: UnixMillis(1_700_000_000_000),
            },
            &callee,
        )
        .unwrap();
        (callee, r)
    }

    #[test]
    fn a_receipt_verifies_and_round_trips() {
        let (callee, r) = signed();
        r.verify().unwrap();
        let back = Receipt::decode(&r.encode()).unwrap();
        assert_eq!(back, r);
        back.verify_for(&callee.public_key(), &[5; 16], b"{}", b"")
            .unwrap();
    }

    #[test]
    fn every_altered_field_breaks_the_signature() {
        let (_, r) = signed();
        let other = SoftwareSigner::generate(&mut rand_core::OsRng).public_key();
        type Alter = Box<dyn Fn(&mut Receipt)>;
        let alterations: Vec<Alter> = vec![
            Box::new(|r| r.request_id[0] ^= 1),
            Box::new(|r| r.tool = "cat".into()),
            Box::new(|r| r.input_sha256[0] ^= 1),
            Box::new(|r| r.output_sha256[31] ^= 1),
            Box::new(|r| r.status = Status::Denied),
            Box::new(|r| r.exit_status = Some(1)),
            Box::new(|r| r.exit_status = None),
            Box::new(|r| r.truncated = true),
            Box::new(|r| r.time = UnixMillis(r.time.0 + 1)),
            Box::new(move |r| r.caller = other),
        ];
        for (i, alter) in alterations.iter().enumerate() {
            let mut x = r.clone();
            alter(&mut x);
            assert_eq!(x.verify(), Err(Error::BadSignature), "alteration {i}");
        }
    }

    #[test]
    fn a_receipt_for_other_output_or_request_is_refused() {
        let (callee, r) = signed();
        let k = callee.public_key();
        assert_eq!(
            r.verify_for(&k, &[5; 16], b"{\"x\":1}", b""),
            Err(ReceiptMismatch::Output)
        );
        // stdout/stderr boundary is bound too.
        assert_eq!(
            r.verify_for(&k, &[5; 16], b"{", b"}"),
            Err(ReceiptMismatch::Output)
        );
        assert_eq!(
            r.verify_for(&k, &[6; 16], b"{}", b""),
            Err(ReceiptMismatch::RequestId)
        );
        let stranger = SoftwareSigner::generate(&mut rand_core::OsRng).public_key();
        assert_eq!(
            r.verify_for(&stranger, &[5; 16], b"{}", b""),
            Err(ReceiptMismatch::Callee)
        );
    }
}
