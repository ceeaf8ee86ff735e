"""Forms for the public tip page and the staff pages; they collect input, the services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zhenwei.catalog.models import ProductCategory
from zhenwei.core.models import Department, Division
from zhenwei.core.pickers import DepartmentChoiceField, departments_by_nearness

from .choices import PaymentMethod, TipChannel, TipKind, WrongKind
from .services import MAX_ATTACHMENTS, Attachment, TipInput


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf,video/mp4"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class DivisionChainField(forms.CharField):
    """The cascading division picker posts one ``division`` value per level; the last one chosen wins."""

    def to_python(self, value):
        if isinstance(value, list | tuple):
            chosen = [v for v in value if v]
            value = chosen[-1] if chosen else ""
        return super().to_python(value)


class DivisionChainWidget(forms.TextInput):
    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name)


class CategoryChoiceField(forms.ModelChoiceField):
    """Product categories by their English name when English is selected (and one is recorded)."""

    def label_from_instance(self, obj):
        if get_language() and get_language().startswith("en") and obj.name_en:
            return obj.name_en
        return obj.name


class TipForm(forms.Form):
    """The public form (mobile first): what, where, when, what happened, who (optional)."""

    kind = forms.ChoiceField(
        label=_("类型"), choices=TipKind.choices, initial=TipKind.TIP, widget=forms.RadioSelect
    )
    category = CategoryChoiceField(
        label=_("举报类别"),
        queryset=ProductCategory.objects.all(),
        required=False,
        empty_label=_("— 请选择 —"),
    )
    wrong_kind = forms.ChoiceField(
        label=_("问题类型"), choices=WrongKind.choices, initial=WrongKind.COUNTERFEIT
    )
    subject_name = forms.CharField(label=_("被举报单位或个人"), required=False, max_length=200)
    subject_credit_code = forms.CharField(
        label=_("统一社会信用代码（如知道）"), required=False, max_length=30
    )
    product_name = forms.CharField(label=_("产品名称、品牌、型号"), required=False, max_length=200)
    identity_code = forms.CharField(
        label=_("产品身份信息码（消防产品标签上的码）"), required=False, max_length=60
    )
    certificate_number = forms.CharField(label=_("证书编号"), required=False, max_length=60)
    website_url = forms.CharField(label=_("网址或公众号、店铺名"), required=False, max_length=500)
    training_institution = forms.CharField(label=_("培训机构名称"), required=False, max_length=200)
    division = DivisionChainField(label=_("发生地（选到乡镇街道）"), widget=DivisionChainWidget)
    address = forms.CharField(label=_("详细地址"), required=False, max_length=300)
    occurred_on = forms.DateField(
        label=_("发现日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    description = forms.CharField(
        label=_("情况描述"),
        widget=forms.Textarea(
            attrs={"rows": 6, "placeholder": _("时间、地点、经过，何处买到或看到，有何证据")}
        ),
        max_length=5000,
    )
    attachments = MultipleFileField(
        label=_("照片或材料（最多 6 个，每个不超过 10 MB；JPEG、PNG、PDF、MP4）"), required=False
    )
    anonymous = forms.BooleanField(label=_("匿名举报（不留姓名和电话）"), required=False, initial=True)
    reporter_name = forms.CharField(label=_("姓名"), required=False, max_length=64)
    reporter_phone = forms.CharField(
        label=_("联系电话"), required=False, max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    reporter_id_number = forms.CharField(
        label=_("身份证号（选填，领取奖励时需要）"), required=False, max_length=18
    )
    # Honeypot: hidden from people by CSS, filled by form-filling robots.
    website = forms.CharField(
        label=_("请勿填写此项"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_division(self):
        code = self.cleaned_data["division"]
        division = Division.objects.filter(code=code).first()
        if division is None:
            raise forms.ValidationError(_("请选择发生地"))
        return division

    def tip_input(self, files=None) -> TipInput:
        data = self.cleaned_data
        uploads = data.get("attachments") or []
        if len(uploads) > MAX_ATTACHMENTS:
            raise forms.ValidationError(_("附件最多 6 个"))
        return TipInput(
            description=data["description"],
            division=data["division"],
            kind=data["kind"],
            category=data.get("category"),
            wrong_kind=data["wrong_kind"],
            subject_name=data.get("subject_name", ""),
            subject_credit_code=data.get("subject_credit_code", ""),
            product_name=data.get("product_name", ""),
            identity_code=data.get("identity_code", ""),
            certificate_number=data.get("certificate_number", ""),
            website_url=data.get("website_url", ""),
            training_institution=data.get("training_institution", ""),
            address=data.get("address", ""),
            occurred_on=data.get("occurred_on"),
            anonymous=bool(data.get("anonymous")),
            reporter_name=data.get("reporter_name", ""),
            reporter_phone=data.get("reporter_phone", ""),
            reporter_id_number=data.get("reporter_id_number", ""),
            attachments=[Attachment(fileobj=f, name=f.name, content_type=f.content_type) for f in uploads],
        )


class HotlineTipForm(TipForm):
    """Hotline operators: the channel, when the call came in, and the caller's details."""

    channel = forms.ChoiceField(label=_("渠道"), choices=TipChannel.choices, initial=TipChannel.HOTLINE_12350)
    received_at = forms.DateTimeField(
        label=_("来电（来信、来访）时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    field_order = ["channel", "received_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("website")
        self.fields["anonymous"].label = _("来电人不愿留下身份")
        # A market monitor's report is entered on the monitor's page, which links the monitor.
        self.fields["channel"].choices = [c for c in TipChannel.choices if c[0] != TipChannel.MARKET_MONITOR]

    def clean_received_at(self):
        value = self.cleaned_data.get("received_at")
        if value and value > timezone.now():
            raise forms.ValidationError(_("时间不能晚于现在"))
        return value


class StatusLookupForm(forms.Form):
    code = forms.CharField(
        label=_("回执码"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("不予受理理由（举报人可见）"), widget=forms.Textarea(attrs={"rows": 2}))
    note = forms.CharField(label=_("内部说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("答复内容（举报人可见）"), widget=forms.Textarea(attrs={"rows": 3}))
    note = forms.CharField(label=_("内部说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("内部备注（举报人不可见）"), widget=forms.Textarea(attrs={"rows": 2}))


class RerouteForm(forms.Form):
    department = DepartmentChoiceField(label=_("改派至"), queryset=Department.objects.none())
    reason = forms.CharField(label=_("理由"), max_length=300)

    def __init__(self, *args, tip=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Nearest to the tip's division first; the current lead is not offered again.
        exclude = (tip.lead_department_id,) if tip is not None else ()
        division = tip.division if tip is not None else None
        self.fields["department"].queryset = departments_by_nearness(division, exclude=exclude)


class ClassifyForm(forms.Form):
    category = forms.ModelChoiceField(label=_("类别"), queryset=ProductCategory.objects.all(), required=False)
    wrong_kind = forms.ChoiceField(label=_("违法类型"), choices=WrongKind.choices)
    kind = forms.ChoiceField(label=_("举报或投诉"), choices=TipKind.choices)


class RewardProposeForm(forms.Form):
    fine_amount = forms.DecimalField(label=_("罚没款（元）"), max_digits=14, decimal_places=2, min_value=0)
    case_reference = forms.CharField(label=_("处罚决定书文号"), required=False, max_length=100)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RewardPayForm(forms.Form):
    paid_on = forms.DateField(
        label=_("发放日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    payment_method = forms.ChoiceField(label=_("发放方式"), choices=PaymentMethod.choices)
    payment_reference = forms.CharField(label=_("凭证号"), max_length=100)
