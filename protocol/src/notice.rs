//! Signed revocation notices: "I have ended our session (and block you for a while)".
//!
//! A notice is best effort and only ever *ends* something, so the worst a forged or
//! replayed notice could do is end a session; it is bound to both PeerIds, both agent
//! keys and the session id, so it ends nothing but the session it names, and it is
//! refused unless it comes on a stream from the PeerId that session is bound to.

use crate::error::Error;
use crate::identity::{AgentPublicKey, PeerIdBytes, SignedPayload, Signer};
use crate::session::SessionId;
use crate::time::UnixMillis;
use crate::transcript::encode_fields;
use crate::wire::{RevokeNotice, MAX_REASON_LEN};

/// First field of the notice transcript.
pub const NOTICE_LABEL: &[u8] = b"lango-node/notice/revoke/1.0.0";

/// The fields of a notice that are signed (everything but the signature).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeBody {
    /// Sender's agent key.
    pub from_key: AgentPublicKey,
    /// Recipient's agent key.
    pub to_key: AgentPublicKey,
    /// Session being ended.
    pub session_id: SessionId,
    /// Sender's clock.
    pub timestamp: UnixMillis,
    /// Block duration, ms.
    pub block_ms: u64,
    /// Operator's reason (truncated to 256 bytes at a char boundary).
    pub reason: String,
}

fn payload(body: &NoticeBody, from_peer: &PeerIdBytes, to_peer: &PeerIdBytes) -> SignedPayload {
    let ts = body.timestamp.0.to_be_bytes();
    let block = body.block_ms.to_be_bytes();
    SignedPayload::new(encode_fields(&[
        NOTICE_LABEL,
        &from_peer.0,
        &to_peer.0,
        body.from_key.as_bytes(),
        body.to_key.as_bytes(),
        &body.session_id.0,
        &ts,
        &block,
        body.reason.as_bytes(),
    ]))
}

fn truncate(mut s: String) -> String {
    crate::wire::truncate_at_char(&mut s, MAX_REASON_LEN);
    s
}

/// Signs a notice from `from_peer` (us) to `to_peer`.
pub fn sign_notice(
    mut body: NoticeBody,
    from_peer: &PeerIdBytes,
    to_peer: &PeerIdBytes,
    signer: &dyn Signer,
) -> Result<RevokeNotice, Error> {
    body.reason = truncate(body.reason);
    let signature = signer
        .sign(&payload(&body, from_peer, to_peer))
        .map_err(|e| Error::LocalSigner(e.0))?;
    Ok(RevokeNotice {
        from_key: body.from_key,
        to_key: body.to_key,
        session_id: body.session_id,
        timestamp: body.timestamp,
        block_ms: body.block_ms,
        reason: body.reason,
        signature,
    })
}

/// Verifies a notice that arrived on a stream from `stream_peer` to us (`local_peer`,
/// `local_key`), against the session we hold with that peer (`session_key`,
/// `session_id`).
pub fn verify_notice(
    notice: &RevokeNotice,
    stream_peer: &PeerIdBytes,
    local_peer: &PeerIdBytes,
    local_key: &AgentPublicKey,
    session_key: &AgentPublicKey,
    session_id: &SessionId,
) -> Result<(), Error> {
    if notice.to_key != *local_key
        || notice.from_key != *session_key
        || notice.session_id != *session_id
    {
        return Err(Error::NoticeMismatch);
    }
    let body = NoticeBody {
        from_key: notice.from_key,
        to_key: notice.to_key,
        session_id: notice.session_id,
        timestamp: notice.timestamp,
        block_ms: notice.block_ms,
        reason: notice.reason.clone(),
    };
    notice
        .from_key
        .verify(&payload(&body, stream_peer, local_peer), &notice.signature)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::SoftwareSigner;

    #[test]
    fn notice_verifies_only_on_its_connection_and_session() {
        let a = SoftwareSigner::generate(&mut rand_core::OsRng);
        let b = SoftwareSigner::generate(&mut rand_core::OsRng);
        let (pa, pb, pc) = (
            PeerIdBytes(vec![1]),
            PeerIdBytes(vec![2]),
            PeerIdBytes(vec![3]),
        );
        let sid = SessionId([5; 16]);
        let n = sign_notice(
            NoticeBody {
                from_key: a.public_key(),
                to_key: b.public_key(),
                session_id: sid,
                timestamp: UnixMillis(1),
                block_ms: 60_000,
                reason: "x".repeat(1000),
            },
            &pa,
            &pb,
            &a,
        )
        .unwrap();
        assert_eq!(n.reason.len(), MAX_REASON_LEN);
        let decoded = RevokeNotice::decode(&n.encode()).unwrap();
        verify_notice(&decoded, &pa, &pb, &b.public_key(), &a.public_key(), &sid).unwrap();
        // Relayed by another PeerId.
        assert_eq!(
            verify_notice(&n, &pc, &pb, &b.public_key(), &a.public_key(), &sid),
            Err(Error::BadSignature)
        );
        // Aimed at an older session.
        assert_eq!(
            verify_notice(
                &n,
                &pa,
                &pb,
                &b.public_key(),
                &a.public_key(),
                &SessionId([6; 16])
            ),
            Err(Error::NoticeMismatch)
        );
        // Block duration altered in flight.
        let mut altered = n.clone();
        altered.block_ms = 0;
        assert_eq!(
            verify_notice(&altered, &pa, &pb, &b.public_key(), &a.public_key(), &sid),
            Err(Error::BadSignature)
        );
    }
}
