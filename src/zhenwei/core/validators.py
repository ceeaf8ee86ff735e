"""Check-digit validators for Chinese identifiers: GB 11643 (ID number) and GB 32100 (credit code)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def id_number_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def id_number_problem(value: str) -> str | None:
    """Why ``value`` is not a valid 18-character resident ID number, or None if it is."""
    value = (value or "").strip().upper()
    if len(value) != 18:
        return "身份证号码应为18位"
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return "身份证号码前17位应为数字，末位为数字或X"
    try:
        born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "身份证号码中的出生日期无效"
    if born.year < 1900 or born > dt.date.today():
        return "身份证号码中的出生日期无效"
    if id_number_check_char(value[:17]) != value[17]:
        return "身份证号码校验位错误"
    return None


def validate_id_number(value: str) -> None:
    problem = id_number_problem(value)
    if problem:
        raise ValidationError(_(problem), code="invalid_id_number")


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_problem(value: str) -> str | None:
    """Why ``value`` is not a valid unified social credit code (统一社会信用代码), or None."""
    value = (value or "").strip().upper()
    if len(value) != 18:
        return "统一社会信用代码应为18位"
    bad = [c for c in value if c not in USCC_ALPHABET]
    if bad:
        return f"统一社会信用代码含非法字符：{''.join(sorted(set(bad)))}"
    if not value[2:8].isdigit():
        return "统一社会信用代码第3至8位应为行政区划码"
    if uscc_check_char(value[:17]) != value[17]:
        return "统一社会信用代码校验位错误"
    return None


def validate_uscc(value: str) -> None:
    problem = uscc_problem(value)
    if problem:
        raise ValidationError(_(problem), code="invalid_uscc")
