"""The FilterSet every list filters through (staff pages and the API), with its numbers bounded.

A number filter whose value the database cannot hold (``?product=99999999999999999999``) raised
OverflowError in the driver, and ``?year=0`` raised ValueError building the date range of the
``__year`` lookup: 500s on the staff lists and the API. Here every number filter is bounded to what
its column holds (the database's own integer range, years 1–9999), and every record chooser to ids
the database can hold, so the form refuses the value: the API answers 400 naming the parameter, a
staff page shows the list with the filter's error. The bound lives in the base FilterSet and in the
API's filter backend, so a FilterSet added tomorrow inherits it (tests/test_no_server_errors.py
checks that every FilterSet does). docs/security.md, T56.
"""

from __future__ import annotations

import re

import django_filters
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connection, models
from django_filters import rest_framework as drf_filters
from django_filters.utils import get_model_field

from zhenwei.core.params import DB_INT_MAX, DB_INT_MIN, ID_REGEX, YEAR_MAX, YEAR_MIN

_DATE_PART_RANGES = {
    "year": (YEAR_MIN, YEAR_MAX),
    "iso_year": (YEAR_MIN, YEAR_MAX),
    "month": (1, 12),
    "day": (1, 31),
    "week": (1, 53),
    "week_day": (1, 7),
    "iso_week_day": (1, 7),
    "quarter": (1, 4),
    "hour": (0, 23),
    "minute": (0, 59),
    "second": (0, 59),
}


def _column_range(model, field_name: str) -> tuple[int, int]:
    """The integer range of the column ``field_name`` names (through relations), or 64 bits."""
    field = get_model_field(model, field_name) if model is not None else None
    if isinstance(field, models.ForeignObjectRel):
        field = field.remote_field.model._meta.pk if hasattr(field, "remote_field") else None
    if isinstance(field, models.ForeignKey | models.OneToOneField):
        field = field.target_field
    if isinstance(field, models.IntegerField | models.AutoField):
        try:
            low, high = connection.ops.integer_field_range(field.get_internal_type())
        except (KeyError, FieldDoesNotExist):
            low, high = DB_INT_MIN, DB_INT_MAX
        return max(low if low is not None else DB_INT_MIN, DB_INT_MIN), min(
            high if high is not None else DB_INT_MAX, DB_INT_MAX
        )
    return DB_INT_MIN, DB_INT_MAX


class _BoundedPkMixin:
    """A record chooser refuses a key that is no integer the database holds, instead of the driver's
    OverflowError (Django's own ModelChoiceField catches ValueError and TypeError only)."""

    def _refuse_unholdable(self, value):
        key = self.to_field_name or "pk"
        pk = self.queryset.model._meta.pk if key == "pk" else self.queryset.model._meta.get_field(key)
        if isinstance(pk, models.ForeignKey | models.OneToOneField):
            pk = pk.target_field
        if not isinstance(pk, models.IntegerField | models.AutoField):
            return
        text = str(getattr(value, "pk", value)).strip()
        if not re.fullmatch(ID_REGEX, text):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )


class BoundedModelChoiceField(_BoundedPkMixin, django_filters.fields.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values:
            self._refuse_unholdable(value)
        return super().to_python(value)


class BoundedModelMultipleChoiceField(_BoundedPkMixin, django_filters.fields.ModelMultipleChoiceField):
    def _check_values(self, value):
        for item in value or ():
            self._refuse_unholdable(item)
        return super()._check_values(value)


def bound_filter(f: django_filters.Filter, model) -> django_filters.Filter:
    """Give one filter the bounds of what it filters (idempotent)."""
    if isinstance(f, django_filters.NumberFilter):
        last = (f.lookup_expr or "exact").split("__")[-1]
        low, high = _DATE_PART_RANGES.get(last) or _column_range(model, f.field_name)
        f.extra.setdefault("min_value", low)
        f.extra.setdefault("max_value", high)
    elif isinstance(f, django_filters.ModelMultipleChoiceFilter):
        if f.field_class is django_filters.fields.ModelMultipleChoiceField:
            f.field_class = BoundedModelMultipleChoiceField
    elif isinstance(f, django_filters.ModelChoiceFilter):
        if f.field_class is django_filters.fields.ModelChoiceField:
            f.field_class = BoundedModelChoiceField
    return f


class BoundedFilterSetMixin:
    @classmethod
    def get_filters(cls):
        found = super().get_filters()
        model = cls._meta.model
        for f in found.values():
            bound_filter(f, model)
        return found


class FilterSet(BoundedFilterSetMixin, django_filters.FilterSet):
    """Base of every FilterSet of the platform."""


class ApiFilterSet(BoundedFilterSetMixin, drf_filters.FilterSet):
    """Base of the FilterSets DRF builds from a view's ``filterset_fields``."""


class FilterBackend(drf_filters.DjangoFilterBackend):
    """The API's filter backend (settings REST_FRAMEWORK): ``filterset_fields`` build on ApiFilterSet,
    and any FilterSet a view names is bounded too, whatever it derives from."""

    filterset_base = ApiFilterSet

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            for f in filterset.filters.values():
                bound_filter(f, filterset._meta.model)
                f.__dict__.pop("_field", None)  # rebuilt with the bounds if it was built already
        return filterset


__all__ = ["FilterSet", "ApiFilterSet", "FilterBackend", "bound_filter"]


class DivisionSubtreeFilter(django_filters.CharFilter):
    """``?division=<code>``: the records of that division and every division below it (an unknown
    code matches nothing). One definition for every list; ``field_name`` names the record's division
    (``division`` by default, ``tip__division`` and the like through relations)."""

    def __init__(self, *args, field_name: str = "division", **kwargs) -> None:
        from django.utils.translation import gettext_lazy as _

        kwargs.setdefault("label", _("区划代码（含下级）"))
        super().__init__(*args, field_name=field_name, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        from zhenwei.core.models import Division

        division = Division.objects.filter(code=str(value).strip()).only("path").first()
        if division is None:
            return qs.none()
        prefix = f"{self.field_name}__" if self.field_name not in ("", "pk", "self") else ""
        return qs.filter(**{f"{prefix}path__startswith": division.path})
