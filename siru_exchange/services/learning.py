"""Learning a re-ranker from outcomes (`flask match learn`), and the model in use.

The outcomes (services/outcomes.py, one per pair) become examples over the engine's own pair
features (matching/rerank.py), read by an engine built for the purpose over the active listings and
every listing an outcome names (closed ones too: a realised exchange often closes its listings).
The learner (matching/learner.py) is judged twice:
  * on a time split: fitted on the older 70 % of the outcomes, tested on the newer 30 %
    (precision@1 and AUC of the re-ranked score against the hand score);
  * on the project's evaluation sets (tests/data/eval_listings.json and eval_holdout.json, through
    bench/eval_matching.py as `make eval` runs them; aggregates only), the model fitted on all
    outcomes against the hand weights.
The model fitted on all outcomes is stored with that evaluation, and put in use only when it beats
the hand weights on the time split and loses on no metric of either evaluation set.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from .. import matching
from ..extensions import db
from ..matching import learner
from ..models import Listing, RerankerModel
from . import bulk, outcomes, reference

ROOT = Path(__file__).resolve().parents[2]
EVAL_SCRIPT = ROOT / "bench" / "eval_matching.py"
# The sets the gate reads; never the frozen held-out set (eval_holdout2.json), which judges the
# engine once, at the end.
EVAL_SETS = ("main", "holdout")
EVAL_FIELDS = ("n", "recall@1", "recall@5", "mrr")


def reranker_in_use() -> matching.Reranker | None:
    """The model the engine applies, as plain data, or None (the hand weights alone)."""
    data = db.session.scalar(select(RerankerModel.model).where(RerankerModel.in_use.is_(True))
                             .order_by(RerankerModel.version.desc()).limit(1))
    return matching.Reranker.from_dict(data) if data else None


def examples(pairs: list[outcomes.Outcome]) -> list[learner.Example]:
    """The labelled pairs as feature vectors, read by an engine over the active listings and the
    listings the outcomes name."""
    named = {lid for o in pairs for lid in (o.offer_id, o.need_id)}
    read = select(Listing).options(joinedload(Listing.organisation))
    rows = list(db.session.scalars(read.where(Listing.status == "active")))
    missing = named - {listing.id for listing in rows}  # paused or closed since
    for condition in bulk.in_chunks(Listing.id, missing):
        rows += db.session.scalars(read.where(condition))
    listings = {listing.id: matching_listing for listing in rows
                if (matching_listing := _engine_listing(listing)) is not None}
    engine = matching.Engine(reference.taxonomy(), municipalities=reference.municipalities())
    engine.add_many(listings.values())
    out = []
    for o in pairs:
        offer, need = listings.get(o.offer_id), listings.get(o.need_id)
        if offer is None or need is None:  # a listing deleted since
            continue
        out.append(learner.Example(o.offer_id, o.need_id, engine.pair_features(offer, need), o.label,
                                   o.strength, o.at))
    return out


def _engine_listing(listing: Listing):
    # services.matching imports this module (the engine reads the model in use): import it here.
    from .matching import to_engine_listing

    return to_engine_listing(listing)


def _eval_module():
    if not EVAL_SCRIPT.exists():
        return None
    if str(EVAL_SCRIPT.parent) not in sys.path:
        sys.path.insert(0, str(EVAL_SCRIPT.parent))
    spec = importlib.util.spec_from_file_location("siru_eval_matching", EVAL_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def evaluate_sets(model: matching.Reranker) -> dict | None:
    """Per evaluation set, recall@1, recall@5 and MRR of the hand weights and of ``model``
    (aggregates only); None when the sets are not there (an installed package without tests/)."""
    ev = _eval_module()
    if ev is None:
        return None
    out = {}
    for name in EVAL_SETS:
        data = ev.load(ev.SETS[name])
        hand = ev.evaluate_engine(data)
        reranked = ev.evaluate_engine(data, reranker=model)
        out[name] = {"hand": {k: _r(hand[k]) for k in EVAL_FIELDS},
                     "reranked": {k: _r(reranked[k]) for k in EVAL_FIELDS}}
    return out


def learn(dry_run: bool = False, eval_sets: bool = True) -> dict:
    """Train, evaluate and (unless ``dry_run``) store a re-ranker; the evaluation as one dict."""
    pairs = outcomes.pair_outcomes()
    data = examples(pairs)
    older, newer = learner.time_split(data)
    result: dict = {
        "outcomes": {"pairs": len(data), "good": sum(e.label for e in data),
                     "by_source": _by_source(pairs),
                     "from": _day(data[0].at) if data else None, "to": _day(data[-1].at) if data else None},
        "time_split": {"train": len(older), "test": len(newer),
                       "test_from": _day(newer[0].at) if newer else None},
        "features": list(matching.FEATURES),
        "model": None, "eval_sets": None, "beats_hand_weights": False, "in_use": False, "stored": None,
    }
    if not learner.trainable(older) or len({e.label for e in newer}) < 2:
        result["reason"] = (f"too few outcomes: the older part needs at least {learner.MIN_EXAMPLES} "
                            "labelled pairs of both labels, the newer part both labels")
        return result
    result["time_split"].update(learner.compare(learner.fit(older), newer))
    model = learner.fit(data)
    result["model"] = model.as_dict()
    result["beats_hand_weights"] = learner.beats(result["time_split"])
    sets = evaluate_sets(model) if eval_sets else None
    result["eval_sets"] = sets
    loses = sets is None or any(learner.loses(s["hand"], s["reranked"]) for s in sets.values())
    result["in_use"] = result["beats_hand_weights"] and not loses
    if not result["in_use"]:
        result["reason"] = ("does not beat the hand weights on the newer outcomes"
                            if not result["beats_hand_weights"] else
                            "evaluation sets not measured" if sets is None else
                            "loses to the hand weights on an evaluation set")
    if not dry_run:
        result["stored"] = _store(model, result, len(data))
    return result


def _store(model: matching.Reranker, result: dict, n: int) -> int:
    """Store the model as the next version; in use (and the only one) when it earned it."""
    version = (db.session.scalar(select(func.max(RerankerModel.version))) or 0) + 1
    if result["in_use"]:
        db.session.execute(update(RerankerModel).where(RerankerModel.in_use.is_(True)).values(in_use=False))
    evaluation = {k: v for k, v in result.items() if k not in ("model", "stored")}
    db.session.add(RerankerModel(version=version, model=model.as_dict(), evaluation=evaluation, outcomes=n,
                                 in_use=result["in_use"]))
    db.session.commit()
    return version


def _by_source(pairs) -> dict:
    out: dict = {}
    for o in pairs:
        out[o.source] = out.get(o.source, 0) + 1
    return dict(sorted(out.items()))


def _day(at) -> str:
    return at.date().isoformat()


def _r(x):
    return round(x, 4) if isinstance(x, float) else x
