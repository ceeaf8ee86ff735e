"""Text normalisation for search and matching: Traditional → Simplified (OpenCC), width and spacing."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


_SPACES = re.compile(r"\s+")


def to_simplified(text: str) -> str:
    return _t2s().convert(text) if text else text


def normalize(text: str | None) -> str:
    """NFKC (full-width → half-width), Traditional → Simplified, lower case, single spaces."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = to_simplified(text)
    return _SPACES.sub(" ", text).strip().lower()
