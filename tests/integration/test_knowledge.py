"""Brokers teach the matching (issue 12): a broker proposes "X can serve as Y" or a synonym from a
suggestion or an introduction, a member cannot, an admin accepts; the next suggestion computation
uses it without a restart, `flask taxonomy export` writes it, bad input re-shows the form with a
message in the user's language, duplicates are refused, and every step is in the audit log."""
import json
import os

import pytest
from redis import Redis
from sqlalchemy import select

from siru_exchange.models import AuditEvent, KnowledgeProposal, Suggestion, User
from siru_exchange.services import introductions, jobs, knowledge, matching
from siru_exchange.services.errors import NotAllowed, ValidationFailed
from tests.factories import PASSWORD

WORD = "fnaskull"  # no class of the shipped taxonomy knows it


@pytest.fixture
def admin(factory):
    return factory.user(organisation=None, role="admin", language="en")


@pytest.fixture
def pair(factory):
    """An offer of sawdust and a need that names it only by a word the taxonomy does not know."""
    offer = factory.listing(organisation=factory.organisation(), title="Sågspån", description="Torrt sågspån")
    need = factory.listing(organisation=factory.organisation(), kind="need",
                           title=f"{WORD.capitalize()} sökes", description=f"Vi behöver {WORD} till stallet")
    return offer, need, factory.suggestion(offer, need)


def _login(client, user):
    client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    return client


def _synonym(suggestion_id=None, **kw):
    values = {"kind": "synonym", "class_id": "sawdust", "phrase": WORD, "language": "sv",
              "suggestion_id": suggestion_id}
    values.update(kw)
    return knowledge.ProposalInput(**values)


def test_an_accepted_synonym_is_used_by_the_next_suggestion_computation_without_a_restart(
        factory, db, pair, admin):
    offer, need, suggestion = pair
    broker = factory.broker()
    assert [s.offer_id for s in matching.engine().suggest(matching.to_engine_listing(need))] == []
    proposal = knowledge.propose(broker, _synonym(suggestion.id))
    assert proposal.status == "proposed" and knowledge.version() == 0
    engine_before = matching.engine()
    knowledge.decide(admin, proposal.id, accept=True)
    assert knowledge.version() == 1 and proposal.knowledge_version == 1
    engine_after = matching.engine()
    assert engine_after is not engine_before  # rebuilt in the same process on the new knowledge
    found = engine_after.suggest(matching.to_engine_listing(need))
    assert [s.offer_id for s in found][:1] == [offer.id]
    # And the stored suggestions of a recompute take it too.
    matching.recompute_for_listing(need)
    assert engine_after is matching.engine()  # no rebuild while the version stays
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["knowledge.proposed", "knowledge.accepted"]


def test_a_serves_as_proposal_from_an_introduction_links_the_two_classes(factory, db, admin):
    broker = factory.broker()
    offer = factory.listing(title="Glasskärv", description="Krossat glas", resource_class="glass")
    need = factory.listing(kind="need", title="Fyllnadsmassor", description="Till en parkering",
                           resource_class="foundry_sand")
    intro = introductions.introduce_suggestion(broker, factory.suggestion(offer, need).id, "")
    assert matching.engine().taxonomy.serves("glass", "foundry_sand") is None
    proposal = knowledge.propose(broker, knowledge.ProposalInput(
        kind="serves_as", class_id="glass", target="foundry_sand", introduction_id=intro.id))
    knowledge.decide(admin, proposal.id, accept=True)
    assert matching.engine().taxonomy.serves("glass", "foundry_sand") == ["glass", "foundry_sand"]
    assert knowledge.accepted() == [{"kind": "serves_as", "class": "glass", "target": "foundry_sand",
                                     "language": None, "phrase": None, "version": 1}]


def test_a_member_cannot_propose_and_a_broker_cannot_decide(factory, db, pair):
    _offer, _need, suggestion = pair
    member, broker = factory.user(), factory.broker()
    with pytest.raises(NotAllowed):
        knowledge.propose(member, _synonym(suggestion.id))
    proposal = knowledge.propose(broker, _synonym(suggestion.id))
    with pytest.raises(NotAllowed):
        knowledge.decide(broker, proposal.id, accept=True)
    assert db.session.get(KnowledgeProposal, proposal.id).status == "proposed"


