"""`flask backup` and `flask restore`: a backup restored into a fresh database holds every record, on
SQLite (the online backup API) and PostgreSQL (pg_dump/pg_restore); a database with data is not
overwritten without --force."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from config import TestConfig
from siru_exchange.models import AuditEvent, ClaimRequest, Listing, Message, Organisation
from siru_exchange.services import audit, backup, exchanges, introductions, listing_import, messaging


@pytest.fixture
def data(factory, db):
    """At least one row in every table the site writes to."""
    org = factory.organisation(name="Åkeri & Söner AB")
    other = factory.organisation()
    member = factory.user(organisation=org)
    them = factory.user(organisation=other)
    offer = factory.listing(organisation=org, price=Decimal("1234.50"), terms="price")
    need = factory.listing(organisation=other, kind="need", title="Flis sökes")
    factory.suggestion(offer, need)
    factory.chain([(offer, need), (need, offer)])
    intro = introductions.request_introduction(them, listing_id=offer.id, note="Hej")
    introductions.answer(member, intro, True, intro.version)
    messaging.post_message(them, intro, "Första meddelandet – med å, ä och ö", messaging.new_token())
    introductions.add_broker_note(factory.broker(), intro, "Följ upp i januari")
    from siru_exchange.models import NotificationPreference

    db.session.add(NotificationPreference(user_id=member.id, digest_email=False))
    audit.record(None, "user.created", member, {"role": "member"})
    db.session.commit()
    # A claim to join a registered organisation, and an exchange with its version rows.
    claimant = factory.user(organisation=None)
    db.session.add(ClaimRequest(user=claimant, org_number=org.org_number, organisation=org, message="VD"))
    db.session.commit()
    exchanges.record_outside(factory.broker(), exchanges.ExchangeInput(
        resource_class="sawdust", supplier_id=org.id, receiver_id=other.id, quantity=Decimal("12"),
        unit="tonne", frequency="yearly", started_on=date(2026, 1, 1)))
    # A broker's listing import waiting for its confirmation (its cells as JSON).
    listing_import.upload(factory.broker(), "organisation;typ;titel\r\nÅkeri & Söner AB;erbjudande;Pallar\r\n"
                          .encode("utf-8-sig"), "workshop.csv")
    # A survey answer (a draft keeps its questionnaire version and its answers as JSON).
    from siru_exchange.models import SurveyResponse

    db.session.add(SurveyResponse(organisation_id=org.id, year=2026, questionnaire_version="2026-1",
                                  answers={"activities": {"local_sourcing": "started"}, "contact_ok": True}))
    # A full recompute interrupted after its first batch (what `flask match run --resume` continues).
    from siru_exchange.models import MatchRun, MatchRunBatch

    run = MatchRun(parts=["materials", "other"])
    db.session.add(run)
    db.session.flush()
    db.session.add(MatchRunBatch(run_id=run.id, part="materials", listing_ids=[offer.id, need.id],
                                 pairs=[[offer.id, need.id, 0.8]], part_done=False))
    # A re-ranker learned from outcomes (`flask match learn`), stored with its evaluation, not in use.
    from siru_exchange.models import RerankerModel

    model = {"features": ["score"], "coefficients": [1.0], "intercept": 0.0}
    db.session.add(RerankerModel(version=1, model=model,
                                 evaluation={"in_use": False}, outcomes=12, in_use=False))
    db.session.commit()
    # A synonym a broker taught the matching from the introduction (issue 12).
    from siru_exchange.services import knowledge

    knowledge.propose(factory.broker(), knowledge.ProposalInput(
        kind="synonym", class_id="sawdust", phrase="fnaskull", language="sv", introduction_id=intro.id))
    return {"org_id": org.id, "offer_id": offer.id}


def _migrations_head() -> str:
    from pathlib import Path

    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).resolve().parents[2] / "migrations"))
    return ScriptDirectory.from_config(config).get_current_head()


def _fresh_database_url(app, tmp_path) -> str:
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    fresh = url.set(database=f"{url.database}_restore")
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{fresh.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{fresh.database}"'))
    admin.dispose()
    return fresh.render_as_string(hide_password=False)


def _drop(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    admin.dispose()


def _other_app(url: str, tmp_path):
    from siru_exchange import create_app

    return create_app({**{k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()},
                       "SQLALCHEMY_DATABASE_URI": url, "MAIL_OUTBOX": str(tmp_path / "outbox2")})


def test_a_backup_restored_into_a_fresh_database_holds_every_record(app, db, data, runner, tmp_path):
    before = backup.row_counts()
    app_tables = {t for t in db.metadata.tables}
    assert app_tables <= set(before)
    empty = sorted(t for t in app_tables if before[t] == 0)
    assert empty == [], f"the fixture leaves these tables empty, so the test would not see them: {empty}"
    path = tmp_path / "siru.backup"
    result = runner.invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    assert path.stat().st_size > 0
    assert not list(tmp_path.glob(".*.partial"))
    before = backup.row_counts()  # now with the backup's own audit row, which the backup does not hold
    fresh_url = _fresh_database_url(app, tmp_path)
    other = _other_app(fresh_url, tmp_path)
    try:
        with other.app_context():
            result = other.test_cli_runner().invoke(args=["restore", str(path)])
            assert result.exit_code == 0, result.output
            # Every table, row for row: the restore's own audit row stands where the backup's was.
            assert backup.row_counts() == before
            org = db.session.get(Organisation, data["org_id"])
            assert org.name == "Åkeri & Söner AB"
            assert db.session.get(Listing, data["offer_id"]).price == Decimal("1234.50")
            assert db.session.scalar(db.select(Message.body)) == "Första meddelandet – med å, ä och ö"
            actions = list(db.session.scalars(db.select(AuditEvent.action).order_by(AuditEvent.id)))
            assert actions[:2] == ["broker_note.added", "user.created"] and actions[-1] == "backup.restored"
            assert "backup.made" not in actions
            version = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
            assert version == _migrations_head()  # the schema came with the data
            db.session.remove()
            db.engine.dispose()
    finally:
        _drop(fresh_url)


def test_a_restore_refuses_a_database_with_data_unless_forced(app, db, data, runner, tmp_path):
    path = tmp_path / "siru.backup"
    assert runner.invoke(args=["backup", str(path)]).exit_code == 0
    org = db.session.get(Organisation, data["org_id"])
    org.name = "Ändrat efter säkerhetskopian AB"
    db.session.commit()
    refused = runner.invoke(args=["restore", str(path)])
    assert refused.exit_code == 2 and "--force" in refused.output
    db.session.expire_all()
    assert db.session.get(Organisation, data["org_id"]).name == "Ändrat efter säkerhetskopian AB"
    forced = runner.invoke(args=["restore", "--force", str(path)])
    assert forced.exit_code == 0, forced.output
    db.session.remove()
    assert db.session.get(Organisation, data["org_id"]).name == "Åkeri & Söner AB"


def test_a_backup_never_overwrites_and_a_restore_reads_only_its_own_format(app, db, data, runner, tmp_path):
    path = tmp_path / "taken.backup"
    path.write_text("something precious")
    result = runner.invoke(args=["backup", str(path)])
    assert result.exit_code == 2 and path.read_text() == "something precious"
    assert runner.invoke(args=["backup", str(tmp_path / "missing" / "x.backup")]).exit_code == 2
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"PK\x03\x04 not a database")
    result = runner.invoke(args=["restore", "--force", str(junk)])
    assert result.exit_code == 2 and "not a backup" in result.output
    assert runner.invoke(args=["restore", str(tmp_path / "nothing.backup")]).exit_code == 2
    db.session.expire_all()
    assert db.session.get(Organisation, data["org_id"]).name == "Åkeri & Söner AB"


def test_a_backup_that_cannot_be_written_is_refused_with_a_message_not_a_traceback(app, db, data, runner):
    # Found by test_hostile_actions: a folder nobody may write to (/proc, even for root) raised a traceback.
    result = runner.invoke(args=["backup", "/proc/x.backup"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert ("Could not write /proc/x.backup" in result.output  # SQLite
            or "could not open output file" in result.output), result.output  # pg_dump's own words
