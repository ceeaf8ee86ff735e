"""Reading import files row by row: CSV (UTF-8 or GB18030) or XLSX (openpyxl read-only), with
header aliases (English or Chinese). Opening, checking and streaming the file is the one upload
guard's job (``zhenwei.security.uploads.table_rows``): binary garbage, zip bombs, wrong encodings
and files over the caps are refused there.

Nothing here holds more than one row at a time; a 1M-row file streams.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from zhenwei.security.uploads import cell_text, table_rows

# Key set in a record whose row has non-empty cells beyond the header: the importer rejects it.
EXTRA_CELLS = "__extra_cells__"


@dataclass(frozen=True)
class Column:
    """One import column: its canonical name, the header spellings accepted, and whether it must be
    present in the header row."""

    name: str
    aliases: tuple[str, ...]
    required: bool = True


def header_key(text) -> str:
    """Comparable form of a header cell: NFKC, lower case, no spaces, BOM or trailing asterisk."""
    value = unicodedata.normalize("NFKC", str(text or "")).replace("\ufeff", "")
    return "".join(value.split()).lower().rstrip("*").strip("（）()")


def map_headers(header: list, columns: list[Column]) -> dict[str, int]:
    """Canonical name → column index. Raises ValidationError naming missing, unknown or repeated
    columns."""
    lookup: dict[str, str] = {}
    for col in columns:
        for alias in (col.name, *col.aliases):
            lookup[header_key(alias)] = col.name
    found: dict[str, int] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    for index, cell in enumerate(header):
        key = header_key(cell)
        if not key:
            continue
        name = lookup.get(key)
        if name is None:
            unknown.append(str(cell).strip())
        elif name in found:
            repeated.append(str(cell).strip())
        else:
            found[name] = index
    missing = [c.name for c in columns if c.required and c.name not in found]
    problems = []
    if missing:
        problems.append(f"缺少列 (missing columns): {', '.join(missing)}")
    if unknown:
        problems.append(f"无法识别的列 (unknown columns): {', '.join(unknown)}")
    if repeated:
        problems.append(f"重复的列 (repeated columns): {', '.join(repeated)}")
    if problems:
        expected = ", ".join(c.name for c in columns if c.required)
        raise ValidationError("表头不正确：" + "；".join(problems) + f"。应包含：{expected}")
    return found


def iter_rows(path: Path | str) -> Iterator[tuple[int, list]]:
    """(line number, cells) for every row of a CSV or XLSX file, header included. The file is
    checked and streamed by the one upload guard (profile "import"): empty, binary, wrong encoding,
    zip bombs, polyglots and files over the row or column cap are refused with a ValidationError."""

    def rows() -> Iterator[tuple[int, list]]:
        for line, cells in table_rows(Path(path), profile="import"):
            yield line, [cell_text(c) for c in cells]

    return rows()


def iter_records(path: Path | str, columns: list[Column]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, {canonical column: text}) for every non-empty data row."""
    rows = iter_rows(path)
    header = None
    for _line, cells in rows:
        if any(c.strip() for c in cells):
            header = cells
            break
    if header is None:
        raise ValidationError(gettext("文件为空（没有表头）(empty file)"))
    items = list(map_headers(header, columns).items())
    width = len(header)
    for line, cells in rows:
        count = len(cells)
        record = {name: cells[index].strip() if index < count else "" for name, index in items}
        if not any(record.values()) and not any(c.strip() for c in cells):
            continue  # an empty row
        if count > width and any(c.strip() for c in cells[width:]):
            record[EXTRA_CELLS] = f"该行有 {count} 列，多于表头的 {width} 列（多余的逗号或未加引号的内容？）"
        yield line, record
