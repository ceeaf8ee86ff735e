"""``zhenwei import listings FILE``: platform cooperation feeds (CSV or JSONL), streamed.

Columns (CSV header or JSON keys; Chinese names accepted): platform 平台, shop 店铺, seller_id 卖家编号,
title 标题, price 价格, claimed_code 证书编号/标识码, url 链接, time 时间, and optional category 类别
(code or name) and division_code 区划代码 (the seller's registered place; default: the importer's
division). Idempotent: a listing is keyed by (platform, URL) — or (platform, seller, title) without a
URL — and a row identical to the stored one counts as unchanged. Rejected rows carry their line number.
After loading, every new or changed listing is checked and suspicious sellers get a clue.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext

from zhenwei.catalog.models import ProductCategory
from zhenwei.core.access import ScopeCheck, actor_user
from zhenwei.core.audit import audit_record
from zhenwei.core.choices import AuditAction
from zhenwei.core.models import Division
from zhenwei.core.services import ImportSummary
from zhenwei.core.text import normalize
from zhenwei.security.uploads import cell_text, check_upload, shown, table_rows, text_lines

from .checks import infer_category
from .models import Listing
from .services import listings_check

BATCH = 500
ALIASES = {
    "platform": {"platform", "平台", "平台名称"},
    "shop": {"shop", "shop_name", "店铺", "店铺名称"},
    "seller_id": {"seller_id", "seller", "卖家编号", "卖家id", "商家编号"},
    "title": {"title", "标题", "商品标题", "商品名称"},
    "price": {"price", "价格", "售价"},
    "claimed_code": {
        "claimed_code",
        "certificate",
        "code",
        "证书编号",
        "标识码",
        "证书编号/标识码",
        "声称证书",
    },
    "url": {"url", "链接", "商品链接"},
    "time": {"time", "listed_at", "时间", "采集时间", "上架时间"},
    "category": {"category", "类别", "产品类别"},
    "division_code": {"division_code", "division", "区划代码", "属地"},
}
_LOOKUP = {alias.lower(): key for key, names in ALIASES.items() for alias in names}
_url = URLValidator(schemes=["http", "https"])


@dataclass
class ListingImportSummary(ImportSummary):
    suspicious: int = 0
    clues: int = 0

    def line(self) -> str:
        return f"{super().line()}, suspicious {self.suspicious}, clues {self.clues}"


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row with canonical keys), read one line at a time. The file is opened, checked
    and streamed by the one upload guard (profile "import"): CSV or JSONL in UTF-8/GB18030, or XLSX."""
    checked = check_upload(path, profile="import")
    if checked.kind == "jsonl" or path.suffix.lower() in {".jsonl", ".ndjson", ".json"}:
        for line_no, line in text_lines(path, profile="import"):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except (json.JSONDecodeError, RecursionError) as exc:
                yield line_no, {"__error__": f"不是有效的 JSON：{shown(getattr(exc, 'msg', exc))}"}
                continue
            if not isinstance(data, dict):
                yield line_no, {"__error__": "每行应是一个 JSON 对象"}
                continue
            yield (
                line_no,
                {
                    _LOOKUP.get(str(k).strip().lower(), str(k)): "" if v is None else str(v)
                    for k, v in data.items()
                },
            )
        return
    rows = table_rows(path, profile="import")
    first = next(rows, None)
    if first is None:
        raise ValidationError(gettext("文件为空"))
    header = [cell_text(h) for h in first[1]]
    keys = [_LOOKUP.get(h.strip().lstrip("\ufeff").lower(), h.strip()) for h in header]
    missing = [k for k in ("platform", "seller_id", "title") if k not in keys]
    if missing:
        raise ValidationError(
            gettext("表头缺少列：%(join_missing)s（实际为：%(shown_join_header_120)s）")
            % {"join_missing": ", ".join(missing), "shown_join_header_120": shown(", ".join(header), 120)}
        )
    for line_no, cells in rows:
        row = [cell_text(c) for c in cells]
        if not any(cell.strip() for cell in row):
            continue
        yield line_no, {k: (row[i].strip() if i < len(row) else "") for i, k in enumerate(keys)}


def _parse_time(value: str) -> dt.datetime | None:
    if not value:
        return None
    parsed = parse_datetime(value.replace("/", "-"))
    if parsed is None:
        day = parse_date(value.replace("/", "-"))
        if day is None:
            raise ValidationError(
                gettext("时间“%(value)s”无法识别（应为 2026-03-15 或 2026-03-15 10:30）") % {"value": value}
            )
        parsed = dt.datetime.combine(day, dt.time())
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def _clean(row: dict[str, str], *, categories, by_name, divisions, default_division) -> dict:
    if "__error__" in row:
        raise ValidationError(row["__error__"])
    platform = row.get("platform", "").strip()
    seller_id = row.get("seller_id", "").strip()
    title = row.get("title", "").strip()
    for label, value in (("平台", platform), ("卖家编号", seller_id), ("标题", title)):
        if not value:
            raise ValidationError(gettext("%(label)s为空") % {"label": label})
    price = None
    if row.get("price", "").strip():
        try:
            price = Decimal(row["price"].strip().replace(",", "").lstrip("¥￥"))
        except InvalidOperation:
            raise ValidationError(
                gettext("价格“%(row_price)s”不是数字") % {"row_price": row["price"]}
            ) from None
        if price < 0:
            raise ValidationError(gettext("价格不能为负数"))
    url = row.get("url", "").strip()
    if url:
        try:
            _url(url)
        except ValidationError:
            raise ValidationError(
                gettext("链接“%(url_80)s”不是 http(s) 地址") % {"url_80": url[:80]}
            ) from None
    code = row.get("division_code", "").strip()
    division = divisions.get(code) if code else default_division
    if division is None:
        raise ValidationError(
            f"区划代码“{code}”不存在" if code else "缺少区划代码（division_code），且导入人没有所属区划"
        )
    cat_raw = row.get("category", "").strip()
    category = categories.get(cat_raw) or by_name.get(normalize(cat_raw)) if cat_raw else None
    if cat_raw and category is None:
        raise ValidationError(gettext("产品类别“%(cat_raw)s”不存在") % {"cat_raw": cat_raw})
    category = category or infer_category(title, categories)
    fields = {
        "platform": platform[:64],
        "shop_name": row.get("shop", "").strip()[:200],
        "seller_id": seller_id[:100],
        "title": title[:500],
        "title_normalized": normalize(title)[:500],
        "price": price,
        "claimed_code": row.get("claimed_code", "").strip()[:200],
        "url": url[:500],
        "listed_at": _parse_time(row.get("time", "").strip()),
        "category": category,
        "division": division,
    }
    key = url or f"{seller_id}:{hashlib.sha256(title.encode()).hexdigest()[:32]}"
    fields["external_key"] = key[:255]
    digest_src = "|".join(str(fields[k]) for k in sorted(fields) if k not in ("category", "division"))
    fields["row_hash"] = hashlib.sha256(
        f"{digest_src}|{category.pk if category else ''}|{division.pk}".encode()
    ).hexdigest()
    return fields


