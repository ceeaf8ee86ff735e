"""Training institutions ledger (培训机构台账, seed 000): who trains, as whom, what, where, and what
they sold, with a problem list (问题清单) per institution."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenwei.core.models import CreatedAt, UpdatedAt

from ..choices import FindingStatus, InstitutionNature


class TrainingInstitution(CreatedAt, UpdatedAt):
    """A fire-safety training institution found in the field, real or impostor."""

    name = models.CharField(verbose_name=_("名称"), max_length=200)
    name_normalized = models.CharField(
        verbose_name=_("规范化名称"), max_length=200, db_index=True, editable=False
    )
    nature = models.CharField(verbose_name=_("机构性质"), max_length=16, choices=InstitutionNature.choices)
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("登记主体"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_institutions",
    )
    uscc = models.CharField(verbose_name=_("统一社会信用代码"), max_length=18, blank=True)
    claimed_affiliation = models.CharField(
        verbose_name=_("自称隶属"), max_length=200, blank=True, help_text=_("如自称“消防救援大队培训中心”")
    )
    division = models.ForeignKey(
        "core.Division", verbose_name=_("发现地区划"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(verbose_name=_("地址"), max_length=255, blank=True)
    contact_name = models.CharField(verbose_name=_("联系人"), max_length=64, blank=True)
    contact_phone = models.CharField(verbose_name=_("联系电话"), max_length=40, blank=True)
    website = models.CharField(verbose_name=_("网站/网店/公众号"), max_length=255, blank=True)
    description = models.TextField(verbose_name=_("摸排情况"), blank=True)

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("培训机构")
        verbose_name_plural = _("培训机构台账")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        from zhenwei.core.text import normalize

        self.name_normalized = normalize(self.name)[:200]
        super().save(*args, **kwargs)


class Trainer(models.Model):
    """A person who trained for an institution, with the identity they claimed."""

    institution = models.ForeignKey(
        TrainingInstitution, verbose_name=_("培训机构"), on_delete=models.CASCADE, related_name="trainers"
    )
    name = models.CharField(verbose_name=_("姓名"), max_length=64)
    phone = models.CharField(verbose_name=_("联系电话"), max_length=40, blank=True)
    claimed_identity = models.CharField(
        verbose_name=_("自称身份"), max_length=200, blank=True, help_text=_("如“县消防大队教官”")
    )
    verified_identity = models.CharField(verbose_name=_("核实身份"), max_length=200, blank=True)
    impersonates_official = models.BooleanField(verbose_name=_("冒充国家机关工作人员"), default=False)
    note = models.TextField(verbose_name=_("备注"), blank=True)

    visibility_division_field = "institution__division"

    class Meta:
        verbose_name = _("培训人员")
        verbose_name_plural = _("培训人员")
        ordering = ["institution", "name"]

    def __str__(self) -> str:
        return self.name


class TrainingCourse(models.Model):
    """A course an institution gives, with its content as found."""

    institution = models.ForeignKey(
        TrainingInstitution, verbose_name=_("培训机构"), on_delete=models.CASCADE, related_name="courses"
    )
    title = models.CharField(verbose_name=_("课程名称"), max_length=200)
    content = models.TextField(verbose_name=_("主要内容"), blank=True)
    fee = models.DecimalField(
        verbose_name=_("收费（元/人）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    has_false_content = models.BooleanField(verbose_name=_("含虚假消防知识"), default=False)

    visibility_division_field = "institution__division"

    class Meta:
        verbose_name = _("培训课程")
        verbose_name_plural = _("培训课程")
        ordering = ["institution", "title"]

    def __str__(self) -> str:
        return self.title


class TrainingEvent(models.Model):
    """One training session: where, whom (which unit), by whom, and how many attended."""

    institution = models.ForeignKey(
        TrainingInstitution, verbose_name=_("培训机构"), on_delete=models.CASCADE, related_name="events"
    )
    course = models.ForeignKey(
        TrainingCourse,
        verbose_name=_("课程"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    trainers = models.ManyToManyField(Trainer, verbose_name=_("授课人员"), blank=True, related_name="events")
    held_on = models.DateField(verbose_name=_("培训日期"))
    place = models.CharField(verbose_name=_("培训地点"), max_length=255)
    division = models.ForeignKey(
        "core.Division", verbose_name=_("培训地区划"), on_delete=models.PROTECT, related_name="+"
    )
    host_enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("受训单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_events",
    )
    audience = models.CharField(verbose_name=_("受训对象"), max_length=200, blank=True)
    attendees = models.PositiveIntegerField(verbose_name=_("受训人数"), null=True, blank=True)
    fee_collected = models.DecimalField(
        verbose_name=_("收取费用（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    visibility_division_field = "institution__division"

    class Meta:
        verbose_name = _("培训活动")
        verbose_name_plural = _("培训活动")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.place}"


class ProductSale(models.Model):
    """Products an institution sold (兜售产品), at an event or otherwise."""

    institution = models.ForeignKey(
        TrainingInstitution, verbose_name=_("培训机构"), on_delete=models.CASCADE, related_name="sales"
    )
    event = models.ForeignKey(
        TrainingEvent,
        verbose_name=_("培训活动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sales",
    )
    category = models.ForeignKey(
        "catalog.ProductCategory",
        verbose_name=_("产品类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    product_name = models.CharField(verbose_name=_("产品名称"), max_length=200)
    quantity = models.PositiveIntegerField(verbose_name=_("数量"), null=True, blank=True)
    unit_price = models.DecimalField(
        verbose_name=_("单价（元）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    suspected_fake = models.BooleanField(verbose_name=_("疑似假冒伪劣"), default=False)
    note = models.CharField(verbose_name=_("备注"), max_length=255, blank=True)

    visibility_division_field = "institution__division"

    class Meta:
        verbose_name = _("兜售产品")
        verbose_name_plural = _("兜售产品")
        ordering = ["institution", "product_name"]

    def __str__(self) -> str:
        return self.product_name


class InstitutionFinding(CreatedAt):
    """One finding on an institution's problem list (问题清单), tracked to rectification."""

    institution = models.ForeignKey(
        TrainingInstitution, verbose_name=_("培训机构"), on_delete=models.CASCADE, related_name="findings"
    )
    title = models.CharField(verbose_name=_("问题"), max_length=200)
    description = models.TextField(verbose_name=_("问题描述"), blank=True)
    found_on = models.DateField(verbose_name=_("发现日期"))
    rectify_by = models.DateField(verbose_name=_("整改期限"), null=True, blank=True)
    responsible = models.ForeignKey(
        "core.Department",
        verbose_name=_("责任部门"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        verbose_name=_("状态"), max_length=16, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    status_changed_at = models.DateTimeField(verbose_name=_("状态变更时间"), null=True, blank=True)
    resolution = models.TextField(verbose_name=_("整改/处理情况"), blank=True)

    visibility_division_field = "institution__division"

    class Meta:
        verbose_name = _("问题清单条目")
        verbose_name_plural = _("问题清单")
        ordering = ["status", "rectify_by", "-found_on"]

    def __str__(self) -> str:
        return self.title
