"""Scope on the write paths other than the importers themselves (docs/security.md T30–T34): the
staff import page and its background job, the server command with ``--user``, the report upload,
the admin, and the case, inspection and registry services. The world and the probes are those of
tests/write_scope_support.py; the importers are probed in test_write_scope.py."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict
from django.test import Client

from zhenwei.core.access import restrict

from .write_scope_support import KINDS, PROBES, TARGETS, make_world, outside_snapshot


@pytest.fixture
def world(org):
    return make_world(org)


# -- the other entry points reach the same check --------------------------------------------------


def _staff_kinds():
    from zhenwei.registry.choices import ImportKind

    return list(ImportKind.values)


@pytest.mark.parametrize("kind", _staff_kinds())
@pytest.mark.parametrize("target", TARGETS)
def test_staff_import_page_rejects_rows_outside_scope(world, tmp_path, kind, target):
    from zhenwei.registry.jobs import run_import_job
    from zhenwei.registry.models import ImportJob

    probe = PROBES[kind]
    probe._tmp = tmp_path
    division = world.targets[target]
    key = probe.seed(world, division, 1)
    path = probe.write(tmp_path, [probe.row(world, "update", division, 1, key)])
    before = outside_snapshot(probe.models(), world.officer)
    client = Client()
    client.force_login(world.officer)
    upload = SimpleUploadedFile(f"probe{probe.suffix}", path.read_bytes(), content_type="text/csv")
    response = client.post("/staff/registry/imports/", {"kind": kind, "file": upload})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    if job.status == "pending":
        run_import_job.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.rejected, job.created, job.updated) == ("done", 1, 0, 0), job.message
    assert outside_snapshot(probe.models(), world.officer) == before


def test_public_certificate_check_is_unchanged_by_a_town_import(world, tmp_path, api_client):
    """The reported defect: the county's certificate stays valid for the public check."""
    from zhenwei.registry.imports.certificates import import_certificates

    probe = PROBES["certificates"]
    number = probe.seed(world, world.org.a, 1)
    summary = import_certificates(
        path=probe.write(tmp_path, [probe.row(world, "update", world.org.a, 1, number)]), actor=world.officer
    )
    assert summary.rejected == 1
    answer = api_client.post(
        "/api/v1/verify/certificate", {"number": number, "name": "张小三"}, format="json"
    )
    assert answer.status_code == 200 and answer.json()["verdict"] == "valid", answer.json()


def test_import_command_with_user_applies_that_scope(world, tmp_path):
    probe = PROBES["enterprises"]
    key = probe.seed(world, world.org.a, 1)
    path = probe.write(tmp_path, [probe.row(world, "update", world.org.a, 1, key)])
    out, err = io.StringIO(), io.StringIO()
    call_command("import", "enterprises", str(path), "--user", world.officer.username, stdout=out, stderr=err)
    assert "rejected 1" in out.getvalue() and err.getvalue().startswith("line 2:")
    with pytest.raises(CommandError, match="平台管理员"):
        call_command(
            "import",
            "divisions",
            str(PROBES["divisions"].write(tmp_path, [["980101009", "新镇", "980101"]])),
            "--user",
            world.officer.username,
            stdout=out,
            stderr=err,
        )
    assert "platform-administrator tool" in _help("import")


def _help(command: str) -> str:
    from django.core.management import load_command_class

    return load_command_class("zhenwei.core", command).help


@pytest.mark.parametrize("target", TARGETS)
def test_report_upload_only_for_the_uploaders_own_division(world, target):
    from zhenwei.reports.models import MonthlyReport, ReportTemplate
    from zhenwei.reports.services import report_upload

    template = ReportTemplate.objects.filter(is_active=True).first()
    if template is None:
        pytest.skip("no report template in the database")
    with pytest.raises(PermissionDenied):
        report_upload(
            template=template,
            division=world.targets[target],
            month=dt.date(2026, 5, 1),
            fileobj=io.BytesIO(b"not read"),
            name="r.xlsx",
            actor=world.officer,
        )
    assert not MonthlyReport.objects.filter(division=world.targets[target]).exists()


def _audited_admins():
    from django.contrib import admin

    from zhenwei.core.admin_mixins import AuditedAdmin

    return sorted(
        (
            model._meta.label_lower
            for model, model_admin in admin.site._registry.items()
            if isinstance(model_admin, AuditedAdmin)
        ),
    )


