"""Staff list tables."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Reward, Tip


class TipTable(tables.Table):
    number = tables.LinkColumn("tips:detail", args=[tables.A("pk")], verbose_name=_("编号"))
    received_at = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name=_("接收"))
    category = tables.Column(verbose_name=_("类别"), default="—")
    division = tables.Column(verbose_name=_("区划"))
    lead_department = tables.Column(verbose_name=_("承办部门"), default=_("待分办"))
    acceptance_due = tables.Column(verbose_name=_("受理期限"))
    duplicate_of = tables.Column(verbose_name=_("重复于"), default="")

    class Meta:
        model = Tip
        fields = [
            "number",
            "received_at",
            "kind",
            "channel",
            "category",
            "wrong_kind",
            "division",
            "status",
            "lead_department",
            "acceptance_due",
            "duplicate_of",
        ]
        attrs = {"class": "table"}
        row_attrs = {"class": lambda record: "overdue" if record.is_overdue else ""}
        order_by = "-received_at"

    def render_acceptance_due(self, value, record):
        if record.is_overdue:
            return format_html('{} <span class="badge bad">{}</span>', value, _("逾期"))
        return value


class RewardTable(tables.Table):
    tip = tables.LinkColumn("tips:reward-detail", args=[tables.A("pk")], verbose_name=_("举报"))
    proposed_at = tables.DateTimeColumn(format="Y-m-d", verbose_name=_("提出"))

    class Meta:
        model = Reward
        fields = [
            "tip",
            "status",
            "fine_amount",
            "amount",
            "proposed_by",
            "proposed_at",
            "decided_by",
            "paid_on",
        ]
        attrs = {"class": "table"}
