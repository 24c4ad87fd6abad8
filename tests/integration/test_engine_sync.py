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
