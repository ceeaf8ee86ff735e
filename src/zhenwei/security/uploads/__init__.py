"""One guard for every file that enters: size, type, zip directory, rows and columns, encoding.

Every upload entry point reaches one of two functions here, at the point where the file is opened:

- ``check_upload(source, profile=...)`` checks a file without parsing it: size cap, content sniffed
  (not the name), and for zip containers (XLSX, DOCX) the zip directory — member count, inflated
  size, inflate ratio, encryption, paths, bytes before or after the archive — read without
  inflating anything. ``zhenwei.core.files.evidence_store`` calls it for every evidence file.
- ``table_rows(source, profile=...)`` checks the file the same way and then streams its rows (CSV in
  UTF-8, UTF-8 with BOM or GB18030; XLSX through openpyxl in read-only mode), stopping with a
  ValidationError at the profile's row or column cap. Every importer, the report upload and the
  bulk certificate check read their rows through it.

A refusal is a django ValidationError whose message names the limit (Chinese first, then English in
brackets) and whose ``code`` starts with ``upload_``; cell or file content quoted in a message goes
through ``shown()``, so it is short and has no control characters (templates escape the rest).

``ENTRY_POINTS`` (in ``upload_entry_points``) lists every place a file enters (URL names, form and serializer file fields,
importer kinds) with the profile it uses; ``security/tests/test_uploads.py`` discovers file-taking
views, fields and importers from the URL resolver, the form and serializer classes and the importer
registry, and fails if one is missing here.
"""

from ..upload_entry_points import ENTRY_POINTS, EntryPoint
from .guard import (
    ALLOWED_TYPES,
    DOCX_TYPE,
    MB,
    XLSX_TYPE,
    Checked,
    Profile,
    check_upload,
    check_zip,
    declared_type_of,
    limits_for,
    shown,
    sniff,
    text_encoding,
)
from .rows import cell_text, table_rows, text_lines

__all__ = [
    "ALLOWED_TYPES",
    "DOCX_TYPE",
    "ENTRY_POINTS",
    "MB",
    "XLSX_TYPE",
    "Checked",
    "EntryPoint",
    "Profile",
    "cell_text",
    "check_upload",
    "check_zip",
    "declared_type_of",
    "limits_for",
    "shown",
    "sniff",
    "table_rows",
    "text_encoding",
    "text_lines",
]
