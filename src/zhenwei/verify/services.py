"""Public verification: products (with scan logging and clone detection), certificates, signed QR.

The product hot path is one statement (the lookup, with the suspect flag and the clone-window
counts) plus the scan insert, which ``scanlog`` writes in the request or in the process's next
batch (``SCAN_LOG_FLUSH_MS``); a test locks that count.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhenwei.core.audit import audit_create, audit_update, snapshot
from zhenwei.core.masking import mask_id_number, mask_name
from zhenwei.core.models import Division
from zhenwei.registry.choices import AccessKind, CertificateStatus, CodeStatus
from zhenwei.registry.contracts import identity_code_problem, normalize_identity_code
from zhenwei.registry.models import Certificate, IdentityCode

from . import conf, hotpath, qrformat, scanlog
from .choices import AgentClass, CertificateVerdict, ProductVerdict, SuspectReason, SuspectStatus
from .models import SuspectCode

HOTLINE_TEXT = _("市场监管投诉举报热线12315、政务服务便民热线12345")
FIRE_HOTLINE_TEXT = _("；消防产品问题也可拨打119咨询")

PRODUCT_MESSAGES = {
    ProductVerdict.GENUINE: _(
        "该编码是平台登记的有效编码。请核对下方产品名称、型号、生产企业与实物是否一致；"
        "如不一致，实物可能是仿冒品，请保留购物凭证并拨打{hotlines}举报。"
    ),
    ProductVerdict.UNKNOWN: _(
        "平台中查无此编码，该产品可能是假冒伪劣产品。请不要购买或使用，保留购物凭证和实物，"
        "拨打{hotlines}举报。"
    ),
    ProductVerdict.REVOKED: _(
        "该编码已被注销，对应产品不应再销售或使用。请停止使用，保留凭证，拨打{hotlines}举报销售者。"
    ),
    SuspectReason.NETWORKS: _(
        "该编码近期在很多不同网络中被查询，疑似被复制到仿冒产品上。请仔细核对实物，暂勿使用，"
        "并拨打{hotlines}举报，说明购买地点。"
    ),
    SuspectReason.PREFECTURES: _(
        "该编码近期在多个城市被查询，疑似被复制到仿冒产品上。请仔细核对实物，暂勿使用，"
        "并拨打{hotlines}举报，说明购买地点。"
    ),
    SuspectReason.DESTROYED: _(
        "该编码对应的产品已登记销毁，市场上不应再出现，您手中的产品极可能是仿冒品。"
        "请不要使用，保留实物和凭证，拨打{hotlines}举报。"
    ),
    SuspectReason.RECALLED: _(
        "该编码对应的产品已被召回，请立即停止使用，联系销售者退换；如仍在销售，请拨打{hotlines}举报。"
    ),
}
# A typo is not a counterfeit: a code that is not even well formed gets how a code looks and where it
# is printed, not the not-found warning (which is kept for well-formed codes the platform lacks).
MALFORMED_LABEL = _("编码格式不正确")
PRODUCT_MALFORMED = _(
    "您输入的内容不是格式正确的产品身份标识码，平台无法查询，这并不说明产品是假冒的。"
    "标识码有两种：消防产品身份证标志为14位，5位数字+2位字母+5位数字+2位字母（如 08241AP33691PA）；"
    "其他产品的序列号为6至32位字母、数字（可含连字符）。"
    "标识码印在产品的身份证标志标签或铭牌上（灭火器在瓶身标签上），标签上的二维码也可直接扫描。"
    "请核对后重新输入，不要输入空格以外的符号。"
)
CERTIFICATE_MALFORMED = _(
    "您输入的不是格式正确的证书编号，平台无法查询，这并不说明证书是伪造的。"
    "证书编号由字母和数字组成，印在证书内页；特种作业操作证的编号为字母“T”加持证人身份证号码（共19位）。"
    "请核对后重新输入。"
)
# Letters, digits, Chinese characters and the separators certificate numbers use; at least one digit.
_CERT_NUMBER_RE = re.compile(r"^(?=.*[0-9])[0-9A-Za-z\u4e00-\u9fff\-/（）()〔〕\[\]]{6,64}$")

QR_VERDICT_LABELS = {
    "valid": _("签名有效"),
    "invalid_signature": _("签名无效"),
    "unknown_key": _("签发密钥未知"),
    "revoked": _("证书已撤销或暂扣"),
    "expired": _("已过有效期"),
    "malformed": _("不是本平台的证书二维码"),
}

LABEL_FORGED = _("注意：标签二维码的防伪签名无效，二维码可能是伪造的，请勿相信其指向的其他网站。")

CERTIFICATE_MESSAGES = {
    CertificateVerdict.VALID: _("证书有效。请核对证件照片与本人是否一致。"),
    CertificateVerdict.EXPIRED: _("证书已超过有效期，持证人不得凭此证上岗作业，请督促其复审或重新取证。"),
    CertificateVerdict.REVOKED: _("证书已被撤销，持证人不得凭此证上岗作业。"),
    CertificateVerdict.SUSPENDED: _("证书已被暂扣，暂扣期间持证人不得凭此证上岗作业。"),
    CertificateVerdict.UNKNOWN: _(
        "查无此证书。证书可能是伪造的，请勿使用持此证人员从事特种作业，"
        "并拨打安全生产举报投诉热线12350或110举报。"
    ),
    CertificateVerdict.MISMATCH: _("证书编号与姓名不符。请核对输入；如证书系冒用或伪造，请拨打12350举报。"),
}

_BOT = re.compile(r"bot|spider|crawl|slurp|headless", re.I)
_APP = re.compile(r"^(python|curl|wget|go-http|okhttp|java|httpx|aiohttp|wrk|apache-httpclient)", re.I)
_MOBILE = re.compile(r"mobile|android|iphone|ipad|harmonyos", re.I)


@lru_cache(maxsize=4096)
def agent_class(user_agent: str) -> str:
    """A coarse class of the client, never the user agent string itself (remembered: browsers and
    apps send the same few strings)."""
    ua = user_agent or ""
    if "MicroMessenger" in ua:
        return AgentClass.WECHAT
    if "AlipayClient" in ua:
        return AgentClass.ALIPAY
    if _BOT.search(ua):
        return AgentClass.BOT
    if _APP.search(ua):
        return AgentClass.APP
    if _MOBILE.search(ua):
        return AgentClass.MOBILE
    if ua.startswith("Mozilla/"):
        return AgentClass.DESKTOP
    return AgentClass.OTHER


@dataclass(frozen=True)
class Place:
    """A division the visitor chose to share, with its prefecture (the second level of the path)."""

    division_id: int
    prefecture_code: str


_place_cache: dict[str, Place | None] = {}


def _forget_places(**kwargs) -> None:
    """Divisions changed: cached ids may be stale (a re-import, or a test database built again)."""
    _place_cache.clear()


post_save.connect(_forget_places, sender=Division, dispatch_uid="verify-place-cache")
post_delete.connect(_forget_places, sender=Division, dispatch_uid="verify-place-cache-delete")


def place_for(division_code: str | None) -> Place | None:
    """The division of a consented location code, cached per process (divisions rarely change)."""
    code = (division_code or "").strip()
    if not code or not code.isdigit() or len(code) > 12:
        return None
    if code in _place_cache:
        return _place_cache[code]
    row = Division.objects.filter(code=code).values_list("pk", "path").first()
    place = None
    if row is not None:
        parts = [p for p in row[1].split("/") if p]
        place = Place(division_id=row[0], prefecture_code=parts[1] if len(parts) > 1 else parts[0])
    if len(_place_cache) > 10_000:
        _place_cache.clear()
    _place_cache[code] = place
    return place


def _coordinate(value, limit: int) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or abs(number) > limit:
        return None
    # Two decimals (~1 km): enough for where a product is sold, not where someone lives.
    return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# The public check's texts, translated once per language and remembered: lazy translations are
# looked up again on every str(), which costs more than the rest of the answer.
_texts: dict[tuple, str] = {}
_STATUS_VALUES = frozenset(CodeStatus.values)
_ACCESS_KIND_VALUES = frozenset(AccessKind.values)


def _text(language: str, key: tuple, build) -> str:
    try:
        return _texts[language, key]
    except KeyError:
        text = _texts[language, key] = str(build())
        return text


def _product_message(language: str, reason_key: str, is_fire_product: bool, label_forged: bool) -> str:
    def build() -> str:
        message = PRODUCT_MESSAGES.get(reason_key, PRODUCT_MESSAGES[ProductVerdict.UNKNOWN])
        message = str(message).format(hotlines=_hotlines(is_fire_product))
        return str(LABEL_FORGED) + message if label_forged else message

    return _text(language, ("message", reason_key, is_fire_product, label_forged), build)


def _product_facts(row: hotpath.CodeRow, language: str) -> dict:
    return {
        "category": row.category_name,
        "name": row.product_name,
        "model": row.product_model,
        "manufacturer": row.manufacturer_name,
        "access_kind": row.access_kind,
        "access_kind_label": _text(
            language, ("access_kind", row.access_kind), lambda: AccessKind(row.access_kind).label
        )
        if row.access_kind in _ACCESS_KIND_VALUES
        else "",
        "access_certificate_no": row.access_certificate_no,
        "batch_no": row.batch_no or "",
        "produced_on": row.produced_on.isoformat() if row.produced_on else None,
        "is_eliminated": row.is_eliminated,
    }


def _hotlines(is_fire_product: bool) -> str:
    return str(HOTLINE_TEXT) + (str(FIRE_HOTLINE_TEXT) if is_fire_product else "")


def _clone_reason(*, row: hotpath.CodeRow, network: str, place: Place | None) -> tuple[str, dict] | None:
    """Clone rules over the window (counted by the lookup statement), the current scan included."""
    max_networks, max_prefectures = conf.clone_max_networks(), conf.clone_max_prefectures()
    networks = row.other_networks + (1 if network else 0)
    prefectures = row.other_prefectures + (1 if place and place.prefecture_code else 0)
    if networks > max_networks:
        return SuspectReason.NETWORKS, {"networks": networks, "limit": max_networks}
    if prefectures > max_prefectures:
        return SuspectReason.PREFECTURES, {"prefectures": prefectures, "limit": max_prefectures}
    return None


def product_verify(
    *,
    code: str,
    network: str = "",
    division_code: str | None = None,
    latitude=None,
    longitude=None,
    user_agent: str = "",
    label_kid: str = "",
    label_mac: str = "",
    now: dt.datetime | None = None,
) -> dict:
    """Verify one product code for the public, log the scan and apply the clone rules."""
    now = now or timezone.now()
    language = translation.get_language()
    raw = (code or "")[:200]
    normalized = normalize_identity_code(raw)[:64]
    problem = identity_code_problem(raw)
    place = place_for(division_code)
    answer: dict = {"code": normalized, "verdict": ProductVerdict.UNKNOWN, "status": None, "product": None}
    row = None
    if problem is None:
        row = hotpath.code_lookup(
            code=normalized,
            since=now - dt.timedelta(days=conf.clone_window_days()),
            network=network,
            prefecture=place.prefecture_code if place else "",
        )
    else:
        answer["problem"] = problem
        answer["malformed"] = True

    reason_key: str = ProductVerdict.UNKNOWN
    new_flag: tuple[str, dict] | None = None
    if row is not None:
        answer["status"] = row.status
        answer["status_label"] = (
            _text(language, ("status", row.status), lambda: CodeStatus(row.status).label)
            if row.status in _STATUS_VALUES
            else row.status
        )
        answer["product"] = _product_facts(row, language)
        if row.status == CodeStatus.REVOKED:
            answer["verdict"] = reason_key = ProductVerdict.REVOKED
        elif row.status in (CodeStatus.DESTROYED, CodeStatus.RECALLED):
            answer["verdict"] = ProductVerdict.SUSPECT
            reason_key = (
                SuspectReason.DESTROYED if row.status == CodeStatus.DESTROYED else SuspectReason.RECALLED
            )
            if row.suspect_status != SuspectStatus.OPEN:
                new_flag = (reason_key, {"status": row.status})
        elif row.suspect_status == SuspectStatus.OPEN:
            answer["verdict"] = ProductVerdict.SUSPECT
            reason_key = row.suspect_reason or SuspectReason.NETWORKS
        else:
            clone = _clone_reason(row=row, network=network, place=place)
            if clone is not None:
                answer["verdict"] = ProductVerdict.SUSPECT
                reason_key, new_flag = clone[0], clone
            else:
                answer["verdict"] = reason_key = ProductVerdict.GENUINE
        if answer["verdict"] == ProductVerdict.SUSPECT:
            answer["suspect_reason"] = reason_key

    label_valid = None
    if label_mac or label_kid:
        from .labels import label_check

        label_valid = label_check(normalized, label_kid, label_mac)
    answer["label_valid"] = label_valid
    if label_valid is False and answer["verdict"] == ProductVerdict.GENUINE:
        # A genuine code under a forged label signature: the label was copied or altered.
        answer["verdict"] = ProductVerdict.SUSPECT
        answer["suspect_reason"] = "label"

    answer["message"] = _product_message(
        language, reason_key, row.category_is_fire if row is not None else False, label_valid is False
    )
    verdict = answer["verdict"]
    answer["verdict_label"] = _text(language, ("verdict", verdict), lambda: ProductVerdict(verdict).label)
    if problem is not None:
        answer["message"] = _text(language, ("malformed",), lambda: str(PRODUCT_MALFORMED))
        answer["verdict_label"] = _text(language, ("malformed-label",), lambda: str(MALFORMED_LABEL))
    answer["checked_at"] = now.isoformat()

    division_id = place.division_id if place else (row.product_division_id if row else None)
    scanlog.record(
        hotpath.scan_values(
            created_at=now,
            code=normalized or raw[:64],
            identity_code_id=row.id if row else None,
            verdict=answer["verdict"],
            network=network[:48],
            division_id=division_id,
            location_consented=place is not None,
            prefecture_code=place.prefecture_code if place else "",
            latitude=_coordinate(latitude, 90),
            longitude=_coordinate(longitude, 180),
            agent_class=agent_class(user_agent),
            label_valid=label_valid,
        )
    )
    if new_flag is not None and row is not None:
        identity = IdentityCode.objects.select_related("product__category").get(pk=row.id)
        suspect_flag(
            identity=identity,
            reason=new_flag[0],
            detail=new_flag[1],
            division_id=division_id or row.product_division_id,
        )
    return answer


def _detail_text(detail: dict) -> str:
    """A clone rule's evidence as a sentence (the clue is read by people), not a Python dict."""
    parts = []
    if "networks" in detail:
        parts.append(f"近期在 {detail['networks']} 个不同网络中被查询（上限 {detail.get('limit', '—')}）")
    if "prefectures" in detail:
        parts.append(f"近期在 {detail['prefectures']} 个城市被查询（上限 {detail.get('limit', '—')}）")
    if "status" in detail:
        status = detail["status"]
        label = CodeStatus(status).label if status in CodeStatus.values else status
        parts.append(f"编码状态为“{label}”时仍被扫码")
    return "；".join(parts) or "—"


