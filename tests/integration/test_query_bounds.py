"""Pages that do not grow with the data: every list page issues the same few queries at 300 and at
3,300 listings and for any page size (counted with an SQLAlchemy event listener); on PostgreSQL the
main queries use their indexes (EXPLAIN); pages neither repeat nor miss a row."""
from contextlib import contextmanager

import pytest
from sqlalchemy import event, func, select

from siru_exchange.models import Chain, Listing, Organisation, Suggestion
from siru_exchange.services import cache, matching, seed_bench

BOUND = 16  # queries per page, whatever the data (session, user, page rows, capped count, ...)


@contextmanager
def recorded(db):
    statements = []

    def listen(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)


def _busiest_organisation(db):
    """The organisation with the most current suggestions on its active listings (and a chain)."""
    counts = {}
    for (offer_org,) in db.session.execute(
        select(Listing.organisation_id).join(Suggestion, Suggestion.offer_id == Listing.id)
        .where(Suggestion.current.is_(True))
    ):
        counts[offer_org] = counts.get(offer_org, 0) + 1
    return db.session.get(Organisation, max(counts, key=counts.get))


def _pages(db):
    listing = db.session.scalar(
        select(Listing).join(Suggestion, Suggestion.offer_id == Listing.id).where(
            Listing.status == "active", Listing.visibility == "public")
        .group_by(Listing.id).order_by(func.count(Suggestion.id).desc(), Listing.id).limit(1))
    cls = listing.effective_class
    return {
        "home": "/",
        "browse": "/listings/",
        "browse page 3": "/listings/?page=3",
        "search": "/listings/?q=s%C3%A5gsp%C3%A5n",
        "search two words": "/listings/?q=wood+chips",
        "filters": f"/listings/?kind=offer&resource_class={cls}&municipality=0680",
        "listing page": f"/listings/{listing.public_id}",
        "api list 5": "/api/v1/listings?per_page=5",
        "api list 100": "/api/v1/listings?per_page=100&kind=need",
        "organisation suggestions": "/suggestions/",
        "organisation suggestions page 2": "/suggestions/?page=2",
        "broker queue": "/broker/",
        "broker queue page 2": "/broker/?page=2",
        "broker introductions": "/introductions/",
        "broker introductions of a status": "/introductions/?status=proposed&page=2",
        "broker approvals": "/broker/approvals",
    }


def _count_queries(db, client, auth, factory):
    org = _busiest_organisation(db)
    member = factory.user(organisation=org)
    broker = factory.broker()
    counts = {}
    for name, url in _pages(db).items():
        auth.logout()
        auth.login(broker.email if name.startswith("broker") else member.email)
        client.get(url)  # warm: the engine's taxonomy, the session's first queries
        with recorded(db) as statements:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(statements)
    return counts


def test_every_list_page_issues_a_bounded_number_of_queries_whatever_the_data(db, client, auth, factory):
    seed_bench.seed(30, 300, seed=11)
    small = _count_queries(db, client, auth, factory)
    seed_bench.seed(300, 3000, seed=12)
    assert db.session.scalar(select(func.count(Listing.id))) == 3300
    large = _count_queries(db, client, auth, factory)
    assert max(large.values()) <= BOUND, large
    # Ten times the data: at most two more queries on a page, never one per row: the count (a last
    # page shows every row, so it is not counted; with more data page 1 is no longer the last), and
    # something that shows only once it exists (the viewer's own organisation when one of its
    # listings is on the page; the parties of the requests waiting for a broker, in one query).
    assert all(large[name] - small[name] <= 2 for name in small), (small, large)
    # and the page size does not matter either
    assert large["api list 5"] == large["api list 100"], large


@pytest.mark.config(CACHE_SECONDS=60)
def test_home_counts_are_cached_for_their_time_to_live(db, client, factory):
    from flask_login import AnonymousUserMixin

    from siru_exchange.services import stats

    cache.forget()
    factory.listing()
    visitor = AnonymousUserMixin()
    first = stats.visible_counts(visitor)
    assert first["offers"] == 1
    factory.listing()
    with recorded(db) as warm:
        again = stats.visible_counts(visitor)
    assert again == first and warm == []  # within the time to live: no query, the cached figures
    assert client.get("/").status_code == 200
    cache.forget()
    assert stats.visible_counts(visitor)["offers"] == 2  # computed again once it expires
    cache.forget()


