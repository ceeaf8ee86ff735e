"""Streaming the rows of a checked file: CSV (UTF-8, UTF-8 with BOM or GB18030), XLSX through
openpyxl's streaming parser, and JSONL/CSV text lines, each stopping at the profile's caps."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import replace

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from .guard import MAX_LINE_CHARS, Profile, _binary, _refuse, check_upload, limits_for, shown


def table_rows(
    source, *, profile: str | Profile, name: str = "", data_only: bool = True, max_rows: int | None = None
) -> Iterator[tuple[int, list]]:
    """Check the file, then yield (line number, cells) for every row, header included, one row at a
    time. XLSX cells keep their types (openpyxl values); CSV cells are strings. Stops with a
    ValidationError at the profile's row or column cap. With ``data_only=False`` XLSX formulas come
    back as their text ("=A1+1")."""
    limits = limits_for(profile)
    if max_rows is not None:
        limits = replace(limits, max_rows=max_rows)
    checked = check_upload(source, profile=limits, name=name)
    if checked.kind == "xlsx":
        return _xlsx_rows(source, limits, data_only=data_only)
    if checked.kind == "jsonl":
        raise _refuse(gettext("此处只接受 CSV 或 XLSX 表格 (a table is expected)"), "type")
    return _csv_rows(source, limits, checked.encoding)


def _too_many_rows(limits: Profile) -> ValidationError:
    return _refuse(f"文件超过 {limits.max_rows} 行上限，请拆分后上传 (too many rows)", "rows")


def _too_many_columns(line: int, count: int, limits: Profile) -> ValidationError:
    return _refuse(
        f"第 {line} 行有 {count} 列，超过 {limits.max_columns} 列上限 (too many columns)", "columns"
    )


def _xlsx_rows(source, limits: Profile, *, data_only: bool) -> Iterator[tuple[int, list]]:
    """The first sheet's rows, one at a time. openpyxl's own read-only workbook scans every sheet
    whole at open when it lacks a <dimension> (and keeps an element per row while doing so), so
    the workbook parts are read with its ExcelReader and the sheet with its WorkSheetParser."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.worksheet._reader import WorkSheetParser

    broken = (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, EOFError, AttributeError)
    with _binary(source) as handle:
        try:
            reader = ExcelReader(handle, read_only=True, data_only=data_only)
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            sheets = [
                rel.target
                for _sheet, rel in reader.parser.find_sheets()
                if rel.target in reader.valid_files and "chartsheet" not in rel.Type
            ]
        except broken as exc:
            raise _refuse(
                gettext("文件不是有效的 XLSX 工作簿（%(exc___class_____name)s）(broken workbook)")
                % {"exc___class_____name": exc.__class__.__name__},
                "invalid",
            ) from None
        try:
            if not sheets:
                raise _refuse(gettext("工作簿中没有工作表 (no sheet)"), "invalid")
            workbook = reader.wb
            with reader.archive.open(sheets[0]) as sheet:
                parser = WorkSheetParser(
                    sheet,
                    reader.shared_strings,
                    data_only=data_only,
                    epoch=workbook.epoch,
                    date_formats=workbook._date_formats,
                    timedelta_formats=workbook._timedelta_formats,
                )
                line = 0
                for index, cells in parser.parse():
                    while line + 1 < index:  # rows absent from the source are empty rows
                        line += 1
                        if line > limits.max_rows:
                            raise _too_many_rows(limits)
                        yield line, []
                    line += 1
                    if line > limits.max_rows:
                        raise _too_many_rows(limits)
                    values: dict[int, object] = {}
                    for cell in cells:
                        if cell["value"] is None or cell["value"] == "":
                            continue
                        if cell["column"] > limits.max_columns:
                            raise _too_many_columns(line, cell["column"], limits)
                        values[cell["column"]] = cell["value"]
                    yield line, [values.get(c) for c in range(1, max(values, default=0) + 1)]
        except broken as exc:
            raise _refuse(
                gettext("XLSX 工作簿读取失败（文件损坏：%(exc___class_____name)s）(broken workbook)")
                % {"exc___class_____name": exc.__class__.__name__},
                "invalid",
            ) from None
        finally:
            reader.archive.close()


def _csv_rows(source, limits: Profile, encoding: str) -> Iterator[tuple[int, list]]:
    with _binary(source) as handle:
        text = io.TextIOWrapper(handle, encoding=encoding, newline="")
        reader = csv.reader(text)
        previous_end = 0
        count = 0
        try:
            for row in reader:
                count += 1
                if count > limits.max_rows:
                    raise _too_many_rows(limits)
                line = previous_end + 1  # the row's first physical line (a quoted cell may span lines)
                if len(row) > limits.max_columns:
                    raise _too_many_columns(line, len(row), limits)
                yield line, row
                previous_end = reader.line_num
        except UnicodeDecodeError:
            raise _refuse(
                gettext(
                    "第 %(reader_line_num_1)s 行附近的字符不是 %(encoding_removesuffix_si)s 编码 (wrong encoding)"
                )
                % {
                    "reader_line_num_1": reader.line_num + 1,
                    "encoding_removesuffix_si": encoding.removesuffix("-sig").upper(),
                },
                "encoding",
            ) from None
        except csv.Error as exc:
            raise _refuse(
                gettext("第 %(reader_line_num)s 行 CSV 格式错误：%(shown_exc_80)s (malformed CSV)")
                % {"reader_line_num": reader.line_num, "shown_exc_80": shown(exc, 80)},
                "csv",
            ) from None
        finally:
            with suppress(ValueError, OSError):
                text.detach()


def text_lines(source, *, profile: str | Profile, name: str = "") -> Iterator[tuple[int, str]]:
    """(line number, text) of a checked CSV/JSONL file in its detected encoding, with the row cap."""
    limits = limits_for(profile)
    checked = check_upload(source, profile=limits, name=name)
    if checked.kind == "xlsx":
        raise _refuse(gettext("此处只接受 CSV 或 JSONL 文本文件 (text expected)"), "type")

    def lines() -> Iterator[tuple[int, str]]:
        with _binary(source) as handle:
            text = io.TextIOWrapper(handle, encoding=checked.encoding, newline="")
            try:
                number = 0
                while line := text.readline(MAX_LINE_CHARS + 1):
                    number += 1
                    if number > limits.max_rows:
                        raise _too_many_rows(limits)
                    if len(line) > MAX_LINE_CHARS:
                        raise _refuse(
                            gettext("第 %(number)s 行超过 %(max_line_chars)s 个字符上限 (line too long)")
                            % {"number": number, "max_line_chars": MAX_LINE_CHARS},
                            "columns",
                        )
                    yield number, line
            except UnicodeDecodeError:
                raise _refuse(
                    gettext("文件含非 %(checked_encoding)s 编码的字符 (wrong encoding)")
                    % {"checked_encoding": checked.encoding},
                    "encoding",
                ) from None
            finally:
                with suppress(ValueError, OSError):
                    text.detach()

    return lines()


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
