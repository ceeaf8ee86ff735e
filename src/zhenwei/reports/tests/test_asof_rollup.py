"""As-of figures and the roll-up (issue 15, section 2): a past month regenerates to the same
numbers, a submitted report is frozen with the live figure beside it, a unit that did not report is
named and its 累计 carried, and the invariants hold over generated records (hypothesis)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from freezegun import freeze_time
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhenwei.core.tests.properties import examples
from zhenwei.reports import metrics
from zhenwei.reports.choices import ReportSource, ReportStatus, RowKind
from zhenwei.reports.models import MonthlyReport
from zhenwei.reports.selectors import form_compute, form_values
from zhenwei.reports.services import report_submit

from .conftest import OCT, at, make_clue, make_enterprise

SEP, NOV, DEC = dt.date(2026, 9, 1), dt.date(2026, 11, 1), dt.date(2026, 12, 1)
JAN27 = dt.date(2027, 1, 1)


def line(form, code):
    return next(x for x in form.lines if x.row.code == code)


def cells(form):
    return {
        x.row.code: (x.month.value, x.cumulative.value) for x in form.lines if x.row.kind == RowKind.NUMBER
    }


# ---- 1. stock rows as they stood at the end of the month ----------------------------------------


@pytest.mark.django_db
def test_stock_row_is_the_register_at_the_end_of_that_month(org, cert):
    """Before the fix 在册单位 was today's register: regenerating October in December counted the
    enterprise registered in November and dropped the ones deregistered or deleted since."""
    from zhenwei.core.audit import audit_delete
    from zhenwei.registry.services import enterprise_save

    make_enterprise(org.a, "甲县一号", created=dt.date(2026, 3, 1))
    closed = make_enterprise(org.a, "甲县二号", created=dt.date(2026, 3, 1))
    moved = make_enterprise(org.t, "一镇三号", created=dt.date(2026, 3, 1))
    gone = make_enterprise(org.t, "一镇四号", created=dt.date(2026, 3, 1))
    with freeze_time(at(dt.date(2026, 10, 28))):
        october = form_compute(template=cert, division=org.a, month=OCT, with_units=True)
    assert line(october, "r01").cumulative.value == 4
    with freeze_time(at(dt.date(2026, 11, 12))):
        make_enterprise(org.a, "十一月新登记", created=dt.date(2026, 11, 12))
        enterprise_save(actor=org.officer_a, enterprise=closed, data={"is_active": False})
        enterprise_save(actor=org.admin, enterprise=moved, data={"division": org.b})
        with transaction.atomic():
            audit_delete(actor=org.admin, obj=gone)
            gone.delete()
    with freeze_time(at(dt.date(2026, 12, 20))):
        again = form_compute(template=cert, division=org.a, month=OCT, with_units=True)
        november = form_compute(template=cert, division=org.a, month=NOV, with_units=True)
        listed = metrics.records(key="registry.enterprises", division_path=org.a.path, start=None, end=NOV)
    assert cells(again)["r01"] == cells(october)["r01"] == (4, 4)
    assert [u[1] for u in line(again, "r01").units] == [2]  # the town, as it stood
    # The drill-down lists what is still stored (the deleted one is counted but cannot be listed).
    assert set(listed.values_list("name", flat=True)) == {"甲县一号", "甲县二号", "一镇三号"}
    # November: +1 registered, −1 deregistered, −1 moved to B, −1 deleted.
    assert line(november, "r01").cumulative.value == 2


# ---- 2. frozen reports, live figure beside ----------------------------------------------------------


@pytest.mark.django_db
def test_submitted_report_is_frozen_and_shows_the_live_figure_beside(org, cert, client):
    dept = org.dept(org.a, "market")
    make_clue(org.a, department=dept, created=dt.date(2026, 10, 3))
    with freeze_time(at(dt.date(2026, 11, 3))):
        report = MonthlyReport.objects.create(template=cert, division=org.a, month=OCT)
        report_submit(report=report, actor=org.officer_a)
        # A record of October entered after the submission.
        make_clue(org.a, department=dept, created=dt.date(2026, 10, 20), title="补录")
        form = form_compute(template=cert, division=org.a, month=OCT)
    r14 = line(form, "r14")
    assert r14.frozen
    assert (r14.month.value, r14.live_month) == (1, 2)
    assert r14.live_cumulative == 2
    assert line(form, "r01").live_month is None  # equal figures: nothing beside
    client.force_login(org.admin)
    page = client.get(reverse("reports:form", args=[cert.slug, org.a.code, "2026-10"])).content.decode()
    assert "现时计算" in page


# ---- 3. the roll-up names the units that did not report and 累计 never falls -------------------


def _upload(template, division, month, figures: dict[str, tuple]):
    values = {r.code: {"month": "0", "cumulative": "0"} for r in template.rows.filter(kind=RowKind.NUMBER)}
    for code, (m, c) in figures.items():
        values[code] = {"month": str(m), "cumulative": str(c)}
    return MonthlyReport.objects.create(
        template=template,
        division=division,
        month=month,
        source=ReportSource.UPLOAD,
        status=ReportStatus.SUBMITTED,
        values=values,
    )


@pytest.mark.django_db
def test_a_town_that_sends_nothing_is_named_and_its_cumulative_carried(org, cert, client):
    """The reported case: the town uploaded October (累计 32) and sent nothing for November; the
    county's 累计 fell from 50 to 18 and no unit was named."""
    dept = org.dept(org.a, "market")
    for i in range(18):
        make_clue(org.a, department=dept, created=dt.date(2026, 10, 1 + i), title=f"县 {i}")
    _upload(cert, org.t, OCT, {"r14": (12, 32), "r01": (40, 40)})
    october = form_compute(template=cert, division=org.a, month=OCT, with_units=True)
    november = form_compute(template=cert, division=org.a, month=NOV, with_units=True)
    assert line(october, "r14").cumulative.value == 50
    assert line(november, "r14").cumulative.value == 50  # was 18
    assert line(november, "r14").month.value == 0  # 本月 is never carried
    assert line(november, "r01").cumulative.value == 40  # a position of an uploading unit: carried
    assert [u.code for u in october.reported_units] == [org.t.code]
    (missing,) = november.missing_units
    assert missing.unit == org.t and missing.carried_from.month == OCT
    assert line(november, "r14").units == [(Decimal(0), Decimal(32))]
    client.force_login(org.admin)
    body = client.get(f"/api/v1/reports/forms/{cert.slug}/{org.a.code}/2026-11/").json()
    assert {"division": org.t.code, "name": org.t.name, "reported": False, "carried_from": "2026-10"} in (
        body["units"]
    )
    page = client.get(reverse("reports:form", args=[cert.slug, org.a.code, "2026-11"])).content.decode()
    assert "未报" in page and org.t.name in page and "累计沿用2026年10月报送数" in page
    # The exports name the missing unit too.
    import io

    from docx import Document
    from openpyxl import load_workbook

    from zhenwei.reports.exports import to_docx, to_xlsx

    expected = f"未报1个：{org.t.name}（累计沿用2026-10报送数）"
    sheet = load_workbook(io.BytesIO(to_xlsx(november)))["分单位"]
    assert any(expected in str(c.value or "") for row in sheet.iter_rows() for c in row)
    assert any(expected in p.text for p in Document(io.BytesIO(to_docx(november))).paragraphs)


