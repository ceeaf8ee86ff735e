from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TipsConfig(AppConfig):
    name = "zhenwei.tips"
    label = "tips"
    verbose_name = _("举报投诉")
    # (label, url name, capability or None[, group]): the staff sidebar (core/navigation.py);
    # entries without a group go to nav_group.
    nav_group = "tips"
    nav_items: list = [
        (_("举报投诉"), "tips:list", "view"),
        (_("举报奖励"), "tips:rewards", "view"),
        (_("村组市场监督员"), "tips:monitors", "view"),
    ]
    # (title, url name, description): shown on the public portal.
    portal_links: list = [
        (_("我要举报"), "tips_public:new", _("举报假冒伪劣产品、假证书、假网站、冒牌培训，可匿名")),
        (_("举报进度查询"), "tips_public:status", _("凭回执码查询办理进度和答复")),
    ]
