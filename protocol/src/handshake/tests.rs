//! Socket-free handshake tests: both state machines driven in memory, frames altered in
//! flight the way an attacker on the path could.

use std::collections::HashSet;

use rand_core::OsRng;

use super::*;
use crate::error::RejectCode;
use crate::events::SecurityEventKind;
use crate::identity::{Signer, SoftwareSigner};
use crate::replay::ReplayCache;
use crate::wire::{Finish, HandshakeFrame};

struct Policy {
    trusted: HashSet<AgentPublicKey>,
    blocked: HashSet<AgentPublicKey>,
}

impl PeerPolicy for Policy {
    fn admit(&self, key: &AgentPublicKey, _now: UnixMillis) -> Admission {
        if self.blocked.contains(key) {
            Admission::Blocked
        } else if self.trusted.contains(key) {
            Admission::Trusted
        } else {
            Admission::Unknown
        }
    }
}

struct Side {
    signer: SoftwareSigner,
    peer: PeerIdBytes,
    policy: Policy,
    replay: ReplayCache,
}

fn side(peer: u8) -> Side {
    Side {
        signer: SoftwareSigner::generate(&mut OsRng),
        peer: PeerIdBytes(vec![0x12, 0x20, peer]),
        policy: Policy {
            trusted: HashSet::new(),
            blocked: HashSet::new(),
        },
        replay: ReplayCache::new(1000, DEFAULT_MAX_SKEW_MS),
    }
}

/// Two nodes that trust each other.
fn pair() -> (Side, Side) {
    let mut a = side(1);
    let mut b = side(2);
    a.policy.trusted.insert(b.signer.public_key());
    b.policy.trusted.insert(a.signer.public_key());
    (a, b)
}

const T0: UnixMillis = UnixMillis(1_800_000_000_000);
const CFG: HandshakeConfig = HandshakeConfig {
    max_skew_ms: DEFAULT_MAX_SKEW_MS,
};

/// Every frame goes through encode/decode, as on the wire.
fn wire(f: &HandshakeFrame) -> HandshakeFrame {
    HandshakeFrame::decode(&f.encode()).unwrap()
}

/// Runs a whole handshake; returns both outcomes and the three messages.
#[allow(clippy::type_complexity)]
fn run(
    a: &mut Side,
    b: &mut Side,
    now: UnixMillis,
) -> (
    Result<Established, Error>,
    Result<Established, Error>,
    Vec<HandshakeFrame>,
) {
    let mut frames = Vec::new();
    let (init, hello) = ExpectResponse::start(
        CFG,
        a.signer.public_key(),
        a.peer.clone(),
        b.peer.clone(),
        now,
        &mut OsRng,
    );
    frames.push(hello.clone());
    let resp = ExpectHello::new(CFG, b.peer.clone(), a.peer.clone()).handle(
        wire(&hello),
        now,
        &b.signer,
        &b.policy,
        &mut b.replay,
        &mut OsRng,
    );
    let (expect_finish, response) = match resp {
        Ok(x) => x,
        Err(e) => {
            let code = e.reject_code();
            return (Err(Error::Rejected(code)), Err(e), frames);
        }
    };
    frames.push(response.clone());
    let (expect_outcome, finish) =
        match init.handle(wire(&response), now, &a.signer, &a.policy, &mut a.replay) {
            Ok(x) => x,
            Err(e) => {
                return (
                    Err(e),
                    Err(Error::Rejected(RejectCode::BadSignature)),
                    frames,
                )
            }
        };
    frames.push(finish.clone());
    match expect_finish.handle(wire(&finish), now, &b.policy, &mut b.replay) {
        Ok((est_b, accept)) => (expect_outcome.handle(wire(&accept)), Ok(est_b), frames),
        Err(e) => (
            expect_outcome.handle(HandshakeFrame::Reject(e.reject_code())),
            Err(e),
            frames,
        ),
    }
}

#[test]
fn mutual_handshake_gives_both_sides_the_same_session_id() {
    let (mut a, mut b) = pair();
    let (ea, eb, frames) = run(&mut a, &mut b, T0);
    let (ea, eb) = (ea.unwrap(), eb.unwrap());
    assert_eq!(frames.len(), 3);
    assert_eq!(ea.session_id, eb.session_id);
    assert_eq!(ea.remote_key, b.signer.public_key());
    assert_eq!(eb.remote_key, a.signer.public_key());
    assert_eq!(ea.remote_peer, b.peer);
    assert_eq!(eb.remote_peer, a.peer);
    assert_eq!(ea.direction, crate::session::Direction::Outbound);
    let s = eb.into_session(T0, 1000);
    assert_eq!(s.expires_at, T0.plus(1000));
}

