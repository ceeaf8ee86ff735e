"""Staff forms of the market-monitor register and of a monitor's report; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhenwei.catalog.models import ProductCategory
from zhenwei.core.access import user_scope, visible_divisions
from zhenwei.core.choices import DivisionLevel
from zhenwei.core.models import Department, Division

from .choices import WrongKind
from .forms import CategoryChoiceField, MultipleFileField
from .services import MAX_ATTACHMENTS, Attachment, TipInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def my_departments(user):
    scope = user_scope(user)
    qs = Department.objects.filter(is_active=True).select_related("division")
    return qs if scope.is_global else qs.filter(pk__in=scope.department_ids)


class _DivisionField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.code}）"


class MonitorForm(forms.Form):
    name = forms.CharField(max_length=64, label=_("姓名"))
    village = forms.CharField(max_length=100, label=_("村（社区）"))
    department = forms.ModelChoiceField(queryset=Department.objects.none(), label=_("管理单位"))
    division = _DivisionField(
        queryset=Division.objects.none(), required=False, label=_("所在乡镇（街道），空则为管理单位所在区划")
    )
    phone = forms.CharField(max_length=20, required=False, label=_("联系电话"))
    appointed_on = forms.DateField(widget=DATE, label=_("聘任日期"))
    active = forms.BooleanField(required=False, initial=True, label=_("在任"))
    note = forms.CharField(max_length=255, required=False, label=_("备注"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = my_departments(user)
        self.fields["division"].queryset = (
            visible_divisions(user)
            .filter(level__in=[DivisionLevel.COUNTY, DivisionLevel.TOWN])
            .order_by("code")
        )


class MonitorReportForm(forms.Form):
    """What a monitor saw, where and when, with photos; the officer enters it for the monitor."""

    category = CategoryChoiceField(
        label=_("类别"), queryset=ProductCategory.objects.all(), required=False, empty_label=_("— 请选择 —")
    )
    wrong_kind = forms.ChoiceField(
        label=_("问题类型"), choices=WrongKind.choices, initial=WrongKind.COUNTERFEIT
    )
    subject_name = forms.CharField(label=_("涉及单位或个人"), required=False, max_length=200)
    product_name = forms.CharField(label=_("产品名称、品牌、型号"), required=False, max_length=200)
    address = forms.CharField(label=_("地点"), max_length=300)
    occurred_on = forms.DateField(label=_("发现日期"), widget=DATE)
    description = forms.CharField(
        label=_("情况描述"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
    attachments = MultipleFileField(
        label=_("照片或材料（最多 6 个，每个不超过 10 MB；JPEG、PNG、PDF、MP4）"), required=False
    )

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(_("附件最多 6 个"))
        return files

    def tip_input(self, division) -> TipInput:
        data = self.cleaned_data
        return TipInput(
            description=data["description"],
            division=division,
            category=data.get("category"),
            wrong_kind=data["wrong_kind"],
            subject_name=data.get("subject_name", ""),
            product_name=data.get("product_name", ""),
            address=data.get("address", ""),
            occurred_on=data.get("occurred_on"),
            attachments=[
                Attachment(fileobj=f, name=f.name, content_type=f.content_type)
                for f in data.get("attachments") or []
            ],
        )
