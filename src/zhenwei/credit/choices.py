"""Choices of credit lists and public disclosure."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ListKind(models.TextChoices):
    SERIOUS_DISHONEST = "serious_dishonest", _("严重违法失信名单")
    BLACKLIST = "blacklist", _("黑名单")


class SubjectKind(models.TextChoices):
    LEGAL_PERSON = "legal_person", _("法人和非法人组织")
    INDIVIDUAL = "individual", _("自然人")


class CreditStatus(models.TextChoices):
    """Derived from the dates and decisions, never stored (credit_status())."""

    PENDING = "pending", _("待公示")
    ACTIVE = "active", _("公示中")
    EXPIRED = "expired", _("公示期满")
    REMOVED = "removed", _("已移出")
    REPAIRED = "repaired", _("已信用修复")


class DisclosureKind(models.TextChoices):
    SAMPLING_RESULT = "sampling_result", _("抽查结果")
    TYPICAL_CASE = "typical_case", _("典型案例曝光")
    CREDIT_ENTRY = "credit_entry", _("信用名单")


class GuideTopic(models.TextChoices):
    PRODUCT = "product", _("辨别消防产品")
    CERTIFICATE = "certificate", _("核验证书")
    TRAINING = "training", _("识别假培训")
    OTHER = "other", _("其他")
