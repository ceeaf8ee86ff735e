"""Scope on every write path, generated from the registries of write places (docs/security.md T30–T34).

A town officer (officer_t, town T under county A) tries to write records of a sibling town (T2),
of the parent county (A) and of another province (county QC under province Q):

* every import kind of the importer registry (``zhenwei import``'s ``all_importers()``), each in
  every operation it supports: ``create`` (a new row placed in the target division), ``update`` (a
  row naming an existing record of the target, placing it in the officer's own town, so only the
  existing-record check can catch it), ``refer`` (a new row in the officer's town pointing to an
  enterprise of the target). The probe row must be rejected with its line and a reason, nothing
  outside the officer's scope may change, and a control row in the officer's own town in the same
  file is still written;
* every import kind the staff upload page offers, through ``/staff/registry/imports/`` and the
  background job, and the server command with ``--user``;
* the report upload, for every target division.

A kind added to the registry without a row builder here fails test_every_import_kind_has_a_probe.
The URL patterns with unsafe methods are walked by tests/test_permission_matrix.py, which also
probes them as a town officer against a sibling town, the county above and another province.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict
from django.test import Client

from zhenwei.core.access import restrict
from zhenwei.core.choices import DivisionLevel

all_importers = import_module("zhenwei.core.management.commands.import").all_importers

TARGETS = ("sibling_town", "parent_county", "other_province")
OPS = ("create", "update", "refer")


@dataclass
class World:
    org: object
    own: object  # the officer's town T
    targets: dict
    officer: object

    def dept(self, division):
        from zhenwei.core.models import Department

        return Department.objects.filter(division=division, kind=self.org.kinds.market).first()


@pytest.fixture
def world(org):
    from zhenwei.core.tests.factories import DepartmentFactory, DivisionFactory

    t2 = DivisionFactory(code="980101002", name="甲县二镇", level=DivisionLevel.TOWN, parent=org.a)
    q = DivisionFactory(code="970000", name="外省", level=DivisionLevel.PROVINCE)
    qc = DivisionFactory(code="970101", name="外省某县", level=DivisionLevel.COUNTY, parent=q)
    for division in (t2, qc):
        DepartmentFactory(name=f"{division.name}市场监管", kind=org.kinds.market, division=division)
    return World(
        org=org,
        own=org.t,
        targets={"sibling_town": t2, "parent_county": org.a, "other_province": qc},
        officer=org.officer_t,
    )


# -- one probe per import kind: how to seed a record, and the row that writes it ----------------


class Probe:
    """Rows for one import kind. ``models``: what the kind writes (compared before and after)."""

    ops: tuple[str, ...] = ("create", "update")
    suffix = ".csv"
    header = ""
    whole_file_refused = False  # the kind is for platform administrators only

    def models(self) -> list:
        raise NotImplementedError

    def seed(self, w: World, division, n: int):
        """An existing record in division; returns what the row names it by."""
        raise NotImplementedError

    def row(self, w: World, op: str, division, n: int, key) -> list[str]:
        raise NotImplementedError

    def control_written(self, w: World, n: int) -> bool:
        raise NotImplementedError

    def write(self, tmp_path: Path, rows: list[list[str]]) -> Path:
        path = tmp_path / f"probe{self.suffix}"
        path.write_text("\n".join([self.header, *(",".join(r) for r in rows)]) + "\n", encoding="utf-8")
        return path


def _id_number(n: int) -> str:
    from zhenwei.registry.tests.factories import make_id_number

    return make_id_number(n, "980101")


class CertificateProbe(Probe):
    ops = ("create", "update", "refer")
    header = "number,kind,holder_name,holder_id_number,operation_item,authority,issued_on,expires_on,status,division_code,employer_uscc"

    def models(self):
        from zhenwei.registry.models import Certificate

        return [Certificate]

    def seed(self, w, division, n):
        from zhenwei.registry.tests.factories import CertificateFactory, EnterpriseFactory, make_uscc

        EnterpriseFactory(uscc=make_uscc(500 + n, division.code[:6]), division=division)
        certificate = CertificateFactory(
            number=f"T{_id_number(n)}", division=division, expires_on=dt.date(2099, 12, 31)
        )
        return certificate.number

    def row(self, w, op, division, n, key):
        from zhenwei.registry.tests.factories import make_uscc

        number = key if op == "update" else f"T{_id_number(n)}"
        place = division if op == "create" else w.own
        employer = make_uscc(500 + n, division.code[:6]) if op == "refer" else ""
        # "暂扣": what the public check then answers as suspended.
        return [number, "特种作业", "张三", _id_number(n), "低压电工作业", "测试应急管理局", "2024-05-01", "2030-05-01", "暂扣", place.code, employer]  # fmt: skip

    def control_written(self, w, n):
        from zhenwei.registry.models import Certificate

        return Certificate.objects.filter(number=f"T{_id_number(n)}", division=w.own).exists()


class EnterpriseProbe(Probe):
    header = "name,uscc,division_code,address,kind"

    def models(self):
        from zhenwei.registry.models import Enterprise

        return [Enterprise]

    def seed(self, w, division, n):
        from zhenwei.registry.tests.factories import EnterpriseFactory, make_uscc

        return EnterpriseFactory(uscc=make_uscc(n, division.code[:6]), division=division).uscc

    def row(self, w, op, division, n, key):
        from zhenwei.registry.tests.factories import make_uscc

        if op == "update":
            return ["改名单位", key, w.own.code, "镇上", "门店"]
        return [f"新单位{n}", make_uscc(n, division.code[:6]), division.code, "某地", "门店"]

    def control_written(self, w, n):
        from zhenwei.registry.models import Enterprise

        return Enterprise.objects.filter(name=f"新单位{n}", division=w.own).exists()


class ProductCodeProbe(Probe):
    ops = ("create", "update", "refer")
    header = "code,category,product_name,model,manufacturer,manufacturer_uscc,certificate_no,batch,status,division_code"

    def models(self):
        from zhenwei.registry.models import Enterprise, IdentityCode, Product, ProductBatch

        return [IdentityCode, Product, ProductBatch, Enterprise]

    def seed(self, w, division, n):
        from zhenwei.registry.tests.factories import (
            EnterpriseFactory,
            IdentityCodeFactory,
            ProductFactory,
            make_fire_mark,
            make_uscc,
        )

        EnterpriseFactory(uscc=make_uscc(500 + n, division.code[:6]), division=division)
        product = ProductFactory(
            division=division, name=f"既有产品{n}", model="M1", manufacturer_name="既有厂"
        )
        return IdentityCodeFactory(code=make_fire_mark(n), product=product).code

    def row(self, w, op, division, n, key):
        from zhenwei.registry.tests.factories import make_fire_mark, make_uscc

        if op == "update":  # the existing code, moved to a product of the officer's town and revoked
            return [key, "灭火器", "镇上产品", "M1", "镇上厂", "", "", "", "revoked", w.own.code]
        if op == "refer":
            uscc = make_uscc(500 + n, division.code[:6])
            return [
                make_fire_mark(n + 50),
                "灭火器",
                "镇上产品",
                "M2",
                "镇上厂",
                uscc,
                "",
                "",
                "active",
                w.own.code,
            ]
        return [make_fire_mark(n), "灭火器", f"新产品{n}", "M1", "某厂", "", "", "", "active", division.code]

    def control_written(self, w, n):
        from zhenwei.registry.models import IdentityCode
        from zhenwei.registry.tests.factories import make_fire_mark

        return IdentityCode.objects.filter(code=make_fire_mark(n), product__division=w.own).exists()


class ListingProbe(Probe):
    header = "platform,seller_id,title,url,division_code"

    def models(self):
        from zhenwei.market.models import Listing

        return [Listing]

    def seed(self, w, division, n):
        from zhenwei.market.importers import import_listings

        url = f"https://shop.example/item/{n}"
        path = Path(self._tmp) / f"seed{n}.csv"
        path.write_text(f"{self.header}\n测试平台,S{n},既有商品{n},{url},{division.code}\n", encoding="utf-8")
        assert import_listings(path=path, actor=None).created == 1
        return url

    def row(self, w, op, division, n, key):
        if op == "update":
            return ["测试平台", "S0", "改过的标题", key, w.own.code]
        return ["测试平台", f"S{n}", f"新商品{n}", f"https://shop.example/new/{n}", division.code]

    def control_written(self, w, n):
        from zhenwei.market.models import Listing

        return Listing.objects.filter(title=f"新商品{n}", division=w.own).exists()


class LabResultProbe(Probe):
    ops = ("update",)  # results are entered for samples that exist; there is nothing to create
    suffix = ".xlsx"

    def models(self):
        from zhenwei.inspections.models import Inspection, Sample

        return [Sample, Inspection]

    def seed(self, w, division, n):
        from zhenwei.catalog.models import ProductCategory
        from zhenwei.inspections.services import inspection_record, sample_take

        inspection = inspection_record(
            actor=None,
            division=division,
            department=w.dept(division),
            category=ProductCategory.objects.get(code="fire-extinguisher"),
            domain="use",
            subject_name="某酒店",
            place=division.name,
            product_name="灭火器",
            inspected_on=dt.date(2026, 6, 2),
        )
        return sample_take(
            inspection=inspection, seal_number="F", holder="李强", actor=None, number=f"YP-{n}"
        ).number

    def row(self, w, op, division, n, key):
        return [key, "不合格", "2026-06-10", f"XF-{n}", "灭火性能"]

    def control_written(self, w, n):
        from zhenwei.inspections.models import Sample

        return Sample.objects.filter(number=f"YP-{n}", result="unqualified").exists()

    def write(self, tmp_path, rows):
        from openpyxl import Workbook

        wb = Workbook()
        wb.active.append(["样品编号", "检验结论", "结论日期", "报告编号", "不合格项目"])
        for r in rows:
            wb.active.append(r)
        path = tmp_path / "probe.xlsx"
        wb.save(path)
        return path


class DivisionProbe(Probe):
    whole_file_refused = True  # reference data: platform administrators only
    header = "code,name,parent_code"

    def models(self):
        from zhenwei.core.models import Division

        return [Division]

    def seed(self, w, division, n):
        return division.code

    def row(self, w, op, division, n, key):
        if op == "update":
            return [key, "改名", division.parent.code if division.parent else ""]
        parent = division if division.level != DivisionLevel.TOWN else division.parent
        return [f"{parent.code[:6]}9{n:02d}", f"新镇{n}", parent.code[:6]]


PROBES: dict[str, Probe] = {
    "certificates": CertificateProbe(),
    "enterprises": EnterpriseProbe(),
    "product-codes": ProductCodeProbe(),
    "listings": ListingProbe(),
    "lab_results": LabResultProbe(),
    "divisions": DivisionProbe(),
}
KINDS = sorted(all_importers())


def _outside(models, user) -> dict:
    """Every record of models the user may not change, as a comparable snapshot."""
    found = {}
    for model in models:
        allowed = restrict(model._default_manager.all(), user, "change").values("pk")
        for obj in model._default_manager.exclude(pk__in=allowed):
            found[(model._meta.label_lower, obj.pk)] = model_to_dict(obj)
    return found


def test_every_import_kind_has_a_probe():
    assert set(KINDS) <= set(PROBES), f"import kinds without a scope probe: {set(KINDS) - set(PROBES)}"


CASES = [(kind, target, op) for kind in KINDS for target in TARGETS for op in OPS if op in PROBES[kind].ops]


@pytest.mark.parametrize(("kind", "target", "op"), CASES, ids=["-".join(c) for c in CASES])
def test_importer_rejects_rows_outside_the_importer_scope(world, tmp_path, kind, target, op):
    probe = PROBES[kind]
    probe._tmp = tmp_path
    division = world.targets[target]
    key = probe.seed(world, division, 1) if op in ("update", "refer") else None
    control_key = probe.seed(world, world.own, 2) if op == "update" and kind == "lab_results" else None
    rows = [probe.row(world, op, division, 1, key)]
    if not probe.whole_file_refused:
        rows.append(probe.row(world, "update" if control_key else "create", world.own, 2, control_key))
    path = probe.write(tmp_path, rows)
    before = _outside(probe.models(), world.officer)

    importer = all_importers()[kind]
    if probe.whole_file_refused:
        with pytest.raises(PermissionDenied):
            importer(path=path, actor=world.officer)
    else:
        summary = importer(path=path, actor=world.officer)
        lines = {line: reason for line, reason in summary.errors}
        assert 2 in lines, (
            f"{kind} {op} in {target}: the row outside scope was not rejected ({summary.line()})"
        )
        assert "辖" in lines[2], lines[2]  # the reason names the jurisdiction (管辖范围/辖区)
        assert 3 not in lines, f"the control row in the officer's town was rejected: {lines[3]}"
        assert probe.control_written(world, 2), "the control row in the officer's own town was lost"
    assert _outside(probe.models(), world.officer) == before, f"{kind} {op} changed records in {target}"


@pytest.mark.parametrize("kind", KINDS)
def test_importer_as_system_actor_or_platform_admin_writes_anywhere(world, tmp_path, kind):
    """The named system actor (``zhenwei import`` on the server) and the platform administrator
    keep writing in any division."""
    probe = PROBES[kind]
    probe._tmp = tmp_path
    division = world.targets["other_province"]
    op = probe.ops[0]
    key = probe.seed(world, division, 1) if op != "create" else None
    path = probe.write(tmp_path, [probe.row(world, op, division, 1, key)])
    for actor in (None, world.org.admin):
        summary = all_importers()[kind](path=path, actor=actor)
        assert not summary.errors, summary.errors


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
    before = _outside(probe.models(), world.officer)
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
    assert _outside(probe.models(), world.officer) == before


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
