"""Concentrated actions: totals computed from linked inspections, cases and measures; destruction."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhenwei.joint import services
from zhenwei.joint.models import ActionRecord

D = dt.date(2026, 3, 15)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _inspection(org, category, *, dept, subject, judgment="qualified", on=D, division=None, case=None):
    from zhenwei.inspections.models import Inspection

    return Inspection.objects.create(
        subject_name=subject,
        place="县城批发市场",
        division=division or dept.division,
        department=dept,
        domain="circulation",
        category=category,
        product_name="手提式干粉灭火器",
        inspected_on=on,
        judgment=judgment,
        case=case,
    )


def _case(org, *, dept, number, on=D):
    from zhenwei.cases.models import Case

    return Case.objects.create(
        number=number,
        title="销售不合格灭火器案",
        kind="unqualified",
        source="inspection",
        division=dept.division,
        department=dept,
        opened_on=on,
    )


def _measure(case, kind, **fields):
    from zhenwei.cases.models import CaseAction

    return CaseAction.objects.create(case=case, kind=kind, **fields)


@pytest.fixture
def action(org, campaign):
    return services.action_create(
        campaign=campaign,
        title="3·15 灭火器市场集中行动",
        lead_department=org.dept(org.a, "market"),
        starts_on=D,
        ends_on=D + dt.timedelta(days=2),
        participating_departments=[org.dept(org.a, "fire"), org.dept(org.a, "police")],
        target_kinds=["market", "logistics"],
        actor=org.officer_a,
    )


def test_totals_add_up_from_linked_records(org, category, action):
    market, fire = org.dept(org.a, "market"), org.dept(org.a, "fire")
    case1 = _case(org, dept=market, number="甲市监立〔2026〕1号")
    case2 = _case(org, dept=fire, number="甲消立〔2026〕2号")
    i1 = _inspection(org, category, dept=market, subject="永安五金店", judgment="unqualified", case=case1)
    i2 = _inspection(org, category, dept=market, subject="永安五金店")  # same unit twice
    i3 = _inspection(org, category, dept=fire, subject="顺达物流")
    _measure(case1, "seizure", quantity_seized=Decimal("120"), goods_value_yuan=Decimal("9600"), unit="具")
    _measure(case2, "seizure", quantity_seized=Decimal("30"), goods_value_yuan=Decimal("1500"), unit="具")
    _measure(case1, "police_transfer")
    _measure(case2, "penalty", fine_yuan=Decimal("20000"))
    for record in (i1, i2, i3, case2):
        services.action_link(action=action, record=record, actor=org.officer_a)
    totals = services.action_totals(action)
    assert totals["inspections"] == 3
    assert totals["units_checked"] == 2
    assert totals["unqualified"] == 1
    assert totals["cases_opened"] == 2  # case1 through its inspection, case2 directly
    assert totals["goods_seized_quantity"] == Decimal("150")
    assert totals["goods_seized_value_yuan"] == Decimal("11100")
    assert totals["people_transferred_to_police"] == 1
    assert totals["fines_yuan"] == Decimal("20000")
    # unlinking a record changes the totals: nothing was typed in
    services.action_unlink(
        link=ActionRecord.objects.get(object_id=case2.pk, content_type__model="case"), actor=org.officer_a
    )
    assert services.action_totals(action)["cases_opened"] == 1


def test_linking_twice_is_one_link(org, category, action):
    i1 = _inspection(org, category, dept=org.dept(org.a, "market"), subject="甲")
    services.action_link(action=action, record=i1, actor=org.officer_a)
    services.action_link(action=action, record=i1, actor=org.officer_a)
    assert action.records.count() == 1


def test_collect_links_records_by_date_area_and_participants(org, category, action):
    market = org.dept(org.a, "market")
    inside = _inspection(org, category, dept=market, subject="区域内", division=org.t)
    _inspection(org, category, dept=market, subject="日期外", on=D - dt.timedelta(days=10))
    _inspection(org, category, dept=org.dept(org.b, "market"), subject="乙县")
    _inspection(org, category, dept=org.dept(org.a, "emergency"), subject="非参加单位")
    case = _case(org, dept=market, number="甲市监立〔2026〕9号")
    assert services.action_collect(action=action, actor=org.officer_a) == 2
    linked = {(r.content_type.model, r.object_id) for r in action.records.all()}
    assert linked == {("inspection", inside.pk), ("case", case.pk)}
    assert services.action_collect(action=action, actor=org.officer_a) == 0


def test_only_inspections_cases_and_measures_can_be_linked(org, action):
    with pytest.raises(ValidationError):
        services.action_link(action=action, record=org.dept(org.a, "market"), actor=org.officer_a)


def test_sibling_county_cannot_link_its_records_or_see_the_action(org, category, action, as_user):
    other = _inspection(org, category, dept=org.dept(org.b, "market"), subject="乙县商店")
    with pytest.raises(PermissionDenied):
        services.action_link(action=action, record=other, actor=org.officer_a)
    assert as_user(org.officer_b).get(f"/api/v1/joint/actions/{action.pk}/").status_code == 404


def test_action_page_and_api_show_totals(org, category, action, client, as_user):
    i1 = _inspection(org, category, dept=org.dept(org.a, "market"), subject="甲店")
    r = as_user(org.officer_a).post(
        f"/api/v1/joint/actions/{action.pk}/link/",
        {"record_type": "inspections.inspection", "record_id": i1.pk},
        format="json",
    )
    assert r.status_code == 200 and r.json()["totals"]["units_checked"] == 1
    client.force_login(org.officer_a)
    page = client.get(f"/staff/joint/actions/{action.pk}/").content.decode()
    assert 'data-key="units_checked">1<' in page
    assert "甲县消防救援" in page  # participating departments are shown


def test_action_area_must_be_within_lead_department(org, campaign):
    with pytest.raises(ValidationError, match="辖区"):
        services.action_create(
            campaign=campaign,
            title="x",
            lead_department=org.dept(org.a, "market"),
            starts_on=D,
            ends_on=D,
            divisions=[org.b],
            actor=org.officer_a,
        )


def test_participants_are_notified(org, action):
    from zhenwei.notifications.models import Notification

    assert Notification.objects.filter(
        recipient=org.inspector_a, dedupe_key=f"action:{action.pk}:invited"
    ).exists()


def test_destruction_with_items_cases_and_photos(org, action):
    case = _case(org, dept=org.dept(org.a, "market"), number="甲市监立〔2026〕3号")
    event = services.destruction_create(
        title="假冒伪劣消防产品集中销毁",
        organiser=org.dept(org.a, "market"),
        held_on=D + dt.timedelta(days=60),
        place="县垃圾焚烧发电厂",
        method="拆解、焚烧",
        witnesses="赵监 县人大代表\n钱证 公证员",
        items=[{"goods": "不合格灭火器", "quantity": Decimal("120"), "unit": "具", "case": case}],
        action=action,
        actor=org.officer_a,
    )
    assert event.campaign == action.campaign and event.witness_list == ["赵监 县人大代表", "钱证 公证员"]
    photo = services.destruction_add_photo(
        event=event, fileobj=io.BytesIO(PNG), name="现场.png", actor=org.officer_a
    )
    assert photo.attached_to == event
    assert services.action_totals(action)["goods_destroyed_quantity"] == Decimal("120")
    with pytest.raises(ValidationError, match="至少"):
        services.destruction_create(
            title="空",
            organiser=org.dept(org.a, "market"),
            held_on=D,
            place="x",
            items=[],
            actor=org.officer_a,
        )


def test_logistics_checks_count_as_units_checked(org, action):
    from zhenwei.market.models import LogisticsChecklistItem
    from zhenwei.market.services import logistics_check_record
    from zhenwei.registry.tests.factories import EnterpriseFactory

    depot = EnterpriseFactory(name="甲县物流园", kind="logistics", division=org.a)
    answers = {i.code: "pass" for i in LogisticsChecklistItem.objects.all()}
    answers["AJ-01"] = ("fail", "未过机安检")
    logistics_check_record(
        enterprise=depot,
        department=org.dept(org.a, "market"),
        checked_on=D,
        answers=answers,
        actor=org.officer_a,
    )
    assert services.action_collect(action=action, actor=org.officer_a) == 1
    totals = services.action_totals(action)
    assert (totals["units_checked"], totals["logistics_checks"], totals["unqualified"]) == (1, 1, 1)
