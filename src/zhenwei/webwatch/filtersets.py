"""One FilterSet for the ledger, shared by the staff page and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhenwei.core.filters import DivisionSubtreeFilter, FilterSet
from zhenwei.core.text import normalize

from .choices import SiteKind, SiteStatus
from .models import SuspectSite


class SuspectSiteFilter(FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("网址、域名或标题"))
    kind = django_filters.ChoiceFilter(choices=SiteKind.choices, label=_("类别"))
    status = django_filters.ChoiceFilter(choices=SiteStatus.choices, label=_("状态"))
    division = DivisionSubtreeFilter()
    discovered_from = django_filters.DateFilter(
        field_name="discovered_on", lookup_expr="gte", label=_("发现日期起")
    )
    discovered_to = django_filters.DateFilter(
        field_name="discovered_on", lookup_expr="lte", label=_("发现日期止")
    )

    class Meta:
        model = SuspectSite
        fields = ["q", "kind", "status", "division", "discovered_from", "discovered_to"]

    def filter_q(self, queryset, name, value):
        value = normalize(value)
        return queryset.filter(
            Q(host__icontains=value)
            | Q(url__icontains=value)
            | Q(title__icontains=value)
            | Q(provider_name__icontains=value)
        )
