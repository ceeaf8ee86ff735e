from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebwatchConfig(AppConfig):
    name = "zhenwei.webwatch"
    label = "webwatch"
    verbose_name = _("网站与广告监测")
    # (label, url name, capability or None[, group]): the staff sidebar (core/navigation.py);
    # entries without a group go to nav_group.
    nav_group = "web"
    nav_items: list = [
        (_("假冒网站台账"), "webwatch:site-list", "view"),
        (_("网址检测与广告筛查"), "webwatch:check", "view"),
    ]
    # (title, url name, description): shown on the public portal.
    portal_links: list = [
        (
            _("认准官方网站"),
            "webwatch_public:official-sites",
            _("官方查询入口一览，检查一个网址是不是仿冒网站"),
        ),
    ]
