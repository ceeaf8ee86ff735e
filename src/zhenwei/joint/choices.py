"""Choices of joint work: meetings, decisions, actions, publicity, urgent reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    JOINT_MEETING = "joint_meeting", _("联席会议")
    CONSULTATION = "consultation", _("会商研判")
    DEPLOYMENT = "deployment", _("工作部署会")
    SUMMARY = "summary", _("总结会议")


class DecisionStatus(models.TextChoices):
    """State of one decision (会议议定事项) taken as a task by its owner department."""

    OPEN = "open", _("待落实")
    IN_PROGRESS = "in_progress", _("落实中")
    DONE = "done", _("已办结")
    CANCELLED = "cancelled", _("已撤销")


DECISION_TRANSITIONS: dict[str, frozenset[str]] = {
    DecisionStatus.OPEN: frozenset(
        {DecisionStatus.IN_PROGRESS, DecisionStatus.DONE, DecisionStatus.CANCELLED}
    ),
    DecisionStatus.IN_PROGRESS: frozenset(
        {DecisionStatus.DONE, DecisionStatus.CANCELLED, DecisionStatus.OPEN}
    ),
    DecisionStatus.DONE: frozenset({DecisionStatus.IN_PROGRESS}),
    DecisionStatus.CANCELLED: frozenset(),
}
OPEN_DECISION_STATUSES = (DecisionStatus.OPEN, DecisionStatus.IN_PROGRESS)


class ActionKind(models.TextChoices):
    CONCENTRATED = "concentrated", _("集中行动")
    JOINT_ENFORCEMENT = "joint_enforcement", _("联合执法")


class TargetKind(models.TextChoices):
    """What a concentrated action goes after; the values match registry EnterpriseKind where one exists."""

    MARKET = "market", _("批发市场/商场")
    RETAILER = "retailer", _("销售门店")
    ECOMMERCE = "ecommerce", _("电商经营者")
    LOGISTICS = "logistics", _("快递物流/货运场站")
    CONSTRUCTION = "construction", _("建设工程/施工工地")
    MANUFACTURER = "manufacturer", _("生产企业/加工窝点")
    PUBLIC_VENUE = "public_venue", _("人员密集场所")
    TRAINING = "training", _("培训机构")


class PublicityKind(models.TextChoices):
    TRAINING_COURSE = "training_course", _("培训班")
    VIDEO_SCREENING = "video_screening", _("集中观看宣传片")
    CONSULTATION_DESK = "consultation_desk", _("咨询台/宣传摊点")
    LIVE_STREAM = "live_stream", _("网络直播")
    SHORT_VIDEO = "short_video", _("短视频")
    POSTER_CAMPAIGN = "poster_campaign", _("张贴警示公告/海报")
    MEDIA_REPORT = "media_report", _("媒体报道/曝光")


class UrgentReportStatus(models.TextChoices):
    AWAITING = "awaiting", _("待签收")
    ACKNOWLEDGED = "acknowledged", _("已签收")
