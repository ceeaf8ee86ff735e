"""The registry (台账): enterprises and other units the campaigns check."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenwei.core.models import CreatedAt, UpdatedAt
from zhenwei.core.validators import validate_uscc

from ..choices import EnterpriseKind


class Enterprise(CreatedAt, UpdatedAt):
    """A production or business unit (生产经营单位), school, hospital, care home or other subject."""

    name = models.CharField(verbose_name=_("名称"), max_length=200)
    name_normalized = models.CharField(
        verbose_name=_("规范化名称"), max_length=200, db_index=True, editable=False
    )
    uscc = models.CharField(
        verbose_name=_("统一社会信用代码"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_uscc],
    )
    division = models.ForeignKey(
        "core.Division", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(verbose_name=_("地址"), max_length=255, blank=True)
    kind = models.CharField(
        verbose_name=_("类型"), max_length=32, choices=EnterpriseKind.choices, default=EnterpriseKind.OTHER
    )
    legal_representative = models.CharField(verbose_name=_("法定代表人"), max_length=64, blank=True)
    contact_name = models.CharField(verbose_name=_("联系人"), max_length=64, blank=True)
    contact_phone = models.CharField(verbose_name=_("联系电话"), max_length=40, blank=True)
    is_production = models.BooleanField(verbose_name=_("生产领域主体"), default=False)
    is_circulation = models.BooleanField(verbose_name=_("流通领域主体"), default=False)
    is_construction = models.BooleanField(verbose_name=_("建设领域主体"), default=False)
    is_use = models.BooleanField(verbose_name=_("使用领域主体"), default=False)
    is_active = models.BooleanField(verbose_name=_("在册"), default=True)

    # Sealed by the audit trail (issue 14); left out: name_normalized (derived) and timestamps.
    audit_sealed_fields = (
        "name",
        "uscc",
        "division_id",
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
    )

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("生产经营单位")
        verbose_name_plural = _("生产经营单位")
        ordering = ["name"]
        indexes = [models.Index(fields=["division", "kind"], name="enterprise_division_kind_idx")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        from zhenwei.core.text import normalize

        self.name_normalized = normalize(self.name)[:200]
        if self.uscc == "":
            self.uscc = None
        super().save(*args, **kwargs)
