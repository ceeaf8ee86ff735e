"""The world and the import probes of the write-scope tests (test_write_scope.py,
test_write_scope_paths.py): a town officer, three target divisions, and one probe per import kind."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from django.forms.models import model_to_dict

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


def make_world(org) -> World:
    """Town T2 beside the officer's town, county A above it, county QC in another province."""
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


def outside_snapshot(models, user) -> dict:
    """Every record of models the user may not change, as a comparable snapshot."""
    found = {}
    for model in models:
        allowed = restrict(model._default_manager.all(), user, "change").values("pk")
        for obj in model._default_manager.exclude(pk__in=allowed):
            found[(model._meta.label_lower, obj.pk)] = model_to_dict(obj)
    return found
