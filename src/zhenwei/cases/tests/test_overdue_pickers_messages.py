"""One overdue rule on "我的工作" and the workbench (the badge counts the red rows); the transfer picker
orders departments by nearness without the sender; a refusal is shown as an error."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from zhenwei.cases.choices import ActionKind
from zhenwei.cases.forms import ShareForm
from zhenwei.cases.services import case_action_add, share_create
from zhenwei.core.models import Share

pytestmark = pytest.mark.dates


def _red_rows(html: str) -> int:
    return len(re.findall(r'<(?:tr|li) class="overdue"', html))


def test_my_work_badge_counts_exactly_the_rows_marked_red(org, make_case):
    today = timezone.localdate()
    case = make_case(title="过期案件", owner=org.officer_a)
    type(case).objects.filter(pk=case.pk).update(due_on=today - dt.timedelta(days=1))
    for days in (-3, -1, 0, 5):  # two past, one due today (in time), one ahead
        case_action_add(
            case=case,
            kind=ActionKind.ORDER_CORRECT,
            actor=org.officer_a,
            owner=org.officer_a,
            due_on=today + dt.timedelta(days=days),
            title=f"措施{days}",
        )
    share = share_create(
        target=make_case(title="移来的案件", division=org.b, department=org.dept(org.b, "market")),
        kind="transfer",
        to_department=org.dept(org.a, "market"),
        actor=org.officer_b,
    )
    Share.objects.filter(pk=share.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    client = Client()
    client.force_login(org.officer_a)
    html = client.get("/staff/cases/mine/").content.decode()
    badge = re.search(r'id="overdue-count">(\d+)', html)
    red = _red_rows(html)
    assert red == 4  # two actions, the transfer past its signing deadline, the case past its deadline
    assert badge and int(badge.group(1)) == red
    home = client.get("/staff/").content.decode()
    home_badge = re.search(r'id="overdue-count">(\d+)', home)
    assert home_badge and int(home_badge.group(1)) == _red_rows(home) >= 3


def test_transfer_picker_is_ordered_by_nearness_and_leaves_out_the_sender(org, make_case):
    case = make_case()  # 甲县 market department
    field = ShareForm(case=case).fields["to_department"]
    departments = list(field.queryset)
    assert case.department not in departments
    divisions = [d.division.code for d in departments]
    order = [
        org.a.code,
        org.a.parent.code,
        org.t.code,
        org.b.code,
        org.p.code,
    ]  # same, parent, below, beside, above
    assert [c for c in dict.fromkeys(divisions) if c in order] == order
    html = str(ShareForm(case=case)["to_department"])
    assert '<optgroup label="本级">' in html and '<optgroup label="上级">' in html
    assert "甲县 · 消防救援" in html or "甲县 · " in html  # options name their division


def test_closing_early_is_an_error_with_role_alert_and_success_is_calm(org, make_case):
    case = make_case(kind="unqualified", title="灭火器压力不足")
    client = Client()
    client.force_login(org.officer_a)
    r = client.post(f"/staff/cases/{case.pk}/transition/", {"to": "closed"}, follow=True)
    html = r.content.decode()
    assert re.search(
        r'<div class="card message error" role="alert"><strong class="message-kind">[^<]+</strong>', html
    )
    assert "不能结案" in html
    r = client.post(
        f"/staff/cases/{case.pk}/share/",
        {"kind": "copy", "to_department": org.dept(org.b, "market").pk, "reason": "抄送"},
        follow=True,
    )
    assert 'class="card message success" role="status"' in r.content.decode()
