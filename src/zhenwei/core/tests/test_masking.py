"""zhenwei.core.masking: finding ID and mobile numbers in any text, the answer guard, the audit of
whole answers, and the refusal of writes that would store a masked value."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhenwei.core.masking import (
    body_pii,
    disclose,
    disclosing,
    find_pii,
    mask_id_number,
    mask_text,
    pii_text,
)
from zhenwei.core.models import AuditEntry
from zhenwei.core.tests.properties import examples
from zhenwei.core.validators import id_number_check_char

ID = "500235198807161236"
PHONE = "13912345678"


def _id(born: dt.date, seq: int, area: str = "500235") -> str:
    first17 = f"{area}{born:%Y%m%d}{seq:03d}"
    return first17 + id_number_check_char(first17)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (f"T{ID}", "T500***********1236"),  # 特种作业操作证: T + the holder's ID number
        (f"身份证{ID}号", "身份证500***********1236号"),
        ("老证110101900307123", "老证110********7123"),  # 15-digit form
        (f"电话{PHONE}。", "电话139****5678。"),
        ("+86 139-1234-5678", "+86 139****5678"),
        ("8613912345678", "86139****5678"),
        ("11010119900307803x", "110***********803x"),
        ("110101199003078031", "110***********8031"),  # mistyped check character: still masked
    ],
)
def test_id_and_mobile_numbers_are_masked_wherever_they_stand(text, masked):
    assert mask_text(text) == masked
    assert find_pii(text)
    assert not find_pii(mask_text(text))


@pytest.mark.parametrize(
    "text",
    [
        "915002350202600226",  # an all-digit credit code: no birth date inside
        "123456789012345678901",  # a serial longer than any ID number
        "2026120612345",
        "案件编号 AJ20261206000123",
        "12345678901",  # not a mobile prefix
        "990101198807161236",  # no area code starts with 9
    ],
)
def test_other_numbers_are_left_alone(text):
    assert mask_text(text) == text
    assert find_pii(text) == []


def test_mask_id_number_keeps_the_letter_of_a_certificate_number():
    assert mask_id_number(f"T{ID}") == "T500***********1236"
    assert mask_id_number(ID) == "500***********1236"


@settings(max_examples=examples(200), deadline=None)
@given(
    born=st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2020, 12, 31)),
    seq=st.integers(0, 999),
    before=st.text(alphabet="T证号：， abcXYZ身份", max_size=8),
    after=st.text(alphabet="证号：， abc身份", max_size=8),
    phone=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
)
def test_no_generated_number_survives_masking(born, seq, before, after, phone):
    number = _id(born, seq)
    text = f"{before}{number}{after} {phone}"
    masked = mask_text(text)
    assert number not in masked and phone not in masked
    assert mask_text(masked) == masked


def test_an_xlsx_answer_is_masked_inside_its_cells():
    book = openpyxl.Workbook()
    book.active.append(["证书编号", f"T{ID}", f"联系电话 {PHONE}"])
    buffer = io.BytesIO()
    book.save(buffer)
    masked, found = body_pii(
        buffer.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert {v for _, v in found} == {ID, PHONE}
    cells = [c.value for c in openpyxl.load_workbook(io.BytesIO(masked)).active[1]]
    assert cells == ["证书编号", "T500***********1236", "联系电话 139****5678"]


def test_pii_text_is_whole_only_with_the_right_in_the_records_division(org):
    from zhenwei.registry.tests.factories import CertificateFactory

    cert = CertificateFactory(division=org.a, number=f"T{ID}", holder_id_number=ID)
    assert pii_text(cert.number, obj=cert, user=org.viewer_a) == "T500***********1236"
    assert pii_text(cert.number, obj=cert, user=org.inspector_a) == "T500***********1236"
    assert pii_text(cert.number, obj=cert, user=org.officer_b) == "T500***********1236"
    before = AuditEntry.objects.filter(action="view_pii").count()
    assert pii_text(cert.number, obj=cert, user=org.officer_a) == cert.number
    # Outside an answer, a whole value is audited at once.
    assert AuditEntry.objects.filter(action="view_pii").count() == before + 1


def test_one_audit_row_per_answer_naming_every_record(org):
    from zhenwei.registry.tests.factories import CertificateFactory

    certs = [CertificateFactory(division=org.a, number=f"T{_id(dt.date(1990, 1, 1), n)}") for n in range(3)]
    before = AuditEntry.objects.filter(action="view_pii").count()
    with disclosing(user=org.officer_a, what="GET /staff/registry/certificates/"):
        for cert in certs:
            assert pii_text(cert.number, obj=cert) == cert.number
            disclose(cert, user=org.officer_a, values=[cert.holder_id_number])
    rows = AuditEntry.objects.filter(action="view_pii").order_by("seq")[before:]
    assert len(rows) == 1
    assert rows[0].after["records"] == {"registry.certificate": [str(c.pk) for c in certs]}
    assert rows[0].actor == org.officer_a


def test_staff_answers_are_masked_for_viewers_and_audited_once_for_officers(org, client):
    from zhenwei.registry.tests.factories import CertificateFactory

    cert = CertificateFactory(division=org.a, number=f"T{ID}", holder_id_number=ID)
    url = f"/staff/registry/certificates/{cert.pk}/"
    for user in (org.viewer_a, org.inspector_a, org.hotline_a):
        client.force_login(user)
        before = AuditEntry.objects.filter(action="view_pii").count()
        body = client.get(url).content.decode()
        assert ID not in body and "T500***********1236" in body, user
        assert AuditEntry.objects.filter(action="view_pii").count() == before
    client.force_login(org.officer_a)
    before = AuditEntry.objects.filter(action="view_pii").count()
    assert f"T{ID}" in client.get(url).content.decode()
    rows = AuditEntry.objects.filter(action="view_pii").order_by("seq")[before:]
    assert len(rows) == 1 and rows[0].object_id == str(cert.pk)


def test_the_public_certificate_check_never_answers_a_whole_number(org, client):
    from zhenwei.registry.tests.factories import CertificateFactory

    cert = CertificateFactory(division=org.a, number=f"T{ID}", holder_id_number=ID)
    response = client.post(
        "/api/v1/verify/certificate",
        {"number": cert.number, "holder_name": cert.holder_name},
        content_type="application/json",
    )
    assert response.status_code < 500
    assert ID not in response.content.decode()


def test_a_write_that_would_store_a_masked_value_is_refused(org, as_user):
    from zhenwei.registry.tests.factories import EnterpriseFactory

    enterprise = EnterpriseFactory(division=org.a, address=f"联系人电话 {PHONE}")
    client = as_user(org.inspector_a)
    shown = client.get(f"/api/v1/registry/enterprises/{enterprise.pk}/").json()
    assert shown["address"] == "联系人电话 139****5678"
    response = client.patch(
        f"/api/v1/registry/enterprises/{enterprise.pk}/", {"address": shown["address"]}, format="json"
    )
    assert response.status_code == 400
    assert "139****5678" in response.json()["detail"]
    enterprise.refresh_from_db()
    assert enterprise.address == f"联系人电话 {PHONE}"
    # The same edit without the masked value goes through.
    response = client.patch(
        f"/api/v1/registry/enterprises/{enterprise.pk}/", {"address": "县城北路 1 号"}, format="json"
    )
    assert response.status_code == 200, response.content


def test_a_staff_form_resubmitted_with_a_masked_value_is_refused(org, client):
    from zhenwei.registry.tests.factories import EnterpriseFactory

    enterprise = EnterpriseFactory(division=org.a, address=f"联系人电话 {PHONE}")
    client.force_login(org.inspector_a)
    url = f"/staff/registry/enterprises/{enterprise.pk}/edit/"
    assert "139****5678" in client.get(url).content.decode()
    response = client.post(url, {"name": enterprise.name, "address": "联系人电话 139****5678"})
    assert response.status_code == 400
    assert "139****5678" in response.content.decode()
    enterprise.refresh_from_db()
    assert enterprise.address == f"联系人电话 {PHONE}"
