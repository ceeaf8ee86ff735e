from django.db import models
from django.utils.translation import gettext_lazy as _


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