#[test]
fn two_handshakes_give_different_session_ids() {
    let (mut a, mut b) = pair();
    let id1 = run(&mut a, &mut b, T0).0.unwrap().session_id;
    let id2 = run(&mut a, &mut b, T0).0.unwrap().session_id;
    assert_ne!(id1, id2);
}

#[test]
fn replayed_hello_is_refused_as_replay() {
    let (mut a, mut b) = pair();
    let (_, _, frames) = run(&mut a, &mut b, T0);
    // The attacker re-sends the recorded hello on a fresh connection.
    let err = ExpectHello::new(CFG, b.peer.clone(), a.peer.clone())
        .handle(
            frames[0].clone(),
            T0.plus(5_000),
            &b.signer,
            &b.policy,
            &mut b.replay,
            &mut OsRng,
        )
        .unwrap_err();
    assert_eq!(err, Error::Replay);
    assert_eq!(err.security_event(), Some(SecurityEventKind::Replay));
}

#[test]
fn replayed_finish_on_a_new_connection_fails_its_signature() {
    let (mut a, mut b) = pair();
    let (_, _, frames) = run(&mut a, &mut b, T0);
    // Attacker, holding A's PeerId? No: it opens its own handshake claiming A's key with
    // a fresh nonce, then replays A's old finish.
    let (_, mut hello) = ExpectResponse::start(
        CFG,
        a.signer.public_key(),
        a.peer.clone(),
        b.peer.clone(),
        T0.plus(1_000),
        &mut OsRng,
    );
    if let HandshakeFrame::Hello(h) = &mut hello {
        h.nonce = [0xaa; 32];
    }
    let (expect_finish, _) = ExpectHello::new(CFG, b.peer.clone(), a.peer.clone())
        .handle(
            hello,
            T0.plus(1_000),
            &b.signer,
            &b.policy,
            &mut b.replay,
            &mut OsRng,
        )
        .unwrap();
    let err = expect_finish
        .handle(frames[2].clone(), T0.plus(1_000), &b.policy, &mut b.replay)
        .unwrap_err();
    assert_eq!(err, Error::BadSignature);
    assert_eq!(err.security_event(), Some(SecurityEventKind::BadSignature));
}

/// Mallory sits between A and B: A dialed Mallory's PeerId, Mallory dials B and relays
/// every message unchanged. B's signature covers (Mallory's PeerId, B's PeerId), A checks
/// it against (A's PeerId, Mallory's PeerId): refused.
#[test]
fn transcript_signed_for_one_peer_id_is_useless_on_another_connection() {
    let (mut a, mut b) = pair();
    let mallory_peer = PeerIdBytes(vec![0x12, 0x20, 0x66]);
    let (init, hello) = ExpectResponse::start(
        CFG,
        a.signer.public_key(),
        a.peer.clone(),
        mallory_peer.clone(),
        T0,
        &mut OsRng,
    );
    // B sees a connection from Mallory.
    let (_, response) = ExpectHello::new(CFG, b.peer.clone(), mallory_peer.clone())
        .handle(hello, T0, &b.signer, &b.policy, &mut b.replay, &mut OsRng)
        .unwrap();
    let err = init
        .handle(response, T0, &a.signer, &a.policy, &mut a.replay)
        .unwrap_err();
    assert_eq!(err, Error::BadSignature);
}

/// The mirror case: a genuine finish from A, relayed by Mallory to B, fails at B.
#[test]
fn relayed_finish_fails_at_the_responder() {
    let (a, mut b) = pair();
    let mallory_peer = PeerIdBytes(vec![0x12, 0x20, 0x66]);
    // A talks to Mallory; Mallory runs a responder for A using B's replies is impossible
    // (it lacks B's key), so the strongest relay is: Mallory forwards A's hello to B and
    // B's response to A. A verifies B's signature over (A, Mallory) → fails above; here
    // we check that even if A signed, its finish is bound to (A, Mallory) and B refuses.
    let (_, hello) = ExpectResponse::start(
        CFG,
        a.signer.public_key(),
        a.peer.clone(),
        mallory_peer.clone(),
        T0,
        &mut OsRng,
    );
    let HandshakeFrame::Hello(h) = hello.clone() else {
        unreachable!()
    };
    let (expect_finish, response) = ExpectHello::new(CFG, b.peer.clone(), mallory_peer.clone())
        .handle(hello, T0, &b.signer, &b.policy, &mut b.replay, &mut OsRng)
        .unwrap();
    let HandshakeFrame::Response(r) = response else {
        unreachable!()
    };
    // What A would sign on its connection to Mallory.
    let t_a = crate::transcript::Transcript {
        initiator_peer: a.peer.clone(),
        responder_peer: mallory_peer,
        initiator_key: h.agent_key,
        responder_key: r.agent_key,
        initiator_nonce: h.nonce,
        responder_nonce: r.nonce,
        initiator_time: h.timestamp,
        responder_time: r.timestamp,
    };
    let sig = a.signer.sign(&t_a.initiator_payload()).unwrap();
    let err = expect_finish
        .handle(
            HandshakeFrame::Finish(Finish { signature: sig }),
            T0,
            &b.policy,
            &mut b.replay,
        )
        .unwrap_err();
    assert_eq!(err, Error::BadSignature);
}

