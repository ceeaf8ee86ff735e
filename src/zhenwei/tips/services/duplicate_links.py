"""Duplicates: a tip linked to the one it repeats (found at intake or by staff), never deleted."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from zhenwei.core.access import require
from zhenwei.core.choices import AuditAction

from ..choices import DuplicateReason, TipEventKind
from ..models import Tip
from .common import _audit, _event, _snap


def _link(tip: Tip, original: Tip, reason: str, score: float | None, *, actor, at=None) -> None:
    before = _snap(tip)
    tip.duplicate_of = original
    tip.duplicate_reason = reason
    tip.duplicate_score = score
    tip.save(update_fields=["duplicate_of", "duplicate_reason", "duplicate_score", "updated_at"])
    _event(
        tip,
        TipEventKind.DUPLICATE,
        actor=actor,
        at=at,
        note=f"与 {original.number} 重复（{DuplicateReason(reason).label}"
        + (f"，相似度 {score:.2f}）" if score is not None and reason == DuplicateReason.TEXT else "）"),
    )
    _audit(tip, actor or "system", AuditAction.UPDATE, before, note=f"duplicate of {original.number}")


def tip_link_duplicate(*, tip: Tip, original: Tip, actor) -> Tip:
    """Staff mark a tip as repeating another (linked, never deleted)."""
    require(actor, "change", tip)
    require(actor, "view", original)
    if original.pk == tip.pk:
        raise ValidationError(gettext("不能与自身关联"))
    root = original
    while root.duplicate_of_id:
        root = root.duplicate_of
        if root.pk == tip.pk:
            raise ValidationError(gettext("关联会形成循环"))
    with transaction.atomic():
        _link(tip, root, DuplicateReason.MANUAL, None, actor=actor)
    return tip


def tip_unlink_duplicate(*, tip: Tip, actor, reason: str = "") -> Tip:
    """Undo a duplicate link (wrongly detected); the tip is then handled on its own."""
    require(actor, "change", tip)
    if tip.duplicate_of_id is None:
        raise ValidationError(gettext("该举报未被标记为重复"))
    with transaction.atomic():
        before = _snap(tip)
        original = tip.duplicate_of
        tip.duplicate_of = None
        tip.duplicate_reason = ""
        tip.duplicate_score = None
        tip.save(update_fields=["duplicate_of", "duplicate_reason", "duplicate_score", "updated_at"])
        _event(
            tip,
            TipEventKind.UNLINKED,
            actor=actor,
            note=f"解除与 {original.number} 的重复关联：{reason}".rstrip("："),
        )
        _audit(tip, actor, AuditAction.UPDATE, before, note="unlink duplicate")
    return tip
