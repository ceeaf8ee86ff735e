"""As-of figures: what a month's numbers were at its end, read back from the audit trail.

A flow's condition on a field that may change after the month (``Then``: a status, a duplicate link,
a department assigned at triage) is evaluated on the value the record had at the month's end
(``AsOf``, ``then_states``); a stock (records on the register) is counted as it stood then
(``stock_members``). docs/reports.md, "As-of figures". Used by the engine in ``metrics``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils import timezone

if TYPE_CHECKING:
    from .metrics import Metric


@dataclass(frozen=True)
class Then:
    """A condition on a field whose value can change after the month (a status, a duplicate link,
    a department assigned at triage): evaluated on the value the record had at the end of the
    month, read back from the audit trail (``then_states``), so a past month regenerates the same.

    ``is_in``: the value must be one of these; ``not_in``: must not be; ``null``: True = empty,
    False = set. ``on``: a date field recording when the record took its current value (e.g.
    ``closed_on`` for 排除): a record that fails the condition only since a day after the month
    still counts — the dated history decides, not when the change was typed in. Without ``on`` the
    value then is read back from the audit trail (changes made live: cancelling, linking a duplicate,
    routing a clue)."""

    field: str
    is_in: tuple = ()
    not_in: tuple = ()
    null: bool | None = None
    on: str | None = None

    def q(self) -> Q:
        q = Q()
        if self.is_in:
            q &= Q(**{f"{self.field}__in": self.is_in})
        if self.not_in:
            q &= ~Q(**{f"{self.field}__in": self.not_in})
        if self.null is not None:
            q &= Q(**{f"{self.field}__isnull": self.null})
        return q

    def holds(self, value) -> bool:
        if self.is_in and value not in self.is_in:
            return False
        if self.not_in and value in self.not_in:
            return False
        return self.null is None or (value is None) == self.null


@dataclass
class AsOf:
    """The ``then`` fields of records changed since the end of a month, as they stood then:
    {model label: {pk: {field name: value then}}}, read once per model (see ``then_states``)."""

    end: dt.date
    states: dict[str, dict] = field(default_factory=dict)
    queries: int = 0

    def load(self, metrics: Iterable[Metric]) -> None:
        fields_by_model: dict[str, set[str]] = defaultdict(set)
        for metric in metrics:
            fields_by_model[metric.model].update(t.field for t in metric.then if not t.on)
        for label, names in fields_by_model.items():
            if names and label not in self.states:
                model = apps.get_model(label)
                self.states[label], n = then_states(model, names, self.end)
                self.queries += n

    def changed(self, metric: Metric) -> dict:
        if metric.model not in self.states:
            self.load([metric])
        return self.states.get(metric.model, {})


def then_states(model, names: Iterable[str], end: dt.date) -> tuple[dict, int]:
    """The values of fields ``names`` at the end of the month (before ``end``) of the records of
    ``model`` whose audit trail changed one of them since: {pk: {name: value then}}, and the number
    of queries it took (1, or 2 when something changed). The oldest audit row since ``end`` that
    names a field holds its ``before`` value, the value then; a field not changed since is today's."""
    from zhenwei.core.choices import AuditAction
    from zhenwei.core.models import AuditEntry

    names = sorted(set(names))
    attnames = {model._meta.get_field(n).attname: n for n in names}
    bound = timezone.make_aware(dt.datetime.combine(end, dt.time.min))
    entries = AuditEntry.objects.filter(
        model=model._meta.label_lower,
        at__gte=bound,
        action__in=(AuditAction.UPDATE, AuditAction.TRANSITION),
    ).order_by("seq")
    to_pk = model._meta.pk.to_python
    then: dict = {}
    for object_id, before in entries.values_list("object_id", "before"):
        touched = {attnames[k]: v for k, v in (before or {}).items() if k in attnames}
        if not touched:
            continue
        try:
            pk = to_pk(object_id)
        except Exception:  # noqa: BLE001,S112 - an audit row about an id of another shape
            continue
        state = then.setdefault(pk, {})
        for name, value in touched.items():
            state.setdefault(name, value)  # oldest first: the first row since ``end`` has the word
    if not then:
        return {}, 1
    current = {
        row["pk"]: row for row in model._default_manager.filter(pk__in=list(then)).values("pk", *attnames)
    }
    out = {}
    for pk, state in then.items():
        if pk not in current:
            continue  # deleted since: a flow cannot list it (see docs/reports.md)
        row = {attnames[a]: current[pk][a] for a in attnames}
        for name, value in state.items():
            f = model._meta.get_field(name)
            row[name] = (
                f.target_field.to_python(value)
                if f.is_relation and value is not None
                else (f.to_python(value) if value is not None else None)
            )
        out[pk] = row
    return out, 2


def _as_datetime(value) -> dt.datetime | None:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time.min)
    if isinstance(value, dt.datetime) and timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def stock_members(
    metric: Metric, *, division_ids: Iterable[int], end: dt.date
) -> tuple[models.QuerySet, dict]:
    """The records of a stock as they stood just before ``end`` (the first day after the month):
    created before it and, in their state then, in ``metric.state`` and in one of ``division_ids``.

    Returns the records unchanged since (a queryset) and those changed or deleted since, as
    {pk: the division id they were in}. A changed record's state then is today's row with the
    ``before`` values of every audit row written since laid over it, newest first; a deleted one is
    rebuilt from its deletion row's snapshot. Changes made without an audit row (raw SQL) cannot
    be read back, and deleted records are counted but cannot be listed."""
    from zhenwei.core.choices import AuditAction
    from zhenwei.core.models import AuditEntry

    model = metric.model_class()
    division_ids = set(division_ids)
    bound = timezone.make_aware(dt.datetime.combine(end, dt.time.min))
    division_attname = model._meta.get_field(metric.division_field).attname
    created_attname = model._meta.get_field(metric.created_field).attname
    wanted = {model._meta.get_field(k).attname: v for k, v in (metric.state or {}).items()}
    befores: dict[object, list[dict]] = defaultdict(list)
    entries = AuditEntry.objects.filter(
        model=model._meta.label_lower,
        at__gte=bound,
        action__in=(AuditAction.UPDATE, AuditAction.TRANSITION, AuditAction.DELETE),
    ).order_by("-seq")
    to_pk = model._meta.pk.to_python
    for object_id, before in entries.values_list("object_id", "before"):
        try:
            befores[to_pk(object_id)].append(before or {})
        except Exception:  # noqa: BLE001,S112 - an audit row about an id of another shape
            continue
    fields = ["pk", created_attname, division_attname, *wanted]
    current = (
        {row["pk"]: row for row in model._default_manager.filter(pk__in=list(befores)).values(*fields)}
        if befores
        else {}
    )
    changed: dict = {}
    for pk, layers in befores.items():
        state = dict(current.get(pk, {}))
        for before in layers:  # newest first: the oldest change since ``end`` has the last word
            state.update(before)
        created = _as_datetime(state.get(created_attname))
        if created is None or created >= bound:
            continue
        if state.get(division_attname) not in division_ids:
            continue
        if all(state.get(k) == v for k, v in wanted.items()):
            changed[pk] = state[division_attname]
    unchanged = model._default_manager.filter(
        **{f"{created_attname}__lt": bound, f"{division_attname}__in": division_ids},
        **wanted,
    ).exclude(pk__in=list(befores))
    return unchanged, changed
