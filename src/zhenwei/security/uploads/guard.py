"""The checks of the upload guard: profiles, size, sniffed type, zip directory, encoding, evidence.

A file is checked here without being parsed (``check_upload``); ``rows`` streams a checked table.
"""

from __future__ import annotations

import codecs
import io
import mimetypes
import os
import re
import struct
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

MB = 1024 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP_MAGIC = b"PK\x03\x04"
_EOCD = b"PK\x05\x06"
MAX_LINE_CHARS = 1_000_000  # one JSONL record
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension[^>]*\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
# Markup a browser or interpreter would act on; an image carrying it is a polyglot, not a photo.
_ACTIVE_MARKUP = re.compile(
    rb"<\s*(?:script|html|body|iframe|svg|object|embed)\b|<\?php|javascript:", re.IGNORECASE
)
# Sniffed type → the declared types we accept for it (evidence files).
ALLOWED_TYPES: dict[str, set[str]] = {
    "image/jpeg": {"image/jpeg", "image/jpg", "image/pjpeg"},
    "image/png": {"image/png"},
    "image/gif": {"image/gif"},
    "image/webp": {"image/webp"},
    "application/pdf": {"application/pdf"},
    "video/mp4": {"video/mp4"},
    # XLSX and DOCX are zip containers; filetype names them precisely.
    XLSX_TYPE: {XLSX_TYPE},
    DOCX_TYPE: {DOCX_TYPE},
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Profile:
    """Limits for one kind of upload. ``max_bytes=0`` means settings.MAX_UPLOAD_BYTES."""

    name: str
    accept: frozenset[str]  # "csv", "xlsx", "jsonl", "evidence"
    max_bytes: int = 0
    max_rows: int = 100_000
    max_columns: int = 100
    max_inflated: int = 200 * MB  # all zip members together, once inflated
    max_shared_strings: int = 64 * MB  # openpyxl holds the shared-string table in memory
    max_ratio: int = 100  # inflated / compressed of any member above 1 MB
    max_members: int = 2000

    def byte_cap(self) -> int:
        return self.max_bytes or settings.MAX_UPLOAD_BYTES


def _import_profile() -> Profile:
    return Profile(
        name="import",
        accept=frozenset({"csv", "xlsx", "jsonl"}),
        max_bytes=getattr(settings, "ZHENWEI_IMPORT_MAX_UPLOAD_BYTES", 512 * MB),
        max_rows=getattr(settings, "ZHENWEI_IMPORT_MAX_ROWS", 5_000_000),
        max_columns=200,
        max_inflated=getattr(settings, "ZHENWEI_IMPORT_MAX_XLSX_UNCOMPRESSED", 2 * 1024 * MB),
        max_shared_strings=256 * MB,
        max_ratio=getattr(settings, "ZHENWEI_IMPORT_MAX_XLSX_RATIO", 100),
        max_members=5000,
    )


def _bulk_profile() -> Profile:
    rows = int(getattr(settings, "VERIFY_BULK_MAX_ROWS", 50_000))
    return Profile(
        name="bulk_check",
        accept=frozenset({"csv", "xlsx"}),
        # a header, blank lines and the row that tells the sender the data-row cap
        max_rows=rows + 100,
        max_columns=50,
        max_inflated=100 * MB,
        max_shared_strings=32 * MB,
    )


def _profiles() -> dict[str, Profile]:
    return {
        "import": _import_profile(),
        "bulk_check": _bulk_profile(),
        # a filled-in monthly form: a few hundred rows, a handful of columns
        "report_form": Profile(
            name="report_form",
            accept=frozenset({"xlsx"}),
            max_rows=2000,
            max_columns=30,
            max_inflated=20 * MB,
            max_shared_strings=5 * MB,
            max_members=200,
        ),
        # stored, never parsed: any well-formed workbook or document within the byte and inflate caps
        "evidence": Profile(
            name="evidence", accept=frozenset({"evidence"}), max_rows=1_048_576, max_columns=16_384
        ),
    }


def limits_for(name: str | Profile, **overrides) -> Profile:
    """The named profile, read from settings now (tests override settings), with overrides."""
    found = name if isinstance(name, Profile) else _profiles()[name]
    return replace(found, **overrides) if overrides else found


def sniff(head: bytes) -> str | None:
    """The MIME type the bytes are (not what their name says), or None."""
    kind = filetype.guess(head)
    return kind.mime if kind else None


def declared_type_of(name: str, declared: str | None) -> str:
    if declared and declared != "application/octet-stream":
        return declared.split(";")[0].strip().lower()
    guessed, _ = mimetypes.guess_type(name)
    return (guessed or "application/octet-stream").lower()


# ---- messages -------------------------------------------------------------------------------------


def shown(value, limit: int = 40) -> str:
    """A cell or name as it may appear in a message: control and direction characters replaced,
    at most ``limit`` characters (then "…"). HTML escaping is the template's job."""
    text = _CONTROL.sub("\ufffd", str("" if value is None else value))
    return text if len(text) <= limit else text[:limit] + "…"


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=f"upload_{code}")


