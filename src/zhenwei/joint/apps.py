from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JointConfig(AppConfig):
    name = "zhenwei.joint"
    label = "joint"
    verbose_name = _("联合工作")
    # (label, url name, capability or None[, group]): the staff sidebar (core/navigation.py);
    # entries without a group go to nav_group.
    nav_group = "campaigns"
    nav_items: list = [
        (_("联席会议"), "joint:meeting-list", "view"),
        (_("集中行动"), "joint:action-list", "view"),
        (_("宣传台账"), "joint:publicity-list", "view"),
        (_("重要情况报送"), "joint:urgent-list", "view"),
        (_("集中销毁"), "joint:destruction-list", "view"),
    ]
    # (title, url name, description): shown on the public portal.
    portal_links: list = []
