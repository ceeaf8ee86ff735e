"""Content-Security-Policy without 'unsafe-inline' (docs/security.md, T8).

Every page a logged-in officer and the public can reach is rendered on the demo data: the start
points are every GET route without parameters (from the URL resolver, so a new page is covered the
day it lands), then every same-site link and ``hx-get`` found in the pages is followed, up to two
URLs per route (records of the officer's own county, found through the pages themselves). Each HTML
answer must carry a policy whose script-src and style-src hold a fresh nonce and no
'unsafe-inline', and its markup must hold no inline script or <style> without that nonce, no
``on…=`` event-handler attribute (nor htmx's ``hx-on``), no ``style=""`` attribute and no
``javascript:`` URL.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

# Script types a browser does not execute (data blocks such as Django's json_script): CSP does not
# apply to them, so they need no nonce.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "hx-get", "hx-post"}
# Not pages: the admin (Django's own templates, administrators only), the API (JSON; the
# browsable renderer is for developers), logout and language switch (POST only), health check.
SKIP_PREFIXES = ("/admin/", "/api/", "/accounts/logout/", "/i18n/", "/healthz", "/static/", "/media")
PER_ROUTE = 2
MAX_REQUESTS = 600
FIGURES: Counter = Counter()


class _Markup(HTMLParser):
    """Collects what the policy cares about: script and style elements, handler and style
    attributes, javascript: URLs, and the links to follow."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[dict] = []
        self.styles: list[dict] = []
        self.problems: list[str] = []
        self.links: list[str] = []
        self._open_script: dict | None = None

    def handle_starttag(self, tag, attrs):
        values = {name.lower(): (value or "") for name, value in attrs}
        where = f"<{tag}{' id=' + values['id'] if 'id' in values else ''}>"
        for name, value in values.items():
            bare = name.removeprefix("data-")
            if name.startswith("on") or bare.startswith("hx-on"):
                self.problems.append(f"{where} has event-handler attribute {name}={value[:40]!r}")
            if name == "style":
                self.problems.append(f"{where} has style={value[:40]!r}")
            if name in URL_ATTRIBUTES and re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"{where} has {name}={value[:40]!r}")
        if tag == "script":
            self._open_script = {"attrs": values, "text": ""}
            self.scripts.append(self._open_script)
        elif tag == "style":
            self.styles.append(values)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        for name in ("hx-get", "data-hx-get"):
            if values.get(name):
                self.links.append(values[name])

    def handle_data(self, data):
        if self._open_script is not None:
            self._open_script["text"] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._open_script = None


def policy_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def csp_problems(html: str, header: str) -> list[str]:
    """What in one HTML answer and its Content-Security-Policy header breaks the strict policy."""
    problems = []
    directives = policy_directives(header)
    nonces = set()
    for name in ("script-src", "style-src"):
        sources = directives.get(name)
        if sources is None:
            problems.append(f"policy has no {name}")
            continue
        if "'unsafe-inline'" in sources:
            problems.append(f"{name} allows 'unsafe-inline'")
        if "'unsafe-eval'" in sources:
            problems.append(f"{name} allows 'unsafe-eval'")
        found = {s[len("'nonce-") : -1] for s in sources if s.startswith("'nonce-") and s.endswith("'")}
        if len(found) != 1 or len(next(iter(found))) < 16:
            problems.append(f"{name} has no single nonce of at least 16 characters: {sources}")
        nonces |= found
    markup = _Markup()
    markup.feed(html)
    markup.close()
    problems.extend(markup.problems)
    for script in markup.scripts:
        attrs = script["attrs"]
        if "src" in attrs:
            if not attrs["src"].startswith("/") or attrs["src"].startswith("//"):
                problems.append(f"script from another origin: {attrs['src']}")
            continue
        if attrs.get("type", "").lower() in DATA_SCRIPT_TYPES:
            continue
        if attrs.get("nonce") not in nonces:
            problems.append(f"inline <script> without the nonce: {script['text'].strip()[:60]!r}")
    for style in markup.styles:
        if style.get("nonce") not in nonces:
            problems.append("<style> without the nonce")
    return problems


def _start_points() -> list[str]:
    """Every route without parameters (the resolver, not a hand list)."""
    found = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and not pattern.pattern.regex.groupindex:
                if "<" in route or "(" in route or "\\" in route:
                    continue
                found.append("/" + route.replace("^", "").replace("$", "").lstrip("/"))

    walk(get_resolver().url_patterns)
    return [url for url in dict.fromkeys(found) if not url.startswith(SKIP_PREFIXES)]