#[test]
fn stale_and_future_timestamps_are_refused_with_their_events() {
    for (offset_neg, expect) in [
        (true, SecurityEventKind::StaleTimestamp),
        (false, SecurityEventKind::FutureTimestamp),
    ] {
        let (a, mut b) = pair();
        let skewed = if offset_neg {
            T0.minus(DEFAULT_MAX_SKEW_MS + 1)
        } else {
            T0.plus(DEFAULT_MAX_SKEW_MS + 1)
        };
        let (_, hello) = ExpectResponse::start(
            CFG,
            a.signer.public_key(),
            a.peer.clone(),
            b.peer.clone(),
            skewed,
            &mut OsRng,
        );
        let err = ExpectHello::new(CFG, b.peer.clone(), a.peer.clone())
            .handle(hello, T0, &b.signer, &b.policy, &mut b.replay, &mut OsRng)
            .unwrap_err();
        assert_eq!(err.security_event(), Some(expect), "{err}");
    }
    // Exactly at the bound is accepted.
    let (mut a, mut b) = pair();
    let (_, hello) = ExpectResponse::start(
        CFG,
        a.signer.public_key(),
        a.peer.clone(),
        b.peer.clone(),
        T0.minus(DEFAULT_MAX_SKEW_MS),
        &mut OsRng,
    );
    assert!(ExpectHello::new(CFG, b.peer.clone(), a.peer.clone())
        .handle(hello, T0, &b.signer, &b.policy, &mut b.replay, &mut OsRng)
        .is_ok());
    let _ = run(&mut a, &mut b, T0).1.unwrap();
}

#[test]
fn responder_timestamp_outside_the_window_is_refused_by_the_initiator() {
    let (a, mut b) = pair();
    let (init, hello) = ExpectResponse::start(
        CFG,
        a.signer.public_key(),
        a.peer.clone(),
        b.peer.clone(),
        T0,
        &mut OsRng,
    );
    // B's clock is 40 s ahead and B tolerates that much skew; A does not.
    let tolerant = HandshakeConfig {
        max_skew_ms: 60_000,
    };
    let (_, response) = ExpectHello::new(tolerant, b.peer.clone(), a.peer.clone())
        .handle(
            hello,
            T0.plus(40_000),
            &b.signer,
            &b.policy,
            &mut b.replay,
            &mut OsRng,
        )
        .unwrap();
    let mut a = a;
    let err = init
        .handle(response, T0, &a.signer, &a.policy, &mut a.replay)
        .unwrap_err();
    assert!(matches!(err, Error::FutureTimestamp { .. }), "{err}");
    // With B's clock inside the window but A checking 31 s later.
    let (init, hello) = ExpectResponse::start(
        CFG,
        a.signer.public_key(),
        a.peer.clone(),
        b.peer.clone(),
        T0,
        &mut OsRng,
    );
    let (_, response) = ExpectHello::new(CFG, b.peer.clone(), a.peer.clone())
        .handle(hello, T0, &b.signer, &b.policy, &mut b.replay, &mut OsRng)
        .unwrap();
    let err = init
        .handle(
            response,
            T0.plus(31_000),
            &a.signer,
            &a.policy,
            &mut a.replay,
        )
        .unwrap_err();
    assert!(matches!(err, Error::StaleTimestamp { .. }));
}

#[test]
fn flipped_signature_bit_is_a_bad_signature() {
    let (mut a, mut b) = pair();
    let (init, hello) = ExpectResponse::start(
        CFG,
        a.signer.public_key(),
        a.peer.clone(),
        b.peer.clone(),
        T0,
        &mut OsRng,
    );
    let (_, mut response) = ExpectHello::new(CFG, b.peer.clone(), a.peer.clone())
        .handle(hello, T0, &b.signer, &b.policy, &mut b.replay, &mut OsRng)
        .unwrap();
    if let HandshakeFrame::Response(r) = &mut response {
        r.signature.0[10] ^= 1;
    }
    let err = init
        .handle(response, T0, &a.signer, &a.policy, &mut a.replay)
        .unwrap_err();
    assert_eq!(err, Error::BadSignature);
    // Nothing was written to the replay cache for a failed signature.
    assert!(a.replay.is_empty());
}

