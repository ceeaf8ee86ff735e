"""``zhenwei import product-codes FILE``: products, batches and identity codes in one file.

Canonical columns: code, category, product_name, model, manufacturer, manufacturer_uscc,
certificate_no, batch, status (optional: access_kind, produced_on, division_code).
On PostgreSQL each batch is COPYed into a temporary table and upserted with one
INSERT … ON CONFLICT DO UPDATE … WHERE changed; elsewhere the ORM does the same per batch.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, connection
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.catalog.models import ProductCategory
from zhenwei.core.services import ImportSummary
from zhenwei.core.text import normalize
from zhenwei.core.validators import uscc_problem

from ..choices import AccessKind, CodeFormat, CodeStatus
from ..models import Enterprise, IdentityCode, Product, ProductBatch
from ..validators import FIRE_MARK_RE, identity_code_format, identity_code_problem, normalize_identity_code
from .common import Importer, RowError, choice_parser, parse_date
from .reader import Column

COLUMNS = [
    Column(
        "code",
        ("标识码", "身份标识码", "产品身份标识码", "身份证标志", "消防产品身份证标志", "编码", "序列号"),
    ),
    Column("category", ("产品类别", "类别", "产品种类")),
    Column("product_name", ("产品名称", "名称")),
    Column("model", ("型号", "规格型号", "产品型号")),
    Column("manufacturer", ("生产企业", "生产厂家", "生产单位", "制造商", "manufacturer_name")),
    Column("manufacturer_uscc", ("生产企业统一社会信用代码", "统一社会信用代码", "信用代码")),
    Column("certificate_no", ("证书编号", "认证证书编号", "准入证书编号", "市场准入证书编号")),
    Column("batch", ("批次", "批号", "生产批号", "batch_no")),
    Column("status", ("状态", "标识状态")),
    Column("access_kind", ("准入方式", "市场准入方式", "认证类型"), required=False),
    Column("produced_on", ("生产日期",), required=False),
    Column("division_code", ("区划代码", "生产企业区划代码"), required=False),
]

parse_status = choice_parser(
    CodeStatus,
    {
        "正常": "active",
        "启用": "active",
        "注销": "revoked",
        "作废": "revoked",
        "召回": "recalled",
        "销毁": "destroyed",
    },
    "状态",
    default=CodeStatus.ACTIVE,
)
parse_access_kind = choice_parser(
    AccessKind,
    {
        "3c": "ccc",
        "ccc认证": "ccc",
        "强制认证": "ccc",
        "技术鉴定": "technical_appraisal",
        "型式检验": "type_test",
    },
    "准入方式",
    default="",
)

_TEMP_TABLE = "zw_import_identity_codes"
_STATUS_VALUES = frozenset(CodeStatus.values)


class ProductCodeImporter(Importer):
    kind = "product-codes"
    model_label = "registry.identitycode"
    columns = COLUMNS
    pipelined = True  # write() touches only the product and batch caches, which parse() never reads

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.categories: dict[str, ProductCategory] = {}
        for category in ProductCategory.objects.all():
            for key in (category.code, category.name, normalize(category.name), category.name_en.lower()):
                if key:
                    self.categories.setdefault(key.lower(), category)
        # Within-file duplicates: the process-stable hash of each code seen, not the rows.
        self.seen: set[int] = set()
        self.products: dict[tuple, int] = {}
        self.batches: dict[tuple[int, str], int] = {}
        self._new_products: dict[tuple, int] = {}
        self._new_batches: dict[tuple[int, str], int] = {}
        self.product_parse_cache: dict[tuple, tuple | RowError] = {}
        self.use_copy = connection.vendor == "postgresql"
        self._matcher = None
        # For a scoped importer only (see _keep_in_scope): where each product key and manufacturer
        # credit code lives, None for a product this import creates. Used by write() alone.
        self.product_divisions: dict[tuple, int | None] = {}
        self.enterprise_divisions: dict[str, int | None] = {}

    # -- parsing -----------------------------------------------------------------------------
    def parse(self, line: int, record: dict[str, str]):
        raw = record["code"]
        if FIRE_MARK_RE.match(raw):  # the common case: already canonical
            code, fmt = raw, CodeFormat.FIRE_MARK
        else:
            code = normalize_identity_code(raw)
            problem = identity_code_problem(code)
            if problem:
                raise RowError(gettext("标识码“%(raw)s”：%(problem)s") % {"raw": raw, "problem": problem})
            fmt = identity_code_format(code)
        # Rows of one product repeat the same product columns: resolve each combination once.
        product_raw = (
            record["category"],
            record["product_name"],
            record["model"],
            record["manufacturer"],
            record["manufacturer_uscc"],
            record["certificate_no"],
            record.get("access_kind", ""),
            record.get("division_code", ""),
        )
        product = self.product_parse_cache.get(product_raw)
        if product is None:
            try:
                product = self._parse_product(*product_raw)
            except RowError as exc:
                product = exc
            if len(self.product_parse_cache) < 100_000:
                self.product_parse_cache[product_raw] = product
        if isinstance(product, RowError):
            raise product
        status_raw = record["status"]
        status = status_raw if status_raw in _STATUS_VALUES else parse_status(status_raw)
        produced_on = parse_date(record["produced_on"], "生产日期") if record.get("produced_on") else None
        key = hash(code)
        if key in self.seen:
            raise RowError(gettext("标识码“%(code)s”在文件中重复出现") % {"code": code})
        self.seen.add(key)
        return (line, code, fmt, product[0], product[1], record["batch"][:64], produced_on, status)

    def _parse_product(
        self, raw_category, name, model, manufacturer, uscc, certificate_no, access_kind, division_code
    ) -> tuple[tuple, dict]:
        category = self.categories.get(raw_category.lower()) or self.categories.get(normalize(raw_category))
        if category is None:
            raise RowError(f"未知产品类别“{raw_category}”" if raw_category else "产品类别为空")
        if not name:
            raise RowError(gettext("产品名称为空"))
        if not manufacturer:
            raise RowError(gettext("生产企业为空"))
        uscc = uscc.upper()
        if uscc:
            problem = uscc_problem(uscc)
            if problem:
                raise RowError(
                    gettext("生产企业统一社会信用代码“%(uscc)s”：%(problem)s")
                    % {"uscc": uscc, "problem": problem}
                )
        division = None
        if division_code:
            division = self.divisions.nearest(division_code)
            if division is None:
                raise RowError(gettext("未知区划代码“%(division_code)s”") % {"division_code": division_code})
        elif uscc:
            division = self.divisions.nearest(uscc[2:8])
        division = division or self.default_division
        if division is None:
            raise RowError(gettext("无法确定生产企业所在区划：请填写 manufacturer_uscc 或 division_code"))
        key = (category.pk, manufacturer[:200], name[:200], model[:100])
        fields = {
            "manufacturer_uscc": uscc,
            "access_certificate_no": certificate_no[:100],
            "access_kind": parse_access_kind(access_kind),
            "division_id": division.pk,
        }
        return key, fields

    # -- writing -----------------------------------------------------------------------------
    def after_commit(self) -> None:
        self.products.update(self._new_products)
        self.batches.update(self._new_batches)
        self._new_products, self._new_batches = {}, {}

    def _product_ids(self, rows) -> dict[tuple, int]:
        wanted: dict[tuple, dict] = {}
        for row in rows:
            if row[3] not in self.products:
                wanted.setdefault(row[3], row[4])
        ids = dict(self.products)
        if not wanted:
            return ids
        existing = Product.objects.filter(
            category_id__in={k[0] for k in wanted},
            manufacturer_name__in={k[1] for k in wanted},
            name__in={k[2] for k in wanted},
        )
        to_update = []
        for product in existing:
            key = (product.category_id, product.manufacturer_name, product.name, product.model)
            if key in wanted:
                ids[key] = self._new_products[key] = product.pk
                fields = wanted.pop(key)
                changed = {k: v for k, v in fields.items() if v and getattr(product, k) != v}
                if not product.is_eliminated and self._eliminated(product.name, product.model):
                    changed["is_eliminated"] = True  # never cleared here: staff may have set it
                if changed:
                    for k, v in changed.items():
                        setattr(product, k, v)
                    to_update.append(product)
        if to_update:
            Product.objects.bulk_update(
                to_update,
                [
                    "manufacturer_uscc",
                    "access_certificate_no",
                    "access_kind",
                    "division_id",
                    "is_eliminated",
                    "updated_at",
                ],
            )
        if wanted:
            usccs = {f["manufacturer_uscc"] for f in wanted.values() if f["manufacturer_uscc"]}
            enterprises = (
                dict(Enterprise.objects.filter(uscc__in=usccs).values_list("uscc", "pk")) if usccs else {}
            )
            created = Product.objects.bulk_create(
                [
                    Product(
                        category_id=key[0],
                        manufacturer_name=key[1],
                        name=key[2],
                        model=key[3],
                        manufacturer_id=enterprises.get(fields["manufacturer_uscc"]),
                        is_eliminated=self._eliminated(key[2], key[3]),
                        **fields,
                    )
                    for key, fields in wanted.items()
                ]
            )
            for product in created:
                key = (product.category_id, product.manufacturer_name, product.name, product.model)
                ids[key] = self._new_products[key] = product.pk
        return ids

    def _eliminated(self, name: str, model: str) -> bool:
        """Whether a product is of a type the state ordered off the market (seed 000: imports flag
        them); the market app's list (registered in registry.contracts), loaded once per import."""
        if self._matcher is None:
            from zhenwei.registry.contracts import eliminated_matcher

            self._matcher = eliminated_matcher()
        return bool(self._matcher.match_ids(f"{name} {model}"))

    def _batch_ids(self, rows, product_ids) -> dict[tuple[int, str], int]:
        wanted: dict[tuple[int, str], dt.date | None] = {}
        for row in rows:
            if row[5]:
                key = (product_ids[row[3]], row[5])
                if key not in self.batches:
                    wanted.setdefault(key, row[6])
        ids = dict(self.batches)
        if not wanted:
            return ids
        for pk, product_id, batch_no in ProductBatch.objects.filter(
            product_id__in={k[0] for k in wanted}, batch_no__in={k[1] for k in wanted}
        ).values_list("pk", "product_id", "batch_no"):
            if (product_id, batch_no) in wanted:
                ids[(product_id, batch_no)] = self._new_batches[(product_id, batch_no)] = pk
                del wanted[(product_id, batch_no)]
        if wanted:
            created = ProductBatch.objects.bulk_create(
                [ProductBatch(product_id=k[0], batch_no=k[1], produced_on=d) for k, d in wanted.items()]
            )
            for batch in created:
                ids[(batch.product_id, batch.batch_no)] = self._new_batches[
                    (batch.product_id, batch.batch_no)
                ] = batch.pk
        return ids

    def _destroyed(self, codes: list[str]) -> set[str]:
        """Which of codes are destroyed (the partial index identitycode_destroyed_idx answers)."""
        if not codes:
            return set()
        if self.use_copy:
            # One text parameter split by PostgreSQL: thousands of IN parameters, or a Python list
            # adapted element by element, cost more to send than the lookup (codes hold no commas).
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT code FROM {IdentityCode._meta.db_table} "  # noqa: S608 - constant table name
                    "WHERE status = 'destroyed' AND code = ANY(string_to_array(%s, ','))",
                    [",".join(codes)],
                )
                return {row[0] for row in cursor.fetchall()}
        return set(
            IdentityCode.objects.filter(code__in=codes, status=CodeStatus.DESTROYED).values_list(
                "code", flat=True
            )
        )

    def _registered(self, codes: list[str]) -> dict[str, tuple[str, int]]:
        """Status and product division of each of codes already registered (one query; for a
        scoped importer it also answers _destroyed())."""
        if self.use_copy:  # one text parameter, as in _destroyed()
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT c.code, c.status, p.division_id FROM {IdentityCode._meta.db_table} c "  # noqa: S608
                    f"JOIN {Product._meta.db_table} p ON p.id = c.product_id "
                    "WHERE c.code = ANY(string_to_array(%s, ','))",
                    [",".join(codes)],
                )
                return {code: (status, division) for code, status, division in cursor.fetchall()}
        found = IdentityCode.objects.filter(code__in=codes).values_list(
            "code", "status", "product__division_id"
        )
        return {code: (status, division) for code, status, division in found}

    def _keep_in_scope(self, rows, summary: ImportSummary, code_divisions: dict[str, int]) -> list:
        """Rows whose product division, existing product, existing code and manufacturer are all in
        the importer's scope; the rest are rejected before anything is created for them. Three set
        queries per batch at most (product keys and credit codes seen before are cached)."""
        if self.scope.unchecked:
            return rows
        keys = {r[3] for r in rows} - self.product_divisions.keys()
        if keys:
            for key in keys:
                self.product_divisions[key] = None
            for *key, division_id in Product.objects.filter(
                category_id__in={k[0] for k in keys},
                manufacturer_name__in={k[1] for k in keys},
                name__in={k[2] for k in keys},
            ).values_list("category_id", "manufacturer_name", "name", "model", "division_id"):
                if tuple(key) in keys:
                    self.product_divisions[tuple(key)] = division_id
        usccs = {r[4]["manufacturer_uscc"] for r in rows if r[4]["manufacturer_uscc"]}
        usccs -= self.enterprise_divisions.keys()
        if usccs:
            self.enterprise_divisions.update(dict.fromkeys(usccs))
            self.enterprise_divisions.update(
                Enterprise.objects.filter(uscc__in=usccs).values_list("uscc", "division_id")
            )

        def checks(row):
            line, code, _fmt, key, fields = row[:5]
            targets = [(fields["division_id"], "change", None)]
            if self.product_divisions[key] is not None:
                targets.append(
                    (self.product_divisions[key], "change", f"产品“{key[2]}”属于其他辖区，导入人无权修改")
                )
            if code in code_divisions:
                targets.append(
                    (code_divisions[code], "change", f"标识码“{code}”属于其他辖区，导入人无权修改")
                )
            uscc = fields["manufacturer_uscc"]
            if uscc and self.enterprise_divisions.get(uscc) is not None:
                targets.append(
                    (self.enterprise_divisions[uscc], "view", f"生产企业“{uscc}”不在导入人的管辖范围内")
                )
            return line, targets

        change = {r[4]["division_id"] for r in rows}
        change |= {self.product_divisions[key] for key in {r[3] for r in rows}} - {None}
        change |= set(code_divisions.values())
        view = {self.enterprise_divisions[u] for u in {r[4]["manufacturer_uscc"] for r in rows} if u} - {None}
        return self.keep_in_scope(rows, summary, checks, change, view)

    def write(self, rows, summary: ImportSummary) -> None:
        registered = None
        if not self.scope.unchecked:
            registered = self._registered([r[1] for r in rows])
            rows = self._keep_in_scope(rows, summary, {c: d for c, (_s, d) in registered.items()})
            if not rows:
                return
        # Rows that would revive a destroyed code are rejected before anything is created for them
        # (a new product or batch named only by such a row must not appear).
        reviving = [r[1] for r in rows if r[7] != CodeStatus.DESTROYED]
        if registered is None:
            destroyed = self._destroyed(reviving)
        else:
            destroyed = {c for c in reviving if c in registered and registered[c][0] == CodeStatus.DESTROYED}
        if destroyed:
            kept = []
            for row in rows:
                if row[1] in destroyed and row[7] != CodeStatus.DESTROYED:
                    summary.reject(row[0], f"标识码“{row[1]}”已销毁，不能改为{CodeStatus(row[7]).label}")
                else:
                    kept.append(row)
            rows = kept
            if not rows:
                return
        product_ids = self._product_ids(rows)
        batch_ids = self._batch_ids(rows, product_ids)
        resolved = [
            (
                row[0],
                row[1],
                row[2],
                product_ids[row[3]],
                batch_ids[(product_ids[row[3]], row[5])] if row[5] else None,
                row[7],
            )
            for row in rows
        ]
        self._check_references(resolved)
        if self.use_copy:
            self._upsert_copy(resolved, summary)
        else:
            self._upsert_orm(resolved, summary)

    def _check_references(self, rows) -> None:
        """What the database foreign keys would check (IdentityCode has none, for import speed):
        every product and batch this batch points at exists, and stays until the batch commits
        (FOR KEY SHARE, the lock PostgreSQL's own foreign-key check takes)."""
        for model, ids in (
            (Product, {row[3] for row in rows}),
            (ProductBatch, {row[4] for row in rows if row[4] is not None}),
        ):
            if not ids:
                continue
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT id FROM {model._meta.db_table} WHERE id = ANY(%s) FOR KEY SHARE",  # noqa: S608
                        [list(ids)],
                    )
                    found = {row[0] for row in cursor.fetchall()}
            else:  # SQLite: the batch's transaction already holds the database's write lock
                found = set(model.objects.filter(pk__in=ids).values_list("pk", flat=True))
            missing = ids - found
            if missing:
                raise IntegrityError(
                    gettext("%(model__meta_verbose_name)s %(sorted_missing_5)s 不存在：导入中止，本批未写入")
                    % {
                        "model__meta_verbose_name": model._meta.verbose_name,
                        "sorted_missing_5": sorted(missing)[:5],
                    }
                )

    def _upsert_orm(self, rows, summary: ImportSummary) -> None:
        now = timezone.now()
        existing = {
            c.code: c
            for c in IdentityCode.objects.filter(code__in=[r[1] for r in rows]).only(
                "pk", "code", "code_format", "product_id", "batch_id", "status", "status_changed_at"
            )
        }
        new, changed = [], []
        for line, code, fmt, product_id, batch_id, status in rows:
            current = existing.get(code)
            if current is None:
                new.append(
                    IdentityCode(
                        code=code,
                        code_format=fmt,
                        product_id=product_id,
                        batch_id=batch_id,
                        status=status,
                        status_changed_at=None if status == CodeStatus.ACTIVE else now,
                    )
                )
            elif current.status == CodeStatus.DESTROYED and status != CodeStatus.DESTROYED:
                summary.reject(line, f"标识码“{code}”已销毁，不能改为{CodeStatus(status).label}")
            elif (current.code_format, current.product_id, current.batch_id, current.status) == (
                fmt,
                product_id,
                batch_id,
                status,
            ):
                summary.unchanged += 1
            else:
                if current.status != status:
                    current.status_changed_at = now
                current.code_format, current.product_id, current.batch_id, current.status = (
                    fmt,
                    product_id,
                    batch_id,
                    status,
                )
                current.updated_at = now
                changed.append(current)
        IdentityCode.objects.bulk_create(new, batch_size=1000)
        IdentityCode.objects.bulk_update(
            changed,
            ["code_format", "product_id", "batch_id", "status", "status_changed_at", "updated_at"],
            batch_size=1000,
        )
        summary.created += len(new)
        summary.updated += len(changed)

    def _upsert_copy(self, rows, summary: ImportSummary) -> None:
        table = IdentityCode._meta.db_table
        now = timezone.now()
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {_TEMP_TABLE} (line integer, code varchar(32), "
                "code_format varchar(16), product_id bigint, batch_id bigint, status varchar(16))"
            )
            cursor.execute(f"TRUNCATE {_TEMP_TABLE}")
            # Codes are [A-Z0-9-] and the rest are ids and choice values: no escaping needed.
            block = "".join(
                f"{line}\t{code}\t{fmt}\t{pid}\t{bid if bid is not None else chr(92) + 'N'}\t{status}\n"
                for line, code, fmt, pid, bid, status in rows
            )
            with cursor.cursor.copy(
                f"COPY {_TEMP_TABLE} (line, code, code_format, product_id, batch_id, status) FROM STDIN"
            ) as copy:
                copy.write(block)
            # Table names are constants; values are parameters. A destroyed code is never changed
            # (the WHERE below).
            cursor.execute(
                f"""
                WITH up AS (
                    INSERT INTO {table} AS c
                        (code, code_format, product_id, batch_id, status, status_changed_at, created_at, updated_at)
                    SELECT t.code, t.code_format, t.product_id, t.batch_id, t.status,
                           CASE WHEN t.status <> 'active' THEN %(now)s END, %(now)s, %(now)s
                    FROM {_TEMP_TABLE} t
                    ORDER BY t.code  -- index pages touched in key order: fewer buffer misses
                    ON CONFLICT (code) DO UPDATE SET
                        code_format = EXCLUDED.code_format,
                        product_id = EXCLUDED.product_id,
                        batch_id = EXCLUDED.batch_id,
                        status = EXCLUDED.status,
                        status_changed_at = CASE WHEN c.status <> EXCLUDED.status
                                                 THEN %(now)s ELSE c.status_changed_at END,
                        updated_at = %(now)s
                    WHERE c.status <> 'destroyed'
                      AND (c.code_format, c.product_id, c.batch_id, c.status)
                          IS DISTINCT FROM
                          (EXCLUDED.code_format, EXCLUDED.product_id, EXCLUDED.batch_id, EXCLUDED.status)
                    RETURNING (xmax = 0) AS inserted
                )
                SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up
                """,  # noqa: S608
                {"now": now},
            )
            created, updated = cursor.fetchone()
        # Rows reviving a destroyed code were rejected before this batch was written; the WHERE
        # above only guards against a code destroyed meanwhile (then counted as unchanged).
        summary.created += created
        summary.updated += updated
        summary.unchanged += len(rows) - created - updated


def import_product_codes(*, path, actor=None, progress=None, batch_size: int | None = None) -> ImportSummary:
    """Import products, batches and identity codes from a CSV or XLSX file (see docs/imports.md)."""
    kwargs = {"batch_size": batch_size} if batch_size else {}
    return ProductCodeImporter(actor=actor, **kwargs).run(path=path, progress=progress)
