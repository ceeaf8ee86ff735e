"""The staff form of a destruction event (集中销毁): the event, a formset of item rows (added and
removed with HTMX) and the evidence files. The forms only collect input; joint.destruction decides."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from zhenwei.cases.models import Case
from zhenwei.catalog.models import ProductCategory
from zhenwei.core.access import restrict
from zhenwei.core.filters import BoundedModelChoiceField

from .destruction import MAX_EVIDENCE, MAX_ITEMS
from .forms import DATE, _my_departments, _UserForm
from .models import JointAction


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name (photos, a video, the minutes)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf,video/mp4,.docx,.xlsx"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class DestructionForm(_UserForm):
    campaign = forms.ModelChoiceField(queryset=None, required=False, label=_("专项行动"))
    action = forms.ModelChoiceField(queryset=JointAction.objects.none(), required=False, label=_("所属行动"))
    title = forms.CharField(max_length=200, label=_("名称"))
    organiser = forms.ModelChoiceField(queryset=None, label=_("组织单位"))
    held_on = forms.DateField(widget=DATE, label=_("销毁日期"))
    place = forms.CharField(max_length=200, label=_("销毁地点"))
    method = forms.CharField(max_length=100, required=False, label=_("销毁方式"))
    witnesses = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("监销人员（每行一人：姓名 单位）")
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("情况说明")
    )
    evidence = MultipleFileField(
        required=False, label=_("证据材料（照片、视频、销毁记录；JPEG、PNG、PDF、MP4、DOCX）")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["organiser"].queryset = _my_departments(user)
        self.fields["action"].queryset = restrict(JointAction.objects.all(), user)

    def clean_evidence(self):
        files = self.cleaned_data.get("evidence") or []
        if len(files) > MAX_EVIDENCE:
            raise forms.ValidationError(_("证据文件最多 %(n)s 个") % {"n": MAX_EVIDENCE})
        return files


class DestructionItemForm(forms.Form):
    goods = forms.CharField(max_length=200, label=_("物品名称"))
    category = forms.ModelChoiceField(
        queryset=ProductCategory.objects.all(), required=False, label=_("产品类别")
    )
    quantity = forms.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"), label=_("数量"))
    unit = forms.CharField(
        max_length=16, required=False, widget=forms.TextInput(attrs={"placeholder": "件"}), label=_("单位")
    )
    value_yuan = forms.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, label=_("货值（元）")
    )
    case = BoundedModelChoiceField(queryset=Case.objects.none(), required=False, label=_("来源案件"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = (
            restrict(Case.objects.all(), user) if user is not None else Case.objects.none()
        )
        self.fields["case"].label_from_instance = lambda c: f"{c.number or c.pk} {c.title}"


class _ItemFormSet(forms.BaseFormSet):
    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "user": self.user}

    def clean(self):
        if any(self.errors):
            return
        filled = [f for f in self.forms if f.has_changed() and not self._should_delete_form(f)]
        if not filled:
            raise forms.ValidationError(_("销毁活动至少要有一项销毁物品"))

    def items(self) -> list[dict]:
        return [
            dict(f.cleaned_data)
            for f in self.forms
            if f.has_changed() and f.cleaned_data and not self._should_delete_form(f)
        ]


DestructionItemFormSet = forms.formset_factory(
    DestructionItemForm,
    formset=_ItemFormSet,
    extra=1,
    max_num=MAX_ITEMS,
    absolute_max=MAX_ITEMS,
    validate_max=True,
)
ITEM_PREFIX = "items"
