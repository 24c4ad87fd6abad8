"""General-language knowledge from wordfreq (matching/lexicon.py): compound splitting for Swedish
and rare-word weights, and what they change in matching."""
import pytest

from siru_exchange.matching import Engine, Listing, load_municipalities
from siru_exchange.matching.intent import EQUIPMENT, RESOURCE
from siru_exchange.matching.lexicon import compound_parts, rarity
from siru_exchange.matching.text import fold


@pytest.mark.parametrize("word, parts", [
    ("spillvärme", ("spill", "varme")),
    ("träflis", ("tra", "flis")),
    ("fiskodling", ("fisk", "odling")),
    ("fiskodlingen", ("fisk", "odlingen")),
    ("överskottsvärme", ("overskott", "varme")),  # linking s
    ("hästgödsel", ("hast", "godsel")),
    ("björkved", ("bjork", "ved")),
    ("timmerbil", ("timmer", "bil")),            # not "tim" + "mer" + "bil"
    ("samlingslokal", ("samling", "lokal")),
])
def test_real_swedish_compounds_split_into_their_words(word, parts):
    assert compound_parts(fold(word)) == parts


@pytest.mark.parametrize("word", ["kontor", "verkstad", "betong", "personal", "mentorskap",
                                  "pensionär", "lifting", "repair", "household", "kutterspån"])
def test_plain_words_english_words_and_derivations_do_not_split(word):
    assert compound_parts(fold(word)) == ()


def test_everyday_words_weigh_less_than_rare_content_words():
    assert rarity("sawdust") == 1.0 and rarity("foundry") > 0.9
    assert rarity("waste") < 0.6 and rarity("grade") < 0.6
    assert rarity("good") == pytest.approx(0.35)
    assert rarity("xqzvbnw") == 1.0  # unknown (a typo, a trade term): counts fully


def _suggest(tax, need, offers):
    engine = Engine(tax, municipalities=load_municipalities())
    engine.add_many([need, *offers])
    return engine, engine.suggest(need, top=5)


def test_a_compound_meets_its_head_word(tax):
    """"Värme" in a need finds "spillvärme" through the split compound's head."""
    engine, _found = _suggest(tax, Listing("n1", "need", "A", "Värme till fiskodlingen", municipality="0680"),
                              [Listing("o1", "offer", "B", "Spillvärme", municipality="0680")])
    offer, need = engine.index.profiles["o1"], engine.index.profiles["n1"]
    assert "varm" in offer.terms and "varm" in need.terms
    assert "fisk" not in need.terms  # a modifier only qualifies: "fiskslam" is not for a fish farm


def test_what_follows_from_in_a_title_is_the_source_not_the_role(tax):
    engine, _ = _suggest(tax, Listing("n1", "need", "A", "Värme till verkstaden", municipality="0680"),
                         [Listing("o1", "offer", "B", "Spillvärme från härdugnar och kompressorer",
                                  municipality="0680"),
                          Listing("o2", "offer", "C", "Kompressor säljes", municipality="0680")])
    assert engine.index.profiles["o1"].role == RESOURCE
    assert engine.index.profiles["o2"].role == EQUIPMENT


def test_an_everyday_word_is_not_read_as_a_compound_of_a_synonym(tax):
    """"billigare" (cheaper) is a word of its own, not a car ("bil"); a rare compound still is."""
    engine = Engine(tax)
    assert "vehicles" not in [c for c, _ in engine.classify("Vi vill värma växthuset billigare")]
    assert "vehicles" in [c for c, _ in engine.classify("Tankbil uthyres")]


def test_a_summer_job_offer_serves_a_need_for_a_first_job(tax):
    need = Listing("n1", "need", "A", "First job for young people this summer", municipality="0665")
    summer = Listing("o1", "offer", "B", "We can take two summer workers in the garden centre",
                     municipality="0665")
    _engine, found = _suggest(tax, need, [summer])
    assert found and found[0].offer_id == "o1"


def test_the_organisation_name_tells_intent_but_never_a_resource(tax):
    """"Arbetsintegrerande socialt företag" in the name makes the offer a social partner for a
    social need; the name's "snickeri" gives it no class."""
    need = Listing("n1", "need", "A", "Arbetsträning för våra deltagare", municipality="0685")
    social = Listing("o1", "offer", "B", "Vi tar emot praktikanter i verkstaden", municipality="0685",
                     organisation_name="Snickeriet i Vetlanda, arbetsintegrerande socialt företag")
    plain = Listing("o2", "offer", "C", "Vi tar emot praktikanter i verkstaden", municipality="0685",
                    organisation_name="Jönssons Plåt AB")
    engine, found = _suggest(tax, need, [social, plain])
    assert [s.offer_id for s in found][:2] == ["o1", "o2"]
    assert "social_partner" in [r.code for r in found[0].reasons]
    assert engine.index.profiles["o1"].classes == engine.index.profiles["o2"].classes