@pytest.mark.config(CACHE_SECONDS=60)
def test_the_cache_in_memory_keeps_a_bounded_number_of_values(app, monkeypatch):
    # every distinct search keeps its count: a process must not grow with the searches it has seen
    monkeypatch.setattr(cache, "MEMORY_ENTRIES", 50)
    cache.forget()
    for i in range(500):
        assert cache.cached(f"count:{i}", lambda i=i: i) == i
        assert len(cache._memory) <= 50
    assert cache.cached("count:499", lambda: "computed again") == 499  # the newest are kept
    cache.forget()


def _walk(client, url):
    seen, page = [], 1
    while True:
        body = client.get(f"{url}&page={page}").get_json()
        seen += [item["id"] for item in body["items"]]
        if not body["has_next"]:
            return seen, body
        page += 1


def test_pages_neither_repeat_nor_miss_a_listing(db, client):
    seed_bench.seed(40, 400, seed=3)
    seen, last = _walk(client, "/api/v1/listings?per_page=7")
    assert len(seen) == len(set(seen))
    expected = set(db.session.scalars(
        select(Listing.public_id).join(Listing.organisation)
        .where(Listing.status == "active", Listing.visibility.in_(("public", "anonymous")),
               Organisation.approval == "approved")))
    assert set(seen) == expected
    assert last["total"] == len(expected) and not last["total_is_lower_bound"]


def test_counts_are_capped_not_exact_past_the_cap(db, client, monkeypatch):
    from siru_exchange.services import paging

    seed_bench.seed(20, 200, seed=4)
    monkeypatch.setattr(paging, "COUNT_CAP", 10)
    # paginate(stmt, page, per_page, scalars=True, cap=COUNT_CAP, kept_count=False): cap 10
    monkeypatch.setattr(paging.paginate, "__defaults__", (True, 10, False))
    body = client.get("/api/v1/listings?per_page=4&page=2").get_json()
    assert body["total"] == 10 and body["total_is_lower_bound"] and body["has_next"]
    page = client.get("/listings/?page=2").get_data(as_text=True)
    assert "Fler än 10 annonser hittades" in page or "More than 10 listings found" in page


def test_organisation_suggestions_pages_are_the_whole_list(db, client, auth, factory):
    seed_bench.seed(20, 600, seed=5)
    org = _busiest_organisation(db)
    member = factory.user(organisation=org)
    whole = matching.for_organisation(member, org.id, "sv", per_page=10_000).items
    assert len(whole) > 5
    paged, page = [], 1
    while True:
        result = matching.for_organisation(member, org.id, "sv", page=page, per_page=3)
        paged += result.items
        if not result.has_next:
            break
        page += 1
    assert [v.suggestion.id for v in paged] == [v.suggestion.id for v in whole]
    scores = [v.suggestion.score for v in whole]
    assert scores == sorted(scores, reverse=True)
    assert all(v.own.organisation_id == org.id for v in whole)
    auth.login(member.email)
    assert client.get("/suggestions/?page=2").status_code == 200


def _explain(db, statement, parameters):
    with db.engine.connect() as conn:
        # a small table: turn off what the planner prefers there (scans, hash joins) to show the index
        # applies, as it does on a large one
        for setting in ("enable_seqscan", "enable_hashjoin", "enable_mergejoin"):
            conn.exec_driver_sql(f"SET {setting} = off")
        plan = "\n".join(row[0] for row in conn.exec_driver_sql(f"EXPLAIN {statement}", parameters))
        conn.rollback()
    return plan



def _main_query(db, client, url, needle):
    with recorded(db) as statements:
        assert client.get(url).status_code == 200
    found = [(s, p) for s, p in statements if needle in s]
    assert found, [s for s, _ in statements]
    return found[0]


