"""Seed 002's monthly form (`cert-campaign-monthly`), cell by cell, from known records entered as a
campaign office would: through the API (cases, actions) and the services (the fake-website ledger),
in two towns of one county, with records before the year (the form's 累计 starts on Jan 1 when no
campaign covers the division), inside October 2026, and after it.

The clock is frozen and moved to the day each record is made, so the tests pass on any date."""

import datetime as dt
import io
import itertools
from decimal import Decimal

import pytest
from django.utils import timezone
from freezegun import freeze_time

from zhenwei.reports.selectors import form_compute

from .conftest import OCT

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)
DEC = dt.date(2026, 12, 15)


def cell(form, code):
    line = next(x for x in form.lines if x.row.code == code)
    return line.month.value, line.cumulative.value


@pytest.fixture
def clock():
    with freeze_time(timezone.make_aware(dt.datetime.combine(DEC, dt.time(12)))) as frozen:
        yield frozen


def on(clock, day: dt.date) -> None:
    clock.move_to(timezone.make_aware(dt.datetime.combine(day, dt.time(11))))


@pytest.fixture
def towns(org):
    """County A with two towns: T (from the shared tree) and T2."""
    from zhenwei.core.tests.factories import DivisionFactory

    org.t2 = DivisionFactory(code="980101002", name="甲县二镇", level="town", parent=org.a)
    return org


