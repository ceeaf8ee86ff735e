"""Choices of clues and cases: sources, kinds, states and their groups, action kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ClueSource(models.TextChoices):
    INSPECTION = "inspection", _("监督检查")
    TIP = "tip", _("举报投诉")
    SCAN = "scan", _("可疑扫码")
    WEBWATCH = "webwatch", _("网络监测")
    TRANSFER = "transfer", _("部门移交")
    LISTING = "listing", _("网络交易监测")
    OTHER = "other", _("其他")


class ClueStatus(models.TextChoices):
    NEW = "new", _("待研判")
    CONVERTED = "converted", _("已立案")
    CLOSED = "closed", _("已了结")


class CaseKind(models.TextChoices):
    """What the case is about; the kind decides which actions must be done before closing."""

    UNQUALIFIED = "unqualified", _("不合格产品")
    COUNTERFEIT = "counterfeit", _("假冒伪劣产品")
    FAKE_CERTIFICATE = "fake_certificate", _("假冒安全生产证书")
    FAKE_WEBSITE = "fake_website", _("假冒政府网站")
    OTHER = "other", _("其他违法行为")


class CaseStatus(models.TextChoices):
    """Case states; each belongs to one group (open / handling / closed), see workflow.STATUS_GROUP."""

    REGISTERED = "registered", _("已立案待办")
    INVESTIGATING = "investigating", _("调查取证")
    RECTIFYING = "rectifying", _("整改处置")
    TRANSFERRED = "transferred", _("已移送待反馈")
    CLOSED = "closed", _("已结案")
    DISMISSED = "dismissed", pgettext_lazy("case state", "已撤销")


class StatusGroup(models.TextChoices):
    OPEN = "open", _("待办")
    HANDLING = "handling", _("办理中")
    CLOSED = "closed", _("已办结")


class ActionKind(models.TextChoices):
    """The measures of the closed loop (闭环处置措施)."""

    EVIDENCE = "evidence", _("证据保全")
    SAMPLING = "sampling", _("抽样检验")
    ORDER_CORRECT = "order_correct", _("责令改正")
    RECHECK = "recheck", _("复查")
    FLOW_TRACE = "flow_trace", _("流向追溯")
    FOLLOW_UP = "follow_up", _("流向地核查")
    RECALL = "recall", _("召回")
    SEIZURE = "seizure", _("查封扣押")
    DESTRUCTION = "destruction", _("收缴销毁")
    PENALTY = "penalty", _("行政处罚")
    SUSPENSION = "suspension", _("停产整顿")
    LETTER = "letter", _("函告")
    CREDIT_REFERRAL = "credit_referral", _("信用惩戒推送")
    POLICE_TRANSFER = "police_transfer", _("移送公安")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("办理中")
    DONE = "done", _("已完成")
    CANCELLED = "cancelled", _("已取消")


class PoliceDecision(models.TextChoices):
    """The police decision on a transferred case (行刑衔接)."""

    PENDING = "", _("待决定")
    FILED = "filed", _("立案侦查")
    NOT_FILED = "not_filed", _("不予立案")


class EventKind(models.TextChoices):
    CREATED = "created", _("立案")
    TRANSITION = "transition", _("状态变更")
    ACTION_ADDED = "action_added", _("新增措施")
    ACTION_UPDATED = "action_updated", _("措施进展")
    ACTION_DONE = "action_done", _("措施完成")
    ACTION_CANCELLED = "action_cancelled", _("措施取消")
    SHARED = "shared", _("移交抄送")
    ACKNOWLEDGED = "acknowledged", _("签收")
    ESCALATED = "escalated", _("逾期升级")
    EVIDENCE = "evidence", _("上传证据")
    NOTE = "note", _("备注")


class CoordinationLevel(models.TextChoices):
    """Where a matter spanning divisions is coordinated (seed 002: cross-county → city, cross-province → ministry)."""

    LOCAL = "local", _("本级")
    CITY = "city", _("跨区县（市级协调）")
    PROVINCE = "province", _("跨地市（省级协调）")
    MINISTRY = "ministry", _("跨省（报部级）")


class DeadlineCode(models.TextChoices):
    """Deadlines kept as data (DeadlineRule); defaults in workflow.DEFAULT_DEADLINES."""

    TRANSFER_ACK = "transfer_ack", _("移交抄送签收期限")
    TRANSFER_ESCALATE = "transfer_escalate", _("未签收移交升级期限")
    JUDGMENT_SERVE = "judgment_serve", _("不合格判定送达期限")
    LAB_SEND = "lab_send", _("异议后送检期限")
    LAB_RESULT = "lab_result", _("收样后出具结果期限")
    CORRECTION = "correction", _("责令改正默认期限")
    CASE_HANDLING = "case_handling", _("案件办理期限")
