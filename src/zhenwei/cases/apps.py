from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "zhenwei.cases"
    label = "cases"
    verbose_name = _("线索与案件")
    # (label, url name, capability or None[, group]): the staff sidebar (core/navigation.py);
    # entries without a group go to nav_group.
    nav_group = "cases"
    nav_items: list = [
        (_("我的工作"), "cases:my-work", "view", "workbench"),
        (_("线索"), "cases:clue-list", "view"),
        (_("案件"), "cases:case-list", "view"),
        (_("移交签收"), "cases:inbox", "view"),
    ]
    # (title, url name, description): shown on the public portal.
    portal_links: list = []
