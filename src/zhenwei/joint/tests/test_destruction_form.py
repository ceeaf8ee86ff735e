"""Recording a destruction event (集中销毁): the service with items and evidence in one transaction,
the staff form with HTMX item rows, the API, and refusals for another county."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from zhenwei.cases.models import Case
from zhenwei.core.models import AuditEntry, EvidenceFile
from zhenwei.joint.destruction import destruction_record
from zhenwei.joint.models import DestructionEvent, DestructionItem

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
DAY = dt.date(2026, 6, 18)


def _case(org, division, number):
    return Case.objects.create(
        number=number,
        title=f"{number} 销售假冒灭火器案",
        kind="counterfeit",
        source="inspection",
        division=division,
        department=org.dept(division, "market"),
        opened_on=DAY,
        due_on=DAY + dt.timedelta(days=90),
    )


def _evidence(event):
    return EvidenceFile.objects.filter(
        content_type=ContentType.objects.get_for_model(DestructionEvent), object_id=event.pk
    )


def test_record_with_items_and_evidence_is_audited(org):
    case = _case(org, org.a, "甲市监罚〔2026〕1号")
    event = destruction_record(
        title="甲县集中销毁",
        organiser=org.dept(org.a, "market"),
        held_on=DAY,
        place="焚烧厂",
        items=[
            {"goods": "假冒灭火器", "quantity": Decimal("12"), "unit": "具", "case": case},
            {"goods": "灭火毯", "quantity": Decimal("3"), "unit": ""},
        ],
        evidence=[(io.BytesIO(PNG), "现场.png"), (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "销毁记录.pdf")],
        actor=org.officer_a,
    )
    assert [(i.goods, i.unit, i.case_id) for i in event.items.order_by("pk")] == [
        ("假冒灭火器", "具", case.pk),
        ("灭火毯", "件", None),
    ]
    assert _evidence(event).count() == 2
    audit = AuditEntry.objects.get(model="joint.destructionevent", object_id=str(event.pk))
    assert len(audit.after["items"]) == 2


def test_a_refused_file_leaves_nothing(org):
    with pytest.raises(ValidationError):
        destruction_record(
            title="甲县集中销毁",
            organiser=org.dept(org.a, "market"),
            held_on=DAY,
            place="焚烧厂",
            items=[{"goods": "假冒灭火器", "quantity": Decimal("12")}],
            evidence=[(io.BytesIO(b"MZ\x90\x00 not a photo"), "photo.png")],
            actor=org.officer_a,
        )
    assert not DestructionEvent.objects.exists() and not DestructionItem.objects.exists()
    assert not EvidenceFile.objects.exists()


def test_refused_for_another_county_and_for_a_case_out_of_sight(org):
    with pytest.raises(PermissionDenied):
        destruction_record(
            title="x",
            organiser=org.dept(org.a, "market"),
            held_on=DAY,
            place="x",
            items=[{"goods": "x", "quantity": 1}],
            actor=org.officer_b,
        )
    case_b = _case(org, org.b, "乙市监罚〔2026〕9号")
    with pytest.raises(PermissionDenied, match="来源案件"):
        destruction_record(
            title="x",
            organiser=org.dept(org.a, "market"),
            held_on=DAY,
            place="x",
            items=[{"goods": "x", "quantity": 1, "case": case_b}],
            actor=org.officer_a,
        )
    with pytest.raises(ValidationError, match="至少"):
        destruction_record(
            title="x",
            organiser=org.dept(org.a, "market"),
            held_on=DAY,
            place="x",
            items=[],
            actor=org.officer_a,
        )
    assert not DestructionEvent.objects.exists()


def test_form_page_rows_and_submit(org):
    c = Client()
    c.force_login(org.officer_a)
    page = c.get("/staff/joint/destructions/new/").content.decode()
    assert 'name="items-TOTAL_FORMS"' in page and 'name="evidence"' in page and "hx-get" in page
    row = c.get("/staff/joint/destructions/new/item-row/", {"items-TOTAL_FORMS": "1"}).content.decode()
    assert 'name="items-1-goods"' in row and "hx-swap-oob" in row and 'value="2"' in row
    assert c.get("/staff/joint/destructions/new/item-remove/").content == b""
    case = _case(org, org.a, "甲市监罚〔2026〕2号")
    r = c.post(
        "/staff/joint/destructions/new/",
        {
            "title": "页面登记的销毁",
            "organiser": org.dept(org.a, "market").pk,
            "held_on": "2026-06-18",
            "place": "焚烧厂",
            "witnesses": "张三 县公安局",
            "items-TOTAL_FORMS": "3",
            "items-INITIAL_FORMS": "0",
            "items-0-goods": "假冒灭火器",
            "items-0-quantity": "126",
            "items-0-unit": "具",
            "items-0-case": case.pk,
            # items-1 was removed in the browser
            "items-2-goods": "无标识呼吸器",
            "items-2-quantity": "60",
            "evidence": [SimpleUploadedFile("现场.png", PNG, content_type="image/png")],
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    event = DestructionEvent.objects.get(title="页面登记的销毁")
    assert r["Location"].endswith(f"/destructions/{event.pk}/")
    assert [i.goods for i in event.items.order_by("pk")] == ["假冒灭火器", "无标识呼吸器"]
    assert _evidence(event).count() == 1
    detail = c.get(f"/staff/joint/destructions/{event.pk}/").content.decode()
    assert "无标识呼吸器" in detail and "现场.png" in detail
    assert "登记集中销毁" in c.get("/staff/joint/destructions/").content.decode()


def test_form_refuses_empty_items_and_keeps_input(org):
    c = Client()
    c.force_login(org.officer_a)
    r = c.post(
        "/staff/joint/destructions/new/",
        {
            "title": "无物品",
            "organiser": org.dept(org.a, "market").pk,
            "held_on": "2026-06-18",
            "place": "x",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
        },
    )
    assert r.status_code == 200 and "至少要有一项销毁物品" in r.content.decode()
    assert not DestructionEvent.objects.exists()
    viewer = Client()
    viewer.force_login(org.viewer_a)
    assert viewer.get("/staff/joint/destructions/new/").status_code == 403


def test_api_create_upload_and_scope(org, as_user):
    api = as_user(org.officer_a)
    r = api.post(
        "/api/v1/joint/destructions/",
        {
            "title": "API 销毁",
            "organiser": org.dept(org.a, "market").pk,
            "held_on": "2026-06-18",
            "place": "焚烧厂",
            "items": [{"goods": "假冒灭火器", "quantity": "10", "unit": "具"}],
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    r = api.post(
        f"/api/v1/joint/destructions/{pk}/evidence/",
        {"file": SimpleUploadedFile("v.png", PNG, content_type="image/png")},
        format="multipart",
    )
    assert r.status_code == 201 and len(r.json()["evidence"]) == 1
    assert (
        api.post("/api/v1/joint/destructions/", {"title": "x", "items": []}, format="json").status_code == 400
    )
    other = as_user(org.officer_b)
    assert other.get(f"/api/v1/joint/destructions/{pk}/").status_code == 404
    assert other.get("/api/v1/joint/destructions/").json()["count"] == 0
    r = other.post(
        f"/api/v1/joint/destructions/{pk}/evidence/",
        {"file": SimpleUploadedFile("v.png", PNG, content_type="image/png")},
        format="multipart",
    )
    assert r.status_code == 404
    r = other.post(
        "/api/v1/joint/destructions/",
        {
            "title": "x",
            "organiser": org.dept(org.a, "market").pk,
            "held_on": "2026-06-18",
            "place": "x",
            "items": [{"goods": "x", "quantity": "1"}],
        },
        format="json",
    )
    assert r.status_code == 403
    assert DestructionEvent.objects.count() == 1
