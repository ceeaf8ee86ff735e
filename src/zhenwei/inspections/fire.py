"""Writes of fire investigations extended to products (火灾延伸调查, seed 001).

After a fire the fire-rescue department records the fire and the fire products involved, traces each
product to its maker and its seller (enterprises of the registry, or a name when the unit is not in
it) and opens clues for them. The clues are opened by the one clue service (cases.services.clue_open)
and routed like every other clue: to the lead department of the clue routing rules for the division
of the maker or seller (the fire's division when the unit is not in the registry), else to the
nearest market-supervision department. Each service checks scope and writes its audit row in its
transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhenwei.cases.choices import ClueSource
from zhenwei.cases.contracts import clue_open
from zhenwei.catalog.choices import Domain, RoutingPurpose
from zhenwei.catalog.contracts import lead_department, nearest_department
from zhenwei.core.access import actor_user, allowed, require
from zhenwei.core.audit import audit_create, audit_record, audit_update, snapshot
from zhenwei.core.choices import AuditAction
from zhenwei.core.models import Department, DepartmentKind, Division

from .extension_choices import TraceRole
from .models import FireInvestigation, FireProduct

# Fields of a product an entry point may give (the rest is set by the services).
PRODUCT_FIELDS = (
    "category",
    "product_type",
    "brand",
    "model",
    "identity_code",
    "quantity",
    "unit",
    "certificate_number",
    "maker",
    "maker_name",
    "seller",
    "seller_name",
    "finding",
)


def _check_enterprise(actor, enterprise, label: str) -> None:
    """A traced unit chosen from the registry must be one the actor may see (else: type its name)."""
    if enterprise is not None and not allowed(actor, "view", enterprise):
        raise PermissionDenied(f"{label}“{enterprise.pk}”不在您可查看的主体台账中，请填写名称")


def _product(investigation: FireInvestigation, raw: dict[str, Any], n: int, actor) -> FireProduct:
    unknown = set(raw) - set(PRODUCT_FIELDS)
    if unknown:
        raise ValidationError(f"第{n}项产品：未知字段 {', '.join(sorted(unknown))}")
    data = dict(raw)
    for name in ("product_type", "brand", "model", "identity_code", "certificate_number", "unit"):
        if name in data:
            data[name] = (data[name] or "").strip()
    for name in ("maker_name", "seller_name", "finding"):
        data[name] = (data.get(name) or "").strip()
    try:
        data["quantity"] = Decimal(str(data.get("quantity") or 1))
    except (InvalidOperation, ValueError):
        raise ValidationError(f"第{n}项产品：数量应为数字") from None
    if data["quantity"] <= 0:
        raise ValidationError(f"第{n}项产品：数量应大于零")
    if data.get("maker") is not None:
        data["maker_name"] = ""
    if data.get("seller") is not None:
        data["seller_name"] = ""
    _check_enterprise(actor, data.get("maker"), "生产企业")
    _check_enterprise(actor, data.get("seller"), "销售单位")
    product = FireProduct(investigation=investigation, **data)
    try:
        product.full_clean(exclude=["investigation"])
    except ValidationError as exc:
        raise ValidationError(f"第{n}项产品：{'；'.join(exc.messages)}") from None
    return product


def fire_investigation_create(
    *,
    title: str,
    occurred_on: dt.date,
    place: str,
    department: Department,
    actor,
    division: Division | None = None,
    cause_summary: str = "",
    deaths: int = 0,
    injuries: int = 0,
    campaign=None,
    products: Iterable[dict[str, Any]] = (),
) -> FireInvestigation:
    """Record a fire and the fire products involved (each a dict of PRODUCT_FIELDS)."""
    division = division or department.division
    if not division.is_within(department.division):
        raise ValidationError("起火地点的行政区划应在调查单位辖区内")
    require(actor, "change", division)
    if occurred_on > timezone.localdate():
        raise ValidationError("起火日期不能晚于今天")
    investigation = FireInvestigation(
        title=(title or "").strip(),
        occurred_on=occurred_on,
        place=(place or "").strip(),
        division=division,
        department=department,
        cause_summary=(cause_summary or "").strip(),
        deaths=deaths or 0,
        injuries=injuries or 0,
        campaign=campaign,
        created_by=actor_user(actor),
    )
    investigation.full_clean()
    rows = [_product(investigation, raw, n, actor) for n, raw in enumerate(products, start=1)]
    with transaction.atomic():
        investigation.save()
        for product in rows:
            product.investigation = investigation
            product.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=investigation,
            after={**snapshot(investigation), "products": [snapshot(p) for p in rows]},
        )
    return investigation


def fire_product_add(*, investigation: FireInvestigation, actor, **fields) -> FireProduct:
    """Add one fire product to a recorded fire."""
    require(actor, "change", investigation)
    product = _product(investigation, fields, investigation.products.count() + 1, actor)
    with transaction.atomic():
        product.save()
        audit_create(actor=actor, obj=product)
    return product


def fire_product_trace(
    *,
    product: FireProduct,
    actor,
    maker=None,
    maker_name: str = "",
    seller=None,
    seller_name: str = "",
    finding: str | None = None,
) -> FireProduct:
    """Record (or correct) where a product came from: its maker and its seller."""
    require(actor, "change", product.investigation)
    _check_enterprise(actor, maker, "生产企业")
    _check_enterprise(actor, seller, "销售单位")
    before = snapshot(product)
    product.maker = maker
    product.maker_name = "" if maker is not None else (maker_name or "").strip()[:200]
    product.seller = seller
    product.seller_name = "" if seller is not None else (seller_name or "").strip()[:200]
    if finding is not None:
        product.finding = finding.strip()
    product.full_clean(exclude=["investigation"])
    with transaction.atomic():
        product.save()
        audit_update(actor=actor, obj=product, before=before, note="traced")
    return product


def clue_department(division: Division, category, domain: str) -> Department | None:
    """The clue's department, as every clue is routed; the nearest market supervision otherwise."""
    found = lead_department(purpose=RoutingPurpose.CLUE, division=division, category=category, domain=domain)
    if found is not None:
        return found
    market = DepartmentKind.objects.filter(code="market").first()
    return nearest_department(kind_id=market.pk, division=division) if market else None


