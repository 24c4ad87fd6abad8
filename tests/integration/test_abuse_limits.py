"""Abuse limits (siru_exchange/limits.py): each named limit holds, answers 429 with a page in the user's
language (or JSON for the API) and Retry-After, counts what it says it counts, and reads the client's
address through ProxyFix only when proxies are configured."""
import os
import uuid

import pytest
from sqlalchemy import func, select

import config
from siru_exchange.models import Listing, User
from tests.factories import PASSWORD, valid_org_number
from tests.integration.test_auth import registration
from tests.integration.test_introductions import accepted, public_pair  # noqa: F401 - fixtures used below


def limits(**small):
    return {**config.RATE_LIMITS, **small}


def login(client, email, password="wrong password", address="203.0.113.5", **headers):
    return client.post("/auth/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address}, headers=headers)


@pytest.mark.config(RATELIMIT_ENABLED=True, RATE_LIMITS=limits(login_address="3 per minute"))
def test_login_attempts_from_one_address_stop_at_the_limit_with_a_swedish_page(client, factory):
    user = factory.user()
    for _ in range(3):
        assert login(client, user.email).status_code == 422
    refused = login(client, user.email, PASSWORD)  # even the right password waits
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    html = refused.get_data(as_text=True)
    assert '<html lang="sv"' in html and "För många försök" in html
    assert login(client, user.email, PASSWORD, address="198.51.100.7").status_code == 302  # another address


@pytest.mark.config(RATELIMIT_ENABLED=True, RATE_LIMITS=limits(login_address="2 per minute"))
def test_the_429_page_follows_the_chosen_language(client, factory):
    client.post("/language", data={"lang": "en", "next": "/"})
    for _ in range(2):
        login(client, "nobody@example.se")
    html = login(client, "nobody@example.se").get_data(as_text=True)
    assert '<html lang="en"' in html and "Too many attempts" in html and "Please wait" in html


@pytest.mark.config(RATELIMIT_ENABLED=True, RATE_LIMITS=limits(login_account="3 per 15 minutes"))
def test_failed_logins_for_one_account_stop_from_any_address(client, factory):
    user, other = factory.user(), factory.user()
    # A success is not counted.
    assert login(client, user.email, PASSWORD, address="192.0.2.1").status_code == 302
    client.post("/auth/logout")
    for n in range(3):
        assert login(client, user.email.upper(), address=f"192.0.2.{10 + n}").status_code == 422
    assert login(client, f"  {user.email} ", PASSWORD, address="192.0.2.99").status_code == 429
    # Others still log in from there.
    assert login(client, other.email, PASSWORD, address="192.0.2.99").status_code == 302


@pytest.mark.config(RATELIMIT_ENABLED=True, RATE_LIMITS=limits(register="2 per hour"))
def test_registrations_from_one_address_stop_but_a_form_with_mistakes_does_not_count(client, db):
    for _ in range(3):
        bad = client.post("/auth/register", data=registration(password="short"))
        assert bad.status_code == 422
    for n in range(2):
        made = client.post("/auth/register", data=registration(
            email=f"anna{n}@sagverket.example", org_number=valid_org_number(500 + n)))
        assert made.status_code == 302, made.get_data(as_text=True)[:500]
        client.post("/auth/logout")
    refused = client.post("/auth/register", data=registration(
        email="anna9@sagverket.example", org_number=valid_org_number(599)))
    assert refused.status_code == 429
    assert db.session.scalar(select(func.count()).select_from(User)) == 2


LISTING = {"kind": "offer", "title": "Pallar, EUR", "frequency": "once", "terms": "free",
           "visibility": "public"}


@pytest.mark.config(RATELIMIT_ENABLED=True, RATE_LIMITS=limits(password_reset="2 per hour"))
def test_password_reset_requests_stop_per_address_and_per_account(client, factory):
    """Asking for reset links (each one an email to the account's owner) is limited from one address,
    and for one account from any address."""
    user = factory.user()

    def ask(email, address):
        return client.post("/auth/forgot", data={"email": email}, environ_base={"REMOTE_ADDR": address})

    assert [ask(user.email, "203.0.113.8").status_code for _ in range(2)] == [302, 302]
    assert ask("someone.else@example.se", "203.0.113.8").status_code == 429      # the address is spent
    assert ask(user.email, "198.51.100.20").status_code == 429                     # so is the account
    assert ask("someone.else@example.se", "198.51.100.20").status_code == 302


@pytest.mark.config(RATELIMIT_ENABLED=True, RATE_LIMITS=limits(email_link="2 per hour"))
def test_links_mailed_at_a_users_request_are_limited_per_user(app, factory, db):
    """Sending the confirmation link again, and inviting colleagues, mail someone each time."""
    from tests.integration.test_introductions import login as log_in

    user = factory.user(email_verified_at=None)
    client = log_in(app, user)
    answers = [client.post("/auth/verify/again", data={"next": "/"}).status_code for _ in range(3)]
    assert answers == [302, 302, 429]


@pytest.mark.config(RATELIMIT_ENABLED=True, RATE_LIMITS=limits(listing_create="2 per hour"))
def test_listing_creation_is_one_limit_for_the_form_and_the_api(client, auth, factory, db):
    user = factory.user()
    other = factory.user()
    auth.login(user.email)
    assert client.post("/listings/new", data=LISTING).status_code == 302
    assert client.post("/api/v1/listings", json=LISTING).status_code == 201
    refused = client.post("/api/v1/listings", json=LISTING)
    assert refused.status_code == 429 and refused.is_json
    assert "wait" in refused.get_json()["error"].lower() or "vänta" in refused.get_json()["error"].lower()
    assert int(refused.headers["Retry-After"]) > 0
    assert client.post("/listings/new", data=LISTING).status_code == 429
    assert client.get("/listings/new").status_code == 200  # reading the form is never limited
    assert db.session.scalar(select(func.count()).select_from(Listing)) == 2
    auth.logout()
    auth.login(other.email)  # per user: a colleague elsewhere is not held back
    assert client.post("/listings/new", data=LISTING).status_code == 302


@pytest.mark.config(RATELIMIT_ENABLED=True, RATE_LIMITS=limits(introduction_request="1 per hour",
                                                               message="2 per hour"))
def test_introduction_requests_and_messages_are_limited_per_user(app, db, factory, accepted):  # noqa: F811
    from tests.integration.test_introductions import request_intro, send_message

    buyer, intro = accepted["buyer"], accepted["intro"]  # one request and one message already sent
    other = factory.listing(organisation=accepted["sawmill"], title="Bark i lösvikt")
    assert request_intro(buyer, other.public_id).status_code == 429
    assert send_message(buyer, intro.id, "Andra meddelandet").status_code == 302
    assert send_message(buyer, intro.id, "Tredje meddelandet").status_code == 429
    assert send_message(accepted["seller"], intro.id, "Svar från säljaren").status_code == 302  # per user
    from siru_exchange.models import Introduction

    assert db.session.scalar(select(func.count()).select_from(Introduction)) == 1


@pytest.mark.config(RATELIMIT_ENABLED=True, RATE_LIMITS=limits(login_address="2 per minute"))
def test_a_forged_forwarded_for_header_does_not_escape_the_limit_without_proxies(client):
    for n in range(2):
        login(client, "a@example.se", **{"X-Forwarded-For": f"10.0.0.{n}"})
    assert login(client, "a@example.se", **{"X-Forwarded-For": "10.0.0.77"}).status_code == 429


@pytest.mark.config(RATELIMIT_ENABLED=True, PROXY_COUNT=1, RATE_LIMITS=limits(login_address="2 per minute"))
def test_behind_one_proxy_the_address_comes_from_its_forwarded_for_header(client):
    for _ in range(2):
        login(client, "a@example.se", address="10.1.1.1", **{"X-Forwarded-For": "203.0.113.20"})
    assert login(client, "a@example.se", address="10.1.1.1",
                 **{"X-Forwarded-For": "203.0.113.20"}).status_code == 429
    # The proxy's own address is shared by everyone; the client behind it is what counts.
    assert login(client, "a@example.se", address="10.1.1.1",
                 **{"X-Forwarded-For": "203.0.113.21"}).status_code == 422
    # A client that sends its own X-Forwarded-For gets it prefixed, and only the last (the proxy's) counts.
    assert login(client, "a@example.se", address="10.1.1.1",
                 **{"X-Forwarded-For": "1.2.3.4, 203.0.113.20"}).status_code == 429


def test_limits_are_off_in_tests_unless_asked_for(client):
    for _ in range(40):
        assert login(client, "a@example.se").status_code == 422


def test_every_limit_in_the_code_is_configured_and_parses():
    from limits import parse_many

    from siru_exchange.limits import limited

    for name, value in config.RATE_LIMITS.items():
        assert parse_many(value), name
        limited(name)  # known names are accepted
    with pytest.raises(KeyError):
        limited("no_such_limit")


REDIS_URL = os.environ.get("SIRU_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


@pytest.mark.config(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=REDIS_URL,
                    RATE_LIMITS=limits(login_address="2 per minute"))
def test_on_redis_the_counters_live_in_redis(client):
    import redis

    from siru_exchange.extensions import limiter

    limiter.reset()
    try:
        address = f"198.18.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
        for _ in range(2):
            login(client, "a@example.se", address=address)
        assert login(client, "a@example.se", address=address).status_code == 429
        keys = redis.Redis.from_url(REDIS_URL).keys("*login_address*")
        assert keys and any(address.encode() in key for key in keys)
    finally:
        limiter.reset()


# -- two gunicorn workers share one count in Redis -------------------------------------------------------

def _login_posts(base: str, count: int) -> list[int]:
    """`count` failed logins from one client (loopback), each with its own CSRF token and cookie."""
    import http.cookiejar
    import re
    import urllib.error
    import urllib.parse
    import urllib.request

    statuses = []
    for _ in range(count):
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = opener.open(base + "/auth/login", timeout=30).read().decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"email": "nobody@example.se", "password": "x", "csrf_token": token})
        try:
            statuses.append(opener.open(base + "/auth/login", data=form.encode(), timeout=30).status)
        except urllib.error.HTTPError as exc:
            statuses.append(exc.code)
    return statuses


