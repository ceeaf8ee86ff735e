from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerifyConfig(AppConfig):
    name = "zhenwei.verify"
    label = "verify"
    verbose_name = _("真伪核验")
    # (label, url name, capability or None): shown in the staff navigation.
    nav_items: list = []
    # (title, url name, description): shown on the public portal.
    portal_links: list = []
