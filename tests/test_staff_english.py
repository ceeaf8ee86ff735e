"""Every staff and public page reads in English when English is chosen: no Han character outside record data.

Generated from the URL registry (tests/matrix_support.py walks ``zhenwei.urls``): every pattern under
/staff/, /accounts/ and the public site (not /api/, /admin/ — Django's admin — or machine files) is
requested with GET, in English (the language cookie that the language switch sets, which
``LocaleMiddleware`` honours), on the demo data loaded once for the module: staff pages as the demo's
platform administrator (the broadest role), public pages anonymously. A page added tomorrow is walked
tomorrow.

Patterns with parameters are resolved by crawling: the links (``href``/``hx-get``/``action``) on the
pages already rendered are matched against each pattern, for several rounds; a pattern no page links to
falls back to the first record of the model its ``<int:pk>`` names. A pattern that still has no URL, or
that does not answer GET with an HTML page (a redirect, a file, a 405 for a POST-only action), is
skipped with the reason shown.

What counts as text: the visible text of the whole page (tags, ``<script>``/``<style>`` bodies and
attribute values stripped), plus the attributes a person reads (``placeholder``, ``title``,
``aria-label``, ``alt``, and the ``value`` of buttons).

The record-data rule: the demo data is Chinese (enterprise names, divisions, categories, report forms
maintained as data, what officials typed, texts the services wrote into records), so, on each page:

1. every whole value stored in the database (any text field, or string inside a JSON field, of any
   model but ``NOT_RECORD_DATA``; whitespace collapsed) that the page shows verbatim is taken out,
   longest first — the exact strings of records are data, even when one equals an interface label;
2. what Han text is left must be a Han run (maximal sequence of CJK characters) of a stored value
   (a value shown truncated, masked or joined with other text) — but not a msgid the catalogue
   translates (a label copied into some record must not hide the same label left untranslated in
   the interface), unless ``DATA_ALSO_MSGID`` lists it with the reason;
3. anything else is interface text that was not translated, and fails. Besides, the brand 真伪 and
   the language switch's 简体中文 (each language named in its own language) are allowed.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.test import Client
from django.urls import Resolver404, resolve

from .matrix_support import Endpoint, walk

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
MARKUP = re.compile(r"^\s*(?:#+|>|[-*+]|\d+[.、])\s*|\*\*|__")
# A name masked by core/masking.py (张* , 张*三, 欧**明): personal data of a record, shown masked.
MASKED_NAME = re.compile(r"[\u4e00-\u9fff]{1,2}\*+[\u4e00-\u9fff]?")
ALLOWED = {"真伪", "简体中文"}
# Han runs that are both stored record data and a catalogue msgid: allowed where they are data.
DATA_ALSO_MSGID: dict[str, str] = {}
SKIP_PREFIXES = ("api/", "admin/", ".well-known/", "healthz", "i18n/")
READ_ATTRS = ("placeholder", "title", "aria-label", "alt")
ROUNDS = 4
# Tables whose text the code writes from interface strings, not record data: permission names are
# "Can view <verbose_name>"; sessions hold encoded data.
NOT_RECORD_DATA = {"auth.Permission", "sessions.Session", "contenttypes.ContentType"}
STATS: Counter = Counter()
ARTIFACT = Path(__file__).resolve().parent.parent / "test-artifacts" / "english_walk.json"


def pages() -> list[Endpoint]:
    return [ep for ep in walk() if not ep.route.lstrip("^/").startswith(SKIP_PREFIXES)]


def is_staff(ep: Endpoint) -> bool:
    return ep.route.lstrip("^/").startswith(("staff/", "accounts/"))


class _Reader(HTMLParser):
    """Visible text of a page, plus the attributes a person reads, plus the links it holds."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.parts: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.skip += 1
        values = dict(attrs)
        for name in READ_ATTRS:
            if values.get(name):
                self.parts.append(values[name])
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.append(values["value"])
        for name in ("href", "hx-get", "action", "src"):
            if values.get(name):
                self.links.append(values[name])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def read(html: str) -> tuple[str, list[str]]:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return " ".join(" ".join(reader.parts).split()), reader.links


def _strings(value, out: set[str]) -> None:
    if isinstance(value, str):
        if HAN.search(value):
            out.add(" ".join(value.split()))
            if "\n" in value:  # shown line by line (linebreaks, Markdown): each line is a value too
                for line in value.splitlines():
                    line = MARKUP.sub("", line).strip()
                    if HAN.search(line):
                        out.add(" ".join(line.split()))
    elif isinstance(value, dict):
        for k, v in value.items():
            _strings(k, out)
            _strings(v, out)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _strings(v, out)


