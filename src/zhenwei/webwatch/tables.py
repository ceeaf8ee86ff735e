import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import SuspectSite


class SuspectSiteTable(tables.Table):
    host = tables.LinkColumn("webwatch:site-detail", args=[tables.A("pk")], verbose_name=_("域名"))
    division = tables.Column(verbose_name=_("区划"))

    class Meta:
        model = SuspectSite
        fields = [
            "host",
            "title",
            "kind",
            "verdict",
            "imitates",
            "division",
            "discovered_on",
            "status",
            "referred_on",
            "blocked_on",
        ]
        template_name = "django_tables2/table.html"
        empty_text = _("暂无记录")
