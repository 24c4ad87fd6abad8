"""Protections that docs/security.md points to and no other test shows on its own: templates escape
what users typed, production hashes passwords with argon2id at the RFC 9106 parameters, and an
unexpected error shows a page without a traceback."""

from argon2 import PasswordHasher, extract_parameters

from tests.factories import PASSWORD

HOSTILE_TITLE = '<script>alert("t")</script>'
HOSTILE_NAME = '<img src=x onerror=alert("n")>'


def test_what_users_typed_is_escaped_on_every_page_that_shows_it(client, factory):
    org = factory.organisation(name=HOSTILE_NAME, description='"><svg onload=alert(1)>')
    listing = factory.listing(organisation=org, title=HOSTILE_TITLE)
    for path in ("/", "/listings/", f"/listings/{listing.public_id}", f"/organisations/{org.id}",
                 "/api/v1/listings"):
        page = client.get(path).get_data(as_text=True)
        for raw in (HOSTILE_TITLE, HOSTILE_NAME, "<svg onload"):
            assert raw not in page, f"{path} shows {raw!r} unescaped"
    assert "&lt;script&gt;" in client.get(f"/listings/{listing.public_id}").get_data(as_text=True)


def test_production_hashes_passwords_with_argon2id_at_the_rfc_9106_parameters():
    params = extract_parameters(PasswordHasher().hash(PASSWORD))
    assert params.type.name == "ID"
    assert params.memory_cost >= 19 * 1024 and params.time_cost >= 2  # OWASP's floor: 19 MiB, t=2


def test_an_unexpected_error_shows_a_page_without_a_traceback(app, client, monkeypatch):
    from siru_exchange.services import stats

    def boom(*_args, **_kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(stats, "visible_counts", boom)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "secret internal detail" not in page and "Traceback" not in page


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(app, factory):
    user = factory.user()
    here, elsewhere = app.test_client(), app.test_client()
    for client in (here, elsewhere):
        assert client.post("/auth/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    response = here.post("/auth/profile", data={
        "form": "password", "pw-current_password": PASSWORD, "pw-new_password": "ett nytt långt lösenord"})
    assert response.status_code == 302
    assert here.get("/auth/profile").status_code == 200
    assert "/auth/login" in elsewhere.get("/auth/profile").headers["Location"]
