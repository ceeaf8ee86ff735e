from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "zhenwei.notifications"
    label = "notifications"
    verbose_name = _("通知")
    # (label, url name, capability or None[, group]): the staff sidebar (core/navigation.py);
    # entries without a group go to nav_group.
    nav_group = "workbench"
    nav_items: list = [(_("通知中心"), "notifications:inbox", None)]
    # (title, url name, description): shown on the public portal.
    portal_links: list = []
