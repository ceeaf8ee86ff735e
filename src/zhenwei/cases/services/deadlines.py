"""Deadlines in working days: the administrator's DeadlineRule rows, else the built-in defaults."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from zhenwei.core.audit import audit_create, audit_update, snapshot
from zhenwei.core.workdays import add_working_days

from ..choices import DeadlineCode
from ..models import DeadlineRule
from ..workflow import DEFAULT_DEADLINES


def deadline_days(code: str) -> int:
    """Working days for a deadline: the administrator's DeadlineRule row, else the built-in default."""
    row = DeadlineRule.objects.filter(code=code).values_list("working_days", flat=True).first()
    return row if row is not None else DEFAULT_DEADLINES[code]


def deadline_from(code: str, start: dt.date | dt.datetime) -> dt.date:
    return add_working_days(start, deadline_days(code))


def deadline_rule_set(*, code: str, working_days: int, basis: str = "", actor) -> DeadlineRule:
    """Set a deadline (working days); audited."""
    if code not in DeadlineCode.values:
        raise ValidationError(gettext("未知期限：%(code)s") % {"code": code})
    if working_days < 0 or working_days > 365:
        raise ValidationError(gettext("工作日数应在 0 到 365 之间"))
    with transaction.atomic():
        rule = DeadlineRule.objects.filter(code=code).first()
        if rule is None:
            rule = DeadlineRule.objects.create(code=code, working_days=working_days, basis=basis)
            audit_create(actor=actor, obj=rule)
        else:
            before = snapshot(rule)
            rule.working_days, rule.basis = working_days, basis or rule.basis
            rule.save()
            audit_update(actor=actor, obj=rule, before=before)
    return rule
