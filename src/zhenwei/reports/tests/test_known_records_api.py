"""Done when (issue 15): known records entered THROUGH THE API give the form's expected figures, cell
by cell, for two towns and their county, this month and cumulative.

The form is seed 002's 专项行动情况月报表 (`cert-campaign-monthly`), October 2026. County 甲县 runs the
campaign from 1 September 2026 (its start is the 累计 start), with towns T1 (甲县一镇) and T2 (甲县二镇).
Every record is entered on its own day (the clock is frozen and moved), before the campaign (August),
before the month (September), inside it (October) and after it (November), through:

- the API: enterprises (`/api/v1/registry/enterprises/`), cases and their actions (`/api/v1/cases/`,
  `/api/v1/cases/<id>/actions/`, `/api/v1/case-actions/<id>/complete/`), the fake-website ledger
  (`/api/v1/webwatch/sites/` with `evidence`, `refer`, `block`, `close`, `open-clue`);
- the ORM, said plainly: the campaign itself, enterprise self-checks (自查) and certificate checks
  (执法检查) have no API or service yet on this branch (other engineers are building them), so
  those few records are written as the model rows they will be.

The expected table is written by hand from the row definitions in docs/reports.md ("Every row,
defined once"); each expected cell names the records that make it up.
"""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from freezegun import freeze_time

from zhenwei.reports.selectors import form_compute

pytestmark = pytest.mark.django_db

