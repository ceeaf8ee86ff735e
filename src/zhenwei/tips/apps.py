from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TipsConfig(AppConfig):
    name = "zhenwei.tips"
    label = "tips"
    verbose_name = _("举报投诉")
    # (label, url name, capability or None): shown in the staff navigation.
    nav_items: list = []
    # (title, url name, description): shown on the public portal.
    portal_links: list = []
