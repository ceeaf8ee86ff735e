"""Writes for clues and cases. Every source opens a clue through clue_open(); every case status change
goes through case_transition(); every transfer or copy between departments through share_create().

One module per family of writes; this package names every public service so callers keep importing
``zhenwei.cases.services`` (other apps go through ``zhenwei.cases.contracts``):

- ``clues``: clue_open, clue_triage, clue_reassign
- ``opening``: case_open, case_backdate
- ``transitions``: case_transition, case_blocking_actions, CaseCloseBlocked
- ``actions``: the measures of a case (add, update, complete, cancel, flow trace, overdue reminders)
- ``timeline``: case_note, case_note_from, case_evidence_add
- ``transfers``: share_create, share_acknowledge, shares_escalate, coordination levels
- ``deadlines``: deadline_days, deadline_from, deadline_rule_set
"""

from ._common import target_url
from .actions import (
    FIGURE_FIELDS,
    REQUIRED_ON_COMPLETE,
    UPDATABLE_FIELDS,
    FlowPlace,
    case_action_add,
    case_action_cancel,
    case_action_complete,
    case_action_update,
    case_flow_trace,
    overdue_actions_notify,
)
from .authority import register_source_authority
from .clues import clue_open, clue_reassign, clue_triage
from .deadlines import deadline_days, deadline_from, deadline_rule_set
from .opening import case_backdate, case_open
from .timeline import case_evidence_add, case_note, case_note_from
from .transfers import (
    campaign_office_for,
    coordination_level,
    share_acknowledge,
    share_create,
    shares_escalate,
)
from .transitions import CaseCloseBlocked, case_blocking_actions, case_transition

__all__ = [
    "register_source_authority",
    "FIGURE_FIELDS",
    "REQUIRED_ON_COMPLETE",
    "UPDATABLE_FIELDS",
    "CaseCloseBlocked",
    "FlowPlace",
    "campaign_office_for",
    "case_action_add",
    "case_action_cancel",
    "case_action_complete",
    "case_action_update",
    "case_backdate",
    "case_blocking_actions",
    "case_evidence_add",
    "case_flow_trace",
    "case_note",
    "case_note_from",
    "case_open",
    "case_transition",
    "clue_open",
    "clue_reassign",
    "clue_triage",
    "coordination_level",
    "deadline_days",
    "deadline_from",
    "deadline_rule_set",
    "overdue_actions_notify",
    "share_acknowledge",
    "share_create",
    "shares_escalate",
    "target_url",
]