def suspect_flag(*, identity: IdentityCode, reason: str, detail: dict, division_id: int) -> SuspectCode:
    """Flag a code as suspect and open a clue for the department of its category where it was seen."""
    from zhenwei.cases.contracts import clue_open

    with transaction.atomic():
        flag, created = SuspectCode.objects.select_for_update().get_or_create(
            code=identity.code,
            defaults={
                "identity_code": identity,
                "reason": reason,
                "detail": detail,
                "division_id": division_id,
            },
        )
        if not created:
            if flag.status == SuspectStatus.OPEN:
                return flag
            before = snapshot(flag)
            flag.status, flag.reason, flag.detail = SuspectStatus.OPEN, reason, detail
            flag.division_id, flag.flagged_at = division_id, timezone.now()
            flag.save()
            audit_update(actor=None, obj=flag, before=before, note="suspect again")
        else:
            audit_create(actor=None, obj=flag, note="clone rules")
        product = identity.product
        label = SuspectReason(reason).label
        clue = clue_open(
            source="scan",
            title=f"可疑扫码：{identity.code}（{product.name}，{label}）",
            description=(
                f"身份标识码 {identity.code}（{product.category.name} {product.name} {product.model}，"
                f"{product.manufacturer_name}）触发仿冒识别规则：{label}。依据：{_detail_text(detail)}。"
            ),
            division=Division.objects.get(pk=division_id),
            category=product.category,
            source_object=flag,
            dedupe_key=f"scan:{identity.code}",
            domain="circulation",  # a public scan finds the product on the market
        )
        if flag.clue_id != clue.pk:
            flag.clue = clue
            flag.save(update_fields=["clue"])
    return flag


