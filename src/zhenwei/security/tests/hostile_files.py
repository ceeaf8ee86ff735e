"""The hostile set every upload entry point is tried with (tests and bench/upload_guard.py).

Each file is built in memory, small on disk: the zip bomb's sheet is deflated while it is written
and never exists inflated; the 300k-row workbook writes its sheet XML row by row with inline
strings and no <dimension>, so only the streaming cap (not the declared size) can stop it.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Iterable
from functools import cache

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = b"</sheetData></worksheet>"
BOMB_INFLATED = 384 * 1024 * 1024


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _row(number: int, cells: Iterable[str]) -> bytes:
    inner = "".join(f'<c t="inlineStr"><is><t>{_escape(c)}</t></is></c>' for c in cells)
    return f'<row r="{number}">{inner}</row>'.encode()


def xlsx_from_chunks(chunks: Iterable[bytes]) -> bytes:
    """A minimal valid workbook whose first sheet is the given XML, deflated as it is written."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(SHEET_HEAD)
            for chunk in chunks:
                sheet.write(chunk)
            sheet.write(SHEET_TAIL)
    return out.getvalue()


def xlsx_rows(rows: Iterable[Iterable[str]]) -> bytes:
    def chunks():
        batch = []
        for number, cells in enumerate(rows, start=1):
            batch.append(_row(number, cells))
            if len(batch) == 1000:
                yield b"".join(batch)
                batch = []
        yield b"".join(batch)

    return xlsx_from_chunks(chunks())


@cache
def zip_bomb() -> bytes:
    """~1.5 MB on disk; its one sheet inflates to 384 MB: about 2.3 million rows of the same cell."""
    # rows without r="…": openpyxl numbers them itself, so every copy is a new row of the sheet
    block = ('<row><c t="inlineStr"><is><t>' + "炸弹" * 50 + "</t></is></c></row>").encode() * 2000
    repeat = BOMB_INFLATED // len(block)
    return xlsx_from_chunks(block for _ in range(repeat))


def staff_rows(count: int):
    yield ["姓名", "身份证号", "证书编号"]
    rng = random.Random(14)
    for n in range(count):
        yield [f"员工{n}", f"5002351990{rng.randrange(10**8):08d}", f"T{rng.randrange(10**17):017d}X"]


@cache
def rows_300k_xlsx() -> bytes:
    return xlsx_rows(staff_rows(300_000))


@cache
def rows_300k_csv() -> bytes:
    return "\n".join(",".join(r) for r in staff_rows(300_000)).encode() + b"\n"


def small_xlsx() -> bytes:
    return xlsx_rows([["姓名", "身份证号", "证书编号"], ["张三", "1", "T1"]])


PNG_1x1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SCRIPT = b"<html><script>alert(1)</script></html>"

# name → (file name, how its bytes are built, declared content type, words one of which the refusal
# names). Tests are parametrized by the names at collection; the bytes (the 300k-row workbook alone
# takes seconds) are built by the first test that needs them.
_SPECS = {
    "empty": ("empty.xlsx", lambda: b"", _XLSX, ("为空", "空文件", "empty")),
    "garbage": (
        "garbage.xlsx",
        lambda: random.Random(0).randbytes(64 * 1024),
        _XLSX,
        ("XLSX", "二进制", "类型", "type"),
    ),
    "zip bomb": ("bomb.xlsx", zip_bomb, _XLSX, ("压缩炸弹", "zip bomb", "inflated")),
    "300k rows (xlsx)": ("rows.xlsx", rows_300k_xlsx, _XLSX, ("行上限", "rows", "解压后", "类型")),
    "300k rows (csv)": ("rows.csv", rows_300k_csv, "text/csv", ("行上限", "rows", "XLSX", "类型")),
    "wrong encoding (UTF-16)": (
        "utf16.csv",
        lambda: "姓名,身份证号,证书编号\n张三,1,T1\n".encode("utf-16"),
        "text/csv",
        ("UTF-16", "XLSX", "类型"),
    ),
    "wrong encoding (neither UTF-8 nor GB18030)": (
        "latin.csv",
        lambda: "姓名,身份证号,证书编号\n".encode() + b"Jos\x80\xff,1,T1\n",
        "text/csv",
        ("编码", "encoding", "XLSX", "类型"),
    ),
    "polyglot (zip + HTML)": (
        "poly.xlsx",
        lambda: small_xlsx() + _SCRIPT,
        _XLSX,
        ("伪装", "polyglot", "data after"),
    ),
    "polyglot (HTML + zip)": (
        "poly2.xlsx",
        lambda: _SCRIPT + small_xlsx(),
        _XLSX,
        ("XLSX", "网页", "HTML", "类型"),
    ),
    "polyglot (image with script)": (
        "photo.png",
        lambda: (
            PNG_1x1[:-12]
            + b"\x00\x00\x00\x1etEXtc\x00<script>alert(1)</script>\x00\x00\x00\x00"
            + PNG_1x1[-12:]
        ),
        "image/png",
        ("脚本", "script", "XLSX", "二进制"),
    ),
}
HOSTILE_NAMES = tuple(_SPECS)


def hostile(name: str) -> tuple[str, bytes, str, tuple[str, ...]]:
    """One file of the hostile set: (file name, bytes, declared content type, refusal words)."""
    file_name, build, content_type, words = _SPECS[name]
    return file_name, build(), content_type, words
