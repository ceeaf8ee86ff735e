from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "zhenwei.core"
    label = "core"
    verbose_name = _("基础")
    # (label, url name, capability or None[, group]): the staff sidebar (core/navigation.py);
    # entries without a group go to nav_group.
    nav_group = "workbench"
    nav_items = [
        (_("工作台"), "core:home", None),
        (_("审计日志"), "core:audit-list", "audit", "admin"),
    ]
