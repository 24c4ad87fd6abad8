"""Validate the shipped data files in siru_exchange/data/ (no Flask app needed)."""
import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from siru_exchange.validators import luhn_valid

DATA_DIR = Path(__file__).resolve().parents[2] / "siru_exchange" / "data"

GROUP_IDS = {
    "materials", "energy", "water", "equipment", "premises",
    "transport", "services", "competence", "staff_time", "social",
}
MUNICIPALITY_CODES = {
    "0604": "Aneby", "0617": "Gnosjö", "0642": "Mullsjö", "0643": "Habo",
    "0662": "Gislaved", "0665": "Vaggeryd", "0680": "Jönköping", "0682": "Nässjö",
    "0683": "Värnamo", "0684": "Sävsjö", "0685": "Vetlanda", "0686": "Eksjö",
    "0687": "Tranås",
}
from siru_exchange.matching.vocabulary import FREQUENCIES, TERMS, UNITS, VISIBILITIES  # noqa: E402

KINDS = {"offer", "need"}
SIZES = {"micro", "small", "medium"}
LANGUAGES = {"sv", "en"}

ID_RE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
EWC_RE = re.compile(r"^\d{2} \d{2} \d{2}\*?$")
ORG_NUMBER_RE = re.compile(r"^\d{6}-\d{4}$")


def _load(name):
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def taxonomy():
    return _load("taxonomy.json")


@pytest.fixture(scope="module")
def classes(taxonomy):
    return {c["id"]: c for c in taxonomy["classes"]}


@pytest.fixture(scope="module")
def municipalities():
    return _load("municipalities.json")


@pytest.fixture(scope="module")
def seed():
    return _load("demo_seed.json")


@pytest.fixture(scope="module")
def listings(seed):
    return [(o, listing) for o in seed["organisations"] for listing in o["listings"]]


def test_luhn_helper():
    assert luhn_valid("5560360793")  # a well-known valid org number shape
    assert not luhn_valid("5560360794")


# ---------------------------------------------------------------- taxonomy

def test_groups_exact(taxonomy):
    ids = [g["id"] for g in taxonomy["groups"]]
    assert len(ids) == len(set(ids))
    assert set(ids) == GROUP_IDS
    for g in taxonomy["groups"]:
        assert g["sv"].strip() and g["en"].strip()


def test_class_ids_and_groups(taxonomy, classes):
    ids = [c["id"] for c in taxonomy["classes"]]
    assert len(ids) >= 55
    assert len(ids) == len(set(ids)), "duplicate class ids"
    for c in taxonomy["classes"]:
        assert ID_RE.match(c["id"]) and c["id"].isascii(), c["id"]
        assert c["group"] in GROUP_IDS, c["id"]
        assert c["sv"].strip() and c["en"].strip(), c["id"]
    per_group = Counter(c["group"] for c in taxonomy["classes"])
    for g in GROUP_IDS:
        assert per_group[g] >= 2, g


def test_required_classes_present(classes):
    required = {
        "sawdust", "wood_chips", "bark", "wood_offcuts", "pallets", "cardboard",
        "plastic_film", "plastic_offcuts", "textile_offcuts", "steel_scrap",
        "aluminium_scrap", "glass", "food_waste", "spent_grain", "coffee_grounds",
        "manure", "compost_soil", "ash", "gypsum", "concrete_rubble",
        "packaging_material", "used_oil", "sludge", "biomass_fuel", "surplus_heat",
        "space_heating", "greenhouse_heat", "steam", "process_cooling",
        "solar_electricity", "biogas", "process_water", "grey_water", "rainwater",
        "machines_tools", "vehicles", "forklifts", "it_equipment", "furniture",
        "office_premises", "workshop_premises", "warehouse_space", "land",
        "truck_return_capacity", "van_capacity", "logistics_coordination",
        "repair_services", "cleaning", "laundry", "catering", "legal_accounting",
        "digital_skills", "sustainability_advice", "mentoring", "language_training",
        "traineeship_newcomers", "work_training", "apprenticeships",
        "volunteer_staff_time", "shared_staff", "animal_bedding", "animal_feed",
        "fertiliser", "insulation_material",
    }
    assert required <= set(classes), sorted(required - set(classes))


