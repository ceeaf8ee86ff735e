"""Every transition rule, closing rules (409 with blocking actions), actions and their checks."""

import itertools

import pytest
from django.core.exceptions import ValidationError

from zhenwei.cases.choices import ActionKind, CaseKind, CaseStatus, EventKind
from zhenwei.cases.models import Case
from zhenwei.cases.services import (
    CaseCloseBlocked,
    case_action_add,
    case_action_cancel,
    case_action_complete,
    case_transition,
)
from zhenwei.cases.workflow import NOTE_REQUIRED, STATUS_GROUP, TRANSITIONS
from zhenwei.core.models import AuditEntry

PAIRS = [(a, b) for a, b in itertools.product(CaseStatus.values, repeat=2) if a != b]


@pytest.mark.parametrize(("start", "to"), PAIRS)
def test_every_transition_follows_the_table(org, make_case, start, to):
    case = make_case()
    Case.objects.filter(pk=case.pk).update(status=start)
    case.refresh_from_db()
    events = case.events.count()
    if to in TRANSITIONS[start]:
        case = case_transition(case=case, to=to, actor=org.officer_a, note="理由")
        assert case.status == to
        assert case.events.count() == events + 1
        assert case.events.last().kind == EventKind.TRANSITION and case.events.last().from_status == start
        assert AuditEntry.objects.filter(
            model="cases.case", object_id=str(case.pk), action="transition"
        ).exists()
        assert (case.closed_on is not None) == (STATUS_GROUP[to] == "closed")
    else:
        with pytest.raises(ValidationError, match="不能从"):
            case_transition(case=case, to=to, actor=org.officer_a, note="理由")
        case.refresh_from_db()
        assert case.status == start and case.events.count() == events


@pytest.mark.parametrize(("start", "to"), sorted(NOTE_REQUIRED))
def test_dismissing_and_reopening_need_a_reason(org, make_case, start, to):
    case = make_case()
    Case.objects.filter(pk=case.pk).update(status=start)
    with pytest.raises(ValidationError, match="理由"):
        case_transition(case=Case.objects.get(pk=case.pk), to=to, actor=org.officer_a)


def test_every_state_belongs_to_a_group():
    assert set(STATUS_GROUP) == set(CaseStatus.values)
    assert set(STATUS_GROUP.values()) == {"open", "handling", "closed"}


def test_open_actions_and_missing_required_actions_block_closing(org, make_case):
    case = make_case(kind=CaseKind.UNQUALIFIED)
    order = case_action_add(case=case, kind=ActionKind.ORDER_CORRECT, actor=org.officer_a)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.RECTIFYING
    with pytest.raises(CaseCloseBlocked) as blocked:
        case_transition(case=case, to=CaseStatus.CLOSED, actor=org.officer_a)
    reasons = {(b["kind"], b["reason"]) for b in blocked.value.blocking}
    assert reasons == {("order_correct", "open"), ("recheck", "missing")}
    case_action_complete(action=order, actor=org.officer_a, outcome="已整改")
    recheck = case_action_add(case=case, kind=ActionKind.RECHECK, actor=org.officer_a)
    assert recheck.parent_id == order.pk
    case_action_complete(action=recheck, actor=org.officer_a, recheck_passed=False)
    with pytest.raises(CaseCloseBlocked) as blocked:
        case_transition(case=case, to=CaseStatus.CLOSED, actor=org.officer_a)
    assert [b["reason"] for b in blocked.value.blocking] == ["recheck_failed"]
    again = case_action_add(case=case, kind=ActionKind.RECHECK, actor=org.officer_a)
    case_action_complete(action=again, actor=org.officer_a, recheck_passed=True)
    assert case_transition(case=case, to=CaseStatus.CLOSED, actor=org.officer_a).status == CaseStatus.CLOSED


def test_recheck_needs_an_order_and_closed_cases_take_no_actions(org, make_case):
    case = make_case()
    with pytest.raises(ValidationError, match="责令改正"):
        case_action_add(case=case, kind=ActionKind.RECHECK, actor=org.officer_a)
    case_transition(case=case, to=CaseStatus.DISMISSED, actor=org.officer_a, note="不构成违法")
    with pytest.raises(ValidationError, match="不能再新增措施"):
        case_action_add(case=case, kind=ActionKind.EVIDENCE, actor=org.officer_a)


def test_completion_requires_the_figures_of_the_kind(org, make_case):
    case = make_case()
    for kind, field in [
        ("destruction", "quantity_destroyed"),
        ("seizure", "quantity_seized"),
        ("penalty", "fine_yuan"),
        ("recall", "quantity_recalled"),
        ("suspension", "suspension_days"),
    ]:
        action = case_action_add(case=case, kind=kind, actor=org.officer_a)
        with pytest.raises(ValidationError):
            case_action_complete(action=action, actor=org.officer_a)
        value = 7 if field == "suspension_days" else "1200.50"
        done = case_action_complete(action=action, actor=org.officer_a, **{field: value})
        assert done.status == "done" and getattr(done, field) is not None
    with pytest.raises(ValidationError, match="负数"):
        case_action_add(case=case, kind="penalty", actor=org.officer_a, fine_yuan="-5")


def test_cancelled_action_needs_reason_and_unblocks(org, make_case):
    case = make_case(kind=CaseKind.OTHER)
    action = case_action_add(
        case=case, kind=ActionKind.LETTER, actor=org.officer_a, recipient="乙县市场监管局"
    )
    with pytest.raises(ValidationError):
        case_action_cancel(action=action, actor=org.officer_a, reason=" ")
    case_action_cancel(action=action, actor=org.officer_a, reason="对方已自行掌握")
    assert case_transition(case=case, to=CaseStatus.CLOSED, actor=org.officer_a).status == CaseStatus.CLOSED


def test_flow_trace_creates_follow_ups_and_transfers_other_counties(org, make_case):
    from zhenwei.cases.services import FlowPlace, case_flow_trace
    from zhenwei.core.models import Share

    case = make_case(kind=CaseKind.COUNTERFEIT)
    trace = case_action_add(case=case, kind=ActionKind.FLOW_TRACE, actor=org.officer_a)
    follow = case_flow_trace(
        action=trace,
        actor=org.officer_a,
        places=[
            FlowPlace(place="甲县一镇某五金店", division=org.t),
            FlowPlace(place="乙县某批发部", division=org.b),
        ],
    )
    assert [f.kind for f in follow] == ["follow_up", "follow_up"]
    assert follow[1].department == org.dept(org.b, "market")
    assert Share.objects.filter(
        object_id=case.pk, to_department=org.dept(org.b, "market"), kind="transfer"
    ).exists()
    assert Case.objects.get(pk=case.pk).coordination_level == "city"
    with pytest.raises(ValidationError, match="流向地核查"):
        case_action_complete(action=trace, actor=org.officer_a)
