"""Department pickers ordered by nearness to the record's division, the impossible left out.

A county office choosing where to transfer a case wants its neighbours first: the departments of the
same division, then of the division above, then of the divisions below and beside it, then the rest
up the tree, and last everyone else. Each option names its division so that the many 市场监管局 of a
province can be told apart.
"""

from __future__ import annotations

from django import forms
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from .models import Department, Division

NEARNESS_LABELS = {
    0: _("本级"),
    1: _("上级"),
    2: _("下级"),
    3: _("同级相邻"),
    4: _("更上级"),
    5: _("其他地区"),
}


def departments_by_nearness(
    division: Division | None, *, exclude: tuple[int | None, ...] = (), queryset: QuerySet | None = None
) -> QuerySet[Department]:
    """Active departments annotated with ``nearness`` (0 = same division … 5 = elsewhere) and ordered by
    it; ``exclude`` holds department ids the caller's service would refuse (the sender itself)."""
    qs = queryset if queryset is not None else Department.objects.filter(is_active=True)
    qs = qs.select_related("division", "kind").exclude(pk__in=[pk for pk in exclude if pk])
    if division is None:
        return qs.annotate(nearness=Value(5, output_field=IntegerField())).order_by(
            "division__path", "kind__sort", "name"
        )
    codes = division.ancestor_codes
    parent_path = "/" + "/".join(codes[:-1]) + "/" if len(codes) > 1 else None
    whens = [When(division_id=division.pk, then=Value(0))]
    if parent_path:
        whens.append(When(division__path=parent_path, then=Value(1)))
    whens.append(When(division__path__startswith=division.path, then=Value(2)))
    if parent_path:
        whens.append(When(division__path__startswith=parent_path, then=Value(3)))
    ancestors = Q(division__code__in=codes[:-1])
    whens.append(When(ancestors, then=Value(4)))
    return qs.annotate(nearness=Case(*whens, default=Value(5), output_field=IntegerField())).order_by(
        "nearness", "division__path", "kind__sort", "name"
    )


class _NearnessIterator(ModelChoiceIterator):
    """Options in <optgroup>s by nearness (本级, 上级, …) when the queryset is annotated with it."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[int, list] = {}
        for obj in self.queryset:
            groups.setdefault(getattr(obj, "nearness", 5), []).append(self.choice(obj))
        if len(groups) == 1:
            yield from next(iter(groups.values()))
            return
        for key in sorted(groups):
            yield (str(NEARNESS_LABELS.get(key, "")), groups[key])


class DepartmentChoiceField(forms.ModelChoiceField):
    """A department select whose options say where each department is ("云阳县 · 市场监管局"), grouped
    by nearness when given departments_by_nearness()."""

    iterator = _NearnessIterator

    def label_from_instance(self, obj: Department) -> str:
        return f"{obj.division.name} · {obj.name}"
