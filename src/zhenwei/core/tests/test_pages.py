def test_portal_home_shows_hotlines_without_login(client, db):
    html = client.get("/").content.decode()
    assert "12350" in html and "12345" in html and "12315" in html


def test_staff_home_needs_login(client, db):
    response = client.get("/staff/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_home_for_officer(client, org):
    client.force_login(org.officer_a)
    response = client.get("/staff/")
    assert response.status_code == 200
    assert "待办事项" in response.content.decode()


def test_english_is_switchable(client, org):
    client.force_login(org.officer_a)
    response = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Waiting for you" in response.content.decode()
    assert "待办事项" in client.get("/staff/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()


def test_audit_page_forbidden_without_capability(client, org):
    client.force_login(org.officer_a)
    assert client.get("/staff/audit/").status_code == 403
    client.force_login(org.office_p)
    assert client.get("/staff/audit/").status_code == 200
