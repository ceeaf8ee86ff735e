"""Choices of online-listing checks, eliminated products and logistics-site checks."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EliminationKind(models.TextChoices):
    ELIMINATED = "eliminated", _("国家明令淘汰")
    BANNED = "banned", _("禁止生产销售")


class SourceCheck(models.TextChoices):
    """How far an eliminated-product entry has been checked against its notice (docs/market.md)."""

    VERIFIED = "verified", _("已核实")
    PARTIAL = "partial", _("部分待核实")
    UNVERIFIED = "unverified", _("待核实")


class FindingCode(models.TextChoices):
    """What a listing check can find; each is one entry of Listing.findings."""

    UNKNOWN_CERTIFICATE = "unknown_certificate", _("声称的证书编号不在台账中")
    UNKNOWN_IDENTITY_CODE = "unknown_identity_code", _("声称的身份标识码不在台账中")
    CODE_INACTIVE = "code_inactive", _("身份标识码已注销/召回/销毁")
    CERTIFICATE_INVALID = "certificate_invalid", _("证书已过期/撤销/暂扣")
    ELIMINATED = "eliminated", _("国家明令淘汰产品")
    BANNED = "banned", _("禁止销售产品")
    PRICE_FAR_BELOW = "price_far_below", _("价格远低于同类商品")
    FAKE_CERTIFICATE_AD = "fake_certificate_ad", _("疑似假证广告")


class ChecklistGroup(models.TextChoices):
    """The three duties of express and logistics companies (seed 004)."""

    ACCEPTANCE_INSPECTION = "acceptance_inspection", _("收寄验视")
    REAL_NAME = "real_name", _("实名收寄")
    SECURITY_SCREENING = "security_screening", _("过机安检")
    TRANSIT = "transit", _("中转分拨管理")


class CheckResult(models.TextChoices):
    PASS = "pass", _("符合")
    FAIL = "fail", _("不符合")
    NOT_APPLICABLE = "na", _("不适用")
