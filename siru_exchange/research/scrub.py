"""Free text with what could name someone removed: names of people and firms and places smaller than a
municipality (given as plain lists by the caller, from the database and the data files), email
addresses, links, phone numbers, Swedish organisation numbers and any other long number, postcodes and
street addresses. Each removal leaves a tag ("[name]", "[email]" ...) so that a reader sees that
something was there.

Over-removing is the safe side: a person's first name also removes the same capitalised word elsewhere
("Per" in "Per vecka"), which costs a word and never leaks one.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_LINK = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:se|com|nu|org|net|eu|io)\b\S*", re.IGNORECASE)
# Organisation numbers (556677-8899, 16556677-8899), phone numbers (+46 70 123 45 67, 036-12 34 56)
# and any other run of six or more digits, whatever separates them.
_NUMBER = re.compile(r"\+?\d(?:[\s().-]{0,3}\d){5,}")
_POSTCODE = re.compile(r"\b\d{3}\s?\d{2}\b")
_STREET = re.compile(
    r"\b[\wåäöÅÄÖéÉ-]+(?:gatan|vägen|gata|väg|gränd|torget|stigen|backen|allén|leden|street|road)"
    r"(?:\s+\d+\s?[A-Za-z]?)?\b", re.IGNORECASE)
# Words of a firm's name that do not name it (legal forms).
_LEGAL_FORMS = {"ab", "hb", "kb", "ek", "för", "ekonomisk", "förening", "aktiebolag", "handelsbolag",
                "kommanditbolag", "publ", "i", "och", "&", "the", "of", "and"}
_WORD = re.compile(r"[\w'’-]+", re.UNICODE)


def _boundaried(alternatives: Iterable[str]) -> str:
    ordered = sorted(set(alternatives), key=len, reverse=True)
    return r"(?<!\w)(?:" + "|".join(re.escape(a) for a in ordered) + r")(?!\w)"


class Scrubber:
    """Built once per export from the names it must not let through; `scrub(text)` returns the text
    with every name, place and contact detail replaced by a tag.

    names: organisation names, people's names (accounts, contact persons). places: localities smaller
    than a municipality. keep: words never removed as parts of names (the municipality names: a
    municipality is allowed context)."""

    def __init__(self, names: Iterable[str] = (), places: Iterable[str] = (), keep: Iterable[str] = ()):
        keep_lower = {w.casefold() for w in keep}
        whole: set[str] = set()
        parts: set[str] = set()
        for name in names:
            name = " ".join((name or "").split())
            if len(name) < 2:
                continue
            whole.add(name)
            words = _WORD.findall(name)
            core = [w for w in words if w.casefold() not in _LEGAL_FORMS]
            if core and len(core) < len(words):
                whole.add(" ".join(core))
            for word in core:
                if len(word) >= 2 and word.casefold() not in keep_lower and not word.isdigit():
                    parts.add(word)
        place_set = {p.strip() for p in places if p and p.strip() and p.strip().casefold() not in keep_lower}
        self._whole = re.compile(_boundaried(whole), re.IGNORECASE) if whole else None
        self._places = re.compile(_boundaried(place_set), re.IGNORECASE) if place_set else None
        # A single word of a name is removed where it is written as a name (capitalised) ...
        self._parts = re.compile(_boundaried(p[:1].upper() + p[1:] for p in parts)) if parts else None
        # ... and, in any case, where it is the whole word in lower case and long enough to be distinctive.
        long_parts = [p for p in parts if len(p) >= 5]
        self._parts_any = re.compile(_boundaried(long_parts), re.IGNORECASE) if long_parts else None

    def scrub(self, text: str | None) -> str:
        """The text with names, places smaller than a municipality and contact details replaced."""
        if not text:
            return ""
        text = _EMAIL.sub("[email]", text)
        text = _LINK.sub("[link]", text)
        text = _NUMBER.sub("[number]", text)
        text = _POSTCODE.sub("[number]", text)
        text = _STREET.sub("[place]", text)
        for pattern, tag in ((self._whole, "[name]"), (self._places, "[place]"), (self._parts, "[name]"),
                             (self._parts_any, "[name]")):
            if pattern is not None:
                text = pattern.sub(tag, text)
        return " ".join(text.split())
