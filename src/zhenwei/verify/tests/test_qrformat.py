"""The ZW1 payload format: the documented test vector, round trips, and every failure verdict."""

import datetime as dt
import json

import base45
import cbor2
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhenwei.core.tests.properties import examples
from zhenwei.verify import qrformat

# The test vector of docs/qr-format.md: seed 00 01 … 1f, kid "zwtest", fixed salt and time.
SEED = bytes(range(32))
KID = "zwtest"
VECTOR_CLAIMS = dict(
    number="T500235198503120011",
    kind="special_operation",
    holder_name="张小三",
    valid_from=dt.date(2024, 5, 1),
    valid_until=dt.date(2030, 5, 1),
    operation_item="低压电工作业",
    issued_at=1795000000,
    salt=bytes.fromhex("0011223344556677"),
)
VECTOR_PUBLIC_X = "A6EHv_POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg"
VECTOR_PAYLOAD = (
    "ZW1:RRQCP9P60EO0VLF7WE QE8CK%%D-70KPC5LE.D02TA646QF6RW6NA7QW6AL6NF6746$86IFEI9EOPCAEC-2CI9EVKEBWE-3EOO0%"
    "FWJGDN 0W:NU*5N3TSXJFRK2U0H00PE4XS8-.CVY0:Z9H+0U*A411TNDQ1HX81C-S-2I-0IJCTZ:MX9NC-SO$J8FN27BI6RQLB4GI5GC "
    ".C+PN56EP$G:N1943V0H6G3WA3RJ42WP*Q7T8K-FNA4IU-11W60EWE/GO:P N62FSUYHK7U++A$*4P.N GA"
)


def vector_key():
    return Ed25519PrivateKey.from_private_bytes(SEED)


def trust(status="active", not_after=None, kid=KID, key=None):
    key = key or vector_key()
    x = qrformat.b64u(
        key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    return qrformat.TrustList.from_json(
        {
            "format": "zhenwei-trust-list",
            "version": 1,
            "keys": [
                {
                    "kid": kid,
                    "alg": "EdDSA",
                    "crv": "Ed25519",
                    "x": x,
                    "status": status,
                    "not_after": not_after,
                }
            ],
        }
    )


def vector_payload():
    claims = qrformat.certificate_claims(**VECTOR_CLAIMS)
    return qrformat.sign(claims, private_key=vector_key(), kid=KID)


def test_test_vector_is_reproduced_exactly():
    key = vector_key()
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert qrformat.b64u(public) == VECTOR_PUBLIC_X
    assert vector_payload() == VECTOR_PAYLOAD  # Ed25519 is deterministic


def test_test_vector_verifies_and_decodes_to_the_documented_claims():
    result = qrformat.verify(VECTOR_PAYLOAD, trust(), today=dt.date(2026, 11, 25), name="张小三")
    assert result.verdict == "valid"
    assert result.name_matches is True
    data = result.as_dict()
    assert data["certificate"]["number"] == "T500235198503120011"
    assert data["certificate"]["valid_until"] == "2030-05-01"
    assert data["kid"] == KID


def test_structure_is_cose_sign1_with_eddsa_and_kid():
    raw = base45.b45decode(VECTOR_PAYLOAD[4:])
    message = cbor2.loads(raw)
    assert message.tag == 18
    protected, unprotected, payload, signature = message.value
    assert cbor2.loads(protected) == {1: -8, 4: b"zwtest"}
    assert unprotected == {}
    claims = cbor2.loads(payload)
    assert claims[2] == "T500235198503120011"
    assert "张小三" not in json.dumps(claims, default=repr, ensure_ascii=False)  # only a salted hash
    assert len(signature) == 64
    # Verify by hand with the RFC 9052 Sig_structure, not through our verify().
    vector_key().public_key().verify(signature, cbor2.dumps(["Signature1", protected, b"", payload]))


def test_traditional_name_matches_simplified_hash():
    result = qrformat.verify(VECTOR_PAYLOAD, trust(), today=dt.date(2026, 11, 25), name="張小三")
    assert result.name_matches is True
    other = qrformat.verify(VECTOR_PAYLOAD, trust(), today=dt.date(2026, 11, 25), name="李四")
    assert other.verdict == "valid" and other.name_matches is False


def test_expired_and_not_yet_valid():
    assert qrformat.verify(VECTOR_PAYLOAD, trust(), today=dt.date(2030, 5, 2)).verdict == "expired"
    assert qrformat.verify(VECTOR_PAYLOAD, trust(), today=dt.date(2024, 4, 30)).verdict == "expired"
    assert qrformat.verify(VECTOR_PAYLOAD, trust(), today=dt.date(2030, 5, 1)).verdict == "valid"


def test_unknown_key_revoked_key_and_wrong_key():
    today = dt.date(2026, 11, 25)
    assert qrformat.verify(VECTOR_PAYLOAD, trust(kid="other"), today=today).verdict == "unknown_key"
    assert qrformat.verify(VECTOR_PAYLOAD, trust(status="revoked"), today=today).verdict == "revoked"
    assert qrformat.verify(VECTOR_PAYLOAD, trust(status="retired"), today=today).verdict == "valid"
    impostor = Ed25519PrivateKey.generate()
    assert qrformat.verify(VECTOR_PAYLOAD, trust(key=impostor), today=today).verdict == "invalid_signature"


def test_signed_after_key_expiry_is_refused():
    result = qrformat.verify(
        VECTOR_PAYLOAD, trust(not_after="2026-01-01T00:00:00Z"), today=dt.date(2026, 11, 25)
    )
    assert result.verdict == "invalid_signature"


def test_tampered_payload_fails_signature():
    raw = cbor2.loads(base45.b45decode(VECTOR_PAYLOAD[4:]))
    protected, unprotected, payload, signature = raw.value
    claims = cbor2.loads(payload)
    claims[7] += 3650  # extend validity by ten years
    forged = cbor2.dumps(cbor2.CBORTag(18, [protected, unprotected, cbor2.dumps(claims), signature]))
    text = "ZW1:" + base45.b45encode(forged).decode()
    assert qrformat.verify(text, trust(), today=dt.date(2026, 11, 25)).verdict == "invalid_signature"


def _wrap(message) -> str:
    return "ZW1:" + base45.b45encode(cbor2.dumps(message)).decode()


MALFORMED = [
    None,
    123,
    "",
    "hello",
    "ZW1:",
    "ZW2:" + VECTOR_PAYLOAD[4:],
    "ZW1:abc",  # lower case is not Base45
    "ZW1:" + "A" * 3000,
    "ZW1:" + base45.b45encode(b"\xff\xff\xff").decode(),  # not CBOR
    _wrap([1, 2, 3]),
    _wrap(cbor2.CBORTag(17, [b"", {}, b"", b"x" * 64])),
    _wrap([b"", {}, b"", b"short"]),
    _wrap([cbor2.dumps({1: -7, 4: b"k"}), {}, cbor2.dumps({1: "cert"}), b"x" * 64]),  # ES256 claimed
    _wrap([cbor2.dumps({1: -8}), {}, cbor2.dumps({1: "cert"}), b"x" * 64]),  # no kid
    _wrap([cbor2.dumps({1: -8, 4: b"k"}), {}, cbor2.dumps({1: "cert"}), b"x" * 64]),  # claims missing
    _wrap([cbor2.dumps({1: -8, 4: b"k"}), {}, cbor2.dumps("not a map"), b"x" * 64]),
    _wrap(
        [
            cbor2.dumps({1: -8, 4: b"k"}),
            {},
            cbor2.dumps({1: "cert", 2: "N", 3: "k", 4: b"x" * 16, 5: b"s" * 8, 6: 10**12, 7: 1, 8: 1}),
            b"x" * 64,
        ]
    ),  # date out of range
]


def test_malformed_texts_answer_malformed():
    for text in MALFORMED:
        result = qrformat.verify(text, trust())
        assert result.verdict == "malformed", (text, result)
        assert result.reason


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(max_size=400), st.binary(max_size=300).map(lambda b: "ZW1:" + base45.b45encode(b).decode())
    )
)
def test_decoder_never_raises_on_garbage(text):
    result = qrformat.verify(text, trust())
    assert result.verdict in qrformat.VERDICTS
    assert result.verdict != "valid"


