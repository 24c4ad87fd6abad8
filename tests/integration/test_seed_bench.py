"""`flask seed-bench`: a generated dataset added on top of the demo, valid for the app's own rules."""
from sqlalchemy import func, select, text

from siru_exchange.models import Chain, Introduction, Listing, Organisation, Suggestion, User
from siru_exchange.models.introduction import IntroductionParty
from siru_exchange.validators import normalise_org_number


def _count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_seed_bench_adds_to_the_demo_and_demo_logins_still_work(runner, db, client):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    before = {m: _count(db, m) for m in (Organisation, Listing, Suggestion)}
    result = runner.invoke(args=["seed-bench", "--organisations", "60", "--listings", "600", "--seed", "5"])
    assert result.exit_code == 0, result.output
    assert _count(db, Organisation) == before[Organisation] + 60
    assert _count(db, Listing) == before[Listing] + 600
    assert _count(db, Suggestion) > before[Suggestion] + 300
    assert _count(db, Introduction) > 0 and _count(db, Chain) > 0
    # a second run with the same seed adds again instead of colliding on numbers or addresses
    again = runner.invoke(args=["seed-bench", "--organisations", "10", "--listings", "50", "--seed", "5"])
    assert again.exit_code == 0, again.output
    assert _count(db, Organisation) == before[Organisation] + 70
    if db.engine.dialect.name == "postgresql":
        # the planner's statistics are refreshed after the bulk load (autovacuum may be off or late):
        # without them it takes the tables for empty and picks plans that run for minutes at 100,000
        for model in (Listing, Suggestion):
            estimate = db.session.scalar(
                text("SELECT reltuples FROM pg_class WHERE relname = :t"), {"t": model.__tablename__})
            assert abs(estimate - _count(db, model)) <= 0.1 * _count(db, model)

    listings = db.session.scalars(select(Listing).where(Listing.organisation_id > 56)).all()
    assert {row.kind for row in listings} == {"offer", "need"}
    assert {row.visibility for row in listings} == {"public", "members", "anonymous"}
    assert {row.status for row in listings} == {"active", "paused", "closed"}
    # its suggestions count as computed: a matching worker starting on it does not queue them all again
    assert all(row.suggested_version == row.version for row in listings)
    assert len({row.effective_class for row in listings}) > 20
    words = " ".join(row.search_text for row in listings)
    assert " vi " in f" {words} " and " we " in f" {words} "  # Swedish and English text
    orgs = db.session.scalars(select(Organisation)).all()
    assert all(normalise_org_number(o.org_number) == o.org_number for o in orgs)
    assert {o.municipality for o in orgs} > {"other", "0680"}
    # every listing's suggestions pair an offer with a need of other organisations
    pairs = db.session.execute(
        select(Suggestion.offer_id, Suggestion.need_id).limit(200)).all()
    kinds = {row.id: (row.kind, row.organisation_id) for row in db.session.scalars(select(Listing))}
    assert all(kinds[o][0] == "offer" and kinds[n][0] == "need" and kinds[o][1] != kinds[n][1]
               for o, n in pairs)
    assert _count(db, IntroductionParty) == 2 * _count(db, Introduction)
    # the demo accounts still log in, and a generated member can too
    assert client.post("/auth/login", data={"email": "org01@demo.siru.example",
                                            "password": "demo-password"}).status_code == 302
    bench_users = select(func.count()).select_from(User).where(User.email.like("%@bench.siru.example"))
    assert db.session.scalar(bench_users) > 70
    assert client.get("/listings/").status_code == 200


def test_seed_bench_refuses_bad_arguments_and_writes_nothing(runner, db):
    for args in (["--organisations", "0", "--listings", "10"], ["--organisations", "5", "--listings", "-1"],
                 ["--organisations", "5", "--listings", "5", "--seed", "-3"]):
        result = runner.invoke(args=["seed-bench", *args])
        assert result.exit_code == 2
        assert "error:" in result.output
    assert runner.invoke(args=["seed-bench", "--organisations", "x", "--listings", "5"]).exit_code == 2
    assert _count(db, Organisation) == 0
