"""Choices of the web watch: verdicts of the website check and the ledger's kinds and stages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Verdict(models.TextChoices):
    OFFICIAL = "official", _("官方网站")
    LOOKALIKE = "lookalike", _("仿冒网站")
    UNRELATED = "unrelated", _("无关网站")


class Reason(models.TextChoices):
    """Why a host is judged to imitate an official one (codes printed by check-url)."""

    HOMOGLYPH = "homoglyph", _("形近字符（如 rn 冒充 m、西里尔字母 е 冒充 e）")
    PUNYCODE = "punycode", _("国际化域名（xn-- 编码）")
    TYPO = "typo", _("错拼（增删换字母）")
    ADDED_WORDS = "added_words", _("在官方名称前后添加词语")
    OFFICIAL_NAME_IN_SUBDOMAIN = "official_name_in_subdomain", _("把官方域名放在其他域名的子域名中")
    TLD_SWAP = "tld_swap", _("更换顶级域名")
    OFFICIAL_NAME = "official_name", _("使用官方机构的中文名称或拼音")


class SiteKind(models.TextChoices):
    FAKE_WEBSITE = "fake_website", _("假冒网站")
    TECH_SERVICE = "tech_service", _("非法提供技术服务")


class TechService(models.TextChoices):
    """The kinds of technical support named in seed 002 (帮助信息网络犯罪活动)."""

    ACCESS = "access", _("互联网接入")
    HOSTING = "hosting", _("服务器托管")
    STORAGE = "storage", _("网络存储")
    TRANSMISSION = "transmission", _("通讯传输")
    DOMAIN = "domain", _("域名注册解析")
    OTHER = "other", _("其他")


class DiscoveredVia(models.TextChoices):
    PATROL = "patrol", _("网络巡查")
    TIP = "tip", _("举报投诉")
    AD_SCREENING = "ad_screening", _("广告监测")
    CERTIFICATE_CHECK = "certificate_check", _("证书核查")
    TRANSFER = "transfer", _("上级交办或部门移交")
    OTHER = "other", _("其他")


class ReferralTarget(models.TextChoices):
    CYBER_POLICE = "cyber_police", _("公安网安部门")
    REGISTRAR = "registrar", _("域名注册服务机构")
    HOSTING = "hosting", _("接入或托管服务商")
    TELECOM = "telecom", _("通信管理部门")
    OTHER = "other", _("其他部门")


class SiteStatus(models.TextChoices):
    """The ledger's stages: discovered → evidence kept → referred → blocked (or closed as no problem)."""

    DISCOVERED = "discovered", _("已发现")
    EVIDENCE_KEPT = "evidence_kept", _("已固定证据")
    REFERRED = "referred", _("已移交")
    BLOCKED = "blocked", _("已封堵")
    CLOSED = "closed", _("已排除")


# The one table of allowed moves; site_transition() refuses anything else.
SITE_TRANSITIONS: dict[str, frozenset[str]] = {
    SiteStatus.DISCOVERED: frozenset({SiteStatus.EVIDENCE_KEPT, SiteStatus.CLOSED}),
    SiteStatus.EVIDENCE_KEPT: frozenset({SiteStatus.REFERRED, SiteStatus.BLOCKED, SiteStatus.CLOSED}),
    SiteStatus.REFERRED: frozenset({SiteStatus.BLOCKED}),
    SiteStatus.BLOCKED: frozenset(),
    SiteStatus.CLOSED: frozenset(),
}
