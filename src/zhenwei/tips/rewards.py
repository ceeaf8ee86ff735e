"""Rewards for tips (举报奖励): eligibility, amount from the configured scheme, two-person approval,
payment. Every step audited.

Amount: the fine (罚没款) is cut into the scheme's bands and each slice is rewarded at its band's
share, summed (progressive, like income tax bands, so a larger fine never earns less); the result
is raised to the scheme's minimum and limited to its cap per case, then rounded to whole yuan.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.core.access import allowed, is_system_actor, require
from zhenwei.core.audit import audit_create, audit_record, snapshot
from zhenwei.core.choices import AuditAction

from .choices import REWARD_TRANSITIONS, PaymentMethod, RewardStatus, TipStatus
from .models import Reward, RewardScheme, Tip

YUAN = Decimal("1")


def reward_scheme_for(*, division) -> RewardScheme | None:
    """The active scheme of the nearest division (the tip's own, then those above), else nationwide."""
    schemes = list(
        RewardScheme.objects.filter(is_active=True)
        .filter(Q(division__isnull=True) | Q(division__code__in=division.ancestor_codes))
        .select_related("division")
        .prefetch_related("tiers")
    )
    if not schemes:
        return None
    return max(schemes, key=lambda s: (len(s.division.path) if s.division else 0, s.pk))


def reward_compute(*, scheme: RewardScheme, fine: Decimal) -> tuple[Decimal, dict]:
    """(amount, calculation) for a fine under a scheme; calculation lists each band's slice."""
    fine = Decimal(fine)
    if fine < 0:
        raise ValidationError({"fine_amount": ["罚没款不能为负数"]})
    slices = []
    total = Decimal("0")
    for tier in sorted(scheme.tiers.all(), key=lambda t: t.fine_from):
        if fine <= tier.fine_from:
            break
        upper = fine if tier.fine_to is None else min(fine, tier.fine_to)
        portion = upper - tier.fine_from
        if portion <= 0:
            continue
        part = portion * tier.share_percent / Decimal("100")
        total += part
        slices.append(
            {
                "from": str(tier.fine_from),
                "to": str(upper),
                "percent": str(tier.share_percent),
                "reward": str(part.quantize(Decimal("0.01"))),
            }
        )
    amount = max(total, scheme.minimum_amount)
    capped = amount > scheme.cap_per_case
    amount = min(amount, scheme.cap_per_case).quantize(YUAN, rounding=ROUND_HALF_UP)
    calculation = {
        "scheme": scheme.name,
        "fine": str(fine),
        "bands": slices,
        "sum": str(total.quantize(Decimal("0.01"))),
        "minimum": str(scheme.minimum_amount),
        "cap": str(scheme.cap_per_case),
        "raised_to_minimum": total < scheme.minimum_amount,
        "capped": capped,
        "amount": str(amount),
    }
    return amount, calculation


def reward_eligibility(*, tip: Tip) -> list[str]:
    """Why the tip cannot be rewarded (empty when it can)."""
    problems = []
    if tip.status in (TipStatus.RECEIVED, TipStatus.NOT_ACCEPTED):
        problems.append(gettext("举报尚未受理或不予受理"))
    if tip.duplicate_of_id:
        problems.append(gettext("重复举报：奖励只给首位举报人"))
    if tip.clue_id is None:
        problems.append(gettext("举报未转为线索，无查处结果"))
    if tip.created_by_id and tip.channel == "web":
        problems.append(gettext("工作人员代录的网上举报不予奖励"))
    return problems


def reward_propose(
    *,
    tip: Tip,
    actor,
    fine_amount: Decimal,
    case_reference: str = "",
    note: str = "",
) -> Reward:
    """Propose a reward (first person). The amount is computed from the scheme, never typed in."""
    require(actor, "change", tip)
    problems = reward_eligibility(tip=tip)
    if problems:
        raise ValidationError("不符合奖励条件：" + "；".join(problems))
    scheme = reward_scheme_for(division=tip.division)
    if scheme is None:
        raise ValidationError(gettext("该地区未配置举报奖励办法"))
    if Decimal(fine_amount) <= 0:
        raise ValidationError({"fine_amount": ["罚没款应大于 0（无罚没款的案件不适用按比例奖励）"]})
    amount, calculation = reward_compute(scheme=scheme, fine=Decimal(fine_amount))
    with transaction.atomic():
        if Reward.objects.select_for_update().filter(tip=tip).exclude(status=RewardStatus.REJECTED).exists():
            raise ValidationError(gettext("该举报已有奖励在办"))
        reward = Reward.objects.create(
            tip=tip,
            scheme=scheme,
            fine_amount=Decimal(fine_amount),
            computed_amount=amount,
            amount=amount,
            calculation=calculation,
            case_reference=case_reference.strip()[:100],
            note=note.strip(),
            proposed_by=actor,
        )
        audit_create(actor=actor, obj=reward)
    return reward


def _transition(reward: Reward, to: str) -> None:
    if to not in REWARD_TRANSITIONS.get(reward.status, frozenset()):
        raise ValidationError(
            gettext("奖励不能从“%(rewardstatus_reward_stat)s”变为“%(rewardstatus_to_label)s”")
            % {
                "rewardstatus_reward_stat": RewardStatus(reward.status).label,
                "rewardstatus_to_label": RewardStatus(to).label,
            }
        )


def _decide(*, reward: Reward, actor, to: str, note: str) -> Reward:
    require(actor, "view", reward.tip)
    # The two-person rule is between people: a system actor never decides.
    if is_system_actor(actor) or not allowed(actor, "approve", reward.tip):
        raise PermissionDenied(gettext("审批奖励需要审批权限 (missing capability: approve)"))
    if reward.proposed_by_id == actor.pk:
        raise PermissionDenied(gettext("提出人不能审批自己提出的奖励（须由第二人审批）"))
    with transaction.atomic():
        reward = Reward.objects.select_for_update().select_related("tip").get(pk=reward.pk)
        _transition(reward, to)
        before = snapshot(reward)
        reward.status = to
        reward.decided_by = actor
        reward.decided_at = timezone.now()
        reward.decision_note = note.strip()
        reward.save()
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=reward,
            before={"status": before["status"]},
            after={"status": to, "decided_by": actor.pk, "note": note[:200]},
        )
    return reward


