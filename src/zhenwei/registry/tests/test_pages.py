"""Staff pages: lists and details render within the user's scope, forms save through services,
uploads run as a background task (immediate backend in tests), templates download."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from zhenwei.core.models import AuditEntry
from zhenwei.registry.models import (
    Certificate,
    Enterprise,
    IdentityCode,
    ImportJob,
    InstitutionFinding,
    TrainingInstitution,
)
from zhenwei.registry.tests.factories import (
    CertificateFactory,
    EnterpriseFactory,
    IdentityCodeFactory,
    ProductFactory,
    make_fire_mark,
    make_id_number,
    make_uscc,
)


@pytest.fixture
def officer(client, org):
    client.force_login(org.officer_a)
    return client


@pytest.mark.django_db
def test_lists_and_details_render(officer, org):
    ent = EnterpriseFactory(name="甲县第一中学", division=org.a, kind="school")
    EnterpriseFactory(name="乙县单位", division=org.b)
    product = ProductFactory(division=org.a)
    code = IdentityCodeFactory(product=product)
    cert = CertificateFactory(division=org.a)
    body = officer.get("/staff/registry/enterprises/").content.decode()
    assert "甲县第一中学" in body and "乙县单位" not in body
    for url in [
        "/staff/registry/",
        f"/staff/registry/enterprises/{ent.pk}/",
        "/staff/registry/products/",
        f"/staff/registry/products/{product.pk}/",
        "/staff/registry/codes/",
        f"/staff/registry/codes/{code.pk}/",
        f"/staff/registry/certificates/{cert.pk}/",
        "/staff/registry/institutions/",
        "/staff/registry/imports/",
        "/staff/registry/enterprises/new/",
        "/staff/registry/certificates/new/",
    ]:
        assert officer.get(url).status_code == 200, url
    other = EnterpriseFactory(division=org.b)
    assert officer.get(f"/staff/registry/enterprises/{other.pk}/").status_code == 404


@pytest.mark.django_db
def test_certificate_list_masks_for_inspector_and_audits_for_officer(client, org):
    cert = CertificateFactory(division=org.a, holder_id_number=make_id_number(3, "980101"))
    client.force_login(org.inspector_a)
    body = client.get("/staff/registry/certificates/").content.decode()
    assert cert.holder_id_number not in body and cert.holder_id_number[-4:] in body
    before = AuditEntry.objects.filter(action="view_pii").count()
    client.force_login(org.officer_a)
    body = client.get("/staff/registry/certificates/").content.decode()
    assert cert.holder_id_number in body
    assert AuditEntry.objects.filter(action="view_pii").count() == before + 1


@pytest.mark.django_db
def test_enterprise_form_saves_through_service(officer, org):
    r = officer.post(
        "/staff/registry/enterprises/new/",
        {
            "name": "甲县养老院",
            "uscc": make_uscc(801, "980101"),
            "division": "980101",
            "kind": "elderly_care",
            "is_active": "on",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    ent = Enterprise.objects.get(name="甲县养老院")
    assert AuditEntry.objects.filter(model="registry.enterprise", object_id=str(ent.pk)).exists()
    r = officer.post(
        "/staff/registry/enterprises/new/",
        {"name": "坏码", "uscc": make_uscc(802, "980101")[:-1] + "I", "division": "980101", "kind": "other"},
    )
    assert r.status_code == 200 and "统一社会信用代码" in r.content.decode()


@pytest.mark.django_db
def test_code_and_certificate_transitions_from_pages(officer, org):
    code = IdentityCodeFactory(product=ProductFactory(division=org.a), code=make_fire_mark(77))
    assert (
        officer.post(f"/staff/registry/codes/{code.pk}/", {"to": "recalled", "note": "召回"}).status_code
        == 302
    )
    code.refresh_from_db()
    assert code.status == "recalled"
    cert = CertificateFactory(division=org.a)
    officer.post(f"/staff/registry/certificates/{cert.pk}/", {"to": "suspended"})
    assert Certificate.objects.get(pk=cert.pk).status == "suspended"


@pytest.mark.django_db
def test_training_institution_ledger_and_problem_list(client, org):
    client.force_login(org.officer_t)
    r = client.post(
        "/staff/registry/institutions/new/",
        {
            "name": "冒牌消防培训中心",
            "nature": "impostor",
            "division": org.t.code,
            "claimed_affiliation": "自称消防大队",
        },
    )
    assert r.status_code == 302
    inst = TrainingInstitution.objects.get()
    r = client.post(
        f"/staff/registry/institutions/{inst.pk}/trainer/new/",
        {"name": "刘某", "claimed_identity": "消防教官", "impersonates_official": "on"},
    )
    assert r.status_code == 302 and inst.trainers.get().impersonates_official
    r = client.post(
        f"/staff/registry/institutions/{inst.pk}/finding/new/",
        {"title": "冒充国家机关工作人员", "found_on": "2026-03-20"},
    )
    assert r.status_code == 302
    finding = InstitutionFinding.objects.get()
    client.post(f"/staff/registry/findings/{finding.pk}/transition/", {"to": "rectified"})
    finding.refresh_from_db()
    assert finding.status == "open"  # resolution required
    client.post(
        f"/staff/registry/findings/{finding.pk}/transition/",
        {"to": "rectified", "resolution": "已移交派出所"},
    )
    finding.refresh_from_db()
    assert finding.status == "rectified"
    body = client.get(f"/staff/registry/institutions/{inst.pk}/").content.decode()
    assert "冒牌机构" in body and "已移交派出所" in body
    client.force_login(org.officer_b)
    assert client.get(f"/staff/registry/institutions/{inst.pk}/").status_code == 404


@pytest.mark.django_db
def test_upload_runs_import_task_and_offers_rejected_rows(officer, org):
    uscc = make_uscc(7, "980101")
    text = (
        "code,category,product_name,model,manufacturer,manufacturer_uscc,certificate_no,batch,status\n"
        f"{make_fire_mark(1)},灭火器,灭火器,M1,厂,{uscc},,,\n"
        f"BAD,灭火器,灭火器,M1,厂,{uscc},,,\n"
    )
    upload = SimpleUploadedFile("codes.csv", text.encode(), content_type="text/csv")
    r = officer.post("/staff/registry/imports/", {"kind": "product-codes", "file": upload})
    assert r.status_code == 302
    job = ImportJob.objects.get()
    # the immediate backend runs the task on commit
    if job.status == "pending":
        from zhenwei.registry.jobs import run_import_job

        run_import_job.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.created, job.rejected, job.rows_read) == ("done", 1, 1, 2)
    assert IdentityCode.objects.count() == 1
    fragment = officer.get(f"/staff/registry/imports/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment and "rejected" in fragment
    rejected = b"".join(
        officer.get(f"/staff/registry/imports/{job.pk}/rejected.csv").streaming_content
    ).decode("utf-8-sig")
    assert rejected.splitlines()[1].startswith("3,")


@pytest.mark.django_db
def test_upload_of_garbage_is_refused_before_anything_is_stored(officer, org):
    # The upload guard refuses it at the upload (400, the page says why); no job, no stored file.
    upload = SimpleUploadedFile("x.csv", bytes(range(256)) * 10, content_type="text/csv")
    response = officer.post("/staff/registry/imports/", {"kind": "product-codes", "file": upload})
    assert response.status_code == 400 and "二进制" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["product-codes", "certificates", "enterprises"])
def test_templates_download_and_import_cleanly(officer, org, kind, tmp_path):
    r = officer.get(f"/staff/registry/imports/templates/{kind}.xlsx")
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    header = [c.value for c in wb.worksheets[0][1]]
    assert header[0] in {"code", "number", "name"} and wb.worksheets[0].max_row == 2
    # the template's example row is itself valid
    path = tmp_path / f"{kind}.xlsx"
    path.write_bytes(r.content)
    from zhenwei.core.tests.factories import DivisionFactory
    from zhenwei.registry.importers import IMPORTERS

    cq = DivisionFactory(code="500000", name="重庆市", level="province")
    yy = DivisionFactory(code="500235", name="云阳县", level="county", parent=cq)
    DivisionFactory(code="500235116", name="农坝镇", level="town", parent=yy)
    DivisionFactory(code="500101", name="万州区", level="county", parent=cq)
    summary = IMPORTERS[kind](path=path, actor=None, progress=None)
    assert (summary.created, summary.rejected) == (1, 0), summary.errors


@pytest.mark.django_db
def test_open_findings_wait_on_the_home_page(org):
    import datetime as dt

    from zhenwei.registry.home import waiting
    from zhenwei.registry.models import TrainingInstitution

    inst = TrainingInstitution.objects.create(name="冒牌机构", nature="impostor", division=org.t)
    InstitutionFinding.objects.create(
        institution=inst,
        title="冒充国家机关工作人员",
        found_on=dt.date(2026, 3, 1),
        rectify_by=dt.date(2026, 4, 1),
    )
    items = waiting(org.officer_a)
    assert [i.title for i in items] == ["问题清单待整改：冒充国家机关工作人员"] and items[0].overdue
    assert waiting(org.officer_b) == [] and waiting(org.viewer_a) == []


@pytest.mark.django_db
def test_admin_shows_certificates_masked(client, org):
    cert = CertificateFactory(division=org.a, holder_id_number=make_id_number(4, "980101"))
    client.force_login(org.admin)
    for url in ["/admin/registry/certificate/", f"/admin/registry/certificate/{cert.pk}/change/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert cert.holder_id_number not in response.content.decode()
    assert client.get("/admin/registry/identitycode/").status_code == 200
