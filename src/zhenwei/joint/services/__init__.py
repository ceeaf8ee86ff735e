"""Writes of joint work, one module per sub-domain. Each service validates, writes inside one
transaction with its audit row, and notifies the people who now have something to do.

Every write asks ``zhenwei.core.access.require(actor, "change", division or record)``: a user must
hold "change" there; a system actor (a job, the demo loader) may write."""

from .actions import LINKABLE, action_collect, action_create, action_link, action_totals, action_unlink
from .decisions import DUE_SOON_DAYS, decision_add, decision_transition, decision_url, decisions_remind
from .destructions import destruction_add_photo, destruction_create
from .meetings import meeting_create
from .publicity import publicity_attach, publicity_create
from .urgent import urgent_report_acknowledge, urgent_report_recipients, urgent_report_submit

__all__ = [
    "DUE_SOON_DAYS",
    "LINKABLE",
    "action_collect",
    "action_create",
    "action_link",
    "action_totals",
    "action_unlink",
    "decision_add",
    "decision_transition",
    "decision_url",
    "decisions_remind",
    "destruction_add_photo",
    "destruction_create",
    "meeting_create",
    "publicity_attach",
    "publicity_create",
    "urgent_report_acknowledge",
    "urgent_report_recipients",
    "urgent_report_submit",
]
