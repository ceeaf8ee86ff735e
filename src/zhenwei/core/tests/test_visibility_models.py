"""Every model that holds records of a division declares where it lives, and restrict() works on it.

New models are covered automatically: this walks the app registry, not a hand-kept list.
"""

import pytest
from django.apps import apps
from django.conf import settings

from zhenwei.core.access import restrict
from zhenwei.core.models import Division

# Reference data and infrastructure rows that carry a division but are not anyone's records.
NOT_RECORDS = {"core.division", "catalog.routingrule"}


def _zhenwei_models():
    labels = {a.rsplit(".", 1)[1] for a in settings.ZHENWEI_APPS}
    return [m for m in apps.get_models() if m._meta.app_label in labels]


def _points_to_division(model) -> bool:
    return any(
        getattr(f, "related_model", None) is Division and not f.auto_created for f in model._meta.get_fields()
    )


def _resolve(model, path: str):
    current = model
    for part in path.split("__"):
        current = current._meta.get_field(part).related_model
    return current


@pytest.mark.parametrize("model", _zhenwei_models(), ids=lambda m: m._meta.label_lower)
def test_models_with_a_division_declare_their_visibility(model):
    field = getattr(model, "visibility_division_field", None)
    if field is None:
        assert model._meta.label_lower in NOT_RECORDS or not _points_to_division(model), (
            f"{model._meta.label} has a division but no visibility_division_field"
        )
        return
    assert _resolve(model, field) is Division, (
        f"{model._meta.label}.visibility_division_field must lead to Division"
    )


@pytest.mark.parametrize(
    "model",
    [m for m in _zhenwei_models() if getattr(m, "visibility_division_field", None)],
    ids=lambda m: m._meta.label_lower,
)
def test_restrict_runs_on_every_record_model(org, model):
    for user in (org.officer_a, org.viewer_a, org.office_p):
        list(restrict(model._default_manager.all(), user)[:1])
        list(restrict(model._default_manager.all(), user, "change")[:1])
