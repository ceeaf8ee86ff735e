"""Who may open a case, or triage a clue into one.

Whoever may change records of the case's division (core.access), and whoever the clue's source
record gives authority: a drawn pool may send a town's inspector to a county target, and the case of
an unqualified product found there is the county's, opened by that inspector. Apps above cases name
such records in ready() (``register_source_authority``): cases does not import them."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext

from zhenwei.core.access import allowed

_authority: dict[str, Callable[[object, object], bool]] = {}


def register_source_authority(model, may_act: Callable[[object, object], bool]) -> None:
    """``may_act(actor, record)``: whether ``actor`` may open the case that ``record`` (a clue's
    source, e.g. an inspection) leads to, wherever the record's division is."""
    _authority[model._meta.label_lower] = may_act


def source_grants(actor, source_object) -> bool:
    if source_object is None:
        return False
    may_act = _authority.get(source_object._meta.label_lower)
    return bool(may_act and may_act(actor, source_object))


def require_may_open(actor, division, source_object=None) -> None:
    """The check of case_open (every entry point passes through it)."""
    if allowed(actor, "change", division) or source_grants(actor, source_object):
        return
    raise PermissionDenied(gettext("无权在%(division)s立案") % {"division": division})


def require_may_triage(actor, clue) -> None:
    """The check of clue_triage: the right to change the clue, or authority from its source."""
    if allowed(actor, "change", clue) or source_grants(actor, clue.source_object):
        return
    raise PermissionDenied(gettext("无权研判线索“%(clue)s”") % {"clue": clue})
