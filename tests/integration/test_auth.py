"""Registration, login, logout and profiles, on both databases."""
from siru_exchange.models import Organisation, User
from tests.factories import PASSWORD, valid_org_number


def registration(**overrides):
    data = {
        "name": "Anna Svensson", "email": "anna@sagverket.example", "password": "långt-lösenord-1",
        "language": "sv", "org_name": "Hjälmaryds Såg AB", "org_number": "556036-0793",
        "municipality": "0686", "sector": "Sågverk", "size": "small", "description": "Vi sågar.",
        "contact_name": "Anna", "contact_email": "info@sagverket.example", "contact_phone": "0381-123 45",
    }
    data.update(overrides)
    return data


def test_register_creates_an_unconfirmed_member_of_a_pending_organisation(client, db):
    response = client.post("/auth/register", data=registration())
    assert response.status_code == 302 and response.headers["Location"].endswith("/auth/login")
    user = db.session.query(User).filter_by(email="anna@sagverket.example").one()
    assert user.organisation.name == "Hjälmaryds Såg AB"
    assert user.organisation.org_number == "556036-0793"
    assert user.organisation.approval == "pending"
    assert user.role == "member" and not user.is_verified
    assert user.password_hash.startswith("$argon2id$")
    assert client.get("/listings/mine").status_code == 302   # not logged in: the address comes first


def test_wrong_org_number_is_refused_with_its_own_message_and_keeps_input(client, db):
    response = client.post("/auth/register", data=registration(org_number="556036-0794"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "inte ett giltigt svenskt organisationsnummer" in html
    assert 'value="Hjälmaryds Såg AB"' in html       # what the user typed is kept
    assert 'value="anna@sagverket.example"' in html
    assert db.session.query(Organisation).count() == 0
    assert db.session.query(User).count() == 0


def test_an_unknown_municipality_gets_its_message(client, db):
    response = client.post("/auth/register", data=registration(municipality="9999",
                                                               org_number=valid_org_number(4242)))
    assert response.status_code == 422
    assert "Välj en kommun i listan" in response.get_data(as_text=True)
    assert db.session.query(Organisation).count() == 0


def test_messages_follow_the_chosen_language(client):
    client.post("/language", data={"lang": "en", "next": "/"})
    response = client.post("/auth/register", data=registration(password="short"))
    assert "Choose a password of at least 8 characters." in response.get_data(as_text=True)


def test_login_logout_and_old_cookie_stops_working(client, auth, factory, app):
    factory.user(email="per@example.se")
    assert auth.login("per@example.se", "wrong password").status_code == 422
    response = auth.login("per@example.se", PASSWORD)
    assert response.status_code == 302
    assert client.get("/listings/mine").status_code == 200
    # a copy of the session cookie taken before logout
    stolen = app.test_client()
    cookie = client.get_cookie("session")
    stolen.set_cookie("session", cookie.value)
    assert stolen.get("/listings/mine").status_code == 200
    auth.logout()
    assert client.get("/listings/mine").status_code == 302
    assert stolen.get("/listings/mine").status_code == 302     # the server ended that session too


def test_profile_edit_changes_name_and_language(client, auth, factory, db):
    user = factory.user(email="eva@example.se")
    auth.login("eva@example.se")
    response = client.post("/auth/profile", data={"form": "profile", "name": "Eva Ek", "language": "en"},
                           follow_redirects=True)
    assert "Your profile is saved." in response.get_data(as_text=True)
    db.session.refresh(user)
    assert (user.name, user.language) == ("Eva Ek", "en")


def test_organisation_profile_edit_only_by_its_members(client, auth, factory, db):
    org = factory.organisation(name="Gnosjö Gjuteri AB")
    other = factory.user()
    auth.login(other.email)
    assert client.get(f"/organisations/{org.id}/edit").status_code == 403
    auth.logout()
    member = factory.user(organisation=org)
    auth.login(member.email)
    data = {"org_name": "Gnosjö Gjuteri AB", "org_number": org.org_number, "municipality": "0617",
            "sector": "Gjuteri", "size": "medium", "description": "Gjutgods.", "contact_name": "",
            "contact_email": "", "contact_phone": ""}
    response = client.post(f"/organisations/{org.id}/edit", data=data)
    assert response.status_code == 302
    db.session.refresh(org)
    assert (org.municipality, org.size) == ("0617", "medium")
