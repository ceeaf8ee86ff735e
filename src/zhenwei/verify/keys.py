"""Issuer signing keys: creation, rotation, revocation, private key files and the public trust list.

Private keys are 32-byte Ed25519 seeds in PKCS#8 PEM files ``KEYS_DIR/<kid>.pem`` with mode 0600
(directory 0700). They never enter the database, the audit trail, logs, the API or exports.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhenwei.core.access import actor_user
from zhenwei.core.audit import audit_create, audit_update, snapshot

from . import qrformat
from .choices import KeyStatus
from .models import SigningKey

_KID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no 0/o, 1/l confusion


def keys_dir() -> Path:
    path = Path(settings.KEYS_DIR)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def key_path(kid: str) -> Path:
    if not kid or any(c not in _KID_ALPHABET + "-" for c in kid):
        raise ValidationError(f"密钥标识“{kid}”不合法 (bad key id)")
    return keys_dir() / f"{kid}.pem"


def _new_kid() -> str:
    return "zw" + "".join(secrets.choice(_KID_ALPHABET) for _ in range(6))


def _write_private(kid: str, private: Ed25519PrivateKey) -> None:
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path = key_path(kid)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    os.chmod(path, 0o600)


@lru_cache(maxsize=32)
def _load_private_cached(path: str, mtime_ns: int) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValidationError("密钥文件不是 Ed25519 私钥")
    return key


def load_private_key(kid: str) -> Ed25519PrivateKey:
    path = key_path(kid)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise ValidationError(f"找不到密钥 {kid} 的私钥文件 (private key file missing)") from None
    if stat.st_mode & 0o077:
        raise ValidationError(f"私钥文件 {path} 权限过宽，应为 0600 (private key file readable by others)")
    return _load_private_cached(str(path), stat.st_mtime_ns)


def key_create(
    *,
    actor=None,
    not_after: dt.datetime | None = None,
    private_key: Ed25519PrivateKey | None = None,
    kid: str | None = None,
) -> SigningKey:
    """Create a new active Ed25519 signing key (the private half to a 0600 file)."""
    private = private_key or Ed25519PrivateKey.generate()
    kid = kid or _new_kid()
    if SigningKey.objects.filter(kid=kid).exists():
        raise ValidationError(f"密钥标识 {kid} 已存在")
    public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    with transaction.atomic():
        key = SigningKey.objects.create(
            kid=kid,
            public_key=qrformat.b64u(public),
            status=KeyStatus.ACTIVE,
            not_after=not_after,
            created_by=actor_user(actor),
        )
        _write_private(kid, private)  # inside the transaction: a failed write leaves no row
        audit_create(actor=actor, obj=key, note="signing key created (private key kept in KEYS_DIR)")
    return key


def key_retire(*, key: SigningKey, actor=None) -> SigningKey:
    """Stop signing with a key; what it signed stays verifiable."""
    if key.status != KeyStatus.ACTIVE:
        raise ValidationError(f"密钥 {key.kid} 不是在用状态，无法停用")
    before = snapshot(key)
    with transaction.atomic():
        key.status, key.retired_at = KeyStatus.RETIRED, timezone.now()
        key.save(update_fields=["status", "retired_at"])
        audit_update(actor=actor, obj=key, before=before, note="signing key retired")
    return key


def key_rotate(*, actor=None) -> SigningKey:
    """A new active key; every previously active key is retired (still verifies)."""
    with transaction.atomic():
        for old in SigningKey.objects.select_for_update().filter(status=KeyStatus.ACTIVE):
            key_retire(key=old, actor=actor)
        return key_create(actor=actor)


def key_revoke(*, key: SigningKey, actor=None, reason: str = "") -> SigningKey:
    """Revoke a key: everything it signed fails verification at once, online and in new trust lists."""
    if key.status == KeyStatus.REVOKED:
        raise ValidationError(f"密钥 {key.kid} 已吊销")
    before = snapshot(key)
    with transaction.atomic():
        key.status, key.revoked_at, key.revoked_reason = KeyStatus.REVOKED, timezone.now(), reason[:200]
        key.save(update_fields=["status", "revoked_at", "revoked_reason"])
        audit_update(actor=actor, obj=key, before=before, note=f"signing key revoked: {reason}")
    return key


def active_key() -> tuple[SigningKey, Ed25519PrivateKey]:
    """The newest active key and its private half, for signing."""
    key = SigningKey.objects.filter(status=KeyStatus.ACTIVE).order_by("-created_at", "-pk").first()
    if key is None:
        raise ValidationError("没有在用的签名密钥，请先运行 zhenwei keys create (no active signing key)")
    return key, load_private_key(key.kid)


def _iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if value else None


def trust_list_data() -> dict:
    """The JSON published at /.well-known/zhenwei/trust-list.json (no secrets: public keys only)."""
    keys = []
    for key in SigningKey.objects.order_by("created_at", "pk"):
        keys.append(
            {
                "kid": key.kid,
                "alg": key.algorithm,
                "crv": "Ed25519",
                "x": key.public_key,
                "status": key.status,
                "not_before": _iso(key.created_at),
                "not_after": _iso(key.not_after),
                "retired_at": _iso(key.retired_at),
                "revoked_at": _iso(key.revoked_at),
            }
        )
    return {
        "format": "zhenwei-trust-list",
        "version": 1,
        "issuer": getattr(settings, "VERIFY_ISSUER", "") or "Zhenwei 真伪",
        "payload_prefix": qrformat.PREFIX,
        "generated_at": _iso(timezone.now()),
        "keys": keys,
    }


def trust_list() -> qrformat.TrustList:
    """The current trust list from the database (read per call, so a revocation applies at once)."""
    return qrformat.TrustList.from_json(trust_list_data())
