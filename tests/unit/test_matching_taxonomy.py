"""Taxonomy loading and validation (siru_exchange.matching.taxonomy)."""
import json

import pytest

from siru_exchange.matching import Taxonomy, load_municipalities, load_taxonomy
from siru_exchange.matching.taxonomy import TaxonomyError

SMALL = {
    "groups": [{"id": "materials", "sv": "Material", "en": "Materials"},
               {"id": "energy", "sv": "Energi", "en": "Energy"}],
    "classes": [
        {"id": "sawdust", "group": "materials", "sv": "Sågspån", "en": "Sawdust",
         "synonyms": {"sv": ["spån", "kutterspån"], "en": ["wood shavings"]}, "ewc": "03 01 05",
         "can_serve_as": ["biomass_fuel"]},
        {"id": "bark", "group": "materials", "sv": "Bark", "en": "Bark",
         "synonyms": {"sv": [], "en": []}, "ewc": None, "can_serve_as": ["biomass_fuel"]},
        {"id": "biomass_fuel", "group": "energy", "sv": "Biobränsle", "en": "Biomass fuel",
         "synonyms": {"sv": ["bränsle", "panna"], "en": ["fuel", "boiler fuel"]}, "ewc": None,
         "can_serve_as": ["space_heating"]},
        {"id": "space_heating", "group": "energy", "sv": "Uppvärmning", "en": "Space heating",
         "synonyms": {"sv": ["värme"], "en": ["heating"]}, "ewc": None, "can_serve_as": []},
    ],
}


def write(tmp_path, data):
    path = tmp_path / "taxonomy.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_good_file_loads_with_labels_graph_and_paths(tmp_path):
    tax = load_taxonomy(write(tmp_path, SMALL))
    assert isinstance(tax, Taxonomy)
    assert set(tax.classes) == {"sawdust", "bark", "biomass_fuel", "space_heating"}
    saw = tax.classes["sawdust"]
    assert saw.group == "materials" and saw.ewc == "03 01 05"
    assert saw.labels == {"sv": "Sågspån", "en": "Sawdust"}
    assert "kutterspån" in saw.synonyms["sv"]
    assert tax.label("biomass_fuel", "sv") == "Biobränsle"
    assert tax.label("biomass_fuel", "en") == "Biomass fuel"
    assert tax.graph.has_edge("sawdust", "biomass_fuel")
    assert tax.serves("sawdust", "biomass_fuel") == ["sawdust", "biomass_fuel"]
    assert tax.serves("sawdust", "space_heating") == ["sawdust", "biomass_fuel", "space_heating"]
    assert tax.serves("sawdust", "sawdust") == ["sawdust"]
    assert tax.serves("biomass_fuel", "sawdust") is None
    assert set(tax.groups) == {"materials", "energy"}


def test_unknown_edge_target_is_rejected(tmp_path):
    bad = json.loads(json.dumps(SMALL))
    bad["classes"][0]["can_serve_as"] = ["rocket_fuel"]
    with pytest.raises(TaxonomyError, match="rocket_fuel"):
        load_taxonomy(write(tmp_path, bad))


def test_duplicate_id_is_rejected(tmp_path):
    bad = json.loads(json.dumps(SMALL))
    bad["classes"].append(dict(bad["classes"][1]))
    with pytest.raises(TaxonomyError, match="duplicate"):
        load_taxonomy(write(tmp_path, bad))


def test_missing_label_is_rejected(tmp_path):
    bad = json.loads(json.dumps(SMALL))
    del bad["classes"][1]["en"]
    with pytest.raises(TaxonomyError, match="label"):
        load_taxonomy(write(tmp_path, bad))


def test_unknown_group_is_rejected(tmp_path):
    bad = json.loads(json.dumps(SMALL))
    bad["classes"][1]["group"] = "nope"
    with pytest.raises(TaxonomyError, match="group"):
        load_taxonomy(write(tmp_path, bad))


def test_packaged_data_loads():
    tax = load_taxonomy()
    assert len(tax.classes) >= 10
    for cls in tax.classes.values():
        assert cls.labels["sv"] and cls.labels["en"]
        assert cls.group in tax.groups
    munis = load_municipalities()
    assert "0680" in munis and munis["0680"].name == "Jönköping"
    assert 57 < munis["0680"].lat < 58.5
