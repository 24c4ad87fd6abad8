"""The engine: an incremental index of listings answering suggestion and network queries."""
from __future__ import annotations

from .candidates import Index
from .geo import Locator
from .model import NEED, OFFER, Suggestion, id_key
from .network import assignment as _assignment
from .network import cycles as _cycles
from .network import supply_graph
from .scoring import WEIGHTS, Weights, build_profile, Scorer
from .text import Classifier


class Engine:
    """Ranks offer-need suggestions over an index of listings.

    Keeps only the index it is given (no global state), so any worker can build one and run any job.
    """

    def __init__(self, taxonomy, municipalities: dict | None = None, weights: Weights = WEIGHTS) -> None:
        self.taxonomy = taxonomy
        self.weights = weights
        self.classifier = Classifier(taxonomy)
        self.locator = Locator(municipalities)
        self.scorer = Scorer(taxonomy, weights)
        self.index = Index(self.scorer, taxonomy, weights)

    # -- index ---------------------------------------------------------------------------------
    def add(self, listing) -> None:
        """Index a listing (replacing an indexed listing with the same id)."""
        if listing.id in self.index.profiles:
            self.index.remove(listing.id)
        self.index.add(build_profile(listing, self.classifier, self.locator, self.weights))

    def add_many(self, listings) -> None:
        for listing in listings:
            self.add(listing)

    def remove(self, listing_id) -> None:
        """Drop a listing from the index (no error if it is not there)."""
        self.index.remove(listing_id)

    def __len__(self) -> int:
        return len(self.index.profiles)

    def __contains__(self, listing_id) -> bool:
        return listing_id in self.index.profiles

    def _profile(self, listing):
        p = self.index.profiles.get(listing.id)
        if p is not None and p.listing == listing:
            return p
        return build_profile(listing, self.classifier, self.locator, self.weights)

    # -- queries -------------------------------------------------------------------------------
    def classify(self, text: str) -> list[tuple[str, float]]:
        """Resource classes inferred from ``text`` as (class id, confidence), best first."""
        return self.classifier.classify(text, limit=self.weights.max_inferred_classes)

    def suggest(self, listing, top: int = 5, exhaustive: bool = False) -> list[Suggestion]:
        """The best ``top`` counter-kind listings for ``listing`` (indexed or not), best first.

        ``exhaustive=True`` scores every counter-kind listing (the all-pairs reference used by tests
        and the benchmark); the default uses the blocked candidate search.
        """
        q = self._profile(listing)
        found = self.index.exhaustive(q, top) if exhaustive else self.index.search(q, top)
        return [self._suggestion(q, p, s) for s, p in found]

    def suggest_all(self, top: int = 5, exhaustive: bool = False) -> dict:
        """Suggestions for every indexed listing: id -> list of Suggestion."""
        out = {}
        reasons: dict = {}  # a pair often appears from both sides: explain it once
        for lid in sorted(self.index.profiles, key=id_key):
            q = self.index.profiles[lid]
            found = self.index.exhaustive(q, top) if exhaustive else self.index.search(q, top)
            out[lid] = [self._suggestion(q, p, s, reasons) for s, p in found]
        return out

    def _suggestion(self, q, p, s: float, memo: dict | None = None) -> Suggestion:
        offer, need = (p, q) if q.kind == NEED else (q, p)
        if memo is None:
            why = self.scorer.explain(offer, need)
        else:
            key = (offer.id, need.id)
            why = memo.get(key)
            if why is None:
                why = memo[key] = self.scorer.explain(offer, need)
        return Suggestion(offer.id, need.id, round(s, 4), why)

    def pairs(self, threshold: float | None = None) -> dict:
        """Offer-need pairs with score >= threshold found from either side: (offer_id, need_id) -> score."""
        threshold = self.weights.network_threshold if threshold is None else threshold
        pairs: dict = {}
        top = self.weights.network_top
        for lid in sorted(self.index.profiles, key=id_key):
            q = self.index.profiles[lid]
            for s, p in self.index.search(q, top):
                if s < threshold:
                    break
                key = (p.id, q.id) if q.kind == NEED else (q.id, p.id)
                pairs[key] = s
        return pairs

    def assignment(self, threshold: float | None = None) -> list[Suggestion]:
        """The best one-to-one region-wide assignment of offers to needs (networkx
        max_weight_matching over pairs scoring at least ``threshold``)."""
        profiles = self.index.profiles
        return _assignment(self.pairs(threshold),
                           lambda o, n: self.scorer.explain(profiles[o], profiles[n]))

    def cycles(self, max_length: int = 4, limit: int = 50, threshold: float | None = None) -> list:
        """Circular chains of 3..max_length distinct organisations (A supplies B supplies C ... A)."""
        profiles = self.index.profiles
        graph = supply_graph(self.pairs(threshold), lambda lid: profiles[lid].organisation)
        return _cycles(graph, max_length=max_length, limit=limit)


__all__ = ["Engine", "OFFER", "NEED"]
