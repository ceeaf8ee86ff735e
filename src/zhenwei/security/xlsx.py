"""Refuse hostile XLSX files before openpyxl parses them: zip bombs, oversized sheets, odd archives.

``check_xlsx(path_or_file)`` reads only the zip directory (never inflates anything) and raises a
django ValidationError naming the problem. It is the workbook part of the one upload guard,
``zhenwei.security.uploads`` (whose ``table_rows`` every entry point reads rows through).
"""

from __future__ import annotations

from typing import IO

from .uploads import MB, Profile, check_upload

MAX_UNCOMPRESSED = 200 * MB  # all members together, once inflated
MAX_RATIO = 100  # inflated / compressed, per member (ordinary sheets compress 5-20x)
MAX_MEMBERS = 2000
MAX_ROWS = 200_000
MAX_COLUMNS = 200


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
    limits = Profile(
        name="xlsx",
        accept=frozenset({"xlsx"}),
        max_rows=max_rows,
        max_columns=max_columns,
        max_inflated=max_uncompressed,
        max_shared_strings=max_uncompressed,
        max_ratio=int(max_ratio),
        max_members=max_members,
    )
    check_upload(path_or_file, profile=limits)
