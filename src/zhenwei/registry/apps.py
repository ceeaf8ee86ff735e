from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "zhenwei.registry"
    label = "registry"
    verbose_name = _("台账")
    # (label, url name, capability or None[, group]): the staff sidebar (core/navigation.py);
    # entries without a group go to nav_group.
    nav_group = "registry"
    nav_items: list = [
        (_("台账"), "registry:index", "view"),
        (_("培训机构"), "registry:institution-list", "view"),
        (_("安全生产证书"), "registry:certificate-list", "view"),
    ]
    # (title, url name, description): shown on the public portal.
    portal_links: list = []
