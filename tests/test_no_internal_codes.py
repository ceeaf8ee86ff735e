"""No internal code on a staff page: people read labels (台账), not ``registry``, ``cooperate`` or
``cases.clues``.

The demo data set (every app's records at every stage) is loaded, and for each working role the staff
site is crawled from the workbench by its own links (a few pages of each URL shape, so every list and
every kind of detail page is seen once or twice). The visible text of ``<main>`` must hold none of:
the platform's choice values (TextChoices codes such as ``cooperate``, ``lookalike``), its app labels
(``webwatch``), and its metric keys (``cases.clues``). Record data that happens to spell a code is rare
in the Chinese demo; the few legitimate words are allow-listed below with the reason.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.apps import apps
from django.test import Client

from zhenwei.core.choices import Role
from zhenwei.core.models import Membership

pytestmark = [pytest.mark.dates, pytest.mark.django_db]

ROLES = [Role.INSPECTOR, Role.CAMPAIGN_OFFICE, Role.OFFICER, Role.HOTLINE_OPERATOR]
PAGES_PER_ROLE = 220
PER_SHAPE = 2
# Words that are codes somewhere but also ordinary text people may see.
ALLOWED = {
    "ccc",  # 3C (强制性产品认证) is printed on labels and certificates as "CCC" and read as such
    "import",  # the operator's command `zhenwei import listings …` printed on the listings page
    "demo",  # an app label with no records: the audit log names the demo loader ("demo") and its command
    "sms",
    "pdf",
    "csv",
    "xlsx",
    "http",
    "https",
    "www",
    "com",
    "cn",
}
# Pages that are files or machine answers, not pages people read.
SKIP = re.compile(r"\.(csv|xlsx|pdf|json|png|zip)$|/export|/download|/api/|/pdf|/badge|/logout")
TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:\.[a-z][a-z0-9_]*)?")


def internal_codes() -> set[str]:
    """Choice values that differ from their label, app labels and metric keys."""
    codes: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("zhenwei."):
            continue
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or []:
                if (
                    isinstance(value, str)
                    and re.fullmatch(r"[a-z][a-z0-9_]{2,}", value)
                    and value != str(label)
                ):
                    codes.add(value)
    codes |= {c.label for c in apps.get_app_configs() if c.name.startswith("zhenwei.")}
    from zhenwei.reports import metrics

    codes |= {k for k in metrics.REGISTRY if "." in k}
    from zhenwei.catalog.choices import RoutingRole

    codes |= set(RoutingRole.values)
    return codes - ALLOWED


class _Page(HTMLParser):
    """Visible text inside <main> (no attributes, scripts or styles) and the links of the page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.skip = 0
        self.text: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
        elif tag in ("script", "style", "template"):
            self.skip += 1
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/staff/"):
                self.links.append(urldefrag(href)[0])

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1
        elif tag in ("script", "style", "template"):
            self.skip -= 1

    def handle_data(self, data):
        if self.depth > 0 and not self.skip:
            self.text.append(data)


def _shape(url: str) -> str:
    """The URL with its numbers and query values left out: ``/staff/reports/form/x/500235/2026-09/``
    and ``…/2026-08/`` are one shape (the months of one form), as two cases are."""
    parts = urlsplit(url)
    return re.sub(r"\d+", "<n>", parts.path) + (
        "?" + re.sub(r"=[^&]*", "=", parts.query) if parts.query else ""
    )


def _crawl(client: Client, codes: set[str]) -> tuple[list[str], int]:
    queue, seen_shapes, visited, problems = ["/staff/"], Counter(), set(), []
    while queue and len(visited) < PAGES_PER_ROLE:
        url = queue.pop(0)
        if url in visited or SKIP.search(url):
            continue
        shape = _shape(url)
        if seen_shapes[shape] >= PER_SHAPE:
            continue
        seen_shapes[shape] += 1
        visited.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = _Page()
        page.feed(response.content.decode())
        text = " ".join(page.text)
        found = sorted({t for t in TOKEN.findall(text) if t in codes})
        if found:
            at = re.search(rf"\b{re.escape(found[0])}\b", text)
            around = " ".join(text[max(0, at.start() - 40) : at.end() + 20].split()) if at else ""
            problems.append(f"{url}: {', '.join(found)} («{around}»)")
        queue.extend(link for link in page.links if link not in visited)
    return problems, len(visited)


def test_staff_pages_show_labels_not_internal_codes(demo_data, db):
    # The demo data is loaded in Chinese (conftest.demo_data), whatever language an earlier test left
    # active: English prose in the records would spell ordinary words that are also codes ("market", "product").
    codes = internal_codes()
    assert {"cooperate", "registry", "lookalike"} <= codes  # the detector knows what it looks for
    problems: list[str] = []
    for role in ROLES:
        membership = Membership.objects.filter(role=role, is_active=True).select_related("user").first()
        assert membership is not None, role
        client = Client()
        client.force_login(membership.user)
        found, walked = _crawl(client, codes)
        assert walked > 30, (role, walked)  # the crawl reached the staff site, not only the login page
        problems += [f"[{role}] {p}" for p in found]
    assert not problems, "internal codes shown to people:\n" + "\n".join(problems)
