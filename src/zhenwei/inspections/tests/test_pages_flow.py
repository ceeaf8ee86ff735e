"""The "Done when" flow in the staff site, as a newcomer would click through it."""

import datetime as dt
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from zhenwei.cases.models import Case, CaseAction
from zhenwei.core.tests.factories import user_with_role
from zhenwei.inspections.models import ChecklistItem, Inspection, InspectionPlan, Sample

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _ok(response):
    assert response.status_code in (200, 302), response.status_code
    return response


def test_whole_flow_in_the_staff_pages(world):
    org = world.org
    c = Client()
    c.force_login(org.officer_a)
    today = timezone.localdate()
    assert "新建抽查计划" in c.get("/staff/inspections/plans/new/").content.decode()
    r = _ok(
        c.post(
            "/staff/inspections/plans/new/",
            {
                "title": "页面建立的计划",
                "domain": "use",
                "division": org.a.pk,
                "department": world.a_market.pk,
                "categories": [world.extinguisher.pk],
                "target_count": 3,
                "inspectors_per_target": 2,
                "starts_on": today - dt.timedelta(days=5),
                "ends_on": today + dt.timedelta(days=20),
            },
        )
    )
    plan = InspectionPlan.objects.get(title="页面建立的计划")
    assert r["Location"].endswith(f"/plans/{plan.pk}/")
    _ok(c.post(f"/staff/inspections/plans/{plan.pk}/draw/", {"seed": "page-seed"}))
    page = c.get(f"/staff/inspections/plans/{plan.pk}/?check=1").content.decode()
    assert "page-seed" in page and "复核一致" in page
    target = plan.targets.order_by("position").first()
    assert target.enterprise.name in page
    _ok(c.post(f"/staff/inspections/plans/{plan.pk}/publish/"))

    form = c.get(f"/staff/inspections/new/?target={target.pk}").content.decode()
    assert 'name="identity_code"' in form and 'name="viewport"' in form and "check_" in form
    items = {
        i.code: i
        for i in ChecklistItem.objects.filter(category__code__in=["fire-products", "fire-extinguisher"])
    }
    data = {
        "category": world.extinguisher.pk,
        "subject_name": target.enterprise.name,
        "place": "一楼走廊",
        "division": org.a.pk,
        "department": world.a_market.pk,
        "domain": "use",
        "product_name": "手提式干粉灭火器",
        "model": "MFZ/ABC4",
        "quantity": "8",
        "unit": "具",
        "inspected_on": today,
        f"check_{items['A01'].pk}": "pass",
        f"check_{items['D03'].pk}": "fail",
        f"note_{items['D03'].pk}": "2013年生产，已超报废年限",
        "photo": SimpleUploadedFile("现场.png", PNG, "image/png"),
    }
    r = _ok(c.post(f"/staff/inspections/new/?target={target.pk}", data))
    inspection = Inspection.objects.get(product_name="手提式干粉灭火器", target=target)
    assert r["Location"].endswith(f"/staff/inspections/{inspection.pk}/")
    detail = c.get(r["Location"]).content.decode()
    assert "R10" in detail and "现场.png" in detail  # suggested reason from the failed item
    r = _ok(
        c.post(
            f"/staff/inspections/{inspection.pk}/judge/",
            {"judgment": "unqualified", "reason_codes": ["R10"]},
            follow=True,
        )
    )
    inspection.refresh_from_db()
    case = inspection.case
    assert case is not None and case.number in r.content.decode()
    assert "不合格判定送达" in r.content.decode()
    _ok(c.post(f"/staff/inspections/{inspection.pk}/serve/", {"on": today}))
    _ok(
        c.post(
            f"/staff/inspections/{inspection.pk}/samples/",
            {"seal_number": "FT-001", "holder": "王敏", "quantity": "1", "unit": "具"},
        )
    )
    sample = Sample.objects.get(inspection=inspection)
    _ok(
        c.post(
            f"/staff/inspections/samples/{sample.pk}/custody/",
            {"action": "received_by_lab", "holder": "检验所", "seal_intact": "on"},
        )
    )
    _ok(
        c.post(
            f"/staff/inspections/samples/{sample.pk}/result/",
            {"result": "unqualified", "report_number": "R-1"},
        )
    )
    sample.refresh_from_db()
    assert sample.result == "unqualified" and sample.custody.count() == 2

    # The case it opened: correction, re-check, destruction, police transfer, close.
    html = c.get(f"/staff/cases/{case.pk}/").content.decode()
    assert "查看检查记录" in html

    def add(kind, **extra):
        _ok(c.post(f"/staff/cases/{case.pk}/actions/", {"kind": kind, **extra}))
        return CaseAction.objects.filter(case=case, kind=kind).latest("pk")

    def complete(action, **extra):
        r = _ok(c.post(f"/staff/cases/actions/{action.pk}/complete/", extra, follow=True))
        action.refresh_from_db()
        assert action.status == "done", re.findall(r'class="card error">([^<]+)', r.content.decode())

    order = add("order_correct", title="责令更换超期灭火器")
    complete(order, outcome="已更换")
    recheck = add("recheck")
    complete(recheck, recheck_passed="true", outcome="复查合格")
    destroy = add("destruction", title="收缴销毁超期灭火器")
    complete(destroy, quantity_destroyed="8", unit="具")
    police = add("police_transfer", document_number="移送〔2026〕1号")
    r = c.post(f"/staff/cases/{case.pk}/transition/", {"to": "closed"}, follow=True)
    assert "不能结案" in r.content.decode()
    police_user = user_with_role("police_a2", org.dept(org.a, "police"))
    pc = Client()
    pc.force_login(police_user)
    inbox = pc.get("/staff/cases/inbox/").content.decode()
    assert case.title in inbox
    share_id = police.share_id
    _ok(pc.post(f"/staff/cases/inbox/{share_id}/acknowledge/"))
    _ok(
        c.post(
            f"/staff/cases/actions/{police.pk}/police/",
            {"police_decision": "not_filed", "police_decision_on": today},
        )
    )
    complete(police, outcome="公安机关决定不予立案，退回行政处理")
    _ok(c.post(f"/staff/cases/{case.pk}/transition/", {"to": "closed", "note": "全部措施完成"}))
    case = Case.objects.get(pk=case.pk)
    assert case.status == "closed" and case.closed_on == today
    assert "已结案" in c.get(f"/staff/cases/{case.pk}/").content.decode()


