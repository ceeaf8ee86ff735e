from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "zhenwei.notifications"
    label = "notifications"
    verbose_name = _("通知")
    # (label, url name, capability or None): shown in the staff navigation.
    nav_items: list = [(_("通知中心"), "notifications:inbox", None)]
    # (title, url name, description): shown on the public portal.
    portal_links: list = []
