"""Receipt codes (回执码) given to tipsters: unguessable, easy to read aloud, with a check character.

14 random characters from a 31-symbol alphabet without look-alikes (no 0/O, 1/I/L) carry about 69 bits;
a 15th check character (weighted sum mod 31) catches a mistyped or swapped character before any
database lookup. Only a SHA-256 digest is stored.
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RANDOM_LENGTH = 14
LENGTH = RANDOM_LENGTH + 1
# Characters people confuse when copying a code by hand, mapped to what they most likely meant.
_CONFUSED = str.maketrans({"0": "O", "1": "I", "L": "I"})


def check_char(body: str) -> str:
    total = sum((i + 1) * ALPHABET.index(c) for i, c in enumerate(body))
    return ALPHABET[total % len(ALPHABET)]


def receipt_new() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return body + check_char(body)


def receipt_from_seed(seed: int) -> str:
    """A deterministic code for demo data (never used for real tips)."""
    import random

    rng = random.Random(seed)  # noqa: S311 - demo data only
    body = "".join(rng.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return body + check_char(body)


def receipt_clean(raw: str) -> str | None:
    """The canonical code from what someone typed (spaces, dashes, lower case allowed), or None
    when it cannot be a receipt code."""
    code = "".join(ch for ch in (raw or "").upper() if ch.isalnum())
    if len(code) != LENGTH:
        return None
    if any(ch not in ALPHABET for ch in code):
        return None
    if check_char(code[:-1]) != code[-1]:
        return None
    return code


def receipt_display(code: str) -> str:
    """Grouped for reading aloud: ABCD-EFGH-JKMN-PQR."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def receipt_digest(code: str) -> str:
    return hashlib.sha256(f"zhenwei-tip-receipt:{code}".encode()).hexdigest()