def api_case(client, division, *, kind="fake_certificate", source="tip", enterprise=None, title="假证案"):
    from zhenwei.core.models import Department

    handler = Department.objects.get(division__code="980101", kind__code="emergency")  # 甲县应急管理
    body = {
        "title": title,
        "kind": kind,
        "source": source,
        "division": division.code,
        "department": handler.pk,
    }
    if enterprise is not None:
        body["enterprise"] = enterprise.pk
    response = client.post("/api/v1/cases/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()["id"]


def api_penalty(client, case_id, *, fine, done_on):
    response = client.post(f"/api/v1/cases/{case_id}/actions/", {"kind": "penalty"}, format="json")
    assert response.status_code == 201, response.content
    done = client.post(
        f"/api/v1/case-actions/{response.json()['id']}/complete/",
        {"fine_yuan": str(fine), "done_on": done_on.isoformat()},
        format="json",
    )
    assert done.status_code == 200, done.content


def api_police_transfer(client, case_id):
    response = client.post(
        f"/api/v1/cases/{case_id}/actions/", {"kind": "police_transfer", "title": "移送一人"}, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()["id"]


# ---------------------------------------------------------------- 1. fines: each in exactly one row


def test_fines_land_in_exactly_one_row_in_the_rows_unit(towns, as_user, cert, clock):
    from zhenwei.registry.models import Enterprise

    client = as_user(towns.officer_a)
    employer = Enterprise.objects.create(name="甲县二镇某化工厂", division=towns.t2)
    # T: a case found by inspection (its party not named as an enterprise): row 10, in 万元.
    found = api_case(client, towns.t, source="inspection", title="检查发现假证")
    api_penalty(client, found, fine=30000, done_on=dt.date(2026, 10, 12))
    # T: a den selling fake certificates (found from a tip, no registered party): row 12, in 元.
    den = api_case(client, towns.t, source="tip", title="制售假证窝点")
    api_penalty(client, den, fine=5000, done_on=dt.date(2026, 10, 5))
    # T2: the employer named on the case (API): row 21, in 万元.
    emp = api_case(client, towns.t2, source="tip", enterprise=employer, title="默许无证上岗")
    api_penalty(client, emp, fine=20000, done_on=dt.date(2026, 10, 20))
    # Before the month (September, in the year's 累计), before the year, and after the month.
    sept = api_case(client, towns.t2, source="inspection", title="九月检查")
    api_penalty(client, sept, fine=10000, done_on=dt.date(2026, 9, 9))
    old = api_case(client, towns.t, source="tip", title="去年窝点")
    api_penalty(client, old, fine=7000, done_on=dt.date(2025, 12, 20))
    late = api_case(client, towns.t2, source="tip", enterprise=employer, title="十一月用人单位")
    api_penalty(client, late, fine=40000, done_on=dt.date(2026, 11, 3))

    a = form_compute(template=cert, division=towns.a, month=OCT)
    assert cell(a, "r10") == (Decimal(3), Decimal(4))
    assert cell(a, "r12") == (Decimal(5000), Decimal(5000))  # was 35000: the inspection fine again
    assert cell(a, "r21") == (Decimal(2), Decimal(2))  # was 0: the API could not name the employer
    t = form_compute(template=cert, division=towns.t, month=OCT)
    assert [cell(t, c) for c in ("r10", "r12", "r21")] == [
        (Decimal(3), Decimal(3)),
        (Decimal(5000), Decimal(5000)),
        (Decimal(0), Decimal(0)),
    ]
    t2 = form_compute(template=cert, division=towns.t2, month=OCT)
    assert [cell(t2, c) for c in ("r10", "r12", "r21")] == [
        (Decimal(0), Decimal(1)),
        (Decimal(0), Decimal(0)),
        (Decimal(2), Decimal(2)),
    ]


@pytest.mark.parametrize(
    ("source", "with_enterprise"), list(itertools.product(["inspection", "tip", "other"], [False, True]))
)
def test_every_penalty_of_a_certificate_case_is_in_exactly_one_fine_row(towns, cert, source, with_enterprise):
    """The partition, over every combination of how the case was found and who the party is."""
    from zhenwei.cases import services
    from zhenwei.registry.models import Enterprise

    enterprise = Enterprise.objects.create(name="某单位", division=towns.t) if with_enterprise else None
    with freeze_time(timezone.make_aware(dt.datetime(2026, 12, 15, 12))):
        case = services.case_open(
            title="假证",
            kind="fake_certificate",
            source=source,
            division=towns.t,
            department=towns.dept(towns.t, "emergency"),
            enterprise=enterprise,
            actor="test",
        )
        action = services.case_action_add(case=case, kind="penalty", actor="test")
        services.case_action_complete(
            action=action, actor="test", fine_yuan=10000, done_on=dt.date(2026, 10, 9)
        )
    form = form_compute(template=cert, division=towns.a, month=OCT)
    in_yuan = {
        "r10": cell(form, "r10")[0] * 10000,
        "r12": cell(form, "r12")[0],
        "r21": cell(form, "r21")[0] * 10000,
    }
    assert sorted(in_yuan.values()) == [0, 0, 10000], in_yuan


def test_case_names_its_enterprise_only_within_sight(towns, as_user):
    """The API and the staff form can name the party enterprise; one out of the user's sight is a
    400 naming the field (not a 500, and without saying whether it exists); the audit row has it."""
    from zhenwei.cases.models import Case
    from zhenwei.core.models.audit import AuditEntry
    from zhenwei.registry.models import Enterprise

    mine = Enterprise.objects.create(name="甲县单位", division=towns.t)
    theirs = Enterprise.objects.create(name="乙县单位", division=towns.b)
    client = as_user(towns.officer_a)
    refused = client.post(
        "/api/v1/cases/",
        {
            "title": "x",
            "kind": "fake_certificate",
            "division": towns.t.code,
            "department": towns.dept(towns.a, "emergency").pk,
            "enterprise": theirs.pk,
        },
        format="json",
    )
    assert refused.status_code == 400 and "enterprise" in refused.content.decode()
    case_id = api_case(client, towns.t, enterprise=mine)
    case = Case.objects.get(pk=case_id)
    assert case.enterprise_id == mine.pk and case.party_name == "甲县单位"
    assert client.get(f"/api/v1/cases/{case_id}/").json()["enterprise"] == mine.pk
    log = AuditEntry.objects.filter(model="cases.case", object_id=str(case_id), action="create").get()
    assert log.after["enterprise_id"] == mine.pk

    client.force_login(towns.officer_a)
    page = client.get("/staff/cases/new/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "甲县单位" in html and "乙县单位" not in html
    posted = client.post(
        "/staff/cases/new/",
        {
            "title": "表单立案",
            "kind": "fake_certificate",
            "source": "tip",
            "division": towns.t.pk,
            "department": towns.dept(towns.a, "emergency").pk,
            "enterprise": mine.pk,
        },
        format="multipart",
    )
    assert posted.status_code == 302
    assert Case.objects.get(title="表单立案").enterprise_id == mine.pk


def test_triage_names_the_enterprise_through_the_same_guard(towns, as_user):
    from zhenwei.cases.models import Case, Clue
    from zhenwei.registry.models import Enterprise

    mine = Enterprise.objects.create(name="甲县用人单位", division=towns.t)
    theirs = Enterprise.objects.create(name="乙县用人单位", division=towns.b)
    client = as_user(towns.officer_a)
    clue = Clue.objects.create(
        source="tip", title="默许无证", division=towns.t, department=towns.dept(towns.a, "emergency")
    )
    url = f"/api/v1/clues/{clue.pk}/triage/"
    body = {"decision": "case", "kind": "fake_certificate"}
    refused = client.post(url, {**body, "enterprise": theirs.pk}, format="json")
    assert refused.status_code == 400 and "enterprise" in refused.content.decode()
    clue.refresh_from_db()
    assert clue.status == "new"  # nothing half-written
    done = client.post(url, {**body, "enterprise": mine.pk}, format="json")
    assert done.status_code == 200, done.content
    assert Case.objects.get(pk=done.json()["case_id"]).enterprise_id == mine.pk


# ---------------------------------------------------------------- 2. row 14: clues handed over


def _routing(org):
    from zhenwei.catalog.models import ProductCategory, RoutingRule

    RoutingRule.objects.create(
        purpose="clue",
        category=ProductCategory.objects.get(code="fake-website"),
        department_kind=org.kinds.emergency,
        role="lead",
    )


def _site(org, division, *, url, day, kind="fake_website", **extra):
    from zhenwei.webwatch import services

    return services.site_register(
        url=url, division=division, discovered_on=day, actor=org.officer_a, kind=kind, **extra
    )


def _evidence(org, site, day):
    from zhenwei.webwatch import services

    services.site_evidence_add(
        site=site,
        fileobj=io.BytesIO(PNG),
        name="shot.png",
        actor=org.officer_a,
        captured_at=timezone.make_aware(dt.datetime.combine(day, dt.time(9))),
    )


def test_webwatch_clues_get_category_and_routed_department(towns, clock):
    from zhenwei.webwatch import services

    _routing(towns)
    site = _site(towns, towns.t, url="http://cx.rnem.gov.cn/", day=dt.date(2026, 10, 3))
    clue = services.site_clue_open(site=site, actor=towns.officer_a)
    assert clue.category.code == "fake-website"
    assert clue.department == towns.dept(towns.t, "emergency")  # the rule's kind, nearest to the town


def test_clues_handed_over_count_ledger_clues_and_police_transfers_once(
    towns, as_user, cert, clock, settings, tmp_path
):
    from zhenwei.webwatch import services

    settings.MEDIA_ROOT = tmp_path
    _routing(towns)
    client = as_user(towns.officer_a)
    # T, October: a ledger site whose clue is opened (routed by the rule) — one clue.
    on(clock, dt.date(2026, 10, 3))
    s1 = _site(towns, towns.t, url="http://cx.rnem.gov.cn/", day=dt.date(2026, 10, 3))
    services.site_clue_open(site=s1, actor=towns.officer_a)
    # …and its referral to the cyber police later the same month: still that one matter.
    on(clock, dt.date(2026, 10, 8))
    _evidence(towns, s1, dt.date(2026, 10, 6))
    services.site_refer(
        site=s1, on=dt.date(2026, 10, 6), to_kind="cyber_police", to="甲县公安网安", actor=towns.officer_a
    )
    # T2, October: a site referred to the cyber police without a clue — one.
    s2 = _site(towns, towns.t2, url="http://mem-gov.cn.example.com/", day=dt.date(2026, 10, 4))
    _evidence(towns, s2, dt.date(2026, 10, 6))
    services.site_refer(
        site=s2, on=dt.date(2026, 10, 8), to_kind="cyber_police", to="甲县公安网安", actor=towns.officer_a
    )
    # T2, October: a fake-website case opened through the API and transferred to the police — one.
    on(clock, dt.date(2026, 10, 15))
    web_case = api_case(client, towns.t2, kind="fake_website", title="假冒网站案")
    api_police_transfer(client, web_case)
    # September (累计 only): a fake-certificate case transferred to the police.
    on(clock, dt.date(2026, 9, 20))
    api_police_transfer(client, api_case(client, towns.t, title="九月假证案"))
    # Before the year and after the month: not in October's form.
    on(clock, dt.date(2025, 12, 10))
    api_police_transfer(client, api_case(client, towns.t, title="去年假证案"))
    on(clock, dt.date(2026, 11, 2))
    s3 = _site(towns, towns.t, url="http://cx.mem-gov.example.net/", day=dt.date(2026, 11, 2))
    services.site_clue_open(site=s3, actor=towns.officer_a)

    a = form_compute(template=cert, division=towns.a, month=OCT)
    assert cell(a, "r14") == (Decimal(3), Decimal(4))  # was (0, 0)
    assert cell(form_compute(template=cert, division=towns.t, month=OCT), "r14") == (Decimal(1), Decimal(2))
    assert cell(form_compute(template=cert, division=towns.t2, month=OCT), "r14") == (Decimal(2), Decimal(2))
    nov = form_compute(template=cert, division=towns.a, month=dt.date(2026, 11, 1))
    assert cell(nov, "r14") == (Decimal(1), Decimal(5))
    # The cell stays traceable: its page lists the records of each part, 1 + 1 + 1 in October.
    client.force_login(towns.officer_a)
    page = client.get(f"/staff/reports/form/cert-campaign-monthly/{towns.a.code}/2026-10/cell/r14/month/")
    html = page.content.decode()
    counts = [int(x.split("</b>")[0]) for x in html.split('class="part-count">')[1:]]
    assert counts == [1, 1, 1], counts
    assert "假冒网站 cx.rnem.gov.cn" in html and "假冒网站案" in html and "mem-gov.cn.example.com" in html


# ---------------------------------------------------------------- 3. row 15: sites found


def test_a_site_in_the_ledger_is_found_whatever_the_check_said(towns, cert, clock, settings, tmp_path):
    from zhenwei.webwatch import services

    settings.MEDIA_ROOT = tmp_path
    unrelated = _site(towns, towns.t, url="http://zhengshu-chaxun.example.org/", day=dt.date(2026, 10, 2))
    assert unrelated.verdict == "unrelated"
    _evidence(towns, unrelated, dt.date(2026, 10, 2))
    services.site_block(site=unrelated, on=dt.date(2026, 10, 9), actor=towns.officer_a, method="停止解析")
    _site(towns, towns.t2, url="http://cx.rnem.gov.cn/", day=dt.date(2026, 10, 5))
    closed = _site(towns, towns.t2, url="http://example.com/", day=dt.date(2026, 10, 6))
    services.site_close(site=closed, on=dt.date(2026, 10, 7), reason="正常商业网站", actor=towns.officer_a)
    _site(towns, towns.t, url="http://cx.rneem.gov.cn/", day=dt.date(2026, 9, 1))
    _site(towns, towns.t, url="http://cx.rnem.gov.cn.example.com/", day=dt.date(2026, 11, 1))
    a = form_compute(template=cert, division=towns.a, month=OCT)
    assert cell(a, "r15") == (Decimal(2), Decimal(3))  # was (1, 2): the unrelated site was left out
    assert cell(a, "r16") == (Decimal(1), Decimal(1))
    assert cell(form_compute(template=cert, division=towns.t, month=OCT), "r15") == (Decimal(1), Decimal(2))


SITE_URLS = [
    "http://cx.rnem.gov.cn/",
    "http://zhengshu-chaxun.example.org/",
    "http://example.com/",
    "https://cx.mem.gov.cn/",
    "http://mem-gov.cn.example.com/",
]


def test_found_is_never_less_than_blocked(towns, cert, clock, settings, tmp_path):
    """Invariant over generated ledgers (every verdict, every path through the ledger): the sites
    found in the campaign's window are never fewer than those blocked, for the county and each town."""
    from hypothesis import HealthCheck, given
    from hypothesis import settings as hsettings
    from hypothesis import strategies as st

    from zhenwei.core.tests.properties import examples
    from zhenwei.webwatch import services
    from zhenwei.webwatch.models import SiteEvent, SiteEvidence, SuspectSite

    settings.MEDIA_ROOT = tmp_path
    site = st.tuples(
        st.sampled_from(SITE_URLS),
        st.sampled_from(["t", "t2"]),
        st.integers(min_value=0, max_value=300),  # discovered: days after Jan 1 2026
        st.sampled_from(["open", "blocked", "closed", "referred_blocked"]),
        st.integers(min_value=0, max_value=40),  # days to the next step
    )

    @hsettings(max_examples=examples(15), deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(site, max_size=6))
    def check(sites):
        SiteEvent.objects.all().delete()
        SiteEvidence.objects.all().delete()
        SuspectSite.objects.all().delete()
        for i, (url, town, offset, path, gap) in enumerate(sites):
            day = dt.date(2026, 1, 1) + dt.timedelta(days=offset)
            division = getattr(towns, town)
            s = _site(towns, division, url=url.replace("://", f"://s{i}."), day=day)
            later = min(day + dt.timedelta(days=gap), DEC)
            if path == "closed":
                services.site_close(site=s, on=later, reason="排除", actor=towns.officer_a)
            elif path in ("blocked", "referred_blocked"):
                _evidence(towns, s, day)
                if path == "referred_blocked":
                    services.site_refer(
                        site=s, on=later, to_kind="registrar", to="注册商", actor=towns.officer_a
                    )
                services.site_block(site=s, on=later, actor=towns.officer_a)
        for month in (dt.date(2026, m, 1) for m in range(1, 13)):
            for division in (towns.a, towns.t, towns.t2):
                form = form_compute(template=cert, division=division, month=month)
                assert cell(form, "r15")[1] >= cell(form, "r16")[1], (month, division)

    check()


# ---------------------------------------------------------------- 4. row 18: persons transferred


def test_police_transfers_count_in_the_month_of_the_transfer(towns, as_user, cert, clock):
    client = as_user(towns.officer_a)
    on(clock, dt.date(2026, 10, 10))
    t_case = api_case(client, towns.t, kind="fake_website", title="假冒网站一")
    api_police_transfer(client, t_case)
    api_police_transfer(client, t_case)  # a second person in the same case
    on(clock, dt.date(2026, 10, 28))
    t2_case = api_case(client, towns.t2, kind="fake_website", title="假冒网站二")
    pending = api_police_transfer(client, t2_case)
    on(clock, dt.date(2026, 9, 30))
    api_police_transfer(client, api_case(client, towns.t2, kind="fake_website", title="九月"))
    on(clock, dt.date(2026, 11, 1))
    api_police_transfer(client, api_case(client, towns.t, kind="fake_website", title="十一月"))
    # The police decide on the October transfer in November: October's figure does not move.
    on(clock, DEC)
    response = client.post(
        f"/api/v1/case-actions/{pending}/complete/",
        {"police_decision": "filed", "police_decision_on": "2026-11-20", "done_on": "2026-11-20"},
        format="json",
    )
    assert response.status_code == 200, response.content
    a = form_compute(template=cert, division=towns.a, month=OCT)
    assert cell(a, "r18") == (Decimal(3), Decimal(4))  # was (0, 0): nothing decided in October
    assert cell(a, "r13") == (Decimal(0), Decimal(0))
    assert cell(form_compute(template=cert, division=towns.t, month=OCT), "r18") == (Decimal(2), Decimal(2))
    assert cell(form_compute(template=cert, division=towns.t2, month=OCT), "r18") == (Decimal(1), Decimal(2))
    nov = form_compute(template=cert, division=towns.a, month=dt.date(2026, 11, 1))
    assert cell(nov, "r18") == (Decimal(1), Decimal(5))
