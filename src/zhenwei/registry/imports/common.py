"""The import loop shared by every registry import: stream records, parse each row, flush batches
atomically, count, report rejected rows, and write one audit summary row per import."""

from __future__ import annotations

import datetime as dt
import queue
import re
import threading
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext

from zhenwei.core.access import ScopeCheck, actor_user
from zhenwei.core.audit import audit_record
from zhenwei.core.choices import AuditAction
from zhenwei.core.models import Division, Membership
from zhenwei.core.services import ImportSummary

from .reader import EXTRA_CELLS, Column, iter_records

DEFAULT_BATCH_SIZE = 5000


class RowError(Exception):
    """A row cannot be imported; the message says why (Chinese, shown with the line number)."""


_DATE_PATTERNS = [
    (re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$"), (1, 2, 3)),
    (re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"), (1, 2, 3)),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), (1, 2, 3)),
]


def parse_date(text: str, label: str) -> dt.date:
    """A date written as 2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日 or 20260301."""
    for pattern, (y, m, d) in _DATE_PATTERNS:
        match = pattern.match(text.strip())
        if match:
            try:
                return dt.date(int(match.group(y)), int(match.group(m)), int(match.group(d)))
            except ValueError:
                break
    raise RowError(
        gettext("%(label)s“%(text)s”不是有效日期（应为 YYYY-MM-DD）") % {"label": label, "text": text}
    )


def choice_parser(choices, aliases: dict[str, str], label: str, default: str | None = None):
    """A function turning a value (code, Chinese label or alias) into a choice value."""
    lookup = {}
    for value, text in choices.choices:
        lookup[value.lower()] = value
        lookup[str(text).lower()] = value
    for alias, value in aliases.items():
        lookup[alias.lower()] = value

    def parse(text: str) -> str:
        key = "".join(text.split()).lower()
        if not key:
            if default is None:
                raise RowError(gettext("%(label)s为空") % {"label": label})
            return default
        try:
            return lookup[key]
        except KeyError:
            raise RowError(
                gettext("%(label)s“%(text)s”无法识别（可用：%(join_choices_values)s）")
                % {"label": label, "text": text, "join_choices_values": ", ".join(choices.values)}
            ) from None

    return parse


class DivisionResolver:
    """Divisions by code (GB/T 2260, 6 or 9 digits), cached; nearest existing ancestor for a code
    that is not in the table (a credit code's registration authority, say)."""

    def __init__(self) -> None:
        self._by_code: dict[str, Division | None] = {}

    def exact(self, code: str) -> Division | None:
        if code not in self._by_code:
            self._by_code[code] = Division.objects.filter(code=code).first()
        return self._by_code[code]

    def nearest(self, code: str) -> Division | None:
        code = code.strip()
        if not code.isdigit():
            return None
        candidates = [code]
        if len(code) == 9:
            code = code[:6]
            candidates.append(code)
        if len(code) == 6:
            candidates += [code[:4] + "00", code[:2] + "0000"]
        for candidate in dict.fromkeys(candidates):
            found = self.exact(candidate)
            if found is not None:
                return found
        return None


def actor_division(actor) -> Division | None:
    """The division of the importing user's first active membership (the default home of records)."""
    if actor_user(actor) is None:
        return None
    membership = (
        Membership.objects.filter(user=actor, is_active=True)
        .select_related("department__division")
        .order_by("department__division__path")
        .first()
    )
    return membership.department.division if membership else None


class Importer:
    """Base of the registry imports. Subclasses set ``kind``, ``model_label`` and ``columns``, and
    implement ``parse(line, record)`` (→ parsed row or RowError) and ``write(rows, summary)``
    (called inside one transaction per batch)."""

    kind = ""
    model_label = ""
    columns: list[Column] = []

    def __init__(self, *, actor=None, batch_size: int = DEFAULT_BATCH_SIZE) -> None:
        self.actor = actor
        self.batch_size = batch_size
        self.divisions = DivisionResolver()
        self.default_division = actor_division(actor)
        self.scope = ScopeCheck(actor)

    def parse(self, line: int, record: dict[str, str]):
        raise NotImplementedError

    def write(self, rows: list, summary: ImportSummary) -> None:
        raise NotImplementedError

    def keep_in_scope(
        self, rows: list, summary: ImportSummary, checks: Callable, change: set, view: set = frozenset()
    ) -> list:
        """The rows of a batch the importer may write; the others are rejected with their line and
        reason. ``change`` and ``view`` are the division ids the batch writes to (or whose records
        it changes) and refers to; when all are in scope — the usual case — the batch passes with
        two set operations on cached divisions. Otherwise ``checks(row)`` gives, per row, (line,
        [(division_id, capability, reason), ...]) — reason None for the division the row writes to
        (the message names it) — and the rows touching a division outside scope are rejected."""
        if self.scope.unchecked or not rows:
            return rows
        outside = {"change": self.scope.outside(change, "change"), "view": self.scope.outside(view, "view")}
        if not (outside["change"] or outside["view"]):
            return rows
        kept = []
        for row in rows:
            line, targets = checks(row)
            refused = next(((d, r) for d, c, r in targets if d in outside[c]), None)
            if refused is None:
                kept.append(row)
            else:
                division_id, reason = refused
                summary.reject(line, reason or self._outside_target(division_id))
        return kept

    def _outside_target(self, division_id) -> str:
        return f"区划“{self.scope.code(division_id)}”不在导入人的管辖范围内（只能导入本辖区的记录）"

    def after_commit(self) -> None:
        """Merge caches filled inside the last batch once it is committed."""

    def _flush(self, rows: list, summary: ImportSummary) -> None:
        # One savepoint/transaction per batch: a failure leaves earlier batches committed and this
        # one absent; rows are upserts by natural key, so a re-run completes without duplicates.
        with transaction.atomic():
            self.write(rows, summary)
        self.after_commit()

    # Subclasses whose write() only uses its own caches may let a writer thread commit batch N
    # while this thread parses batch N+1 (PostgreSQL only: SQLite has one writer anyway).
    pipelined = False

    def _pipeline(self) -> _BatchWriter | None:
        # Not inside a caller's transaction (a test, or an atomic() around the import): a second
        # connection would not see its uncommitted rows, and the caller expects one transaction.
        if self.pipelined and connection.vendor == "postgresql" and not connection.in_atomic_block:
            return _BatchWriter(self)
        return None

    def run(self, *, path: Path | str, progress: Callable[[int], None] | None = None) -> ImportSummary:
        summary = ImportSummary()
        pending: list = []
        writer = self._pipeline()
        flush = writer.submit if writer else (lambda rows: self._flush(rows, summary))
        try:
            try:
                for line, record in iter_records(path, self.columns):
                    summary.read += 1
                    try:
                        if EXTRA_CELLS in record:
                            raise RowError(record[EXTRA_CELLS])
                        pending.append(self.parse(line, record))
                    except RowError as exc:
                        summary.reject(line, str(exc))
                    except ValidationError as exc:
                        summary.reject(line, "；".join(exc.messages))
                    if len(pending) >= self.batch_size:
                        flush(pending)
                        pending = []
                        if progress:
                            progress(summary.read)
                if pending:
                    flush(pending)
            finally:
                if writer is not None:
                    writer.finish(summary)
            if progress:
                progress(summary.read)
        finally:
            self._audit(path, summary)
        summary.errors.sort()
        return summary

    def _audit(self, path, summary: ImportSummary) -> None:
        """One audit row per import run with the counts (never the rows' personal data)."""
        if not (summary.created or summary.updated or summary.rejected):
            return
        with transaction.atomic():
            audit_record(
                actor=self.actor,
                action=AuditAction.IMPORT,
                model=self.model_label,
                object_repr=f"{self.kind} from {Path(path).name}"[:255],
                after={
                    "read": summary.read,
                    "created": summary.created,
                    "updated": summary.updated,
                    "unchanged": summary.unchanged,
                    "rejected": summary.rejected,
                },
                division_id=self.default_division.pk if self.default_division else None,
            )


class _BatchWriter:
    """One thread that writes the batches of an import in order, each in its own transaction, on
    its own connection, while the importing thread parses the next batch (psycopg releases the GIL
    while PostgreSQL works). At most one batch waits, so memory stays at two batches. The first
    failure stops the writing; the importing thread raises it at its next batch or at the end."""

    def __init__(self, importer: Importer) -> None:
        self.importer = importer
        self.summary = ImportSummary()
        self.queue: queue.Queue = queue.Queue(maxsize=1)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="zhenwei-import-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            while (rows := self.queue.get()) is not None:
                if self.error is None:
                    try:
                        self.importer._flush(rows, self.summary)
                    except BaseException as exc:  # noqa: BLE001 - handed to the importing thread
                        self.error = exc
        finally:
            connection.close()

    def submit(self, rows: list) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put(rows)

    def finish(self, summary: ImportSummary) -> None:
        self.queue.put(None)
        self.thread.join()
        written = self.summary
        summary.created += written.created
        summary.updated += written.updated
        summary.unchanged += written.unchanged
        summary.rejected += written.rejected
        summary.errors.extend(written.errors)
        if self.error is not None:
            raise self.error