def test_officer_b_cannot_see_or_change_county_a_inspections(world, as_user):
    org = world.org
    from zhenwei.inspections.services import inspection_record, plan_create

    inspection = inspection_record(
        actor=org.officer_a,
        division=org.a,
        department=world.a_market,
        category=world.extinguisher,
        domain="use",
        subject_name="甲县某商场",
        place="甲县",
        product_name="灭火器",
    )
    plan = plan_create(
        title="甲县计划",
        domain="use",
        division=org.a,
        department=world.a_market,
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2026, 5, 1),
        target_count=2,
        actor=org.officer_a,
    )
    b = as_user(org.officer_b)
    assert b.get("/api/v1/inspections/").json()["results"] == []
    assert b.get(f"/api/v1/inspections/{inspection.pk}/").status_code == 404
    assert (
        b.post(
            f"/api/v1/inspections/{inspection.pk}/judge/", {"judgment": "qualified"}, format="json"
        ).status_code
        == 404
    )
    assert b.post(f"/api/v1/inspection-plans/{plan.pk}/draw/", {}, format="json").status_code == 404
    r = b.post(
        "/api/v1/inspections/",
        {
            "division": org.a.code,
            "department": world.a_market.pk,
            "domain": "use",
            "category": "fire-extinguisher",
            "place": "x",
            "product_name": "x",
            "subject_name": "x",
            "inspected_on": "2026-11-01",
        },
        format="json",
    )
    assert r.status_code == 403
    c = Client()
    c.force_login(org.officer_b)
    assert c.get(f"/staff/inspections/{inspection.pk}/").status_code == 404
    assert c.post(f"/staff/inspections/{inspection.pk}/judge/", {"judgment": "qualified"}).status_code == 404
    assert c.get(f"/staff/inspections/plans/{plan.pk}/").status_code == 404
    inspection.refresh_from_db()
    assert inspection.judgment == "pending"


def test_pool_page_declares_a_conflict_and_home_lists_judgments_to_serve(world):
    from zhenwei.inspections.models import ConflictDeclaration
    from zhenwei.inspections.services import inspection_judge, inspection_record

    org = world.org
    c = Client()
    c.force_login(org.officer_a)
    assert "李强" in c.get("/staff/inspections/pool/").content.decode()
    _ok(
        c.post(
            "/staff/inspections/pool/",
            {"inspector": world.pool[0].pk, "enterprise": world.subjects[3].pk, "reason": "表兄在该单位任职"},
        )
    )
    assert ConflictDeclaration.objects.filter(inspector=world.pool[0], enterprise=world.subjects[3]).exists()
    b = Client()
    b.force_login(org.officer_b)
    assert (
        b.post(
            "/staff/inspections/pool/",
            {"inspector": world.pool[1].pk, "enterprise": world.subjects[3].pk, "reason": "x"},
        ).status_code
        == 404
    )
    inspection = inspection_record(
        actor=org.officer_a,
        division=org.a,
        department=world.a_market,
        category=world.extinguisher,
        domain="use",
        subject_name="甲县某宾馆",
        place="x",
        product_name="灭火器",
        inspected_on=timezone.localdate() - dt.timedelta(days=20),
    )
    inspection_judge(
        inspection=inspection,
        judgment="unqualified",
        reason_codes=["R08"],
        actor=org.officer_a,
        on=timezone.localdate() - dt.timedelta(days=20),
    )
    home = c.get("/staff/").content.decode()
    assert "不合格判定待送达：甲县某宾馆" in home and "已逾期" in home
