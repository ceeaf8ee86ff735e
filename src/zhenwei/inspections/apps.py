from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "zhenwei.inspections"
    label = "inspections"
    verbose_name = _("监督检查")
    # (label, url name, capability or None): shown in the staff navigation.
    nav_items: list = [
        (_("抽查计划"), "inspections:plan-list", "view"),
        (_("现场检查"), "inspections:inspection-list", "view"),
        (_("检查人员库"), "inspections:pool", "view"),
        (_("火灾延伸调查"), "inspections:fire-list", "view"),
    ]
    # (title, url name, description): shown on the public portal.
    portal_links: list = [
        (_("双随机抽查公示"), "inspections_public:plan-list", _("抽查计划、随机抽取结果和检查结果公示")),
    ]
