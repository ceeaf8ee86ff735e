"""Demo data of verification: a signing key, months of public scans in 云阳县 and elsewhere, a
cloned fire-extinguisher code caught by the clone rules, a destroyed code still on sale.

Idempotent: the key is made only when no usable active key exists; scans are made only when the
demo's scans (networks in 198.18.0.0/15, the benchmarking range) are absent. Dates are authored around
2026-11-25 and placed relative to today (zhenwei.demo.demodates).
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from zhenwei.core.models import Division
from zhenwei.demo import demodates
from zhenwei.demo.actor import ACTOR
from zhenwei.registry.choices import CodeStatus
from zhenwei.registry.models import IdentityCode
from zhenwei.verify.choices import KeyStatus
from zhenwei.verify.keys import key_create, key_path
from zhenwei.verify.models import ScanEvent, SigningKey
from zhenwei.verify.services import product_verify

DEMO_NET = "198.18."
# Where the demo's scans happen, with a weight (most in 云阳县 and its town 农坝镇).
PLACES = [("500235", 40), ("500235116", 25), ("500101", 15), ("310115", 10), ("442000108", 10)]
AGENTS = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.47",
    "Mozilla/5.0 (Linux; Android 14; V2309A) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; 22081212C) AlipayClient/10.5.36 Mobile",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36",
]
FALLBACK_PRODUCT = {
    "category_code": "fire-extinguisher",
    "name": "手提式干粉灭火器",
    "model": "MFZ/ABC4",
    "manufacturer_name": "重庆渝安消防器材有限公司",
    "access_kind": "ccc",
    "access_certificate_no": "2026081801000431",
    "division_code": "500235",
}


def _ensure_key(stdout) -> None:
    for key in SigningKey.objects.filter(status=KeyStatus.ACTIVE):
        if key_path(key.kid).exists():
            stdout.write(f"verify: signing key {key.kid} present")
            return
    key = key_create(actor=ACTOR)
    stdout.write(f"verify: signing key {key.kid} created")


def _demo_codes() -> list[IdentityCode]:
    """The registry's demo codes, or a small set of our own when the registry demo made none."""
    codes = list(
        IdentityCode.objects.select_related("product__category")
        .filter(status=CodeStatus.ACTIVE)
        .order_by("code")[:60]
    )
    if len(codes) >= 12:
        return codes
    from zhenwei.catalog.models import ProductCategory
    from zhenwei.registry.models import Product, ProductBatch
    from zhenwei.registry.services import identity_code_create, identity_code_transition, product_save
    from zhenwei.registry.validators import FIRE_MARK_RE

    spec = FALLBACK_PRODUCT
    key = {
        "category": ProductCategory.objects.get(code=spec["category_code"]),
        "manufacturer_name": spec["manufacturer_name"],
        "name": spec["name"],
        "model": spec["model"],
    }
    product = Product.objects.filter(**key).first() or product_save(
        actor=ACTOR,
        data={
            **key,
            "access_kind": spec["access_kind"],
            "access_certificate_no": spec["access_certificate_no"],
            "division": Division.objects.get(code=spec["division_code"]),
        },
    )
    # Direct: registry has no batch service (batches come with the product-code import).
    batch, _ = ProductBatch.objects.get_or_create(
        product=product,
        batch_no="YA20260315",
        defaults={"produced_on": demodates.on(dt.date(2026, 3, 15)), "quantity": 2000},
    )
    for n in range(1, 25):
        code = f"{50023 + n:05d}YA{26031 + n * 7:05d}CQ"
        assert FIRE_MARK_RE.match(code)
        if IdentityCode.objects.filter(code=code).exists():
            continue
        made = identity_code_create(actor=ACTOR, product=product, code=code, batch=batch)
        if n == 24:  # one destroyed code: scanning it raises a suspect
            identity_code_transition(actor=ACTOR, code=made, to=CodeStatus.DESTROYED, note="演示：已销毁")
    return list(
        IdentityCode.objects.select_related("product__category").filter(
            product=product, status=CodeStatus.ACTIVE
        )
    )


def _network(rng: random.Random) -> str:
    return f"{DEMO_NET}{rng.randrange(0, 256)}.0/24"


def load(*, stdout) -> None:
    _ensure_key(stdout)
    if ScanEvent.objects.filter(network__startswith=DEMO_NET).exists():
        stdout.write("verify: demo scans present")
        return
    rng = random.Random(20261125)  # noqa: S311 - demo data, reproducible
    places = [code for code, weight in PLACES for _ in range(weight)]
    with transaction.atomic():
        codes = _demo_codes()
        if not codes:
            stdout.write("verify: no identity codes, no demo scans")
            return
        tz = timezone.get_current_timezone()
        made = 0
        # Ordinary checks, March to November: one network each, a few codes looked at twice.
        for month in range(3, 12):
            for _ in range(18 + month * 2):
                day = rng.randrange(1, 26 if month == 11 else 29)
                at = dt.datetime(2026, month, day, rng.randrange(8, 22), rng.randrange(60), tzinfo=tz)
                code = rng.choice(codes[1:]).code
                consent = rng.random() < 0.6
                product_verify(
                    code=code
                    if rng.random() > 0.12
                    else f"{rng.randrange(10**5):05d}QX{rng.randrange(10**5):05d}ZZ",
                    network=f"{DEMO_NET}{made % 256}.0/24",
                    division_code=rng.choice(places) if consent else None,
                    user_agent=rng.choice(AGENTS),
                    now=demodates.at(at),
                )
                made += 1
        # A cloned code: copied onto fakes sold in several cities in November.
        cloned = codes[0]
        for n, place in enumerate(
            ["310115", "442000108", "500101", "500235116", "500235", "310115", "500101"]
        ):
            product_verify(
                code=cloned.code,
                network=f"198.19.{n * 17}.0/24",
                division_code=place,
                user_agent=AGENTS[n % len(AGENTS)],
                now=demodates.at(dt.datetime(2026, 11, 10 + n, 10, 30, tzinfo=tz)),
            )
            made += 1
        # A destroyed code turning up again.
        destroyed = IdentityCode.objects.filter(status=CodeStatus.DESTROYED).order_by("code").first()
        if destroyed is not None:
            product_verify(
                code=destroyed.code,
                network="198.19.200.0/24",
                division_code="500235116",
                user_agent=AGENTS[0],
                now=demodates.at(dt.datetime(2026, 11, 20, 15, 5, tzinfo=tz)),
            )
            made += 1
    stdout.write(f"verify: {made} demo scans, suspect code {cloned.code}")
