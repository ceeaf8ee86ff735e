"""Web watch: the registry of official sites, and the ledger of fake websites and illegal technical
service providers (假冒网站和非法技术服务台账) with the evidence kept for each."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenwei.core.models import CreatedAt, Stamped, UpdatedAt

from .choices import (
    DiscoveredVia,
    ReferralTarget,
    SiteKind,
    SiteStatus,
    TechService,
    Verdict,
)


class OfficialDomain(UpdatedAt):
    """An official host (官方网站或官方查询地址) the public should trust; platform reference data,
    edited by administrators only (admin and services both audited)."""

    host = models.CharField(
        verbose_name=_("域名"),
        max_length=253,
        unique=True,
        help_text=_("小写 ASCII 形式，如 cx.mem.gov.cn；中文域名填写 xn-- 形式或中文均可"),
    )
    name = models.CharField(verbose_name=_("网站名称"), max_length=100)
    owner = models.CharField(verbose_name=_("主办单位"), max_length=100, blank=True)
    url = models.URLField(verbose_name=_("官方地址"), max_length=300, blank=True)
    is_verification = models.BooleanField(
        verbose_name=_("证书或产品查询地址"),
        default=False,
        help_text=_("公众核验证书或产品真伪的官方入口（如特种作业操作证查询 cx.mem.gov.cn）"),
    )
    include_subdomains = models.BooleanField(
        verbose_name=_("含下级域名"),
        default=True,
        help_text=_("该域名下的所有下级域名也属官方"),
    )
    keywords = models.CharField(
        verbose_name=_("名称关键词"),
        max_length=300,
        blank=True,
        help_text=_(
            "用空格或逗号分隔的机构中文名称、拼音或缩写（如 应急管理部 yingjiguanli yjglb），用于识别仿冒"
        ),
    )
    how_to_tell = models.TextField(verbose_name=_("辨别方法"), blank=True)
    is_active = models.BooleanField(verbose_name=_("启用"), default=True)
    sort = models.PositiveIntegerField(verbose_name=_("排序"), default=100)

    class Meta:
        verbose_name = _("官方网站")
        verbose_name_plural = _("官方网站")
        ordering = ["sort", "host"]

    def __str__(self) -> str:
        return f"{self.name}（{self.host}）"

    def keyword_list(self) -> list[str]:
        return [k for k in self.keywords.replace("，", ",").replace(",", " ").split() if k]


class SuspectSite(Stamped):
    """One fake website or illegal technical service provider, from discovery to blocking."""

    kind = models.CharField(
        verbose_name=_("类别"), max_length=16, choices=SiteKind.choices, default=SiteKind.FAKE_WEBSITE
    )
    url = models.CharField(verbose_name=_("网址"), max_length=2000)
    host = models.CharField(verbose_name=_("域名"), max_length=253, db_index=True, editable=False)
    title = models.CharField(verbose_name=_("网站标题或服务商名称"), max_length=200, blank=True)
    verdict = models.CharField(
        verbose_name=_("检测结论"), max_length=16, choices=Verdict.choices, blank=True, editable=False
    )
    imitates = models.CharField(verbose_name=_("仿冒对象"), max_length=253, blank=True, editable=False)
    reasons = models.JSONField(verbose_name=_("仿冒特征"), default=list, blank=True, editable=False)
    provider_name = models.CharField(
        verbose_name=_("技术服务提供者"),
        max_length=200,
        blank=True,
        help_text=_("为假冒网站提供接入、托管、存储、传输的单位或个人"),
    )
    provider_service = models.CharField(
        verbose_name=_("技术服务类型"), max_length=16, choices=TechService.choices, blank=True
    )
    description = models.TextField(verbose_name=_("情况描述"), blank=True)
    division = models.ForeignKey(
        "core.Division", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("发现部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    discovered_on = models.DateField(verbose_name=_("发现日期"), db_index=True)
    discovered_via = models.CharField(
        verbose_name=_("发现途径"), max_length=20, choices=DiscoveredVia.choices, default=DiscoveredVia.PATROL
    )
    status = models.CharField(
        verbose_name=_("状态"), max_length=16, choices=SiteStatus.choices, default=SiteStatus.DISCOVERED
    )
    evidence_on = models.DateField(verbose_name=_("固定证据日期"), null=True, blank=True)
    referred_on = models.DateField(verbose_name=_("移交日期"), null=True, blank=True, db_index=True)
    referred_to_kind = models.CharField(
        verbose_name=_("移交对象类别"), max_length=16, choices=ReferralTarget.choices, blank=True
    )
    referred_to = models.CharField(verbose_name=_("移交对象"), max_length=200, blank=True)
    referred_to_department = models.ForeignKey(
        "core.Department",
        verbose_name=_("移交部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    referral_number = models.CharField(verbose_name=_("移交文号"), max_length=100, blank=True)
    blocked_on = models.DateField(verbose_name=_("封堵日期"), null=True, blank=True, db_index=True)
    block_method = models.CharField(
        verbose_name=_("封堵方式"),
        max_length=200,
        blank=True,
        help_text=_("如 停止解析、注销域名、关停服务器"),
    )
    closed_on = models.DateField(verbose_name=_("排除日期"), null=True, blank=True)
    closed_reason = models.TextField(verbose_name=_("排除理由"), blank=True)
    clue = models.ForeignKey(
        "cases.Clue",
        verbose_name=_("线索"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("假冒网站台账")
        verbose_name_plural = _("假冒网站台账")
        ordering = ["-discovered_on", "-pk"]
        indexes = [models.Index(fields=["division", "status"], name="webwatch_site_div_status_idx")]

    def __str__(self) -> str:
        return self.title or self.host


class SiteEvidence(CreatedAt):
    """A screenshot or page file kept as evidence of a suspect site, with its SHA-256 and capture time."""

    site = models.ForeignKey(
        SuspectSite, verbose_name=_("台账记录"), on_delete=models.CASCADE, related_name="evidence"
    )
    evidence = models.ForeignKey(
        "core.EvidenceFile", verbose_name=_("证据文件"), on_delete=models.PROTECT, related_name="+"
    )
    url = models.CharField(verbose_name=_("取证网址"), max_length=2000)
    sha256 = models.CharField(verbose_name=_("SHA-256"), max_length=64, editable=False)
    captured_at = models.DateTimeField(verbose_name=_("取证时间"))
    note = models.CharField(verbose_name=_("说明"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("取证人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    visibility_division_field = "site__division"

    class Meta:
        verbose_name = _("网站证据")
        verbose_name_plural = _("网站证据")
        ordering = ["captured_at", "pk"]

    def __str__(self) -> str:
        return f"{self.url} @ {self.captured_at:%Y-%m-%d %H:%M}"


class SiteEvent(models.Model):
    """One step of a ledger record's timeline (status change with who, when and a note)."""

    site = models.ForeignKey(
        SuspectSite, verbose_name=_("台账记录"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(
        verbose_name=_("原状态"), max_length=16, choices=SiteStatus.choices, blank=True
    )
    to_status = models.CharField(verbose_name=_("新状态"), max_length=16, choices=SiteStatus.choices)
    on = models.DateField(verbose_name=_("日期"))
    note = models.TextField(verbose_name=_("说明"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(verbose_name=_("记录时间"), auto_now_add=True)

    visibility_division_field = "site__division"

    class Meta:
        verbose_name = _("台账进展")
        verbose_name_plural = _("台账进展")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"
