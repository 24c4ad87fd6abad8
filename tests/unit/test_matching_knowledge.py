"""Knowledge taught by brokers, applied by the pure taxonomy (matching.taxonomy.extend_taxonomy):
an accepted synonym makes a need with that word find the offer's class, an accepted "can serve as"
edge links two classes, and the shipped data is never changed by it."""
import copy

import pytest

from siru_exchange.matching import Engine, KnowledgeItem, Listing, extend_taxonomy, load_municipalities
from siru_exchange.matching.taxonomy import known_already, merge_knowledge, read_taxonomy_data


@pytest.fixture(scope="module")
def data():
    return read_taxonomy_data()


@pytest.fixture(scope="module")
def munis():
    return load_municipalities()


def _engine(tax, munis):
    engine = Engine(tax, municipalities=munis)
    engine.add_many([
        Listing(1, "offer", "sagverket", "Sågspån", "Torrt sågspån från sågverket", municipality="0680"),
        Listing(2, "offer", "tryckeriet", "Kontorspapper", "Makulerat papper", municipality="0680"),
    ])
    return engine


NEED = Listing(10, "need", "stuteriet", "Fnaskull sökes", "Vi behöver fnaskull till verksamheten",
               municipality="0680")
FNASKULL = KnowledgeItem("synonym", "sawdust", language="sv", phrase="fnaskull")


def test_an_accepted_synonym_makes_a_need_with_that_word_find_the_offers_class(data, munis):
    before = _engine(extend_taxonomy(*data, []), munis)
    assert before.inferred_class(NEED) is None
    assert before.suggest(NEED) == []
    after = _engine(extend_taxonomy(*data, [FNASKULL]), munis)
    assert after.inferred_class(NEED) == "sawdust"
    assert [s.offer_id for s in after.suggest(NEED)][:1] == [1]


def test_a_synonym_in_the_other_language_does_not_count_for_swedish(data):
    item = KnowledgeItem("synonym", "sawdust", language="en", phrase="fnaskull")
    merged, _uses = merge_knowledge(*data, [item])
    sawdust = next(c for c in merged["classes"] if c["id"] == "sawdust")
    assert "fnaskull" in sawdust["synonyms"]["en"] and "fnaskull" not in sawdust["synonyms"]["sv"]


def _unlinked_pair(tax):
    for x in sorted(tax.classes):
        for y in sorted(tax.classes):
            if x != y and tax.serves(x, y) is None and tax.group_of(x) == "materials" \
                    and tax.group_of(y) == "materials":
                return x, y
    raise AssertionError("every pair of materials is linked")


def test_an_accepted_serves_as_edge_links_two_classes(data, munis):
    base = extend_taxonomy(*data, [])
    x, y = _unlinked_pair(base)
    tax = extend_taxonomy(*data, [KnowledgeItem("serves_as", x, target=y)])
    assert tax.serves(x, y) == [x, y]
    assert y in tax.classes[x].can_serve_as
    wanted = Listing(2, "need", "b", base.label(y, "en"), "", resource_class=y, municipality="0680")
    offered = Listing(1, "offer", "a", base.label(x, "en"), "", resource_class=x, municipality="0680")
    engine = Engine(base, municipalities=munis)
    engine.add(offered)
    assert engine.suggest(wanted) == []
    engine = Engine(tax, municipalities=munis)
    engine.add(offered)
    found = engine.suggest(wanted)
    assert [s.offer_id for s in found] == [1]
    assert "serves" in {r.code for r in found[0].reasons}


def test_a_serves_as_edge_to_a_use_goes_into_the_uses_data(data):
    base = extend_taxonomy(*data, [])
    use = next(u for u in sorted(base.uses) if "glass" not in base.served_by(u))
    tax = extend_taxonomy(*data, [KnowledgeItem("serves_as", "glass", target=use)])
    assert tax.serves("glass", use) == ["glass", use]
    _tax, uses = merge_knowledge(*data, [KnowledgeItem("serves_as", "glass", target=use)])
    entry = next(u for u in uses["uses"] if "use:" + u["id"] == use)
    assert "glass" in entry["served_by"]


def test_merging_copies_and_passes_over_what_is_known_or_unknown(data):
    shipped = copy.deepcopy(data)
    items = [FNASKULL, FNASKULL, KnowledgeItem("synonym", "sawdust", language="sv", phrase="Sågspån"),
             KnowledgeItem("serves_as", "sawdust", target="biomass_fuel"),
             KnowledgeItem("serves_as", "gone_class", target="sawdust"),
             KnowledgeItem("serves_as", "sawdust", target="gone_class")]
    merged, _uses = merge_knowledge(*data, items)
    assert data == shipped  # the shipped data is not changed
    sawdust = next(c for c in merged["classes"] if c["id"] == "sawdust")
    original = next(c for c in shipped[0]["classes"] if c["id"] == "sawdust")
    assert sawdust["synonyms"]["sv"] == original["synonyms"]["sv"] + ["fnaskull"]
    assert sawdust["can_serve_as"] == original["can_serve_as"]
    extend_taxonomy(*data, items)  # and what it gives is a valid taxonomy


def test_known_already_ignores_case_accents_and_spacing(data):
    assert known_already(*data, KnowledgeItem("synonym", "sawdust", language="sv", phrase="  SAGSPAN "))
    assert known_already(*data, KnowledgeItem("serves_as", "sawdust", target="sawdust"))
    assert not known_already(*data, FNASKULL)
