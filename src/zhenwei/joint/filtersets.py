"""FilterSets shared by the staff pages and the API."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy

from zhenwei.core.filters import FilterSet

from .choices import OPEN_DECISION_STATUSES, ActionKind, DecisionStatus, PublicityKind
from .models import Decision, JointAction, Meeting, PublicityActivity


class MeetingFilter(FilterSet):
    held_after = django_filters.DateFilter(
        field_name="held_on", lookup_expr="gte", label=gettext_lazy("开始日期")
    )
    held_before = django_filters.DateFilter(
        field_name="held_on", lookup_expr="lte", label=gettext_lazy("结束日期")
    )

    class Meta:
        model = Meeting
        fields = ["campaign", "kind"]


class DecisionFilter(FilterSet):
    status = django_filters.ChoiceFilter(choices=DecisionStatus.choices, label=gettext_lazy("状态"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=gettext_lazy("已逾期"))
    campaign = django_filters.NumberFilter(field_name="meeting__campaign", label=gettext_lazy("专项行动"))

    class Meta:
        model = Decision
        fields = ["status", "owner_department", "meeting"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        condition = {"status__in": OPEN_DECISION_STATUSES, "due_on__lt": timezone.localdate()}
        return queryset.filter(**condition) if value else queryset.exclude(**condition)


class ActionFilter(FilterSet):
    kind = django_filters.ChoiceFilter(choices=ActionKind.choices, label=gettext_lazy("行动类型"))
    starts_after = django_filters.DateFilter(
        field_name="starts_on", lookup_expr="gte", label=gettext_lazy("开始日期不早于")
    )

    class Meta:
        model = JointAction
        fields = ["campaign", "kind"]


class PublicityFilter(FilterSet):
    kind = django_filters.ChoiceFilter(choices=PublicityKind.choices, label=gettext_lazy("形式"))
    held_after = django_filters.DateFilter(
        field_name="held_on", lookup_expr="gte", label=gettext_lazy("开始日期")
    )
    held_before = django_filters.DateFilter(
        field_name="held_on", lookup_expr="lte", label=gettext_lazy("结束日期")
    )
    division = django_filters.CharFilter(field_name="division__code", label=gettext_lazy("区划代码"))

    class Meta:
        model = PublicityActivity
        fields = ["kind", "campaign", "organiser"]
