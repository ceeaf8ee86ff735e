from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "zhenwei.reports"
    label = "reports"
    verbose_name = _("统计报表")
    # (label, url name, capability or None[, group]): the staff sidebar (core/navigation.py);
    # entries without a group go to nav_group.
    nav_group = "stats"
    nav_items = [(_("统计报表"), "reports:index", "view"), (_("统计看板"), "reports:dashboard", "view")]
    # (title, url name, description): shown on the public portal.
    portal_links: list = []
