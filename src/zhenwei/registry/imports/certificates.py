"""``zhenwei import certificates FILE``: work-safety certificates (安全生产证书).

Canonical columns: number, kind, holder_name, holder_id_number, operation_item, authority,
issued_on, expires_on, status (optional: operation_category, division_code, employer_uscc).
The division of a certificate is division_code, else the division named in the issuing
authority (重庆市云阳县应急管理局 → 云阳县), else the importer's own division.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.core.audit import audit_seal_records
from zhenwei.core.choices import DivisionLevel
from zhenwei.core.models import Division
from zhenwei.core.services import ImportSummary
from zhenwei.core.text import normalize
from zhenwei.core.validators import id_number_problem, uscc_problem

from ..choices import CertificateKind, CertificateStatus
from ..models import Certificate, Enterprise
from ..validators import holder_id_hash
from .common import Importer, RowError, choice_parser, parse_date
from .reader import Column

COLUMNS = [
    Column("number", ("证书编号", "证号", "证书号")),
    Column("kind", ("证书类型", "证书种类", "类型")),
    Column("holder_name", ("姓名", "持证人", "持证人姓名")),
    Column("holder_id_number", ("身份证号", "身份证号码", "公民身份号码", "持证人身份证号码")),
    Column("operation_item", ("准操项目", "操作项目", "作业项目")),
    Column("authority", ("发证机关", "发证单位")),
    Column("issued_on", ("发证日期", "初领日期", "签发日期")),
    Column("expires_on", ("有效期至", "有效期截止", "到期日期", "有效截止日期")),
    Column("status", ("状态", "证书状态")),
    Column("operation_category", ("作业类别",), required=False),
    Column("division_code", ("区划代码", "发证区划代码"), required=False),
    Column("employer_uscc", ("工作单位统一社会信用代码", "单位统一社会信用代码"), required=False),
]

parse_kind = choice_parser(
    CertificateKind,
    {
        "特种作业": "special_operation",
        "特种作业证": "special_operation",
        "主要负责人": "principal",
        "主要负责人证": "principal",
        "安全生产管理人员": "safety_manager",
        "安全管理人员": "safety_manager",
        "安全生产管理人员证": "safety_manager",
    },
    "证书类型",
)
parse_status = choice_parser(
    CertificateStatus,
    {
        "正常": "valid",
        "过期": "expired",
        "撤销": "revoked",
        "吊销": "revoked",
        "注销": "revoked",
        "暂扣": "suspended",
    },
    "状态",
    default=CertificateStatus.VALID,
)

FIELDS = [
    "kind",
    "operation_category",
    "operation_item",
    "holder_name",
    "holder_name_normalized",
    "holder_id_number",
    "holder_id_hash",
    "authority",
    "issued_on",
    "expires_on",
    "status",
    "employer_id",
    "division_id",
]


class CertificateImporter(Importer):
    kind = "certificates"
    model_label = "registry.certificate"
    columns = COLUMNS

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.seen: set[int] = set()
        self.authorities: dict[str, int | None] = {}
        self.employers: dict[str, int | None] = {}
        self.employer_divisions: dict[int, int] = {}
        # Division names above town level, deepest first, to find the one an authority names.
        self._names = sorted(
            Division.objects.exclude(level=DivisionLevel.TOWN).values_list("name", "pk", "path"),
            key=lambda r: -r[2].count("/"),
        )

    def _authority_division(self, authority: str) -> int | None:
        if authority not in self.authorities:
            found = None
            for name, pk, _path in self._names:
                if len(name) >= 2 and name in authority:
                    found = pk
                    break
            self.authorities[authority] = found
        return self.authorities[authority]

    def _employer(self, uscc: str) -> int | None:
        if uscc not in self.employers:
            found = Enterprise.objects.filter(uscc=uscc).values_list("pk", "division_id").first()
            self.employers[uscc] = found[0] if found else None
            if found:
                self.employer_divisions[found[0]] = found[1]
        return self.employers[uscc]

    def parse(self, line: int, record: dict[str, str]):
        number = "".join(record["number"].split()).upper()
        if not number:
            raise RowError(gettext("证书编号为空"))
        if len(number) > 64:
            raise RowError(gettext("证书编号过长（最多64位）"))
        kind = parse_kind(record["kind"])
        name = record["holder_name"].strip()
        if not name:
            raise RowError(gettext("持证人姓名为空"))
        id_number = record["holder_id_number"].strip().upper()
        problem = id_number_problem(id_number)
        if problem:
            raise RowError(gettext("身份证号码：%(problem)s") % {"problem": problem})
        authority = record["authority"].strip()
        if not authority:
            raise RowError(gettext("发证机关为空"))
        issued_on = parse_date(record["issued_on"], "发证日期")
        expires_on = parse_date(record["expires_on"], "有效期至")
        if expires_on < issued_on:
            raise RowError(gettext("有效期至早于发证日期"))
        status = parse_status(record["status"])
        if record.get("division_code"):
            division = self.divisions.nearest(record["division_code"])
            if division is None:
                raise RowError(
                    gettext("未知区划代码“%(record_division_code)s”")
                    % {"record_division_code": record["division_code"]}
                )
            division_id = division.pk
        else:
            division_id = self._authority_division(authority) or (
                self.default_division.pk if self.default_division else None
            )
            if division_id is None:
                raise RowError(gettext("无法确定发证区划：请填写 division_code，或在发证机关中写明区划名称"))
        employer_id = None
        employer_uscc = (record.get("employer_uscc") or "").upper()
        if employer_uscc:
            problem = uscc_problem(employer_uscc)
            if problem:
                raise RowError(gettext("工作单位统一社会信用代码：%(problem)s") % {"problem": problem})
            employer_id = self._employer(employer_uscc)
        key = hash(number)
        if key in self.seen:
            raise RowError(gettext("证书编号“%(number)s”在文件中重复出现") % {"number": number})
        self.seen.add(key)
        values = {
            "kind": kind,
            "operation_category": record.get("operation_category", "")[:100],
            "operation_item": record["operation_item"][:100],
            "holder_name": name[:64],
            "holder_name_normalized": normalize(name)[:64],
            "holder_id_number": id_number,
            "holder_id_hash": holder_id_hash(id_number),
            "authority": authority[:200],
            "issued_on": issued_on,
            "expires_on": expires_on,
            "status": status,
            "employer_id": employer_id,
            "division_id": division_id,
        }
        return line, number, values

    def write(self, rows, summary: ImportSummary) -> None:
        now = timezone.now()
        existing = {c.number: c for c in Certificate.objects.filter(number__in=[r[1] for r in rows])}

        def checks(row):
            line, number, values = row
            targets = [(values["division_id"], "change", None)]
            current = existing.get(number)
            if current is not None:
                targets.append((current.division_id, "change", f"证书“{number}”属于其他辖区，导入人无权修改"))
            if values["employer_id"] is not None:
                targets.append(
                    (
                        self.employer_divisions.get(values["employer_id"]),
                        "view",
                        "工作单位不在导入人的管辖范围内",
                    )
                )
            return line, targets

        if not self.scope.unchecked:
            change = {r[2]["division_id"] for r in rows} | {c.division_id for c in existing.values()}
            view = {self.employer_divisions.get(r[2]["employer_id"]) for r in rows if r[2]["employer_id"]}
            rows = self.keep_in_scope(rows, summary, checks, change, view)
        new, changed = [], []
        for line, number, values in rows:
            current = existing.get(number)
            if current is None:
                new.append(Certificate(number=number, **values))
                continue
            if values["employer_id"] is None:
                values["employer_id"] = current.employer_id  # an import without employer keeps it
            if all(getattr(current, f) == v for f, v in values.items()):
                summary.unchanged += 1
                continue
            if current.status == CertificateStatus.REVOKED and values["status"] != CertificateStatus.REVOKED:
                summary.reject(
                    line, f"证书“{number}”已撤销，不能改为{CertificateStatus(values['status']).label}"
                )
                continue
            if current.status != values["status"]:
                current.status_changed_at = now
            for f, v in values.items():
                setattr(current, f, v)
            current.updated_at = now
            changed.append(current)
        Certificate.objects.bulk_create(new, batch_size=1000)
        Certificate.objects.bulk_update(
            changed, [*FIELDS, "status_changed_at", "updated_at"], batch_size=1000
        )
        # Certificates are sealed by the audit trail: one seal row per written record (issue 14).
        numbers = [c.number for c in new] + [c.number for c in changed]
        audit_seal_records(
            actor=self.actor,
            model=Certificate,
            pks=Certificate.objects.filter(number__in=numbers).values_list("pk", flat=True),
            note="import",
        )
        summary.created += len(new)
        summary.updated += len(changed)


def import_certificates(*, path, actor=None, progress=None, batch_size: int | None = None) -> ImportSummary:
    """Import work-safety certificates from a CSV or XLSX file (see docs/imports.md)."""
    kwargs = {"batch_size": batch_size} if batch_size else {}
    return CertificateImporter(actor=actor, **kwargs).run(path=path, progress=progress)
