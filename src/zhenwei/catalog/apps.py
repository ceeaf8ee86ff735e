from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "zhenwei.catalog"
    label = "catalog"
    verbose_name = _("产品目录")
    # (label, url name, capability or None[, group]): the staff sidebar (core/navigation.py);
    # entries without a group go to nav_group.
    nav_group = "registry"
    nav_items: list = []
    # (title, url name, description): shown on the public portal.
    portal_links: list = []
