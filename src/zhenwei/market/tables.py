import django_tables2 as tables
from django.utils.translation import gettext_lazy

from .models import Listing, LogisticsCheck


class ListingTable(tables.Table):
    title = tables.LinkColumn(
        "market:listing-detail", args=[tables.A("pk")], verbose_name=gettext_lazy("商品标题")
    )
    findings = tables.Column(verbose_name=gettext_lazy("检查发现"), orderable=False)

    class Meta:
        model = Listing
        fields = ["platform", "shop_name", "title", "price", "claimed_code", "category", "findings", "clue"]
        attrs = {"class": "table"}
        row_attrs = {"class": lambda record: "overdue" if record.is_suspicious else ""}

    def render_findings(self, value):
        return "；".join(f.get("message", "") for f in value or []) or "—"


class LogisticsCheckTable(tables.Table):
    enterprise = tables.LinkColumn(
        "market:logistics-detail", args=[tables.A("pk")], verbose_name=gettext_lazy("被检查单位")
    )

    class Meta:
        model = LogisticsCheck
        fields = ["checked_on", "enterprise", "department", "result", "failed_count", "inspectors"]
        attrs = {"class": "table"}
