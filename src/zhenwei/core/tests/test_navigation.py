"""The staff sidebar: grouped by task, only what the role can use, field work first for inspectors,
old (label, url, capability) entries still accepted, accessible on a phone (menu button)."""

import re
from types import SimpleNamespace

from django.test import Client

from zhenwei.core.navigation import DEFAULT_GROUP, entries_of, navigation


def _labels(groups):
    return {str(g["label"]): [str(i["label"]) for i in g["items"]] for g in groups}


def test_old_three_tuples_take_the_apps_group_and_new_four_tuples_their_own():
    config = SimpleNamespace(
        label="x",
        nav_group="cases",
        nav_items=[
            ("甲", "core:home", None),
            ("乙", "core:home", "view", "stats"),
            ("丙", "core:home", None, "??"),
        ],
    )
    groups = [e.group for e in entries_of(config)]
    assert groups == ["cases", "stats", DEFAULT_GROUP]
    assert (
        entries_of(SimpleNamespace(label="y", nav_items=[("丁", "core:home", None)]))[0].group
        == DEFAULT_GROUP
    )


def test_inspector_sees_field_work_first_and_no_administration(org):
    groups = navigation(org.inspector_a, "/staff/")
    assert groups[0]["key"] == "field"
    field = [str(i["label"]) for i in groups[0]["items"]]
    assert field == ["今日检查", "扫码查验产品", "记录现场检查"]
    keys = [g["key"] for g in groups]
    assert "admin" not in keys
    assert keys.index("workbench") < keys.index("registry") < keys.index("stats")


def test_each_role_sees_only_what_it_can_use(org):
    viewer = _labels(navigation(org.viewer_a))
    assert "现场工作" not in viewer and "系统管理" not in viewer  # no inspect, no audit
    office = _labels(navigation(org.office_p))
    assert office["系统管理"] == ["审计日志"]  # audit, but not the signing keys (admin)
    assert "现场工作" not in office
    officer = [g["key"] for g in navigation(org.officer_a)]
    assert officer.index("field") > officer.index("workbench")  # officers inspect too, but not first
    admin = _labels(navigation(org.admin))
    assert "签名密钥" in admin["系统管理"]


def test_current_page_is_marked_and_the_sidebar_is_a_landmark_with_a_menu_button(org):
    client = Client()
    client.force_login(org.inspector_a)
    html = client.get("/staff/cases/").content.decode()
    assert re.search(r'<nav class="side" id="site-nav" aria-label="[^"]+">', html)
    assert 'class="menu-toggle" aria-controls="site-nav" aria-expanded="false"' in html
    assert 'href="/staff/cases/" aria-current="page"' in html
    assert html.count('aria-current="page"') == 1
    assert html.index("今日检查") < html.index("案件与移交")  # field work before the rest
    assert 'class="skip-link" href="#content"' in html and '<main id="content"' in html
