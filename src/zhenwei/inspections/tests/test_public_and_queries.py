"""Public draw pages (双随机、一公开) and locked query counts on the list endpoints."""

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from zhenwei.cases.services import case_action_add, case_open
from zhenwei.inspections import draw
from zhenwei.inspections.services import inspection_record, plan_create, plan_draw, plan_publish


def _plan(world, title="公示计划"):
    plan = plan_create(
        title=title,
        domain="use",
        division=world.org.a,
        department=world.a_market,
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2026, 6, 1),
        target_count=3,
        actor=world.org.officer_a,
    )
    return plan_draw(plan=plan, actor=world.org.officer_a, seed="public-seed")


def test_only_published_plans_are_public_and_their_inputs_rerun(world, client):
    hidden = _plan(world, "未公示计划")
    shown = plan_publish(plan=_plan(world), actor=world.org.officer_a)
    assert client.get(f"/inspections/plans/{hidden.pk}/").status_code == 404
    page = client.get("/inspections/plans/").content.decode()
    assert "公示计划" in page and "未公示计划" not in page
    html = client.get(f"/inspections/plans/{shown.pk}/").content.decode()
    assert "public-seed" in html and shown.targets.first().enterprise.name in html and "检查结果" not in html
    data = client.get(f"/inspections/plans/{shown.pk}/?format=json").json()
    assert draw.compute(data["inputs"]) == data["result"]
    plan_publish(plan=shown, actor=world.org.officer_a, results=True)
    assert "检查结果" in Client().get(f"/inspections/plans/{shown.pk}/").content.decode()


def _count(api, url):
    with CaptureQueriesContext(connection) as ctx:
        assert api.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_query_counts_do_not_grow_with_rows(world, as_user):
    org = world.org
    api = as_user(org.officer_a)

    def add(n):
        for i in range(n):
            inspection_record(
                actor=org.officer_a,
                division=org.a,
                department=world.a_market,
                category=world.extinguisher,
                domain="use",
                subject_name=f"单位{i}",
                place="x",
                product_name="灭火器",
            )
            case = case_open(
                title=f"案件{i}",
                kind="other",
                source="other",
                division=org.a,
                department=world.a_market,
                actor=org.officer_a,
            )
            case_action_add(case=case, kind="evidence", actor=org.officer_a)

    add(2)
    urls = ("/api/v1/inspections/", "/api/v1/cases/", "/api/v1/cases/?overdue=true")
    for url in urls:  # warm the content-type and scope caches
        _count(api, url)
    base = (
        _count(api, "/api/v1/inspections/"),
        _count(api, "/api/v1/cases/"),
        _count(api, "/api/v1/cases/?overdue=true"),
    )
    add(8)
    assert (
        _count(api, "/api/v1/inspections/"),
        _count(api, "/api/v1/cases/"),
        _count(api, "/api/v1/cases/?overdue=true"),
    ) == base
    assert base[0] <= 8 and base[1] <= 8
