"""English glosses of Swedish words from Folkets lexikon (matching/glossary.py), and what they
change in matching: a Swedish and an English listing meet where they mean the same."""
import pytest

from siru_exchange.matching import Engine, Listing, load_municipalities, load_taxonomy
from siru_exchange.matching.glossary import glosses


@pytest.mark.parametrize("word, gloss", [
    ("gyttja", "mud"),
    ("sågspånet", "sawdust"),       # definite form -> headword
    ("sagspanet", "sawdust"),       # typed without diacritics
    ("hästarna", "horse"),          # definite plural
    ("lärlingar", "apprentice"),
    ("torv", "peat"),
])
def test_a_swedish_word_finds_its_english_glosses(word, gloss):
    assert gloss in glosses(word)


def test_a_word_typed_with_its_diacritics_is_read_as_written():
    """"häst" (horse) and "hast" (haste) fold alike; the written form decides."""
    assert "haste" not in glosses("hästarna")
    assert glosses("stallet") == ("stable",)  # "stall", not "ställ" (a rack)


@pytest.mark.parametrize("word", ["container", "service", "xqzvbnw"])
def test_english_words_and_unknown_words_have_no_glosses(word):
    assert glosses(word) == ()


@pytest.fixture(scope="module")
def tax():
    return load_taxonomy()


def test_an_english_need_finds_a_swedish_offer_the_taxonomy_has_no_word_for(tax):
    need = Listing("n1", "need", "A", "Mud for our reed bed",
                   description="We are building a wetland and need soft bottom mud.", municipality="0680")
    mud = Listing("o1", "offer", "B", "Gyttja från dammrensningen",
                  description="Vi rensar dammen i vår och har gyttja över.", municipality="0680")
    gravel = Listing("o2", "offer", "C", "Grus från vägbygget",
                     description="Vi har grus över efter bygget.", municipality="0680")
    engine = Engine(tax, municipalities=load_municipalities())
    engine.add_many([need, mud, gravel])
    found = engine.suggest(need, top=5)
    assert found and found[0].offer_id == "o1"
    assert "mud" in engine.index.profiles["o1"].terms


def test_an_everyday_words_many_senses_name_no_class(tax):
    """"Hämtas" glosses as fetch, collect: an everyday word's senses are no evidence of transport."""
    assert [c for c, _ in Engine(tax).classify("Sågspån, torrt\nHämtas i Vetlanda.")] == ["sawdust"]
