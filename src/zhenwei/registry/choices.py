from django.db import models
from django.utils.translation import gettext_lazy as _


class EnterpriseKind(models.TextChoices):
    """What kind of unit a registry subject is (生产经营单位 and the places the seeds inspect)."""

    INDUSTRIAL = "industrial", _("工业企业")
    TRADING = "trading", _("商贸企业")
    MANUFACTURER = "manufacturer", _("生产企业")
    RETAILER = "retailer", _("销售门店")
    MARKET = "market", _("批发市场/商场")
    ECOMMERCE = "ecommerce", _("电商经营者")
    LOGISTICS = "logistics", _("快递物流/货运场站")
    CONSTRUCTION = "construction", _("建设工程/施工单位")
    SCHOOL = "school", _("学校")
    HOSPITAL = "hospital", _("医院")
    ELDERLY_CARE = "elderly_care", _("养老机构")
    PUBLIC_VENUE = "public_venue", _("人员密集场所")
    RESIDENTIAL = "residential", _("居民小区")
    SMALL_VENUE = "small_venue", _("九小场所")
    STATE_OWNED = "state_owned", _("央企子公司/分公司")
    OTHER = "other", _("其他")
