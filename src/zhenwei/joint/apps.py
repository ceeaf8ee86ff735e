from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JointConfig(AppConfig):
    name = "zhenwei.joint"
    label = "joint"
    verbose_name = _("联合工作")
    # (label, url name, capability or None): shown in the staff navigation.
    nav_items: list = []
    # (title, url name, description): shown on the public portal.
    portal_links: list = []
