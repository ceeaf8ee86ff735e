"""The API's router: a viewset whose lookup is an integer column takes only digits in its path.

Without it, ``/credit/entries/null,null/publish/`` reached the view, and every action that looks its
record up by ``pk`` (not through ``get_object``) raised ValueError or, beyond 64 bits, OverflowError:
a 500. The lookup pattern is derived from the model field the viewset looks up by, so a viewset added
tomorrow inherits it; a viewset that sets ``lookup_value_regex`` keeps its own. docs/security.md, T55.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from rest_framework.routers import DefaultRouter

from zhenwei.core.params import ID_REGEX


def lookup_is_integer(viewset) -> bool:
    queryset = getattr(viewset, "queryset", None)
    model = getattr(queryset, "model", None)
    name = getattr(viewset, "lookup_field", "pk")
    if model is None:
        # A viewset that builds its queryset per request: by ``pk`` it looks up an integer, as every
        # model here has an integer primary key (DEFAULT_AUTO_FIELD, no model declares another;
        # tests/test_input_bounds.py checks that).
        return name in ("pk", "id")
    try:
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    if isinstance(field, models.ForeignKey | models.OneToOneField):
        field = field.target_field
    return isinstance(field, models.IntegerField | models.AutoField)


class Router(DefaultRouter):
    def get_lookup_regex(self, viewset, lookup_prefix=""):
        if not hasattr(viewset, "lookup_value_regex") and lookup_is_integer(viewset):
            viewset.lookup_value_regex = ID_REGEX
        return super().get_lookup_regex(viewset, lookup_prefix)


_ID_SCHEMA = {"type": "string", "pattern": f"^{ID_REGEX}$"}


def integer_path_ids(result, generator, request, public):
    """drf-spectacular post-processing hook: a path id the router matches with ID_REGEX is described
    as the integer it is, with the bounds the pattern enforces (a string pattern otherwise)."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("in") == "path" and parameter.get("schema") == _ID_SCHEMA:
                    parameter["schema"] = {"type": "integer", "minimum": 0, "maximum": 10**18 - 1}
    return result
