"""Refuse hostile XLSX files before openpyxl parses them: zip bombs, oversized sheets, odd archives.

``check_xlsx(path_or_file)`` reads only the zip directory (never inflates anything) and raises a
django ValidationError naming the problem; call it before ``openpyxl.load_workbook``.
"""

from __future__ import annotations

import re
import zipfile
from typing import IO

from django.core.exceptions import ValidationError

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # all members together, once inflated
MAX_RATIO = 100  # inflated / compressed, per member (ordinary sheets compress 5-20x)
MAX_MEMBERS = 2000
MAX_ROWS = 200_000
MAX_COLUMNS = 200
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension[^>]*\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters.decode():
        number = number * 26 + (ord(ch) - 64)
    return number


def check_xlsx(
    path_or_file: str | IO[bytes],
    *,
    max_uncompressed: int = MAX_UNCOMPRESSED,
    max_ratio: float = MAX_RATIO,
    max_members: int = MAX_MEMBERS,
    max_rows: int = MAX_ROWS,
    max_columns: int = MAX_COLUMNS,
) -> None:
    """Raise ValidationError if the file is not a sane XLSX workbook; return None if it is."""
    try:
        archive = zipfile.ZipFile(path_or_file)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValidationError(
            f"不是有效的 XLSX 文件（{exc}）(not an XLSX file)", code="xlsx_invalid"
        ) from None
    with archive:
        members = archive.infolist()
        if len(members) > max_members:
            raise ValidationError(f"XLSX 文件包含过多部件（{len(members)}）", code="xlsx_members")
        names = {m.filename for m in members}
        if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
            raise ValidationError(
                "不是有效的 XLSX 文件（缺少工作簿结构）(not an XLSX workbook)", code="xlsx_invalid"
            )
        total = 0
        for member in members:
            if member.flag_bits & 0x1:
                raise ValidationError("XLSX 文件已加密，无法导入 (encrypted)", code="xlsx_encrypted")
            if member.filename.startswith("/") or ".." in member.filename.split("/"):
                raise ValidationError("XLSX 文件含非法路径 (bad member path)", code="xlsx_invalid")
            total += member.file_size
            if total > max_uncompressed:
                raise ValidationError(
                    f"XLSX 文件解压后超过 {max_uncompressed // (1024 * 1024)} MB，已拒收 (too large once unpacked)",
                    code="xlsx_too_large",
                )
            if member.file_size > 1024 * 1024 and member.file_size > max_ratio * max(member.compress_size, 1):
                raise ValidationError(
                    f"XLSX 文件压缩比异常（{member.filename}），疑似压缩炸弹，已拒收 (zip bomb suspected)",
                    code="xlsx_zip_bomb",
                )
        for member in members:
            if not (member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")):
                continue
            with archive.open(member) as handle:
                head = handle.read(4096)
            match = _DIMENSION.search(head)
            if not match:
                continue
            last_col, last_row = (match.group(3), match.group(4)) if match.group(3) else match.group(1, 2)
            rows, cols = int(last_row), _column_number(last_col)
            if rows > max_rows or cols > max_columns:
                raise ValidationError(
                    f"工作表过大（{rows} 行 × {cols} 列，上限 {max_rows} 行 × {max_columns} 列），请拆分后导入 "
                    "(sheet too large)",
                    code="xlsx_sheet_too_large",
                )
    if hasattr(path_or_file, "seek"):
        path_or_file.seek(0)
