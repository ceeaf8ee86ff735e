"""Routing: which departments act on a matter, resolved from RoutingRule rows (data, not code)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from zhenwei.core.models import Department, Division

from .models import ProductCategory, RoutingRule


@dataclass(frozen=True)
class RouteTarget:
    department: Department
    role: str
    rule_id: int


def nearest_department(*, kind_id: int, division: Division) -> Department | None:
    """The active department of that kind in the division, else in the nearest division above it."""
    codes = division.ancestor_codes
    candidates = {
        d.division.code: d
        for d in Department.objects.filter(kind_id=kind_id, is_active=True, division__code__in=codes)
        .select_related("division")
        .order_by("-pk")
    }
    for code in reversed(codes):
        if code in candidates:
            return candidates[code]
    return None


def route(
    *,
    purpose: str,
    division: Division,
    category: ProductCategory | None = None,
    domain: str = "",
    outcome: str = "",
    source_department: Department | None = None,
) -> list[RouteTarget]:
    """The departments for a matter: lead first, then cooperating, then copies; no department twice."""
    rules = RoutingRule.objects.filter(is_active=True, purpose=purpose)
    rules = rules.filter(
        Q(category__isnull=True) | Q(category_id__in=category.lineage_ids() if category else [])
    )
    rules = rules.filter(Q(division__isnull=True) | Q(division__code__in=division.ancestor_codes))
    rules = rules.filter(Q(domain="") | Q(domain=domain))
    rules = rules.filter(Q(outcome="") | Q(outcome=outcome))
    rules = rules.filter(
        Q(source_department_kind__isnull=True)
        | Q(source_department_kind_id=source_department.kind_id if source_department else None)
    )
    order = {"lead": 0, "cooperate": 1, "copy": 2}

    def specificity(rule: RoutingRule) -> int:
        return sum(
            bool(x)
            for x in (
                rule.category_id,
                rule.division_id,
                rule.domain,
                rule.outcome,
                rule.source_department_kind_id,
            )
        )

    targets: list[RouteTarget] = []
    seen: set[int] = set()
    has_lead = False
    for rule in sorted(rules, key=lambda r: (order.get(r.role, 9), -specificity(r), r.pk)):
        if rule.role == "lead" and has_lead:
            continue  # only the most specific lead rule leads
        department = nearest_department(kind_id=rule.department_kind_id, division=division)
        if department is None or department.pk in seen:
            continue
        has_lead = has_lead or rule.role == "lead"
        if source_department is not None and department.pk == source_department.pk:
            continue
        seen.add(department.pk)
        targets.append(RouteTarget(department=department, role=rule.role, rule_id=rule.pk))
    return targets


def lead_department(
    *, purpose: str, division: Division, category: ProductCategory | None = None, domain: str = ""
) -> Department | None:
    for target in route(purpose=purpose, division=division, category=category, domain=domain):
        if target.role == "lead":
            return target.department
    return None
