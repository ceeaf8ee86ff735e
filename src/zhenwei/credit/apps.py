from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditConfig(AppConfig):
    name = "zhenwei.credit"
    label = "credit"
    verbose_name = _("信用与公示")
    # (label, url name, capability or None): shown in the staff navigation.
    nav_items: list = []
    # (title, url name, description): shown on the public portal.
    portal_links: list = []
