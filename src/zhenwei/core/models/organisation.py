"""Administrative divisions, departments and the people who work in them."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import DivisionLevel, Role


class Division(models.Model):
    """An administrative division (行政区划) with its GB/T 2260 code; towns use the 9-digit statistical code."""

    code = models.CharField(verbose_name=_("区划代码"), max_length=12, unique=True)
    name = models.CharField(verbose_name=_("名称"), max_length=64)
    level = models.CharField(verbose_name=_("级别"), max_length=16, choices=DivisionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path "/500000/500235/500235116/": a subtree is one indexed prefix query.
    path = models.CharField(verbose_name=_("路径"), max_length=120, db_index=True, editable=False)

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def ancestor_codes(self) -> list[str]:
        return [c for c in self.path.split("/") if c]

    def ancestors(self, include_self: bool = True):
        codes = self.ancestor_codes if include_self else self.ancestor_codes[:-1]
        return Division.objects.filter(code__in=codes).order_by("path")

    def is_within(self, other: "Division") -> bool:
        return self.path.startswith(other.path)

    @property
    def full_name(self) -> str:
        return "".join(d.name for d in self.ancestors())


class DepartmentKind(models.Model):
    """A kind of department (应急管理, 市场监管, 公安…): data, so new kinds need no code."""

    code = models.SlugField(verbose_name=_("代码"), max_length=40, unique=True)
    name = models.CharField(verbose_name=_("名称"), max_length=64)
    name_en = models.CharField(verbose_name=_("英文名称"), max_length=100, blank=True)
    sort = models.PositiveIntegerField(verbose_name=_("排序"), default=100)

    class Meta:
        verbose_name = _("部门类型")
        verbose_name_plural = _("部门类型")
        ordering = ["sort", "code"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A department (部门) of one kind, attached to one division."""

    name = models.CharField(verbose_name=_("名称"), max_length=100)
    kind = models.ForeignKey(
        DepartmentKind, verbose_name=_("类型"), on_delete=models.PROTECT, related_name="departments"
    )
    division = models.ForeignKey(
        Division, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="departments"
    )
    phone = models.CharField(verbose_name=_("电话"), max_length=40, blank=True)
    is_active = models.BooleanField(verbose_name=_("启用"), default=True)

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["division__code", "kind__sort", "name"]
        constraints = [
            models.UniqueConstraint(fields=["division", "name"], name="department_unique_name_in_division")
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A staff account. Public visitors need none."""

    display_name = models.CharField(verbose_name=_("姓名"), max_length=64, blank=True)
    phone = models.CharField(verbose_name=_("手机号"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username


class Membership(models.Model):
    """A user's role in one department; a user may hold several."""

    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("部门"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(verbose_name=_("角色"), max_length=32, choices=Role.choices)
    is_active = models.BooleanField(verbose_name=_("有效"), default=True)

    visibility_division_field = "department__division"

    class Meta:
        verbose_name = _("任职")
        verbose_name_plural = _("任职")
        constraints = [
            models.UniqueConstraint(fields=["user", "department", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.department} · {self.get_role_display()}"
