"""Writes to the organisation model: divisions, departments, users and memberships."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from zhenwei.security.uploads import cell_text, shown, table_rows

from .access import is_system_actor, user_scope
from .audit import audit_create, audit_record, audit_update, snapshot
from .choices import AuditAction, DivisionLevel, Role
from .models import Department, DepartmentKind, Division, Membership, User

# Statistical pseudo-prefectures: their counties hang directly under the province.
PSEUDO_PREFECTURES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
CODE_HEADERS = {"code", "代码", "区划代码", "行政区划代码"}
NAME_HEADERS = {"name", "名称", "区划名称", "行政区划名称"}
PARENT_HEADERS = {"parent_code", "parent", "上级代码", "上级区划代码"}


def normalize_division_code(raw: str) -> tuple[str, str]:
    """Canonical code and level: 6 digits for province/prefecture/county, 9 digits for a town."""
    code = (raw or "").strip()
    if not (code.isascii() and code.isdigit()):
        raise ValidationError(gettext("区划代码“%(raw)s”应只含数字") % {"raw": raw})
    if len(code) == 12:
        if not code.endswith("000"):
            raise ValidationError(gettext("区划代码“%(raw)s”是村级代码，平台只到乡镇级") % {"raw": raw})
        code = code[:9]
        if code.endswith("000"):
            code = code[:6]
    if len(code) == 2:
        code += "0000"
    elif len(code) == 4:
        code += "00"
    if len(code) == 6:
        if code.endswith("0000"):
            return code, DivisionLevel.PROVINCE
        if code.endswith("00"):
            return code, DivisionLevel.PREFECTURE
        return code, DivisionLevel.COUNTY
    if len(code) == 9:
        return code, DivisionLevel.TOWN
    raise ValidationError(gettext("区划代码“%(raw)s”的位数不对（应为2、4、6、9或12位）") % {"raw": raw})


def _candidate_parents(code: str) -> list[str]:
    if len(code) == 9:
        return [code[:6], code[:4] + "00", code[:2] + "0000"]
    if code.endswith("0000"):
        return []
    if code.endswith("00"):
        return [code[:2] + "0000"]
    return [code[:4] + "00", code[:2] + "0000"]


@dataclass
class ImportSummary:
    """Counts of one import run, printed as its last line."""

    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    def reject(self, line: int, reason: str) -> None:
        self.rejected += 1
        self.errors.append((line, reason))

    def line(self) -> str:
        return (
            f"read {self.read}, created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, rejected {self.rejected}"
        )


def _read_division_rows(rows: Iterator[tuple[int, list]]) -> Iterable[tuple[int, dict[str, str]]]:
    header = next(rows, (0, None))[1]
    if header is None:
        raise ValidationError(gettext("文件为空"))
    header = [cell_text(h) for h in header]
    names = [h.strip().lstrip("\ufeff").lower() for h in header]
    try:
        code_i = next(i for i, h in enumerate(names) if h in CODE_HEADERS)
        name_i = next(i for i, h in enumerate(names) if h in NAME_HEADERS)
    except StopIteration:
        raise ValidationError(
            gettext("表头应包含 code 和 name 列（或“区划代码”“名称”），实际为：%(shown_join_header_120)s")
            % {"shown_join_header_120": shown(", ".join(header), 120)}
        ) from None
    parent_i = next((i for i, h in enumerate(names) if h in PARENT_HEADERS), None)
    for line_no, cells in rows:
        row = [cell_text(c) for c in cells]
        if not any(cell.strip() for cell in row):
            continue

        def get(i, row=row):
            return row[i].strip() if i is not None and i < len(row) else ""

        yield line_no, {"code": get(code_i), "name": get(name_i), "parent_code": get(parent_i)}


def division_import(*, path: Path | str, actor=None) -> ImportSummary:
    """Load a division code list (CSV: code, name[, parent_code]); re-running changes nothing.
    Divisions are the platform's reference data: only a platform administrator (or the server's
    ``zhenwei import``, a named system actor) may load them."""
    if not is_system_actor(actor) and not user_scope(actor).is_global:
        raise PermissionDenied(
            gettext("行政区划只能由平台管理员导入 (divisions are imported by platform administrators)")
        )
    # Opened, checked and streamed by the one upload guard (CSV in UTF-8/GB18030, or XLSX).
    rows = table_rows(Path(path), profile="import")
    summary = ImportSummary()
    parsed: list[tuple[int, str, str, str, str]] = []
    for line_no, row in _read_division_rows(rows):
        summary.read += 1
        if not row["name"]:
            summary.reject(line_no, "名称为空")
            continue
        try:
            code, level = normalize_division_code(row["code"])
            parent_code = normalize_division_code(row["parent_code"])[0] if row["parent_code"] else ""
        except ValidationError as exc:
            summary.reject(line_no, exc.messages[0])
            continue
        parsed.append((line_no, code, level, row["name"], parent_code))
    # Parents before children: provinces, prefectures, counties, towns.
    rank = {
        DivisionLevel.PROVINCE: 0,
        DivisionLevel.PREFECTURE: 1,
        DivisionLevel.COUNTY: 2,
        DivisionLevel.TOWN: 3,
    }
    parsed.sort(key=lambda r: (rank[r[2]], r[1]))
    existing = {d.code: d for d in Division.objects.all()}
    skipped_pseudo: set[str] = set()
    with transaction.atomic():
        for line_no, code, level, name, parent_code in parsed:
            if level == DivisionLevel.PREFECTURE and name in PSEUDO_PREFECTURES:
                skipped_pseudo.add(code)
                summary.unchanged += 1
                continue
            parent = None
            # An explicit parent first; a skipped pseudo-prefecture falls through to the province.
            candidates = ([parent_code] if parent_code and parent_code != code else []) + _candidate_parents(
                code
            )
            for candidate in candidates:
                if candidate in existing and candidate != code and candidate not in skipped_pseudo:
                    parent = existing[candidate]
                    break
            if level != DivisionLevel.PROVINCE and parent is None:
                summary.reject(
                    line_no, f"找不到上级区划（{parent_code or '/'.join(_candidate_parents(code))}）"
                )
                continue
            path = f"{parent.path if parent else '/'}{code}/"
            current = existing.get(code)
            if current is None:
                current = Division.objects.create(code=code, name=name, level=level, parent=parent, path=path)
                existing[code] = current
                summary.created += 1
            elif (current.name, current.level, current.parent_id, current.path) == (
                name,
                level,
                parent.pk if parent else None,
                path,
            ):
                summary.unchanged += 1
            else:
                current.name, current.level, current.parent, current.path = name, level, parent, path
                current.save()
                summary.updated += 1
        if summary.created or summary.updated:
            audit_record(
                actor=actor,
                action=AuditAction.IMPORT,
                model="core.division",
                object_repr=f"divisions from {Path(path).name}",
                after={"created": summary.created, "updated": summary.updated, "rejected": summary.rejected},
            )
    return summary


def department_kind_ensure(
    *, code: str, name: str, name_en: str = "", sort: int = 100, actor=None
) -> DepartmentKind:
    kind, created = DepartmentKind.objects.get_or_create(
        code=code, defaults={"name": name, "name_en": name_en, "sort": sort}
    )
    if created:
        audit_create(actor=actor, obj=kind)
    return kind


def department_ensure(
    *, name: str, kind: DepartmentKind, division: Division, phone: str = "", actor=None
) -> Department:
    """Create the department unless one of that name exists in the division."""
    with transaction.atomic():
        dept, created = Department.objects.get_or_create(
            division=division, name=name, defaults={"kind": kind, "phone": phone}
        )
        if created:
            audit_create(actor=actor, obj=dept)
        elif dept.kind_id != kind.pk or (phone and dept.phone != phone):
            before = snapshot(dept)
            dept.kind = kind
            dept.phone = phone or dept.phone
            dept.save()
            audit_update(actor=actor, obj=dept, before=before)
    return dept


def user_ensure(
    *,
    username: str,
    display_name: str,
    password: str | None = None,
    email: str = "",
    phone: str = "",
    is_superuser: bool = False,
    actor=None,
) -> User:
    """Create a staff user (or leave an existing one as it is)."""
    with transaction.atomic():
        user = User.objects.filter(username=username).first()
        if user is not None:
            return user
        user = User(
            username=username,
            display_name=display_name,
            email=email,
            phone=phone,
            is_staff=True,
            is_superuser=is_superuser,
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        audit_create(actor=actor, obj=user)
    return user


def membership_grant(*, user: User, department: Department, role: str, actor=None) -> Membership:
    if role not in Role.values:
        raise ValidationError(gettext("未知角色：%(role)s") % {"role": role})
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(user=user, department=department, role=role)
        if created:
            audit_create(actor=actor, obj=membership)
        elif not membership.is_active:
            before = snapshot(membership)
            membership.is_active = True
            membership.save(update_fields=["is_active"])
            audit_update(actor=actor, obj=membership, before=before)
    return membership
