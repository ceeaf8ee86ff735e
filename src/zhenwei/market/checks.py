"""The checks one listing goes through: claimed codes and certificates against the registry, eliminated
or banned products, a price far below the category's usual range, and fake-certificate ad screening."""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

from django.conf import settings

from zhenwei.catalog.models import ProductCategory
from zhenwei.core.text import normalize

from .choices import FindingCode
from .eliminated import EliminatedMatcher
from .models import Listing

# A listing priced below this fraction of its category's median is "far below the usual range".
DEFAULT_PRICE_FLOOR_FRACTION = 0.3
# The median means something only with enough listings of the category.
DEFAULT_PRICE_MIN_SAMPLE = 5

# Title words → category code, for feeds that do not name the category. Longer words win.
CATEGORY_WORDS = {
    "灭火器": "fire-extinguisher",
    "灭火毯": "fire-blanket",
    "缓降器": "escape-descender",
    "灭火贴": "fire-sticker",
    "自救呼吸器": "escape-respirator",
    "防毒面具": "escape-respirator",
    "逃生面罩": "escape-respirator",
    "烟感": "smoke-alarm",
    "烟雾报警器": "smoke-alarm",
    "火灾探测报警器": "smoke-alarm",
    "安全出口": "emergency-sign-lamp",
    "疏散指示": "emergency-sign-lamp",
    "应急灯": "emergency-lighting",
    "应急照明": "emergency-lighting",
    "防火门": "fire-door",
    "防火卷帘": "fire-shutter",
    "消防水带": "fire-hose",
    "特种作业操作证": "safety-certificate",
    "操作证": "safety-certificate",
    "安全员证": "safety-certificate",
    "电工证": "safety-certificate",
    "焊工证": "safety-certificate",
    "热水器": "appliances",
    "电饭锅": "appliances",
    "电磁炉": "appliances",
    "燃气灶": "appliances",
    "灯泡": "lamps",
    "白炽灯": "lamps",
    "体温计": "food-drug",
    "血压计": "food-drug",
    "玩具": "children-products",
}

# Our own minimal screen, used only when the web-watch screening service is not installed.
FALLBACK_AD_PATTERNS = [
    r"免考",
    r"包过",
    r"不用考试",
    r"无需考试",
    r"代办.{0,6}证",
    r"快速(拿|取|下)证",
    r"官网可查",
    r"全国(通用|联网)可查",
    r"挂靠",
    r"内部渠道",
    r"加急.{0,4}出证",
]


def price_floor_fraction() -> float:
    return float(getattr(settings, "MARKET_PRICE_FLOOR_FRACTION", DEFAULT_PRICE_FLOOR_FRACTION))


def price_min_sample() -> int:
    return int(getattr(settings, "MARKET_PRICE_MIN_SAMPLE", DEFAULT_PRICE_MIN_SAMPLE))


def infer_category(title: str, categories: dict[str, ProductCategory]) -> ProductCategory | None:
    flat = normalize(title).replace(" ", "")
    for word in sorted(CATEGORY_WORDS, key=len, reverse=True):
        if word in flat and CATEGORY_WORDS[word] in categories:
            return categories[CATEGORY_WORDS[word]]
    return None


def category_medians(category_ids: Iterable[int]) -> dict[int, tuple[Decimal, int]]:
    """Median price and sample size per category, over all listings of the category with a price."""
    result: dict[int, tuple[Decimal, int]] = {}
    for cid in set(category_ids):
        if cid is None:
            continue
        prices = list(
            Listing.objects.filter(category_id=cid, price__isnull=False, price__gt=0).values_list(
                "price", flat=True
            )
        )
        if prices:
            result[cid] = (Decimal(statistics.median(prices)), len(prices))
    return result


@lru_cache(maxsize=1)
def _screen():
    """webwatch's screen_text(text) (an installed app, so always there)."""
    from zhenwei.webwatch.contracts import screen_text

    return screen_text


