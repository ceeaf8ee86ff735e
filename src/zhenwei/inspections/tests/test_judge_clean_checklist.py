"""An unqualified judgment against a checklist whose every item is 符合 needs its ground stated."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from zhenwei.inspections.models import ChecklistItem
from zhenwei.inspections.services import inspection_judge, inspection_record


def _inspection(world, result="pass"):
    items = ChecklistItem.objects.filter(category__code="fire-products")[:3]
    return inspection_record(
        actor=world.org.officer_a,
        division=world.org.a,
        department=world.a_market,
        category=world.extinguisher,
        domain="use",
        subject_name="甲县某商场",
        place="甲县",
        product_name="灭火器",
        checks={i.pk: (result, "") for i in items},
    )


def test_unqualified_with_every_item_pass_is_refused_without_a_stated_ground(world):
    inspection = _inspection(world)
    with pytest.raises(ValidationError) as exc:
        inspection_judge(
            inspection=inspection, judgment="unqualified", reason_codes=["R01"], actor=world.org.officer_a
        )
    assert "均为“符合”" in str(exc.value)
    inspection.refresh_from_db()
    assert inspection.judgment == "pending"  # nothing half-written
    judged = inspection_judge(
        inspection=inspection,
        judgment="unqualified",
        reason_codes=["R01"],
        note="送检结果：灭火剂量不足",
        actor=world.org.officer_a,
    )
    assert judged.judgment == "unqualified"


def test_unqualified_with_a_failed_item_needs_no_extra_note(world):
    inspection = _inspection(world, result="fail")
    judged = inspection_judge(inspection=inspection, judgment="unqualified", actor=world.org.officer_a)
    assert judged.judgment == "unqualified"


def test_detail_page_warns_before_and_the_refusal_is_an_error_message(world):
    inspection = _inspection(world)
    client = Client()
    client.force_login(world.org.officer_a)
    page = client.get(f"/staff/inspections/{inspection.pk}/").content.decode()
    assert 'id="all-pass-note"' in page
    r = client.post(
        f"/staff/inspections/{inspection.pk}/judge/",
        {"judgment": "unqualified", "reason_codes": ["R01"], "note": ""},
        follow=True,
    )
    html = r.content.decode()
    assert 'class="card message error" role="alert"' in html and "均为“符合”" in html
