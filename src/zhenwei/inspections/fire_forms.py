"""Staff forms of fire investigations (火灾延伸调查) and ledger checks (进销货台账): they collect input,
the services in fire.py and ledger.py decide. Traced units are typed as a USCC or a name and looked
up in the registry (fire.enterprise_lookup); a unit not found there is kept by its name."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhenwei.catalog.models import ProductCategory
from zhenwei.core.access import user_scope, visible_divisions
from zhenwei.core.models import Department, Division

from .extension_choices import LedgerDirection, LedgerProblem

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_ROWS = 100


def my_departments(user):
    scope = user_scope(user)
    qs = Department.objects.filter(is_active=True).select_related("division")
    return qs if scope.is_global else qs.filter(pk__in=scope.department_ids)


class _DivisionField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.code}）"


class FireInvestigationForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("名称"))
    occurred_on = forms.DateField(widget=DATE, label=_("起火日期"))
    place = forms.CharField(max_length=255, label=_("起火地点"))
    department = forms.ModelChoiceField(queryset=Department.objects.none(), label=_("调查单位"))
    division = _DivisionField(
        queryset=Division.objects.none(), required=False, label=_("行政区划（空则为调查单位所在区划）")
    )
    cause_summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("起火原因概述")
    )
    deaths = forms.IntegerField(min_value=0, max_value=100000, required=False, initial=0, label=_("死亡人数"))
    injuries = forms.IntegerField(
        min_value=0, max_value=100000, required=False, initial=0, label=_("受伤人数")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = my_departments(user)
        self.fields["division"].queryset = visible_divisions(user).order_by("code")

    def clean_occurred_on(self):
        value = self.cleaned_data["occurred_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("起火日期不能晚于今天"))
        return value


class FireProductForm(forms.Form):
    category = forms.ModelChoiceField(
        queryset=ProductCategory.objects.all(), required=False, label=_("产品类别")
    )
    product_type = forms.CharField(max_length=200, label=_("产品名称"))
    brand = forms.CharField(max_length=100, required=False, label=_("商标"))
    model = forms.CharField(max_length=100, required=False, label=_("规格型号"))
    identity_code = forms.CharField(max_length=40, required=False, label=_("身份标识码"))
    quantity = forms.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0.01"), required=False, label=_("数量")
    )
    unit = forms.CharField(
        max_length=16, required=False, widget=forms.TextInput(attrs={"placeholder": "件"}), label=_("单位")
    )
    certificate_number = forms.CharField(max_length=60, required=False, label=_("认证证书编号"))
    maker = forms.CharField(max_length=200, required=False, label=_("生产企业（信用代码或名称）"))
    seller = forms.CharField(max_length=200, required=False, label=_("销售单位（信用代码或名称）"))


class TraceForm(forms.Form):
    maker = forms.CharField(max_length=200, required=False, label=_("生产企业（信用代码或名称）"))
    seller = forms.CharField(max_length=200, required=False, label=_("销售单位（信用代码或名称）"))
    finding = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("调查发现"))


class LedgerCheckForm(forms.Form):
    ledger_kept = forms.TypedChoiceField(
        choices=[("1", _("已建立")), ("0", _("未建立"))],
        coerce=lambda v: v == "1",
        initial="1",
        widget=forms.RadioSelect,
        label=_("进销货台账"),
    )
    checked_on = forms.DateField(widget=DATE, initial=timezone.localdate, label=_("检查日期"))
    period = forms.CharField(max_length=100, required=False, label=_("查验期间"))
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("说明"))


class LedgerEntryForm(forms.Form):
    direction = forms.ChoiceField(
        choices=LedgerDirection.choices, initial=LedgerDirection.PURCHASE, label=_("进/销")
    )
    product_name = forms.CharField(max_length=200, label=_("产品名称"))
    supplier = forms.CharField(max_length=200, required=False, label=_("供货方（信用代码或名称）"))
    quantity = forms.DecimalField(max_digits=12, decimal_places=2, min_value=0, label=_("台账数量"))
    found_quantity = forms.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, label=_("核实数量")
    )
    unit = forms.CharField(
        max_length=16, required=False, widget=forms.TextInput(attrs={"placeholder": "件"}), label=_("单位")
    )
    entry_date = forms.DateField(widget=DATE, required=False, label=_("日期"))
    voucher = forms.CharField(max_length=60, required=False, label=_("发票/凭证号"))
    problems = forms.MultipleChoiceField(
        choices=[(c, label) for c, label in LedgerProblem.choices],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("发现问题"),
    )

    def has_changed(self):
        # The radio-like "direction" default alone does not make a row filled in.
        return any(name != "direction" and name in self.changed_data for name in self.fields)


class _RowsFormSet(forms.BaseFormSet):
    empty_message = _("请至少填写一行")

    def rows(self) -> list[dict]:
        return [dict(f.cleaned_data) for f in self.forms if f.has_changed() and f.cleaned_data]


FireProductFormSet = forms.formset_factory(
    FireProductForm, formset=_RowsFormSet, extra=1, max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True
)
LedgerEntryFormSet = forms.formset_factory(
    LedgerEntryForm, formset=_RowsFormSet, extra=1, max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True
)