def test_synonyms(classes):
    for cid, c in classes.items():
        syn = c["synonyms"]
        assert set(syn) == {"sv", "en"}, cid
        for lang in ("sv", "en"):
            words = syn[lang]
            assert len(words) >= 5, (cid, lang)
            assert len(words) == len(set(words)), (cid, lang, "duplicates")
            for w in words:
                assert isinstance(w, str) and w.strip() == w and w, (cid, w)
                assert w == w.lower(), (cid, w)


@pytest.mark.parametrize("cid,lang,words", [
    ("sawdust", "sv", ["sågspån", "spån", "kutterspån", "träspån", "hyvelspån"]),
    ("sawdust", "en", ["sawdust", "wood shavings", "shavings"]),
    ("wood_chips", "sv", ["flis", "träflis", "flisen"]),
    ("biomass_fuel", "sv", ["bränsle", "panna", "pannan", "eldning", "värmepanna", "flispanna"]),
    ("biomass_fuel", "en", ["fuel", "boiler fuel"]),
    ("space_heating", "sv", ["uppvärmning", "värme"]),
    ("greenhouse_heat", "sv", ["värme till växthuset", "uppvärmning", "värme"]),
    ("greenhouse_heat", "en", ["greenhouse heating", "heating"]),
    ("traineeship_newcomers", "sv", ["praktik", "praktikplats", "nyanlända"]),
    ("traineeship_newcomers", "en", ["newcomers", "internship"]),
    ("spent_grain", "sv", ["mäsk"]),
    ("truck_return_capacity", "sv", ["returtransporter"]),
])
def test_key_synonyms(classes, cid, lang, words):
    missing = [w for w in words if w not in classes[cid]["synonyms"][lang]]
    assert not missing, (cid, lang, missing)


def test_ewc_codes(classes):
    for cid, c in classes.items():
        assert "ewc" in c, cid
        if c["ewc"] is not None:
            assert EWC_RE.match(c["ewc"]), (cid, c["ewc"])
    assert classes["sawdust"]["ewc"] == "03 01 05"
    assert classes["bark"]["ewc"] == "03 01 01"
    assert classes["cardboard"]["ewc"] == "15 01 01"
    assert classes["pallets"]["ewc"] == "15 01 03"
    assert classes["food_waste"]["ewc"] == "20 01 08"
    assert classes["gypsum"]["ewc"] == "17 08 02"
    assert classes["concrete_rubble"]["ewc"] == "17 01 01"
    assert classes["used_oil"]["ewc"] == "13 02 05*"
    # non-waste resources must not carry a waste code
    for cid in ("surplus_heat", "office_premises", "mentoring", "traineeship_newcomers"):
        assert classes[cid]["ewc"] is None, cid


def test_can_serve_as_edges(classes):
    n_edges = 0
    for cid, c in classes.items():
        targets = c["can_serve_as"]
        assert isinstance(targets, list), cid
        assert len(targets) == len(set(targets)), (cid, "duplicate edge")
        for t in targets:
            assert t in classes, (cid, t)
            assert t != cid, (cid, "self-edge")
        n_edges += len(targets)
    assert n_edges >= 40

    def edge(a, b):
        return b in classes[a]["can_serve_as"]

    assert edge("sawdust", "biomass_fuel")
    assert edge("sawdust", "animal_bedding")
    assert edge("wood_chips", "biomass_fuel")
    assert edge("surplus_heat", "space_heating")
    assert edge("surplus_heat", "greenhouse_heat")
    assert edge("spent_grain", "animal_feed")
    assert edge("coffee_grounds", "compost_soil")
    assert edge("manure", "fertiliser")
    assert edge("manure", "biogas_feedstock")
    assert edge("textile_offcuts", "insulation_material")
    assert edge("truck_return_capacity", "goods_transport")


# ---------------------------------------------------------- municipalities

def test_municipalities(municipalities):
    assert len(municipalities) == 13
    codes = [m["code"] for m in municipalities]
    assert len(set(codes)) == 13
    assert {m["code"]: m["name"] for m in municipalities} == MUNICIPALITY_CODES
    for m in municipalities:
        assert 56.9 <= m["lat"] <= 58.3, m
        assert 13.3 <= m["lon"] <= 15.6, m
        assert round(m["lat"], 4) == m["lat"] and round(m["lon"], 4) == m["lon"], m


# ---------------------------------------------------------------- demo seed

