"""django-tables2 tables of the staff list pages."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy

from .models import Decision, JointAction, Meeting, PublicityActivity, UrgentReport


class MeetingTable(tables.Table):
    title = tables.LinkColumn(
        "joint:meeting-detail", args=[tables.A("pk")], verbose_name=gettext_lazy("会议名称")
    )

    class Meta:
        model = Meeting
        fields = ["held_on", "kind", "title", "convening_department", "place", "campaign"]
        attrs = {"class": "table"}


class DecisionTable(tables.Table):
    text = tables.LinkColumn(
        "joint:decision-detail", args=[tables.A("pk")], verbose_name=gettext_lazy("议定事项")
    )
    meeting = tables.Column(verbose_name=gettext_lazy("会议"))

    class Meta:
        model = Decision
        fields = ["text", "owner_department", "due_on", "status", "meeting"]
        attrs = {"class": "table"}
        row_attrs = {"class": lambda record: "overdue" if record.is_overdue else ""}


class ActionTable(tables.Table):
    title = tables.LinkColumn(
        "joint:action-detail", args=[tables.A("pk")], verbose_name=gettext_lazy("行动名称")
    )

    class Meta:
        model = JointAction
        fields = ["starts_on", "ends_on", "kind", "title", "lead_department", "campaign"]
        attrs = {"class": "table"}


class PublicityTable(tables.Table):
    title = tables.LinkColumn(
        "joint:publicity-detail", args=[tables.A("pk")], verbose_name=gettext_lazy("活动名称")
    )

    class Meta:
        model = PublicityActivity
        fields = [
            "held_on",
            "kind",
            "title",
            "place",
            "organiser",
            "audience",
            "views",
            "materials_distributed",
        ]
        attrs = {"class": "table"}


class UrgentReportTable(tables.Table):
    title = tables.LinkColumn("joint:urgent-detail", args=[tables.A("pk")], verbose_name=gettext_lazy("标题"))

    class Meta:
        model = UrgentReport
        fields = ["reported_at", "title", "reporting_department", "status"]
        attrs = {"class": "table"}
