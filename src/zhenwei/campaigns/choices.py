from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignKind(models.TextChoices):
    FIRE_PRODUCTS = "fire_products", _("消防产品专项整治")
    FAKE_CERTIFICATES = "fake_certificates", _("打击假冒网站和假证专项行动")
    ANTI_COUNTERFEIT = "anti_counterfeit", _("打假专项行动")
    OTHER = "other", _("其他")


class PhaseKind(models.TextChoices):
    """The three stages every seed plan uses, under varying names."""

    MOBILISE = "mobilise", _("动员部署")
    RECTIFY = "rectify", _("专项整治")
    CONSOLIDATE = "consolidate", _("巩固提升")
    OTHER = "other", _("其他")


class GroupRole(models.TextChoices):
    """Posts in a campaign's leading group (领导小组) and its office."""

    LEADER = "leader", _("组长")
    DEPUTY = "deputy", _("副组长")
    MEMBER = "member", _("成员")
    OFFICE_DIRECTOR = "office_director", _("办公室主任")
    OFFICE_CONTACT = "office_contact", _("办公室联系人")


class TaskStatus(models.TextChoices):
    """State of one task in one division (任务落实情况)."""

    PENDING = "pending", _("未启动")
    IN_PROGRESS = "in_progress", _("推进中")
    BLOCKED = "blocked", _("受阻")
    DONE = "done", _("已完成")


# The one transitions table for task assignments: from → allowed targets.
TASK_TRANSITIONS: dict[str, frozenset[str]] = {
    TaskStatus.PENDING: frozenset({TaskStatus.IN_PROGRESS, TaskStatus.DONE}),
    TaskStatus.IN_PROGRESS: frozenset({TaskStatus.DONE, TaskStatus.BLOCKED}),
    TaskStatus.BLOCKED: frozenset({TaskStatus.IN_PROGRESS, TaskStatus.DONE}),
    TaskStatus.DONE: frozenset({TaskStatus.IN_PROGRESS}),
}


class DutyKind(models.TextChoices):
    """What a reporting duty asks for."""

    MONTHLY_REPORT = "monthly_report", _("月报表")
    PLAN = "plan", _("实施方案")
    LIAISON_LIST = "liaison_list", _("联络员信息表")
    FINAL_SUMMARY = "final_summary", _("工作总结")


class SubmissionStatus(models.TextChoices):
    """Review state of one version of a one-off duty's file (实施方案, 工作总结 …)."""

    SUBMITTED = "submitted", _("待审核")
    ACCEPTED = "accepted", _("已采纳")
    RETURNED = "returned", _("已退回")


# A duty counts as reported while its latest version is one of these (a returned one is open again).
REPORTED_STATUSES = frozenset({SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED})