/// Mallory claims A's DID in `hello` but signs `finish` with her own key.
#[test]
fn signature_by_a_key_other_than_the_claimed_did_is_refused() {
    let (a, mut b) = pair();
    let mallory = SoftwareSigner::generate(&mut OsRng);
    let mallory_peer = PeerIdBytes(vec![0x12, 0x20, 0x66]);
    let (_, hello) = ExpectResponse::start(
        CFG,
        a.signer.public_key(),
        mallory_peer.clone(),
        b.peer.clone(),
        T0,
        &mut OsRng,
    );
    let HandshakeFrame::Hello(h) = hello.clone() else {
        unreachable!()
    };
    let (expect_finish, response) = ExpectHello::new(CFG, b.peer.clone(), mallory_peer.clone())
        .handle(hello, T0, &b.signer, &b.policy, &mut b.replay, &mut OsRng)
        .unwrap();
    let HandshakeFrame::Response(r) = response else {
        unreachable!()
    };
    let t = crate::transcript::Transcript {
        initiator_peer: mallory_peer,
        responder_peer: b.peer.clone(),
        initiator_key: h.agent_key,
        responder_key: r.agent_key,
        initiator_nonce: h.nonce,
        responder_nonce: r.nonce,
        initiator_time: h.timestamp,
        responder_time: r.timestamp,
    };
    let sig = mallory.sign(&t.initiator_payload()).unwrap();
    let err = expect_finish
        .handle(
            HandshakeFrame::Finish(Finish { signature: sig }),
            T0,
            &b.policy,
            &mut b.replay,
        )
        .unwrap_err();
    assert_eq!(err, Error::BadSignature);
    assert!(
        b.replay.is_empty(),
        "no replay entry before a valid signature"
    );
}

#[test]
fn unknown_peer_is_refused_after_proving_its_key() {
    let (mut a, mut b) = pair();
    b.policy.trusted.clear();
    let (ea, eb, frames) = run(&mut a, &mut b, T0);
    assert_eq!(
        frames.len(),
        3,
        "B only decides trust after the signature verifies"
    );
    let eb = eb.unwrap_err();
    assert!(matches!(eb, Error::UnknownPeer(_)));
    assert_eq!(eb.security_event(), Some(SecurityEventKind::UnknownPeer));
    assert_eq!(ea.unwrap_err(), Error::Rejected(RejectCode::UnknownPeer));
}

#[test]
fn initiator_refuses_an_untrusted_responder() {
    let (mut a, mut b) = pair();
    a.policy.trusted.clear();
    let (ea, _, frames) = run(&mut a, &mut b, T0);
    assert_eq!(
        frames.len(),
        2,
        "A sends no finish to an untrusted responder"
    );
    assert!(matches!(ea, Err(Error::UnknownPeer(_))));
}

#[test]
fn blocked_peer_gets_no_signature() {
    let (mut a, mut b) = pair();
    b.policy.blocked.insert(a.signer.public_key());
    let (ea, eb, frames) = run(&mut a, &mut b, T0);
    assert_eq!(
        frames.len(),
        1,
        "no response, hence no signature, for a blocked key"
    );
    assert!(matches!(eb, Err(Error::Blocked(_))));
    assert_eq!(ea.unwrap_err(), Error::Rejected(RejectCode::Blocked));
}

#[test]
fn full_replay_cache_refuses_new_handshakes() {
    let (mut a, mut b) = pair();
    b.replay = ReplayCache::new(1, DEFAULT_MAX_SKEW_MS);
    run(&mut a, &mut b, T0).1.unwrap();
    let err = run(&mut a, &mut b, T0.plus(1)).1.unwrap_err();
    assert_eq!(err, Error::ReplayCacheFull);
    assert_eq!(err.security_event(), Some(SecurityEventKind::RateLimited));
    // After the retention has passed, handshakes succeed again.
    let later = T0.plus(b.replay.retention_ms() + 1);
    run(&mut a, &mut b, later).1.unwrap();
}