def test_organisations(seed, municipalities):
    orgs = seed["organisations"]
    assert len(orgs) >= 45
    names = [o["name"] for o in orgs]
    assert len(names) == len(set(names))
    codes = {m["code"] for m in municipalities}
    used = {o["municipality"] for o in orgs}
    assert used <= codes, used - codes
    assert len(used) >= 11
    for o in orgs:
        assert o["size"] in SIZES, o["name"]
        assert o["language"] in LANGUAGES, o["name"]
        assert o["sector"].strip() and o["description"].strip() and o["contact_name"].strip()
        domain = o["contact_email"].rsplit("@", 1)[1]
        assert (domain.endswith(".example") or domain.endswith("example.se")
                or domain.endswith("example.com")), o["contact_email"]
        assert re.match(r"^0\d{1,3}-[\d ]+$", o["contact_phone"]), o["contact_phone"]
        assert o["listings"], o["name"]


def test_org_numbers(seed):
    nums = [o["org_number"] for o in seed["organisations"]]
    assert len(nums) == len(set(nums)), "org numbers must be distinct"
    for n in nums:
        assert ORG_NUMBER_RE.match(n), n
        digits = n.replace("-", "")
        assert int(digits[2]) >= 2, n
        assert luhn_valid(digits), n


def test_listings_fields(listings, classes):
    assert len(listings) >= 170
    for org, listing in listings:
        ctx = (org["name"], listing.get("title"))
        assert listing["kind"] in KINDS, ctx
        assert 3 <= len(listing["title"]) <= 120, ctx
        assert isinstance(listing["description"], str) and len(listing["description"]) <= 2000, ctx
        assert listing["class"] is None or listing["class"] in classes, ctx
        q = listing["quantity"]
        assert q is None or (isinstance(q, (int, float)) and not isinstance(q, bool) and q > 0), ctx
        assert listing["unit"] is None or listing["unit"] in UNITS, ctx
        assert listing["frequency"] in FREQUENCIES, ctx
        assert listing["terms"] in TERMS, ctx
        if listing["terms"] == "price":
            assert isinstance(listing["price"], (int, float)) and listing["price"] > 0, ctx
        else:
            assert listing["price"] is None, ctx
        assert listing["visibility"] in VISIBILITIES, ctx
        af = dt.date.fromisoformat(listing["available_from"]) if listing["available_from"] else None
        at = dt.date.fromisoformat(listing["available_to"]) if listing["available_to"] else None
        if af and at:
            assert at >= af, ctx


def test_listing_mix(listings, classes):
    kinds = Counter(listing["kind"] for _, listing in listings)
    assert kinds["offer"] > 0 and kinds["need"] > 0
    n = len(listings)
    groups = {classes[listing["class"]]["group"] for _, listing in listings if listing["class"]}
    assert groups == GROUP_IDS, GROUP_IDS - groups
    null_share = sum(listing["class"] is None for _, listing in listings) / n
    assert 0.2 <= null_share <= 0.5, null_share
    vis = Counter(listing["visibility"] for _, listing in listings)
    assert 0.05 <= vis["anonymous"] / n <= 0.2
    assert 0.08 <= vis["members"] / n <= 0.25
    sv_share = sum(o["language"] == "sv" for o, _ in listings) / n
    assert 0.45 <= sv_share <= 0.75, sv_share


def test_demo_scenarios_present(seed):
    """The hand-made matches the demo relies on are still in the seed."""
    orgs = seed["organisations"]

    def has(municipality, kind, cls=None, text=None):
        for o in orgs:
            if o["municipality"] != municipality:
                continue
            for listing in o["listings"]:
                if listing["kind"] != kind:
                    continue
                if cls and listing["class"] != cls:
                    continue
                if text and text not in (listing["title"] + " " + listing["description"]).lower():
                    continue
                return True
        return False

    assert has("0686", "offer", cls="sawdust")           # Eksjö sawmill
    assert has("0687", "need", text="pannan")            # Tranås greenhouse boiler
    assert has("0617", "offer", cls="surplus_heat")      # Gnosjö foundry
    assert has("0617", "need", text="spillvärme")        # Gnosjö fish farm
    assert has("0685", "offer", cls="spent_grain")       # chain A -> B
    assert has("0685", "need", cls="animal_feed")
    assert has("0685", "offer", cls="manure")            # chain B -> C
    assert has("0684", "need", text="gödsel")
    assert has("0684", "offer", text="fallfrukt")        # chain C -> A
    assert has("0685", "need", cls="surplus_food")
