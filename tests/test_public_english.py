"""The citizen-facing pages read in English when English is selected, and in Chinese by default.

Each page is requested without record data (no products, tips or disclosures in the database), with the
language chosen the way the language switch in base.html chooses it (the language cookie, which
``LocaleMiddleware`` honours before Accept-Language). The visible text of ``<main>`` (tags, scripts, styles
and attribute values stripped) must hold no CJK characters except the allow-listed ones.
"""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")

# CJK text allowed on English pages: the brand name and the language switch's own name for Chinese.
ALLOWED = {"真伪", "简体中文"}

PUBLIC_PAGES = [
    "portal:home",
    "verify_public:product",
    "verify_public:certificate",
    "verify_public:qr",
    "tips_public:new",
    "tips_public:status",
    "webwatch_public:official-sites",
    "credit_public:index",
    "credit_public:disclosure-list",
    "credit_public:credit-list",
    "credit_public:guide-list",
]


class _TextOf(HTMLParser):
    """Visible text inside <main>: no tags, no attribute values, no <script>/<style> bodies."""

    def __init__(self, whole_page=False):
        super().__init__(convert_charrefs=True)
        self.depth = 1 if whole_page else 0
        self.skip = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
        elif tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1
        elif tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if self.depth > 0 and not self.skip:
            self.parts.append(data)


def visible_text(html, whole_page=False):
    parser = _TextOf(whole_page=whole_page)
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def cjk_left(text):
    return sorted({run for run in CJK.findall(text) if run not in ALLOWED})


def without_stored_records(text):
    """Drop the text of records seeded by migrations (official sites, anti-fraud guides): they are data,
    stored in Chinese only, not interface strings a catalogue can translate."""
    from zhenwei.credit.models import Guide
    from zhenwei.webwatch.models import OfficialDomain

    values = []
    for site in OfficialDomain.objects.all():
        values += [site.name, site.owner, site.how_to_tell]
    for guide in Guide.objects.all():
        values += [guide.title, guide.summary]
    for value in sorted(filter(None, values), key=len, reverse=True):
        text = text.replace(" ".join(value.split()), " ")
    return text


def test_helper_strips_tags_scripts_and_attributes():
    html = '<header>头</header><main><p title="标题">Hi <b>there</b></p><script>var a="脚本"</script><style>p{}</style></main>'
    assert visible_text(html) == "Hi there"
    assert cjk_left("Hello 真伪 世界") == ["世界"]


def test_language_cookie_is_what_locale_middleware_honours():
    assert "django.middleware.locale.LocaleMiddleware" in settings.MIDDLEWARE
    assert settings.LANGUAGE_CODE == "zh-hans"


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", PUBLIC_PAGES)
def test_public_page_in_english_has_no_chinese(client, url_name):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    main = without_stored_records(visible_text(html))
    assert main.strip(), "no <main> text"
    assert cjk_left(main) == [], main
    # The shell around <main> (title, brand, login link) is English too.
    assert cjk_left(without_stored_records(visible_text(html, whole_page=True))) == []


@pytest.mark.django_db
def test_accept_language_english_also_works(client):
    response = client.get(reverse("verify_public:product"), HTTP_ACCEPT_LANGUAGE="en")
    assert cjk_left(visible_text(response.content.decode())) == []
    assert "Check a product" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", PUBLIC_PAGES)
def test_public_page_default_is_chinese(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert len("".join(CJK.findall(visible_text(html)))) > 10


@pytest.mark.django_db
def test_known_english_wording(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Check a product" in client.get(reverse("verify_public:product")).content.decode()
    assert "Report" in client.get(reverse("tips_public:new")).content.decode()
    home = client.get(reverse("portal:home")).content.decode()
    assert "12315" in home


def test_verdict_messages_follow_the_language(client, db):
    """The advice that comes with a verdict is in the visitor's language; Chinese stays the default."""
    url = "/api/v1/verify/product/12345ZZ54321ZZ"
    chinese = client.get(url).json()["message"]
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()["message"]
    assert "查无此编码" in chinese
    assert english.startswith("This code is not on the platform") and "12315" in english
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in english)
    answer = client.post(
        "/api/v1/verify/certificate",
        {"number": "T000000000000000", "name": "张三"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    ).json()
    assert answer["verdict"] == "unknown" and answer["message"].startswith("No such certificate")
