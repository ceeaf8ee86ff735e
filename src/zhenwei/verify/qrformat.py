"""The signed QR payload (ZW1): CBOR claims in a COSE_Sign1 (RFC 9052) signed with Ed25519, Base45.

Pure Python on cbor2, base45 and cryptography: no Django and no database, so ``zhenwei qr verify``
and any third-party checker can verify offline with the published trust list alone. The
Sig_structure is built here by hand (pycose 1.x breaks with cbor2 6). See docs/qr-format.md.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import base45
import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PREFIX = "ZW1:"
COSE_SIGN1_TAG = 18
ALG_EDDSA = -8  # COSE algorithm identifier for EdDSA
HDR_ALG = 1
HDR_KID = 4
MAX_TEXT = 2048  # a QR code holds at most ~4,296 alphanumeric characters; ours are ~200

# Claim keys (small integers keep the QR small).
C_TYPE = 1  # "cert"
C_NUMBER = 2  # certificate number
C_KIND = 3  # certificate kind (registry CertificateKind value)
C_NAME_HASH = 4  # 16 bytes: SHA-256(salt ‖ canonical name), truncated
C_SALT = 5  # 8 random bytes
C_VALID_FROM = 6  # days since 1970-01-01
C_VALID_UNTIL = 7  # days since 1970-01-01 (inclusive)
C_ISSUED_AT = 8  # seconds since the epoch, UTC
C_ITEM = 9  # operation item (准操项目), optional

EPOCH = dt.date(1970, 1, 1)

VERDICTS = ("valid", "invalid_signature", "unknown_key", "revoked", "expired", "malformed")
# How far a payload's issued_at may lie after the checker's clock (clocks of the signing server and
# of an offline checker differ a little); settings.VERIFY_QR_CLOCK_SKEW_SECONDS overrides it online.
DEFAULT_CLOCK_SKEW = dt.timedelta(minutes=5)


class MalformedPayload(ValueError):
    """The text is not a well-formed ZW1 payload."""


def canonical_name(name: str) -> str:
    """The form of a holder name that is hashed: NFKC, Traditional → Simplified, no spaces or dots."""
    from zhenwei.core.text import normalize  # OpenCC only; no Django needed

    return normalize(name).replace(" ", "").replace("·", "").replace("•", "")


def name_hash(name: str, salt: bytes) -> bytes:
    return hashlib.sha256(salt + canonical_name(name).encode()).digest()[:16]


def days(value: dt.date) -> int:
    return (value - EPOCH).days


def from_days(value: int) -> dt.date:
    return EPOCH + dt.timedelta(days=value)


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64u_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_B45_TABLE = bytes(_B45.index(chr(i)) if chr(i) in _B45 else 255 for i in range(256))


def b45decode(text: str) -> bytes:
    """RFC 9285 Base45 decoding, about three times faster than the reference package (it is on the
    hot path of offline verification). Raises ValueError on anything that is not Base45."""
    try:
        raw = text.encode("ascii")
    except UnicodeEncodeError:
        raise ValueError("not Base45") from None
    values = raw.translate(_B45_TABLE)
    n = len(values)
    if 255 in values or n % 3 == 1:
        raise ValueError("not Base45")
    full = n - n % 3
    words = [
        a + b * 45 + c * 2025
        for a, b, c in zip(values[0:full:3], values[1:full:3], values[2:full:3], strict=True)
    ]
    if words and max(words) > 0xFFFF:
        raise ValueError("not Base45")
    out = struct.pack(f">{len(words)}H", *words)
    if n % 3 == 2:
        last = values[-2] + values[-1] * 45
        if last > 0xFF:
            raise ValueError("not Base45")
        out += bytes((last,))
    return out


def sig_structure(protected: bytes, payload: bytes, external_aad: bytes = b"") -> bytes:
    """RFC 9052 §4.4: the bytes actually signed for a COSE_Sign1."""
    return cbor2.dumps(["Signature1", protected, external_aad, payload])


@dataclass(frozen=True)
class CertificateClaims:
    number: str
    kind: str
    valid_from: dt.date
    valid_until: dt.date
    name_hash: bytes
    salt: bytes
    issued_at: int
    operation_item: str = ""

    def to_cbor_map(self) -> dict[int, Any]:
        claims: dict[int, Any] = {
            C_TYPE: "cert",
            C_NUMBER: self.number,
            C_KIND: self.kind,
            C_NAME_HASH: self.name_hash,
            C_SALT: self.salt,
            C_VALID_FROM: days(self.valid_from),
            C_VALID_UNTIL: days(self.valid_until),
            C_ISSUED_AT: self.issued_at,
        }
        if self.operation_item:
            claims[C_ITEM] = self.operation_item
        return claims

    @classmethod
    def from_cbor_map(cls, claims: Any) -> CertificateClaims:
        if not isinstance(claims, Mapping) or claims.get(C_TYPE) != "cert":
            raise MalformedPayload("claims are not a certificate claim map")
        try:
            number, kind = claims[C_NUMBER], claims[C_KIND]
            nhash, salt = claims[C_NAME_HASH], claims[C_SALT]
            vfrom, vuntil, iat = claims[C_VALID_FROM], claims[C_VALID_UNTIL], claims[C_ISSUED_AT]
        except KeyError as exc:
            raise MalformedPayload(f"claim {exc.args[0]} missing") from None
        item = claims.get(C_ITEM, "")
        if not (isinstance(number, str) and isinstance(kind, str) and isinstance(item, str)):
            raise MalformedPayload("text claims have the wrong type")
        if not (isinstance(nhash, bytes) and len(nhash) == 16 and isinstance(salt, bytes) and len(salt) == 8):
            raise MalformedPayload("name hash or salt has the wrong size")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (vfrom, vuntil, iat)):
            raise MalformedPayload("date claims are not integers")
        try:
            valid_from, valid_until = from_days(vfrom), from_days(vuntil)
        except (OverflowError, ValueError):
            raise MalformedPayload("date claims out of range") from None
        return cls(
            number=number,
            kind=kind,
            valid_from=valid_from,
            valid_until=valid_until,
            name_hash=nhash,
            salt=salt,
            issued_at=iat,
            operation_item=item,
        )

    def name_matches(self, name: str) -> bool:
        return hmac.compare_digest(name_hash(name, self.salt), self.name_hash)


def certificate_claims(
    *,
    number: str,
    kind: str,
    holder_name: str,
    valid_from: dt.date,
    valid_until: dt.date,
    operation_item: str = "",
    issued_at: int | None = None,
    salt: bytes | None = None,
) -> CertificateClaims:
    salt = salt if salt is not None else os.urandom(8)
    return CertificateClaims(
        number=number,
        kind=kind,
        valid_from=valid_from,
        valid_until=valid_until,
        name_hash=name_hash(holder_name, salt),
        salt=salt,
        issued_at=int(issued_at if issued_at is not None else dt.datetime.now(dt.UTC).timestamp()),
        operation_item=operation_item,
    )


def sign(claims: CertificateClaims, *, private_key: Ed25519PrivateKey, kid: str) -> str:
    """The QR text for these claims: ZW1: + Base45(COSE_Sign1)."""
    protected = cbor2.dumps({HDR_ALG: ALG_EDDSA, HDR_KID: kid.encode()})
    payload = cbor2.dumps(claims.to_cbor_map())
    signature = private_key.sign(sig_structure(protected, payload))
    message = cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, [protected, {}, payload, signature]))
    return PREFIX + base45.b45encode(message).decode()


@dataclass(frozen=True)
class Parsed:
    kid: str
    protected: bytes
    payload: bytes
    signature: bytes
    claims: CertificateClaims


def parse(text: Any) -> Parsed:
    """Decode without verifying. Raises MalformedPayload for anything that is not ZW1."""
    if not isinstance(text, str):
        raise MalformedPayload("payload is not text")
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise MalformedPayload("payload too long")
    if text[: len(PREFIX)].upper() != PREFIX:
        raise MalformedPayload(f"payload does not start with {PREFIX}")
    try:
        raw = b45decode(text[len(PREFIX) :])
    except (ValueError, TypeError):
        raise MalformedPayload("not Base45") from None
    try:
        message = cbor2.loads(raw)
    except Exception:  # noqa: BLE001 - cbor2 raises many types on garbage
        raise MalformedPayload("not CBOR") from None
    if isinstance(message, cbor2.CBORTag):
        if message.tag != COSE_SIGN1_TAG:
            raise MalformedPayload("not a COSE_Sign1")
        message = message.value
    if not (isinstance(message, list | tuple) and len(message) == 4):
        raise MalformedPayload("COSE_Sign1 must be an array of four")
    protected, _unprotected, payload, signature = message
    if not all(isinstance(v, bytes) for v in (protected, payload, signature)):
        raise MalformedPayload("COSE_Sign1 members have the wrong type")
    if len(signature) != 64:
        raise MalformedPayload("signature is not 64 bytes")
    try:
        header = cbor2.loads(protected)
        claims_map = cbor2.loads(payload)
    except Exception:  # noqa: BLE001
        raise MalformedPayload("protected header or payload is not CBOR") from None
    if not isinstance(header, Mapping) or header.get(HDR_ALG) != ALG_EDDSA:
        raise MalformedPayload("algorithm is not EdDSA")
    kid = header.get(HDR_KID)
    if not isinstance(kid, bytes) or not kid:
        raise MalformedPayload("key id missing")
    try:
        kid_text = kid.decode("ascii")
    except UnicodeDecodeError:
        raise MalformedPayload("key id is not ASCII") from None
    return Parsed(
        kid=kid_text,
        protected=protected,
        payload=payload,
        signature=signature,
        claims=CertificateClaims.from_cbor_map(claims_map),
    )


@dataclass(frozen=True)
class TrustedKey:
    kid: str
    public_key: Ed25519PublicKey
    status: str  # active / retired / revoked
    not_before: dt.datetime | None = None
    not_after: dt.datetime | None = None
    retired_at: dt.datetime | None = None

    @property
    def signs_until(self) -> dt.datetime | None:
        """The end of the key's signing life: the earlier of its retirement and its not_after."""
        ends = [t for t in (self.not_after, self.retired_at) if t is not None]
        return min(ends) if ends else None


