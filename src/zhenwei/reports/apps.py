from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "zhenwei.reports"
    label = "reports"
    verbose_name = _("统计报表")
    # (label, url name, capability or None[, group]): the staff sidebar (core/navigation.py);
    # entries without a group go to nav_group.
    nav_group = "stats"
    nav_items = [(_("统计报表"), "reports:index", "view"), (_("统计看板"), "reports:dashboard", "view")]
    # (title, url name, description): shown on the public portal.
    portal_links: list = []

    def ready(self) -> None:
        # campaigns (below reports) asks which monthly reports are in through this hook.
        from zhenwei.campaigns.contracts import register_monthly_reports_in

        register_monthly_reports_in(_monthly_reports_in)


def _monthly_reports_in(*, division_ids, template_slugs):
    """(template slug, division id, month) of the monthly reports submitted or accepted."""
    from .models import MonthlyReport

    return MonthlyReport.objects.filter(
        division_id__in=division_ids,
        template__slug__in=template_slugs,
        status__in=("submitted", "accepted"),
    ).values_list("template__slug", "division_id", "month")