class RecordData:
    """The Han text stored in the database (any text field, or string in a JSON field, of any model but
    NOT_RECORD_DATA): whole values, and the Han runs they hold."""

    def __init__(self):
        values: set[str] = set()
        for model in apps.get_models():
            if model._meta.label in NOT_RECORD_DATA:
                continue
            fields = [
                f.attname
                for f in model._meta.concrete_fields
                if isinstance(f, (models.CharField, models.TextField, models.JSONField))
            ]
            if not fields:
                continue
            for row in model._default_manager.values_list(*fields).iterator(chunk_size=2000):
                _strings(list(row), values)
        self.by_run: dict[str, list[str]] = {}
        for value in values:
            for run in set(HAN.findall(value)):
                self.by_run.setdefault(run, []).append(value)
        self.runs = set(self.by_run)

    def strip(self, text: str) -> str:
        """``text`` without the whole record values it shows (longest first), the beginnings of values
        shown truncated ("…"), and masked names."""
        text = MASKED_NAME.sub(" ", text)
        candidates: set[str] = set()
        for run in set(HAN.findall(text)):
            candidates.update(v for v in self.by_run.get(run, ()) if len(v) <= len(text) + 200)
        # truncatechars/truncatewords: a value's first characters followed by an ellipsis
        pieces = text.split("…")
        for i, piece in enumerate(pieces[:-1]):
            for value in sorted(candidates, key=len, reverse=True):
                size = next(
                    (n for n in range(min(len(value), len(piece)), 3, -1) if piece.endswith(value[:n])), 0
                )
                if size:
                    pieces[i] = piece[:-size] + " "
                    break
        text = " ".join(pieces)
        for value in sorted(candidates, key=len, reverse=True):
            if value in text:
                text = text.replace(value, " ")
        return text


