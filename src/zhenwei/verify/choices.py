from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class KeyStatus(models.TextChoices):
    """Signing key life cycle: active keys sign; retired keys only verify; revoked keys fail everywhere."""

    ACTIVE = "active", _("在用")
    RETIRED = "retired", _("已停用（仍可验证）")
    REVOKED = "revoked", _("已吊销")


class ProductVerdict(models.TextChoices):
    GENUINE = "genuine", _("正品")
    UNKNOWN = "unknown", _("查无此码")
    REVOKED = "revoked", _("已注销")
    SUSPECT = "suspect", _("疑似仿冒")


class CertificateVerdict(models.TextChoices):
    VALID = "valid", pgettext_lazy("certificate status", "有效")
    EXPIRED = "expired", _("已过期")
    REVOKED = "revoked", pgettext_lazy("certificate status", "已撤销")
    SUSPENDED = "suspended", _("已暂扣")
    UNKNOWN = "unknown", _("查无此证")
    MISMATCH = "mismatch", _("姓名不符")


class SuspectReason(models.TextChoices):
    NETWORKS = "networks", _("多个网络扫码")
    PREFECTURES = "prefectures", _("多个地市扫码")
    DESTROYED = "destroyed", _("销毁后仍被扫码")
    RECALLED = "recalled", _("召回后仍被扫码")


class SuspectStatus(models.TextChoices):
    OPEN = "open", _("待核查")
    CLEARED = "cleared", _("已排除")


class AgentClass(models.TextChoices):
    WECHAT = "wechat", _("微信")
    ALIPAY = "alipay", _("支付宝")
    MOBILE = "mobile", _("手机浏览器")
    DESKTOP = "desktop", _("电脑浏览器")
    APP = "app", _("程序/接口")
    BOT = "bot", _("爬虫")
    OTHER = "other", _("其他")
