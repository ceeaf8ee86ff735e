from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "zhenwei.campaigns"
    label = "campaigns"
    verbose_name = _("专项行动")
    # (label, url name, capability or None[, group]): the staff sidebar (core/navigation.py);
    # entries without a group go to nav_group.
    nav_group = "campaigns"
    nav_items = [
        (_("专项行动"), "campaigns:list", "view"),
        (_("新建专项行动"), "campaigns:new", "approve"),
        (_("逾期事项"), "campaigns:overdue", "view"),
        (_("企业自查"), "campaigns:selfcheck-list", "view"),
        (_("持证上岗检查"), "campaigns:certcheck-list", "view"),
    ]
    # (title, url name, description): shown on the public portal.
    portal_links: list = []
