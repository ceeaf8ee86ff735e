from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditConfig(AppConfig):
    name = "zhenwei.credit"
    label = "credit"
    verbose_name = _("信用与公示")
    # (label, url name, capability or None[, group]): the staff sidebar (core/navigation.py);
    # entries without a group go to nav_group.
    nav_group = "credit"
    nav_items: list = [
        (_("信用名单"), "credit:entry-list", "view"),
        (_("公示信息"), "credit:disclosure-list", "view"),
    ]
    # (title, url name, description): shown on the public portal.
    portal_links: list = [
        (_("抽查结果公示"), "credit_public:index", _("产品质量抽查结果、典型案例曝光")),
        (_("失信名单查询"), "credit_public:credit-list", _("严重违法失信名单和黑名单")),
        (_("防骗指南"), "credit_public:guide-list", _("辨别真假消防产品和证书，识别假培训；警示公告下载")),
    ]