@lru_cache(maxsize=8192)
def screen_ad(text: str) -> tuple[bool, str]:
    """(suspicious, what matched) for a fake-certificate ad."""
    screen = _screen()
    if screen is not None:
        result = screen(text)
        matched = "、".join(getattr(result, "matched", []) or [])
        return bool(getattr(result, "suspicious", False)), matched
    flat = normalize(text).replace(" ", "")
    hits = [p for p in FALLBACK_AD_PATTERNS if re.search(p, flat)]
    return bool(hits), "、".join(hits)


def _split_codes(raw: str) -> list[str]:
    return [c.strip() for c in re.split(r"[,，;；/、\s]+", raw or "") if c.strip()]


class RegistryLookup:
    """Batch lookups of claimed codes in the registry (identity codes, certificates, product certificates)."""

    def __init__(self, raw_codes: Iterable[str]) -> None:
        from zhenwei.registry.contracts import normalize_identity_code
        from zhenwei.registry.models import Certificate, IdentityCode, Product

        self.normalize = normalize_identity_code
        codes = {c for raw in raw_codes for c in _split_codes(raw)}
        normalized = {self.normalize(c) for c in codes}
        self.identity = dict(IdentityCode.objects.filter(code__in=normalized).values_list("code", "status"))
        upper = {c.upper() for c in codes} | normalized
        self.certificates = {
            c.number.upper(): c for c in Certificate.objects.filter(number__in=upper | codes)
        }
        self.product_certs = {
            n.upper(): eliminated
            for n, eliminated in Product.objects.filter(access_certificate_no__in=upper | codes).values_list(
                "access_certificate_no", "is_eliminated"
            )
        }

    def findings(self, raw: str) -> list[dict]:
        from zhenwei.registry.choices import CertificateStatus, CodeStatus
        from zhenwei.registry.contracts import identity_code_format

        found = []
        for code in _split_codes(raw):
            norm = self.normalize(code)
            if norm in self.identity:
                status = self.identity[norm]
                if status != CodeStatus.ACTIVE:
                    found.append(
                        _f(FindingCode.CODE_INACTIVE, f"身份标识码 {norm} 状态为“{CodeStatus(status).label}”")
                    )
                continue
            cert = self.certificates.get(code.upper()) or self.certificates.get(norm)
            if cert is not None:
                status = cert.effective_status()
                if status != CertificateStatus.VALID:
                    found.append(
                        _f(
                            FindingCode.CERTIFICATE_INVALID,
                            f"证书 {cert.number} 状态为“{CertificateStatus(status).label}”",
                        )
                    )
                continue
            if code.upper() in self.product_certs or norm in self.product_certs:
                continue
            if identity_code_format(norm) == "fire_mark":
                found.append(_f(FindingCode.UNKNOWN_IDENTITY_CODE, f"身份标识码 {norm} 在台账中不存在"))
            else:
                found.append(_f(FindingCode.UNKNOWN_CERTIFICATE, f"证书编号 {code} 在台账中不存在"))
        return found


def _f(code: str, message: str) -> dict:
    return {"code": str(code), "message": message}


def check_listing(
    listing: Listing,
    *,
    lookup: RegistryLookup,
    matcher: EliminatedMatcher,
    medians: dict[int, tuple[Decimal, int]],
) -> list[dict]:
    """All findings for one listing (empty list: nothing suspicious)."""
    findings: list[dict] = []
    if listing.claimed_code:
        findings.extend(lookup.findings(listing.claimed_code))
    for t in matcher.match(listing.title):
        code = FindingCode.BANNED if t.kind == "banned" else FindingCode.ELIMINATED
        notice = f"{t.notice_title}（{t.notice_number}）" if t.notice_number else t.notice_title
        findings.append(_f(code, f"{t.name}：{notice}"))
    if listing.price is not None and listing.category_id in medians:
        median, n = medians[listing.category_id]
        floor = median * Decimal(str(price_floor_fraction()))
        if n >= price_min_sample() and listing.price < floor:
            findings.append(
                _f(
                    FindingCode.PRICE_FAR_BELOW,
                    f"价格 {listing.price} 元低于同类 {n} 件商品中位价 {median:.2f} 元的 {price_floor_fraction():.0%}",
                )
            )
    suspicious, matched = screen_ad(listing.title)
    if suspicious:
        findings.append(_f(FindingCode.FAKE_CERTIFICATE_AD, f"疑似假证广告：{matched}"))
    return findings
