"""Security headers on every response, no-store for logged-in pages, HSTS in production, the request size
limit, trusted hosts, and SITE_URL as the only base of links in emails."""
import pytest

import config
from siru_exchange import create_app
from siru_exchange.headers import CONTENT_SECURITY_POLICY
from tests.factories import PASSWORD

EVERY_RESPONSE = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


def assert_security_headers(response):
    csp = response.headers["Content-Security-Policy"]
    assert csp == CONTENT_SECURITY_POLICY
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
                      "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    for name, value in EVERY_RESPONSE.items():
        assert response.headers[name] == value, name


def test_every_kind_of_response_carries_the_security_headers(client, factory):
    listing = factory.listing()
    responses = [
        client.get("/"), client.get("/listings/"), client.get(f"/listings/{listing.public_id}"),
        client.get("/auth/login"), client.get("/api/v1/listings"), client.get("/api/v1/taxonomy"),
        client.get("/static/css/site.css"), client.get("/nowhere"), client.get("/api/v1/nowhere"),
        client.get("/listings/new"),  # a redirect to the login page
        client.post("/auth/login", data={"email": "x@example.se", "password": "x"}),  # 422
    ]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 200, 200, 200, 404, 404, 302, 422]
    for response in responses:
        assert_security_headers(response)
        assert "Strict-Transport-Security" not in response.headers  # not outside production
        assert response.headers.get("Cache-Control") != "no-store"  # nobody is logged in


def test_pages_for_a_logged_in_user_are_not_stored(client, auth, factory):
    user = factory.user()
    auth.login(user.email)
    pages = ("/", "/listings/mine", "/auth/profile", "/api/v1/listings",
             f"/organisations/{user.organisation_id}")
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
        assert_security_headers(response)
    # Static files stay cacheable (they are the same for everyone).
    assert client.get("/static/css/site.css").headers.get("Cache-Control") != "no-store"


def production_app(app, **overrides):
    """The production config (what SIRU_ENV=production reads) on the test's database."""
    settings = {k: getattr(config.ProductionConfig, k) for k in dir(config.ProductionConfig) if k.isupper()}
    settings.update({
        "SECRET_KEY": "production-test-key", "MAIL_SERVER": "mail.example.se",
        "SITE_URL": "https://exchange.example.se", "TRUSTED_HOSTS": None,
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "RATELIMIT_ENABLED": False,
        "MAIL_SUPPRESS_SEND": True, "PASSWORD_HASH_PROFILE": "CHEAPEST", "WTF_CSRF_ENABLED": False,
    })
    settings.update(overrides)
    made = create_app(settings)
    from tests.conftest import RequestIsolatedClient

    made.test_client_class = RequestIsolatedClient
    return made


def test_production_sends_hsts_and_secure_cookies_and_answers_only_its_own_host(app, factory):
    user = factory.user()
    prod = production_app(app)
    client = prod.test_client()
    page = client.get("/auth/login", base_url="https://exchange.example.se")
    assert page.status_code == 200
    assert page.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert_security_headers(page)
    assert client.get("/", base_url="https://evil.example").status_code == 400  # a forged Host header
    response = client.post("/auth/login", base_url="https://exchange.example.se",
                           data={"email": user.email, "password": PASSWORD, "remember": "y"})
    assert response.status_code == 302
    cookies = {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}
    for name in ("__Host-session", "__Host-remember_token"):
        attributes = cookies[name].lower()
        assert "httponly" in attributes and "secure" in attributes and "samesite=lax" in attributes, name
        assert "path=/" in attributes and "domain=" not in attributes, name  # what __Host- requires
    assert client.get("/listings/mine", base_url="https://exchange.example.se").status_code == 200


def test_production_refuses_to_start_without_site_url(app):
    with pytest.raises(RuntimeError, match="SITE_URL"):
        production_app(app, SITE_URL=None)
    with pytest.raises(RuntimeError, match="SITE_URL"):
        production_app(app, SITE_URL="exchange.example.se")  # no scheme: links would be relative


@pytest.mark.config(TRUSTED_HOSTS=["exchange.example.se", ".siru.example"])
def test_trusted_hosts_refuse_other_host_headers(client):
    assert client.get("/", base_url="http://exchange.example.se").status_code == 200
    assert client.get("/", base_url="http://www.siru.example").status_code == 200
    refused = client.get("/", base_url="http://evil.example")
    assert refused.status_code == 400
    assert client.get("/api/v1/listings", base_url="http://evil.example").status_code == 400


@pytest.mark.config(SITE_URL="https://exchange.example.se")
def test_a_forged_host_header_never_reaches_an_email_link(app, db, factory):
    from tests.integration.test_introductions import outbox

    seller_org = factory.organisation(name="Eksjö Såg AB")
    offer = factory.listing(organisation=seller_org, title="Sågspån varje vecka")
    factory.user(organisation=seller_org, email="seller@eksjosag.se")
    buyer = factory.user(organisation=factory.organisation(name="Tranås Växthus AB"))
    client = app.test_client()
    evil = {"base_url": "http://evil.example"}
    client.post("/auth/login", data={"email": buyer.email, "password": PASSWORD}, **evil)
    response = client.post(f"/introductions/request?listing={offer.public_id}", data={"note": "Hej"}, **evil)
    assert response.status_code == 302
    mails = [m for m in outbox(app) if "seller@eksjosag.se" in m["to"]]
    assert mails, "the seller is told by email"
    assert "https://exchange.example.se/introductions/" in mails[0]["body"]
    assert all("evil.example" not in m["raw"] for m in outbox(app))


def test_a_request_body_over_the_limit_answers_413_before_it_is_read(client, auth, factory):
    huge = "x" * (config.Config.MAX_CONTENT_LENGTH + 1)
    page = client.post("/auth/login", data={"email": "a@example.se", "password": huge})
    assert page.status_code == 413
    html = page.get_data(as_text=True)
    assert "För mycket på en gång" in html and "2 MB" in html
    assert_security_headers(page)
    auth.login(factory.user().email)
    api = client.post("/api/v1/listings", data=huge, content_type="application/json")
    assert api.status_code == 413 and "2 MB" in api.get_json()["error"]
    client.post("/language", data={"lang": "en"})
    assert "Too much at once" in client.post("/listings/new", data={"title": huge}).get_data(as_text=True)