def catalogue_msgids() -> set[str]:
    import polib

    po = polib.pofile(str(Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"))
    return {e.msgid for e in po if e.msgstr and not e.obsolete}


PAGES = pages()
RESULTS: dict[str, tuple[str, str | None, list[str]]] = {}  # route → (url, skip reason, untranslated)


def _url_name(ep: Endpoint) -> str:
    return f"{ep.namespace}:{ep.name}" if ep.namespace else ep.name


def _context(text: str, run: str, width: int = 30) -> str:
    at = text.find(run)
    return f"{run} ← …{text[max(0, at - width) : at + len(run) + width]}…"


def _identity_code() -> str | None:
    from zhenwei.registry.models import IdentityCode

    return IdentityCode.objects.order_by("pk").values_list("code", flat=True).first()


# Values for parameters that are not a record's pk and that no page links to (the public label page is
# reached by scanning a label's QR code, not by a link).
PARAM_VALUES = {("verify/p/<str:code>", "code"): _identity_code}


def _fallback_url(ep: Endpoint, user) -> str | None:
    from zhenwei.core.access import restrict

    values = ep.sample_values()
    for param in ep.params:
        known = PARAM_VALUES.get((ep.route.lstrip("^/"), param))
        if known is not None:
            value = known()
            if value is None:
                return None
            values[param] = value
            continue
        if ep.converters.get(param) != "int":
            return None
        model = ep.model_for(param)
        if model is None:
            return None
        qs = restrict(model._default_manager.all(), user, "view")
        pk = qs.order_by("pk").values_list("pk", flat=True).first()
        if pk is None:
            return None
        values[param] = pk
    return ep.url(**values)


def _walk(staff: Client, public: Client, admin, data: RecordData, allowed: set[str]) -> None:
    todo = {ep.route: ep for ep in PAGES}
    seen_links: set[str] = set()
    started = time.monotonic()

    def render(ep: Endpoint, url: str) -> None:
        client = staff if is_staff(ep) else public
        response = client.get(url)
        STATS["requests"] += 1
        kind = response.get("Content-Type", "")
        if response.status_code != 200 or "text/html" not in kind:
            RESULTS[ep.route] = (url, f"GET answers {response.status_code} {kind.split(';')[0]}", [])
            return
        html = response.content.decode()
        text, links = read(html)
        seen_links.update(links)
        stripped = data.strip(text)
        bad = sorted({r for r in HAN.findall(stripped) if r not in allowed})
        # each untranslated run with the text around it, to find where it comes from
        RESULTS[ep.route] = (url, None, [_context(stripped, run) for run in bad])
        STATS["pages_read"] += 1

    for ep in [ep for ep in PAGES if not ep.params]:
        render(ep, ep.url())
        todo.pop(ep.route)
    for _ in range(ROUNDS):
        found = {}
        for link in sorted(seen_links):
            path = urlsplit(link).path
            if not path.startswith("/"):
                continue
            try:
                match = resolve(path)
            except Resolver404:
                continue
            if match.route in todo and match.route not in found:
                found[match.route] = path
        if not found:
            break
        for route, path in found.items():
            render(todo.pop(route), path)
    for route, ep in list(todo.items()):
        url = _fallback_url(ep, admin)
        if url is None:
            RESULTS[route] = ("", "no page links to it and no record resolves its parameters", [])
        else:
            render(ep, url)
    STATS["seconds"] = int(time.monotonic() - started)


@pytest.fixture(scope="module")
def walked(demo_data, django_db_blocker):
    """The demo data, every page rendered once in English; rolled back after the module."""
    from zhenwei.core.models import User

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            admin = User.objects.get(username="admin")
            data = RecordData()
            msgids = catalogue_msgids()
            allowed = (data.runs - (msgids - set(DATA_ALSO_MSGID))) | ALLOWED
            staff = Client(raise_request_exception=False)
            staff.force_login(admin)
            public = Client(raise_request_exception=False)
            for client in (staff, public):
                client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
            _walk(staff, public, admin, data, allowed)
            ARTIFACT.parent.mkdir(exist_ok=True)
            ARTIFACT.write_text(
                json.dumps(
                    {"stats": dict(STATS), "data_and_msgid": sorted(data.runs & msgids), "pages": RESULTS},
                    indent=1,
                    ensure_ascii=False,
                )
            )
            yield RESULTS
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_reader_sees_text_and_read_attributes_not_scripts():
    text, links = read(
        '<p title="标题">Hi <b>there</b></p><input placeholder="请输入"><script>var a="脚本"</script>'
        '<a href="/staff/cases/">x</a><input type="submit" value="保存"><input type="hidden" value="隐藏">'
    )
    assert "Hi there" in text and "标题" in text and "请输入" in text and "保存" in text
    assert "脚本" not in text and "隐藏" not in text
    assert links == ["/staff/cases/"]


def test_language_names_are_each_in_their_own_language(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/").content.decode()
    assert "English" in html and "简体中文" in html
    assert "英语" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("ep", PAGES, ids=str)
def test_page_in_english_has_no_untranslated_text(ep, walked):
    url, skipped, untranslated = walked[ep.route]
    if skipped:
        pytest.skip(f"{_url_name(ep)}: {skipped}")
    assert untranslated == [], f"{url} shows untranslated text: {untranslated}"


@pytest.mark.django_db
def test_the_walk_reached_the_pages(walked):
    """Enough pages were read for the walk to mean something (guards against a login or fixture failure
    skipping everything)."""
    read_pages = [r for r, (_, skipped, _) in walked.items() if not skipped]
    assert len(read_pages) >= 0.6 * len(PAGES), {r: s for r, (_, s, _) in walked.items() if s}


def test_words_with_two_meanings_have_their_own_english():
    """变更为 on a case is a transition ("Change to"), not the audit log's "Changes"; a case's 已撤销 is
    "Dismissed", a certificate's "Revoked"; the language switch names each language in itself."""
    from django.utils import translation

    from zhenwei.cases.choices import CaseStatus
    from zhenwei.registry.choices import CertificateStatus

    with translation.override("en"):
        assert translation.gettext("变更为") == "Change to"
        assert translation.pgettext("apply a state change", "变更") == "Change"
        assert translation.gettext("变更") == "Changes"
        assert str(CaseStatus.DISMISSED.label) == "Dismissed"
        assert str(CertificateStatus.REVOKED.label) == "Revoked"
        assert dict(settings.LANGUAGES) == {"zh-hans": "简体中文", "en": "English"}
    with translation.override("zh-hans"):
        assert translation.gettext("变更为") == "变更为"
        assert dict(settings.LANGUAGES)["en"] == "English"


def test_catalogue_is_complete():
    """Every msgid of the English catalogue has its English (a string added without one fails here once
    `makemessages` has run)."""
    import polib

    po = polib.pofile(str(Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"))
    missing = [
        e.msgid for e in po if not e.obsolete and not (e.msgstr or e.msgstr_plural) or "fuzzy" in e.flags
    ]
    assert missing == []