@pytest.mark.parametrize("label", _audited_admins())
def test_admin_saves_and_deletes_are_scoped(world, tmp_path, label):
    """Every audited admin (the admin's one write path) refuses a staff user outside the record's
    division; generated from the admin registry, probed on the records the import probes seed."""
    from django.apps import apps
    from django.contrib import admin
    from django.test import RequestFactory

    for kind in ("certificates", "product-codes", "listings", "lab_results"):
        PROBES[kind]._tmp = tmp_path
        for n, division in enumerate(world.targets.values(), start=10 * (1 + KINDS.index(kind))):
            PROBES[kind].seed(world, division, n)
    model = apps.get_model(label)
    allowed = restrict(model._default_manager.all(), world.officer, "change").values("pk")
    outside = list(model._default_manager.exclude(pk__in=allowed)[:3])
    if not outside:
        pytest.skip(f"no {label} record outside the town officer's scope in this world")
    request = RequestFactory().post("/admin/")
    request.user = world.officer
    model_admin = admin.site._registry[model]
    for obj in outside:
        before = model_to_dict(obj)
        with pytest.raises(PermissionDenied):
            model_admin.save_model(request, obj, form=None, change=True)
        with pytest.raises(PermissionDenied):
            model_admin.delete_model(request, obj)
        assert model_to_dict(model._default_manager.get(pk=obj.pk)) == before


@pytest.mark.parametrize("target", TARGETS)
def test_case_and_inspection_services_refuse_records_outside_scope(world, target):
    """The services themselves (not only the API) refuse a town officer on another division's case
    and inspection, and refuse recording an inspection there."""
    from zhenwei.cases.services import case_note, case_open
    from zhenwei.catalog.models import ProductCategory
    from zhenwei.inspections.models import Inspection
    from zhenwei.inspections.services import inspection_evidence_add, inspection_record, sample_take

    division = world.targets[target]
    case = case_open(
        title="外地案件",
        kind="unqualified",
        source="inspection",
        division=division,
        department=world.dept(division),
        actor=None,
    )
    inspection = Inspection.objects.get(pk=_inspection_in(world, division))
    count = Inspection.objects.count()
    attempts = [
        lambda: case_note(case=case, actor=world.officer, note="越权备注"),
        lambda: sample_take(inspection=inspection, seal_number="X", holder="某", actor=world.officer),
        lambda: inspection_evidence_add(
            inspection=inspection, fileobj=io.BytesIO(b"x"), name="a.png", actor=world.officer
        ),
        lambda: inspection_record(
            actor=world.officer,
            division=division,
            department=world.dept(division),
            category=ProductCategory.objects.get(code="fire-extinguisher"),
            domain="use",
            subject_name="外地单位",
            place="外地",
            product_name="灭火器",
        ),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert Inspection.objects.count() == count and not inspection.samples.exists()
    assert not case.events.filter(note__contains="越权").exists()


def _inspection_in(world, division) -> int:
    from zhenwei.catalog.models import ProductCategory
    from zhenwei.inspections.services import inspection_record

    return inspection_record(
        actor=None,
        division=division,
        department=world.dept(division),
        category=ProductCategory.objects.get(code="fire-extinguisher"),
        domain="use",
        subject_name="某酒店",
        place=division.name,
        product_name="灭火器",
    ).pk


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("kind", ["enterprises", "certificates", "product-codes"])
def test_registry_services_refuse_moving_a_record_into_the_officers_town(world, tmp_path, kind, target):
    """A staff form or the API saving a record of another division with the officer's own town as
    its new division: the stored division is checked, not only the new one."""
    from zhenwei.registry import services
    from zhenwei.registry.models import Certificate, Enterprise, IdentityCode

    probe = PROBES[kind]
    key = probe.seed(world, world.targets[target], 1)
    record, save = {
        "enterprises": (lambda: Enterprise.objects.get(uscc=key), "enterprise_save"),
        "certificates": (lambda: Certificate.objects.get(number=key), "certificate_save"),
        "product-codes": (lambda: IdentityCode.objects.get(code=key).product, "product_save"),
    }[kind]
    obj = record()
    before = model_to_dict(obj)
    name = save.removesuffix("_save")
    with pytest.raises(PermissionDenied):
        getattr(services, save)(actor=world.officer, data={"division": world.own}, **{name: obj})
    assert model_to_dict(type(obj)._default_manager.get(pk=obj.pk)) == before
