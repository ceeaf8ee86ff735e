"""Writes for tips, one module per stage: intake (public or hotline), routing, duplicate links,
handling (the workflow to the reply and closing) and the tipster's identity. Each writes its audit
row in the same transaction, and asks ``zhenwei.core.access.require(actor, action, tip)`` first: an
anonymous visitor is refused, a system actor (a job, the demo loader) may act.

Rewards are in ``tips.rewards``."""

from .common import ACCEPTANCE_WORKING_DAYS, AUDIT_FIELDS, PII_FIELDS
from .duplicate_links import tip_link_duplicate, tip_unlink_duplicate
from .handling import tip_accept, tip_close, tip_decline, tip_note, tip_reply, tip_transition
from .identity import can_see_identity, masked_identity, tip_identity
from .intake import MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, MIN_DESCRIPTION, Attachment, TipInput, tip_submit
from .routing import tip_classify, tip_reroute, tip_route

__all__ = [
    "ACCEPTANCE_WORKING_DAYS",
    "AUDIT_FIELDS",
    "MAX_ATTACHMENTS",
    "MAX_ATTACHMENT_BYTES",
    "MIN_DESCRIPTION",
    "PII_FIELDS",
    "Attachment",
    "TipInput",
    "can_see_identity",
    "masked_identity",
    "tip_accept",
    "tip_classify",
    "tip_close",
    "tip_decline",
    "tip_identity",
    "tip_link_duplicate",
    "tip_note",
    "tip_reply",
    "tip_reroute",
    "tip_route",
    "tip_submit",
    "tip_transition",
    "tip_unlink_duplicate",
]
