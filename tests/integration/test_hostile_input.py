"""Input no form expects: never a 500, never a half-written record, on both databases."""
import contextlib
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from werkzeug.routing import IntegerConverter

from siru_exchange.models import Listing, Organisation, User
from siru_exchange.requests import BoundedIntConverter

from .test_auth import registration
from .test_listings import listing_form


@pytest.fixture
def member(factory, auth):
    user = factory.user()
    auth.login(user.email)
    return user


@pytest.mark.parametrize("overrides, expected", [
    ({"title": "Spån\x00"}, 400),
    ({"quantity": "1e400"}, 422),
    ({"quantity": "0.0000001"}, 422),
    ({"quantity": "NaN"}, 422),
    ({"quantity": "Infinity"}, 422),
    ({"terms": "price", "price": "1e12"}, 422),
    ({"terms": "price", "price": "-1"}, 422),
    ({"available_from": "2026-13-45"}, 422),
    ({"kind": "gift"}, 422),
    ({"unit": "furlongs"}, 422),
    ({"visibility": "everyone"}, 422),
    ({"frequency": "sometimes"}, 422),
])
def test_listing_form_refuses_without_500(client, member, db, overrides, expected):
    response = client.post("/listings/new", data=listing_form(**overrides))
    assert response.status_code == expected
    assert db.session.query(Listing).count() == 0


def test_price_and_tiny_quantities_are_stored_exactly(client, member, db):
    response = client.post(
        "/listings/new", data=listing_form(quantity="0,25", terms="price", price="1499,50")
    )
    assert response.status_code == 302
    listing = db.session.query(Listing).one()
    assert str(listing.quantity.normalize()) == "0.25" and str(listing.price) == "1499.50"


def test_invalid_date_message_is_in_swedish(client, member):
    html = client.post("/listings/new", data=listing_form(available_from="2026-13-45")).get_data(as_text=True)
    assert "Inte ett giltigt datum" in html


@pytest.mark.parametrize("path", ["/listings/?page=99999999999999999999999", "/listings/?page=-4",
                                  "/listings/?q=" + "å" * 3000, "/listings/?kind=x&municipality=';--",
                                  "/listings/abc", "/listings/99999999999999999999/edit",
                                  "/organisations/0", "/suggestions/1/state"])
def test_odd_urls_answer_without_500(client, path):
    assert client.get(path).status_code in (200, 302, 404, 405)


def test_login_and_registration_with_nul_are_refused(client, db):
    assert client.post("/auth/login", data={"email": "a\x00@b.se", "password": "x"}).status_code == 400
    assert client.post("/auth/register", data=registration(org_name="Bad\x00Co")).status_code == 400
    assert db.session.query(Organisation).count() == 0 and db.session.query(User).count() == 0


def test_registration_with_overlong_fields_writes_nothing(client, db):
    response = client.post("/auth/register", data=registration(org_name="x" * 500, name="y" * 500,
                                                                description="z" * 10_000))
    assert response.status_code == 422
    assert db.session.query(Organisation).count() == 0


# -- numbers no person types: huge or non-ASCII exponents (issue 11) -------------------------------------

HOSTILE_NUMBERS = ["1e999999999", "1e-999999999", "1e٩٩٩", "１e５", "١٢", "1e1000", "9" * 5000]


@pytest.mark.parametrize("field", ["quantity", "price"])
@pytest.mark.parametrize("value", HOSTILE_NUMBERS)
def test_listing_form_refuses_hostile_numbers_with_a_message(client, member, db, field, value):
    data = listing_form(**{field: value}, **({"terms": "price"} if field == "price" else {}))
    response = client.post("/listings/new", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Ange" in html  # the Swedish message beside the field
    assert db.session.query(Listing).count() == 0


@pytest.mark.parametrize("field", ["quantity", "price"])
@pytest.mark.parametrize("value", HOSTILE_NUMBERS)
def test_api_refuses_hostile_numbers_naming_the_field(client, member, db, field, value):
    body = {"kind": "offer", "title": "Pallar, EUR", "quantity": 4, "unit": "piece",
            "terms": "price", "price": 10}
    body[field] = value
    response = client.post("/api/v1/listings", json=body)
    assert response.status_code == 422
    assert field in response.get_json()["fields"]
    assert db.session.query(Listing).count() == 0


def test_ordinary_numbers_still_pass_in_both_notations(client, member, db):
    response = client.post("/api/v1/listings", json={"kind": "offer", "title": "Pallar, EUR",
                                                      "quantity": "1,5e2", "unit": "piece",
                                                      "terms": "price", "price": 1e-2})
    assert response.status_code == 201, response.get_json()
    listing = db.session.query(Listing).one()
    assert listing.quantity == 150 and str(listing.price) == "0.01"


# -- JSON that parses but cannot be stored, or nests too deep ------------------------------------------

@pytest.mark.parametrize("raw", [
    '{"kind": "offer", "title": "Pallar\\u0000EUR"}',
    '{"kind": "offer", "title": "Pallar \\ud800 EUR"}',
    '{"kind": "offer", "title": "Pallar", "unit": "\\udfff"}',
    '{"kind\\u0000": "offer", "title": "Pallar"}',
    '{"kind": "offer", "title": "Pallar", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "[" * 100_000,
    '{"kind": "offer", "title": "Pallar", "x": ' + '{"a": ' * 50 + "1" + "}" * 50 + "}",
])
def test_api_refuses_unstorable_json_with_400(client, member, db, raw):
    response = client.post("/api/v1/listings", data=raw, content_type="application/json")
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] and body["fields"]["body"]
    assert db.session.query(Listing).count() == 0


