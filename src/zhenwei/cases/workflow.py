"""The case workflow as data: state groups, the one transitions table, required actions, deadlines.

case_transition() in services.py is the only code that changes a case's status, and it reads these
tables; views and the API never decide on their own what may happen next.
"""

from __future__ import annotations

from .choices import ActionKind, CaseKind, CaseStatus, DeadlineCode, StatusGroup

S = CaseStatus

STATUS_GROUP: dict[str, str] = {
    S.REGISTERED: StatusGroup.OPEN,
    S.INVESTIGATING: StatusGroup.HANDLING,
    S.RECTIFYING: StatusGroup.HANDLING,
    S.TRANSFERRED: StatusGroup.HANDLING,
    S.CLOSED: StatusGroup.CLOSED,
    S.DISMISSED: StatusGroup.CLOSED,
}

# from → allowed targets. Closing checks blocking actions on top of this table; dismissing and
# reopening need a note (reason).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.REGISTERED: (S.INVESTIGATING, S.DISMISSED),
    S.INVESTIGATING: (S.RECTIFYING, S.TRANSFERRED, S.CLOSED, S.DISMISSED),
    S.RECTIFYING: (S.INVESTIGATING, S.TRANSFERRED, S.CLOSED),
    S.TRANSFERRED: (S.INVESTIGATING, S.RECTIFYING, S.CLOSED),
    S.CLOSED: (S.INVESTIGATING,),  # reopening (重新办理), with a reason
    S.DISMISSED: (S.REGISTERED,),  # revoking a dismissal, with a reason
}

NOTE_REQUIRED: set[tuple[str, str]] = {
    (S.REGISTERED, S.DISMISSED),
    (S.INVESTIGATING, S.DISMISSED),
    (S.CLOSED, S.INVESTIGATING),
    (S.DISMISSED, S.REGISTERED),
}

# Actions a case of each kind must have done (or explicitly cancelled with a reason) before closing.
REQUIRED_ACTIONS: dict[str, tuple[str, ...]] = {
    CaseKind.UNQUALIFIED: (ActionKind.ORDER_CORRECT, ActionKind.RECHECK),
    CaseKind.COUNTERFEIT: (ActionKind.EVIDENCE, ActionKind.DESTRUCTION),
    CaseKind.FAKE_CERTIFICATE: (ActionKind.EVIDENCE, ActionKind.POLICE_TRANSFER),
    CaseKind.FAKE_WEBSITE: (ActionKind.EVIDENCE, ActionKind.POLICE_TRANSFER),
    CaseKind.OTHER: (),
}

# Actions whose opening moves a case on automatically (only when the table allows it).
ACTION_MOVES_CASE: dict[str, str] = {
    ActionKind.ORDER_CORRECT: S.RECTIFYING,
    ActionKind.POLICE_TRANSFER: S.TRANSFERRED,
}

# Working days unless stated. MPS Order 122 art. 26 for the three judgment deadlines.
DEFAULT_DEADLINES: dict[str, int] = {
    DeadlineCode.TRANSFER_ACK: 2,
    DeadlineCode.TRANSFER_ESCALATE: 3,
    DeadlineCode.JUDGMENT_SERVE: 3,
    DeadlineCode.LAB_SEND: 5,
    DeadlineCode.LAB_RESULT: 3,
    DeadlineCode.CORRECTION: 10,
    DeadlineCode.CASE_HANDLING: 60,
}


def allowed_targets(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def group_of(status: str) -> str:
    return STATUS_GROUP[status]


def statuses_in(group: str) -> list[str]:
    return [s for s, g in STATUS_GROUP.items() if g == group]