def reward_approve(*, reward: Reward, actor, note: str = "") -> Reward:
    """Second person approves (needs the "approve" capability; never the proposer)."""
    return _decide(reward=reward, actor=actor, to=RewardStatus.APPROVED, note=note)


def reward_reject(*, reward: Reward, actor, note: str) -> Reward:
    if not (note or "").strip():
        raise ValidationError({"note": ["不批准须说明理由"]})
    return _decide(reward=reward, actor=actor, to=RewardStatus.REJECTED, note=note)


def reward_pay(*, reward: Reward, actor, paid_on: dt.date, method: str, reference: str) -> Reward:
    """Record the payment of an approved reward (date, method, voucher reference)."""
    require(actor, "change", reward.tip)
    if method not in PaymentMethod.values:
        raise ValidationError({"payment_method": [f"未知的发放方式：{method}"]})
    if not (reference or "").strip():
        raise ValidationError({"payment_reference": ["请填写发放凭证号"]})
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": ["发放日期不能晚于今天"]})
    with transaction.atomic():
        reward = Reward.objects.select_for_update().select_related("tip").get(pk=reward.pk)
        _transition(reward, RewardStatus.PAID)
        if reward.decided_at and paid_on < timezone.localtime(reward.decided_at).date():
            raise ValidationError({"paid_on": ["发放日期不能早于批准日期"]})
        reward.status = RewardStatus.PAID
        reward.paid_on = paid_on
        reward.payment_method = method
        reward.payment_reference = reference.strip()[:100]
        reward.paid_recorded_by = actor
        reward.save()
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=reward,
            before={"status": RewardStatus.APPROVED},
            after={
                "status": RewardStatus.PAID,
                "paid_on": paid_on,
                "method": method,
                "reference": reward.payment_reference,
            },
        )
    return reward