# ---- 4. invariants over generated records ---------------------------------------------------------

DIVISIONS = ("a", "t", "b")
MONTHS = (SEP, OCT, NOV, DEC)
days = st.dates(min_value=dt.date(2026, 8, 25), max_value=dt.date(2026, 12, 31))
clue_st = st.tuples(st.sampled_from(DIVISIONS), days, st.booleans())
enterprise_st = st.tuples(st.sampled_from(DIVISIONS), days)
check_st = st.tuples(st.sampled_from(DIVISIONS), days, st.integers(0, 3), st.integers(0, 4))


def _cell_from_records(row, division, month, column, since):
    """The count or sum of what the drill-down of one cell lists."""
    name, _param = metrics.split_key(row.metric)
    metric = metrics.REGISTRY[name]
    start = month if column == "month" else since
    if metric.is_stock:
        start = None
    qs = metrics.records(
        key=row.metric, division_path=division.path, start=start, end=metrics.next_month(month)
    )
    value = qs.aggregate(v=metrics._aggregate(metric, Q()))["v"] or 0
    return Decimal(value) * metric.scale


def _own(row, division, month, since):
    """(month, cumulative) of the records filed at ``division`` itself (not below)."""
    name, _param = metrics.split_key(row.metric)
    metric = metrics.REGISTRY[name]
    out = []
    for start in (month, since):
        qs = metrics.records(
            key=row.metric,
            division_path=division.path,
            start=None if metric.is_stock else start,
            end=metrics.next_month(month),
        ).filter(**{metric.division_field: division})
        out.append(Decimal(qs.aggregate(v=metrics._aggregate(metric, Q()))["v"] or 0) * metric.scale)
    return tuple(out)