@settings(max_examples=examples(100), deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.binary(max_size=20) | st.text(max_size=20),
        lambda children: (
            st.lists(children, max_size=5) | st.dictionaries(st.integers(-10, 10), children, max_size=5)
        ),
        max_leaves=20,
    )
)
def test_decoder_never_raises_on_arbitrary_cbor(value):
    for message in (value, cbor2.CBORTag(18, value)):
        try:
            text = _wrap(message)
        except Exception:  # noqa: BLE001, S112 - some values cannot be encoded
            continue
        assert qrformat.verify(text, trust()).verdict in qrformat.VERDICTS


@settings(max_examples=examples(300), deadline=None)
@given(st.binary(max_size=400))
def test_own_base45_decoder_agrees_with_the_reference(data):
    assert qrformat.b45decode(base45.b45encode(data).decode()) == data


@settings(max_examples=examples(300), deadline=None)
@given(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:é", max_size=60))
def test_own_base45_decoder_rejects_what_the_reference_rejects(text):
    try:
        expected = base45.b45decode(text)
    except ValueError:
        expected = None
    try:
        got = qrformat.b45decode(text)
    except ValueError:
        got = None
    assert got == expected


def test_key_lifetime_rules_of_the_pure_verifier():
    """issued_at of the vector is 1795000000 (2026-11-18T07:33:20Z)."""
    signed_at = dt.datetime.fromtimestamp(1795000000, dt.UTC)
    today = dt.date(2026, 11, 25)
    base = trust().keys[KID]

    def with_key(**changes):
        from dataclasses import replace

        return qrformat.TrustList(keys={KID: replace(base, **changes)})

    def verdict(tl, now=signed_at + dt.timedelta(days=1), **kw):
        return qrformat.verify(VECTOR_PAYLOAD, tl, today=today, now=now, **kw)

    assert verdict(with_key(status="retired", retired_at=signed_at + dt.timedelta(seconds=1))).ok
    late = verdict(with_key(status="retired", retired_at=signed_at - dt.timedelta(seconds=1)))
    assert late.verdict == "invalid_signature" and "retired" in late.reason
    early = verdict(with_key(not_before=signed_at + dt.timedelta(hours=1)))
    assert early.verdict == "invalid_signature" and "before the key existed" in early.reason
    future = verdict(trust(), now=signed_at - dt.timedelta(minutes=6))
    assert future.verdict == "invalid_signature" and "future" in future.reason
    assert verdict(trust(), now=signed_at - dt.timedelta(minutes=4)).ok  # inside the 5-minute skew
    assert verdict(trust(), now=signed_at - dt.timedelta(minutes=6), clock_skew=dt.timedelta(minutes=10)).ok