def fire_product_open_clues(*, product: FireProduct, actor, roles: Iterable[str] | None = None) -> list:
    """Open a clue for the maker and for the seller of a product (those traced, or ``roles``);
    a product's clue for a role is opened once (dedupe key)."""
    investigation = product.investigation
    require(actor, "change", investigation)
    wanted = list(roles) if roles is not None else [r for r in TraceRole.values]
    for role in wanted:
        if role not in TraceRole.values:
            raise ValidationError(f"未知的追溯对象：{role}（可选：{', '.join(TraceRole.values)}）")
    opened = []
    with transaction.atomic():
        before = snapshot(product)
        for role in wanted:
            enterprise = product.maker if role == TraceRole.MAKER else product.seller
            name = (
                enterprise.name
                if enterprise is not None
                else (product.maker_name if role == TraceRole.MAKER else product.seller_name)
            )
            if not name:
                if roles is not None:
                    raise ValidationError(f"尚未追溯到{TraceRole(role).label}，不能移交线索")
                continue
            if getattr(product, f"{role}_clue_id"):
                continue
            division = enterprise.division if enterprise is not None else investigation.division
            domain = Domain.PRODUCTION if role == TraceRole.MAKER else Domain.CIRCULATION
            details = "，".join(
                x
                for x in (
                    f"商标 {product.brand}" if product.brand else "",
                    f"型号 {product.model}" if product.model else "",
                    f"身份标识码 {product.identity_code}" if product.identity_code else "",
                    f"证书编号 {product.certificate_number}" if product.certificate_number else "",
                    f"数量 {product.quantity.normalize():f}{product.unit}",
                )
                if x
            )
            clue = clue_open(
                source=ClueSource.TRANSFER,
                title=f"火灾延伸调查：{name}（{TraceRole(role).label}）{product.product_type}",
                description=(
                    f"{investigation.occurred_on:%Y-%m-%d} {investigation.place}火灾（{investigation.title}）"
                    f"涉及产品：{product.product_type}（{details}）。"
                    + (f"起火原因：{investigation.cause_summary}。" if investigation.cause_summary else "")
                    + (f"调查发现：{product.finding}。" if product.finding else "")
                    + ("" if enterprise is not None else f"{TraceRole(role).label}未在主体台账中。")
                ),
                division=division,
                category=product.category,
                department=clue_department(division, product.category, domain),
                domain=domain,
                source_object=product,
                dedupe_key=f"fire-product:{product.pk}:{role}",
                actor=actor,
            )
            setattr(product, f"{role}_clue", clue)
            opened.append(clue)
        if opened:
            product.save(update_fields=["maker_clue", "seller_clue"])
            audit_update(actor=actor, obj=product, before=before, note=f"{len(opened)} clue(s) opened")
    return opened


def fire_investigation_open_clues(*, investigation: FireInvestigation, actor) -> list:
    """Open the clues of every traced product of a fire not yet handed over."""
    require(actor, "change", investigation)
    opened = []
    with transaction.atomic():
        for product in investigation.products.select_related("maker__division", "seller__division"):
            opened += fire_product_open_clues(product=product, actor=actor)
    return opened


def enterprise_lookup(*, user, text: str):
    """The registry enterprise a typed USCC or exact name names, among those ``user`` may see;
    None when there is no single one (the unit is then kept by name, "not in the registry")."""
    from zhenwei.core.access import restrict
    from zhenwei.core.text import normalize
    from zhenwei.registry.models import Enterprise

    text = (text or "").strip()
    if not text:
        return None
    visible = restrict(Enterprise.objects.select_related("division"), user)
    code = "".join(text.split()).upper()
    if len(code) == 18 and code.isalnum():
        found = visible.filter(uscc=code).first()
        if found is not None:
            return found
    matches = list(visible.filter(name_normalized=normalize(text)[:200])[:2])
    return matches[0] if len(matches) == 1 else None
