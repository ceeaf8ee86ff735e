"""Helpers the joint-work services share."""

from __future__ import annotations

from collections.abc import Iterable

from zhenwei.core.models import Department


def _departments(items: Iterable | None) -> list[Department]:
    result = []
    for item in items or ():
        result.append(item if isinstance(item, Department) else Department.objects.get(pk=item))
    return result


def _m2m_audit(obj, **names) -> dict[str, list[int]]:
    return {name: sorted(d.pk for d in values) for name, values in names.items()}
