"""The JSON API's listing post made once per `Idempotency-Key` (issue 11): a repeat answers the
listing the first post made, with the same status and body, and parallel identical posts with one
key, on real threads against one database, make exactly one listing. The same unique submission
token as the listing form guards it."""
from siru_exchange.models import Listing
from tests.integration.test_introduction_races import N, _clients, _in_parallel
from tests.integration.test_introductions import login

BODY = {"kind": "offer", "title": "Pallar, EUR", "quantity": 40, "unit": "pallet", "frequency": "monthly",
        "terms": "free"}


def _count(db) -> int:
    db.session.expire_all()
    return db.session.query(Listing).count()


def test_a_repeated_post_with_one_key_answers_the_first_listing(app, db, factory):
    client = login(app, factory.user())
    first = client.post("/api/v1/listings", json=BODY, headers={"Idempotency-Key": "retry-1"})
    again = client.post("/api/v1/listings", json=BODY, headers={"Idempotency-Key": "retry-1"})
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert _count(db) == 1
    # The IETF draft's quoted form is the same key.
    quoted = client.post("/api/v1/listings", json=BODY, headers={"Idempotency-Key": '"retry-1"'})
    assert quoted.get_json()["id"] == first.get_json()["id"] and _count(db) == 1
    # Another key, or no key, is another listing.
    other_key = client.post("/api/v1/listings", json=BODY, headers={"Idempotency-Key": "retry-2"})
    assert other_key.status_code == 201
    assert client.post("/api/v1/listings", json=BODY).status_code == 201
    assert _count(db) == 3


def test_a_key_is_per_organisation_and_apart_from_form_tokens(app, db, factory):
    one, other = login(app, factory.user()), login(app, factory.user())
    mine = one.post("/api/v1/listings", json=BODY, headers={"Idempotency-Key": "k"}).get_json()
    theirs = other.post("/api/v1/listings", json=BODY, headers={"Idempotency-Key": "k"}).get_json()
    assert mine["id"] != theirs["id"] and _count(db) == 2
    stored = {x.submission_token for x in db.session.query(Listing)}
    assert stored == {"api:k"}  # a form's token has no colon, so the two never meet


def test_a_bad_key_answers_400_naming_the_header(app, db, factory):
    client = login(app, factory.user())
    for bad in ("", "x" * 61, "två ord"):
        response = client.post("/api/v1/listings", json=BODY, headers={"Idempotency-Key": bad})
        assert response.status_code == 400, bad
        assert "Idempotency-Key" in response.get_json()["fields"]
    assert _count(db) == 0


def test_parallel_identical_posts_with_one_key_make_one_listing(app, db, factory):
    clients = _clients(app, factory.user())
    answers = []

    def post(client):
        response = client.post("/api/v1/listings", json=BODY, headers={"Idempotency-Key": "parallel-1"})
        answers.append(response)
        return response

    codes = _in_parallel(clients, post)
    assert codes == [201] * N
    assert len({r.get_json()["id"] for r in answers}) == 1
    assert sum("Idempotent-Replayed" not in r.headers for r in answers) == 1
    assert _count(db) == 1
