from django.db import models
from django.utils.translation import gettext_lazy as _


class Domain(models.TextChoices):
    """The four links of the chain the seeds regulate (生产、流通、建设、使用领域)."""

    PRODUCTION = "production", _("生产领域")
    CIRCULATION = "circulation", _("流通领域")
    CONSTRUCTION = "construction", _("建设领域")
    USE = "use", _("使用领域")


class RoutingPurpose(models.TextChoices):
    TIP = "tip", _("举报投诉分办")
    INSPECTION_RESULT = "inspection_result", _("检查结果抄送")
    CLUE = "clue", _("线索承办")
    LISTING = "listing", _("网络交易线索")


class RoutingRole(models.TextChoices):
    LEAD = "lead", _("牵头")
    COOPERATE = "cooperate", _("配合")
    COPY = "copy", _("抄送")
