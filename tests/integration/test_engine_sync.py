"""The web process's engine stays exactly in step with the listings, whatever order transactions
commit in (issue 11): two sessions on two connections, interleaved, on SQLite and PostgreSQL."""
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from siru_exchange.models import Listing
from siru_exchange.services import matching


@pytest.fixture
def other_session(db):
    """A second session on its own connection, as another web worker's request would have."""
    session = Session(db.engine, expire_on_commit=False)
    yield session
    session.rollback()
    session.close()


def test_a_listing_committed_late_with_an_earlier_timestamp_is_seen(factory, db, other_session):
    org = factory.organisation()
    seen = factory.listing(organisation=org, title="Sågspån från hyvleriet")
    # Another worker's transaction writes a listing stamped before `seen`, and commits only after
    # this process has synced (with updated_at >= newest seen, it was never read).
    early = datetime.now(UTC) - timedelta(minutes=5)
    late = Listing(organisation_id=org.id, kind="need", title="Bränsle till pannan",
                   description="Flis eller spån", frequency="weekly", terms="free", visibility="public",
                   status="active",
                   created_at=early, updated_at=early)
    late.refresh_search_text()
    other_session.add(late)
    other_session.flush()  # written, not committed

    eng = matching.engine()
    assert seen.id in eng and late.id not in eng

    other_session.commit()
    eng = matching.engine()
    assert late.id in eng


def test_an_edit_and_a_close_committed_with_older_timestamps_are_seen(factory, db, other_session):
    org = factory.organisation()
    edited = factory.listing(organisation=org, title="Sågspån från hyvleriet")
    closed = factory.listing(organisation=org, title="Bark från barkmaskinen")
    newer = factory.listing(organisation=org, title="Kaffesump från kaféet")
    eng = matching.engine()
    assert {edited.id, closed.id, newer.id} <= set(eng.index.profiles)

    early = datetime.now(UTC) - timedelta(hours=1)
    changes = ((edited.id, {"title": "Aska från flispannan"}), (closed.id, {"status": "closed"}))
    for listing_id, values in changes:
        other_session.execute(update(Listing).where(Listing.id == listing_id)
                              .values(version=Listing.version + 1, updated_at=early, **values))
    other_session.commit()

    eng = matching.engine()
    assert eng.index.profiles[edited.id].listing.title == "Aska från flispannan"
    assert closed.id not in eng
    assert newer.id in eng


def test_a_sync_without_changes_loads_no_listing(app, factory, monkeypatch):
    factory.listing()
    matching.engine()
    cache = app.extensions["siru_engine"]
    added = []
    monkeypatch.setattr(cache.engine, "add", added.append)
    matching.engine()
    assert added == []


def test_an_organisation_that_moves_or_is_renamed_is_seen_without_touching_its_listings(
        factory, db, other_session):
    """The engine reads place and name from the organisation: an edit there (another worker's, on
    its own connection) re-reads the organisation's listings at the next sync, and only those."""
    from siru_exchange.models import Organisation

    org = factory.organisation(name="Hyvleriet AB", municipality="0680", lat=57.78, lon=14.16)
    bystander = factory.listing(organisation=factory.organisation(), title="Bark från barkmaskinen")
    listing = factory.listing(organisation=org, title="Sågspån från hyvleriet")
    eng = matching.engine()
    held = eng.index.profiles[listing.id].listing
    assert (held.municipality, held.lat, held.organisation_name) == ("0680", 57.78, "Hyvleriet AB")

    other_session.execute(update(Organisation).where(Organisation.id == org.id)
                          .values(name="Vetlanda Hyvleri AB", municipality="0685", lat=57.43, lon=15.08))
    other_session.commit()
    version_before = db.session.get(Listing, listing.id).version
    added = []
    original_add = eng.add
    eng.add = lambda item: (added.append(item.id), original_add(item))
    try:
        eng = matching.engine()
    finally:
        del eng.add
    held = eng.index.profiles[listing.id].listing
    assert (held.municipality, held.lat, held.lon) == ("0685", 57.43, 15.08)
    assert held.organisation_name == "Vetlanda Hyvleri AB"
    assert added == [listing.id] and bystander.id in eng
    db.session.expire_all()
    assert db.session.get(Listing, listing.id).version == version_before  # no edit conflict for its forms


def _cache(app):
    return app.extensions["siru_engine"]


def test_an_edit_and_a_pause_are_seen_by_the_next_sync_without_re_reading_every_listing(
        app, factory, db, other_session):
    """Between full syncs, the engine reads only the listings changed since the previous sync (and
    three sums), and still sees another worker's edit and pause."""
    org = factory.organisation()
    edited = factory.listing(organisation=org, title="Sågspån från hyvleriet")
    paused = factory.listing(organisation=org, title="Bark från barkmaskinen")
    bystander = factory.listing(organisation=org, title="Kaffesump från kaféet")
    matching.engine()
    assert _cache(app).last_full

    changes = ((edited.id, {"title": "Aska från flispannan"}), (paused.id, {"status": "paused"}))
    for listing_id, values in changes:
        listing = other_session.get(Listing, listing_id)
        for key, value in values.items():
            setattr(listing, key, value)
    other_session.commit()   # through the ORM, as the listing services write: version and updated_at move

    eng = matching.engine()
    assert not _cache(app).last_full
    assert eng.index.profiles[edited.id].listing.title == "Aska från flispannan"
    assert paused.id not in eng and bystander.id in eng


def test_a_deleted_listing_is_dropped_by_the_next_sync(app, factory, db, other_session):
    """A deletion leaves no row to read by its timestamp: the count of active listings tells."""
    from sqlalchemy import delete

    org = factory.organisation()
    gone = factory.listing(organisation=org, title="Sågspån från hyvleriet")
    kept = factory.listing(organisation=org, title="Bark från barkmaskinen")
    assert gone.id in matching.engine()

    other_session.execute(delete(Listing).where(Listing.id == gone.id))
    other_session.commit()

    eng = matching.engine()
    assert gone.id not in eng and kept.id in eng
    assert _cache(app).last_full   # found by the sums, not by a timestamp


def test_an_edit_committed_long_after_its_timestamp_makes_the_sync_a_full_one(app, factory, db,
                                                                             other_session):
    """A version that moved without a recent timestamp changes the sum of the versions."""
    org = factory.organisation()
    edited = factory.listing(organisation=org, title="Sågspån från hyvleriet")
    matching.engine()
    matching.engine()
    assert not _cache(app).last_full

    early = datetime.now(UTC) - timedelta(hours=2)
    other_session.execute(update(Listing).where(Listing.id == edited.id)
                          .values(version=Listing.version + 1, updated_at=early,
                                  title="Aska från flispannan"))
    other_session.commit()

    eng = matching.engine()
    assert _cache(app).last_full
    assert eng.index.profiles[edited.id].listing.title == "Aska från flispannan"
    assert matching.engine() is eng and not _cache(app).last_full   # and the next one is cheap again


def test_a_full_sync_comes_back_after_its_interval(app, factory, monkeypatch):
    factory.listing()
    matching.engine()
    matching.engine()
    assert not _cache(app).last_full
    monkeypatch.setattr(matching, "FULL_SYNC_SECONDS", -1)
    matching.engine()
    assert _cache(app).last_full
