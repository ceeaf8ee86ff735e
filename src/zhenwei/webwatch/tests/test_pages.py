import datetime as dt

from zhenwei.webwatch import services


def test_public_official_sites_page_and_check(client, db):
    html = client.get("/webwatch/official-sites/").content.decode()
    assert "cx.mem.gov.cn" in html and "12350" in html
    html = client.get("/webwatch/official-sites/", {"url": "cx.mem.gov.cn.zs-cx.com"}).content.decode()
    assert "仿冒官方网站" in html
    html = client.get("/webwatch/official-sites/", {"url": "exa mple"}).content.decode()
    assert "空白" in html


def test_portal_links_to_the_page(client, db):
    assert "/webwatch/official-sites/" in client.get("/").content.decode()


def test_staff_pages(client, org):
    site = services.site_register(
        url="mem.com.cn",
        division=org.a,
        discovered_on=dt.date(2026, 5, 6),
        actor=org.officer_a,
        title="假应急部网站",
    )
    client.force_login(org.officer_a)
    assert "假应急部网站" in client.get("/staff/webwatch/").content.decode()
    detail = client.get(f"/staff/webwatch/{site.pk}/").content.decode()
    assert "tld_swap" in detail
    response = client.post(f"/staff/webwatch/{site.pk}/", {"action": "clue"})
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.clue_id
    html = client.post(
        "/staff/webwatch/check/", {"urls": "rnem.gov.cn\nbad url", "ads": "免考包过"}
    ).content.decode()
    assert "homoglyph" not in html or "形近字符" in html
    assert "形近字符" in html and "是" in html
    client.force_login(org.officer_b)
    assert client.get(f"/staff/webwatch/{site.pk}/").status_code == 404


def test_home_lists_overdue_steps(client, org):
    services.site_register(
        url="mem.com.cn", division=org.a, discovered_on=dt.date(2026, 3, 2), actor=org.officer_a
    )
    client.force_login(org.officer_a)
    assert "固定证据" in client.get("/staff/").content.decode()