def _crawl(client: Client, who: str) -> tuple[dict[str, list[str]], set[str]]:
    """Render every reachable page; returns problems per URL and the routes rendered."""
    queue = ["/", *_start_points()]
    seen: set[str] = set()
    per_route: Counter = Counter()
    problems: dict[str, list[str]] = {}
    routes: set[str] = set()
    while queue and FIGURES[f"{who}_requests"] < MAX_REQUESTS:
        url = queue.pop(0)
        if url in seen or url.startswith(SKIP_PREFIXES):
            continue
        seen.add(url)
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            continue
        if per_route[match.route] >= PER_ROUTE:
            continue
        per_route[match.route] += 1
        FIGURES[f"{who}_requests"] += 1
        response = client.get(url)
        if response.status_code >= 500:
            problems[url] = [f"answered {response.status_code}"]
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        routes.add(match.route)
        html = response.content.decode()
        found = csp_problems(html, response.get("Content-Security-Policy", ""))
        if found:
            problems[url] = found
        markup = _Markup()
        markup.feed(html)
        for link in markup.links:
            link = urldefrag(link).url
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            queue.append(link)
    return problems, routes


@pytest.fixture(scope="module")
def demo(demo_data, django_db_blocker):
    """The demo data inside one transaction rolled back after the module."""
    from django.contrib.auth import get_user_model

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield {"officer": get_user_model().objects.get(username="yy_officer")}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.parametrize("who", ["officer", "public"])
def test_every_reachable_page_keeps_to_the_strict_policy(who, demo, db):
    client = Client()
    if who == "officer":
        client.force_login(demo["officer"])
    problems, routes = _crawl(client, who)
    # The walk must really have reached the pages, or the assertion below proves nothing.
    assert len(routes) >= (80 if who == "officer" else 12), sorted(routes)
    if who == "officer":
        assert any(r.startswith("staff/") and "<int:" in r for r in routes), "no record page rendered"
    assert not problems, "\n".join(f"{url}: {'; '.join(p)}" for url, p in sorted(problems.items()))


def test_the_checker_finds_what_the_policy_forbids():
    header = "default-src 'self'; script-src 'self' 'nonce-abcdefghijklmnopqrstuv'; style-src 'self' 'nonce-abcdefghijklmnopqrstuv'"
    clean = (
        '<script src="/static/x.js"></script><script nonce="abcdefghijklmnopqrstuv">go()</script>'
        '<script type="application/json" id="d">{"a": 1}</script>'
        '<style nonce="abcdefghijklmnopqrstuv">p{}</style><a href="/x/">x</a>'
    )
    assert csp_problems(clean, header) == []
    dirty = (
        '<script>alert(1)</script><script nonce="wrong">x()</script><style>p{}</style>'
        '<button onclick="x()">b</button><select onChange="this.form.submit()"></select>'
        '<div hx-on:click="x()"></div><p style="color:red">p</p>'
        '<a href=" JavaScript:alert(1)">a</a><form action="javascript:void(0)"></form>'
        '<script src="https://cdn.example.com/x.js"></script>'
    )
    found = csp_problems(dirty, header)
    assert len(found) == 10, found
    weak = header.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    assert "script-src allows 'unsafe-inline'" in csp_problems(clean, weak)
    assert "style-src has no single nonce" in " ".join(
        csp_problems(clean, "script-src 'self'; style-src 'self'")
    )


def test_each_answer_gets_a_fresh_nonce_that_the_page_uses(client, db):
    first = client.get("/tips/new/")  # carries a <style> with the nonce (tips/_styles.html)
    second = client.get("/tips/new/")
    nonce = policy_directives(first["Content-Security-Policy"])["script-src"][1]
    assert nonce.startswith("'nonce-")
    assert nonce != policy_directives(second["Content-Security-Policy"])["script-src"][1]
    html = first.content.decode()
    value = nonce.removeprefix("'nonce-").removesuffix("'")
    assert f'<style nonce="{value}">' in html
    assert csp_problems(html, first["Content-Security-Policy"]) == []
    assert csp_problems(html, second["Content-Security-Policy"]) == ["<style> without the nonce"]
