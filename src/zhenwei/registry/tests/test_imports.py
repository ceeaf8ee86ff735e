"""Imports through the ``zhenwei import`` command and the import functions: formats, headers,
rejected rows with line numbers, idempotency, atomic batches and malformed files."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from zhenwei.core.models import AuditEntry
from zhenwei.registry.choices import CertificateStatus, CodeStatus
from zhenwei.registry.imports.certificates import import_certificates
from zhenwei.registry.imports.enterprises import import_enterprises
from zhenwei.registry.imports.product_codes import import_product_codes
from zhenwei.registry.models import Certificate, Enterprise, IdentityCode, Product, ProductBatch
from zhenwei.registry.tests.factories import make_fire_mark, make_id_number, make_uscc

PRODUCT_HEADER = "code,category,product_name,model,manufacturer,manufacturer_uscc,certificate_no,batch,status"
CERT_HEADER = "number,kind,holder_name,holder_id_number,operation_item,authority,issued_on,expires_on,status"


def write(tmp_path: Path, name: str, text: str, encoding="utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def product_rows(n: int, start: int = 1, uscc: str | None = None, status: str = "active") -> str:
    uscc = uscc or make_uscc(7, "980101")
    lines = [
        f"{make_fire_mark(i)},灭火器,手提式干粉灭火器,MFZ/ABC4,甲县消防器材有限公司,{uscc},CCCF-2026-{i % 3},B{i % 4},{status}"
        for i in range(start, start + n)
    ]
    return "\n".join([PRODUCT_HEADER, *lines]) + "\n"


def run(kind: str, path: Path, *args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import", kind, str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
class TestProductCodes:
    def test_command_imports_and_reimport_changes_nothing(self, org, tmp_path):
        path = write(tmp_path, "codes.csv", product_rows(50))
        out, err = run("product-codes", path)
        assert out.strip() == "read 50, created 50, updated 0, unchanged 0, rejected 0"
        assert IdentityCode.objects.count() == 50
        product = Product.objects.get()
        assert product.division == org.a  # from the credit code's registration division 980101
        assert ProductBatch.objects.filter(product=product).count() == 4
        audits = AuditEntry.objects.filter(action="import", model="registry.identitycode").count()
        out, err = run("product-codes", path)
        assert out.strip() == "read 50, created 0, updated 0, unchanged 50, rejected 0"
        assert IdentityCode.objects.count() == 50 and Product.objects.count() == 1
        assert AuditEntry.objects.filter(action="import", model="registry.identitycode").count() == audits

    def test_status_change_is_an_update(self, org, tmp_path):
        run("product-codes", write(tmp_path, "a.csv", product_rows(5)))
        out, _ = run("product-codes", write(tmp_path, "b.csv", product_rows(2, status="recalled")))
        assert "created 0, updated 2, unchanged 0" in out
        code = IdentityCode.objects.get(code=make_fire_mark(1))
        assert code.status == CodeStatus.RECALLED and code.status_changed_at is not None

    def test_destroyed_code_cannot_come_back(self, org, tmp_path):
        run("product-codes", write(tmp_path, "a.csv", product_rows(3, status="destroyed")))
        summary = import_product_codes(path=write(tmp_path, "b.csv", product_rows(3)))
        assert summary.rejected == 3 and summary.errors[0][0] == 2
        assert "已销毁" in summary.errors[0][1]
        assert set(IdentityCode.objects.values_list("status", flat=True)) == {"destroyed"}

    def test_rejected_revival_creates_no_product(self, org, tmp_path):
        run("product-codes", write(tmp_path, "a.csv", product_rows(1, status="destroyed")))
        uscc = make_uscc(7, "980101")
        text = f"{PRODUCT_HEADER}\n{make_fire_mark(1)},灭火毯,新产品,X9,新厂,{uscc},,NEWBATCH,active\n"
        summary = import_product_codes(path=write(tmp_path, "b.csv", text))
        assert summary.rejected == 1
        assert not Product.objects.filter(name="新产品").exists()
        assert not ProductBatch.objects.filter(batch_no="NEWBATCH").exists()

    def test_chinese_headers_lower_case_and_full_width_codes(self, org, tmp_path):
        text = (
            "标识码,产品类别,产品名称,型号,生产企业,生产企业统一社会信用代码,证书编号,批号,状态\n"
            f"１２３４５ab６７８９０cd,灭火毯,灭火毯,GB-1.2,乙县消防有限公司,{make_uscc(3, '980102')},X1,,注销\n"
        )
        summary = import_product_codes(path=write(tmp_path, "zh.csv", text))
        assert (summary.created, summary.rejected) == (1, 0)
        code = IdentityCode.objects.get()
        assert code.code == "12345AB67890CD" and code.status == "revoked" and code.batch is None
        assert code.product.division == org.b

    def test_gb18030_csv(self, org, tmp_path):
        path = write(tmp_path, "gbk.csv", product_rows(3), encoding="gb18030")
        assert import_product_codes(path=path).created == 3

    def test_rejected_rows_have_line_numbers_and_reasons(self, org, tmp_path):
        good = make_uscc(7, "980101")
        bad_uscc = good[:-1] + ("0" if good[-1] != "0" else "1")
        text = "\n".join(
            [
                PRODUCT_HEADER,
                f"{make_fire_mark(1)},灭火器,灭火器,M1,厂,{good},,,",  # 2 ok
                f"12345AB67890C1,灭火器,灭火器,M1,厂,{good},,,",  # 3 bad format
                f"{make_fire_mark(2)},不存在的类别,灭火器,M1,厂,{good},,,",  # 4 unknown category
                f"{make_fire_mark(3)},灭火器,灭火器,M1,厂,{bad_uscc},,,",  # 5 bad check char
                f"{make_fire_mark(1)},灭火器,灭火器,M1,厂,{good},,,",  # 6 duplicate of line 2
                f"{make_fire_mark(4)},灭火器,灭火器,M1,厂,{good},,,丢失",  # 7 unknown status
                f"{make_fire_mark(5)},灭火器,,M1,厂,{good},,,",  # 8 no product name
            ]
        )
        out, err = run("product-codes", write(tmp_path, "mixed.csv", text))
        assert out.strip() == "read 7, created 1, updated 0, unchanged 0, rejected 6"
        lines = err.strip().splitlines()
        assert [line.split(":")[0] for line in lines] == [f"line {n}" for n in (3, 4, 5, 6, 7, 8)]
        assert "14位" in lines[0]
        assert "未知产品类别" in lines[1]
        assert "校验位" in lines[2]
        assert "重复" in lines[3]
        assert "状态" in lines[4]
        assert "产品名称为空" in lines[5]
        assert IdentityCode.objects.count() == 1

    def test_row_with_more_cells_than_the_header_is_rejected(self, org, tmp_path):
        uscc = make_uscc(7, "980101")
        text = f"{PRODUCT_HEADER}\n{make_fire_mark(1)},灭火器,灭火器,M1,厂,{uscc},,,,active\n"
        summary = import_product_codes(path=write(tmp_path, "x.csv", text))
        assert summary.rejected == 1 and "多于表头" in summary.errors[0][1]

    def test_quoted_multiline_cell_keeps_line_numbers(self, org, tmp_path):
        uscc = make_uscc(7, "980101")
        text = f'{PRODUCT_HEADER}\n{make_fire_mark(1)},灭火器,"两行\n名称",M,厂,{uscc},,,\nBAD,灭火器,x,M,厂,{uscc},,,\n'
        summary = import_product_codes(path=write(tmp_path, "q.csv", text))
        assert summary.created == 1 and summary.errors[0][0] == 4

    def test_batches_are_atomic_and_a_rerun_completes(self, org, tmp_path, monkeypatch):
        path = write(tmp_path, "codes.csv", product_rows(25))
        from zhenwei.registry.imports import product_codes

        calls = {"n": 0}
        original = product_codes.ProductCodeImporter.write

        def failing_write(self, rows, summary):
            calls["n"] += 1
            if calls["n"] == 3:
                original(self, rows, summary)
                raise RuntimeError("killed")
            return original(self, rows, summary)

        monkeypatch.setattr(product_codes.ProductCodeImporter, "write", failing_write)
        with pytest.raises(RuntimeError):
            import_product_codes(path=path, batch_size=10)
        assert IdentityCode.objects.count() == 20  # batches 1 and 2 committed, 3 rolled back
        monkeypatch.setattr(product_codes.ProductCodeImporter, "write", original)
        summary = import_product_codes(path=path, batch_size=10)
        assert (summary.created, summary.unchanged) == (5, 20)
        assert IdentityCode.objects.count() == 25 and ProductBatch.objects.count() == 4

    def test_progress_is_reported(self, org, tmp_path):
        seen = []
        import_product_codes(
            path=write(tmp_path, "p.csv", product_rows(25)), progress=seen.append, batch_size=10
        )
        assert seen[-1] == 25 and seen[0] == 10

    def test_xlsx(self, org, tmp_path):
        wb = Workbook()
        ws = wb.active
        ws.append(PRODUCT_HEADER.split(","))
        ws.append(
            [
                make_fire_mark(1),
                "灭火器",
                "灭火器",
                "M1",
                "厂",
                make_uscc(7, "980101"),
                "C1",
                20260301,
                "active",
            ]
        )
        ws.append([None] * 9)
        ws.append(
            [
                make_fire_mark(2),
                "fire-extinguisher",
                "灭火器",
                "M1",
                "厂",
                make_uscc(7, "980101"),
                "C1",
                20260301,
                "",
            ]
        )
        path = tmp_path / "codes.xlsx"
        wb.save(path)
        summary = import_product_codes(path=path)
        assert (summary.read, summary.created) == (2, 2)
        assert ProductBatch.objects.get().batch_no == "20260301"

    def test_without_division_source_rows_are_rejected(self, org, tmp_path):
        text = f"{PRODUCT_HEADER}\n{make_fire_mark(1)},灭火器,灭火器,M1,厂,,,,\n"
        summary = import_product_codes(path=write(tmp_path, "x.csv", text))
        assert summary.rejected == 1 and "区划" in summary.errors[0][1]
        # the importer's own division is the fallback
        summary = import_product_codes(path=write(tmp_path, "x.csv", text), actor=org.officer_b)
        assert summary.created == 1 and Product.objects.get().division == org.b


@pytest.mark.django_db
class TestMalformedFiles:
    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (b"", "文件为空"),
            (b"\xef\xbb\xbf\n\n", "文件为空"),
            (bytes(range(256)) * 40, "二进制"),
            (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "二进制"),
        ],
    )
    def test_empty_and_binary(self, org, tmp_path, content, message):
        path = tmp_path / "bad.csv"
        path.write_bytes(content)
        with pytest.raises(CommandError, match=message):
            run("product-codes", path)

    def test_wrong_headers_name_missing_and_unknown_columns(self, org, tmp_path):
        path = write(
            tmp_path, "h.csv", "code,category,product,model,manufacturer,uscc,cert,batch,status\n1,2,3\n"
        )
        with pytest.raises(CommandError) as exc:
            run("product-codes", path)
        text = str(exc.value)
        assert "product_name" in text and "certificate_no" in text and "manufacturer_uscc" in text
        assert "product" in text.split("unknown columns")[1]

    def test_xlsx_extension_but_not_a_workbook(self, org, tmp_path):
        path = tmp_path / "x.xlsx"
        path.write_text("code,category\n")
        with pytest.raises(CommandError, match="XLSX"):
            run("product-codes", path)

    def test_zip_that_is_not_a_workbook(self, org, tmp_path):
        path = tmp_path / "x.xlsx"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "hi")
        with pytest.raises(CommandError, match="不是 XLSX 工作簿"):
            run("product-codes", path)

    def test_truncated_xlsx(self, org, tmp_path):
        wb = Workbook()
        wb.active.append(PRODUCT_HEADER.split(","))
        good = tmp_path / "good.xlsx"
        wb.save(good)
        path = tmp_path / "cut.xlsx"
        path.write_bytes(good.read_bytes()[:300])
        with pytest.raises(CommandError, match="XLSX"):
            run("product-codes", path)

    def test_zip_bomb_refused_before_opening(self, org, tmp_path, settings):
        settings.ZHENWEI_IMPORT_MAX_XLSX_UNCOMPRESSED = 5 * 1024**2
        path = tmp_path / "bomb.xlsx"
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<x/>")
            archive.writestr("xl/worksheets/sheet1.xml", b"0" * (20 * 1024**2))
        assert path.stat().st_size < 100_000
        with pytest.raises(CommandError, match="压缩炸弹"):
            run("product-codes", path)

    def test_high_ratio_member_refused(self, org, tmp_path):
        path = tmp_path / "bomb.xlsx"
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<x/>")
            archive.writestr("xl/worksheets/sheet1.xml", b"0" * (30 * 1024**2))
        with pytest.raises(CommandError, match="压缩比"):
            run("product-codes", path)

    def test_legacy_xls_refused(self, org, tmp_path):
        path = tmp_path / "old.xls"
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
        with pytest.raises(CommandError, match="xls"):
            run("product-codes", path)

    def test_header_only_file_reads_nothing(self, org, tmp_path):
        out, _ = run("product-codes", write(tmp_path, "h.csv", PRODUCT_HEADER + "\n"))
        assert out.strip() == "read 0, created 0, updated 0, unchanged 0, rejected 0"


def cert_row(n: int, **over) -> str:
    values = {
        "number": f"T{make_id_number(n, '980101')}",
        "kind": "特种作业操作证",
        "holder_name": "張小三",
        "holder_id_number": make_id_number(n, "980101"),
        "operation_item": "低压电工作业",
        "authority": "测试市甲县应急管理局",
        "issued_on": "2024-05-01",
        "expires_on": "2030/4/30",
        "status": "有效",
    }
    values.update(over)
    return ",".join(values.values())


@pytest.mark.django_db
class TestCertificates:
    def test_import_reimport_and_division_from_authority(self, org, tmp_path):
        text = "\n".join([CERT_HEADER, *(cert_row(n) for n in range(1, 11))]) + "\n"
        path = write(tmp_path, "c.csv", text)
        out, _ = run("certificates", path)
        assert out.strip() == "read 10, created 10, updated 0, unchanged 0, rejected 0"
        cert = Certificate.objects.first()
        assert cert.division == org.a
        assert cert.holder_name_normalized == "张小三"
        from zhenwei.registry.validators import holder_id_hash

        assert cert.holder_id_hash == holder_id_hash(cert.holder_id_number)
        out, _ = run("certificates", path)
        assert "created 0, updated 0, unchanged 10" in out

    def test_status_update_and_rejections(self, org, tmp_path):
        run("certificates", write(tmp_path, "a.csv", f"{CERT_HEADER}\n{cert_row(1)}\n{cert_row(2)}\n"))
        bad_id = make_id_number(3, "980101")[:-1] + ("0" if make_id_number(3, "980101")[-1] != "0" else "1")
        text = "\n".join(
            [
                CERT_HEADER,
                cert_row(1, status="暂扣"),  # 2 update
                cert_row(3, holder_id_number=bad_id),  # 3 bad check digit
                cert_row(4, kind="驾驶证"),  # 4 unknown kind
                cert_row(5, expires_on="2020-01-01"),  # 5 expiry before issue
                cert_row(6, issued_on="2024-02-30"),  # 6 bad date
                cert_row(2),  # 7 unchanged
                cert_row(2),  # 8 duplicate
            ]
        )
        summary = import_certificates(path=write(tmp_path, "b.csv", text))
        assert (summary.read, summary.updated, summary.unchanged, summary.rejected) == (7, 1, 1, 5)
        assert [e[0] for e in summary.errors] == [3, 4, 5, 6, 8]
        assert "校验位" in summary.errors[0][1]
        cert = Certificate.objects.get(number=f"T{make_id_number(1, '980101')}")
        assert cert.status == CertificateStatus.SUSPENDED and cert.status_changed_at

    def test_audit_summary_holds_no_id_numbers(self, org, tmp_path):
        run("certificates", write(tmp_path, "a.csv", f"{CERT_HEADER}\n{cert_row(1)}\n"))
        entry = AuditEntry.objects.filter(model="registry.certificate", action="import").get()
        assert entry.after["created"] == 1
        assert make_id_number(1, "980101") not in str(entry.after)


@pytest.mark.django_db
class TestEnterprises:
    def test_import(self, org, tmp_path):
        text = (
            "名称,统一社会信用代码,区划代码,地址,类型,领域\n"
            f"甲县第一中学,{make_uscc(11, '980101')},980101,甲县学府路1号,学校,使用\n"
            f"乙县商贸公司,{make_uscc(12, '980102')},980102,乙县,trading,流通、使用\n"
            f"坏码公司,{make_uscc(13, '980102')[:-1]}I,980102,乙县,trading,\n"
            f"无区划,{make_uscc(14, '980102')},999999,乙县,trading,\n"
        )
        path = write(tmp_path, "e.csv", text)
        summary = import_enterprises(path=path)
        assert (summary.created, summary.rejected) == (2, 2)
        school = Enterprise.objects.get(name="甲县第一中学")
        assert school.kind == "school" and school.is_use and not school.is_production
        assert Enterprise.objects.get(name="乙县商贸公司").is_circulation
        again = import_enterprises(path=path)
        assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
