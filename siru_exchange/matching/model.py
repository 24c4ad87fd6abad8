"""Plain data types exchanged with the engine: listings in, suggestions and chains out."""
from __future__ import annotations

import datetime as _dt
from collections.abc import Hashable
from dataclasses import dataclass, field

OFFER = "offer"
NEED = "need"
KINDS = (OFFER, NEED)


@dataclass(frozen=True)
class Listing:
    """One offer or need as the engine sees it (no database, no Flask).

    ``id`` and ``organisation`` are any hashable value (int or str). ``resource_class`` is a
    taxonomy class id; when it is ``None`` the engine infers classes from the text.
    ``municipality`` is a municipality code ("0680") or name; it gives a centroid when
    ``lat``/``lon`` are missing.
    """

    id: Hashable
    kind: str
    organisation: Hashable
    title: str
    description: str = ""
    resource_class: str | None = None
    municipality: str | None = None
    lat: float | None = None
    lon: float | None = None
    quantity: float | None = None
    unit: str | None = None
    frequency: str | None = None
    available_from: _dt.date | None = None
    available_to: _dt.date | None = None
    organisation_name: str = ""   # never read as a resource ("Hjälmarydssågen AB" is not a saw)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be 'offer' or 'need', not {self.kind!r}")


@dataclass(frozen=True)
class Suggestion:
    """An offer-need pair with a score in [0, 1] and the reasons that produced it."""

    offer_id: Hashable
    need_id: Hashable
    score: float
    reasons: tuple = field(default=())

    def to_dict(self) -> dict:
        """A JSON-serialisable form (reasons as ``{"code", "params"}``)."""
        return {
            "offer_id": self.offer_id,
            "need_id": self.need_id,
            "score": self.score,
            "reasons": [r.to_dict() for r in self.reasons],
        }


@dataclass(frozen=True)
class Chain:
    """A circular suggestion: organisations[i] supplies organisations[i + 1] (and the last the first).

    ``listings[i]`` is the ``(offer_id, need_id)`` pair behind the edge from ``organisations[i]``
    to the next organisation; ``score`` is the mean of the edge scores.
    """

    organisations: tuple
    listings: tuple
    score: float


def id_key(value) -> tuple:
    """A total order over mixed int/str ids, for deterministic tie-breaks."""
    if isinstance(value, bool):
        return (1, str(value))
    if isinstance(value, (int, float)):
        return (0, value, "")
    return (1, str(value))
