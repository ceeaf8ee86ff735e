"""Signed product labels: a QR holding ``{base}/verify/p/{code}?k={kid}&s={mac}``.

The mac is HMAC-SHA256 over ``"ZWL1|" + code``, truncated to 80 bits and written in 16 Base32
characters. Its key is derived (HKDF-SHA256, info "zhenwei label v1") from the issuer's Ed25519
seed, so one key file, one key id, one rotation and one revocation cover both payload kinds. A
truncated Ed25519 signature cannot be verified at all, and a full one (86 characters) makes the
label QR twice as dense; labels are checked only by the official site, so a MAC suffices: forging
one needs the key file, guessing one online needs ~2^79 tries against a rate-limited endpoint.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache
from urllib.parse import quote

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from . import conf
from .choices import KeyStatus

MAC_BYTES = 10


@lru_cache(maxsize=32)
def _label_key(kid: str, seed: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"zhenwei label v1").derive(seed)


def _key_for(kid: str) -> bytes:
    from .keys import load_private_key

    private = load_private_key(kid)
    seed = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return _label_key(kid, seed)


def label_mac(code: str, key: bytes) -> str:
    digest = hmac.new(key, b"ZWL1|" + code.encode(), hashlib.sha256).digest()[:MAC_BYTES]
    return base64.b32encode(digest).decode().rstrip("=")


def label_url(code: str) -> str:
    """The URL printed in a product's label QR, signed with the newest active key."""
    from .keys import active_key

    key, _private = active_key()
    mac = label_mac(code, _key_for(key.kid))
    return f"{conf.base_url()}/verify/p/{quote(code)}?k={key.kid}&s={mac}"


def label_check(code: str, kid: str, mac: str) -> bool:
    """True when the mac was made by a trusted (active or retired, not revoked) key for this code."""
    from django.core.exceptions import ValidationError

    from .models import SigningKey

    if not kid or not mac or len(kid) > 16 or len(mac) > 32:
        return False
    status = SigningKey.objects.filter(kid=kid).values_list("status", flat=True).first()
    if status is None or status == KeyStatus.REVOKED:
        return False
    try:
        key = _key_for(kid)
    except ValidationError:
        return False
    return hmac.compare_digest(label_mac(code, key), mac.strip().upper())
