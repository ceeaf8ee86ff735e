"""The FilterSet of the market-monitor register, shared by the staff list and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from zhenwei.core.filters import DivisionSubtreeFilter, FilterSet

from .models import MarketMonitor


class MonitorFilter(FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("姓名或村（社区）"))
    within = DivisionSubtreeFilter(label=_("区划代码"))  # ?within=<code>: that division and below
    active = django_filters.BooleanFilter(label=_("在任"))

    class Meta:
        model = MarketMonitor
        fields = ["q", "within", "active", "department"]

    def filter_q(self, queryset, name, value):
        from django.db.models import Q

        value = (value or "").strip()[:50]
        return queryset.filter(Q(name__contains=value) | Q(village__contains=value)) if value else queryset
