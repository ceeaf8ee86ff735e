"""Validation of registry identifiers: identity codes (身份标识码) and ID-number hashing."""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

from django.conf import settings

from .choices import CodeFormat

# The 14-character fire-product identity mark: 5 digits + 2 letters + 5 digits + 2 letters.
FIRE_MARK_RE = re.compile(r"^[0-9]{5}[A-Z]{2}[0-9]{5}[A-Z]{2}$")
# Other serial formats: 6 to 32 letters, digits and inner hyphens.
SERIAL_RE = re.compile(r"^[A-Z0-9](?:[A-Z0-9-]{4,30})[A-Z0-9]$")
_SEPARATORS = re.compile(r"[\s\u3000]+")


def normalize_identity_code(code: str | None) -> str:
    """Canonical form of a typed or scanned code: full-width → half-width, upper case, no spaces."""
    if not code:
        return ""
    code = unicodedata.normalize("NFKC", str(code))
    return _SEPARATORS.sub("", code).upper()


def _looks_like_fire_mark(code: str) -> bool:
    return len(code) == 14 and code[:5].isdigit() and code[5:7].isalpha()


def identity_code_format(code: str) -> str | None:
    """The format of an already normalised code, or None when it matches no format."""
    if FIRE_MARK_RE.match(code):
        return CodeFormat.FIRE_MARK
    if _looks_like_fire_mark(code):
        return None  # a mistyped fire mark is not silently taken for a serial
    if SERIAL_RE.match(code) and "--" not in code:
        return CodeFormat.SERIAL
    return None


def identity_code_problem(code: str | None) -> str | None:
    """Why ``code`` is not a well-formed identity code, or None if it is (case and width ignored)."""
    value = normalize_identity_code(code)
    if not value:
        return "标识码为空"
    if len(value) > 32:
        return "标识码过长（最多32位）"
    if identity_code_format(value) is None:
        if _looks_like_fire_mark(value):
            return "消防产品身份证标志应为14位：5位数字+2位字母+5位数字+2位字母"
        return "标识码格式不正确：应为14位消防产品身份证标志（5位数字+2位字母+5位数字+2位字母）或6至32位字母数字序列号"
    return None


def holder_id_hash(id_number: str | None) -> str:
    """HMAC-SHA256 (key: SECRET_KEY) of the upper-cased ID number, for matching without reading it."""
    value = (id_number or "").strip().upper()
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()
