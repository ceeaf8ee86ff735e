import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory, override_settings

from zhenwei.core.files import evidence_store
from zhenwei.core.masking import mask_id_number, mask_name, mask_phone
from zhenwei.core.models import CalendarOverride
from zhenwei.core.net import client_ip, network_prefix
from zhenwei.core.text import normalize
from zhenwei.core.validators import id_number_check_char, id_number_problem, uscc_check_char, uscc_problem
from zhenwei.core.workdays import add_working_days, working_days_between

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_working_days_skip_national_day_and_respect_adjusted_days(db):
    # 2025-09-30 (Tue) + 1 working day: Oct 1-8 are holidays, Oct 9 is the next working day.
    assert add_working_days(dt.date(2025, 9, 30), 1) == dt.date(2025, 10, 9)
    # 2025-09-28 (Sunday) is an adjusted working day (调休上班).
    assert add_working_days(dt.date(2025, 9, 27), 1) == dt.date(2025, 9, 28)
    assert working_days_between(dt.date(2025, 9, 30), dt.date(2025, 10, 9)) == 1


def test_calendar_override_wins(db):
    CalendarOverride.objects.create(date=dt.date(2030, 1, 2), is_workday=False, note="test")
    assert add_working_days(dt.date(2030, 1, 1), 1) == dt.date(2030, 1, 3)


def test_id_number_check_digit():
    first17 = "11010519491231002"
    good = first17 + id_number_check_char(first17)
    assert id_number_problem(good) is None
    bad = first17 + ("0" if good[-1] != "0" else "1")
    assert "校验位" in id_number_problem(bad)
    assert id_number_problem("123") == "身份证号码应为18位"


def test_uscc_check_character():
    first17 = "91500235MA5U0000"[:16] + "1"
    code = first17 + uscc_check_char(first17)
    assert uscc_problem(code) is None
    assert uscc_problem("91350100M000100Y43") is None  # a published real-world code
    assert "校验位" in uscc_problem(code[:-1] + ("0" if code[-1] != "0" else "1"))
    assert "非法字符" in uscc_problem("91500235MA5U0000IO")


def test_masking():
    assert mask_name("张三") == "张*"
    assert mask_name("张小三") == "张*三"
    assert mask_id_number("110105194912310021") == "110***********0021"
    assert mask_phone("13812345678") == "138****5678"


def test_traditional_input_is_normalised():
    assert normalize("專項行動　月報表") == "专项行动 月报表"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_forwarded_for_believed_only_from_trusted_proxy():
    rf = RequestFactory()
    direct = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert str(client_ip(direct)) == "203.0.113.9"
    proxied = rf.get("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1, 10.9.9.9")
    assert str(client_ip(proxied)) == "198.51.100.1"
    assert network_prefix(client_ip(proxied)) == "198.51.100.0/24"
    v6 = rf.get("/", REMOTE_ADDR="2001:db8:abcd:12::1")
    assert network_prefix(client_ip(v6)) == "2001:db8:abcd::/48"


def test_evidence_is_stored_with_hash_and_sniffed_type(org):
    ev = evidence_store(
        fileobj=io.BytesIO(PNG),
        name="photo.png",
        declared_type="image/png",
        actor=org.officer_a,
        division=org.a,
    )
    assert ev.mime_type == "image/png" and ev.size == len(PNG) and len(ev.sha256) == 64


def test_evidence_with_lying_type_is_refused(org):
    with pytest.raises(ValidationError, match="image/jpeg"):
        evidence_store(fileobj=io.BytesIO(PNG), name="photo.jpg", declared_type="image/jpeg", actor=None)
    with pytest.raises(ValidationError, match="不是允许的类型"):
        evidence_store(fileobj=io.BytesIO(b"MZ\x90\x00" + b"\x00" * 100), name="x.pdf", actor=None)


def test_evidence_over_size_cap_is_refused(org):
    with pytest.raises(ValidationError, match="大小上限"):
        evidence_store(
            fileobj=io.BytesIO(PNG + b"\x00" * 2_000_000), name="big.png", actor=None, max_bytes=1_000_000
        )


def test_evidence_download_is_an_attachment_and_scoped(client, org):
    ev = evidence_store(fileobj=io.BytesIO(PNG), name="p.png", actor=org.officer_a, division=org.a)
    client.force_login(org.officer_b)
    assert client.get(f"/staff/evidence/{ev.pk}/").status_code == 404
    client.force_login(org.officer_a)
    response = client.get(f"/staff/evidence/{ev.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