@pytest.mark.parametrize("values, field", [
    ({"class_id": "no_such_class"}, "class_id"),
    ({"phrase": "   \u200b "}, "phrase"),
    ({"phrase": "1234"}, "phrase"),
    ({"phrase": "x" * 81}, "phrase"),
    ({"language": "de"}, "language"),
    ({"phrase": "Sågspån"}, "phrase"),          # the class's own label
    ({"phrase": " KUTTERSPAN "}, "phrase"),     # a shipped synonym, case and accents aside
    ({"kind": "serves_as", "target": "sawdust"}, "target"),
    ({"kind": "serves_as", "target": "biomass_fuel"}, "target"),   # a shipped edge
    ({"kind": "serves_as", "target": "use:nothing"}, "target"),
    ({"kind": "teleport"}, "kind"),
])
def test_bad_input_is_refused_field_by_field(factory, db, values, field):
    with pytest.raises(ValidationFailed) as refused:
        knowledge.propose(factory.broker(), _synonym(**values))
    assert field in refused.value.errors
    assert db.session.scalar(select(KnowledgeProposal.id)) is None


def test_duplicate_proposals_are_refused_until_rejected(factory, db, admin):
    broker = factory.broker()
    first = knowledge.propose(broker, _synonym())
    with pytest.raises(ValidationFailed):
        knowledge.propose(factory.broker(), _synonym(phrase=WORD.upper()))
    knowledge.decide(admin, first.id, accept=False)
    assert knowledge.version() == 0
    again = knowledge.propose(broker, _synonym())  # a rejected one may be proposed again
    knowledge.decide(admin, again.id, accept=True)
    with pytest.raises(ValidationFailed) as refused:
        knowledge.propose(broker, _synonym())
    assert "phrase" in refused.value.errors
    with pytest.raises(ValidationFailed):
        knowledge.decide(admin, again.id, accept=True)  # decided already
    assert knowledge.version() == 1


def test_export_writes_the_taxonomy_with_the_accepted_knowledge(factory, db, runner, admin, tmp_path):
    broker = factory.broker()
    shipped = runner.invoke(args=["taxonomy", "export", str(tmp_path / "before.json")])
    assert shipped.exit_code == 0, shipped.output
    from siru_exchange.matching.geo import DATA_DIR

    assert (tmp_path / "before.json").read_text(encoding="utf-8") == \
        (DATA_DIR / "taxonomy.json").read_text(encoding="utf-8")  # nothing accepted: the shipped file
    knowledge.decide(admin, knowledge.propose(broker, _synonym()).id, accept=True)
    knowledge.decide(admin, knowledge.propose(broker, knowledge.ProposalInput(
        kind="serves_as", class_id="glass", target="foundry_sand")).id, accept=True)
    knowledge.propose(broker, _synonym(phrase="spånis"))  # proposed only: not exported
    result = runner.invoke(args=["taxonomy", "export", str(tmp_path / "taxonomy.json"),
                                 "--uses", str(tmp_path / "uses.json")])
    assert result.exit_code == 0, result.output
    assert "knowledge version 2" in result.output
    data = json.loads((tmp_path / "taxonomy.json").read_text(encoding="utf-8"))
    classes = {c["id"]: c for c in data["classes"]}
    swedish = classes["sawdust"]["synonyms"]["sv"]
    assert WORD in swedish and "spånis" not in swedish
    assert "foundry_sand" in classes["glass"]["can_serve_as"]
    from siru_exchange.matching import load_taxonomy

    assert load_taxonomy(tmp_path / "taxonomy.json").serves("glass", "foundry_sand")  # loads as shipped
    bad = runner.invoke(args=["taxonomy", "export", str(tmp_path / "no" / "such" / "taxonomy.json")])
    assert bad.exit_code == 2 and "Traceback" not in bad.output


# -- the pages ------------------------------------------------------------------------------------

