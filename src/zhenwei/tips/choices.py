"""Choices of tips and rewards, with the one transitions table of the tip workflow."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TipKind(models.TextChoices):
    """举报 reports a wrong to the public; 投诉 seeks redress for the person's own loss (shorter deadline)."""

    TIP = "tip", _("举报")
    COMPLAINT = "complaint", _("投诉")


class TipChannel(models.TextChoices):
    WEB = "web", _("网上举报")
    HOTLINE_12345 = "12345", _("12345 政务服务热线")
    HOTLINE_12350 = "12350", _("12350 安全生产举报")
    HOTLINE_110 = "110", _("110 报警")
    HOTLINE_12315 = "12315", _("12315 市场监管热线")
    LETTER = "letter", _("来信")
    VISIT = "visit", _("来访")
    MARKET_MONITOR = "monitor", _("村组市场监督员")


class WrongKind(models.TextChoices):
    """What kind of wrong the tip is about (违法类型)."""

    COUNTERFEIT = "counterfeit", _("假冒产品")
    SUBSTANDARD = "substandard", _("伪劣（不合格）产品")
    ELIMINATED = "eliminated", _("国家明令淘汰产品")
    FAKE_CERTIFICATE = "fake_certificate", _("假证（伪造证书）")
    FAKE_WEBSITE = "fake_website", _("假冒网站")
    IMPOSTOR_TRAINING = "impostor_training", _("冒牌培训")
    FALSE_ADVERTISING = "false_advertising", _("虚假宣传")
    OTHER = "other", _("其他")


class TipStatus(models.TextChoices):
    RECEIVED = "received", _("已接收")
    ACCEPTED = "accepted", _("已受理")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    HANDLING = "handling", _("办理中")
    REPLIED = "replied", _("已答复")
    CLOSED = "closed", _("已办结")


# The one transitions table: from → the states a tip may move to.
TIP_TRANSITIONS: dict[str, frozenset[str]] = {
    TipStatus.RECEIVED: frozenset({TipStatus.ACCEPTED, TipStatus.NOT_ACCEPTED}),
    TipStatus.ACCEPTED: frozenset({TipStatus.HANDLING, TipStatus.REPLIED, TipStatus.CLOSED}),
    TipStatus.HANDLING: frozenset({TipStatus.REPLIED, TipStatus.CLOSED}),
    TipStatus.REPLIED: frozenset({TipStatus.HANDLING, TipStatus.CLOSED}),
    TipStatus.NOT_ACCEPTED: frozenset(),
    TipStatus.CLOSED: frozenset(),
}

OPEN_STATUSES = frozenset({TipStatus.RECEIVED, TipStatus.ACCEPTED, TipStatus.HANDLING, TipStatus.REPLIED})
FINAL_STATUSES = frozenset({TipStatus.NOT_ACCEPTED, TipStatus.CLOSED})

# What the tipster reads for each state (never internal detail).
PUBLIC_STAGE: dict[str, str] = {
    TipStatus.RECEIVED: _("已收到，正在进行受理审查"),
    TipStatus.ACCEPTED: _("已受理，已交承办部门"),
    TipStatus.NOT_ACCEPTED: _("不予受理"),
    TipStatus.HANDLING: _("承办部门正在调查处理"),
    TipStatus.REPLIED: _("已答复"),
    TipStatus.CLOSED: _("已办结"),
}


class TipEventKind(models.TextChoices):
    RECEIVED = "received", _("接收")
    TRANSITION = "transition", _("状态变更")
    ROUTED = "routed", _("分办")
    REROUTED = "rerouted", _("改派")
    DUPLICATE = "duplicate", _("关联重复")
    UNLINKED = "unlinked", _("解除重复")
    NOTE = "note", _("内部备注")
    REPLY = "reply", _("答复举报人")
    CLUE = "clue", _("转为线索")
    ATTACHMENT = "attachment", _("附件")


class DuplicateReason(models.TextChoices):
    SUBJECT = "subject", _("同一被举报主体")
    IDENTITY_CODE = "identity_code", _("同一产品身份码")
    CERTIFICATE = "certificate", _("同一证书编号")
    URL = "url", _("同一网址")
    TEXT = "text", _("内容几乎相同")
    MANUAL = "manual", _("人工关联")


class RewardStatus(models.TextChoices):
    PROPOSED = "proposed", _("已提出")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")
    PAID = "paid", _("已发放")


REWARD_TRANSITIONS: dict[str, frozenset[str]] = {
    RewardStatus.PROPOSED: frozenset({RewardStatus.APPROVED, RewardStatus.REJECTED}),
    RewardStatus.APPROVED: frozenset({RewardStatus.PAID}),
    RewardStatus.REJECTED: frozenset(),
    RewardStatus.PAID: frozenset(),
}


class PaymentMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("银行转账")
    CASH = "cash", _("现金（当面领取）")
    MOBILE = "mobile", _("移动支付")
    OTHER = "other", _("其他")