def _populate(org, clues, enterprises, checks):
    from zhenwei.campaigns.models import CertificateCheck

    divs = {k: getattr(org, k) for k in DIVISIONS}
    made = {}
    for i, (d, day) in enumerate(enterprises):
        made.setdefault(d, []).append(make_enterprise(divs[d], f"单位{i}", created=day))
    for i, (d, day, routed) in enumerate(clues):
        make_clue(
            divs[d], created=day, department=org.dept(divs[d], "market") if routed else None, title=f"线索{i}"
        )
    for d, day, fake, pick in checks:
        pool = made.get(d) or [make_enterprise(divs[d], f"被查{d}{day}", created=dt.date(2026, 1, 2))]
        made[d] = pool
        CertificateCheck.objects.create(
            enterprise=pool[pick % len(pool)],
            division=divs[d],
            department=org.dept(divs[d], "emergency"),
            checked_on=day,
            fake_found=fake,
        )


@pytest.mark.django_db
@settings(
    max_examples=examples(12),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    clues=st.lists(clue_st, max_size=8),
    enterprises=st.lists(enterprise_st, max_size=5),
    checks=st.lists(check_st, max_size=5),
    town_upload=st.none() | st.tuples(st.integers(0, 9), st.integers(0, 60)),
    later=st.lists(clue_st, min_size=1, max_size=3),
)
def test_invariants_over_generated_records(org, cert, clues, enterprises, checks, town_upload, later):
    with transaction.atomic():
        with freeze_time(at(dt.date(2027, 1, 20))):
            _check_invariants(org, cert, clues, enterprises, checks, town_upload, later)
        transaction.set_rollback(True)


