"""Staff pages: my work with overdue items, inbox acknowledgement, home waiting items, case detail."""

import datetime as dt

from django.test import Client
from django.utils import timezone

from zhenwei.cases.choices import ActionKind
from zhenwei.cases.services import case_action_add, share_create


def test_my_work_and_home_show_due_and_overdue_items(org, make_case):
    case = make_case(title="某店销售不合格灭火器")
    late = case_action_add(
        case=case,
        kind=ActionKind.ORDER_CORRECT,
        actor=org.officer_a,
        owner=org.officer_a,
        due_on=timezone.localdate() - dt.timedelta(days=2),
    )
    share_create(
        target=make_case(title="移来的案件", division=org.b, department=org.dept(org.b, "market")),
        kind="transfer",
        to_department=org.dept(org.a, "market"),
        actor=org.officer_b,
    )
    client = Client()
    client.force_login(org.officer_a)
    page = client.get("/staff/cases/mine/").content.decode()
    assert case.number in page and "已逾期" in page and "移来的案件" in page
    home = client.get("/staff/").content.decode()
    assert "移交待签收" in home and late.title in home
    inbox = client.get("/staff/cases/inbox/").content.decode()
    assert "移来的案件" in inbox


def test_case_detail_page_shows_timeline_and_blocking(org, make_case):
    case = make_case(kind="unqualified", title="灭火器压力不足")
    client = Client()
    client.force_login(org.officer_a)
    html = client.get(f"/staff/cases/{case.pk}/").content.decode()
    assert "时间线" in html and "必须完成" in html and case.number in html
    r = client.post(f"/staff/cases/{case.pk}/transition/", {"to": "closed"}, follow=True)
    assert "不能结案" in r.content.decode()


def test_evidence_upload_on_case(org, make_case):
    case = make_case()
    client = Client()
    client.force_login(org.officer_a)
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    r = client.post(
        f"/staff/cases/{case.pk}/evidence/",
        {"file": SimpleUploadedFile("现场.png", png, "image/png"), "description": "现场照片"},
        follow=True,
    )
    assert "现场.png" in r.content.decode()
    assert case.events.filter(kind="evidence").exists()
