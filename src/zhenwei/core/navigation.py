"""The staff sidebar: each app's ``nav_items`` grouped by task, filtered by what the user can do.

An app declares its entries as data on its AppConfig::

    nav_group = "cases"                      # the group of its 3-tuples (default: 工作台)
    nav_items = [
        (_("线索"), "cases:clue-list", "view"),                 # (label, url name, capability)
        (_("我的工作"), "cases:my-work", "view", "workbench"),  # … with its own group
    ]

The url name may carry a query (``"inspections:inspection-list?today=1"``). An entry whose capability
the user lacks (core/roles.py) is not shown; neither is a group left empty. An inspector's field work
(group ``field``) comes first for inspectors; for everyone else it sits just before 检查.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

from .access import user_scope
from .choices import Role

# The groups in their order (key, label): the tasks of a county office, not its org chart.
NAV_GROUPS: list[tuple[str, object]] = [
    ("workbench", _("工作台")),
    ("field", _("现场工作")),
    ("registry", _("台账")),
    ("inspect", _("检查")),
    ("cases", _("案件与移交")),
    ("tips", _("举报")),
    ("web", _("网络监测")),
    ("credit", _("信用")),
    ("campaigns", _("专项行动")),
    ("stats", _("统计")),
    ("admin", _("系统管理")),
]
DEFAULT_GROUP = "workbench"
_KNOWN = {key for key, _label in NAV_GROUPS}


@dataclass(frozen=True)
class NavEntry:
    """One link of the sidebar as an app declared it."""

    label: object
    url_name: str
    capability: str | None
    group: str
    app: str


def entries_of(config) -> list[NavEntry]:
    """An app's nav_items as NavEntry rows; old 3-tuples take the app's ``nav_group`` (or 工作台)."""
    default = getattr(config, "nav_group", DEFAULT_GROUP)
    out = []
    for item in getattr(config, "nav_items", []) or []:
        if isinstance(item, dict):
            label, url_name = item["label"], item["url"]
            capability, group = item.get("capability"), item.get("group", default)
        else:
            label, url_name, capability, *rest = item
            group = rest[0] if rest else default
        out.append(
            NavEntry(label, url_name, capability, group if group in _KNOWN else DEFAULT_GROUP, config.label)
        )
    return out


def all_entries() -> list[NavEntry]:
    entries: list[NavEntry] = []
    for app in settings.ZHENWEI_APPS:
        entries.extend(entries_of(apps.get_app_config(app.rsplit(".", 1)[1])))
    return entries


def _url(url_name: str) -> str | None:
    """The menu entry's address. Reversed once per URL conf and script prefix, not on every page:
    the menu has about forty entries and reversing them all was a sixth of a simple staff page."""
    return _reversed(url_name, get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)


@functools.lru_cache(maxsize=2048)
def _reversed(url_name: str, _prefix: str, urlconf, _root: str) -> str | None:
    name, _sep, query = url_name.partition("?")
    try:
        url = reverse(name, urlconf=urlconf)
    except NoReverseMatch:
        return None
    return f"{url}?{query}" if query else url


def group_order(scope) -> list[str]:
    """Group keys in the order this user sees them: field work first for inspectors."""
    keys = [key for key, _label in NAV_GROUPS]
    if Role.INSPECTOR in scope.roles and not scope.is_global:
        keys.remove("field")
        keys.insert(0, "field")
    return keys


def navigation(user, path: str = "") -> list[dict]:
    """[{key, label, items: [{label, url, active, app}]}] for the user, empty groups left out."""
    scope = user_scope(user)
    labels = dict(NAV_GROUPS)
    by_group: dict[str, list[dict]] = {key: [] for key in labels}
    seen: set[str] = set()
    for entry in all_entries():
        if entry.capability and not scope.can(entry.capability):
            continue
        url = _url(entry.url_name)
        if url is None or url in seen:
            continue
        seen.add(url)
        by_group[entry.group].append({"label": entry.label, "url": url, "app": entry.app})
    # The one link that matches the page best (longest path prefix) is marked current.
    best = max(
        (i for items in by_group.values() for i in items if path and _matches(path, i["url"])),
        key=lambda i: len(i["url"].partition("?")[0]),
        default=None,
    )
    groups = []
    for key in group_order(scope):
        items = by_group[key]
        if not items:
            continue
        for i in items:
            i["active"] = i is best
        groups.append(
            {"key": key, "label": labels[key], "items": items, "open": any(i["active"] for i in items)}
        )
    return groups


def _matches(path: str, url: str) -> bool:
    """The page is the link's, or below it (a case under the case list); the workbench only itself."""
    base = url.partition("?")[0]
    if path == base:
        return True
    return base.endswith("/") and path.startswith(base) and base != _url("core:home")
