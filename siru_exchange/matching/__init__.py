"""SIRU Exchange matching engine: pure Python + networkx (no Flask, no database).

    from siru_exchange.matching import (Listing, Suggestion, Reason, Chain, Taxonomy, ResourceClass,
        load_taxonomy, load_municipalities, Engine, WEIGHTS)
"""
from .engine import Engine, Scan, chains_from_pairs, gc_paused
from .geo import Municipality, haversine_km, load_municipalities
from .model import NEED, OFFER, Chain, Listing, Suggestion
from .reasons import Reason
from .rerank import FEATURES, Reranker, pair_features
from .taxonomy import (
    KnowledgeItem,
    ResourceClass,
    Taxonomy,
    TaxonomyError,
    extend_taxonomy,
    load_taxonomy,
    parse_taxonomy,
)
from .weights import WEIGHTS, Weights

__all__ = [
    "Chain", "Engine", "FEATURES", "KnowledgeItem", "Listing", "Municipality", "NEED", "OFFER", "Reason",
    "Reranker", "ResourceClass", "pair_features",
    "Scan", "Suggestion", "Taxonomy", "TaxonomyError", "WEIGHTS", "Weights", "chains_from_pairs",
    "gc_paused", "haversine_km",
    "extend_taxonomy", "load_municipalities", "load_taxonomy", "parse_taxonomy",
]
