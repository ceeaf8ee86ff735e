"""Self-checks and certificate checks entered through the API reach seed 002's monthly form
(cert-campaign-monthly): cells of a town and its county, this month and 累计, with records before
the campaign and after the month left out, and each cell equal to what its drill-down lists."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum
from django.utils import timezone
from freezegun import freeze_time

from zhenwei.campaigns.models import Campaign
from zhenwei.registry.choices import CertificateStatus
from zhenwei.registry.models import Enterprise
from zhenwei.registry.tests.factories import CertificateFactory, make_id_number
from zhenwei.reports.models import ReportTemplate
from zhenwei.reports.selectors import cell_records, form_compute

OCT = dt.date(2026, 10, 1)
TODAY = "2026-11-20 10:00:00+08:00"


def line(form, code):
    return next(x for x in form.lines if x.row.code == code)


def enterprise(name, division):
    e = Enterprise.objects.create(name=name, division=division)
    on = timezone.make_aware(dt.datetime(2026, 1, 5, 10))
    Enterprise.objects.filter(pk=e.pk).update(created_at=on)  # on record since January
    return e


def staff_file(certificates):
    valid, expired = certificates
    rows = [
        ("张小三", valid.holder_id_number, valid.number),  # valid
        ("张小三", expired.holder_id_number, expired.number),  # expired before the check
        ("王五", make_id_number(5), "T000000000000000000"),  # fake
        ("李四", valid.holder_id_number, valid.number),  # name mismatch: fake
        ("赵六", make_id_number(6), ""),  # no certificate
        ("钱七", make_id_number(8), ""),  # no certificate
    ]
    text = "姓名,身份证号,证书编号\n" + "\n".join(",".join(r) for r in rows) + "\n"
    return SimpleUploadedFile("staff.csv", text.encode("utf-8-sig"), content_type="text/csv")


@pytest.fixture
def world(org, as_user):
    with freeze_time(TODAY):
        campaign = Campaign.objects.create(
            title="甲县打击假冒安全生产证书专项行动",
            kind="fake_certificates",
            division=org.a,
            starts_on=dt.date(2026, 3, 1),
            ends_on=dt.date(2026, 12, 31),
            report_template="cert-campaign-monthly",
        )
        firm1, firm2, firm3 = (enterprise(f"甲县一镇企业{i}", org.t) for i in (1, 2, 3))
        county_firm = enterprise("甲县直属企业", org.a)
        town = as_user(org.officer_t)
        county = as_user(org.officer_a)

        def self_check(api, firm, on, persons, fake, reported):
            r = api.post(
                "/api/v1/campaigns/self-checks/",
                {
                    "campaign": campaign.pk,
                    "enterprise": firm.pk,
                    "checked_on": on,
                    "persons_checked": persons,
                    "fake_found": fake,
                    "reported": reported,
                    "rectify_by": "2026-12-01" if fake else None,
                },
                format="json",
            )
            assert r.status_code == 201, r.content

        self_check(town, firm1, "2026-10-05", 10, 2, 1)
        self_check(town, firm1, "2026-10-20", 10, 1, 1)  # a second self-check of the same unit
        self_check(town, firm2, "2026-09-10", 5, 1, 0)
        self_check(town, firm2, "2026-11-03", 8, 5, 5)  # after the month
        self_check(town, firm3, "2026-02-10", 6, 4, 4)  # before the campaign
        self_check(county, county_firm, "2026-10-15", 7, 1, 1)

        certificates = (
            CertificateFactory(division=org.a, issued_on=dt.date(2024, 1, 1), expires_on=dt.date(2030, 1, 1)),
            CertificateFactory(
                division=org.a,
                issued_on=dt.date(2020, 1, 1),
                expires_on=dt.date(2026, 9, 30),
                status=CertificateStatus.VALID,
            ),
        )
        emergency_t = org.dept(org.t, "emergency").pk
        r = town.post(
            "/api/v1/campaigns/certificate-checks/upload/",
            {
                "file": staff_file(certificates),
                "enterprise": firm1.pk,
                "department": emergency_t,
                "checked_on": "2026-10-12",
                "campaign": campaign.pk,
                "persons_reported": 2,
                "ordered_to_rectify": True,
            },
            format="multipart",
        )
        assert r.status_code == 201, r.content
        assert (r.json()["fake_found"], r.json()["expired_found"], r.json()["missing_found"]) == (2, 1, 2)

        def cert_check(api, firm, on, dept, **counts):
            r = api.post(
                "/api/v1/campaigns/certificate-checks/",
                {
                    "enterprise": firm.pk,
                    "department": dept,
                    "checked_on": on,
                    "campaign": campaign.pk,
                    **counts,
                },
                format="json",
            )
            assert r.status_code == 201, r.content

        cert_check(town, firm2, "2026-10-25", emergency_t, persons_checked=4, fake_found=1, suspended=True)
        cert_check(town, firm2, "2026-11-02", emergency_t, persons_checked=4, fake_found=3)  # after the month
        cert_check(
            county,
            county_firm,
            "2026-10-08",
            org.dept(org.a, "emergency").pk,
            persons_checked=9,
            expired_found=2,
            missing_found=1,
            persons_reported=1,
            ordered_to_rectify=True,
        )
        yield campaign


# row → (town month, town 累计, county month, county 累计)
EXPECTED = {
    "r02": (1, 2, 2, 3),  # 开展自查（家）: distinct units
    "r03": (1, 1, 1, 1),  # 未开展自查: 3 town units − 2; county 4 − 3
    "r04": (3, 4, 4, 5),  # 发现假冒证件（人）
    "r05": (2, 2, 3, 3),  # 上报处理（人）
    "r06": (2, 2, 3, 3),  # 执法检查（家）
    "r07": (3, 3, 3, 3),  # 发现假证（个）: 2 from the uploaded list + 1 typed
    "r08": (1, 1, 3, 3),  # 逾期证件（个）
    "r09": (2, 2, 3, 3),  # 未持证（个）
    "r19": (1, 1, 2, 2),  # 责令整改（家）
    "r20": (1, 1, 1, 1),  # 停产整顿（家）
    "r22": (2, 2, 3, 3),  # 上报处理（人）at employers with fakes or people without a certificate
}


def test_api_records_fill_the_town_and_county_cells(org, world):
    template = ReportTemplate.objects.get(slug="cert-campaign-monthly")
    with freeze_time(TODAY):
        town = form_compute(template=template, division=org.t, month=OCT)
        county = form_compute(template=template, division=org.a, month=OCT)
    got = {
        code: (
            line(town, code).month.value,
            line(town, code).cumulative.value,
            line(county, code).month.value,
            line(county, code).cumulative.value,
        )
        for code in EXPECTED
    }
    assert got == EXPECTED


@pytest.mark.parametrize("code", ["r04", "r05", "r07", "r08", "r09"])
def test_cells_equal_their_drill_down(org, world, code):
    template = ReportTemplate.objects.get(slug="cert-campaign-monthly")
    row = template.rows.get(code=code)
    field = {"r04": "fake_found", "r05": "reported", "r07": "fake_found", "r08": "expired_found"}.get(
        code, "missing_found"
    )
    with freeze_time(TODAY):
        for division, (_, _, county_month, county_total) in ((org.a, EXPECTED[code]),):
            for column, expected in (("month", county_month), ("cumulative", county_total)):
                qs = cell_records(
                    user=org.office_p, template=template, row=row, division=division, month=OCT, column=column
                )
                assert (qs.aggregate(n=Sum(field))["n"] or 0) == expected
