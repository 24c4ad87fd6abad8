"""SIRU Exchange matching engine: pure Python + networkx (no Flask, no database).

    from siru_exchange.matching import (Listing, Suggestion, Reason, Chain, Taxonomy, ResourceClass,
        load_taxonomy, load_municipalities, Engine, WEIGHTS)
"""
from .engine import Engine, Scan, chains_from_pairs
from .geo import Municipality, haversine_km, load_municipalities
from .model import NEED, OFFER, Chain, Listing, Suggestion
from .reasons import Reason
from .rerank import FEATURES, Reranker, pair_features
from .taxonomy import ResourceClass, Taxonomy, TaxonomyError, load_taxonomy, parse_taxonomy
from .weights import WEIGHTS, Weights

__all__ = [
    "Chain", "Engine", "FEATURES", "Reranker", "pair_features",
    "Listing", "Municipality", "NEED", "OFFER", "Reason", "ResourceClass",
    "Scan", "Suggestion", "Taxonomy", "TaxonomyError", "WEIGHTS", "Weights", "chains_from_pairs",
    "haversine_km",
    "load_municipalities", "load_taxonomy", "parse_taxonomy",
]
