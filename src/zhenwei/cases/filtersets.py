"""One FilterSet for the case list page and GET /api/v1/cases/."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhenwei.catalog.choices import Domain
from zhenwei.core.filters import DivisionSubtreeFilter, FilterSet

from .choices import CaseKind, CaseStatus, ClueSource, StatusGroup
from .models import Case
from .workflow import statuses_in

# A group (open / handling / closed) or one state. The group 已办结 and the state 已结案 share the
# value "closed": the value means the group (已结案 and 已撤销), so the state is not listed twice.
STATUS_FILTER_CHOICES = [
    *StatusGroup.choices,
    *((value, label) for value, label in CaseStatus.choices if value not in StatusGroup.values),
]


class CaseFilterSet(FilterSet):
    status = django_filters.MultipleChoiceFilter(
        label=_("状态"), choices=STATUS_FILTER_CHOICES, method="filter_status"
    )
    source = django_filters.ChoiceFilter(label=_("来源"), choices=ClueSource.choices)
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=CaseKind.choices)
    domain = django_filters.ChoiceFilter(label=_("领域"), choices=Domain.choices)
    category = django_filters.CharFilter(label=_("类别代码"), method="filter_category")
    division = DivisionSubtreeFilter()
    department = django_filters.NumberFilter(label=_("承办部门编号"), field_name="department_id")
    overdue = django_filters.BooleanFilter(label=_("逾期"), method="filter_overdue")
    campaign = django_filters.NumberFilter(label=_("专项行动编号"), field_name="campaign_id")
    opened_after = django_filters.DateFilter(label=_("立案起"), field_name="opened_on", lookup_expr="gte")
    opened_before = django_filters.DateFilter(label=_("立案止"), field_name="opened_on", lookup_expr="lte")
    q = django_filters.CharFilter(label=_("关键词"), method="filter_q")

    class Meta:
        model = Case
        fields = ["status", "source", "kind", "domain", "category", "division", "department", "overdue"]

    def filter_status(self, queryset, name, value):
        wanted: set[str] = set()
        for v in value:
            wanted.update(statuses_in(v) if v in StatusGroup.values else [v])
        return queryset.filter(status__in=wanted) if wanted else queryset

    def filter_category(self, queryset, name, value):
        return queryset.filter(Q(category__code=value) | Q(category__parent__code=value))

    def filter_overdue(self, queryset, name, value):
        from .selectors import case_overdue_q

        if value is None:
            return queryset
        condition = case_overdue_q()
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_q(self, queryset, name, value):
        from zhenwei.core.text import normalize

        value = normalize(value)
        return queryset.filter(
            Q(number__icontains=value) | Q(title__icontains=value) | Q(party_name__icontains=value)
        )
