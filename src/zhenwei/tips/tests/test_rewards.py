"""Rewards: tiers (progressive bands, minimum, cap), eligibility, the two-person rule, payment, audit."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhenwei.core.choices import Role
from zhenwei.core.models import AuditEntry
from zhenwei.core.tests.factories import user_with_role
from zhenwei.tips.models import Reward, RewardScheme, RewardTier
from zhenwei.tips.rewards import reward_approve, reward_compute, reward_propose, reward_scheme_for
from zhenwei.tips.services import tip_accept

from .helpers import submit


@pytest.mark.parametrize(
    ("fine", "amount"),
    [
        ("5000", "500"),  # 6 % is 300: raised to the minimum
        ("60000", "3600"),  # 6 %
        ("150000", "8000"),  # 6 % of 100 000 + 4 % of 50 000
        ("2500000", "72000"),  # 6000 + 36000 + 2 % of 1 500 000
        ("9000000", "100000"),  # 6000 + 36000 + 160000 = 202000: capped per case
    ],
)
def test_amount_from_tiers(scheme, fine, amount):
    value, calculation = reward_compute(scheme=scheme, fine=Decimal(fine))
    assert value == Decimal(amount)
    assert calculation["amount"] == amount


def test_larger_fine_never_earns_less(scheme):
    amounts = [reward_compute(scheme=scheme, fine=Decimal(f))[0] for f in range(0, 6_000_000, 50_000)]
    assert amounts == sorted(amounts)


def test_most_specific_scheme_applies(org, scheme):
    local = RewardScheme.objects.create(
        name="甲县办法", division=org.a, minimum_amount=Decimal("1000"), cap_per_case=Decimal("5000")
    )
    RewardTier.objects.create(scheme=local, fine_from=Decimal("0"), share_percent=Decimal("10"))
    assert reward_scheme_for(division=org.t) == local
    assert reward_scheme_for(division=org.b) == scheme


@pytest.fixture
def accepted_tip(org, cats):
    tip, _ = submit(
        org.a, category=cats.ext, anonymous=False, reporter_name="李丽", reporter_phone="13912345678"
    )
    return tip_accept(tip=tip, actor=org.officer_a)


def test_two_person_rule_through_the_api(org, scheme, accepted_tip, as_user):
    proposer = as_user(org.officer_a)
    response = proposer.post(
        "/api/v1/tip-rewards/",
        {"tip": accepted_tip.pk, "fine_amount": "150000", "case_reference": "甲市监罚〔2026〕8号"},
    )
    assert response.status_code == 201, response.content
    reward_id = response.json()["id"]
    assert response.json()["amount"] == "8000.00" and response.json()["status"] == "proposed"
    # No "approve" capability: refused.
    assert proposer.post(f"/api/v1/tip-rewards/{reward_id}/approve/", {}).status_code == 403
    # A second person with "approve" approves.
    approver = as_user(org.office_p)
    response = approver.post(f"/api/v1/tip-rewards/{reward_id}/approve/", {"note": "同意"})
    assert response.status_code == 200 and response.json()["status"] == "approved"
    today = timezone.localdate().isoformat()
    response = approver.post(
        f"/api/v1/tip-rewards/{reward_id}/pay/",
        {"paid_on": today, "payment_method": "bank_transfer", "payment_reference": "ZF2026001"},
    )
    assert response.status_code == 200 and response.json()["status"] == "paid"
    assert (
        approver.post(
            f"/api/v1/tip-rewards/{reward_id}/pay/",
            {"paid_on": today, "payment_method": "cash", "payment_reference": "X"},
        ).status_code
        == 400
    )
    actions = list(
        AuditEntry.objects.filter(model="tips.reward", object_id=str(reward_id))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "transition", "transition"]


def test_proposer_cannot_approve_even_with_approve_capability(org, scheme, accepted_tip):
    reward = reward_propose(tip=accepted_tip, actor=org.office_p, fine_amount=Decimal("60000"))
    with pytest.raises(PermissionDenied):
        reward_approve(reward=reward, actor=org.office_p)
    other_office = user_with_role("office_p2", org.dept(org.p, "emergency"), Role.CAMPAIGN_OFFICE)
    assert reward_approve(reward=reward, actor=other_office).status == "approved"


def test_database_refuses_self_approval(org, scheme, accepted_tip):
    reward = reward_propose(tip=accepted_tip, actor=org.office_p, fine_amount=Decimal("60000"))
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Reward.objects.filter(pk=reward.pk).update(decided_by=org.office_p)


def test_ineligible_tips_and_one_live_reward(org, cats, scheme, accepted_tip):
    pending, _ = submit(org.a, category=cats.cert, description="有人在群里卖不用考试的操作证，全国联网可查")
    with pytest.raises(ValidationError, match="尚未受理"):
        reward_propose(tip=pending, actor=org.officer_a, fine_amount=Decimal("1000"))
    reward_propose(tip=accepted_tip, actor=org.officer_a, fine_amount=Decimal("1000"))
    with pytest.raises(ValidationError, match="已有奖励"):
        reward_propose(tip=accepted_tip, actor=org.officer_a, fine_amount=Decimal("1000"))
    with pytest.raises(ValidationError):
        reward_propose(tip=accepted_tip, actor=org.officer_a, fine_amount=Decimal("0"))


def test_payment_date_cannot_precede_approval(org, scheme, accepted_tip, as_user):
    reward = reward_propose(tip=accepted_tip, actor=org.officer_a, fine_amount=Decimal("60000"))
    reward_approve(reward=reward, actor=org.office_p)
    early = (timezone.localdate() - dt.timedelta(days=3)).isoformat()
    response = as_user(org.officer_a).post(
        f"/api/v1/tip-rewards/{reward.pk}/pay/",
        {"paid_on": early, "payment_method": "cash", "payment_reference": "X1"},
    )
    assert response.status_code == 400


def test_rewards_awaiting_approval_on_home(org, scheme, accepted_tip, client):
    reward_propose(tip=accepted_tip, actor=org.officer_a, fine_amount=Decimal("60000"))
    client.force_login(org.office_p)
    assert "举报奖励待审批" in client.get("/staff/").content.decode()
    client.force_login(org.officer_a)
    assert "举报奖励待审批" not in client.get("/staff/").content.decode()


def test_reward_page_approve_and_pay(org, scheme, accepted_tip, client):
    reward = reward_propose(tip=accepted_tip, actor=org.officer_a, fine_amount=Decimal("60000"))
    client.force_login(org.office_p)
    assert "批准" in client.get(f"/staff/tips/rewards/{reward.pk}/").content.decode()
    client.post(f"/staff/tips/rewards/{reward.pk}/", {"action": "approve", "note": "同意"})
    client.post(
        f"/staff/tips/rewards/{reward.pk}/",
        {
            "action": "pay",
            "paid_on": timezone.localdate().isoformat(),
            "payment_method": "mobile",
            "payment_reference": "WX001",
        },
    )
    reward.refresh_from_db()
    assert (
        reward.status == "paid"
        and reward.payment_reference == "WX001"
        and reward.paid_recorded_by == org.office_p
    )


def test_admin_edits_of_schemes_and_bands_are_audited(org, client):
    client.force_login(org.admin)
    response = client.post(
        "/admin/tips/rewardscheme/add/",
        {
            "name": "乙县办法",
            "division": org.b.pk,
            "minimum_amount": "300",
            "cap_per_case": "50000",
            "basis": "测试",
            "is_active": "on",
            "tiers-TOTAL_FORMS": "2",
            "tiers-INITIAL_FORMS": "0",
            "tiers-MIN_NUM_FORMS": "0",
            "tiers-MAX_NUM_FORMS": "1000",
            "tiers-0-fine_from": "0",
            "tiers-0-fine_to": "100000",
            "tiers-0-share_percent": "5",
            "tiers-1-fine_from": "100000",
            "tiers-1-fine_to": "",
            "tiers-1-share_percent": "3",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    scheme = RewardScheme.objects.get(name="乙县办法")
    assert scheme.tiers.count() == 2
    assert AuditEntry.objects.filter(model="tips.rewardscheme", object_id=str(scheme.pk)).count() == 1
    assert AuditEntry.objects.filter(model="tips.rewardtier", action="create").count() == 2
    assert reward_compute(scheme=scheme, fine=Decimal("200000"))[0] == Decimal("8000")
