"""URL verdicts through the command and the API, against the seeded registry (data migration)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from zhenwei.core.tests.properties import examples
from zhenwei.webwatch.lookalike import Checker, MalformedURL, official_from_host, skeleton


def run_check(*urls):
    out = StringIO()
    code = 0
    try:
        call_command("webwatch", "check-url", *urls, stdout=out)
    except SystemExit as exc:
        code = exc.code
    return [json.loads(line) for line in out.getvalue().splitlines()], code


CASES = [
    # url, verdict, imitates, reasons that must be present
    ("https://cx.mem.gov.cn/", "official", "cx.mem.gov.cn", []),
    ("http://www.mem.gov.cn/xw/", "official", "mem.gov.cn", []),
    ("CX.MEM.GOV.CN.", "official", "cx.mem.gov.cn", []),
    ("xn--mm-nlc.gov.cn", "lookalike", "mem.gov.cn", ["punycode", "homoglyph"]),  # Cyrillic е
    ("http://mеm.gov.cn/", "lookalike", "mem.gov.cn", ["punycode", "homoglyph"]),  # same, typed in Unicode
    ("http://cx.rnem.gov.cn/query", "lookalike", "cx.mem.gov.cn", ["homoglyph"]),  # rn looks like m
    ("sarnr.gov.cn", "lookalike", "samr.gov.cn", ["homoglyph"]),
    ("http://cx.mem.gov.cn.zhengshu-cx.com/", "lookalike", "cx.mem.gov.cn", ["official_name_in_subdomain"]),
    ("mem.gov.cn-zs.com", "lookalike", "mem.gov.cn", ["official_name_in_subdomain"]),
    ("https://mem-gov-cn.cert-query.top/", "lookalike", "mem.gov.cn", ["official_name_in_subdomain"]),
    ("http://cx.mem.gov.cn@evil.example.com/", "lookalike", "cx.mem.gov.cn", ["official_name_in_subdomain"]),
    ("cx-mem.com", "lookalike", "cx.mem.gov.cn", ["added_words"]),
    ("http://memcx.cn", "lookalike", "mem.gov.cn", ["added_words"]),
    ("mem.com.cn", "lookalike", "mem.gov.cn", ["tld_swap"]),
    ("samr.com", "lookalike", "samr.gov.cn", ["tld_swap"]),
    ("ccfc.com.cn", "lookalike", "cccf.com.cn", ["typo"]),
    ("http://应急管理部证书查询.com/", "lookalike", "mem.gov.cn", ["punycode", "official_name"]),
    ("http://www.baidu.com/", "unrelated", None, []),
    ("member.com", "unrelated", None, []),
    ("mee.gov.cn", "unrelated", None, []),  # another ministry: a typo under gov.cn is not believed
    ("http://10.0.0.1/", "unrelated", None, []),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url,verdict,imitates,reasons", CASES, ids=[c[0] for c in CASES])
def test_check_url_verdicts(url, verdict, imitates, reasons):
    (answer,), code = run_check(url)
    assert code == 0
    assert set(answer) == {"url", "verdict", "imitates", "reasons"}
    assert answer["url"] == url
    assert answer["verdict"] == verdict
    assert answer["imitates"] == imitates
    assert set(reasons) <= set(answer["reasons"]), answer["reasons"]
    if verdict != "lookalike":
        assert answer["reasons"] == []


@pytest.mark.django_db
def test_malformed_urls_give_an_error_line_not_a_traceback():
    bad = [
        "",
        "exa mple.com",
        "ftp://mem.gov.cn/",
        "http://a..b.com",
        "xn--zz.com",
        "http://h:99999/",
        "http://",
    ]
    answers, code = run_check("cx.mem.gov.cn", *bad)
    assert code == 1
    assert answers[0]["verdict"] == "official"
    assert len(answers) == 1 + len(bad)
    for answer in answers[1:]:
        assert answer["verdict"] == "error" and answer["error"]


@pytest.mark.django_db
def test_registry_edits_change_verdicts(org):
    from zhenwei.webwatch.services import official_domain_save

    (before,), _ = run_check("zhengshu.cq.gov.cn")
    assert before["verdict"] == "unrelated"
    official_domain_save(
        host="zhengshu.cq.gov.cn", name="重庆证书查询", actor=org.admin, is_verification=True
    )
    (after,), _ = run_check("zhengshu.cq.gov.cn")
    assert after["verdict"] == "official"
    (fake,), _ = run_check("zhengshu.cq.gov.cn.cha-xun.com")
    assert fake["verdict"] == "lookalike" and fake["imitates"] == "zhengshu.cq.gov.cn"


@pytest.mark.django_db
def test_only_administrators_edit_the_registry(org):
    from django.core.exceptions import PermissionDenied

    from zhenwei.webwatch.services import official_domain_save

    with pytest.raises(PermissionDenied):
        official_domain_save(host="fake.gov.cn", name="x", actor=org.office_p)


def test_platform_host_from_settings_is_official(settings, db):
    settings.SITE_URL = "https://zhenwei.example.cn"
    (official, fake), _ = run_check("https://zhenwei.example.cn/verify/x", "zhenwei.example.cn.verify.top")
    assert official["verdict"] == "official"
    assert fake["verdict"] == "lookalike" and fake["imitates"] == "zhenwei.example.cn"


def test_checker_without_database():
    checker = Checker([official_from_host("cx.mem.gov.cn"), official_from_host("mem.gov.cn")])
    assert checker.check("mem.gov.cn").verdict == "official"
    with pytest.raises(MalformedURL):
        checker.check("http://exa mple.com")
    assert skeleton("rnеm") == "mem"  # rn and Cyrillic е


@pytest.mark.django_db
def test_check_url_api_for_staff_only(org, as_user, api_client):
    assert api_client.post(
        "/api/v1/webwatch/check-url/", {"urls": ["mem.gov.cn"]}, format="json"
    ).status_code in (
        401,
        403,
    )
    response = as_user(org.officer_a).post(
        "/api/v1/webwatch/check-url/", {"urls": ["cx.rnem.gov.cn", "not a url"]}, format="json"
    )
    assert response.status_code == 200
    first, second = response.json()
    assert first["verdict"] == "lookalike" and first["explanations"]
    assert second["verdict"] == "error"


_PROPERTY_CHECKER = None


def _property_checker():
    global _PROPERTY_CHECKER
    if _PROPERTY_CHECKER is None:
        _PROPERTY_CHECKER = Checker(
            [official_from_host(h) for h in ("cx.mem.gov.cn", "mem.gov.cn", "samr.gov.cn", "cccf.com.cn")]
        )
    return _PROPERTY_CHECKER


@hypothesis_settings(max_examples=examples(300), deadline=None)
@given(
    st.one_of(st.text(max_size=80), st.from_regex(r"(https?://)?[a-zа-я0-9.\-@:%_]{0,40}", fullmatch=True))
)
def test_any_input_gives_a_verdict_or_malformed_url(text):
    try:
        result = _property_checker().check(text)
    except MalformedURL as exc:
        assert str(exc)
    else:
        assert result.verdict in ("official", "lookalike", "unrelated")