def test_a_broker_proposes_on_the_page_of_a_suggestion_and_an_admin_accepts_it(factory, db, app, pair, admin):
    _offer, need, suggestion = pair
    broker = factory.broker(language="en")
    client = _login(app.test_client(), broker)
    page = client.get(f"/broker/suggestions/{suggestion.id}/introduce")
    assert page.status_code == 200 and b'id="teach-form"' in page.data and b"Teach the matching" in page.data
    posted = client.post(f"/broker/suggestions/{suggestion.id}/teach", data={
        "teach-kind": "synonym", "teach-class_id": "sawdust", "teach-phrase": WORD, "teach-language": "sv"},
        follow_redirects=True)
    assert posted.status_code == 200 and b"Your proposal is sent to an admin" in posted.data
    proposal = db.session.scalar(select(KnowledgeProposal))
    assert (proposal.suggestion_id, proposal.proposed_by_id, proposal.phrase) == \
        (suggestion.id, broker.id, WORD)

    admin_client = _login(app.test_client(), admin)
    listing = admin_client.get("/admin/knowledge")
    assert b"Knowledge version 0" in listing.data and f'id="proposal-{proposal.id}"'.encode() in listing.data
    confirm = admin_client.get(f"/admin/knowledge/{proposal.id}/decide?decision=accept")
    assert confirm.status_code == 200 and b"knowledge version 1" in confirm.data
    assert db.session.get(KnowledgeProposal, proposal.id).status == "proposed"  # nothing until confirmed
    done = admin_client.post(f"/admin/knowledge/{proposal.id}/decide", data={"decision": "accept"},
                             follow_redirects=True)
    assert done.status_code == 200 and b"Knowledge version 1" in done.data and b"Accepted:" in done.data
    assert matching.engine().inferred_class(matching.to_engine_listing(need)) == "sawdust"


def test_bad_input_re_shows_the_form_with_a_message_in_swedish(factory, db, app, pair):
    _offer, _need, suggestion = pair
    client = _login(app.test_client(), factory.broker(language="sv"))
    page = client.post(f"/broker/suggestions/{suggestion.id}/teach", data={
        "teach-kind": "synonym", "teach-class_id": "sawdust", "teach-phrase": "", "teach-language": "sv"})
    assert page.status_code == 422
    text = page.get_data(as_text=True)
    assert "Skriv ordet eller uttrycket." in text and 'aria-invalid="true"' in text
    assert db.session.scalar(select(KnowledgeProposal.id)) is None


def test_the_introduction_page_has_the_form_for_brokers_only(factory, db, app):
    offer_org = factory.organisation()
    member = factory.user(organisation=offer_org)
    broker = factory.broker()
    offer = factory.listing(organisation=offer_org)
    need = factory.listing(kind="need", title="Biobränsle sökes")
    intro = introductions.introduce_suggestion(broker, factory.suggestion(offer, need).id, "")
    as_broker = _login(app.test_client(), broker).get(f"/introductions/{intro.id}")
    assert b'id="teach-form"' in as_broker.data
    as_member = _login(app.test_client(), member)
    assert b'id="teach-form"' not in as_member.get(f"/introductions/{intro.id}").data
    refused = as_member.post(f"/broker/introductions/{intro.id}/teach", data={
        "teach-kind": "synonym", "teach-class_id": "sawdust", "teach-phrase": WORD, "teach-language": "sv"})
    assert refused.status_code == 404
    assert db.session.scalar(select(KnowledgeProposal.id)) is None


@pytest.mark.parametrize("data", [
    {}, {"teach-kind": "synonym"}, {"teach-kind": ["a", "b"], "teach-class_id": "\x00"},
    {"teach-kind": "serves_as", "teach-class_id": "sawdust", "teach-target": "x" * 5000},
    {"teach-kind": "synonym", "teach-class_id": "sawdust", "teach-phrase": "\u202e\x00",
     "teach-language": "sv"},
])
def test_forms_never_answer_500(factory, db, app, pair, data):
    _offer, _need, suggestion = pair
    client = _login(app.test_client(), factory.broker())
    assert client.post(f"/broker/suggestions/{suggestion.id}/teach", data=data).status_code in (400, 422)
    admin = _login(app.test_client(), factory.user(organisation=None, role="admin"))
    assert admin.post("/admin/knowledge/2147483647/decide", data={"decision": "accept"}).status_code == 404
    assert admin.get("/admin/knowledge/1/decide?decision=explode").status_code in (400, 404)


def test_the_demo_seed_has_an_accepted_and_an_open_proposal(runner, db):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    rows = db.session.scalars(select(KnowledgeProposal).order_by(KnowledgeProposal.id)).all()
    assert [(r.status, r.knowledge_version) for r in rows] == [("accepted", 1), ("proposed", None)]
    assert all(r.introduction_id and r.proposed_by_id for r in rows)
    assert knowledge.version() == 1
    assert "brewers grains" in matching.engine().taxonomy.classes["spent_grain"].synonyms["en"]


