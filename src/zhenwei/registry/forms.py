"""Staff forms; saving goes through the services, never form.save()."""

from django import forms
from django.utils.translation import gettext, gettext_lazy

from zhenwei.core.models import Division

from .choices import ImportKind
from .models import (
    Certificate,
    Enterprise,
    InstitutionFinding,
    Product,
    ProductSale,
    Trainer,
    TrainingCourse,
    TrainingEvent,
    TrainingInstitution,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DivisionCodeField(forms.CharField):
    """A division entered by its code (500235, 500235116)."""

    def clean(self, value):
        value = super().clean(value)
        division = Division.objects.filter(code=(value or "").strip()).first()
        if division is None:
            raise forms.ValidationError(gettext("未知区划代码"))
        return division


class DivisionFormMixin:
    """Replaces the division select (thousands of rows) with a code field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "division" in self.fields:
            initial = self.instance.division.code if getattr(self.instance, "division_id", None) else ""
            self.fields["division"] = DivisionCodeField(label=gettext("区划代码"), initial=initial)


class EnterpriseForm(DivisionFormMixin, forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = [
            "name",
            "uscc",
            "division",
            "address",
            "kind",
            "legal_representative",
            "contact_name",
            "contact_phone",
            "is_production",
            "is_circulation",
            "is_construction",
            "is_use",
            "is_active",
        ]


class ProductForm(DivisionFormMixin, forms.ModelForm):
    class Meta:
        model = Product
        fields = [
            "category",
            "name",
            "model",
            "manufacturer_name",
            "manufacturer_uscc",
            "access_kind",
            "access_certificate_no",
            "division",
            "is_eliminated",
        ]


class IdentityCodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("标识码"), max_length=40)


class CertificateForm(DivisionFormMixin, forms.ModelForm):
    class Meta:
        model = Certificate
        fields = [
            "number",
            "kind",
            "operation_category",
            "operation_item",
            "holder_name",
            "holder_id_number",
            "authority",
            "issued_on",
            "expires_on",
            "division",
        ]
        widgets = {"issued_on": DATE, "expires_on": DATE}


class TransitionForm(forms.Form):
    to = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=gettext_lazy("说明"), required=False, max_length=500)


class InstitutionForm(DivisionFormMixin, forms.ModelForm):
    class Meta:
        model = TrainingInstitution
        fields = [
            "name",
            "nature",
            "uscc",
            "claimed_affiliation",
            "division",
            "address",
            "contact_name",
            "contact_phone",
            "website",
            "description",
        ]


class TrainerForm(forms.ModelForm):
    class Meta:
        model = Trainer
        fields = ["name", "phone", "claimed_identity", "verified_identity", "impersonates_official", "note"]


class CourseForm(forms.ModelForm):
    class Meta:
        model = TrainingCourse
        fields = ["title", "content", "fee", "has_false_content"]


class EventForm(DivisionFormMixin, forms.ModelForm):
    class Meta:
        model = TrainingEvent
        fields = ["held_on", "place", "division", "audience", "attendees", "fee_collected"]
        widgets = {"held_on": DATE}


class SaleForm(forms.ModelForm):
    class Meta:
        model = ProductSale
        fields = ["category", "product_name", "quantity", "unit_price", "suspected_fake", "note"]


class FindingForm(forms.ModelForm):
    class Meta:
        model = InstitutionFinding
        fields = ["title", "description", "found_on", "rectify_by"]
        widgets = {"found_on": DATE, "rectify_by": DATE}


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("导入类型"), choices=ImportKind.choices)
    file = forms.FileField(label=gettext_lazy("文件（CSV 或 XLSX）"))
