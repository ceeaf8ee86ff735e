"""Identity-code validation and certificate status rules."""

import datetime as dt

import pytest

from zhenwei.registry.models import Certificate
from zhenwei.registry.validators import (
    holder_id_hash,
    identity_code_format,
    identity_code_problem,
    normalize_identity_code,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12345AB67890CD", "12345AB67890CD"),
        ("12345ab67890cd", "12345AB67890CD"),
        ("１２３４５ＡＢ６７８９０ＣＤ", "12345AB67890CD"),
        (" 12345 AB 67890 CD ", "12345AB67890CD"),
        ("12345\u3000AB67890CD", "12345AB67890CD"),
    ],
)
def test_normalisation(raw, expected):
    assert normalize_identity_code(raw) == expected
    assert identity_code_problem(raw) is None
    assert identity_code_format(expected) == "fire_mark"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "12345AB6789OCD",
        "12345AB67890C1",
        "1234",
        "ABC--DEF",
        "-ABCDEF",
        "A" * 33,
        "12345AB67890CD<script>",
    ],
)
def test_malformed_codes(raw):
    assert identity_code_problem(raw)


def test_serials():
    assert identity_code_problem("SN-2026-000123") is None
    assert identity_code_format("SN-2026-000123") == "serial"


def test_holder_hash_is_case_insensitive_and_keyed(settings):
    a = holder_id_hash("50023519850312001x")
    assert a == holder_id_hash("50023519850312001X") and len(a) == 64
    settings.SECRET_KEY = "another-key-" * 5
    assert holder_id_hash("50023519850312001X") != a


def test_effective_status():
    cert = Certificate(status="valid", expires_on=dt.date(2026, 11, 24))
    assert cert.effective_status(dt.date(2026, 11, 25)) == "expired"
    assert cert.effective_status(dt.date(2026, 11, 24)) == "valid"
    cert.status = "revoked"
    assert cert.effective_status(dt.date(2026, 11, 25)) == "revoked"