def _mb(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n / 1024:.0f} KB"


# ---- opening a source -----------------------------------------------------------------------------


@contextmanager
def _binary(source) -> Iterator[IO[bytes]]:
    """A seekable binary handle on a path, an uploaded file or a file object (left open)."""
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            yield handle
        return
    handle = getattr(source, "file", None) or source  # Django's UploadedFile wraps a file
    handle.seek(0)
    try:
        yield handle
    finally:
        with suppress(ValueError, OSError):  # a half-read generator may be closed after the upload is
            handle.seek(0)


def _size(handle: IO[bytes]) -> int:
    handle.seek(0, io.SEEK_END)
    size = handle.tell()
    handle.seek(0)
    return size


def _name(source, name: str) -> str:
    return (
        name or getattr(source, "name", "") or (str(source) if isinstance(source, (str, os.PathLike)) else "")
    )


# ---- the checks -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    kind: str  # "csv", "xlsx", "jsonl" or a sniffed MIME type for evidence
    size: int
    encoding: str = ""


def check_upload(
    source, *, profile: str | Profile, name: str = "", declared_type: str | None = None
) -> Checked:
    """Check a file against a profile without parsing it; raise ValidationError naming the limit."""
    limits = limits_for(profile)
    name = _name(source, name)
    declared_size = getattr(source, "size", None)
    cap = limits.byte_cap()
    if isinstance(declared_size, int) and declared_size > cap:
        raise _refuse(
            gettext("文件过大（%(mb_declared_size)s），超过大小上限 %(mb_cap)s (file too large)")
            % {"mb_declared_size": _mb(declared_size), "mb_cap": _mb(cap)},
            "too_large",
        )
    with _binary(source) as handle:
        size = _size(handle)
        if size > cap:
            raise _refuse(
                gettext("文件过大（%(mb_size)s），超过大小上限 %(mb_cap)s (file too large)")
                % {"mb_size": _mb(size), "mb_cap": _mb(cap)},
                "too_large",
            )
        head = handle.read(MB)
        if not head.strip(b" \t\r\n\x00").removeprefix(codecs.BOM_UTF8).strip():
            raise _refuse(gettext("文件为空 (empty file)"), "empty")
        if "evidence" in limits.accept:
            return _check_evidence(handle, head, size, name, declared_type, limits)
        if head.startswith(ZIP_MAGIC):
            if "xlsx" not in limits.accept:
                raise _refuse(gettext("只接受 CSV 文件，收到的是压缩包或 XLSX (CSV expected)"), "type")
            check_zip(handle, size, limits, want="xl/")
            return Checked("xlsx", size)
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise _refuse(
                gettext("不支持旧版 Excel (.xls) 文件，请另存为 XLSX 或 CSV (old .xls not supported)"), "type"
            )
        if Path(name).suffix.lower() in {".xlsx", ".xlsm"} or "csv" not in limits.accept:
            raise _refuse(
                gettext("文件不是有效的 XLSX 工作簿（内容不是 zip 结构）(not an XLSX workbook)"), "type"
            )
        encoding = text_encoding(head)
        stripped = head.lstrip(codecs.BOM_UTF8).lstrip()
        kind = "jsonl" if "jsonl" in limits.accept and stripped.startswith(b"{") else "csv"
        if stripped.startswith(
            (b"<", b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")
        ) and _ACTIVE_MARKUP.search(head):
            raise _refuse(gettext("文件是网页或含脚本的内容，不是 CSV 表格 (HTML, not CSV)"), "type")
        return Checked(kind, size, encoding)


def text_encoding(head: bytes) -> str:
    """UTF-8 (BOM or not) or GB18030, from the first megabyte; anything else is refused by name."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(head):
        raise _refuse(
            gettext(
                "CSV 文件是 UTF-16 编码，请在 Excel 中另存为“CSV UTF-8”(UTF-16 is not accepted; save as UTF-8)"
            ),
            "encoding",
        )
    if _looks_binary(head[:65536]):
        raise _refuse(gettext("文件不是 CSV 或 XLSX（内容为二进制数据）(binary data, not a table)"), "type")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("gb18030")().decode(head, final=False)
        return "gb18030"
    except UnicodeDecodeError as exc:
        line = head[: exc.start].count(b"\n") + 1
        raise _refuse(
            gettext(
                "CSV 文件第 %(line)s 行既不是 UTF-8 也不是 GB18030 编码 (encoding must be UTF-8 or GB18030)"
            )
            % {"line": line},
            "encoding",
        ) from None


def _looks_utf16(head: bytes) -> bool:
    """ASCII-heavy UTF-16 without a BOM: every other byte is NUL, the bytes between are not."""
    sample = head[:4096]
    if len(sample) < 8:
        return False
    even, odd = sample[0::2], sample[1::2]
    for text, zeros in ((even, odd), (odd, even)):
        if zeros.count(0) > 0.9 * len(zeros) and text.count(0) < 0.1 * len(text):
            return True
    return False


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return bool(head) and controls / len(head) > 0.02


def check_zip(handle: IO[bytes], size: int, limits: Profile, *, want: str) -> list[zipfile.ZipInfo]:
    """Refuse a zip container from its directory alone: nothing before or after the archive (a
    polyglot), too many members, encrypted or odd paths, too large or too compressed once inflated,
    or (for workbooks) a sheet that declares more rows or columns than the profile allows."""
    try:
        archive = zipfile.ZipFile(handle)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _refuse(
            gettext("压缩结构损坏，不是有效的 XLSX/DOCX（%(shown_exc)s）(broken zip)")
            % {"shown_exc": shown(exc)},
            "invalid",
        ) from None
    handle.seek(max(0, size - 22))
    tail = handle.read(22)
    handle.seek(0)
    if not (len(tail) == 22 and tail.startswith(_EOCD) and struct.unpack("<H", tail[20:22])[0] == 0):
        raise _refuse(
            gettext(
                "文件不是干净的 XLSX/DOCX：压缩包后面还附有其他数据（疑似伪装文件）(data after the archive)"
            ),
            "polyglot",
        )
    if len(members) > limits.max_members:
        raise _refuse(
            gettext("压缩包含 %(len_members)s 个部件，上限 %(limits_max_members)s (too many zip entries)")
            % {"len_members": len(members), "limits_max_members": limits.max_members},
            "zip_members",
        )
    if not members or min(m.header_offset for m in members) != 0:
        raise _refuse(
            gettext(
                "文件不是干净的 XLSX/DOCX：压缩包前面附有其他数据（疑似伪装文件）(data before the archive)"
            ),
            "polyglot",
        )
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or not any(
        n.startswith(want + ("worksheets/" if want == "xl/" else "")) for n in names
    ):
        what = "不是 XLSX 工作簿（缺少工作表）" if want == "xl/" else "不是 DOCX 文档"
        raise _refuse(gettext("文件是压缩包但%(what)s (not an Office file)") % {"what": what}, "invalid")
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise _refuse(gettext("文件已加密，无法读取 (encrypted)"), "encrypted")
        if member.filename.startswith("/") or ".." in member.filename.split("/") or "\\" in member.filename:
            raise _refuse(
                gettext("压缩包含非法路径“%(shown_member_filename)s”(bad member path)")
                % {"shown_member_filename": shown(member.filename)},
                "invalid",
            )
        total += member.file_size
        if total > limits.max_inflated:
            raise _refuse(
                gettext(
                    "解压后超过 %(mb_limits_max_inflated)s，已拒收（疑似压缩炸弹）(too large once inflated)"
                )
                % {"mb_limits_max_inflated": _mb(limits.max_inflated)},
                "zip_inflated",
            )
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > MB and ratio > limits.max_ratio:
            raise _refuse(
                gettext(
                    "部件“%(shown_member_filename)s”压缩比 %(ratio)s:1，上限 %(limits_max_ratio)s:1，疑似压缩炸弹，已拒收 (zip bomb: inflate ratio)"
                )
                % {
                    "shown_member_filename": shown(member.filename),
                    "ratio": format(ratio, ".0f"),
                    "limits_max_ratio": limits.max_ratio,
                },
                "zip_ratio",
            )
        if member.filename == "xl/sharedStrings.xml" and member.file_size > limits.max_shared_strings:
            raise _refuse(
                gettext(
                    "工作簿的共享文本表解压后 %(mb_member_file_size)s，上限 %(mb_limits_max_shared_str)s (shared strings too large)"
                )
                % {
                    "mb_member_file_size": _mb(member.file_size),
                    "mb_limits_max_shared_str": _mb(limits.max_shared_strings),
                },
                "zip_inflated",
            )
    if want == "xl/":
        for member in members:
            if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                _check_dimension(archive, member, limits)
    handle.seek(0)
    return members


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters.decode():
        number = number * 26 + (ord(ch) - 64)
    return number


def _check_dimension(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: Profile) -> None:
    try:
        with archive.open(member) as handle:
            head = handle.read(4096)  # inflates at most a few kilobytes
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise _refuse(
            gettext("工作表无法读取（%(shown_exc)s）(broken sheet)") % {"shown_exc": shown(exc)}, "invalid"
        ) from None
    match = _DIMENSION.search(head)
    if not match:
        return  # the streaming reader still stops at the caps
    last_col, last_row = (match.group(3), match.group(4)) if match.group(3) else match.group(1, 2)
    rows, cols = int(last_row), _column_number(last_col)
    if rows > limits.max_rows or cols > limits.max_columns:
        raise _refuse(
            gettext(
                "工作表过大（%(rows)s 行 × %(cols)s 列），上限 %(limits_max_rows)s 行 × %(limits_max_columns)s 列，请拆分后上传 (sheet too large)"
            )
            % {
                "rows": rows,
                "cols": cols,
                "limits_max_rows": limits.max_rows,
                "limits_max_columns": limits.max_columns,
            },
            "rows",
        )


def _check_evidence(handle, head: bytes, size: int, name: str, declared_type, limits: Profile) -> Checked:
    sniffed = sniff(head)
    declared = declared_type_of(name, declared_type)
    shown_name = shown(name, 60)
    if sniffed is None or sniffed not in ALLOWED_TYPES:
        raise _refuse(
            gettext(
                "文件“%(shown_name)s”的内容不是允许的类型（JPEG、PNG、GIF、WebP、PDF、MP4、XLSX、DOCX）(file type not allowed)"
            )
            % {"shown_name": shown_name},
            "type",
        )
    if declared not in ALLOWED_TYPES[sniffed]:
        raise _refuse(
            gettext(
                "文件“%(shown_name)s”声明为 %(shown_declared)s，但内容是 %(sniffed)s，已拒收 (type mismatch)"
            )
            % {"shown_name": shown_name, "shown_declared": shown(declared), "sniffed": sniffed},
            "type",
        )
    if sniffed.startswith("image/"):
        handle.seek(0)
        carry = b""
        while chunk := handle.read(MB):
            if _ACTIVE_MARKUP.search(carry + chunk):
                raise _refuse(
                    gettext("图片“%(shown_name)s”中夹带网页或脚本代码，已拒收 (image with embedded script)")
                    % {"shown_name": shown_name},
                    "polyglot",
                )
            carry = chunk[-32:]
        handle.seek(0)
    elif sniffed in (XLSX_TYPE, DOCX_TYPE):
        check_zip(handle, size, limits, want="xl/" if sniffed == XLSX_TYPE else "word/")
    return Checked(sniffed, size)
