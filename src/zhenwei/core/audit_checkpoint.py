"""Signed checkpoints of the audit chain head, kept outside the database (issue 14).

``zhenwei audit checkpoint FILE`` writes the head (seq, hash, time, where the keyed chain begins)
signed with an Ed25519 key of its own (KEYS_DIR/audit-checkpoint.pem, mode 0600, created on first
use). ``zhenwei audit verify --checkpoint FILE`` checks the signature against that key — never
against a key named in the file — and that the chain still holds the same row at that seq: rows
cut off the end below the checkpoint, or the whole chain rewritten, are detected.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from .audit import ChainResult, audit_verify_chain, canonical
from .models import AuditEntry

FORMAT = "zhenwei-audit-checkpoint"
KEY_FILE = "audit-checkpoint.pem"


class CheckpointError(ValueError):
    """The checkpoint file is unreadable, forged, or not matched by the chain."""


def _b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _b64u_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def checkpoint_key() -> Ed25519PrivateKey:
    """The audit checkpoint signing key (separate from the QR keys), created 0600 on first use."""
    directory = Path(settings.KEYS_DIR)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = directory / KEY_FILE
    if not path.exists():
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(pem)
    if path.stat().st_mode & 0o077:
        raise ImproperlyConfigured(f"audit checkpoint key {path} is readable by others; it must be mode 0600")
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"{path} is not an Ed25519 private key")
    return key


def _public_text(key: Ed25519PublicKey) -> str:
    return _b64u(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def _signed_bytes(body: dict[str, Any]) -> bytes:
    return f"{FORMAT}|{canonical(body)}".encode()


def checkpoint_data(chain: ChainResult | None = None) -> dict[str, Any]:
    """A signed checkpoint of the current chain head; refuses a chain that does not verify."""
    chain = chain or audit_verify_chain()
    if not chain.ok:
        raise CheckpointError(f"the audit chain does not verify, no checkpoint written: {chain.reason}")
    head = AuditEntry.objects.filter(seq=chain.last_seq).first()
    key = checkpoint_key()
    body = {
        "format": FORMAT,
        "version": 1,
        "seq": chain.last_seq,
        "hash": chain.last_hash,
        "at": head.at.astimezone(dt.UTC).isoformat() if head else None,
        "keyed_since": chain.keyed_since,
        "created_at": timezone.now().astimezone(dt.UTC).isoformat(),
        "public_key": _public_text(key.public_key()),
    }
    return {**body, "signature": _b64u(key.sign(_signed_bytes(body)))}


def checkpoint_write(path: Path | str) -> dict[str, Any]:
    data = checkpoint_data()
    Path(path).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return data


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    keyed_since: int | None
    at: str | None


def checkpoint_read(path: Path | str) -> Checkpoint:
    """Read and authenticate a checkpoint file with this installation's checkpoint key."""
    try:
        data = json.loads(Path(path).read_text())
    except (OSError, ValueError) as exc:
        raise CheckpointError(f"cannot read checkpoint {path}: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CheckpointError(f"{path} is not an audit checkpoint")
    body = {k: v for k, v in data.items() if k != "signature"}
    public = checkpoint_key().public_key()
    if body.get("public_key") != _public_text(public):
        raise CheckpointError(
            "checkpoint was not signed by this installation's audit checkpoint key (forged)"
        )
    try:
        public.verify(_b64u_decode(str(data.get("signature", ""))), _signed_bytes(body))
    except (InvalidSignature, ValueError):
        raise CheckpointError("checkpoint signature is invalid (forged or edited)") from None
    seq, digest, keyed = body.get("seq"), body.get("hash"), body.get("keyed_since")
    if (
        not isinstance(seq, int)
        or not isinstance(digest, str)
        or not (keyed is None or isinstance(keyed, int))
    ):
        raise CheckpointError("checkpoint fields have the wrong type")
    return Checkpoint(seq=seq, hash=digest, keyed_since=keyed, at=body.get("at"))


def checkpoint_check(checkpoint: Checkpoint, chain: ChainResult) -> str:
    """ "" when the verified chain still contains the checkpoint's head, else the reason."""
    if chain.last_seq < checkpoint.seq:
        return (
            f"the chain ends at seq={chain.last_seq} but checkpoint {checkpoint.seq} (of {checkpoint.at}) "
            "was taken later: rows were removed from the end"
        )
    row = AuditEntry.objects.filter(seq=checkpoint.seq).values_list("hash", flat=True).first()
    if row != checkpoint.hash:
        return f"row seq={checkpoint.seq} does not have the hash the checkpoint recorded (chain rewritten)"
    if checkpoint.keyed_since is not None and chain.keyed_since != checkpoint.keyed_since:
        return (
            f"the keyed chain began at seq={checkpoint.keyed_since} when the checkpoint was taken but now "
            f"begins at {chain.keyed_since} (rows rewritten as plain SHA-256)"
        )
    return ""
