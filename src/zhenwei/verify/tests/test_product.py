"""Public product verification: every verdict, the scan log, the trusted-proxy rule, clone rules,
rate limiting and the query count of the hot path."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhenwei.cases.models import Clue
from zhenwei.core.tests.factories import DivisionFactory
from zhenwei.registry.choices import CodeStatus
from zhenwei.verify.models import ScanEvent, SuspectCode

URL = "/api/v1/verify/product/{}"


def check(client, code, ip="203.0.113.7", **params):
    return client.get(URL.format(code), params, REMOTE_ADDR=ip, HTTP_USER_AGENT="Mozilla/5.0 (iPhone) Mobile")


@pytest.fixture
def anon(client):
    return client


def test_genuine_code_answers_product_facts_and_advice(anon, codes):
    code = codes[CodeStatus.ACTIVE].code
    response = check(anon, code.lower())  # case and width are forgiven
    assert response.status_code == 200
    data = response.json()
    assert data["verdict"] == "genuine"
    assert data["code"] == code
    assert data["status"] == "active"
    assert data["product"]["name"] == "手提式干粉灭火器"
    assert data["product"]["manufacturer"] == "重庆安消消防器材有限公司"
    assert data["product"]["access_kind"] == "ccc"
    assert data["product"]["access_certificate_no"] == "2026081801000123"
    assert data["product"]["batch_no"] == "B20260301"
    assert data["product"]["category"] == "灭火器"
    assert "12315" in data["message"]
    assert data["label_valid"] is None


def test_unknown_code(anon, codes):
    data = check(anon, "12345ZZ54321ZZ").json()
    assert data["verdict"] == "unknown"
    assert data["product"] is None
    assert "12315" in data["message"] and "12345" in data["message"]
    assert "problem" not in data


def test_malformed_code_answers_200_unknown_with_the_format_problem(anon, db):
    response = check(anon, "abc")
    assert response.status_code == 200
    data = response.json()
    assert data["verdict"] == "unknown"
    assert "14位" in data["problem"]
    assert ScanEvent.objects.get().verdict == "unknown"


def test_revoked_code_says_revoked_with_its_status(anon, codes):
    data = check(anon, codes[CodeStatus.REVOKED].code).json()
    assert data["verdict"] == "revoked"
    assert data["status"] == "revoked"
    assert data["product"]["name"]


@pytest.mark.parametrize("status", [CodeStatus.DESTROYED, CodeStatus.RECALLED])
def test_scan_after_destroyed_or_recalled_is_suspect_and_opens_one_routed_clue(anon, codes, org, status):
    code = codes[status].code
    data = check(anon, code).json()
    assert data["verdict"] == "suspect"
    assert data["status"] == status
    assert data["suspect_reason"] == status
    flag = SuspectCode.objects.get(code=code)
    assert flag.reason == status
    clue = Clue.objects.get(dedupe_key=f"scan:{code}")
    assert clue.source == "scan"
    assert clue.department == org.dept(org.a, "market")  # category routed, where the product is made
    assert clue.category.code == "fire-extinguisher"
    check(anon, code)
    assert Clue.objects.filter(dedupe_key=f"scan:{code}").count() == 1


def test_scan_event_keeps_the_network_prefix_never_the_address(anon, codes):
    check(anon, codes[CodeStatus.ACTIVE].code, ip="198.51.100.77")
    event = ScanEvent.objects.get()
    assert event.network == "198.51.100.0/24"
    assert event.identity_code_id == codes[CodeStatus.ACTIVE].pk
    assert event.verdict == "genuine"
    assert event.agent_class == "mobile"
    assert "198.51.100.77" not in str(list(ScanEvent.objects.values()))


def test_ipv6_networks_are_slash_48(anon, codes):
    check(anon, codes[CodeStatus.ACTIVE].code, ip="2001:db8:abcd:12::1")
    assert ScanEvent.objects.get().network == "2001:db8:abcd::/48"


def test_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy(anon, codes, settings):
    code = codes[CodeStatus.ACTIVE].code
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    anon.get(URL.format(code), REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.9")
    anon.get(URL.format(code), REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="203.0.113.50, 10.9.9.9")
    networks = list(ScanEvent.objects.order_by("id").values_list("network", flat=True))
    assert networks == ["192.0.2.0/24", "203.0.113.0/24"]


def test_consented_location_is_recorded_rounded(anon, codes, org):
    check(anon, codes[CodeStatus.ACTIVE].code, division=org.b.code, lat="30.123456", lng="108.987654")
    event = ScanEvent.objects.get()
    assert event.location_consented is True
    assert event.division == org.b
    assert event.prefecture_code == org.pc.code
    assert str(event.latitude) == "30.12" and str(event.longitude) == "108.99"


def test_no_location_means_the_product_division_and_no_prefecture(anon, codes, org):
    check(anon, codes[CodeStatus.ACTIVE].code, lat="not-a-number")
    event = ScanEvent.objects.get()
    assert event.location_consented is False
    assert event.division == org.a
    assert event.prefecture_code == ""
    assert event.latitude is None


def test_hot_path_query_count_is_locked(anon, codes):
    code = codes[CodeStatus.ACTIVE].code
    check(anon, code)  # warm caches (content types, etc.)
    with CaptureQueriesContext(connection) as genuine:
        assert check(anon, code).json()["verdict"] == "genuine"
    with CaptureQueriesContext(connection) as unknown:
        assert check(anon, "12345ZZ54321ZZ").json()["verdict"] == "unknown"
    # one SELECT (code, product, batch, suspect flag and the clone-window counts) + the scan INSERT.
    assert len(genuine.captured_queries) == 2, [q["sql"] for q in genuine.captured_queries]
    assert len(unknown.captured_queries) == 2, [q["sql"] for q in unknown.captured_queries]


def test_more_than_max_networks_makes_a_code_suspect(anon, codes, settings, org):
    settings.CLONE_MAX_NETWORKS = 5
    code = codes[CodeStatus.ACTIVE].code
    for n in range(5):
        assert check(anon, code, ip=f"198.51.{n}.10").json()["verdict"] == "genuine"
    # the same networks again do not count twice
    assert check(anon, code, ip="198.51.0.99").json()["verdict"] == "genuine"
    data = check(anon, code, ip="198.51.77.10").json()
    assert data["verdict"] == "suspect"
    assert data["suspect_reason"] == "networks"
    assert "12315" in data["message"]
    flag = SuspectCode.objects.get(code=code)
    assert flag.detail["networks"] == 6
    assert flag.clue.department == org.dept(org.a, "market")
    # stays suspect, from any network, without a second clue
    assert check(anon, code, ip="192.0.2.1").json()["verdict"] == "suspect"
    assert Clue.objects.filter(dedupe_key=f"scan:{code}").count() == 1


def test_more_than_max_prefectures_makes_a_code_suspect_and_routes_where_seen(anon, codes, settings, org):
    settings.CLONE_MAX_PREFECTURES = 3
    code = codes[CodeStatus.ACTIVE].code
    p = org.p
    prefectures = [org.pc] + [
        DivisionFactory(code=f"98{n}000", name=f"测试市{n}", level="prefecture", parent=p)
        for n in range(2, 5)
    ]
    for pref in prefectures[:3]:
        assert check(anon, code, ip="198.51.100.1", division=pref.code).json()["verdict"] == "genuine"
    # a county of an already-seen prefecture is the same prefecture
    assert check(anon, code, ip="198.51.100.1", division=org.b.code).json()["verdict"] == "genuine"
    data = check(anon, code, ip="198.51.100.1", division=prefectures[3].code).json()
    assert data["verdict"] == "suspect" and data["suspect_reason"] == "prefectures"
    flag = SuspectCode.objects.get(code=code)
    assert flag.division == prefectures[3]
    assert flag.clue.division == prefectures[3]


def test_scans_outside_the_window_do_not_count(anon, codes, settings):
    settings.CLONE_MAX_NETWORKS = 2
    settings.CLONE_WINDOW_DAYS = 30
    code = codes[CodeStatus.ACTIVE].code
    old = timezone.now() - dt.timedelta(days=31)
    for n in range(5):
        ScanEvent.objects.create(created_at=old, code=code, verdict="genuine", network=f"192.0.{n}.0/24")
    assert check(anon, code, ip="198.51.100.1").json()["verdict"] == "genuine"
    assert check(anon, code, ip="198.51.101.1").json()["verdict"] == "genuine"
    assert check(anon, code, ip="198.51.102.1").json()["verdict"] == "suspect"


def test_cleared_suspect_answers_genuine_and_restarts_the_window(anon, codes, settings, as_user, org):
    settings.CLONE_MAX_NETWORKS = 2
    code = codes[CodeStatus.ACTIVE].code
    for n in range(3):
        check(anon, code, ip=f"198.51.{n}.1")
    flag = SuspectCode.objects.get(code=code)
    response = as_user(org.officer_a).post(
        f"/api/v1/verify/suspects/{flag.pk}/clear/", {"note": "检查组集中扫码"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cleared"
    anon.logout()
    assert check(anon, code, ip="198.51.0.1").json()["verdict"] == "genuine"
    assert check(anon, code, ip="198.51.1.1").json()["verdict"] == "genuine"
    assert check(anon, code, ip="198.51.5.1").json()["verdict"] == "suspect"


def test_officer_of_another_county_cannot_clear(anon, codes, settings, as_user, org):
    settings.CLONE_MAX_NETWORKS = 0
    code = codes[CodeStatus.ACTIVE].code
    check(anon, code)
    flag = SuspectCode.objects.get(code=code)
    response = as_user(org.officer_b).post(f"/api/v1/verify/suspects/{flag.pk}/clear/", {"note": "x"})
    assert response.status_code == 404


def test_rate_limit_answers_429_json(anon, codes, settings):
    settings.VERIFY_RATE_LIMIT = "3/m"
    code = codes[CodeStatus.ACTIVE].code
    statuses = [check(anon, code, ip="198.51.100.1").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    limited = check(anon, code, ip="198.51.100.2")  # same /24
    assert limited.status_code == 429
    assert "detail" in limited.json()
    assert limited["Retry-After"]
    assert check(anon, code, ip="198.51.101.1").status_code == 200  # another network
    assert ScanEvent.objects.count() == 4  # the refused one was not logged


def test_rate_limit_off_with_zero(anon, codes, settings):
    settings.VERIFY_RATE_LIMIT = "0"
    for _ in range(5):
        assert check(anon, codes[CodeStatus.ACTIVE].code).status_code == 200


def test_label_signature_valid_and_forged(anon, codes, signing_key):
    from zhenwei.verify.labels import label_url

    code = codes[CodeStatus.ACTIVE].code
    url = label_url(code)
    assert url.startswith("http://127.0.0.1:8000/verify/p/" + code + "?k=" + signing_key.kid + "&s=")
    mac = url.rsplit("s=", 1)[1]
    assert len(mac) == 16
    good = check(anon, code, k=signing_key.kid, s=mac).json()
    assert good["label_valid"] is True and good["verdict"] == "genuine"
    forged_mac = ("A" if mac[0] != "A" else "B") + mac[1:]
    bad = check(anon, code, k=signing_key.kid, s=forged_mac).json()
    assert bad["label_valid"] is False
    assert bad["verdict"] == "suspect"
    assert "伪造" in bad["message"]
    other_code = codes[CodeStatus.REVOKED].code
    assert check(anon, other_code, k=signing_key.kid, s=mac).json()["label_valid"] is False
    assert check(anon, code, k="zwnokey", s=mac).json()["label_valid"] is False


def test_label_of_a_revoked_key_fails(anon, codes, signing_key):
    from zhenwei.verify.keys import key_revoke
    from zhenwei.verify.labels import label_url

    code = codes[CodeStatus.ACTIVE].code
    mac = label_url(code).rsplit("s=", 1)[1]
    key_revoke(key=signing_key, actor="test", reason="leaked")
    assert check(anon, code, k=signing_key.kid, s=mac).json()["label_valid"] is False


def test_answer_never_contains_staff_only_fields(anon, codes):
    data = check(anon, codes[CodeStatus.ACTIVE].code).json()
    text = str(data)
    assert "division" not in data["product"]
    assert "uscc" not in text
