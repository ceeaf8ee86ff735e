from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    name = "zhenwei.market"
    label = "market"
    verbose_name = _("网络交易与物流")
    # (label, url name, capability or None[, group]): the staff sidebar (core/navigation.py);
    # entries without a group go to nav_group.
    nav_group = "web"
    nav_items: list = [
        (_("网络商品监测"), "market:listing-list", "view"),
        (_("物流场所检查"), "market:logistics-list", "view", "inspect"),
    ]
    # (title, url name, description): shown on the public portal.
    portal_links: list = []

    def ready(self) -> None:
        # registry (below market) flags imported products of an eliminated type through this hook.
        from zhenwei.registry.contracts import register_eliminated_matcher

        from .eliminated import EliminatedMatcher

        register_eliminated_matcher(EliminatedMatcher)