REDIS_URL = os.environ.get("SIRU_TEST_REDIS_URL", "redis://127.0.0.1:6379/6")


@pytest.fixture
def redis_db():
    conn = Redis.from_url(REDIS_URL)
    conn.flushdb()   # the tests' own database only
    yield conn
    conn.flushdb()


@pytest.mark.config(REDIS_URL=REDIS_URL, MATCHING_QUEUE="siru-test-knowledge", MATCHING_RETRY_INTERVALS=(0,))
def test_the_queue_worker_sees_an_accept_at_its_next_job(app, client, auth, factory, db, redis_db, admin):
    offer_id = factory.listing(organisation=factory.organisation(), title="Sågspån",
                               description="Torrt sågspån").id
    proposal_id = knowledge.propose(factory.broker(), _synonym()).id
    admin_id = admin.id
    assert jobs.warm() >= 1                      # the worker's engine, built before the accept
    built = app.extensions["siru_engine"]
    knowledge.decide(db.session.get(User, admin_id), proposal_id, accept=True)
    stable = factory.organisation(name="Stuteriet i Vetlanda AB")
    auth.login(factory.user(organisation=stable).email)
    response = client.post("/listings/new", data={
        "kind": "need", "title": "Fnaskull sökes", "description": "Vi behöver fnaskull till boxarna.",
        "resource_class": "", "quantity": "", "unit": "", "frequency": "weekly", "terms": "free",
        "visibility": "public"})
    assert response.status_code == 302
    assert db.session.query(Suggestion).count() == 0          # queued, not computed in the request
    jobs.work(burst=True)
    assert app.extensions["siru_engine"] is not built         # rebuilt at the job, on version 1
    assert app.extensions["siru_engine"].knowledge_version == 1
    stored = db.session.query(Suggestion).all()
    assert [s.offer_id for s in stored] == [offer_id]


def test_the_database_keeps_one_open_proposal_per_key(factory, db):
    """What refuses a twin sent at the same moment as the first (after both passed the service's check):
    the partial unique index on the key of proposals not rejected."""
    from sqlalchemy.exc import IntegrityError

    def row(status):
        return KnowledgeProposal(kind="synonym", class_id="sawdust", phrase=WORD, language="sv",
                                 key=f"synonym|sawdust|sv|{WORD}", status=status)

    db.session.add_all([row("rejected"), row("rejected"), row("proposed")])
    db.session.commit()
    db.session.add(row("accepted"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_two_accepts_at_once_get_two_versions(factory, db, admin, monkeypatch):
    """Another admin's accept took the version this one read: the unique version refuses the second,
    which reads the version again and takes the next."""
    broker = factory.broker()
    first = knowledge.propose(broker, _synonym())
    second = knowledge.propose(broker, _synonym(phrase="spånis"))
    knowledge.decide(admin, first.id, accept=True)
    real, reads = knowledge.version, []

    def read_before_the_other_accept():
        reads.append(1)
        return 0 if len(reads) == 1 else real()

    monkeypatch.setattr(knowledge, "version", read_before_the_other_accept)
    decided = knowledge.decide(admin, second.id, accept=True)
    assert decided.knowledge_version == 2 and decided.status == "accepted"
    assert len(reads) == 2  # refused once, then read again
    monkeypatch.undo()
    assert knowledge.version() == 2
    assert [item["version"] for item in knowledge.accepted()] == [1, 2]


def test_an_accepted_synonym_finds_the_class_in_search_at_once(factory, db, client, auth, admin):
    """Search reads the class names of the taxonomy with the accepted knowledge: before the accept
    the taught word finds nothing; after it, the listings of its class (whose text never says it)."""
    sawdust = factory.listing(organisation=factory.organisation(), title="Torrt spån från hyvleriet",
                              description="Finfördelat, säckat", resource_class="sawdust")
    member = factory.user(organisation=factory.organisation())
    auth.login(member.email)

    def found():
        page = client.get(f"/listings/?q={WORD}").get_data(as_text=True)
        return f"/listings/{sawdust.public_id}" in page

    assert not found()
    proposal = knowledge.propose(factory.broker(), _synonym())
    assert not found()  # proposed is not yet knowledge
    knowledge.decide(admin, proposal.id, accept=True)
    assert found()
    api = client.get(f"/api/v1/listings?q={WORD}").get_json()
    assert sawdust.public_id in [item["id"] for item in api["items"]]