@dataclass
class TrustList:
    """Public keys by key id, from the JSON served at /.well-known/zhenwei/trust-list.json."""

    keys: dict[str, TrustedKey] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict | str | bytes) -> TrustList:
        if isinstance(data, str | bytes):
            data = json.loads(data)
        if not isinstance(data, dict) or data.get("format") != "zhenwei-trust-list":
            raise ValueError("not a Zhenwei trust list")
        keys = {}
        for entry in data.get("keys", []):
            if entry.get("alg") != "EdDSA" or entry.get("crv") != "Ed25519":
                continue
            keys[entry["kid"]] = TrustedKey(
                kid=entry["kid"],
                public_key=Ed25519PublicKey.from_public_bytes(b64u_decode(entry["x"])),
                status=entry.get("status", "active"),
                not_before=_parse_time(entry.get("not_before")),
                not_after=_parse_time(entry.get("not_after")),
                retired_at=_parse_time(entry.get("retired_at")),
            )
        return cls(keys=keys)


def _parse_time(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class QrResult:
    verdict: str
    reason: str
    kid: str = ""
    claims: CertificateClaims | None = None
    name_matches: bool | None = None

    @property
    def ok(self) -> bool:
        return self.verdict == "valid"

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"verdict": self.verdict, "reason": self.reason}
        if self.kid:
            data["kid"] = self.kid
        if self.claims is not None:
            c = self.claims
            data["certificate"] = {
                "number": c.number,
                "kind": c.kind,
                "operation_item": c.operation_item,
                "valid_from": c.valid_from.isoformat(),
                "valid_until": c.valid_until.isoformat(),
                "signed_at": dt.datetime.fromtimestamp(c.issued_at, dt.UTC).isoformat()
                if 0 <= c.issued_at < 2**33
                else None,
            }
        if self.name_matches is not None:
            data["name_matches"] = self.name_matches
        return data