@pytest.mark.parametrize("app", ["postgresql"], indirect=True)  # EXPLAIN of PostgreSQL's indexes
def test_main_queries_use_their_indexes_on_postgres(app, db, client, auth, factory):
    seed_bench.seed(30, 600, seed=6)
    assert db.session.scalar(select(func.count(Chain.id)))
    with db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    browse = _explain(db, *_main_query(db, client, "/api/v1/listings?per_page=5",
                                       "ORDER BY listings.created_at"))
    assert "ix_listings_status_created" in browse, browse
    # search's condition for a word is served by the trigram index (on this small table the planner
    # may prefer the date index; on a large one a rare word is read from the trigram index)
    from siru_exchange.services import knowledge
    from siru_exchange.services.listings import _term_condition

    term = select(Listing.id).where(_term_condition(knowledge.taxonomy(), "pyrolysolja"))
    search = _explain(db, str(term.compile(db.engine, compile_kwargs={"literal_binds": True})), ())
    assert "ix_listings_search_trgm" in search, search
    # a word naming a class: its synonyms in both languages, and the class, never a scan of every row
    synonyms = _explain(db, *_main_query(db, client, "/api/v1/listings?q=s%C3%A5gsp%C3%A5n",
                                         "ORDER BY listings.created_at"))
    assert "Seq Scan on listings" not in synonyms, synonyms
    # ... and the class's names are one lookup in the full-text index, not two trigram LIKEs per name
    named = select(Listing.id).where(_term_condition(knowledge.taxonomy(), "sawdust"))
    sql = str(named.compile(db.engine, compile_kwargs={"literal_binds": True}))
    assert sql.count(" LIKE ") == 1 and "to_tsquery" in sql, sql
    words = _explain(db, sql, ())
    assert "ix_listings_search_words" in words and "ix_listings_effective_class" in words, words
    klass = _explain(db, *_main_query(db, client, "/api/v1/listings?resource_class=sawdust",
                                      "ORDER BY listings.created_at"))
    assert "ix_listings_effective_class" in klass or "ix_listings_status_created" in klass, klass
    org = _busiest_organisation(db)
    member = factory.user(organisation=org)
    auth.login(member.email)
    own = _explain(db, *_main_query(db, client, "/suggestions/", "UNION"))
    # each side walks the suggestions of the organisation's own listings by their own index (an index
    # scan or a bitmap index scan, as the planner likes on this size)
    assert "ix_suggestions_offer_" in own and "ix_suggestions_need_" in own, own
    assert "Seq Scan on suggestions" not in own, own
    statement, _ = _main_query(db, client, "/suggestions/", "FROM chains")
    assert "CAST(chains.organisation_ids AS JSONB) @>" in statement  # the indexed expression
    chains = _explain(db, f"SELECT id FROM chains WHERE CAST(organisation_ids AS JSONB) @> '[{org.id}]'", ())
    assert "ix_chains_organisations" in chains, chains
    auth.logout()
    auth.login(factory.broker().email)
    queue = _explain(db, *_main_query(db, client, "/broker/", "ORDER BY suggestions.score DESC"))
    assert "ix_suggestions_current_score" in queue, queue


def test_broker_queue_joins_only_what_its_filters_need(db, client, auth, factory):
    """The queue's main query joins the two listings (their status) and the organisations only for
    the municipality filter; the rows' organisations come in one query by key afterwards. Joining the
    same tables again for eager loading made it a nine-table join whose planning (33-42 ms on
    PostgreSQL) cost more than running it."""
    seed_bench.seed(30, 300, seed=13)
    auth.login(factory.broker().email)
    statement, _ = _main_query(db, client, "/broker/", "ORDER BY suggestions.score DESC")
    assert statement.count(" JOIN ") == 2, statement
    assert "organisations" not in statement.split("FROM", 1)[1], statement
    filtered, _ = _main_query(db, client, "/broker/?municipality=0680", "ORDER BY suggestions.score DESC")
    assert filtered.count(" JOIN ") == 4, filtered
    page = client.get("/broker/").get_data(as_text=True)
    shown = db.session.scalars(
        select(Suggestion).where(Suggestion.current.is_(True)).order_by(Suggestion.score.desc()).limit(1)
    ).one()
    # the organisations' names are on the page (loaded afterwards, not joined)
    assert shown.offer.organisation.name in page and shown.need.organisation.name in page


def test_the_municipality_filter_reads_approval_on_the_joined_organisation(db, client, factory):
    """With the organisations joined for the municipality filter, the visibility rule reads their
    approval on the joined row (no sub-select of every approved organisation), and still shows no
    listing of an organisation waiting for approval."""
    waiting = factory.organisation(municipality="0680", approval="pending", approved_at=None)
    county_org = factory.organisation(municipality="0680")
    approved = factory.listing(organisation=county_org, title="Pallar att hämta")
    pending = factory.listing(organisation=waiting, title="Pallar från väntande")
    with recorded(db) as statements:
        page = client.get("/listings/?municipality=0680").get_data(as_text=True)
    assert approved.title in page and pending.title not in page
    listed = [s for s, _ in statements if "JOIN organisations ON" in s]
    assert listed and all("organisations.approval" in s and "IN (SELECT organisations.id" not in s
                          for s in listed), listed
    # without the filter nothing is joined: the sub-select stays (an indexed lookup per listing)
    with recorded(db) as statements:
        page = client.get("/listings/").get_data(as_text=True)
    assert approved.title in page and pending.title not in page
    assert any("IN (SELECT organisations.id" in s for s, _ in statements)
