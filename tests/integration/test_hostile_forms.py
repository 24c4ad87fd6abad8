"""Property-based tests (hypothesis) for every other form a user can post, and the filters read from a
query string: each starts from a valid submission and replaces up to three fields with random and hostile
values (see test_hostile_properties for the strategies). Whatever comes in: no 500, no traceback, and what
is stored is whole and has no controls, invisible or direction-changing characters in names and titles."""
import re
from urllib.parse import urlencode

import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from sqlalchemy import select

from siru_exchange.models import Exchange, Introduction, KnowledgeProposal, Listing, Organisation, User
from siru_exchange.services import tokens
from tests.factories import PASSWORD, valid_org_number
from tests.integration.test_exchanges import agreed, exchange_data, propose, token_of, version_of  # noqa: F401
from tests.integration.test_hostile_properties import (
    SHELL_TEXT,
    choice,
    count,
    dates,
    invisible,
    numbers,
    some_of,
    texts,
)
from tests.integration.test_introductions import html, login, message_token

# Values no browser sends but a script can: lone surrogates, a number where text belongs, long strings.
WRONG = st.one_of(st.sampled_from(["\udcff", "a\udc80b", "x" * 20000, "1e999999", "-0", "NaN", "0000-00-00",
                                   "99999-01-01", "on", "true", "[]", "{}", ""]),
                  st.integers(-10**30, 10**30).map(str))


BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\ufeff"


def hostile(strategy):
    return st.one_of(strategy, WRONG)


def raw(data: dict) -> str:
    """The form encoded as a script could send it: a lone surrogate becomes bytes that are not UTF-8."""
    return urlencode(data, encoding="utf-8", errors="surrogatepass")


def post(client, url, data, **kw):
    return client.post(url, data=raw(data), content_type="application/x-www-form-urlencoded", **kw)


def answered(response, allowed=None):
    body = response.get_data(as_text=True)
    assert response.status_code < 500, response.status_code
    assert "Traceback" not in body
    event(f"status {response.status_code}")  # pytest --hypothesis-show-statistics shows the mix
    if allowed is not None:
        assert response.status_code in allowed, response.status_code
    return response


def stored_names_are_clean(db):
    db.session.expire_all()
    for column in (User.name, Organisation.name, Organisation.contact_name, Listing.title):
        for value in db.session.scalars(select(column)):
            assert value is None or not invisible(value), (column, repr(value))


@pytest.fixture
def member(app, factory):
    user = factory.user(name="Anna Svensson")
    return {"user": user, "client": login(app, user)}


LOGIN_FIELDS = {"email": hostile(texts()), "password": hostile(texts()), "remember": hostile(choice("y", ""))}


@given(data=some_of({"email": "login@sagverket.example", "password": PASSWORD}, LOGIN_FIELDS))
def test_login_takes_anything_without_a_500(app, db, factory, data):
    if not db.session.scalar(select(User).where(User.email == "login@sagverket.example")):
        factory.user(email="login@sagverket.example")
    users = count(db, User)
    answered(post(app.test_client(), "/auth/login", data), (302, 400, 422, 429))
    assert count(db, User) == users


PROFILE_FIELDS = {"name": hostile(texts()), "language": hostile(choice("sv", "en")),
                  "form": choice("profile")}
PASSWORD_FIELDS = {"current_password": hostile(texts()), "new_password": hostile(texts()),
                   "form": choice("password")}


@given(data=st.one_of(some_of({"form": "profile", "name": "Anna", "language": "sv"}, PROFILE_FIELDS),
                      some_of({"form": "password", "current_password": PASSWORD,
                               "new_password": "långt-lösenord-1"}, PASSWORD_FIELDS)))
def test_the_profile_and_password_forms_take_anything(db, member, data):
    answered(post(member["client"], "/auth/profile", data), (200, 302, 400, 422, 429))
    stored_names_are_clean(db)
    db.session.expire_all()
    assert db.session.get(User, member["user"].id).name.strip()


ORG_FIELDS = {
    "org_name": hostile(texts()), "org_number": hostile(st.one_of(texts(15), st.integers(0, 10**6).map(
        valid_org_number))), "municipality": hostile(choice("0680", "0686")), "sector": hostile(texts()),
    "size": hostile(choice("micro", "small")), "description": hostile(texts(200)),
    "contact_name": hostile(texts()), "contact_email": hostile(st.one_of(texts(), st.emails())),
    "contact_phone": hostile(texts(20)), "show_contact": hostile(choice("y", "")),
}


