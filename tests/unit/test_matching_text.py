"""Text understanding: normalising, stemming, class inference in Swedish and English."""
import pytest

from siru_exchange.matching import Engine, load_taxonomy
from siru_exchange.matching.text import fold, stem, tokens


@pytest.fixture(scope="module")
def engine():
    return Engine(load_taxonomy())


def classes(engine, text):
    return [c for c, _conf in engine.classify(text)]


def test_fold_strips_accents_for_keys_only():
    assert fold("Sågspån ÖVERSKOTT Ärtor") == "sagspan overskott artor"


def test_stemming_is_consistent_across_inflections():
    assert stem("spånet") == stem("spånen") or stem(fold("spånet")) == stem(fold("spånen"))
    assert stem(fold("pallarna")) == stem(fold("pallar")) == stem(fold("pall"))
    assert stem("boilers") == stem("boiler")
    assert stem(fold("växthuset")) == stem(fold("växthus"))
    assert stem("flisen") == stem("flis")


def test_tokens_drop_stop_words_in_both_languages():
    assert tokens("We need fuel for our boiler") == ["fuel", "boil"]
    assert tokens("Vi söker värme till växthuset") == [stem("varme"), stem("vaxthuset")]


@pytest.mark.parametrize("text, expected", [
    ("Sågspån", "sawdust"),
    ("Sawdust from the planing mill", "sawdust"),
    ("kutterspån", "sawdust"),               # compound, also a synonym
    ("träspånet från hyvleriet", "sawdust"),  # inflected compound: tail "spån"
    ("KUTTERSPÅNEN", "sawdust"),
    ("hästgödsel", "manure"),
    ("Lastpallarna", "pallets"),
    ("wooden pallets", "pallets"),
    ("begagnade kontorsstolar", "furniture"),
    ("praktikplats för nyanlända", "traineeship_newcomers"),
])
def test_classify_resources_in_sv_and_en(engine, text, expected):
    assert classes(engine, text)[0] == expected


@pytest.mark.parametrize("text, expected", [
    ("fuel for our boiler", "biomass_fuel"),
    ("Bränsle till pannan", "biomass_fuel"),
    ("värme till växthuset", "greenhouse_heat"),
    ("heat for greenhouse", "greenhouse_heat"),
])
def test_classify_use_phrases_into_use_classes(engine, text, expected):
    assert classes(engine, text)[0] == expected


def test_confidences_are_ordered_and_bounded(engine):
    found = engine.classify("waste heat from our compressors")
    assert found and found[0][0] == "surplus_heat"
    # resource classes best first, then the uses best first (a use never pushes a class out)
    for part in ([c for cid, c in found if not cid.startswith("use:")],
                 [c for cid, c in found if cid.startswith("use:")]):
        assert part == sorted(part, reverse=True)
    assert all(0 < c <= 1 for _id, c in found)


def test_nothing_inferred_from_unrelated_text(engine):
    assert engine.classify("spannmål") == [] or "sawdust" not in classes(engine, "spannmål")
    assert engine.classify("") == []


def test_wording_false_hits(engine):
    assert "cleaning" not in classes(engine, "Clean CO2 from our kiln exhaust")
    assert "cleaning" in classes(engine, "Cleaning of offices")
    hyphen = dict(engine.classify("Heat-inactivated yeast"))
    plain = dict(engine.classify("Heat from the ovens"))
    assert max(hyphen.values(), default=0) < max(plain.values())


def test_ambiguous_words_are_read_in_the_listings_language(engine):
    assert "forklifts" not in classes(engine, "We have a refrigerated truck free on weekends")


# -- names are not resources (issue 11) --------------------------------------------------------------

def test_a_place_name_is_never_read_as_a_resource(engine):
    # "Vetlanda" ends in "landa": read as a compound it made a sawdust offer a "land" listing.
    assert classes(engine, "Sågspån, torrt\nHämtas i Vetlanda.") == ["sawdust"]
    assert classes(engine, "Vetlanda") == []
    assert classes(engine, "Leverans till Vetlandas industriområde") == []


@pytest.mark.parametrize("place", ["Vetlanda", "Landsbro", "Smålandsstenar", "Bankeryd", "Forserum",
                                   "Sandhem", "Norra Unnaryd", "Mariannelund", "Tranås", "Huskvarna"])
def test_no_town_or_municipality_of_the_county_gives_a_class(engine, place):
    assert classes(engine, f"Hämtas i {place}") == []


def test_a_place_name_does_not_hide_the_resource_beside_it(engine):
    assert classes(engine, "Mark att arrendera nära Landsbro") == ["land"]
    assert "land" in classes(engine, "Betesmark i Vetlanda")


def test_the_organisations_own_name_is_never_read_as_a_resource(engine):
    text = "Vetlanda Biovärme: aska\nBottenaska från Vetlanda Biovärmes anläggning, ca 5 ton i månaden."
    # Without knowing the name, "biovärme" reads as heat; as the organisation's name it says nothing.
    assert {"space_heating", "greenhouse_heat"} & set(classes(engine, text))
    assert [c for c, _ in engine.classify(text, names=("Vetlanda Biovärme AB",))] == ["ash"]


def test_only_the_name_as_a_whole_is_passed_over(engine):
    # The organisation is called "Jönköpings Energi": "energi" on its own is still a word.
    found = [c for c, _ in engine.classify("Biobränsle till pannan", names=("Jönköpings Energi AB",))]
    assert found == [c for c, _ in engine.classify("Biobränsle till pannan")]


def test_the_engine_reads_the_organisation_name_of_a_listing():
    from siru_exchange.matching import Listing

    eng = Engine(load_taxonomy())
    listing = Listing(id=1, kind="offer", organisation=1, title="Aska från Vetlanda Biovärme",
                      description="Bottenaska, ca 5 ton i månaden.", organisation_name="Vetlanda Biovärme AB")
    assert eng.inferred_class(listing) == "ash"
    eng.add(listing)
    assert [c for c, _ in eng.index.profiles[1].classes] == ["ash"]


def test_every_place_name_that_is_also_a_resource_word_is_known(engine):
    # A place spelled like a label or synonym stays a word; keep that list short and deliberate.
    assert engine.classifier.place_collisions == set()
