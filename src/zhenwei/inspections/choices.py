"""Choices of inspection plans, inspections, checklists, judgments and samples."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    DRAWN = "drawn", _("已抽取")
    PUBLISHED = "published", _("已公示")
    FINISHED = "finished", _("已完成")


class ChecklistGroup(models.TextChoices):
    """The four parts of the fire-product on-site judgment (GA 588 practice)."""

    ACCESS = "access", _("市场准入文件")
    IDENTITY = "identity", _("身份证标志")
    CONSISTENCY = "consistency", _("产品一致性")
    ONSITE_TEST = "onsite_test", _("现场简易试验")


class CheckResult(models.TextChoices):
    PASS = "pass", _("符合")
    FAIL = "fail", _("不符合")
    NOT_APPLICABLE = "na", _("不适用")


class Judgment(models.TextChoices):
    PENDING = "pending", _("待判定")
    QUALIFIED = "qualified", _("合格")
    UNQUALIFIED = "unqualified", _("不合格")


class ReasonCode(models.TextChoices):
    """Reasons for an unqualified on-site judgment (after GA 588 and MPS Order 122)."""

    NO_ACCESS_DOCUMENT = "R01", _("无强制性认证、技术鉴定或型式检验证书")
    ACCESS_DOCUMENT_INVALID = "R02", _("市场准入证书失效、暂停或撤销")
    NO_IDENTITY_MARK = "R03", _("无消防产品身份证标志")
    FAKE_IDENTITY_MARK = "R04", _("身份证标志假冒或与产品不符")
    NAMEPLATE_MISMATCH = "R05", _("铭牌、标志与证书不一致")
    APPEARANCE_MISMATCH = "R06", _("外观、结构与证书不一致")
    KEY_PARTS_MISMATCH = "R07", _("关键部件、材料与证书不一致")
    ONSITE_TEST_FAILED = "R08", _("现场简易试验不合格")
    ELIMINATED_PRODUCT = "R09", _("国家明令淘汰产品")
    EXPIRED = "R10", _("超过有效期或报废年限")
    OTHER = "R99", _("其他")


class SampleResult(models.TextChoices):
    PENDING = "pending", _("待检")
    QUALIFIED = "qualified", _("合格")
    UNQUALIFIED = "unqualified", _("不合格")


class CustodyAction(models.TextChoices):
    """Steps of a sample's chain of custody (样品流转)."""

    SEALED = "sealed", _("现场封样")
    HANDED_OVER = "handed_over", _("移交保管")
    SENT = "sent", _("送检")
    RECEIVED_BY_LAB = "received_by_lab", _("检验机构签收")
    RETURNED = "returned", _("退还")
    DISPOSED = "disposed", _("销毁处置")