def import_listings(*, path, actor=None, progress=None) -> ListingImportSummary:
    """Stream a listing feed into the database in batches, then check what changed (see module doc)."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(path)
    summary = ListingImportSummary()
    categories = {c.code: c for c in ProductCategory.objects.all()}
    by_name = {normalize(c.name): c for c in categories.values()}
    divisions: dict[str, Division] = _DivisionCache()
    default_division = None
    if actor_user(actor) is not None:
        membership = actor.memberships.filter(is_active=True).select_related("department__division").first()
        default_division = membership.department.division if membership else None
    touched: list[int] = []
    batch: list[tuple[int, dict]] = []
    scope = ScopeCheck(actor)

    def flush() -> None:
        if not batch:
            return
        keys = {(f["platform"], f["external_key"]) for _, f in batch}
        existing = {
            (x.platform, x.external_key): x
            for x in Listing.objects.filter(
                platform__in={k[0] for k in keys}, external_key__in={k[1] for k in keys}
            ).only("pk", "platform", "external_key", "row_hash", "division_id")
        }
        if not scope.unchecked:
            # Rows writing to, or over a listing of, a division outside the importer's scope are
            # rejected with their line (one cached set check per batch, core.access.ScopeCheck).
            outside = scope.outside(
                {f["division"].pk for _, f in batch} | {x.division_id for x in existing.values()}
            )
            if outside:
                kept = []
                for line_no, fields in batch:
                    current = existing.get((fields["platform"], fields["external_key"]))
                    if fields["division"].pk in outside:
                        summary.reject(line_no, f"区划“{fields['division'].code}”不在导入人的管辖范围内")
                    elif current is not None and current.division_id in outside:
                        summary.reject(line_no, "该商品信息属于其他辖区，导入人无权修改")
                    else:
                        kept.append((line_no, fields))
                batch[:] = kept
        new, changed = [], []
        seen: dict[tuple[str, str], Listing] = {}
        for _line_no, fields in batch:
            key = (fields["platform"], fields["external_key"])
            current = existing.get(key) or seen.get(key)
            if current is None:
                obj = Listing(**fields)
                new.append(obj)
                seen[key] = obj
            elif current.row_hash == fields["row_hash"]:
                summary.unchanged += 1
            else:
                for name, value in fields.items():
                    setattr(current, name, value)
                if current.pk is None:
                    summary.updated += 1  # a later row of this file for a listing created by an earlier one
                elif current not in changed:
                    changed.append(current)
        with transaction.atomic():
            Listing.objects.bulk_create(new)
            if changed:
                Listing.objects.bulk_update(
                    changed, [k for k in batch[0][1] if k != "external_key"], batch_size=100
                )
        if any(obj.pk is None for obj in new):  # a backend without RETURNING: read the ids back
            for obj in new:
                obj.pk = Listing.objects.get(platform=obj.platform, external_key=obj.external_key).pk
        summary.created += len(new)
        summary.updated += len(changed)
        touched.extend([obj.pk for obj in new] + [obj.pk for obj in changed])
        batch.clear()

    for line_no, row in _rows(path):
        summary.read += 1
        try:
            fields = _clean(
                row,
                categories=categories,
                by_name=by_name,
                divisions=divisions,
                default_division=default_division,
            )
        except ValidationError as exc:
            summary.reject(line_no, "；".join(exc.messages))
            continue
        batch.append((line_no, fields))
        if len(batch) >= BATCH:
            flush()
            if progress:
                progress(summary.read)
    flush()
    if progress:
        progress(summary.read)
    stats = listings_check(listing_ids=touched, actor=actor) if touched else {"suspicious": 0, "clues": 0}
    summary.suspicious, summary.clues = stats["suspicious"], stats["clues"]
    if summary.created or summary.updated:
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            model="market.listing",
            object_repr=f"listings from {path.name}",
            after={
                "created": summary.created,
                "updated": summary.updated,
                "rejected": summary.rejected,
                "suspicious": summary.suspicious,
                "clues": summary.clues,
            },
            division_id=default_division.pk if default_division else None,
        )
    summary.errors.sort()
    return summary


class _DivisionCache(dict):
    """Division by code, loaded on first use of each code."""

    def get(self, code, default=None):
        if code not in self:
            self[code] = Division.objects.filter(code=code).first()
        return self[code] or default


IMPORTERS = {"listings": import_listings}
