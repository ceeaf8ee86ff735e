"""Product categories and the routing rules (category × division → departments), both kept as data."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Domain, RoutingPurpose, RoutingRole


class ProductCategory(models.Model):
    """A product category (灭火器, 食品, 农资…); fire products carry the 14-character identity mark."""

    code = models.SlugField(verbose_name=_("代码"), max_length=50, unique=True)
    name = models.CharField(verbose_name=_("名称"), max_length=64)
    name_en = models.CharField(verbose_name=_("英文名称"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_fire_product = models.BooleanField(verbose_name=_("消防产品"), default=False)
    sort = models.PositiveIntegerField(verbose_name=_("排序"), default=100)

    class Meta:
        verbose_name = _("产品类别")
        verbose_name_plural = _("产品类别")
        ordering = ["sort", "code"]

    def __str__(self) -> str:
        return self.name

    def lineage_ids(self) -> list[int]:
        """This category and its ancestors, nearest first."""
        ids, node = [], self
        while node is not None:
            ids.append(node.pk)
            node = node.parent
        return ids


class RoutingRule(models.Model):
    """For a purpose, a category (or any) in a division subtree (or anywhere): which kind of
    department leads, cooperates or gets a copy. Edited by administrators, every change audited."""

    purpose = models.CharField(verbose_name=_("用途"), max_length=32, choices=RoutingPurpose.choices)
    category = models.ForeignKey(
        ProductCategory,
        verbose_name=_("产品类别"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("留空表示所有类别"),
    )
    division = models.ForeignKey(
        "core.Division",
        verbose_name=_("适用区划"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("留空表示全国；否则适用于该区划及下级"),
    )
    domain = models.CharField(verbose_name=_("领域"), max_length=16, choices=Domain.choices, blank=True)
    outcome = models.CharField(
        verbose_name=_("结果条件"), max_length=32, blank=True, help_text=_("如 unqualified；留空表示任何结果")
    )
    source_department_kind = models.ForeignKey(
        "core.DepartmentKind",
        verbose_name=_("来源部门类型"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("留空表示任何来源部门"),
    )
    department_kind = models.ForeignKey(
        "core.DepartmentKind", verbose_name=_("承办部门类型"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(verbose_name=_("角色"), max_length=16, choices=RoutingRole.choices)
    is_active = models.BooleanField(verbose_name=_("启用"), default=True)
    note = models.CharField(verbose_name=_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("分办规则")
        verbose_name_plural = _("分办规则")
        ordering = ["purpose", "category__sort", "role"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.category or '*'} → {self.department_kind} ({self.get_role_display()})"