def _check_invariants(org, cert, clues, enterprises, checks, town_upload, later):
    _populate(org, clues, enterprises, checks)
    rows = [
        r
        for r in cert.rows.filter(kind=RowKind.NUMBER)
        if r.metric
        and not metrics.availability(r.metric)
        and isinstance(metrics.REGISTRY.get(metrics.split_key(r.metric)[0]), metrics.Metric)
    ]  # base metrics: a derived row (未开展自查) is checked through its inputs
    since = dt.date(2026, 1, 1)  # no campaign: 累计 from January

    # Every cell equals the count or sum of the records its drill-down lists (no reports yet).
    for division in (org.a, org.t):
        for month in (OCT, NOV):
            form = form_compute(template=cert, division=division, month=month)
            for row in rows:
                got = line(form, row.code)
                assert got.month.value == _cell_from_records(row, division, month, "month", since), row.code
                assert got.cumulative.value == _cell_from_records(
                    row, division, month, "cumulative", since
                ), row.code

    if town_upload is not None:
        # The town uploads October only: its own figures, except 发现并移交线索 (generated, never
        # below its September 累计: an upload that lowers a 累计 is a wrong form, not a roll-up).
        town_oct = cells(form_compute(template=cert, division=org.t, month=OCT))
        town_sep = cells(form_compute(template=cert, division=org.t, month=SEP))
        figures = {code: (m or 0, c or 0) for code, (m, c) in town_oct.items()}
        figures["r14"] = (town_upload[0], max(town_upload[1], town_sep["r14"][1]))
        _upload(cert, org.t, OCT, figures)

    number_rows = [r for r in cert.rows.filter(kind=RowKind.NUMBER) if r.metric]
    previous = None
    for month in MONTHS:
        county = form_compute(template=cert, division=org.a, month=month, with_units=True)
        province = form_compute(template=cert, division=org.pc, month=month, with_units=True)
        for row in number_rows:
            ln = line(county, row.code)
            if ln.note or row not in rows:
                continue
            # county = sum of its towns + its own records
            own = _own(row, org.a, month, since) if row in rows else (0, 0)
            assert ln.month.value == sum(u[0] for u in ln.units) + own[0], (row.code, month)
            assert ln.cumulative.value == sum(u[1] for u in ln.units) + own[1], (row.code, month)
            pl = line(province, row.code)
            assert pl.cumulative.value == sum(u[1] for u in pl.units), (row.code, month)
            # 累计 of month n+1 ≥ 累计 of month n (positions may fall)
            if previous is not None and not metrics.is_position(row.metric):
                assert ln.cumulative.value >= previous[row.code][1], (row.code, month)
        previous = cells(county)

    # A past month regenerates identically after later records are added.
    before = {m: form_values(form_compute(template=cert, division=org.a, month=m)) for m in (OCT, NOV)}
    with freeze_time(at(dt.date(2027, 2, 3))):
        _populate(org, [(d, dt.date(2027, 1, min(day.day, 28)), r) for d, day, r in later], [], [])
        from zhenwei.registry.models import Enterprise
        from zhenwei.registry.services import enterprise_save

        for enterprise in Enterprise.objects.filter(division__path__startswith=org.a.path)[:2]:
            enterprise_save(actor=org.admin, enterprise=enterprise, data={"is_active": False})
        after = {m: form_values(form_compute(template=cert, division=org.a, month=m)) for m in (OCT, NOV)}
    assert after == before


@pytest.mark.django_db
def test_an_upload_that_lowers_a_cumulative_is_refused(records, cert):
    """累计 never decreases at the source either: a November form whose 累计 is below what the town
    reported for October is refused, naming the row; a position row (在册单位) may fall."""
    from django.core.exceptions import ValidationError

    from zhenwei.reports import services

    from .test_exports import _filled

    services.report_upload(
        template=cert,
        division=records.b,
        month=OCT,
        fileobj=_filled(cert, records.b, {"r14": (4, 9), "r01": (30, 30)}),
        name="十月.xlsx",
        actor=records.office_p,
    )
    with pytest.raises(ValidationError, match="低于 2026-10 报送的 9"):
        services.report_upload(
            template=cert,
            division=records.b,
            month=NOV,
            fileobj=_filled(cert, records.b, {"r14": (0, 5), "r01": (30, 30)}),
            name="十一月.xlsx",
            actor=records.office_p,
        )
    ok = services.report_upload(
        template=cert,
        division=records.b,
        month=NOV,
        fileobj=_filled(cert, records.b, {"r14": (1, 10), "r01": (28, 28)}),
        name="十一月.xlsx",
        actor=records.office_p,
    )
    assert ok.values["r14"]["cumulative"] == "10"
