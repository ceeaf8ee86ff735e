"""What other apps may call in campaigns (docs/architecture.md, "Contracts between apps"), and the
hook through which reports (above campaigns) tells which monthly reports are in."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .selectors import overdue_duties, overdue_tasks

__all__ = ["overdue_duties", "overdue_tasks", "register_monthly_reports_in", "monthly_reports_in"]

# fn(*, division_ids, template_slugs) -> iterable of (template slug, division id, month) submitted or accepted.
_monthly_reports_in: list[Callable[..., Iterable[tuple[str, int, object]]]] = []


def register_monthly_reports_in(fn: Callable[..., Iterable[tuple[str, int, object]]]) -> None:
    """reports registers its reader in ``ReportsConfig.ready()``; campaigns never imports reports."""
    if fn not in _monthly_reports_in:
        _monthly_reports_in.append(fn)


def monthly_reports_in(*, division_ids: set[int], template_slugs: set[str]) -> set[tuple[str, int, object]]:
    found: set[tuple[str, int, object]] = set()
    for fn in _monthly_reports_in:
        found.update(fn(division_ids=division_ids, template_slugs=template_slugs))
    return found
