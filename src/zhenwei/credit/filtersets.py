"""FilterSets shared by the staff pages and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhenwei.core.filters import DivisionSubtreeFilter, FilterSet
from zhenwei.core.text import normalize

from .choices import DisclosureKind, ListKind
from .models import CreditEntry, Disclosure


class CreditEntryFilter(FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("名称、信用代码或文书号"))
    list_kind = django_filters.ChoiceFilter(choices=ListKind.choices, label=_("名单类别"))
    division = DivisionSubtreeFilter()

    class Meta:
        model = CreditEntry
        fields = ["q", "list_kind", "division"]

    def filter_q(self, queryset, name, value):
        value = normalize(value)
        return queryset.filter(
            Q(subject_name_normalized__contains=value)
            | Q(credit_code__iexact=value)
            | Q(decision_number__icontains=value)
        )


class DisclosureFilter(FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("关键词"))
    kind = django_filters.ChoiceFilter(choices=DisclosureKind.choices, label=_("公示类别"))
    division = DivisionSubtreeFilter()
    year = django_filters.NumberFilter(field_name="published_on", lookup_expr="year", label=_("年份"))

    class Meta:
        model = Disclosure
        fields = ["q", "kind", "division", "year"]

    def filter_q(self, queryset, name, value):
        for word in normalize(value).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset
