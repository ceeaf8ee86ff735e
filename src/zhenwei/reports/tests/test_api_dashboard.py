"""API and dashboard: the same numbers as the form, scoped like the pages."""

from zhenwei.reports import services

from .conftest import OCT
from .test_workflow import client_for


def test_form_json_has_rows_in_order_and_values(records, as_user):
    resp = as_user(records.officer_a).get(
        f"/api/v1/reports/forms/cert-campaign-monthly/{records.a.code}/2026-10/"
    )
    assert resp.status_code == 200
    data = resp.json()
    codes = [r["code"] for r in data["rows"]]
    assert codes[:3] == ["notice", "publicity", "r01"] and codes[-1] == "r22"
    r14 = next(r for r in data["rows"] if r["code"] == "r14")
    assert r14["month"] == "2" and r14["live"] is True
    assert r14["units"] == [{"division": records.t.code, "month": "1", "cumulative": "2"}]


def test_form_json_refuses_a_sibling_county(records, as_user):
    resp = as_user(records.officer_a).get(
        f"/api/v1/reports/forms/cert-campaign-monthly/{records.b.code}/2026-10/"
    )
    assert resp.status_code == 403


def test_api_workflow(records, cert, as_user):
    report = services.report_ensure(template=cert, division=records.a, month=OCT, actor=records.officer_a)
    client = as_user(records.officer_a)
    assert client.post(f"/api/v1/reports/monthly/{report.pk}/submit/").json()["status"] == "submitted"
    assert client.post(f"/api/v1/reports/monthly/{report.pk}/accept/").status_code == 403
    office = as_user(records.office_p)
    resp = office.post(f"/api/v1/reports/monthly/{report.pk}/return/", {"reason": ""}, format="json")
    assert resp.status_code == 400
    assert office.post(f"/api/v1/reports/monthly/{report.pk}/accept/").json()["status"] == "accepted"
    listed = as_user(records.officer_b).get("/api/v1/reports/monthly/").json()
    assert listed.get("count", len(listed.get("results", listed))) == 0


def test_dashboard_json_uses_the_metrics_and_links_to_records(records):
    c = client_for(records.office_p)
    data = c.get(f"/staff/reports/dashboard.json?division={records.pc.code}&year=2026").json()
    trend = data["charts"]["trend"]
    clues = next(s for s in trend["series"] if s["name"] == "线索")
    assert clues["data"][9] == 5  # October: A 3, T 1, B 1
    assert clues["links"][9].startswith("/staff/reports/records/?metric=cases.clues")
    by_div = data["charts"]["by_division"]
    assert by_div["x"] == [records.a.name, records.b.name]
    page = c.get(clues["links"][9])
    assert page.status_code == 200 and "B 十月 假证线索" in page.content.decode()
    assert c.get("/staff/reports/dashboard/").status_code == 200


def test_dashboard_of_a_sibling_is_refused(records):
    c = client_for(records.officer_a)
    assert c.get(f"/staff/reports/dashboard.json?division={records.b.code}").status_code == 403
    assert c.get(f"/staff/reports/records/?metric=cases.clues&division={records.b.code}").status_code == 403


def test_category_slice_links_to_its_own_records(records):
    c = client_for(records.office_p)
    data = c.get(f"/staff/reports/dashboard.json?division={records.pc.code}&year=2026").json()
    items = {i["name"]: i for i in data["charts"]["by_category"]["items"]}
    food = items["食品药品（含化妆品）"]
    assert food["value"] == 2
    html = c.get(food["link"]).content.decode()
    assert "A 食品线索" in html and "A 十月 假证线索" not in html


def test_division_tree_map_sizes_units_by_their_figures_and_opens_their_records(records):
    """No map geometry of the user's area is installed: the tree map of its units (and theirs) carries
    the year's figures, a parent is the sum of its units and its own（本级）records, and every box
    links to the records behind it."""
    c = client_for(records.office_p)
    data = c.get(f"/staff/reports/dashboard.json?division={records.pc.code}&year=2026").json()
    tree = data["charts"]["division_tree"]
    assert data["charts"]["division_tree"]["root"]["code"] == records.pc.code
    clues = next(s for s in tree["series"] if s["key"] == "cases.clues")
    by_name = {n["name"]: n for n in clues["tree"]}
    by_div = data["charts"]["by_division"]
    clue_bars = next(s for s in by_div["series"] if s["name"] == "线索")
    assert by_name[records.a.name]["value"] == clue_bars["data"][by_div["x"].index(records.a.name)]
    a = by_name[records.a.name]
    children = {n["name"]: n for n in a["children"]}
    assert children[records.t.name]["value"] == 2  # T: September and October
    assert sum(n["value"] for n in a["children"]) == a["value"]
    assert f"{records.a.name}（本级）" in children
    town = children[records.t.name]
    assert town["link"].startswith("/staff/reports/records/?metric=cases.clues")
    html = c.get(town["link"]).content.decode()
    assert "T 十月 假证线索" in html and "A 十月 假证线索" not in html
    page = c.get(f"/staff/reports/dashboard/?division={records.pc.code}").content.decode()
    assert 'id="chart-division_tree"' in page
