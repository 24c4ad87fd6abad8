"""Sessions bounded on the server: idle and absolute timeouts (with or without the remember-me cookie),
a fresh session at every login, and the cookies' attributes."""
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest

from siru_exchange import sessions
from tests.factories import PASSWORD

HOUR = 3600
DAY = 24 * HOUR


@pytest.fixture
def clock(monkeypatch):
    """The sessions' clock, moved by hand: `clock.now += 2 * HOUR`."""

    class Clock:
        now = 1_800_000_000

    monkeypatch.setattr(sessions, "_now", lambda: Clock.now)
    return Clock


def log_in(client, user, remember=False):
    data = {"email": user.email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/auth/login", data=data)
    assert response.status_code == 302
    return response


def logged_in(client) -> bool:
    return client.get("/listings/mine").status_code == 200


def test_a_session_unused_for_two_hours_is_logged_out_and_says_why(client, factory, clock):
    log_in(client, factory.user())
    clock.now += 2 * HOUR - 60
    assert logged_in(client)  # used again just in time: the idle clock restarts
    clock.now += 2 * HOUR - 60
    assert logged_in(client)
    clock.now += 2 * HOUR + 1
    response = client.get("/listings/mine")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Du loggades ut efter en stund utan aktivitet" in page
    clock.now -= 3 * HOUR  # the old cookie does not come back to life
    assert not logged_in(client)


def test_the_idle_timeout_also_deletes_the_remember_me_cookie(client, factory, clock):
    log_in(client, factory.user(), remember=True)
    assert client.get_cookie("remember_token") is not None
    clock.now += 3 * HOUR
    client.get("/")
    assert client.get_cookie("remember_token") is None
    assert not logged_in(client)


def test_any_login_ends_after_thirty_days_even_when_used_every_hour(app, client, factory, clock):
    app.config["SESSION_IDLE_TIMEOUT"] = timedelta(days=365)  # only the absolute limit is tested here
    log_in(client, factory.user())
    clock.now += 30 * DAY - 60
    assert logged_in(client)
    clock.now += 120
    assert not logged_in(client)


def test_a_remember_me_cookie_restores_a_login_but_not_past_thirty_days(client, factory, clock):
    log_in(client, factory.user(), remember=True)
    client.delete_cookie("session")  # the browser was closed
    clock.now += 10 * DAY
    assert logged_in(client)  # restored from the remember-me cookie, with a new idle clock
    remember = client.get_cookie("remember_token").value
    client.delete_cookie("session")
    clock.now += 20 * DAY + 60
    client.set_cookie("remember_token", remember)  # replayed after its time, e.g. from a stolen copy
    assert not logged_in(client)


def test_a_login_id_without_its_time_is_refused(app, factory):
    user = factory.user()
    assert sessions.load_user(user.get_id()) is None  # a cookie from before the rule: log in again
    assert sessions.load_user(f"{user.get_id()}:{sessions._now()}").id == user.id
    assert sessions.load_user(f"{user.id}:wrong-token:{sessions._now()}") is None
    assert sessions.load_user("") is None and sessions.load_user("a:b:c:d") is None


def test_login_starts_a_fresh_session_that_keeps_only_the_language(client, factory):
    user = factory.user(language="sv")
    client.post("/language", data={"lang": "en"})
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
        session["csrf_token"] = "known-to-the-attacker"
    log_in(client, user)
    with client.session_transaction() as session:
        assert "planted" not in session and session.get("csrf_token") != "known-to-the-attacker"
        assert session["_user_id"].startswith(user.get_id() + ":")
        assert session["lang"] == "sv"  # the account's own language, as before


def test_the_remember_me_cookie_is_httponly_lax_and_lasts_at_most_thirty_days(client, factory):
    response = log_in(client, factory.user(), remember=True)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token="))
    attributes = {part.strip().split("=", 1)[0].lower(): part.strip() for part in cookie.split(";")}
    assert "httponly" in attributes and attributes["samesite"].lower() == "samesite=lax"
    expires = parsedate_to_datetime(attributes["expires"].split("=", 1)[1])
    assert expires <= datetime.now(UTC) + timedelta(days=30, minutes=1)
    session_cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie
