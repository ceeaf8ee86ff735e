"""Reads for tips: staff lists through restrict(), and the tipster's public progress by receipt code."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext

from zhenwei.core.access import restrict

from .choices import PUBLIC_STAGE, TipStatus
from .models import Reward, Tip
from .receipt import receipt_clean, receipt_digest, receipt_display


def tip_list(*, user, action: str = "view") -> QuerySet[Tip]:
    """Tips the user may see (their divisions and below, plus tips transferred or copied to them)."""
    return restrict(
        Tip.objects.select_related("category", "division", "lead_department", "duplicate_of"), user, action
    )


def reward_list(*, user) -> QuerySet[Reward]:
    return restrict(
        Reward.objects.select_related("tip", "tip__division", "scheme", "proposed_by", "decided_by"), user
    )


def tip_by_receipt(code: str) -> Tip | None:
    clean = receipt_clean(code)
    if clean is None:
        return None
    return (
        Tip.objects.select_related("category", "lead_department", "clue", "duplicate_of__clue")
        .filter(receipt_digest=receipt_digest(clean))
        .first()
    )


@dataclass
class PublicProgress:
    """What a tipster may read: stages and public replies only (no notes, no staff names)."""

    receipt: str
    number: str
    kind: str
    category: str
    received_at: object
    acceptance_due: object
    status: str
    stage: str
    department: str
    investigation: str
    events: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "receipt": self.receipt,
            "number": self.number,
            "kind": self.kind,
            "category": self.category,
            "received_at": self.received_at.isoformat() if self.received_at else None,
            "acceptance_due": self.acceptance_due.isoformat() if self.acceptance_due else None,
            "status": self.status,
            "stage": self.stage,
            "department": self.department,
            "investigation": self.investigation,
            "events": [{"at": e["at"].isoformat(), "text": e["text"]} for e in self.events],
        }


def _investigation_stage(clue) -> str:
    """The clue's (and its case's) progress in public words. A clue becomes at most one case
    (``Case.clue`` is one-to-one, reverse name ``case``)."""
    if clue is None:
        return ""
    from django.core.exceptions import ObjectDoesNotExist

    from zhenwei.cases.choices import ClueStatus

    try:
        case = clue.case
    except ObjectDoesNotExist:  # the clue was not (yet) made a case
        case = None
    if case is not None:
        return gettext("已立案，案件已办结") if case.status_group == "closed" else gettext("已立案调查")
    if clue.status == ClueStatus.CONVERTED:
        return gettext("已立案调查")
    if clue.status == ClueStatus.CLOSED:
        return gettext("线索已核查了结")
    return gettext("线索核查中")


def _public_investigation(tip: Tip, clue) -> str:
    """The clue or case stage, when it tells the tipster more than the tip's own stage."""
    if tip.status in (TipStatus.RECEIVED, TipStatus.NOT_ACCEPTED):
        return ""
    stage = _investigation_stage(clue)
    if tip.status == TipStatus.CLOSED and stage == "线索核查中":
        return ""  # a closed tip whose clue was never triaged: "still checking" would mislead
    return stage


def tip_public_progress(code: str) -> PublicProgress | None:
    """The public view of a tip for whoever holds its receipt code, or None (wrong or unknown code)."""
    tip = tip_by_receipt(code)
    if tip is None:
        return None
    clue = tip.clue or (tip.duplicate_of.clue if tip.duplicate_of_id and tip.duplicate_of else None)
    events = [
        {"at": e.at, "text": e.public_text}
        for e in tip.events.filter(public=True).order_by("at", "pk").only("at", "public_text")
        if e.public_text
    ]
    if tip.duplicate_of_id and tip.status == TipStatus.RECEIVED:
        events.append({"at": tip.received_at, "text": gettext("您反映的问题已有人反映，将合并办理。")})
    show_department = tip.status not in (TipStatus.RECEIVED, TipStatus.NOT_ACCEPTED)
    clean = receipt_clean(code) or ""
    return PublicProgress(
        receipt=receipt_display(clean),
        number=tip.number or "",
        kind=tip.get_kind_display(),
        category=tip.category.name if tip.category else "",
        received_at=tip.received_at,
        acceptance_due=tip.acceptance_due if tip.status == TipStatus.RECEIVED else None,
        status=tip.status,
        stage=str(PUBLIC_STAGE[tip.status]),
        department=tip.lead_department.name if show_department and tip.lead_department else "",
        investigation=_public_investigation(tip, clue),
        events=events,
    )