def suspect_clear(*, flag: SuspectCode, actor, note: str) -> SuspectCode:
    """Staff found the scans explained (e.g. an inspection sweep): checks say genuine again, and the
    clone window restarts now."""
    if flag.status != SuspectStatus.OPEN:
        raise ValidationError(gettext("该可疑编码已排除"))
    if not (note or "").strip():
        raise ValidationError(gettext("请填写排除理由 (a reason is required)"))
    before = snapshot(flag)
    with transaction.atomic():
        flag.status, flag.cleared_at, flag.cleared_by, flag.cleared_note = (
            SuspectStatus.CLEARED,
            timezone.now(),
            actor,
            note.strip()[:200],
        )
        flag.save()
        audit_update(actor=actor, obj=flag, before=before, note="suspect cleared")
    return flag


def _certificate_number(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))[:64]


def names_match(given: str, stored: str) -> bool:
    """Compare names after NFKC, Traditional → Simplified, case and spacing (張三 == 张三)."""
    return bool(given) and qrformat.canonical_name(given) == qrformat.canonical_name(stored)


def certificate_public_facts(cert: Certificate, *, today: dt.date) -> dict:
    return {
        "number": cert.number,
        "kind": cert.kind,
        "kind_label": cert.get_kind_display(),
        "operation_category": cert.operation_category,
        "operation_item": cert.operation_item,
        "holder_name": mask_name(cert.holder_name),
        "holder_id_number": mask_id_number(cert.holder_id_number),
        "authority": cert.authority,
        "issued_on": cert.issued_on.isoformat(),
        "expires_on": cert.expires_on.isoformat(),
        "status": cert.effective_status(today),
    }


