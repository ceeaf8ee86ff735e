"""What other apps may call in cases (docs/architecture.md, "Contracts between apps").

Apps above cases (inspections, tips, market, verify, webwatch, joint) open clues, triage them, date
deadlines, share records and write on a case's timeline only through these; the models and choices
of cases are public as well. Apps below cases reach it through the hooks at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .selectors import shares_of
from .services import (
    case_backdate,
    case_note_from,
    clue_open,
    clue_reassign,
    clue_triage,
    deadline_from,
    register_source_authority,
    share_create,
)

__all__ = [
    "case_backdate",
    "case_note_from",
    "clue_open",
    "clue_reassign",
    "clue_triage",
    "deadline_from",
    "my_work_sections",
    "register_my_work_section",
    "register_source_authority",
    "share_create",
    "shares_of",
]

# "My work" (cases:my-work) lists what waits for the user in the apps above cases (inspections:
# judgments to serve, samples to send); each registers ``name -> fn(*, user) -> iterable`` in ready().
_my_work: dict[str, Callable[..., Iterable]] = {}


def register_my_work_section(name: str, fn: Callable[..., Iterable]) -> None:
    _my_work[name] = fn


def my_work_sections(*, user) -> dict[str, list]:
    """Each registered section's items for ``user``, by name."""
    return {name: list(fn(user=user)) for name, fn in _my_work.items()}