OCT = dt.date(2026, 10, 1)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa\x00\x00\x00\x00IEND\xaeB`\x82"
)

# row: (T1 本月, T1 累计), (T2 本月, T2 累计), (甲县 本月, 甲县 累计) — 甲县 = T1 + T2 + its own records.
EXPECTED = {
    # Enterprises on the register at the end of October (a position: 本月 = 累计). T1: E1 (Aug), E2
    # (Oct); T2: E3 (Sep) — E4 (Nov) not yet; 甲县 itself: E5 (Jul).
    "r01": ((2, 2), (1, 1), (4, 4)),
    # Self-checks, distinct enterprises by checked_on: T1 E1 on Oct 12; T2 E3 on Sep 20; 甲县's E5 on
    # Aug 25 is before the campaign, E2's of Nov 5 after the month.
    "r02": ((1, 1), (0, 1), (1, 2)),
    # Not self-checked = on the register − self-checked since the campaign's start (a position).
    "r03": ((1, 1), (0, 0), (2, 2)),
    "r04": ((2, 2), (0, 0), (2, 2)),  # E1's self-check found 2 fakes
    "r05": ((1, 1), (0, 0), (1, 1)),  # …and reported 1 person
    # Certificate checks: T1 E1 on Sep 10 (1 expired, suspended); T2 E3 on Oct 15 (1 fake, 2
    # expired, 1 missing, ordered to rectify, 2 reported); T1's of Aug 30 is before the campaign.
    "r06": ((0, 1), (1, 1), (1, 2)),
    "r07": ((0, 0), (1, 1), (1, 1)),
    "r08": ((0, 1), (2, 2), (2, 3)),
    "r09": ((0, 0), (1, 1), (1, 1)),
    # Fines (万元) of cases found by inspection: T1 30,000 on Oct 12; T2 10,000 on Sep 9.
    "r10": ((3, 3), (0, 1), (3, 4)),
    # Dens: T1's den case has a seizure done Oct 5.
    "r11": ((1, 1), (0, 0), (1, 1)),
    # Fines (元) of cases not found by inspection, no enterprise: T1's den 5,000 on Oct 5 (its 7,000
    # of Aug 20 is before the campaign).
    "r12": ((5000, 5000), (0, 0), (5000, 5000)),
    # Transfers to the police of fake-certificate cases: T1's den on Oct 6.
    "r13": ((1, 1), (0, 0), (1, 1)),
    # Matters handed over, each once: T1 the den's transfer (no clue) and site S1's referral on Oct 9
    # (no clue); T2 the clue opened from site S2 on Sep 13 and the fake-website case's transfer on
    # Sep 15.
    "r14": ((2, 2), (0, 2), (2, 4)),
    # Fake websites found: T1 S1 (Oct 8); T2 S2 (Sep 12) — S3 (Oct 3, closed as no problem) left out,
    # S5 (Nov 2) after the month; 甲县's S0 (Aug 15) before the campaign.
    "r15": ((1, 1), (0, 1), (1, 2)),
    "r16": ((1, 1), (0, 0), (1, 1)),  # S1 blocked on Oct 20
    "r17": ((0, 0), (1, 1), (1, 1)),  # T2's technical service provider found on Oct 18
    "r18": ((0, 0), (0, 1), (0, 1)),  # T2's fake-website case transferred on Sep 15
    "r19": ((0, 0), (1, 1), (1, 1)),
    "r20": ((0, 1), (0, 0), (0, 1)),
    # Persons reported by checks that found fakes or missing certificates: T2's Oct 15 check (2);
    # T1's Sep 10 check found neither.
    "r22": ((0, 0), (2, 2), (2, 2)),
    # Employer fines (万元): T2's case naming E3, 20,000 on Oct 20; its 40,000 of Nov 3 is after.
    "r21": ((0, 0), (2, 2), (2, 2)),
}


def at(day: dt.date, hour: int = 10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


class Desk:
    """The officer of 甲县市场监管 at their desk, entering records through the API on given days."""

    def __init__(self, client, clock, org):
        self.client, self.clock, self.org = client, clock, org

    def on(self, day: dt.date) -> "Desk":
        self.clock.move_to(at(day))
        return self

    def post(self, url, body=None, **kw):
        response = self.client.post(url, body or {}, format=kw.pop("format", "json"), **kw)
        assert response.status_code in (200, 201), (url, response.status_code, response.content[:500])
        return response.json()

    def enterprise(self, division, name):
        return self.post("/api/v1/registry/enterprises/", {"name": name, "division_code": division.code})[
            "id"
        ]

    def case(self, division, *, kind="fake_certificate", source="tip", enterprise=None, title="案件"):
        body = {
            "title": title,
            "kind": kind,
            "source": source,
            "division": division.code,
            "department": self.org.dept(self.org.a, "market").pk,
        }
        if enterprise is not None:
            body["enterprise"] = enterprise
        return self.post("/api/v1/cases/", body)["id"]

    def action(self, case_id, kind, **complete):
        action = self.post(f"/api/v1/cases/{case_id}/actions/", {"kind": kind, "title": kind})
        if complete:
            self.post(f"/api/v1/case-actions/{action['id']}/complete/", complete)
        return action["id"]

    def site(self, division, url, *, kind="fake_website", found, **extra):
        body = {
            "kind": kind,
            "url": url,
            "division_code": division.code,
            "department": self.org.dept(self.org.a, "market").pk,
            "discovered_on": found.isoformat(),
            **extra,
        }
        return self.post("/api/v1/webwatch/sites/", body)["id"]

    def evidence(self, site_id):
        upload = io.BytesIO(PNG)
        upload.name = "shot.png"
        return self.post(f"/api/v1/webwatch/sites/{site_id}/evidence/", {"file": upload}, format="multipart")


@pytest.fixture
def world(org, cert, as_user, settings, tmp_path):
    from zhenwei.campaigns.models import Campaign, CertificateCheck, EnterpriseSelfCheck
    from zhenwei.core.choices import DivisionLevel
    from zhenwei.core.tests.factories import DivisionFactory
    from zhenwei.registry.models import Enterprise

    settings.MEDIA_ROOT = tmp_path
    t1 = org.t
    t2 = DivisionFactory(code="980101002", name="甲县二镇", level=DivisionLevel.TOWN, parent=org.a)
    campaign = Campaign.objects.create(  # ORM: campaigns has no API yet on this branch
        title="甲县打击假冒安全生产证书专项行动",
        kind="fake_certificates",
        division=org.a,
        starts_on=dt.date(2026, 9, 1),
        ends_on=dt.date(2026, 12, 31),
        report_template=cert.slug,
    )
    market = org.dept(org.a, "market")
    with freeze_time(at(dt.date(2026, 7, 1))) as clock:
        desk = Desk(as_user(org.officer_a), clock, org)
        e5 = desk.on(dt.date(2026, 7, 1)).enterprise(org.a, "甲县县城某化工厂")
        e1 = desk.on(dt.date(2026, 8, 20)).enterprise(t1, "甲县一镇某建筑公司")
        s0 = desk.on(dt.date(2026, 8, 15)).site(org.a, "http://ajj-old.top/", found=dt.date(2026, 8, 15))

        # August (before the campaign): a den's fine in T1, a certificate check, a self-check.
        desk.on(dt.date(2026, 8, 20))
        old = desk.case(t1, title="去年窝点")
        desk.action(old, "penalty", fine_yuan="7000", done_on="2026-08-20")

        # September (in 累计, not in October's 本月).
        e3 = desk.on(dt.date(2026, 9, 5)).enterprise(t2, "甲县二镇某矿山")
        desk.on(dt.date(2026, 9, 9))
        sept = desk.case(t2, source="inspection", title="九月检查发现假证")
        desk.action(sept, "penalty", fine_yuan="10000", done_on="2026-09-09")
        s2 = desk.on(dt.date(2026, 9, 12)).site(
            t2, "http://yjj-cq.gov.cn.zs-check.top/", found=dt.date(2026, 9, 12)
        )
        desk.on(dt.date(2026, 9, 13)).post(f"/api/v1/webwatch/sites/{s2}/open-clue/")
        desk.on(dt.date(2026, 9, 15))
        web_case = desk.case(t2, kind="fake_website", title="假冒政府网站案")
        desk.action(web_case, "police_transfer")

        # October, the month.
        desk.on(dt.date(2026, 10, 3))
        s3 = desk.site(t2, "http://yjj-cq.gov.cn.zs-check2.top/", found=dt.date(2026, 10, 3))
        desk.on(dt.date(2026, 10, 4)).post(
            f"/api/v1/webwatch/sites/{s3}/close/", {"on": "2026-10-04", "reason": "核实为正规网站"}
        )
        desk.on(dt.date(2026, 10, 5))
        den = desk.case(t1, title="制售假证窝点")
        desk.action(den, "penalty", fine_yuan="5000", done_on="2026-10-05")
        desk.action(den, "seizure", done_on="2026-10-05", quantity_seized="120", unit="本")
        desk.on(dt.date(2026, 10, 6)).action(den, "police_transfer")
        s1 = desk.on(dt.date(2026, 10, 8)).site(t1, "http://ajj-zhengshu.top/", found=dt.date(2026, 10, 8))
        desk.on(dt.date(2026, 10, 8)).evidence(s1)
        desk.on(dt.date(2026, 10, 9)).post(
            f"/api/v1/webwatch/sites/{s1}/refer/",
            {"on": "2026-10-09", "to_kind": "cyber_police", "to": "甲县公安局网安大队"},
        )
        e2 = desk.on(dt.date(2026, 10, 10)).enterprise(t1, "甲县一镇某化工厂")
        desk.on(dt.date(2026, 10, 12))
        found = desk.case(t1, source="inspection", title="检查发现假证")
        desk.action(found, "penalty", fine_yuan="30000", done_on="2026-10-12")
        desk.on(dt.date(2026, 10, 18)).site(
            t2,
            "http://idc-host.example.top/",
            kind="tech_service",
            found=dt.date(2026, 10, 18),
            provider_name="某IDC服务商",
        )
        desk.on(dt.date(2026, 10, 20)).post(
            f"/api/v1/webwatch/sites/{s1}/block/", {"on": "2026-10-20", "method": "停止解析"}
        )
        desk.on(dt.date(2026, 10, 20))
        employer = desk.case(t2, enterprise=e3, title="默许无证上岗")
        desk.action(employer, "penalty", fine_yuan="20000", done_on="2026-10-20")

        # November (after the month).
        e4 = desk.on(dt.date(2026, 11, 3)).enterprise(t2, "甲县二镇某新厂")
        late = desk.case(t2, enterprise=e3, title="十一月用人单位")
        desk.action(late, "penalty", fine_yuan="40000", done_on="2026-11-03")
        desk.on(dt.date(2026, 11, 2)).site(t1, "http://ajj-new.top/", found=dt.date(2026, 11, 2))

        # Self-checks and certificate checks: ORM rows (no API or service for them yet).
        ent = Enterprise.objects.in_bulk([e1, e2, e3, e4, e5])
        for enterprise, day, fake, reported in (
            (ent[e5], dt.date(2026, 8, 25), 1, 1),  # before the campaign: never counted
            (ent[e3], dt.date(2026, 9, 20), 0, 0),
            (ent[e1], dt.date(2026, 10, 12), 2, 1),
            (ent[e2], dt.date(2026, 11, 5), 4, 4),
        ):
            EnterpriseSelfCheck.objects.create(
                campaign=campaign,
                enterprise=enterprise,
                division=enterprise.division,
                checked_on=day,
                persons_checked=10,
                fake_found=fake,
                reported=reported,
            )
        for enterprise, day, fields in (
            (ent[e1], dt.date(2026, 8, 30), {"fake_found": 3, "persons_reported": 3}),
            (ent[e1], dt.date(2026, 9, 10), {"expired_found": 1, "suspended": True, "persons_reported": 1}),
            (
                ent[e3],
                dt.date(2026, 10, 15),
                {
                    "fake_found": 1,
                    "expired_found": 2,
                    "missing_found": 1,
                    "ordered_to_rectify": True,
                    "persons_reported": 2,
                },
            ),
        ):
            CertificateCheck.objects.create(
                campaign=campaign,
                enterprise=enterprise,
                division=enterprise.division,
                department=market,
                checked_on=day,
                persons_checked=20,
                **fields,
            )
        clock.move_to(at(dt.date(2026, 12, 6)))
        yield org, t1, t2, s0


def figures(cert, division):
    form = form_compute(template=cert, division=division, month=OCT)
    out = {}
    for line in form.lines:
        if line.row.kind == "number":
            out[line.row.code] = (line.month.value, line.cumulative.value)
    return out


def test_known_records_give_the_expected_form_cell_by_cell(world, cert):
    org, t1, t2, _s0 = world
    got = {name: figures(cert, d) for name, d in (("T1", t1), ("T2", t2), ("甲县", org.a))}
    problems = []
    for row, expected in EXPECTED.items():
        for name, (month, cumulative) in zip(("T1", "T2", "甲县"), expected, strict=True):
            want = (Decimal(month), Decimal(cumulative))
            if got[name][row] != want:
                problems.append(f"{row} {name}: expected {want}, got {got[name][row]}")
    assert not problems, "\n".join(problems)
    assert set(EXPECTED) == set(got["甲县"])  # every number row of the form is in the table


def test_the_county_is_its_towns_plus_its_own_records(world, cert):
    org, t1, t2, _s0 = world
    county, a, b = figures(cert, org.a), figures(cert, t1), figures(cert, t2)
    own = {"r01": (1, 1), "r03": (1, 1)}  # E5 sits in the county itself and never self-checked
    for row, (m, c) in county.items():
        om, oc = own.get(row, (0, 0))
        assert (m, c) == (a[row][0] + b[row][0] + om, a[row][1] + b[row][1] + oc), row


def test_the_county_form_through_the_api_names_both_towns(world, cert, as_user):
    org, t1, t2, _s0 = world
    data = as_user(org.officer_a).get(f"/api/v1/reports/forms/{cert.slug}/{org.a.code}/2026-10/").json()
    rows = {r["code"]: r for r in data["rows"] if r["kind"] == "number"}
    for row, expected in EXPECTED.items():
        month, cumulative = expected[2]
        assert Decimal(rows[row]["month"]) == month and Decimal(rows[row]["cumulative"]) == cumulative, row
        units = {u["division"]: u for u in rows[row]["units"]}
        assert Decimal(units[t1.code]["month"]) == expected[0][0], row
        assert Decimal(units[t2.code]["cumulative"]) == expected[1][1], row
    assert {u["division"] for u in data["units"]} == {t1.code, t2.code}
