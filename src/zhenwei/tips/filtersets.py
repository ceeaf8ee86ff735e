"""One FilterSet per list, shared by the staff pages and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhenwei.core.deadlines import overdue_q
from zhenwei.core.filters import DivisionSubtreeFilter, FilterSet
from zhenwei.core.text import normalize

from .choices import RewardStatus, TipChannel, TipKind, TipStatus, WrongKind
from .models import Reward, Tip


class TipFilter(FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("关键词"))
    status = django_filters.MultipleChoiceFilter(choices=TipStatus.choices, label=_("状态"))
    channel = django_filters.ChoiceFilter(choices=TipChannel.choices, label=_("渠道"))
    kind = django_filters.ChoiceFilter(choices=TipKind.choices, label=_("举报或投诉"))
    wrong_kind = django_filters.ChoiceFilter(choices=WrongKind.choices, label=_("违法类型"))
    category = django_filters.CharFilter(field_name="category__code", label=_("类别代码"))
    within = DivisionSubtreeFilter()  # ?within=<code>: that division and every one below
    lead_department = django_filters.NumberFilter(field_name="lead_department_id", label=_("承办部门"))
    received_after = django_filters.DateFilter(
        field_name="received_at", lookup_expr="date__gte", label=_("接收起")
    )
    received_before = django_filters.DateFilter(
        field_name="received_at", lookup_expr="date__lte", label=_("接收止")
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("受理逾期"))
    duplicates = django_filters.BooleanFilter(method="filter_duplicates", label=_("重复举报"))
    monitor = django_filters.NumberFilter(field_name="monitor_id", label=_("村组市场监督员"))

    class Meta:
        model = Tip
        fields = [
            "q",
            "status",
            "channel",
            "kind",
            "wrong_kind",
            "category",
            "within",
            "lead_department",
            "monitor",
        ]

    def filter_q(self, queryset, name, value):
        key = normalize(value)
        if not key:
            return queryset
        return queryset.filter(
            Q(number__icontains=value.strip())
            | Q(description_norm__contains=key.replace(" ", ""))
            | Q(subject_name__icontains=value.strip())
            | Q(subject_credit_code=value.strip().upper())
            | Q(identity_code=value.strip().upper())
            | Q(certificate_number=value.strip().upper())
            | Q(url_key__icontains=value.strip().lower())
        )

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status=TipStatus.RECEIVED) & overdue_q("acceptance_due")
        if value is True:
            return queryset.filter(overdue)
        if value is False:
            return queryset.exclude(overdue)
        return queryset

    def filter_duplicates(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(duplicate_of__isnull=not value)


class RewardFilter(FilterSet):
    status = django_filters.ChoiceFilter(choices=RewardStatus.choices, label=_("状态"))

    class Meta:
        model = Reward
        fields = ["status"]
