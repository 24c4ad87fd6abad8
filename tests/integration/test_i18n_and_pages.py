"""The language switch, error pages and the app factory."""
from siru_exchange import create_app


def test_swedish_is_the_default_and_the_switch_sticks(client):
    home = client.get("/").get_data(as_text=True)
    assert '<html lang="sv"' in home
    assert "Dela det du har över" in home
    response = client.post("/language", data={"lang": "en", "next": "/listings/"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/listings/")
    for path in ("/", "/listings/", "/auth/login"):
        html = client.get(path).get_data(as_text=True)
        assert '<html lang="en"' in html
    assert "Share what you have spare" in client.get("/").get_data(as_text=True)
    client.post("/language", data={"lang": "sv", "next": "/"})
    assert '<html lang="sv"' in client.get("/").get_data(as_text=True)


def test_language_switch_ignores_unknown_language_and_foreign_redirects(client):
    response = client.post("/language", data={"lang": "xx", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
    assert '<html lang="sv"' in client.get("/").get_data(as_text=True)


def test_404_page_in_both_languages(client):
    response = client.get("/listings/999999")
    assert response.status_code == 404
    assert "Vi hittade inte sidan" in response.get_data(as_text=True)
    client.post("/language", data={"lang": "en"})
    assert "We could not find that page" in client.get("/nowhere").get_data(as_text=True)


def test_api_style_404_is_json(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    import config

    monkeypatch.delenv("SECRET_KEY", raising=False)
    try:
        create_app(config.ProductionConfig)
    except RuntimeError as exc:
        assert "SECRET_KEY" in str(exc)
    else:
        raise AssertionError("production app started without SECRET_KEY")


def test_empty_home_page_says_what_to_do(client):
    html = client.get("/").get_data(as_text=True)
    assert "Inget är utlagt ännu" in html


def test_a_page_not_found_speaks_of_a_listing_only_under_listings(client, auth, factory):
    """A member who opens the broker queue was told that "the listing may have been closed"."""
    auth.login(factory.user().email)
    broker_page = client.get("/broker/")
    assert broker_page.status_code == 404
    assert "Annonsen kan ha stängts" not in broker_page.get_data(as_text=True)
    assert "Sidan kan ha flyttats" in broker_page.get_data(as_text=True)
    listing_page = client.get("/listings/AAAAAAAAAAAA")
    assert listing_page.status_code == 404
    assert "Annonsen kan ha stängts" in listing_page.get_data(as_text=True)