def certificate_number_problem(number: str) -> str | None:
    """Why ``number`` (already without spaces) cannot be a certificate number, or None."""
    if _CERT_NUMBER_RE.match(number):
        return None
    if len(number) < 6:
        return str(_("证书编号过短（至少6位）"))
    if not any(c.isdigit() for c in number):
        return str(_("证书编号应含数字"))
    return str(_("证书编号只含字母、数字（个别含汉字或连字符），不含其他符号"))


def certificate_verify(*, number: str, name: str, today: dt.date | None = None) -> dict:
    """Check a certificate by number and holder name. A wrong name reveals nothing about the holder;
    a number that cannot be one is told how numbers look (verdict unknown, ``malformed``)."""
    today = today or timezone.localdate()
    number = _certificate_number(number)
    if not number:
        raise ValidationError(gettext("请填写证书编号 (number is required)"))
    if not (name or "").strip():
        raise ValidationError(gettext("请填写持证人姓名 (name is required)"))
    problem = certificate_number_problem(number)
    if problem is not None:
        return {
            "number": number,
            "verdict": CertificateVerdict.UNKNOWN,
            "verdict_label": str(MALFORMED_LABEL),
            "malformed": True,
            "problem": problem,
            "message": str(CERTIFICATE_MALFORMED),
        }
    candidates = {number, number.upper()}
    cert = Certificate.objects.filter(number__in=candidates).order_by("pk").first()
    answer: dict = {"number": number}
    if cert is None:
        verdict = CertificateVerdict.UNKNOWN
    elif not names_match(name, cert.holder_name):
        verdict = CertificateVerdict.MISMATCH
    else:
        verdict = CertificateVerdict(cert.effective_status(today))
        answer["certificate"] = certificate_public_facts(cert, today=today)
    answer["verdict"] = verdict
    answer["verdict_label"] = CertificateVerdict(verdict).label
    answer["message"] = str(CERTIFICATE_MESSAGES[verdict])
    return answer


