from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "zhenwei.core"
    label = "core"
    verbose_name = _("基础")
    nav_items = [
        (_("工作台"), "core:home", None),
        (_("审计日志"), "core:audit-list", "audit"),
    ]
