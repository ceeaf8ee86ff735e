"""The product-code import beyond formats: eliminated products flagged, references checked without
database foreign keys, and (PostgreSQL) the writer thread that commits batches while the next is
parsed."""

import pytest
from django.db import IntegrityError, connection

from zhenwei.registry.imports import product_codes
from zhenwei.registry.imports.product_codes import ProductCodeImporter, import_product_codes
from zhenwei.registry.models import IdentityCode, Product
from zhenwei.registry.tests.factories import make_fire_mark, make_uscc

from .test_imports import PRODUCT_HEADER, product_rows, write

pg_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL only")


@pytest.mark.django_db
def test_import_flags_products_on_the_eliminated_list(org, tmp_path):
    uscc = make_uscc(7, "980101")
    lines = [
        f"{make_fire_mark(1)},灭火器,1211哈龙灭火器,MY4,甲县消防器材有限公司,{uscc},CCCF-1,B1,active",
        f"{make_fire_mark(2)},灭火器,手提式干粉灭火器,MFZ/ABC4,甲县消防器材有限公司,{uscc},CCCF-1,B1,active",
    ]
    summary = import_product_codes(path=write(tmp_path, "c.csv", "\n".join([PRODUCT_HEADER, *lines]) + "\n"))
    assert summary.created == 2
    assert Product.objects.get(name="1211哈龙灭火器").is_eliminated is True
    assert Product.objects.get(name="手提式干粉灭火器").is_eliminated is False


@pytest.mark.django_db
def test_an_existing_product_is_flagged_but_a_staff_flag_is_never_cleared(org, tmp_path):
    import_product_codes(path=write(tmp_path, "a.csv", product_rows(2)))
    product = Product.objects.get()
    product.is_eliminated = True  # set by staff
    product.save()
    import_product_codes(path=write(tmp_path, "b.csv", product_rows(2, start=3)))
    product.refresh_from_db()
    assert product.is_eliminated is True


@pytest.mark.django_db
def test_references_are_checked_without_database_foreign_keys(org):
    importer = ProductCodeImporter()
    with pytest.raises(IntegrityError, match="不存在"):
        importer._check_references([(2, make_fire_mark(1), "fire_mark", 987654321, None, "active")])


@pytest.mark.django_db
def test_deleting_a_product_with_codes_is_still_protected(org, tmp_path):
    from django.db.models import ProtectedError

    import_product_codes(path=write(tmp_path, "a.csv", product_rows(3)))
    with pytest.raises(ProtectedError):
        Product.objects.get().delete()
    assert IdentityCode.objects.count() == 3


@pg_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pipelined_import_counts_rejections_and_is_idempotent(org, tmp_path):
    text = product_rows(25) + f"{make_fire_mark(3)},灭火器,x,y,z,,c,b,active\nBAD,灭火器,x,y,z,,c,b,active\n"
    path = write(tmp_path, "codes.csv", text)
    assert not connection.in_atomic_block  # so the writer thread is used
    summary = import_product_codes(path=path, batch_size=10)
    assert (summary.read, summary.created, summary.rejected) == (27, 25, 2)
    assert [line for line, _ in summary.errors] == [27, 28]
    again = import_product_codes(path=path, batch_size=10)
    assert (again.created, again.unchanged, again.rejected) == (0, 25, 2)
    assert IdentityCode.objects.count() == 25


@pg_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pipelined_import_failure_keeps_earlier_batches_and_a_rerun_completes(org, tmp_path, monkeypatch):
    path = write(tmp_path, "codes.csv", product_rows(25))
    calls = {"n": 0}
    original = ProductCodeImporter.write

    def failing_write(self, rows, summary):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("killed")
        return original(self, rows, summary)

    monkeypatch.setattr(product_codes.ProductCodeImporter, "write", failing_write)
    with pytest.raises(RuntimeError, match="killed"):
        import_product_codes(path=path, batch_size=10)
    assert IdentityCode.objects.count() == 10  # batch 1 committed; 2 failed; 3 never written
    monkeypatch.setattr(product_codes.ProductCodeImporter, "write", original)
    summary = import_product_codes(path=path, batch_size=10)
    assert (summary.created, summary.unchanged) == (15, 10)


@pg_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pipelined_import_by_a_town_officer_rejects_rows_outside_the_town(org, tmp_path):
    """The scope check runs in the writer thread too: rows placed in the county (the credit code's
    division 980101) are rejected with their lines, rows placed in the officer's town are written,
    across several batches."""
    lines = product_rows(12).splitlines()
    header, rows = lines[0] + ",division_code", lines[1:]
    text = "\n".join([header] + [r + f",{org.t.code if i % 2 else org.a.code}" for i, r in enumerate(rows)])
    path = write(tmp_path, "codes.csv", text + "\n")
    assert not connection.in_atomic_block
    summary = import_product_codes(path=path, batch_size=4, actor=org.officer_t)
    assert (summary.created, summary.rejected) == (6, 6), summary.line()
    assert [line for line, _ in summary.errors] == [2, 4, 6, 8, 10, 12]
    assert not IdentityCode.objects.exclude(product__division=org.t).exists()
