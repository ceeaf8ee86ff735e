"""Export formula neutralisation and the XLSX zip-bomb check."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from zhenwei.security.exports import safe_cell, safe_row
from zhenwei.security.xlsx import check_xlsx


@pytest.mark.parametrize(
    "value",
    ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "＝1", " =cmd|' /C calc'!A0"],
)
def test_cells_a_spreadsheet_would_run_are_escaped(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize(
    "value", [None, 5, -5, 2.5, Decimal("-1.5"), dt.date(2026, 1, 1), True, "云阳县", "a=b"]
)
def test_ordinary_values_pass_unchanged(value):
    assert safe_cell(value) == value


@given(st.text())
def test_no_escaped_cell_starts_with_a_formula_character(text):
    out = safe_cell(text)
    assert not out.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r"))
    assert out in (text, "'" + text)


def test_safe_row():
    assert safe_row(["=1", 2]) == ["'=1", 2]


def _workbook(rows=3, cols=3) -> io.BytesIO:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(1, rows + 1):
        for c in range(1, cols + 1):
            ws.cell(row=r, column=c, value=f"{r}-{c}")
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def test_an_ordinary_workbook_passes_and_stays_readable():
    buf = _workbook()
    check_xlsx(buf)
    assert openpyxl.load_workbook(buf).active["A1"].value == "1-1"


def test_a_zip_bomb_is_refused_without_inflating_it():
    buf = _workbook()
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/media/bomb.bin", b"\0" * (50 * 1024 * 1024))
    out.seek(0)
    with pytest.raises(ValidationError, match="压缩炸弹"):
        check_xlsx(out)
    out.seek(0)
    with pytest.raises(ValidationError, match="解压后超过"):
        check_xlsx(out, max_uncompressed=10 * 1024 * 1024, max_ratio=10_000)


def test_an_oversized_sheet_is_refused_with_its_size():
    with pytest.raises(ValidationError, match="工作表过大"):
        check_xlsx(_workbook(rows=30, cols=2), max_rows=20)


@pytest.mark.parametrize("data", [b"", b"not a zip", b"PK\x03\x04garbage"])
def test_garbage_is_not_an_xlsx(data):
    with pytest.raises(ValidationError):
        check_xlsx(io.BytesIO(data))


def test_a_plain_zip_is_not_a_workbook():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    buf.seek(0)
    with pytest.raises(ValidationError, match="工作簿"):
        check_xlsx(buf)


def test_database_outage_is_a_quick_503_with_retry_after_on_pages_and_api():
    from django.db import OperationalError
    from django.test import RequestFactory
    from rest_framework.exceptions import NotFound

    from zhenwei.security.api_errors import exception_handler
    from zhenwei.security.middleware import DatabaseUnavailableMiddleware

    middleware = DatabaseUnavailableMiddleware(lambda r: None)
    page = middleware.process_exception(RequestFactory().get("/verify/"), OperationalError("server closed"))
    assert page.status_code == 503 and page["Retry-After"] == "5"
    api = middleware.process_exception(RequestFactory().get("/api/v1/cases/"), OperationalError("x"))
    assert api.status_code == 503 and b"temporarily" in api.content
    assert middleware.process_exception(RequestFactory().get("/"), ValueError("other")) is None
    drf = exception_handler(OperationalError("connection refused"), {})
    assert drf.status_code == 503 and drf["Retry-After"] == "5"
    assert exception_handler(OverflowError("big"), {}).status_code == 400
    assert exception_handler(NotFound(), {}).status_code == 404


def test_requests_that_waited_too_long_behind_the_proxy_are_shed_with_503(client, settings):
    import time

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.MAX_QUEUE_MS = 1000
    old = f"t={time.time() - 5:.3f}"
    fresh = f"t={time.time():.3f}"
    shed = client.get("/accounts/login/", HTTP_X_REQUEST_START=old, REMOTE_ADDR="127.0.0.1")
    assert shed.status_code == 503 and shed["Retry-After"] == "2"
    assert (
        client.get("/accounts/login/", HTTP_X_REQUEST_START=fresh, REMOTE_ADDR="127.0.0.1").status_code == 200
    )
    # Milliseconds since the epoch (nginx ${msec} without the dot) are understood too.
    assert (
        client.get(
            "/accounts/login/",
            HTTP_X_REQUEST_START=str(int((time.time() - 5) * 1000)),
            REMOTE_ADDR="127.0.0.1",
        ).status_code
        == 503
    )
    # Only a trusted proxy's stamp counts: a client cannot get others shed or itself through.
    assert (
        client.get("/accounts/login/", HTTP_X_REQUEST_START=old, REMOTE_ADDR="203.0.113.9").status_code == 200
    )
    assert client.get("/healthz", HTTP_X_REQUEST_START=old, REMOTE_ADDR="127.0.0.1").status_code == 200
