"""The audit log: broker and admin actions are recorded with their actor, nothing can change a row,
and admins read it filtered and by page."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from siru_exchange.models import AuditEvent
from siru_exchange.services import audit, introductions
from tests.factories import PASSWORD


def login(app, user):
    client = app.test_client()
    assert client.post("/auth/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    return client


def rows(db, action=None):
    db.session.expire_all()
    stmt = db.select(AuditEvent).order_by(AuditEvent.id)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    return list(db.session.scalars(stmt))


@pytest.fixture
def brokered(factory):
    offer = factory.listing(kind="offer")
    need = factory.listing(kind="need", title="Biobränsle sökes")
    factory.user(organisation=offer.organisation)
    suggestion = factory.suggestion(offer, need)
    return {"broker": factory.broker(), "suggestion": suggestion, "offer": offer, "need": need}


def test_an_introduction_and_a_note_are_recorded_with_the_broker(app, db, brokered):
    broker, suggestion = brokered["broker"], brokered["suggestion"]
    client = login(app, broker)
    response = client.post(f"/broker/suggestions/{suggestion.id}/introduce", data={"note": "Prata!"})
    assert response.status_code == 302
    (made,) = rows(db, "introduction.proposed")
    assert (made.actor_id, made.actor_role, made.target_type) == (broker.id, "broker", "introductions")
    assert made.detail["suggestion_id"] == suggestion.id
    assert sorted(made.detail["organisations"]) == sorted(
        [brokered["offer"].organisation_id, brokered["need"].organisation_id])
    client.post(f"/broker/introductions/{made.target_id}/notes", data={"body": "Ring Anna på måndag"})
    (note,) = rows(db, "broker_note.added")
    assert note.actor_id == broker.id and note.target_id == made.target_id
    assert "Anna" not in str(note.detail)  # that a note was written, never its text


def test_a_passed_on_request_is_recorded(app, db, factory):
    listing = factory.listing(visibility="anonymous")
    asker = factory.user()
    intro = introductions.request_introduction(asker, listing_id=listing.id)
    broker = factory.broker()
    client = login(app, broker)
    response = client.post(f"/broker/requests/{intro.id}/take", data={"note": "", "version": intro.version})
    assert response.status_code == 302
    (row,) = rows(db, "introduction.passed_on")
    assert (row.actor_id, row.target_id) == (broker.id, str(intro.id))


def test_a_refused_action_leaves_no_audit_row(app, db, brokered):
    client = login(app, brokered["broker"])
    client.post(f"/broker/suggestions/{brokered['suggestion'].id}/introduce", data={"note": "x" * 5000})
    assert rows(db) == []


def test_users_made_and_roles_changed_from_the_command_line_are_recorded(app, db, runner, factory):
    result = runner.invoke(args=["create-user", "--email", "ny@siru.example", "--name", "Ny Mäklare",
                                 "--role", "broker", "--password", "ett långt lösenord"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["set-role", "ny@siru.example", "admin"])
    assert result.exit_code == 0, result.output
    created, changed = rows(db)
    assert (created.action, created.actor_id, created.detail["role"]) == ("user.created", None, "broker")
    assert (changed.action, changed.detail) == ("user.role_changed", {"from": "broker", "to": "admin"})
    assert runner.invoke(args=["set-role", "nobody@siru.example", "admin"]).exit_code == 2


def test_a_member_cannot_become_one_without_an_organisation(app, db, runner, factory):
    broker = factory.broker(email="b@siru.example")
    result = runner.invoke(args=["set-role", broker.email, "member"])
    assert result.exit_code == 2
    assert rows(db) == []


def test_the_orm_refuses_to_change_or_delete_an_audit_row(app, db):
    row = audit.record(None, "backup.made", ("backup", "x"), {"bytes": 1})
    db.session.commit()
    row.action = "backup.forged"
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, row.id))
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.flush()
    db.session.rollback()
    assert rows(db)[0].action == "backup.made"


def test_malformed_action_names_are_refused(app):
    for bad in ("", "Backup", "backup", "backup.made; drop", "a." + "b" * 60):
        with pytest.raises(ValueError):
            audit.record(None, bad)


@pytest.mark.parametrize("app", ["postgresql"], indirect=True)  # the trigger; SQLite has the ORM guard
def test_postgresql_refuses_update_and_early_delete_but_lets_the_purge_remove_old_rows(app, db):
    audit.record(None, "backup.made", ("backup", "new"))
    old = audit.record(None, "backup.made", ("backup", "old"))
    old.created_at = datetime.now(UTC) - timedelta(days=800)  # an INSERT may carry any time
    db.session.commit()
    for statement in ("UPDATE audit_events SET action = 'x.y'", "DELETE FROM audit_events"):
        with pytest.raises(Exception, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
    assert len(rows(db)) == 2
    assert audit.purge_older_than(730) == 1
    db.session.commit()
    assert [r.target_id for r in rows(db)] == ["new"]


def test_the_purge_keeps_at_least_a_year(app):
    with pytest.raises(ValueError):
        audit.purge_older_than(100)


@pytest.fixture
def admin(factory):
    return factory.user(organisation=None, role="admin", email="admin@siru.example")


def test_only_admins_find_the_page(app, factory, admin, brokered):
    assert app.test_client().get("/admin/audit").status_code == 302
    for user in (factory.user(), brokered["broker"], factory.user(organisation=None, role="researcher")):
        assert login(app, user).get("/admin/audit").status_code == 404
    assert login(app, admin).get("/admin/audit").status_code == 200


def _fill(db, admin, broker):
    now = datetime.now(UTC)
    for i in range(60):
        row = audit.record(broker if i % 2 else None, "introduction.proposed" if i % 3 else "backup.made",
                           ("introductions", i), {"i": i})
        row.created_at = now - timedelta(days=i)
    audit.record(admin, "user.role_changed", ("users", 1), {"from": "member", "to": "broker"})
    db.session.commit()


def test_the_page_filters_by_actor_action_and_dates_and_pages(app, db, admin, brokered):
    broker = brokered["broker"]
    _fill(db, admin, broker)
    client = login(app, admin)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "61 rows" in page or "61 rader" in page
    assert page.count("<tr data-action=") == 50 and 'rel="next"' in page
    assert client.get("/admin/audit?page=2").get_data(as_text=True).count("<tr data-action=") == 11
    by_broker = client.get(f"/admin/audit?actor={broker.id}").get_data(as_text=True)
    assert by_broker.count(broker.email) == 30 + 1  # 30 rows and the filter's option
    cli = client.get("/admin/audit?actor=0&action=backup.made").get_data(as_text=True)
    assert cli.count('<tr data-action="backup.made"') == 10  # i = 0, 6, 12 ... 54
    day = (datetime.now(UTC) - timedelta(days=5)).date().isoformat()
    window = client.get(f"/admin/audit?date_from={day}&date_to={day}").get_data(as_text=True)
    assert window.count("<tr data-action=") == 1
    for junk in ("actor=abc", "action=<script>", "date_from=2026-13-45", "page=-3", "actor=99999999999999"):
        response = client.get(f"/admin/audit?{junk}")
        assert response.status_code == 200 and "<script>" not in response.get_data(as_text=True)


def test_the_page_reads_in_both_languages_and_names_a_deleted_actor(app, db, admin):
    audit.record(None, "backup.made", ("backup", "b.sqlite3"), {"bytes": 10})
    audit.record(admin, "user.created", ("users", 5), {"role": "broker"})
    db.session.commit()
    row_actor_gone = AuditEvent(actor_id=987654, actor_role="broker", action="broker_note.added",
                                target_type="introductions", target_id="3", detail={})
    db.session.add(row_actor_gone)
    db.session.commit()
    client = login(app, admin)
    sv = client.get("/admin/audit").get_data(as_text=True)
    assert "Granskningslogg" in sv and "Säkerhetskopia gjord" in sv and "Borttaget konto (987654)" in sv
    assert "Byte: 10" in sv and 'href="/introductions/3">Kontaktförmedling 3</a>' in sv
    client.post("/language", data={"lang": "en"})
    en = client.get("/admin/audit").get_data(as_text=True)
    assert "Audit log" in en and "Backup made" in en and "Deleted account (987654)" in en
    assert "Bytes: 10" in en and "Backup file <code>b.sqlite3</code>" in en
    assert "Command line" in en