def qr_certificate_payload(*, certificate: Certificate) -> str:
    """A freshly signed ZW1 payload for a certificate, with the newest active key."""
    from .keys import active_key

    key, private = active_key()
    claims = qrformat.certificate_claims(
        number=certificate.number,
        kind=certificate.kind,
        holder_name=certificate.holder_name,
        valid_from=certificate.issued_on,
        valid_until=certificate.expires_on,
        operation_item=certificate.operation_item,
    )
    return qrformat.sign(claims, private_key=private, kid=key.kid)


def qr_clock_skew() -> dt.timedelta:
    """How far in the future a payload's signing time may lie (settings.VERIFY_QR_CLOCK_SKEW_SECONDS)."""
    return dt.timedelta(seconds=settings.VERIFY_QR_CLOCK_SKEW_SECONDS)


def qr_verify_online(*, text, name: str | None = None, today: dt.date | None = None) -> dict:
    """Verify a ZW1 payload with the live trust list, then check the certificate's current status:
    a certificate revoked or suspended since signing answers ``revoked``."""
    from .keys import trust_list

    today = today or timezone.localdate()
    result = qrformat.verify(
        text, trust_list(), today=today, name=name or None, now=timezone.now(), clock_skew=qr_clock_skew()
    )
    data = result.as_dict()
    if result.verdict in ("valid", "expired") and result.claims is not None:
        cert = Certificate.objects.filter(number=result.claims.number).first()
        if cert is None:
            data["certificate_status"] = "unknown"
        else:
            status = cert.effective_status(today)
            data["certificate_status"] = status
            if status in (CertificateStatus.REVOKED, CertificateStatus.SUSPENDED):
                data["verdict"] = "revoked"
                data["reason"] = (
                    "证书已被撤销 (certificate revoked)"
                    if status == CertificateStatus.REVOKED
                    else "证书已被暂扣 (certificate suspended)"
                )
            elif status == CertificateStatus.EXPIRED and data["verdict"] == "valid":
                data["verdict"] = "expired"
                data["reason"] = "证书已过有效期 (expired)"
    data["verdict_label"] = str(QR_VERDICT_LABELS.get(data["verdict"], data["verdict"]))
    return data