#[test]
fn messages_out_of_order_are_malformed() {
    let (a, mut b) = pair();
    let err = ExpectHello::new(CFG, b.peer.clone(), a.peer.clone())
        .handle(
            HandshakeFrame::Accept,
            T0,
            &b.signer,
            &b.policy,
            &mut b.replay,
            &mut OsRng,
        )
        .unwrap_err();
    assert_eq!(
        err.security_event(),
        Some(SecurityEventKind::MalformedFrame)
    );
}

#[test]
fn unsupported_version_is_refused() {
    let (a, mut b) = pair();
    let (_, mut hello) = ExpectResponse::start(
        CFG,
        a.signer.public_key(),
        a.peer.clone(),
        b.peer.clone(),
        T0,
        &mut OsRng,
    );
    if let HandshakeFrame::Hello(h) = &mut hello {
        h.version = 2;
    }
    let err = ExpectHello::new(CFG, b.peer.clone(), a.peer.clone())
        .handle(hello, T0, &b.signer, &b.policy, &mut b.replay, &mut OsRng)
        .unwrap_err();
    assert_eq!(err, Error::UnsupportedVersion(2));
}

#[test]
fn initiator_reject_after_response_is_its_refusal_not_a_malformed_frame() {
    let (a, mut b) = pair();
    let (_, hello) = ExpectResponse::start(
        CFG,
        a.signer.public_key(),
        a.peer.clone(),
        b.peer.clone(),
        T0,
        &mut OsRng,
    );
    let (expect_finish, _) = ExpectHello::new(CFG, b.peer.clone(), a.peer.clone())
        .handle(hello, T0, &b.signer, &b.policy, &mut b.replay, &mut OsRng)
        .unwrap();
    let err = expect_finish
        .handle(
            HandshakeFrame::Reject(RejectCode::Unavailable),
            T0,
            &b.policy,
            &mut b.replay,
        )
        .unwrap_err();
    assert_eq!(err, Error::Rejected(RejectCode::Unavailable));
    assert_eq!(err.security_event(), None);
}

/// A signer that cannot sign (an unplugged hardware key): the handshake is refused with
/// `unavailable`, the peer is not blamed, and no other key is used.
#[test]
fn failing_local_signer_refuses_without_blaming_the_peer() {
    struct Broken(AgentPublicKey);
    impl Signer for Broken {
        fn public_key(&self) -> AgentPublicKey {
            self.0
        }
        fn sign(
            &self,
            _: &crate::identity::SignedPayload,
        ) -> Result<crate::Signature, crate::identity::SignerError> {
            Err(crate::identity::SignerError("device unplugged".into()))
        }
    }
    let (a, mut b) = pair();
    let broken = Broken(b.signer.public_key());
    let (_, hello) = ExpectResponse::start(
        CFG,
        a.signer.public_key(),
        a.peer.clone(),
        b.peer.clone(),
        T0,
        &mut OsRng,
    );
    let err = ExpectHello::new(CFG, b.peer.clone(), a.peer.clone())
        .handle(hello, T0, &broken, &b.policy, &mut b.replay, &mut OsRng)
        .unwrap_err();
    assert_eq!(err, Error::LocalSigner("device unplugged".into()));
    assert_eq!(err.security_event(), None);
    assert_eq!(err.reject_code(), RejectCode::Unavailable);
}

/// Hardening issue, hole 7: the skew check's sums saturate, so extreme timestamps (the
/// peer chooses them) are refused by kind, never by an overflow (a panic in debug, a
/// wrapped comparison in release).
#[test]
fn extreme_timestamps_are_refused_without_overflow() {
    let cfg = |max| HandshakeConfig { max_skew_ms: max };
    let now = UnixMillis(1_700_000_000_000);
    assert!(matches!(
        super::check_skew(UnixMillis(u64::MAX), now, &cfg(30_000)),
        Err(Error::FutureTimestamp { .. })
    ));
    assert!(matches!(
        super::check_skew(UnixMillis(0), now, &cfg(30_000)),
        Err(Error::StaleTimestamp { .. })
    ));
    // The largest configured skew admits anything, and still does not overflow.
    assert!(super::check_skew(UnixMillis(u64::MAX), now, &cfg(u64::MAX)).is_ok());
    assert!(super::check_skew(UnixMillis(0), UnixMillis(u64::MAX), &cfg(u64::MAX)).is_ok());
    assert!(matches!(
        super::check_skew(UnixMillis(0), UnixMillis(u64::MAX), &cfg(30_000)),
        Err(Error::StaleTimestamp {
            skew_ms: u64::MAX,
            ..
        })
    ));
    assert!(super::check_skew(UnixMillis(u64::MAX), UnixMillis(u64::MAX), &cfg(0)).is_ok());
}
