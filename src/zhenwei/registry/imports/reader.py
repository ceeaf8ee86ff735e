"""Reading import files row by row: CSV (UTF-8 or GB18030) or XLSX (openpyxl read-only), with
header aliases (English or Chinese) and refusal of binary garbage and zip bombs.

Nothing here holds more than one row at a time; a 1M-row file streams.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

XLSX_MAGIC = b"PK\x03\x04"
# Key set in a record whose row has non-empty cells beyond the header: the importer rejects it.
EXTRA_CELLS = "__extra_cells__"
# Zip-bomb limits for XLSX (settings may override): total uncompressed bytes, compression ratio
# of any large member, and number of members.
DEFAULT_MAX_XLSX_UNCOMPRESSED = 2 * 1024**3
DEFAULT_MAX_XLSX_RATIO = 100
MAX_XLSX_MEMBERS = 5000


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


def cell_text(value) -> str:
    """A cell as trimmed text: XLSX numbers without '.0', dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return bool(head) and controls / len(head) > 0.02


def _csv_encoding(path: Path, head: bytes) -> str:
    """UTF-8 (with or without BOM) when the first megabyte decodes as UTF-8, else GB18030."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("gb18030")().decode(head, final=False)
        return "gb18030"
    except UnicodeDecodeError:
        raise ValidationError("文件既不是 UTF-8 也不是 GB18030 编码的 CSV，也不是 XLSX 工作簿") from None


def check_xlsx_container(path: Path) -> None:
    """Refuse a file that is not a zip workbook, or whose members would inflate beyond the limits
    (checked from the zip directory before anything is decompressed)."""
    max_total = getattr(settings, "ZHENWEI_IMPORT_MAX_XLSX_UNCOMPRESSED", DEFAULT_MAX_XLSX_UNCOMPRESSED)
    max_ratio = getattr(settings, "ZHENWEI_IMPORT_MAX_XLSX_RATIO", DEFAULT_MAX_XLSX_RATIO)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError("文件不是有效的 XLSX 工作簿（zip 结构损坏）") from None
    if len(members) > MAX_XLSX_MEMBERS:
        raise ValidationError(f"XLSX 工作簿含 {len(members)} 个部件，超过上限 {MAX_XLSX_MEMBERS}，拒绝导入")
    total = sum(m.file_size for m in members)
    if total > max_total:
        raise ValidationError(
            f"XLSX 解压后共 {total // 1024**2} MB，超过上限 {max_total // 1024**2} MB，"
            "拒绝导入（疑似压缩炸弹；大文件请改用 CSV）"
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 10 * 1024**2 and ratio > max_ratio:
            raise ValidationError(
                f"XLSX 部件 {member.filename} 压缩比 {ratio:.0f}:1 超过上限 {max_ratio}:1，拒绝导入（疑似压缩炸弹）"
            )
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/worksheets/") for n in names):
        raise ValidationError("文件是 zip 压缩包但不是 XLSX 工作簿（缺少工作表）")


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    check_xlsx_container(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise ValidationError(f"文件不是有效的 XLSX 工作簿：{exc.__class__.__name__}") from None
    try:
        sheet = workbook.worksheets[0]
        for line, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, [cell_text(c) for c in row]
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, EOFError) as exc:
        raise ValidationError(f"XLSX 工作簿读取失败（文件损坏）：{exc.__class__.__name__}") from None
    finally:
        workbook.close()


def _csv_rows(path: Path, head: bytes) -> Iterator[tuple[int, list]]:
    encoding = _csv_encoding(path, head)
    with open(path, encoding=encoding, newline="") as handle:
        reader = csv.reader(handle)
        try:
            previous_end = 0
            for row in reader:
                # line of the row's first physical line (a quoted cell may span lines)
                yield previous_end + 1, row
                previous_end = reader.line_num
        except UnicodeDecodeError:
            raise ValidationError(f"第 {reader.line_num + 1} 行附近的字符不是 {encoding} 编码") from None
        except csv.Error as exc:
            raise ValidationError(f"第 {reader.line_num} 行 CSV 格式错误：{exc}") from None


def iter_rows(path: Path | str) -> Iterator[tuple[int, list]]:
    """(line number, cells) for every row of a CSV or XLSX file, header included. Raises
    ValidationError for empty, binary or broken files."""
    path = Path(path)
    with open(path, "rb") as handle:
        head = handle.read(1024 * 1024)
    if not head.strip().lstrip(codecs.BOM_UTF8).strip():
        raise ValidationError("文件为空 (empty file)")
    if head.startswith(XLSX_MAGIC):
        return _xlsx_rows(path)
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        raise ValidationError("文件扩展名是 .xlsx，但内容不是有效的 XLSX 工作簿")
    if path.suffix.lower() == ".xls" or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError("不支持旧版 Excel (.xls) 文件，请另存为 XLSX 或 CSV")
    if _looks_binary(head[:65536]):
        raise ValidationError("文件不是 CSV 或 XLSX（内容为二进制数据）")
    return _csv_rows(path, head)


def iter_records(path: Path | str, columns: list[Column]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, {canonical column: text}) for every non-empty data row."""
    rows = iter_rows(path)
    header = None
    for _line, cells in rows:
        if any(c.strip() for c in cells):
            header = cells
            break
    if header is None:
        raise ValidationError("文件为空（没有表头）(empty file)")
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
