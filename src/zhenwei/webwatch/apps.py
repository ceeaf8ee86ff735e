from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebwatchConfig(AppConfig):
    name = "zhenwei.webwatch"
    label = "webwatch"
    verbose_name = _("网站与广告监测")
    # (label, url name, capability or None): shown in the staff navigation.
    nav_items: list = []
    # (title, url name, description): shown on the public portal.
    portal_links: list = []
