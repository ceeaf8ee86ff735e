from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "zhenwei.inspections"
    label = "inspections"
    verbose_name = _("监督检查")
    # (label, url name, capability or None[, group]): the staff sidebar (core/navigation.py);
    # entries without a group go to nav_group.
    nav_group = "inspect"
    nav_items: list = [
        # An inspector's field work: first in an inspector's sidebar.
        (_("今日检查"), "inspections:inspection-list?today=1", "inspect", "field"),
        (_("扫码查验产品"), "verify_public:product", "inspect", "field"),
        (_("记录现场检查"), "inspections:inspection-create", "inspect", "field"),
        (_("抽查计划"), "inspections:plan-list", "view"),
        (_("现场检查"), "inspections:inspection-list", "view"),
        (_("检查人员库"), "inspections:pool", "view"),
        (_("火灾延伸调查"), "inspections:fire-list", "view"),
    ]
    # (title, url name, description): shown on the public portal.
    portal_links: list = [
        (_("双随机抽查公示"), "inspections_public:plan-list", _("抽查计划、随机抽取结果和检查结果公示")),
    ]

    def ready(self) -> None:
        # cases' "my work" page (cases is below inspections) lists inspections awaiting the user.
        from zhenwei.cases.contracts import register_my_work_section

        register_my_work_section("inspections", _inspections_awaiting)
        # A clue from an inspection may be triaged, and its case opened, by the inspection's writers:
        # a drawn town inspector opens the county's case from the county target inspected.
        from zhenwei.cases.contracts import register_source_authority

        from .models import Inspection
        from .services import may_write_inspection

        register_source_authority(Inspection, may_write_inspection)


def _inspections_awaiting(*, user):
    from .selectors import inspections_awaiting

    return inspections_awaiting(user=user)
