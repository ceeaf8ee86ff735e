"""Enterprise self-checks (自查自改) and certificate enforcement checks: services (scope, audit,
validation), the API, the staff pages, a check made from an uploaded staff list (counts from the
verdicts, rows kept, result file), masking of ID numbers, and refusals for another county."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from zhenwei.campaigns import checks
from zhenwei.campaigns.models import Campaign, CertificateCheck, CertificateCheckRow, EnterpriseSelfCheck
from zhenwei.core.models import AuditEntry
from zhenwei.registry.choices import CertificateStatus
from zhenwei.registry.tests.factories import CertificateFactory, EnterpriseFactory, make_id_number

pytestmark = pytest.mark.dates  # dates are placed relative to today


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def campaign(org):
    return Campaign.objects.create(
        title="甲县打击假冒安全生产证书专项行动",
        kind="fake_certificates",
        doc_number="甲应急发〔2026〕1号",
        division=org.a,
        lead_department=org.dept(org.a, "emergency"),
        starts_on=days(-200),
        ends_on=days(100),
        report_template="cert-campaign-monthly",
    )


@pytest.fixture
def firm(org):
    return EnterpriseFactory(name="甲县一镇化工有限公司", division=org.t)


@pytest.fixture
def firm_b(org):
    return EnterpriseFactory(name="乙县建材有限公司", division=org.b)


@pytest.fixture
def certificates(org):
    made = {
        "valid": CertificateFactory(division=org.a),
        "expired": CertificateFactory(
            division=org.a, issued_on=days(-2000), expires_on=days(-10), status=CertificateStatus.VALID
        ),
        "revoked": CertificateFactory(division=org.a, status=CertificateStatus.REVOKED),
    }
    return made


def staff_csv(certificates, name="staff.csv"):
    v, e, r = certificates["valid"], certificates["expired"], certificates["revoked"]
    rows = [
        ("张小三", v.holder_id_number, v.number),  # valid
        ("张小三", e.holder_id_number, e.number),  # expired
        ("张小三", r.holder_id_number, r.number),  # revoked → 未持证
        ("王五", make_id_number(5), "T000000000000000000"),  # unknown → 假证
        ("李四", v.holder_id_number, v.number),  # name mismatch → 假证
        ("赵六", make_id_number(6), ""),  # no certificate → 未持证
        ("", make_id_number(7), "T2"),  # bad data
    ]
    text = "姓名,身份证号,证书编号\n" + "\n".join(",".join(r) for r in rows) + "\n"
    return SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")


# ------------------------------------------------------------------------------------ services


def test_many_self_checks_per_enterprise_each_audited(org, campaign, firm):
    first = checks.self_check_create(
        campaign=campaign, enterprise=firm, checked_on=days(-60), persons_checked=12, actor=org.officer_t
    )
    second = checks.self_check_create(
        campaign=campaign,
        enterprise=firm,
        checked_on=days(-5),
        persons_checked=14,
        fake_found=2,
        reported=2,
        measures="清退持假证人员，重新送培取证",
        rectify_by=days(20),
        actor=org.officer_a,
    )
    assert EnterpriseSelfCheck.objects.filter(campaign=campaign, enterprise=firm).count() == 2
    assert second.division == org.t and second.recorded_by == org.officer_a
    assert first.rectification_status() == "none" and second.rectification_status() == "open"
    audited = AuditEntry.objects.filter(model="campaigns.enterpriseselfcheck", action="create")
    assert set(audited.values_list("object_id", flat=True)) == {str(first.pk), str(second.pk)}


def test_self_check_validation_names_the_problem(org, campaign, firm):
    with pytest.raises(ValidationError, match="整改期限"):
        checks.self_check_create(
            campaign=campaign,
            enterprise=firm,
            checked_on=days(-3),
            persons_checked=5,
            fake_found=1,
            actor=org.officer_a,
        )
    with pytest.raises(ValidationError, match="超过核查人数"):
        checks.self_check_create(
            campaign=campaign,
            enterprise=firm,
            checked_on=days(-3),
            persons_checked=1,
            fake_found=1,
            expired_found=1,
            rectify_by=days(3),
            actor=org.officer_a,
        )
    with pytest.raises(ValidationError, match="晚于今天"):
        checks.self_check_create(campaign=campaign, enterprise=firm, checked_on=days(2), actor=org.officer_a)
    assert not EnterpriseSelfCheck.objects.exists()


def test_self_check_scope_refusals(org, campaign, firm, firm_b):
    with pytest.raises(PermissionDenied):
        checks.self_check_create(campaign=campaign, enterprise=firm, checked_on=days(-1), actor=org.officer_b)
    with pytest.raises(PermissionDenied):  # a viewer may not write
        checks.self_check_create(campaign=campaign, enterprise=firm, checked_on=days(-1), actor=org.viewer_a)
    with pytest.raises(ValidationError, match="不在专项行动"):  # 乙县's enterprise in 甲县's campaign
        checks.self_check_create(campaign=campaign, enterprise=firm_b, checked_on=days(-1), actor=org.admin)
    sc = checks.self_check_create(
        campaign=campaign, enterprise=firm, checked_on=days(-1), actor=org.officer_a
    )
    with pytest.raises(PermissionDenied):
        checks.self_check_update(self_check=sc, actor=org.officer_b, persons_checked=3)


def test_overdue_rectification_and_rectify(org, campaign, firm):
    from zhenwei.campaigns.checks_selectors import overdue_self_checks

    sc = checks.self_check_create(
        campaign=campaign,
        enterprise=firm,
        checked_on=days(-40),
        persons_checked=9,
        expired_found=2,
        rectify_by=days(-10),
        actor=org.officer_a,
    )
    assert sc.rectification_status() == "overdue"
    assert list(overdue_self_checks(user=org.officer_a)) == [sc]
    assert list(overdue_self_checks(user=org.officer_b)) == []
    checks.self_check_rectify(self_check=sc, actor=org.officer_t, measures="证书已复审")
    sc.refresh_from_db()
    assert sc.rectified_on == timezone.localdate() and "证书已复审" in sc.measures
    assert sc.rectification_status() == "done"
    assert not overdue_self_checks(user=org.officer_a).exists()
    with pytest.raises(ValidationError, match="已于"):
        checks.self_check_rectify(self_check=sc, actor=org.officer_a)
    assert AuditEntry.objects.filter(model="campaigns.enterpriseselfcheck", action="update").count() == 1


# ------------------------------------------------------------------------------ upload → check


def test_upload_makes_a_check_with_counts_from_the_verdicts(org, campaign, firm, certificates):
    dept = org.dept(org.a, "emergency")
    check = checks.certificate_check_from_upload(
        upload=staff_csv(certificates),
        enterprise=firm,
        department=dept,
        checked_on=days(-1),
        campaign=campaign,
        persons_reported=2,
        ordered_to_rectify=True,
        actor=org.officer_a,
    )
    assert (check.persons_checked, check.fake_found, check.expired_found, check.missing_found) == (7, 2, 1, 2)
    assert check.invalid_rows == 1 and check.source == "bulk" and check.source_name == "staff.csv"
    verdicts = list(CertificateCheckRow.objects.filter(check_record=check).values_list("verdict", flat=True))
    assert verdicts == ["valid", "expired", "revoked", "unknown", "mismatch", "missing", "invalid"]
    # The result workbook is stored with the check, ID numbers masked.
    from zhenwei.core.files import evidence_open

    wb = load_workbook(io.BytesIO(evidence_open(check.result_file).read()))
    ids = [r[2] for r in list(wb["核查结果"].iter_rows(values_only=True))[1:]]
    assert all("*" in i for i in ids if i)
    assert AuditEntry.objects.filter(model="campaigns.certificatecheck", object_id=str(check.pk)).exists()
    assert AuditEntry.objects.filter(model="verify.bulkcheck").exists()


def test_refused_upload_writes_nothing(org, firm):
    dept = org.dept(org.a, "emergency")
    bad = SimpleUploadedFile("staff.csv", "名字,号码\n张三,1\n".encode())
    with pytest.raises(ValidationError, match="表头缺少"):
        checks.certificate_check_from_upload(
            upload=bad, enterprise=firm, department=dept, checked_on=days(-1), actor=org.officer_a
        )
    assert not CertificateCheck.objects.exists() and not CertificateCheckRow.objects.exists()


def test_certificate_check_scope_and_capability(org, firm, firm_b, certificates):
    dept_a = org.dept(org.a, "emergency")
    with pytest.raises(PermissionDenied):  # another county
        checks.certificate_check_create(
            enterprise=firm, department=dept_a, checked_on=days(-1), actor=org.officer_b
        )
    with pytest.raises(PermissionDenied):  # the campaign office holds no "inspect"
        checks.certificate_check_create(
            enterprise=firm, department=dept_a, checked_on=days(-1), actor=org.office_p
        )
    with pytest.raises(ValidationError, match="区划不包含"):  # 甲县's department at 乙县's firm
        checks.certificate_check_create(
            enterprise=firm_b, department=dept_a, checked_on=days(-1), actor=org.admin
        )
    with pytest.raises(PermissionDenied):
        checks.certificate_check_from_upload(
            upload=staff_csv(certificates),
            enterprise=firm,
            department=dept_a,
            checked_on=days(-1),
            actor=org.officer_b,
        )
    assert not CertificateCheck.objects.exists()


def test_bulk_counts_are_not_editable_but_outcome_is(org, firm, certificates):
    check = checks.certificate_check_from_upload(
        upload=staff_csv(certificates),
        enterprise=firm,
        department=org.dept(org.a, "emergency"),
        checked_on=days(-1),
        actor=org.officer_a,
    )
    with pytest.raises(ValidationError, match="不能修改"):
        checks.certificate_check_update(check=check, actor=org.officer_a, fake_found=0)
    checks.certificate_check_update(check=check, actor=org.officer_a, suspended=True, persons_reported=3)
    check.refresh_from_db()
    assert check.suspended and check.persons_reported == 3 and check.fake_found == 2


def test_check_opens_a_fake_certificate_case(org, firm, certificates):
    from zhenwei.cases.models import Case

    check = checks.certificate_check_from_upload(
        upload=staff_csv(certificates),
        enterprise=firm,
        department=org.dept(org.a, "emergency"),
        checked_on=days(-1),
        actor=org.officer_a,
    )
    case = checks.certificate_check_open_case(check=check, actor=org.officer_a)
    assert isinstance(case, Case) and case.kind == "fake_certificate" and case.enterprise == firm
    assert case.division == org.t
    check.refresh_from_db()
    assert check.case == case and check.clue is not None
    assert checks.certificate_check_open_case(check=check, actor=org.officer_a) == case  # once only
    clean = checks.certificate_check_create(
        enterprise=firm,
        department=org.dept(org.a, "emergency"),
        checked_on=days(-1),
        persons_checked=3,
        actor=org.officer_a,
    )
    with pytest.raises(ValidationError, match="无需移交"):
        checks.certificate_check_open_case(check=clean, actor=org.officer_a)


# ------------------------------------------------------------------------------------------ API


def test_api_self_checks_create_list_filter_rectify(as_user, org, campaign, firm):
    api = as_user(org.officer_a)
    url = "/api/v1/campaigns/self-checks/"
    for checked, by in ((days(-50), days(-20)), (days(-10), days(30))):
        r = api.post(
            url,
            {
                "campaign": campaign.pk,
                "enterprise": firm.pk,
                "checked_on": str(checked),
                "persons_checked": 8,
                "fake_found": 1,
                "reported": 1,
                "measures": "停止其作业",
                "rectify_by": str(by),
            },
            format="json",
        )
        assert r.status_code == 201, r.content
    listed = api.get(url, {"campaign": campaign.pk, "enterprise": firm.pk}).json()
    assert listed["count"] == 2
    overdue = api.get(url, {"rectification": "overdue"}).json()["results"]
    assert [o["rectification"] for o in overdue] == ["overdue"]
    r = api.post(f"{url}{overdue[0]['id']}/rectify/", {"measures": "已清退"}, format="json")
    assert r.status_code == 200 and r.json()["rectification"] == "done"
    bad = api.post(
        url, {"campaign": campaign.pk, "enterprise": firm.pk, "checked_on": str(days(5))}, format="json"
    )
    assert bad.status_code == 400 and "晚于今天" in bad.content.decode()


def test_api_refuses_another_county(as_user, org, campaign, firm):
    sc = checks.self_check_create(
        campaign=campaign, enterprise=firm, checked_on=days(-3), actor=org.officer_a
    )
    api = as_user(org.officer_b)
    assert api.get(f"/api/v1/campaigns/self-checks/{sc.pk}/").status_code == 404
    assert (
        api.patch(f"/api/v1/campaigns/self-checks/{sc.pk}/", {"note": "x"}, format="json").status_code == 404
    )
    r = api.post(
        "/api/v1/campaigns/self-checks/",
        {"campaign": campaign.pk, "enterprise": firm.pk, "checked_on": str(days(-1))},
        format="json",
    )
    assert r.status_code in (400, 403)  # neither the campaign nor the enterprise is theirs
    assert EnterpriseSelfCheck.objects.count() == 1


def test_api_upload_rows_and_masking(as_user, org, campaign, firm, certificates):
    r = as_user(org.officer_a).post(
        "/api/v1/campaigns/certificate-checks/upload/",
        {
            "file": staff_csv(certificates),
            "enterprise": firm.pk,
            "department": org.dept(org.a, "emergency").pk,
            "checked_on": str(days(-2)),
            "campaign": campaign.pk,
        },
        format="multipart",
    )
    assert r.status_code == 201, r.content
    data = r.json()
    assert (data["persons_checked"], data["fake_found"], data["expired_found"], data["missing_found"]) == (
        7,
        2,
        1,
        2,
    )
    whole = certificates["valid"].holder_id_number
    rows = as_user(org.officer_a).get(f"/api/v1/campaigns/certificate-checks/{data['id']}/rows/").json()
    assert rows["results"][0]["id_number"] == whole  # an officer holds pii
    inspector_rows = as_user(org.inspector_a).get(f"/api/v1/campaigns/certificate-checks/{data['id']}/rows/")
    assert whole not in inspector_rows.content.decode()  # an inspector does not
    assert (
        as_user(org.officer_b).get(f"/api/v1/campaigns/certificate-checks/{data['id']}/rows/").status_code
        == 404
    )
    bad = as_user(org.officer_a).post(
        "/api/v1/campaigns/certificate-checks/upload/",
        {
            "file": SimpleUploadedFile("x.csv", b""),
            "enterprise": firm.pk,
            "department": org.dept(org.a, "emergency").pk,
            "checked_on": str(days(-2)),
        },
        format="multipart",
    )
    assert bad.status_code == 400
    assert CertificateCheck.objects.count() == 1


# ---------------------------------------------------------------------------------------- pages


def test_pages_selfcheck_entry_list_and_htmx_rectify(org, campaign, firm):
    c = client_for(org.officer_a)
    r = c.post(
        "/staff/campaigns/checks/selfchecks/new/",
        {
            "campaign": campaign.pk,
            "enterprise": firm.pk,
            "checked_on": str(days(-30)),
            "persons_checked": 10,
            "fake_found": 1,
            "expired_found": 0,
            "reported": 1,
            "measures": "清退",
            "rectify_by": str(days(-1)),
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    sc = EnterpriseSelfCheck.objects.get()
    listing = c.get("/staff/campaigns/checks/selfchecks/", {"rectification": "overdue"})
    assert listing.status_code == 200 and firm.name in listing.content.decode()
    partial = c.get("/staff/campaigns/checks/selfchecks/", {"campaign": campaign.pk}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and b"<html" not in partial.content
    assert c.get(f"/staff/campaigns/checks/selfchecks/{sc.pk}/").status_code == 200
    r = c.post(
        f"/staff/campaigns/checks/selfchecks/{sc.pk}/rectify/", {"measures": "完成"}, HTTP_HX_REQUEST="true"
    )
    assert r.status_code == 200 and "已整改" in r.content.decode()
    other = client_for(org.officer_b)
    assert other.get(f"/staff/campaigns/checks/selfchecks/{sc.pk}/").status_code == 404
    assert (
        other.post(f"/staff/campaigns/checks/selfchecks/{sc.pk}/edit/", {"persons_checked": 1}).status_code
        == 404
    )


def test_pages_upload_detail_masking_and_result_file(org, campaign, firm, certificates):
    c = client_for(org.officer_a)
    r = c.post(
        "/staff/campaigns/checks/certificatechecks/upload/",
        {
            "file": staff_csv(certificates),
            "enterprise": firm.pk,
            "department": org.dept(org.a, "emergency").pk,
            "checked_on": str(days(-1)),
            "campaign": campaign.pk,
            "persons_reported": 0,
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    check = CertificateCheck.objects.get()
    whole = certificates["valid"].holder_id_number
    page = c.get(f"/staff/campaigns/checks/certificatechecks/{check.pk}/").content.decode()
    assert whole in page and "查无此证" in page
    inspector_page = client_for(org.inspector_a).get(f"/staff/campaigns/checks/certificatechecks/{check.pk}/")
    assert inspector_page.status_code == 200 and whole not in inspector_page.content.decode()
    download = c.get(f"/staff/evidence/{check.result_file_id}/")
    assert download.status_code == 200
    assert (
        client_for(org.officer_b).get(f"/staff/campaigns/checks/certificatechecks/{check.pk}/").status_code
        == 404
    )
    r = c.post(f"/staff/campaigns/checks/certificatechecks/{check.pk}/open-case/")
    assert r.status_code == 302
    check.refresh_from_db()
    assert check.case_id
    bad = c.post(
        "/staff/campaigns/checks/certificatechecks/upload/",
        {
            "file": SimpleUploadedFile("x.csv", "名字\n1\n".encode()),
            "enterprise": firm.pk,
            "department": org.dept(org.a, "emergency").pk,
            "checked_on": str(days(-1)),
            "persons_reported": 0,
        },
    )
    assert bad.status_code == 400 and "表头缺少" in bad.content.decode()
    assert c.get("/staff/campaigns/checks/certificatechecks/").status_code == 200