@pytest.mark.parametrize("app", ["postgresql"], indirect=True)  # production's pair: gunicorn on PostgreSQL
@pytest.mark.parametrize("storage", ["redis", "memory"])
def test_two_gunicorn_workers_hold_one_limit_with_redis_and_not_without(app, db, tmp_path, storage):
    """With SIRU_REDIS_URL the limit is one count for both workers; the same run on memory:// (each worker
    counting for itself) lets more through, which shows the test can tell the two apart."""
    from concurrent.futures import ThreadPoolExecutor

    import redis

    from tests.integration.test_hostile_input import _gunicorn

    prefix = f"siru-test-{uuid.uuid4().hex[:12]}"
    env = {"SIRU_RATE_LIMITS": '{"login_address": "6 per minute"}', "SIRU_REDIS_PREFIX": prefix}
    if storage == "redis":
        env["SIRU_REDIS_URL"] = REDIS_URL
    log = tmp_path / "access.log"
    url = db.engine.url.render_as_string(hide_password=False)
    try:
        options = ("--access-logfile", str(log), "--access-logformat", "%(p)s %(m)s %(s)s")
        with _gunicorn(url, tmp_path / "instance", workers=2, env=env, options=options) as base:
            with ThreadPoolExecutor(max_workers=6) as pool:
                statuses = [s for batch in pool.map(lambda _: _login_posts(base, 3), range(6)) for s in batch]
        posts = [line.split() for line in log.read_text().splitlines() if " POST " in line]
        assert len({pid for pid, _m, _s in posts}) == 2, "both workers should have answered logins"
        allowed = sum(1 for s in statuses if s != 429)
        if storage == "redis":
            assert allowed == 6, statuses
            assert statuses.count(429) == 12
        else:
            assert allowed > 6, statuses
    finally:
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"*{prefix}*"):  # LIMITS:LIMITER/<prefix>/...
            client.delete(key)
