"""``zhenwei import enterprises FILE``: the enterprise and unit ledger (生产经营单位).

Canonical columns: name, uscc, division_code, address, kind (optional: legal_representative,
contact_name, contact_phone, domains). The credit code is the natural key and must be valid.
"""

from __future__ import annotations

from django.utils.translation import gettext

from zhenwei.core.audit import audit_seal_records
from zhenwei.core.services import ImportSummary
from zhenwei.core.text import normalize
from zhenwei.core.validators import uscc_problem

from ..choices import EnterpriseKind
from ..models import Enterprise
from .common import Importer, RowError, choice_parser
from .reader import Column

COLUMNS = [
    Column("name", ("名称", "单位名称", "企业名称")),
    Column("uscc", ("统一社会信用代码", "信用代码", "社会信用代码")),
    Column("division_code", ("区划代码", "行政区划代码", "所在区划代码")),
    Column("address", ("地址", "住所", "经营地址")),
    Column("kind", ("类型", "单位类型", "企业类型")),
    Column("legal_representative", ("法定代表人", "负责人"), required=False),
    Column("contact_name", ("联系人",), required=False),
    Column("contact_phone", ("联系电话", "电话"), required=False),
    Column("domains", ("领域", "所属领域"), required=False),
]

parse_kind = choice_parser(
    EnterpriseKind,
    {
        "工业": "industrial",
        "商贸": "trading",
        "生产": "manufacturer",
        "学校": "school",
        "医院": "hospital",
        "养老": "elderly_care",
        "养老院": "elderly_care",
        "市场": "market",
        "物流": "logistics",
        "快递": "logistics",
        "施工": "construction",
        "工地": "construction",
        "门店": "retailer",
        "电商": "ecommerce",
    },
    "类型",
    default=EnterpriseKind.OTHER,
)

DOMAIN_WORDS = {
    "production": "is_production",
    "生产": "is_production",
    "circulation": "is_circulation",
    "流通": "is_circulation",
    "construction": "is_construction",
    "建设": "is_construction",
    "use": "is_use",
    "使用": "is_use",
}
DOMAIN_FIELDS = ["is_production", "is_circulation", "is_construction", "is_use"]
FIELDS = [
    "name",
    "name_normalized",
    "division_id",
    "address",
    "kind",
    "legal_representative",
    "contact_name",
    "contact_phone",
    *DOMAIN_FIELDS,
]


def parse_domains(text: str) -> dict[str, bool] | None:
    """'生产、流通' or 'production,use' → the four flags; None when the column is empty."""
    words = [w for w in text.replace("、", ",").replace("，", ",").replace(";", ",").split(",") if w.strip()]
    if not words:
        return None
    flags = dict.fromkeys(DOMAIN_FIELDS, False)
    for word in words:
        key = word.strip().lower().removesuffix("领域")
        if key not in DOMAIN_WORDS:
            raise RowError(
                gettext("领域“%(word_strip)s”无法识别（可用：生产、流通、建设、使用）")
                % {"word_strip": word.strip()}
            )
        flags[DOMAIN_WORDS[key]] = True
    return flags


class EnterpriseImporter(Importer):
    kind = "enterprises"
    model_label = "registry.enterprise"
    columns = COLUMNS

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.seen: set[int] = set()

    def parse(self, line: int, record: dict[str, str]):
        name = record["name"].strip()
        if not name:
            raise RowError(gettext("名称为空"))
        uscc = "".join(record["uscc"].split()).upper()
        problem = uscc_problem(uscc)
        if problem:
            raise RowError(
                gettext("统一社会信用代码“%(record_uscc)s”：%(problem)s")
                % {"record_uscc": record["uscc"], "problem": problem}
            )
        code = record["division_code"].strip()
        if not code:
            raise RowError(gettext("区划代码为空"))
        division = self.divisions.exact(code)
        if division is None:
            raise RowError(gettext("未知区划代码“%(code)s”") % {"code": code})
        kind = parse_kind(record["kind"])
        domains = parse_domains(record.get("domains", ""))
        if uscc in self.seen:
            raise RowError(gettext("统一社会信用代码“%(uscc)s”在文件中重复出现") % {"uscc": uscc})
        self.seen.add(uscc)
        values = {
            "name": name[:200],
            "name_normalized": normalize(name)[:200],
            "division_id": division.pk,
            "address": record["address"][:255],
            "kind": kind,
        }
        for field in ("legal_representative", "contact_name", "contact_phone"):
            if record.get(field):
                values[field] = record[field][: 64 if field != "contact_phone" else 40]
        if domains is not None:
            values.update(domains)
        return line, uscc, values

    def write(self, rows, summary: ImportSummary) -> None:
        existing = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=[r[1] for r in rows])}

        def checks(row):
            line, uscc, values = row
            targets = [(values["division_id"], "change", None)]
            current = existing.get(uscc)
            if current is not None:
                targets.append((current.division_id, "change", f"单位“{uscc}”属于其他辖区，导入人无权修改"))
            return line, targets

        if not self.scope.unchecked:
            change = {r[2]["division_id"] for r in rows} | {e.division_id for e in existing.values()}
            rows = self.keep_in_scope(rows, summary, checks, change)
        new, changed = [], []
        for _line, uscc, values in rows:
            current = existing.get(uscc)
            if current is None:
                new.append(Enterprise(uscc=uscc, **values))
            elif all(getattr(current, f) == v for f, v in values.items()):
                summary.unchanged += 1
            else:
                for f, v in values.items():
                    setattr(current, f, v)
                changed.append(current)
        Enterprise.objects.bulk_create(new, batch_size=1000)
        Enterprise.objects.bulk_update(changed, [*FIELDS, "updated_at"], batch_size=1000)
        # Enterprises are sealed by the audit trail: one seal row per written record (issue 14).
        codes = [e.uscc for e in new] + [e.uscc for e in changed]
        audit_seal_records(
            actor=self.actor,
            model=Enterprise,
            pks=Enterprise.objects.filter(uscc__in=codes).values_list("pk", flat=True),
            note="import",
        )
        summary.created += len(new)
        summary.updated += len(changed)


def import_enterprises(*, path, actor=None, progress=None, batch_size: int | None = None) -> ImportSummary:
    """Import enterprises and other units from a CSV or XLSX file (see docs/imports.md)."""
    kwargs = {"batch_size": batch_size} if batch_size else {}
    return EnterpriseImporter(actor=actor, **kwargs).run(path=path, progress=progress)