def verify(
    text: Any,
    trust: TrustList,
    *,
    today: dt.date | None = None,
    name: str | None = None,
    now: dt.datetime | None = None,
    clock_skew: dt.timedelta = DEFAULT_CLOCK_SKEW,
) -> QrResult:
    """Verify a ZW1 payload against a trust list. Never raises on bad input.

    Besides the signature, the signing time must lie inside the key's life: not before the key
    existed, not after it was retired (or its not_after), and not in the future beyond clock_skew
    (``now`` is the checker's clock, UTC)."""
    try:
        parsed = parse(text)
    except MalformedPayload as exc:
        return QrResult("malformed", str(exc))
    key = trust.keys.get(parsed.kid)
    if key is None:
        return QrResult("unknown_key", "签名密钥不在信任列表中 (key not in trust list)", kid=parsed.kid)
    if key.status == "revoked":
        return QrResult("revoked", "签名密钥已吊销 (signing key revoked)", kid=parsed.kid)
    try:
        key.public_key.verify(parsed.signature, sig_structure(parsed.protected, parsed.payload))
    except InvalidSignature:
        return QrResult("invalid_signature", "签名无效，内容可能被篡改 (bad signature)", kid=parsed.kid)
    claims = parsed.claims
    signed_at = dt.datetime.fromtimestamp(min(max(claims.issued_at, 0), 2**33), dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    if signed_at > now + clock_skew:
        return QrResult(
            "invalid_signature",
            "签名时间在未来，不予接受 (issued in the future: signed_at is after the checker's clock)",
            kid=parsed.kid,
        )
    if key.not_before is not None and signed_at < key.not_before - clock_skew:
        return QrResult(
            "invalid_signature", "签名时间早于密钥启用时间 (signed before the key existed)", kid=parsed.kid
        )
    if key.retired_at is not None and signed_at > key.retired_at:
        return QrResult(
            "invalid_signature", "签名时间晚于密钥停用时间 (signed after the key was retired)", kid=parsed.kid
        )
    if key.not_after is not None and signed_at > key.not_after:
        return QrResult(
            "invalid_signature", "签名时间晚于密钥有效期 (signed after key expiry)", kid=parsed.kid
        )
    today = today or dt.date.today()
    matches = claims.name_matches(name) if name else None
    if claims.valid_until < today:
        return QrResult(
            "expired", "证书已过有效期 (expired)", kid=parsed.kid, claims=claims, name_matches=matches
        )
    if claims.valid_from > today:
        return QrResult(
            "expired", "证书尚未生效 (not yet valid)", kid=parsed.kid, claims=claims, name_matches=matches
        )
    return QrResult(
        "valid", "签名有效 (valid signature)", kid=parsed.kid, claims=claims, name_matches=matches
    )
