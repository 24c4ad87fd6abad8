"""English glosses of Swedish words from Folkets lexikon (matching/glossary.py), and what they
change in matching: a Swedish and an English listing meet where they mean the same."""
import pytest

from siru_exchange.matching import Engine, Listing, load_municipalities
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


@pytest.mark.parametrize("word", ["container", "service", "xqzvbnw",
                                  "begagnade",  # a generic qualifier: "secondhand" is no more evidence
                                  "bra", "tar"])  # everyday words of many senses
def test_english_generic_everyday_and_unknown_words_have_no_glosses(word):
    assert glosses(word) == ()


def _suggest(tax, need, *offers):
    """An engine holding ``need`` and ``offers``, and the need's top 5."""
    engine = Engine(tax, municipalities=load_municipalities())
    engine.add_many([need, *offers])
    return engine, engine.suggest(need, top=5)


def test_an_english_need_finds_a_swedish_offer_the_taxonomy_has_no_word_for(tax):
    need = Listing("n1", "need", "A", "Mud for our reed bed",
                   description="We are building a wetland and need soft bottom mud.", municipality="0680")
    mud = Listing("o1", "offer", "B", "Gyttja från dammrensningen",
                  description="Vi rensar dammen i vår och har gyttja över.", municipality="0680")
    gravel = Listing("o2", "offer", "C", "Grus från vägbygget",
                     description="Vi har grus över efter bygget.", municipality="0680")
    engine, found = _suggest(tax, need, mud, gravel)
    assert found and found[0].offer_id == "o1"
    assert "mud" in engine.index.profiles["o1"].terms


def test_an_everyday_words_many_senses_name_no_class(tax):
    """"Hämtas" glosses as fetch, collect: an everyday word's senses are no evidence of transport."""
    assert [c for c, _ in Engine(tax).classify("Sågspån, torrt\nHämtas i Vetlanda.")] == ["sawdust"]


def test_a_translated_word_names_no_use(tax):
    """A use is read from how a need phrases its problem: "radiatorer" glossed as "radiator" is
    scrap metal here, not a need for cooling."""
    text = "Gamla radiatorer och rör\nSkrot från renoveringar, mest stål och koppar."
    found = [c for c, _ in Engine(tax).classify(text)]
    assert found == ["steel_scrap"]


def test_two_used_things_do_not_meet_on_the_gloss_of_used(tax):
    need = Listing("n1", "need", "A", "Begagnade kontorsmöbler",
                   description="Vi tar emot skrivbord, stolar och hyllor från företag.", municipality="0680")
    doors = Listing("o1", "offer", "B", "Begagnade fönster och dörrar",
                    description="Fönster och innerdörrar från rivningar, i bra skick.", municipality="0680")
    furniture = Listing("o2", "offer", "C", "Used office furniture",
                        description="We are replacing 30 desks and 40 chairs.", municipality="0680")
    _engine, found = _suggest(tax, need, doors, furniture)
    assert [s.offer_id for s in found][:1] == ["o2"]


def test_the_wording_reason_names_only_words_the_need_wrote(tax):
    """An English gloss ("workshop", "heat") meets an English offer, but the reason on a Swedish
    page names the need's own words, never a gloss or a stem."""
    need = Listing("n1", "need", "A", "Värme till verkstaden",
                   description="Verkstaden är kall på vintern.", municipality="0680")
    offer = Listing("o1", "offer", "B", "Warmth from our workshop ovens",
                    description="Heat from the ovens, free.", municipality="0680")
    _engine, found = _suggest(tax, need, offer)
    assert found
    words = [t for r in found[0].reasons if r.code == "text" for t in r.params["terms"]]
    written = "värme till verkstaden verkstaden är kall på vintern"
    assert all(w in written for w in words), words
