//! The worked example of `docs/protocol.md` §11, checked against this implementation, so
//! that the document stays a usable test vector for a second implementation. The
//! vectors were computed independently (Python `cryptography`) from the document alone.

use lango_protocol::identity::{AgentPublicKey, Did, PeerIdBytes, Signature};
use lango_protocol::replay::ReplayKey;
use lango_protocol::transcript::Transcript;
use lango_protocol::wire::{HandshakeFrame, Hello};
use lango_protocol::{RejectCode, UnixMillis};
use sha2::{Digest, Sha256};

fn hex(s: &str) -> Vec<u8> {
    let s: String = s.split_whitespace().collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

fn to_hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn example() -> Transcript {
    Transcript {
        initiator_peer: PeerIdBytes(hex(
            "0024080112208a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c",
        )),
        responder_peer: PeerIdBytes(hex(
            "0024080112208139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b394",
        )),
        initiator_key: AgentPublicKey::from_sec1(&hex(
            "03da5a961c1629913e80a0e480dd3b7c10b1b7b7ef5a89842558a042dbfd4fd541",
        ))
        .expect("K_I"),
        responder_key: AgentPublicKey::from_sec1(&hex(
            "02f3a299b568fad14c4f7a26b795afe7fc5d8135fee38ad19031dcea746a5232ad",
        ))
        .expect("K_R"),
        initiator_nonce: [0x11; 32],
        responder_nonce: [0x22; 32],
        initiator_time: UnixMillis(1_800_000_000_000),
        responder_time: UnixMillis(1_800_000_000_250),
    }
}

#[test]
fn dids_match_the_document() {
    let t = example();
    assert_eq!(
        t.initiator_key.did().as_str(),
        "did:key:zDnaexMeQjND2Q2tuYrtCAosdBZTP67KsjgDFppWtmSqs3quA"
    );
    assert_eq!(
        t.responder_key.did().as_str(),
        "did:key:zDnaegq1vPmUvWv1r1LwsVgdE6SatFcCdakTZwNMbgQU1xN5S"
    );
    assert!(Did::parse("did:key:zDnaegq1vPmUvWv1r1LwsVgdE6SatFcCdakTZwNMbgQU1xN5S").is_ok());
}

#[test]
fn payload_digests_session_id_and_replay_keys_match_the_document() {
    let t = example();
    let r = t.responder_payload();
    let i = t.initiator_payload();
    assert_eq!(r.as_bytes().len(), 327);
    assert_eq!(
        to_hex(&Sha256::digest(r.as_bytes())),
        "90dccb0f02e488ce6efff50147bc751310af1101d246061db02e8f5974dc7bc8"
    );
    assert_eq!(
        to_hex(&Sha256::digest(i.as_bytes())),
        "884fe88f05847ec6e82fb5fa9fc0aa5eebb0475a1f70ebd243eecf6503066401"
    );
    assert_eq!(
        to_hex(&t.session_id().0),
        "3a70d4d758524b70c52c09202700d8dd"
    );
    assert_eq!(
        to_hex(&ReplayKey::new(&t.initiator_key, &t.initiator_nonce).0),
        "3dbdd49f43ab269a3deded98dec9c857"
    );
    assert_eq!(
        to_hex(&ReplayKey::new(&t.responder_key, &t.responder_nonce).0),
        "7f2346b85d72bcb84203a27acf527680"
    );
}

#[test]
fn the_documents_signatures_verify_and_a_role_swap_does_not() {
    let t = example();
    let sig = |h: &str| Signature(hex(h).try_into().expect("64 bytes"));
    let sig_r = sig("cb7b38c008bf642d22bb36ebf7154b3d99346b89d6a84088ea32432c8ebd06e4 05b212c36e9fa9f38f8b224650e5e8de62d72266d8179ee25359ca72aa4659ac");
    let sig_i = sig("c84234302da442b2f3892eeea0157b8a217499dd2a902301b1eafcdc56cee191 2253ee0d8153b46cf9c6627a43ad2c5ccda3cc5ab24e4941a7834bcb86f0c61d");
    t.responder_key
        .verify(&t.responder_payload(), &sig_r)
        .expect("sig_R");
    t.initiator_key
        .verify(&t.initiator_payload(), &sig_i)
        .expect("sig_I");
    assert!(t
        .responder_key
        .verify(&t.initiator_payload(), &sig_r)
        .is_err());
}

#[test]
fn frames_match_the_document() {
    let t = example();
    let hello = HandshakeFrame::Hello(Hello {
        version: 1,
        agent_key: t.initiator_key,
        nonce: t.initiator_nonce,
        timestamp: t.initiator_time,
    })
    .encode();
    assert_eq!(hello.len(), 124);
    assert_eq!(&hello[..7], &hex("a1 65 68 65 6c 6c 6f")[..]);
    assert_eq!(
        HandshakeFrame::Accept.encode(),
        hex("a1 66 61 63 63 65 70 74 a0")
    );
    assert_eq!(
        HandshakeFrame::Reject(RejectCode::UnknownPeer).encode(),
        hex("a1 66 72 65 6a 65 63 74 a1 64 63 6f 64 65 05")
    );
}
