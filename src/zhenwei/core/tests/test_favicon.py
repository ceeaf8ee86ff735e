"""The site icon: /favicon.ico answers without a login, and every page links it."""

from PIL import Image


def test_favicon_ico_is_served_to_anyone(client, db):
    import io

    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert "max-age" in response["Cache-Control"]
    icon = Image.open(io.BytesIO(response.content))
    assert icon.format == "ICO" and (32, 32) in icon.info["sizes"]
    assert client.post("/favicon.ico").status_code == 405


def test_pages_link_the_icons(client, org):
    from django.contrib.staticfiles import finders

    for path in ("/", "/accounts/login/"):
        html = client.get(path).content.decode()
        assert 'href="/favicon.ico"' in html and "favicon.svg" in html, path
    assert finders.find("zhenwei/favicon.svg") and finders.find("zhenwei/apple-touch-icon.png")
    client.force_login(org.officer_a)
    assert 'href="/favicon.ico"' in client.get("/staff/").content.decode()
