"""A date format written in Chinese is translated, in every template.

The English walk (test_staff_english) only sees the pages the demo data happens to fill on
the day it runs; a notice issued by the demo on some days and not on others let
``|date:"Y年n月j日"`` through.  This walks every template file instead, so a new one is
checked the day it is added: a format with Chinese characters goes through ``_()``
(the catalogue maps ``Y年n月j日`` to ``F j, Y``).
"""

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "zhenwei"
TEMPLATES = sorted(p for p in SRC.rglob("templates/**/*.html"))
LITERAL_CJK_FORMAT = re.compile(r"""\|\s*date\s*:\s*(["'])[^"']*[\u4e00-\u9fff][^"']*\1""")


def test_templates_are_found():
    assert len(TEMPLATES) > 50


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(SRC)))
def test_chinese_date_formats_are_translated(path):
    text = path.read_text(encoding="utf-8")
    found = [m.group(0) for m in LITERAL_CJK_FORMAT.finditer(text)]
    assert found == [], f"{path.relative_to(SRC)}: wrap the format in _() — {found}"
