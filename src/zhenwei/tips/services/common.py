"""What the tip services share: the audited fields, the audit row and the timeline entry."""

from __future__ import annotations

from django.utils import timezone

from zhenwei.core.access import actor_user
from zhenwei.core.audit import audit_record, snapshot

from ..choices import TipKind
from ..models import Tip, TipEvent

# Working days for the acceptance decision (受理决定), by kind.
ACCEPTANCE_WORKING_DAYS = {TipKind.TIP: 15, TipKind.COMPLAINT: 7}
# Fields kept out of the audit trail: the tipster's identity is protected even from auditors.
PII_FIELDS = ("reporter_name", "reporter_phone", "reporter_id_number")
AUDIT_FIELDS = [
    "number",
    "kind",
    "channel",
    "status",
    "category",
    "wrong_kind",
    "subject_name",
    "subject_credit_code",
    "identity_code",
    "certificate_number",
    "website_url",
    "training_institution",
    "division",
    "address",
    "occurred_on",
    "anonymous",
    "received_at",
    "acceptance_due",
    "accepted_at",
    "closed_at",
    "lead_department",
    "clue",
    "duplicate_of",
    "duplicate_reason",
]


def _snap(tip: Tip) -> dict:
    return snapshot(tip, AUDIT_FIELDS)


def _audit(tip: Tip, actor, action: str, before: dict | None = None, note: str = "") -> None:
    after = _snap(tip)
    if before is not None:
        changed = {k for k in after if before.get(k) != after.get(k)}
        before = {k: before.get(k) for k in changed}
        after = {k: after[k] for k in changed}
    audit_record(actor=actor, action=action, obj=tip, before=before, after=after, note=note)


def _event(
    tip: Tip,
    kind: str,
    *,
    actor=None,
    at=None,
    from_status="",
    to_status="",
    note="",
    public=False,
    public_text="",
):
    return TipEvent.objects.create(
        tip=tip,
        at=at or timezone.now(),
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        note=note,
        public=public,
        public_text=public_text,
        actor=actor_user(actor),
    )