@given(data=some_of({"org_name": "Hjälmaryds Såg AB", "municipality": "0686", "size": "small"}, ORG_FIELDS))
def test_the_organisation_form_takes_anything(db, member, data):
    org_id = member["user"].organisation_id
    data.setdefault("org_number", db.session.get(Organisation, org_id).org_number)
    answered(post(member["client"], f"/organisations/{org_id}/edit", data), (200, 302, 400, 409, 422))
    stored_names_are_clean(db)
    db.session.expire_all()
    assert db.session.get(Organisation, org_id).name.strip()


@given(data=st.integers(0, 10**6).flatmap(lambda n: some_of(
    {"name": "Bo Kollega", "email": f"bo{n}@sagverket.example"},
    {"name": hostile(texts()), "email": hostile(st.one_of(texts(), st.emails()))})))
def test_inviting_a_member_takes_anything_and_writes_one_whole_user_or_none(db, member, data):
    users = count(db, User)
    org_id = member["user"].organisation_id
    response = answered(post(member["client"], f"/organisations/{org_id}/members", data),
                        (200, 302, 400, 409, 422, 429))
    assert count(db, User) in (users, users + 1)
    if count(db, User) == users + 1:
        assert response.status_code == 302
    stored_names_are_clean(db)


@given(email=hostile(st.one_of(texts(), st.emails())))
def test_forgot_password_takes_anything(app, db, email):
    answered(post(app.test_client(), "/auth/forgot", {"email": email}), (200, 302, 400, 422, 429))


@given(purpose=st.sampled_from(["reset", "invite"]),
       data=some_of({"name": "Bo Kollega", "password": "långt-lösenord-1"},
                    {"name": hostile(texts()), "password": hostile(texts())}, most=2))
def test_reset_and_invitation_links_take_anything(app, db, factory, purpose, data):
    user = factory.user()
    token = tokens.make(user, purpose)
    path = "reset" if purpose == "reset" else "invitation"
    answered(post(app.test_client(), f"/auth/{path}/{token}", data), (200, 302, 400, 409, 422, 429))
    stored_names_are_clean(db)


@given(data=some_of({"org_number": valid_org_number(4711), "message": "Jag är vd, ring växeln."},
                    {"org_number": hostile(texts(15)), "message": hostile(texts(200))}))
def test_a_claim_takes_anything(app, db, factory, data):
    factory.organisation(org_number=valid_org_number(4711)) if not db.session.scalar(
        select(Organisation).where(Organisation.org_number == valid_org_number(4711))) else None
    loner = factory.user(organisation=None)
    loner.organisation = None  # the factory gives members one; a claim is for a user without
    db.session.commit()
    answered(post(login(app, loner), "/auth/claim", data), (200, 302, 400, 409, 422, 429))


@given(note=hostile(texts(300)), ref=st.one_of(st.just(None), hostile(texts(20))))
def test_an_introduction_request_takes_anything(db, factory, member, note, ref):
    listing = factory.listing(organisation=factory.organisation())
    key = listing.url_key if ref is None else ref
    url = f"/introductions/request?{raw({'listing': key})}"
    answered(post(member["client"], url, {"note": note}), (200, 302, 400, 404, 409, 422, 429))


@pytest.fixture
def agreed_clients(app, agreed):  # noqa: F811
    return {**agreed, "seller_client": login(app, agreed["seller"]),
            "broker_client": login(app, agreed["broker"])}


@given(body=hostile(texts(300)), token=st.one_of(st.just(None), hostile(texts(30))))
def test_introduction_messages_take_anything(db, agreed_clients, body, token):
    client, intro_id = agreed_clients["seller_client"], agreed_clients["intro"].id
    page = html(client.get(f"/introductions/{intro_id}"))
    data = {"body": body, "token": message_token(page) if token is None else token}
    answered(post(client, f"/introductions/{intro_id}/messages", data), (200, 302, 400, 409, 422, 429))


@given(body=hostile(texts(300)))
def test_broker_notes_take_anything(db, agreed_clients, body):
    intro_id = agreed_clients["intro"].id
    answered(post(agreed_clients["broker_client"], f"/broker/introductions/{intro_id}/notes", {"body": body}),
             (200, 302, 400, 409, 422))


TEACH_FIELDS = {"teach-kind": hostile(choice("serves_as", "synonym")),
                "teach-class_id": hostile(choice("sawdust", "glass")),
                "teach-target": hostile(choice("foundry_sand", "use:heating")),
                "teach-phrase": hostile(texts(100)), "teach-language": hostile(choice("sv", "en"))}


@given(data=some_of({"teach-kind": "synonym", "teach-class_id": "sawdust", "teach-phrase": "fnaskull",
                     "teach-language": "sv"}, TEACH_FIELDS))
