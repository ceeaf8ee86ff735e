"""Spreadsheet formula injection (CSV/XLSX exports): cells that a spreadsheet would run are escaped.

Every export (CSV, XLSX) passes each text cell through ``safe_cell``. A cell that starts with
``= + - @`` (or a tab / carriage return, which some programs skip before such a character) is
prefixed with an apostrophe, so Excel and WPS show it as text instead of evaluating it.
Numbers stay numbers: ``-5`` as an int is data, not a formula.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def safe_cell(value: Any) -> Any:
    """The value, or for text that a spreadsheet would treat as a formula, the text prefixed with '."""
    if value is None or isinstance(value, bool | int | float | Decimal | dt.date | dt.time):
        return value  # numbers, dates and times are written as such, never as formulas
    if not isinstance(value, str):
        value = str(value)
    if value and value.lstrip(" ").startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_row(values) -> list[Any]:
    """``safe_cell`` over one row."""
    return [safe_cell(v) for v in values]
