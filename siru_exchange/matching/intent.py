"""What a listing is besides its classes: its role (the resource itself, equipment for it, a service
around it), the processes a need names (whose outputs it does not want), and its intent (social:
integration, non-profit, volunteer; commercial: an agency, a fee). Cue phrases come from
``data/uses.json`` (``Taxonomy.signals``) and are matched on folded text, as whole words or, for
cues of five letters or more, as the start of a word ("volontär" finds "volontärerna").
Intent is read without the words a negation governs (``text.drop_negated``): "no fee" is not a fee.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .text import SOURCE_WORDS, drop_negated, fold

RESOURCE = "resource"
EQUIPMENT = "equipment"
SERVICE = "service"
SOCIAL = "social"
COMMERCIAL = "commercial"
MIN_PREFIX_CUE = 5  # shorter cues match only as whole words ("fee" is not "feed")
# What follows "från"/"from" in a title names the source, not the thing: "Spillvärme från
# härdugnar och kompressorer" is heat, not a compressor.
_SOURCE_RE = re.compile(r"(?<![a-z0-9])(?:" + "|".join(SOURCE_WORDS + ("off",)) + r")(?![a-z0-9]).*")
# A building named after what stands in it is premises: "Empty machine hall", "maskinhallen".
_BUILDING_RE = re.compile(r"(?<![a-z0-9])(?:maskin|machine|pump|kompressor|compressor)[- ]?"
                          r"(?:hall|hallen|hus|huset|rum|rummet|shed|house|room|building)(?![a-z0-9])")


def _pattern(cues) -> re.Pattern | None:
    alts = []
    for cue in sorted({fold(c).strip() for c in cues if c.strip()}, key=len, reverse=True):
        body = r"\s+".join(re.escape(w) for w in cue.split())
        alts.append(body + (r"[a-z]*" if len(cue) >= MIN_PREFIX_CUE else "") + r"(?![a-z0-9])")
    if not alts:
        return None
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(alts) + ")")


@dataclass(frozen=True)
class Reading:
    """The role, unwanted classes and intent read from one listing."""

    role: str = RESOURCE
    unwanted: frozenset = frozenset()   # classes a need does not want: outputs of a process it names
    intent: frozenset = frozenset()     # {"social", "commercial"}, either, both or none


NOTHING = Reading()


class IntentReader:
    """Reads ``Reading``s with the cues of a taxonomy's ``signals``."""

    def __init__(self, signals) -> None:
        def both(cues: dict) -> list:
            return [c for lang in ("sv", "en") for c in cues.get(lang, ())]

        self._roles = [(role, p) for role in (EQUIPMENT, SERVICE)
                       if (p := _pattern(both(signals.roles.get(role, {})))) is not None]
        self._intent = [(kind, p) for kind in (SOCIAL, COMMERCIAL)
                        if (p := _pattern(both(signals.intent.get(kind, {})))) is not None]
        self.social_nodes = signals.social_needs
        self.need_only_uses = signals.need_only_uses
        self._processes = [(pr, p) for pr in signals.processes if (p := _pattern(both(pr.cues))) is not None]

    def read(self, kind: str, title: str, text: str, organisation_name: str = "") -> Reading:
        """The reading of a listing of ``kind`` ("offer"/"need"): role from its title (the
        description of a material often mentions machines), processes from all of it, intent from
        all of it and the organisation's name ("Ideella föreningen ...", "... socialt företag")."""
        ft = _BUILDING_RE.sub(" ", _SOURCE_RE.sub(" ", fold(title or "")))
        fx = drop_negated(fold(text or ""))
        role = next((r for r, p in self._roles if p.search(ft)), RESOURCE)
        fi = fx + "\n" + fold(organisation_name) if organisation_name else fx
        intent = frozenset(k for k, p in self._intent if p.search(fi))
        unwanted: frozenset = frozenset()
        if kind == "need":
            named = [pr for pr, p in self._processes if p.search(fx)]
            ins = frozenset().union(*(pr.inputs for pr in named)) if named else frozenset()
            unwanted = frozenset().union(*(pr.outputs for pr in named)) - ins if named else frozenset()
        if role == RESOURCE and not intent and not unwanted:
            return NOTHING
        return Reading(role, unwanted, intent)