def test_json_text_with_escaped_quotes_and_brackets_is_read_normally(client, member, db):
    raw = '{"kind": "offer", "title": "Pallar \\"[[[{{{\\" EUR", "quantity": 3, "unit": "piece"}'
    assert client.post("/api/v1/listings", data=raw, content_type="application/json").status_code == 201
    assert db.session.query(Listing).one().title == 'Pallar "[[[{{{" EUR'


# -- ids above PostgreSQL's integer -----------------------------------------------------------------------

def _int_routes(app):
    for rule in app.url_map.iter_rules():
        ints = [name for name, conv in rule._converters.items() if isinstance(conv, IntegerConverter)]
        if ints:
            yield rule, ints


def test_every_int_route_answers_404_above_2_31(app, client, factory, auth):
    broker = factory.user(role="admin")
    auth.login(broker.email)
    rules = list(_int_routes(app))
    assert len(rules) >= 14  # listing routes take the public id (a string), not an int
    for rule, ints in rules:
        assert all(isinstance(rule._converters[name], BoundedIntConverter) for name in ints), rule.rule
        for huge in (2**31, 2**63, 10**30):
            path = rule.rule
            for name, conv in rule._converters.items():
                path = path.replace(f"<{conv.__class__.__name__}:{name}>", "x")
            for name in ints:
                path = re.sub(rf"<int(?:\([^)]*\))?:{name}>", str(huge), path)
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                response = client.open(path, method=method)
                assert response.status_code == 404, (method, path, response.status_code)


def test_the_largest_id_still_routes(client, factory, auth):
    auth.login(factory.user().email)
    assert client.get(f"/listings/{2**31 - 1}").status_code == 404  # routed, simply not found
    assert client.get(f"/api/v1/listings/{2**31 - 1}").get_json()["error"]


# -- the same payloads through a real gunicorn on PostgreSQL -------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def _gunicorn(database_url: str, instance: Path, workers: int = 1, env: dict | None = None,
              options: tuple = ()):
    """gunicorn serving wsgi:app on a loopback port for at most a minute; stopped on leaving."""
    port = _free_port()
    env = {**os.environ, "SIRU_DATABASE_URL": database_url, "SIRU_ENV": "development",
           "SECRET_KEY": "gunicorn-test-key", "SIRU_INSTANCE_PATH": str(instance), **(env or {})}
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--bind", f"127.0.0.1:{port}", "--workers",
         str(workers), "--timeout", "60", *options, "wsgi:app"],
        cwd=Path(__file__).resolve().parents[2], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/auth/login", timeout=10)
                break
            except OSError:  # refused while gunicorn starts (URLError is an OSError too)
                if process.poll() is not None or time.monotonic() > deadline:
                    stderr = process.stderr.read().decode()[-2000:] if process.poll() is not None else ""
                    raise AssertionError("gunicorn did not start: " + stderr) from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _status(opener, request) -> int:
    try:
        return opener.open(request, timeout=30).status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.parametrize("app", ["postgresql"], indirect=True)  # production's pair: gunicorn on PostgreSQL
def test_gunicorn_on_postgresql_answers_hostile_input_without_500(app, db, factory, tmp_path):
    from tests.factories import PASSWORD

    user = factory.user()
    db.session.commit()
    url = db.engine.url.render_as_string(hide_password=False)
    with _gunicorn(url, tmp_path / "instance") as base:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = opener.open(base + "/auth/login", timeout=30).read().decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"email": user.email, "password": PASSWORD,
                                       "csrf_token": token}).encode()
        opener.open(urllib.request.Request(base + "/auth/login", data=form), timeout=30)
        page = opener.open(base + "/listings/new", timeout=30).read().decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

        def post_json(raw: str) -> int:
            return _status(opener, urllib.request.Request(
                base + "/api/v1/listings", data=raw.encode("utf-8", "surrogatepass"), method="POST",
                headers={"Content-Type": "application/json", "X-CSRFToken": token}))

        listing = '{"kind": "offer", "title": "Pallar, EUR", "unit": "piece", "quantity": %s}'
        assert post_json(listing % '"1e999999999"') == 422
        assert post_json(listing % '"1e\u0669\u0669\u0669"') == 422
        assert post_json('{"kind": "offer", "title": "Pallar\\u0000"}') == 400
        assert post_json('{"kind": "offer", "title": "Pallar \\ud800"}') == 400
        assert post_json("[" * 100_000 + "]" * 100_000) == 400
        form = urllib.parse.urlencode({
            "kind": "offer", "title": "Sågspån från hyvleriet", "quantity": "1e999999999", "unit": "m3",
            "frequency": "once", "terms": "free", "visibility": "public", "csrf_token": token,
        }).encode()
        assert _status(opener, urllib.request.Request(base + "/listings/new", data=form)) == 422
        for path in (f"/listings/{2**31}", f"/api/v1/listings/{2**31}", f"/organisations/{10**12}"):
            assert _status(opener, urllib.request.Request(base + path)) == 404, path
        assert post_json(listing % "3") == 201  # and the ordinary post still works