def test_teaching_the_matching_takes_anything_and_stores_only_clean_phrases(db, agreed_clients, data):
    intro_id = agreed_clients["intro"].id
    answered(post(agreed_clients["broker_client"], f"/broker/introductions/{intro_id}/teach", data),
             (302, 400, 422))
    db.session.expire_all()
    for row in db.session.scalars(select(KnowledgeProposal)):
        assert row.kind in ("serves_as", "synonym") and row.status == "proposed"
        if row.kind == "synonym":
            assert row.phrase and len(row.phrase) <= 80 and not invisible(row.phrase), repr(row.phrase)
            assert row.language in ("sv", "en")


@given(note=hostile(texts(300)), version=st.one_of(st.just(None), hostile(texts(10))))
def test_a_broker_introduction_takes_anything_and_writes_one_whole_introduction_or_none(app, db, factory,
                                                                                       note, version):
    offer = factory.listing(organisation=factory.organisation(), kind="offer")
    need = factory.listing(organisation=factory.organisation(), kind="need")
    suggestion = factory.suggestion(offer, need)
    broker = login(app, factory.broker())
    before = count(db, Introduction)
    data = {"note": note} if version is None else {"note": note, "version": version}
    answered(post(broker, f"/broker/suggestions/{suggestion.id}/introduce", data),
             (200, 302, 400, 409, 422))
    assert count(db, Introduction) in (before, before + 1)


EXCHANGE_FIELDS = {
    "resource_class": hostile(choice("sawdust", "wood_chips")), "description": hostile(texts(200)),
    "quantity": hostile(numbers()), "unit": hostile(choice("m3", "kg")),
    "frequency": hostile(choice("weekly")),
    "started_on": hostile(dates()), "ended_on": hostile(dates()), "distance_km": hostile(numbers()),
    "transport_mode": hostile(choice("truck", "none")), "people_reached": hostile(numbers()),
    "people_kind": hostile(choice("", "trainees")), "supplier_id": hostile(numbers()),
    "receiver_id": hostile(numbers()),
}


@given(changes=some_of({}, EXCHANGE_FIELDS))
def test_proposing_an_exchange_takes_anything_and_writes_a_whole_one_or_none(db, agreed_clients, changes):
    before = count(db, Exchange)
    client, url = agreed_clients["seller_client"], f"/exchanges/new?introduction={agreed_clients['intro'].id}"
    data = {"submission": token_of(html(client.get(url))), **exchange_data(agreed_clients), **changes}
    response = answered(post(client, url, data), (200, 302, 400, 409, 422))
    after = count(db, Exchange)
    assert after in (before, before + 1)
    if after == before + 1:
        assert response.status_code == 302
        made = db.session.scalars(select(Exchange).order_by(Exchange.id.desc())).first()
        assert made.resource_class and made.started_on is not None
        assert not any(ch in (made.description or "") for ch in BIDI), repr(made.description)


@pytest.fixture
def proposed(db, agreed_clients):
    assert propose(agreed_clients["seller_client"], agreed_clients).status_code == 302
    return {**agreed_clients, "exchange": db.session.scalars(select(Exchange)).one()}


@given(action=st.sampled_from(["edit", "end", "verify"]), changes=some_of({}, {
    **EXCHANGE_FIELDS, "note": hostile(texts(200)), "version": hostile(texts(10))}))
def test_editing_ending_and_verifying_an_exchange_take_anything(db, proposed, action, changes):
    ex_id = proposed["exchange"].id
    client = proposed["broker_client"] if action == "verify" else proposed["seller_client"]
    data = {"version": version_of(db, ex_id)}
    if action == "edit":
        page = html(client.get(f"/exchanges/{ex_id}/edit"))
        found = re.search(r'name="submission"[^>]*value="([^"]+)"', page)
        data.update(exchange_data(proposed), submission=found.group(1) if found else "x" * 24)
    elif action == "end":
        data["ended_on"] = "2026-06-30"
    else:
        data["note"] = "Följesedlar sedda"
    data.update(changes)
    answered(post(client, f"/exchanges/{ex_id}/{action}", data), (200, 302, 400, 409, 422))
    assert count(db, Exchange) == 1


@given(password=st.one_of(st.just(PASSWORD), hostile(texts())))
def test_deleting_ones_account_takes_any_password_and_deletes_it_whole_or_not(app, db, factory, password):
    user = factory.user()
    user_id, users = user.id, count(db, User)
    response = answered(post(login(app, user), "/privacy/delete", {"password": password}),
                        (200, 302, 400, 422, 429))
    assert count(db, User) == users - (1 if response.status_code == 302 else 0)
    assert (db.session.get(User, user_id) is None) == (response.status_code == 302)


