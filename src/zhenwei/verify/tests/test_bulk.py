"""Bulk certificate check (逐人逐证核查): verdict per row, summary sheet, formula injection, bad files."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from zhenwei.core.models import AuditEntry
from zhenwei.registry.tests.factories import make_id_number

URL = "/api/v1/verify/bulk"


def csv_file(rows, header="姓名,身份证号,证书编号", encoding="utf-8-sig"):
    text = header + "\n" + "\n".join(",".join(r) for r in rows) + "\n"
    return SimpleUploadedFile("staff.csv", text.encode(encoding), content_type="text/csv")


def xlsx_file(rows, header=("name", "id_number", "certificate_number")):
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("staff.xlsx", buffer.getvalue())


def results(response):
    assert response.status_code == 200, response.content[:500]
    wb = load_workbook(io.BytesIO(response.content))
    rows = list(wb["核查结果"].iter_rows(values_only=True))
    summary = {r[0]: r[1] for r in wb["汇总"].iter_rows(values_only=True) if r and r[0]}
    return rows[0], rows[1:], summary


@pytest.fixture
def rows(certificates):
    v, e, r, s = (certificates[k] for k in ("valid", "expired", "revoked", "suspended"))
    return [
        ("张小三", v.holder_id_number, v.number),
        ("張小三", e.holder_id_number, e.number),
        ("张小三", r.holder_id_number, r.number),
        ("张小三", s.holder_id_number, s.number),
        ("李四", v.holder_id_number, v.number),
        ("张小三", make_id_number(99), v.number),
        ("王五", make_id_number(5), "T000000000000000000"),
        ("赵六", "500235198503120010", "T1"),
        ("", make_id_number(6), "T2"),
    ]


EXPECTED = [
    "有效",
    "已过期",
    "已撤销",
    "已暂扣",
    "姓名不符",
    "身份证号不符",
    "查无此证",
    "数据有误",
    "数据有误",
]


def test_csv_every_verdict_and_summary(as_user, org, rows):
    response = as_user(org.officer_a).post(URL, {"file": csv_file(rows)}, format="multipart")
    header, body, summary = results(response)
    assert header[:6] == ("行号", "姓名", "身份证号（脱敏）", "证书编号", "核查结论", "说明")
    assert [r[4] for r in body] == EXPECTED
    assert [r[0] for r in body] == list(range(2, 11))
    assert "校验位" in body[7][5]
    assert "出现 3 次" in body[0][5]  # the valid certificate appears three times in the file
    assert summary["核查总人数"] == 9
    assert summary["有效"] == 1 and summary["数据有误"] == 2 and summary["需处理（非有效）"] == 8
    assert all("*" in (r[2] or "*") for r in body)  # ID numbers masked in the result
    assert AuditEntry.objects.filter(model="verify.bulkcheck").count() == 1
    assert "total=9" in response["X-Zhenwei-Summary"]


def test_xlsx_with_english_headers(as_user, org, rows):
    response = as_user(org.officer_a).post(URL, {"file": xlsx_file(rows)}, format="multipart")
    _, body, _ = results(response)
    assert [r[4] for r in body] == EXPECTED


def test_gbk_csv_is_read(as_user, org, rows):
    response = as_user(org.officer_a).post(
        URL, {"file": csv_file(rows[:1], encoding="gb18030")}, format="multipart"
    )
    _, body, _ = results(response)
    assert body[0][4] == "有效"


def test_formula_injection_is_neutralised(as_user, org, certificates):
    evil = [('=HYPERLINK("http://x")', make_id_number(1), "+cmd|' /C calc'!A0"), ("@SUM(1)", "-1", "T3")]
    response = as_user(org.officer_a).post(URL, {"file": csv_file(evil)}, format="multipart")
    wb = load_workbook(io.BytesIO(response.content))
    sheet = wb["核查结果"]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@")), cell.value
    assert sheet["B2"].value == '\'=HYPERLINK("http://x")'


@pytest.mark.parametrize(
    "upload,message",
    [
        (SimpleUploadedFile("a.csv", b""), "文件为空"),
        (SimpleUploadedFile("a.csv", "名字,号码\n张三,1\n".encode()), "表头缺少"),
        (SimpleUploadedFile("a.csv", "姓名,身份证号,证书编号\n".encode()), "没有数据行"),
        (SimpleUploadedFile("a.bin", bytes(range(256)) * 4), "二进制"),
        (SimpleUploadedFile("a.xlsx", b"PK\x03\x04garbage"), "XLSX"),
    ],
)
def test_bad_files_answer_400_with_detail(as_user, org, upload, message):
    response = as_user(org.officer_a).post(URL, {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_missing_file_is_400(as_user, org):
    assert as_user(org.officer_a).post(URL, {}, format="multipart").status_code == 400


def test_anonymous_is_refused(client, db):
    assert client.post(URL, {"file": csv_file([])}).status_code in (401, 403)


def test_bulk_page_round_trip(client, org, rows):
    client.force_login(org.viewer_a)
    assert client.get("/staff/verify/bulk/").status_code == 200
    template = client.get("/staff/verify/bulk/template.csv")
    assert "姓名,身份证号,证书编号" in template.content.decode("utf-8-sig")
    response = client.post("/staff/verify/bulk/", {"file": csv_file(rows)})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    bad = client.post("/staff/verify/bulk/", {"file": SimpleUploadedFile("x.csv", b"")})
    assert bad.status_code == 400


def test_lookups_are_batched_not_per_row(as_user, org, certificates, django_assert_max_num_queries):
    v = certificates["valid"]
    many = [("张小三", v.holder_id_number, v.number)] * 300 + [
        ("王五", make_id_number(5), f"T{n:018d}") for n in range(700)
    ]
    client = as_user(org.officer_a)
    with django_assert_max_num_queries(12):
        response = client.post(URL, {"file": csv_file(many)}, format="multipart")
    assert response.status_code == 200


def test_results_mask_t_plus_id_certificate_numbers_like_the_id_column(as_user, org, certificates):
    """A special operation certificate number is T + the holder's ID number: the result file masks
    it like the ID column, for every role (the file travels; the uploader keeps the original)."""
    from zhenwei.core.masking import find_pii

    v = certificates["valid"]
    v.number = f"T{v.holder_id_number}"
    v.save(update_fields=["number"])
    for user in (org.officer_a, org.inspector_a):
        _, body, _ = results(
            as_user(user).post(
                URL, {"file": csv_file([("张小三", v.holder_id_number, v.number)])}, format="multipart"
            )
        )
        assert body[0][4] == "有效"
        assert body[0][3] == "T" + v.holder_id_number[:3] + "*" * 11 + v.holder_id_number[-4:]
        assert not find_pii(" ".join(str(c) for c in body[0]))
