from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EnterpriseKind(models.TextChoices):
    """What kind of unit a registry subject is (生产经营单位 and the places the seeds inspect)."""

    INDUSTRIAL = "industrial", _("工业企业")
    TRADING = "trading", _("商贸企业")
    MANUFACTURER = "manufacturer", _("生产企业")
    RETAILER = "retailer", _("销售门店")
    MARKET = "market", _("批发市场/商场")
    ECOMMERCE = "ecommerce", _("电商经营者")
    LOGISTICS = "logistics", _("快递物流/货运场站")
    CONSTRUCTION = "construction", _("建设工程/施工单位")
    SCHOOL = "school", _("学校")
    HOSPITAL = "hospital", _("医院")
    ELDERLY_CARE = "elderly_care", _("养老机构")
    PUBLIC_VENUE = "public_venue", _("人员密集场所")
    RESIDENTIAL = "residential", _("居民小区")
    SMALL_VENUE = "small_venue", _("九小场所")
    STATE_OWNED = "state_owned", _("央企子公司/分公司")
    OTHER = "other", _("其他")


class AccessKind(models.TextChoices):
    """How a product gained market access (市场准入)."""

    CCC = "ccc", _("强制性产品认证")
    TECHNICAL_APPRAISAL = "technical_appraisal", _("技术鉴定")
    TYPE_TEST = "type_test", _("型式检验")


class CodeFormat(models.TextChoices):
    """Format of an identity code: the 14-character fire-product identity mark or another serial."""

    FIRE_MARK = "fire_mark", _("消防产品身份证标志")
    SERIAL = "serial", _("其他序列号")


class CodeStatus(models.TextChoices):
    """State of one identity code; anything but active makes a public check say so."""

    ACTIVE = "active", _("有效")
    REVOKED = "revoked", _("已注销")
    RECALLED = "recalled", _("已召回")
    DESTROYED = "destroyed", _("已销毁")


# Allowed transitions of an identity code (staff service); destroyed is final.
CODE_TRANSITIONS: dict[str, frozenset[str]] = {
    CodeStatus.ACTIVE: frozenset({CodeStatus.REVOKED, CodeStatus.RECALLED, CodeStatus.DESTROYED}),
    CodeStatus.REVOKED: frozenset({CodeStatus.ACTIVE, CodeStatus.DESTROYED}),
    CodeStatus.RECALLED: frozenset({CodeStatus.ACTIVE, CodeStatus.DESTROYED}),
    CodeStatus.DESTROYED: frozenset(),
}


class CertificateKind(models.TextChoices):
    """Kinds of work-safety certificates (安全生产证书)."""

    SPECIAL_OPERATION = "special_operation", _("特种作业操作证")
    PRINCIPAL = "principal", _("主要负责人安全生产知识和管理能力考核合格证")
    SAFETY_MANAGER = "safety_manager", _("安全生产管理人员安全生产知识和管理能力考核合格证")


class CertificateStatus(models.TextChoices):
    VALID = "valid", pgettext_lazy("certificate status", "有效")
    EXPIRED = "expired", _("已过期")
    REVOKED = "revoked", pgettext_lazy("certificate status", "已撤销")
    SUSPENDED = "suspended", _("已暂扣")


# Allowed transitions of a certificate (staff service); revoked is final.
CERTIFICATE_TRANSITIONS: dict[str, frozenset[str]] = {
    CertificateStatus.VALID: frozenset(
        {CertificateStatus.EXPIRED, CertificateStatus.REVOKED, CertificateStatus.SUSPENDED}
    ),
    CertificateStatus.SUSPENDED: frozenset({CertificateStatus.VALID, CertificateStatus.REVOKED}),
    CertificateStatus.EXPIRED: frozenset({CertificateStatus.VALID, CertificateStatus.REVOKED}),
    CertificateStatus.REVOKED: frozenset(),
}


class InstitutionNature(models.TextChoices):
    """What a training institution really is (培训机构性质, seed 000)."""

    OFFICIAL = "official", _("官方/正规机构")
    REGISTERED = "registered", _("依法登记的培训机构")
    UNREGISTERED = "unregistered", _("未登记")
    IMPOSTOR = "impostor", _("冒牌机构")


class FindingStatus(models.TextChoices):
    """State of one problem on an institution's problem list (问题清单)."""

    OPEN = "open", _("待整改")
    RECTIFIED = "rectified", _("已整改")
    CLOSED = "closed", _("已销号")


FINDING_TRANSITIONS: dict[str, frozenset[str]] = {
    FindingStatus.OPEN: frozenset({FindingStatus.RECTIFIED, FindingStatus.CLOSED}),
    FindingStatus.RECTIFIED: frozenset({FindingStatus.OPEN, FindingStatus.CLOSED}),
    FindingStatus.CLOSED: frozenset({FindingStatus.OPEN}),
}


class ImportKind(models.TextChoices):
    """The registry files staff can upload (also ``zhenwei import KIND FILE``)."""

    PRODUCT_CODES = "product-codes", _("产品身份标识码")
    CERTIFICATES = "certificates", _("安全生产证书")
    ENTERPRISES = "enterprises", _("生产经营单位")


class ImportJobStatus(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("导入中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")