@given(args=some_of({}, {"actor": hostile(numbers()), "action": hostile(texts(20)),
                         "date_from": hostile(dates()), "date_to": hostile(dates()),
                         "page": hostile(numbers())}))
def test_the_audit_filter_takes_any_query(app, factory, args):
    admin = login(app, factory.user(role="admin"))
    answered(admin.get("/admin/audit", query_string=raw(args)), (200, 400, 422))


LISTING_FILTER = {"q": hostile(texts()), "kind": hostile(choice("offer", "need")),
                  "resource_class": hostile(choice("sawdust")), "municipality": hostile(choice("0680")),
                  "within": hostile(choice("10", "25", "50")), "page": hostile(numbers()),
                  "view": hostile(choice("map", "list"))}


@given(args=some_of({}, LISTING_FILTER), path=st.sampled_from(["/listings/", "/impact/", "/impact/map.json"]),
       year=hostile(numbers()))
def test_the_listing_and_impact_filters_take_any_query(member, args, path, year):
    query = {**args, "year": year} if path.startswith("/impact") else args
    answered(member["client"].get(path, query_string=raw(query)), (200, 302, 400, 404, 422))


PREFERENCES = ["introduction_site", "introduction_email", "answer_site", "answer_email", "message_site",
               "message_email", "digest_email"]


@given(data=some_of({"introduction_site": "y"}, {name: hostile(choice("y", "")) for name in PREFERENCES}))
def test_notification_preferences_take_anything(member, data):
    answered(post(member["client"], "/notifications/preferences", data), (200, 302, 400, 422))


# A backup file from elsewhere: junk, or junk behind the right magic bytes (a truncated or damaged copy).
BACKUP_FILES = st.tuples(st.sampled_from([b"", b"SQLite format 3\x00", b"PGDMP"]),
                         st.binary(max_size=300)).map(lambda parts: parts[0] + parts[1])


@given(content=BACKUP_FILES, force=st.booleans())
def test_restoring_a_damaged_backup_is_refused_and_leaves_the_database_as_it_was(runner, db, factory,
                                                                                 tmp_path_factory, content,
                                                                                 force):
    if not count(db, Organisation):
        factory.user()
    before = (count(db, User), count(db, Organisation))
    path = tmp_path_factory.mktemp("restore") / "backup.db"
    path.write_bytes(content)
    result = runner.invoke(args=["restore", str(path), *(["--force"] if force else [])])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    event(f"exit {result.exit_code}")
    assert result.exit_code != 0, result.output
    assert (count(db, User), count(db, Organisation)) == before


def test_a_truncated_sqlite_backup_is_refused_before_anything_is_replaced(runner, db, factory, tmp_path):
    # Found by the property above: the header alone passed the check and sqlite3 raised a traceback.
    factory.user()
    path = tmp_path / "backup.db"
    path.write_bytes(b"SQLite format 3\x00")
    result = runner.invoke(args=["restore", str(path), "--force"])
    if db.engine.dialect.name == "sqlite":
        assert result.exit_code == 2 and "damaged" in result.output, result.output
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert count(db, User) == 1


@given(command=st.one_of(
    st.tuples(st.just("set-role"), st.one_of(st.just("role@siru.example"), SHELL_TEXT, st.emails()),
              st.one_of(st.sampled_from(["member", "broker", "admin", "researcher"]), SHELL_TEXT)),
    st.tuples(st.just("impact"), st.just("--year"),
              st.one_of(st.integers(-10**20, 10**20).map(str), SHELL_TEXT)),
))
def test_set_role_and_impact_on_the_command_line_take_anything(runner, db, factory, command):
    if not db.session.scalar(select(User).where(User.email == "role@siru.example")):
        factory.user(email="role@siru.example")
    users = count(db, User)
    result = runner.invoke(args=list(command))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    event(f"{command[0]} exit {result.exit_code}")
    assert count(db, User) == users


@given(decision=hostile(choice("approve", "refuse")), note=hostile(texts(300)))
def test_a_brokers_decision_on_a_new_organisation_takes_anything(app, db, factory, decision, note):
    org = factory.organisation(approval="pending")
    broker = login(app, factory.broker())
    response = answered(post(broker, f"/broker/organisations/{org.id}/decision",
                             {"decision": decision, "note": note}), (302, 400, 404))
    db.session.expire_all()
    stored = db.session.get(Organisation, org.id)
    if stored.approval != "pending":  # decided whole: the state the broker chose, after a redirect
        assert stored.approval == {"approve": "approved", "refuse": "refused"}[decision]
        assert response.status_code == 302
    assert not any(ch in stored.approval_note for ch in BIDI), repr(stored.approval_note)
