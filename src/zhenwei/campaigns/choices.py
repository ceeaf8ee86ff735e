from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignKind(models.TextChoices):
    FIRE_PRODUCTS = "fire_products", _("消防产品专项整治")
    FAKE_CERTIFICATES = "fake_certificates", _("打击假冒网站和假证专项行动")
    ANTI_COUNTERFEIT = "anti_counterfeit", _("打假专项行动")
    OTHER = "other", _("其他")
