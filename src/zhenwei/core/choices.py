"""Choices of the organisation model."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DivisionLevel(models.TextChoices):
    PROVINCE = "province", _("省级")
    PREFECTURE = "prefecture", _("地级")
    COUNTY = "county", _("县级")
    TOWN = "town", _("乡级")


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", _("平台管理员")
    CAMPAIGN_OFFICE = "campaign_office", _("专项办")
    OFFICER = "officer", _("部门工作人员")
    INSPECTOR = "inspector", _("检查员")
    HOTLINE_OPERATOR = "hotline_operator", _("热线接线员")
    VIEWER = "viewer", _("只读（领导查阅）")


class ShareKind(models.TextChoices):
    TRANSFER = "transfer", _("移交")
    COPY = "copy", _("抄送")


class AuditAction(models.TextChoices):
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    VIEW_PII = "view_pii", _("查看个人信息")
    TRANSITION = "transition", _("状态变更")
    IMPORT = "import", _("导入")
    EXPORT = "export", _("导出")
    OTHER = "other", _("其他")
    SEAL = "seal", _("封存现状")
