"""Credit entries: validation, derived status, removal and repair, the export feed, scope."""

import csv
import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhenwei.core.models import AuditEntry
from zhenwei.credit import services
from zhenwei.credit.export import COLUMNS
from zhenwei.credit.models import Disclosure

from .factories import decided_on, entry_kwargs, uscc

pytestmark = pytest.mark.dates  # an entry's status is reckoned from today; the factory's dates follow it


def _days(n: int) -> dt.date:
    """``n`` days after the factory entry's publication start (which is 292 days before today)."""
    return decided_on() + dt.timedelta(days=8 + n)


@pytest.fixture
def entry(org):
    return services.credit_entry_create(actor=org.officer_a, **entry_kwargs(org.a))


def test_status_follows_dates_and_decisions(org, entry):
    assert entry.status_on(_days(-5)) == "pending"
    assert entry.status_on(_days(0)) == "active"
    assert entry.status_on(entry.publication_end + dt.timedelta(days=1)) == "expired"
    services.credit_entry_repair(
        entry=entry, actor=org.officer_a, number="甲市监修复〔2026〕3号", on=_days(175)
    )
    entry.refresh_from_db()
    assert entry.status_on(_days(174)) == "active"
    assert entry.status_on(_days(175)) == "repaired"
    with pytest.raises(ValidationError, match="不能再移出"):
        services.credit_entry_remove(entry=entry, actor=org.officer_a, number="x", on=_days(205))


def test_removal_has_its_own_decision(org, entry):
    with pytest.raises(ValidationError, match="决定文书号"):
        services.credit_entry_remove(entry=entry, actor=org.officer_a, number=" ", on=_days(83))
    services.credit_entry_remove(
        entry=entry, actor=org.officer_a, number="甲市监移出〔2026〕1号", on=_days(83), reason="复议撤销"
    )
    entry.refresh_from_db()
    assert (entry.removal_number, entry.removal_date, entry.status) == (
        "甲市监移出〔2026〕1号",
        _days(83),
        "removed",
    )


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"credit_code": "91500235MA60XK3L2X"}, "校验位"),
        ({"credit_code": "915002"}, "18位"),
        ({"credit_code": ""}, "须填写统一社会信用代码"),
        ({"publication_start": -1}, "不能早于决定日期"),
        ({"publication_end": -1}, "不能早于起始日期"),
        ({"decision_date": 330, "publication_start": 330}, "不能晚于今天"),
    ],
)
def test_invalid_entries_are_refused_with_a_reason(org, overrides, message):
    # dates as days after the factory's decision date (300 days before today): 330 is in the future
    overrides = {
        k: decided_on() + dt.timedelta(days=v)
        if isinstance(v, int) and k.endswith(("_date", "_start", "_end"))
        else v
        for k, v in overrides.items()
    }
    with pytest.raises(ValidationError, match=message):
        services.credit_entry_create(actor=org.officer_a, **entry_kwargs(org.a, **overrides))


def test_same_decision_twice_is_refused(org, entry):
    with pytest.raises(ValidationError, match="已登记"):
        services.credit_entry_create(actor=org.officer_a, **entry_kwargs(org.a, subject_name="另一家公司"))


def test_export_csv_format_and_formula_neutralised(org, entry, client):
    services.credit_entry_create(
        actor=org.officer_a,
        **entry_kwargs(
            org.a,
            subject_name='=HYPERLINK("http://x")有限公司',
            credit_code=uscc("91500235MA61AB1C3"),
            decision_number="甲市监失信〔2026〕2号",
            reason="-2+3 虚假宣传",
        ),
    )
    client.force_login(org.officer_a)
    response = client.get("/staff/credit/export.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == [c for c, _ in COLUMNS]
    by_id = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert by_id[str(entry.pk)]["credit_code"] == entry.credit_code
    assert by_id[str(entry.pk)]["status"] == "active"
    injected = next(r for r in by_id.values() if "HYPERLINK" in r["subject_name"])
    assert injected["subject_name"].startswith("'=") and injected["reason"].startswith("'-")
    assert AuditEntry.objects.filter(action="export", model="credit.creditentry").exists()


def test_export_json_masks_individuals(org, as_user):
    services.credit_entry_create(
        actor=org.officer_a,
        **entry_kwargs(
            org.a,
            subject_kind="individual",
            subject_name="王建国",
            credit_code="",
            id_number="500235198001011234",
            decision_number="甲市监失信〔2026〕9号",
        ),
    )
    response = as_user(org.officer_a).get("/api/v1/credit/export/?format=json")
    payload = json.loads(response.content)
    assert payload["format"] == "zhenwei-credit-1" and payload["count"] == 1
    (row,) = payload["records"]
    assert set(row) == {c for c, _ in COLUMNS}
    assert row["subject_name"] == "王*国" and row["id_number_masked"] == "500***********1234"


def test_scope(org, entry, as_user):
    assert as_user(org.officer_b).get(f"/api/v1/credit/entries/{entry.pk}/").status_code == 404
    assert as_user(org.office_p).get(f"/api/v1/credit/entries/{entry.pk}/").status_code == 200


def test_api_create_and_bad_code(org, as_user):
    client = as_user(org.officer_a)
    data = entry_kwargs(org.a)
    data.pop("division")
    data = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()}
    data["division_code"] = org.a.code
    response = client.post("/api/v1/credit/entries/", data, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "active"
    data.update(decision_number="甲市监失信〔2026〕5号", credit_code="91500235MA60XK3L21")
    response = client.post("/api/v1/credit/entries/", data, format="json")
    assert response.status_code == 400 and "统一社会信用代码" in response.json()["detail"]


def test_removal_withdraws_its_disclosure(org, entry):
    disclosure = services.disclosure_create(record=entry, actor=org.officer_a)
    services.credit_entry_remove(
        entry=entry, actor=org.officer_a, number="甲市监移出〔2026〕2号", on=_days(113)
    )
    disclosure.refresh_from_db()
    assert disclosure.withdrawn and "移出" in disclosure.withdrawn_reason
    assert Disclosure.objects.filter(withdrawn=False).count() == 0


def test_entry_links_the_registry_unit_by_code(org):
    from zhenwei.registry.models import Enterprise

    unit = Enterprise.objects.create(
        name="重庆盾安消防器材有限公司", uscc=uscc("91500235MA60XK3L2"), division=org.a
    )
    entry = services.credit_entry_create(actor=org.officer_a, **entry_kwargs(org.a))
    assert entry.enterprise_id == unit.pk


def test_home_shows_listings_about_to_lapse(org, client):
    today = timezone.localdate()
    services.credit_entry_create(
        actor=org.officer_a,
        **entry_kwargs(
            org.a,
            decision_date=today - dt.timedelta(days=400),
            publication_start=today - dt.timedelta(days=390),
            publication_end=today + dt.timedelta(days=10),
        ),
    )
    client.force_login(org.officer_a)
    assert "公示期将满" in client.get("/staff/").content.decode()


def test_export_command(org, entry, tmp_path):
    from django.core.management import call_command

    target = tmp_path / "feed.json"
    call_command("credit", "export", "--format", "json", "--output", str(target), "--active-only")
    payload = json.loads(target.read_text(encoding="utf-8"))
    assert payload["count"] == 1 and payload["records"][0]["decision_number"] == entry.decision_number
    out = io.StringIO()
    call_command("credit", "export", "--format", "csv", stdout=out)
    assert out.getvalue().startswith("\ufeffrecord_id,list_kind")
