#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (docs/fuzzing.md).

    python3 scripts/fuzz-seeds.py        # from the repository root

Every seed is built from the wire formats as the encoders write them (protocol/src/wire.rs,
tools/, framing.rs, storage/src/crypto.rs, storage/src/audit/line.rs), with the fixed keys
of the `fuzzing` modules, so the "valid" seeds decode and the signed ones verify. Needs
only the Python standard library and `cryptography`. Re-running rewrites the seeds (ECDSA
signatures are deterministic where `cryptography` supports RFC 6979, else they change but
stay valid). Files added by `cargo fuzz cmin` are left alone.

Before writing anything the script checks its transcript encoding against the worked
example of docs/protocol.md section 11 (the vectors of protocol/tests/vectors.rs).
"""

import hashlib
import hmac
import json
import os
import struct
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# --- constants mirrored from the code ------------------------------------------------

# protocol/src/fuzzing.rs
NOW = 1_700_000_000_000
INITIATOR_SCALAR = bytes([0x11]) * 32
RESPONDER_SCALAR = bytes([0x22]) * 32
INITIATOR_PEER = b"fuzz-initiator-peer"
RESPONDER_PEER = b"fuzz-responder-peer"
FIXED_NONCE = bytes([0xA5]) * 32
# storage/src/fuzzing.rs
FUZZ_KEY = bytes([0x42]) * 32
FUZZ_KEY_ID = "identity-v1"
FUZZ_AAD = b"lango-node agent identity v1"
# storage/src/audit/mod.rs, fuzz_line
AUDIT_KEY = bytes([0x42]) * 32

# protocol/src/identity.rs, transcript.rs, notice.rs, tools/receipt.rs
SIGNATURE_CONTEXT = b"lango-node agent signature v1\x00"
HANDSHAKE_LABEL = b"lango-node/handshake/1.0.0"
SESSION_ID_LABEL = b"lango-node/session-id/v1"
NOTICE_LABEL = b"lango-node/notice/revoke/1.0.0"
RECORD_LABEL = b"lango-node/peer-record/1.0.0"
RECEIPT_LABEL = b"lango-node/tools/receipt/1.0.0"
# P-256 group order
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
TOOLS_VERSION = 2

# --- CBOR (definite lengths, shortest heads: what ciborium writes) --------------------


def head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    for info, width in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * width):
            return bytes([major << 5 | info]) + n.to_bytes(width, "big")
    raise ValueError(n)


def cbor(v):
    if v is None:
        return b"\xf6"
    if v is True:
        return b"\xf5"
    if v is False:
        return b"\xf4"
    if isinstance(v, int):
        return head(0, v) if v >= 0 else head(1, -1 - v)
    if isinstance(v, (bytes, bytearray)):
        return head(2, len(v)) + bytes(v)
    if isinstance(v, str):
        b = v.encode()
        return head(3, len(b)) + b
    if isinstance(v, list):
        return head(4, len(v)) + b"".join(cbor(x) for x in v)
    if isinstance(v, dict):
        return head(5, len(v)) + b"".join(cbor(k) + cbor(x) for k, x in v.items())
    raise TypeError(type(v))


def cbor_item_len(b, pos=0):
    """End offset of the one CBOR item at `pos` (definite lengths only); raises if malformed."""
    ib = b[pos]
    major, info = ib >> 5, ib & 0x1F
    if info < 24:
        arg, pos = info, pos + 1
    else:
        width = {24: 1, 25: 2, 26: 4, 27: 8}[info]
        arg, pos = int.from_bytes(b[pos + 1 : pos + 1 + width], "big"), pos + 1 + width
    if major in (2, 3):
        pos += arg
    elif major == 4:
        for _ in range(arg):
            pos = cbor_item_len(b, pos)
    elif major == 5:
        for _ in range(2 * arg):
            pos = cbor_item_len(b, pos)
    elif major == 6:
        pos = cbor_item_len(b, pos)
    if pos > len(b):
        raise ValueError("truncated")
    return pos


def one_item(b):
    assert cbor_item_len(b) == len(b), "not exactly one CBOR item"
    return b


# --- keys and signatures ----------------------------------------------------------------


def private_key(scalar):
    return ec.derive_private_key(int.from_bytes(scalar, "big"), ec.SECP256R1())


def compressed(key):
    return key.public_key().public_bytes(Encoding.X962, PublicFormat.CompressedPoint)


def sign(key, payload):
    try:
        der = key.sign(payload, ec.ECDSA(hashes.SHA256(), deterministic_signing=True))
    except Exception:  # older `cryptography`, or a backend without RFC 6979
        der = key.sign(payload, ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    if s > N // 2:
        s = N - s
    sig = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    verify(compressed(key), payload, sig)
    return sig


def verify(pub33, payload, sig):
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

    r, s = int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big")
    assert 0 < s <= N // 2, "high-S signature"
    pub = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), pub33)
    pub.verify(encode_dss_signature(r, s), payload, ec.ECDSA(hashes.SHA256()))


def fields(*fs):
    return b"".join(struct.pack(">I", len(f)) + f for f in fs)


def transcript(role, ip, rp, ik, rk, inonce, rnonce, it, rt):
    rest = (ip, rp, ik, rk, inonce, rnonce, struct.pack(">Q", it), struct.pack(">Q", rt))
    if role is None:
        return fields(HANDSHAKE_LABEL, *rest)
    return SIGNATURE_CONTEXT + fields(HANDSHAKE_LABEL, role, *rest)


def self_check():
    """The worked example of docs/protocol.md section 11 (protocol/tests/vectors.rs)."""
    t = (
        bytes.fromhex("0024080112208a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c"),
        bytes.fromhex("0024080112208139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b394"),
        bytes.fromhex("03da5a961c1629913e80a0e480dd3b7c10b1b7b7ef5a89842558a042dbfd4fd541"),
        bytes.fromhex("02f3a299b568fad14c4f7a26b795afe7fc5d8135fee38ad19031dcea746a5232ad"),
        bytes([0x11]) * 32,
        bytes([0x22]) * 32,
        1_800_000_000_000,
        1_800_000_000_250,
    )
    r = transcript(b"responder", *t)
    i = transcript(b"initiator", *t)
    assert len(r) == 327
    assert hashlib.sha256(r).hexdigest() == "90dccb0f02e488ce6efff50147bc751310af1101d246061db02e8f5974dc7bc8"
    assert hashlib.sha256(i).hexdigest() == "884fe88f05847ec6e82fb5fa9fc0aa5eebb0475a1f70ebd243eecf6503066401"
    sid = hashlib.sha256(SESSION_ID_LABEL + transcript(None, *t)).digest()[:16]
    assert sid.hex() == "3a70d4d758524b70c52c09202700d8dd"
    verify(t[3], r, bytes.fromhex(
        "cb7b38c008bf642d22bb36ebf7154b3d99346b89d6a84088ea32432c8ebd06e4"
        "05b212c36e9fa9f38f8b224650e5e8de62d72266d8179ee25359ca72aa4659ac"))
    assert cbor({"accept": {}}).hex() == "a166616363657074a0"
    assert cbor({"reject": {"code": 5}}).hex() == "a16672656a656374a164636f646505"


# --- writing ------------------------------------------------------------------------------


def write(crate, target, name, data):
    assert len(data) < 4096, f"{crate}/{target}/{name} is {len(data)} bytes"
    d = os.path.join(ROOT, crate, "fuzz", "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    self_check()
    ki, kr = private_key(INITIATOR_SCALAR), private_key(RESPONDER_SCALAR)
    pi, pr = compressed(ki), compressed(kr)

    # frame: selector (cap index into FRAME_CAPS = [1, 1024, 16 KiB, 256 KiB, u32::MAX]),
    # then a byte stream.
    accept = cbor({"accept": {}})
    frame = lambda body: struct.pack(">I", len(body)) + body
    write("protocol", "frame", "valid-accept-frame", b"\x02" + frame(accept))
    write("protocol", "frame", "valid-two-frames", b"\x03" + frame(accept) + frame(b"\xa0"))
    write("protocol", "frame", "valid-ping-cap-exactly", b"\x01" + frame(bytes(1024)))
    write("protocol", "frame", "oversized-length", b"\x02" + struct.pack(">I", 16 * 1024 + 1) + accept)
    write("protocol", "frame", "max-length", b"\x04" + b"\xff\xff\xff\xff" + accept)
    write("protocol", "frame", "empty-frame", b"\x02" + b"\x00\x00\x00\x00")
    write("protocol", "frame", "truncated-body", b"\x02" + struct.pack(">I", 16) + b"\xa1\x66\x61")

    # handshake: selector (low nibble: 0 decode, 1 hello, 2 response, 3 finish, 4 outcome;
    # high nibble mod 3: trusted, unknown, blocked), then the frame body.
    def hello(version=1, ts=NOW, nonce=bytes([0x33]) * 32, key=pi):
        return one_item(cbor({"hello": {"version": version, "agent_key": key, "nonce": nonce, "timestamp_ms": ts}}))

    write("protocol", "handshake", "valid-hello-to-responder", b"\x01" + hello())
    write("protocol", "handshake", "valid-hello-unknown-peer", b"\x11" + hello())
    write("protocol", "handshake", "valid-hello-blocked-peer", b"\x21" + hello())
    write("protocol", "handshake", "valid-hello-stale", b"\x01" + hello(ts=NOW - 31_000))
    write("protocol", "handshake", "valid-hello-version-2", b"\x01" + hello(version=2))
    write("protocol", "handshake", "valid-hello-decode-only", b"\x00" + hello(
        ts=1_800_000_000_000, nonce=bytes([0x11]) * 32,
        key=bytes.fromhex("03da5a961c1629913e80a0e480dd3b7c10b1b7b7ef5a89842558a042dbfd4fd541")))
    # Response to the initiator's fixed hello (nonce 0xa5.., at NOW), signed by the
    # responder key: the initiator accepts it.
    rnonce, rts = bytes([0x44]) * 32, NOW + 250
    sig_r = sign(kr, transcript(b"responder", INITIATOR_PEER, RESPONDER_PEER, pi, pr, FIXED_NONCE, rnonce, NOW, rts))
    response = one_item(cbor({"response": {"agent_key": pr, "nonce": rnonce, "timestamp_ms": rts, "signature": sig_r}}))
    write("protocol", "handshake", "valid-response-signed", b"\x02" + response)
    bad = bytearray(sig_r)
    bad[63] ^= 1
    write("protocol", "handshake", "valid-response-bad-signature", b"\x02" + one_item(cbor(
        {"response": {"agent_key": pr, "nonce": rnonce, "timestamp_ms": rts, "signature": bytes(bad)}})))
    # Finish for the responder that answered the fixed hello (both nonces 0xa5.., both
    # times NOW), signed by the initiator key: the responder accepts it.
    sig_i = sign(ki, transcript(b"initiator", INITIATOR_PEER, RESPONDER_PEER, pi, pr, FIXED_NONCE, FIXED_NONCE, NOW, NOW))
    write("protocol", "handshake", "valid-finish-signed", b"\x03" + one_item(cbor({"finish": {"signature": sig_i}})))
    write("protocol", "handshake", "valid-accept-outcome", b"\x04" + accept)
    write("protocol", "handshake", "valid-reject-unknown-peer", b"\x04" + cbor({"reject": {"code": 5}}))
    write("protocol", "handshake", "valid-reject-other-code", b"\x02" + cbor({"reject": {"code": 999}}))
    write("protocol", "handshake", "unknown-message", b"\x00" + cbor({"launch": {}}))
    write("protocol", "handshake", "trailing-byte", b"\x01" + hello() + b"\x00")

    # notice: the body. Signed by the initiator key for (INITIATOR_PEER -> RESPONDER_PEER).
    sid = bytes([0x5A]) * 16

    def notice(reason, block_ms, sig=None):
        payload = SIGNATURE_CONTEXT + fields(
            NOTICE_LABEL, INITIATOR_PEER, RESPONDER_PEER, pi, pr, sid,
            struct.pack(">Q", NOW), struct.pack(">Q", block_ms), reason.encode())
        sig = sig if sig is not None else sign(ki, payload)
        return one_item(cbor({"revoke": {
            "from_key": pi, "to_key": pr, "session_id": sid, "timestamp_ms": NOW,
            "block_ms": block_ms, "reason": reason, "signature": sig}}))

    write("protocol", "notice", "valid-signed", notice("operator revoked the session", 3_600_000))
    write("protocol", "notice", "valid-unsigned-no-block", notice("", 0, sig=bytes([7]) * 64))
    write("protocol", "notice", "valid-reason-at-cap", notice("r" * 256, 1))
    write("protocol", "notice", "reason-over-cap", notice("r" * 257, 1, sig=bytes(64)))

    # tool_request: the body.
    def request(**kw):
        r = {"v": TOOLS_VERSION, "request_id": bytes([1]) * 16, "session_id": bytes([2]) * 16,
             "tool": "fs.read", "input": '{"path":"/tmp/x","n":[1,2.5,null]}', "timeout_ms": 5000}
        r.update(kw)
        return one_item(cbor(r))

    write("protocol", "tool_request", "valid-request", request())
    write("protocol", "tool_request", "valid-request-empty-object", request(tool="echo", input="{}", timeout_ms=1))
    write("protocol", "tool_request", "input-not-json", request(input="{x"))
    write("protocol", "tool_request", "timeout-zero", request(timeout_ms=0))
    write("protocol", "tool_request", "bad-tool-name", request(tool="../etc"))
    write("protocol", "tool_request", "version-1", request(v=1))

    # receipt: the body. Signed by the responder (callee) for the initiator (caller).
    def receipt(tool="echo", status="ok", exit_status=0, truncated=False, stdout=b'{"x":1}', stderr=b""):
        rid = bytes([5]) * 16
        ih = hashlib.sha256(b"{}").digest()
        oh = hashlib.sha256(fields(stdout, stderr)).digest()
        exit_field = b"\x00" if exit_status is None else b"\x01" + struct.pack(">i", exit_status)
        t = NOW + 1000
        payload = SIGNATURE_CONTEXT + fields(
            RECEIPT_LABEL, pr, pi, rid, tool.encode(), ih, oh, status.encode(), exit_field,
            bytes([1 if truncated else 0]), struct.pack(">Q", t))
        return one_item(cbor({
            "callee": pr, "caller": pi, "request_id": rid, "tool": tool, "input_sha256": ih,
            "output_sha256": oh, "status": status, "exit_status": exit_status,
            "truncated": truncated, "time_ms": t, "signature": sign(kr, payload)}))

    signed = receipt()
    write("protocol", "receipt", "valid-signed", signed)
    write("protocol", "receipt", "valid-signed-timeout-no-exit", receipt(status="timeout", exit_status=None, truncated=True))
    write("protocol", "receipt", "valid-signed-negative-exit", receipt(exit_status=-9, status="sandbox_error"))
    write("protocol", "receipt", "unknown-status", receipt(status="OK"))

    # tool_response: the body.
    def response_body(**kw):
        r = {"v": TOOLS_VERSION, "request_id": bytes([5]) * 16, "status": "ok", "output": b'{"x":1}',
             "stderr": b"", "exit_status": 0, "termination": "exited", "truncated": False,
             "redactions": 0, "duration_ms": 12, "error": "", "receipt": signed}
        r.update(kw)
        return one_item(cbor(r))

    write("protocol", "tool_response", "valid-ok-with-receipt", response_body())
    write("protocol", "tool_response", "valid-refusal-denied", response_body(
        status="denied", output=b"", exit_status=None, termination="", duration_ms=0,
        error="firewall: this peer may call no tool here", receipt=None))
    write("protocol", "tool_response", "error-over-cap", response_body(status="bad_request", error="e" * 513))
    write("protocol", "tool_response", "receipt-not-cbor", response_body(receipt=b"\xff"))

    # tools_list: selector (even: request, odd: response), then the body.
    write("protocol", "tools_list", "valid-list-request", b"\x00" + one_item(cbor({"v": TOOLS_VERSION, "session_id": bytes([2]) * 16})))
    write("protocol", "tools_list", "valid-list-response", b"\x01" + one_item(cbor({"v": TOOLS_VERSION, "status": "ok", "tools": [
        {"name": "echo", "description": "echoes its input", "sandbox": "subprocess", "safety": "safe", "timeout_ms": 30000},
        {"name": "fs.read", "description": "", "sandbox": "wasm", "safety": "moderate", "timeout_ms": 5000}]})))
    write("protocol", "tools_list", "valid-list-response-denied", b"\x01" + cbor({"v": TOOLS_VERSION, "status": "denied", "tools": []}))
    write("protocol", "tools_list", "list-request-short-session", b"\x00" + cbor({"v": TOOLS_VERSION, "session_id": bytes(15)}))

    # peer_record: the body, signed by the initiator key (protocol/src/record.rs).
    def record(addrs, seq=7, expires=NOW + 600_000, peer=INITIATOR_PEER, sig=None):
        payload = SIGNATURE_CONTEXT + fields(
            RECORD_LABEL, pi, peer, struct.pack(">Q", seq), struct.pack(">Q", expires),
            struct.pack(">I", len(addrs)), *[a.encode() for a in addrs])
        sig = sig if sig is not None else sign(ki, payload)
        return one_item(cbor({"key": pi, "peer_id": peer, "addrs": addrs, "seq": seq,
                              "expires_ms": expires, "signature": sig}))

    relayed = "/ip4/198.51.100.1/tcp/4001/p2p/12D3KooWRelay/p2p-circuit"
    signed = record([relayed, "/ip4/198.51.100.2/tcp/4001"])
    write("protocol", "peer_record", "valid-signed", signed)
    write("protocol", "peer_record", "valid-no-addrs", record([]))
    write("protocol", "peer_record", "valid-bad-signature", record([relayed], sig=bytes([7]) * 64))
    write("protocol", "peer_record", "too-many-addrs", record(["/ip4/1.2.3.4/tcp/1"] * 17, sig=bytes(64)))
    write("protocol", "peer_record", "addr-over-cap", record(["a" * 257], sig=bytes(64)))
    # records_message: selector (even: request, odd: response), then the body.
    write("protocol", "records_message", "valid-publish", b"\x00" + cbor({"publish": signed}))
    write("protocol", "records_message", "valid-find", b"\x00" + cbor({"find": pi}))
    write("protocol", "records_message", "valid-found", b"\x01" + cbor({"found": signed}))
    write("protocol", "records_message", "valid-stored", b"\x01" + cbor("stored"))
    write("protocol", "records_message", "valid-refused", b"\x01" + cbor({"refused": "no session"}))
    write("protocol", "records_message", "find-short-key", b"\x00" + cbor({"find": pi[:10]}))
    nonce = bytes(range(16))
    tag = hashlib.sha256(b"lango-node/probe/1.0.0" + nonce + pi).digest()
    write("protocol", "records_message", "valid-probe", b"\x00" + cbor({"probe": {"nonce": nonce, "tags": [tag, bytes(32)]}}))
    write("protocol", "records_message", "probe-short-nonce", b"\x00" + cbor({"probe": {"nonce": nonce[:8], "tags": [tag]}}))

    # sealed_header: the envelope (storage/src/crypto.rs).
    def envelope(plaintext, key_id=FUZZ_KEY_ID, aad=FUZZ_AAD, nonce=bytes([7]) * 12):
        kid = key_id.encode()
        hdr = b"LNGE" + bytes([1, 1, len(kid)]) + kid + nonce
        full_aad = hdr + struct.pack(">Q", len(aad)) + aad
        return hdr + AESGCM(FUZZ_KEY).encrypt(nonce, plaintext, full_aad)

    identity = envelope(INITIATOR_SCALAR)
    write("storage", "sealed_header", "valid-identity-envelope", identity)
    write("storage", "sealed_header", "valid-json-envelope", envelope(b'{"kind":"pkcs11","public_key":"02ab"}', nonce=bytes(range(12))))
    write("storage", "sealed_header", "valid-other-key-id-empty-plaintext", envelope(b"", key_id="k/2"))
    write("storage", "sealed_header", "wrong-purpose", envelope(b"x", aad=b"lango-node transport key v1"))
    tampered = bytearray(identity)
    tampered[-1] ^= 1
    write("storage", "sealed_header", "tampered-tag", bytes(tampered))
    write("storage", "sealed_header", "unknown-magic", b"LNGF" + identity[4:])
    write("storage", "sealed_header", "unsupported-version", identity[:4] + b"\x02" + identity[5:])
    write("storage", "sealed_header", "unsupported-algorithm", identity[:5] + b"\x02" + identity[6:])
    write("storage", "sealed_header", "empty-key-id", b"LNGE\x01\x01\x00" + bytes(40))
    write("storage", "sealed_header", "key-id-not-utf8", b"LNGE\x01\x01\x02\xff\xfe" + bytes(40))
    write("storage", "sealed_header", "truncated-in-nonce", identity[: 7 + 11 + 5])
    write("storage", "sealed_header", "shorter-than-tag", identity[: 7 + 11 + 12 + 15])
    write("storage", "sealed_header", "truncated-magic", b"LNG")

    # audit_line: one line without its newline (storage/src/audit/line.rs).
    genesis = "0" * 64

    def body(seq, kind, fields_, prev, time="2026-05-01T12:00:00Z"):
        # serde_json's compact form, members in BodyRef order, object keys sorted.
        return json.dumps({"seq": seq, "time": time, "kind": kind, "fields": fields_, "prev": prev},
                          separators=(",", ":"), sort_keys=False)

    def keyed(b):
        mac = hmac.new(AUDIT_KEY, b.encode(), hashlib.sha256).hexdigest()
        return (b[:-1] + ',"mac":"' + mac + '"}').encode(), mac

    def unkeyed(b):
        return (b[:-1] + ',"hash":"' + hashlib.sha256(b.encode()).hexdigest() + '"}').encode()

    did = "did:key:zDnaexMeQjND2Q2tuYrtCAosdBZTP67KsjgDFppWtmSqs3quA"
    line1, mac1 = keyed(body(1, "trust.add", {"did": did, "tools": ["echo", "fs.*"]}, genesis))
    write("storage", "audit_line", "valid-keyed-genesis", line1)
    line2, _ = keyed(body(2, "tools.call", {"big": 18446744073709551615, "n": -5, "none": None, "ok": True, "ratio": 0.1}, mac1))
    write("storage", "audit_line", "valid-keyed-numbers", line2)
    write("storage", "audit_line", "valid-unkeyed-legacy", unkeyed(body(1, "init", {}, genesis)))
    write("storage", "audit_line", "keyed-mac-uppercase", line1[:-10] + line1[-10:].upper())
    write("storage", "audit_line", "unkeyed-hash-mismatch", unkeyed(body(1, "init", {}, genesis)).replace(b'"init"', b'"inix"'))
    write("storage", "audit_line", "no-seal-member", body(1, "init", {}, genesis).encode())
    write("storage", "audit_line", "unknown-member", keyed(body(1, "init", {}, genesis)[:-1] + ',"extra":1}')[0])

    # config: TOML text (docs/config.md).
    write("node", "config", "valid-empty", b"")
    with open(os.path.join(ROOT, "docs", "config.md"), encoding="utf-8") as f:
        doc = f.read()
    marker = "## Example (every key, at its default)\n\n```toml\n"
    every = doc[doc.index(marker) + len(marker):]
    every = every[: every.index("```")]
    write("node", "config", "valid-every-key-default", every.encode())
    write("node", "config", "valid-loopback-test-mesh", b'[node]\nlisten = ["/ip4/127.0.0.1/tcp/0"]\n\n[handshake]\nread_timeout = "2s"\n')
    write("node", "config", "valid-tools-and-keys", b'''[[tools]]
name = "echo"
description = "echoes its input"
sandbox = "subprocess"
command = ["/usr/bin/cat"]
safety = "safe"
timeout = "10s"
memory = "64MiB"
output_cap = 65536
env = { LANG = "C" }

[[tools]]
name = "count-bytes"
sandbox = "container"
command = ["sh", "-c", "wc -c"]
cpu_percent = 50

[invoke]
max_input = "1MiB"
deny = ["fs.*", "shell"]
default_timeout = "30s"

[approval]
policy = "none"

[sandbox]
warm_pool = 0

[keys]
fallback = "fail"

[keys.pkcs11]
module = "/usr/lib/softhsm/libsofthsm2.so"
token_label = "lango"
pin_env = "LANGO_PKCS11_PIN"

[audit]
sync = "always"
''')
    write("node", "config", "unknown-key", b'[handshake]\nmax_skew = "5s"\nmax_skwe = "5s"\n')
    write("node", "config", "read-timeout-over-skew", b'[handshake]\nread_timeout = "40s"\n')
    write("node", "config", "mdns-true", b"[node]\nmdns = true\n")
    write("node", "config", "bad-size-unit", b'[[tools]]\nname = "x"\nsandbox = "container"\ncommand = ["x"]\nmemory = "12XB"\n')

    # ping: selector (even: request, odd: response), then the body.
    write("node", "ping", "valid-request", b"\x00" + one_item(cbor({"session_id": bytes([2]) * 16, "nonce": bytes([9]) * 16})))
    write("node", "ping", "request-trailing-byte", b"\x00" + cbor({"session_id": bytes([2]) * 16, "nonce": bytes([9]) * 16}) + b"\x00")
    write("node", "ping", "request-short-nonce", b"\x00" + cbor({"session_id": bytes([2]) * 16, "nonce": bytes(8)}))
    write("node", "ping", "valid-response-ok", b"\x01" + one_item(cbor({"status": "ok", "nonce": bytes([9]) * 16})))
    write("node", "ping", "valid-response-bad-request", b"\x01" + cbor({"status": "bad_request", "nonce": b""}))

    print("seeds written")


if __name__ == "__main__":
    try:
        main()
    except (AssertionError, InvalidSignature) as e:
        sys.exit(f"fuzz-seeds: self-check failed: {e!r}")
