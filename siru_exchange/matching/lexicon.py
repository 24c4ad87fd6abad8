"""General-language knowledge of words, from the maintained ``wordfreq`` package (its Swedish and
English frequency lists ship in the wheel, so this works offline): how common a word is in
everyday language (``rarity``), and where a Swedish compound splits into two known words
(``compound_parts``: "spillvärme" -> "spill" + "värme", "träflis" -> "trä" + "flis").

Keys are folded words (``text.fold``: lower case, no diacritics), as the rest of the engine uses.
The folded lists are built once, on first use (about a second), and kept for the process.
"""
from __future__ import annotations

import math
from functools import lru_cache

# Zipf scale: log10 of a word's frequency per billion words ("the" ~7.7, "heat" 4.9, "sawdust"
# 2.9). A word at or below RARE_ZIPF in both languages weighs fully; from there its weight falls
# linearly to RARITY_FLOOR at COMMON_ZIPF, so a shared rare content word ("sågspån", "foundry")
# counts for more than a shared everyday one ("waste", "grade", "good").
RARE_ZIPF = 3.0
COMMON_ZIPF = 5.5
RARITY_FLOOR = 0.35

# Compounds: both parts known Swedish words at least this common, each at least this long, and
# the whole rarer than either part (so "kontor" is not "kon" + "tor").
PART_ZIPF = 2.5
MIN_HEAD = 3
MIN_TAIL = 3
SHORT_TAIL_ZIPF = 3.5  # a 3-letter tail must be at least this common ("bil", "ved"; not "els")
MIN_COMPOUND = 6
MAX_WHOLE_ZIPF = 3.6  # a word as common as this is a word of its own, not read as a compound
LINKING = ("s", "e", "a")  # linking letters (fogemorfem): "överskott-s-värme", "flick-e-"
LINKING_PENALTY = 0.7  # a split that drops a linking letter loses this much
SPLIT_AGAIN_PENALTY = 1.5  # and one that splits its tail again this much ("timmer|bil", not "tim|mer|bil")
# Derivational endings that are also words once folded ("skap" is "skåp", a cupboard): never a tail.
SUFFIX_TAILS = frozenset("skap het heten dom else ning ningen ande ende are aren eri eriet ism ist tion "
                         "lig ligt liga sam samt bar bart ing ings ade els ets ens ers les ide ins arna "
                         "erna orna rna na".split())

_LISTS: dict[str, tuple[dict, dict]] = {}


def _tables(lang: str) -> tuple[dict, dict]:
    """(wordfreq's own list: word -> frequency, folded forms of its non-ASCII words -> the highest
    frequency of the words that fold to them), built once per process."""
    tables = _LISTS.get(lang)
    if tables is None:
        from wordfreq import get_frequency_dict

        from .text import fold

        words = get_frequency_dict(lang, wordlist="best")
        folded: dict[str, float] = {}
        for word, freq in words.items():
            if not word.isascii():
                key = fold(word)
                if freq > folded.get(key, 0.0):
                    folded[key] = freq
        tables = _LISTS[lang] = (words, folded)
    return tables


def zipf(word: str, lang: str) -> float:
    """How common the folded ``word`` is in ``lang`` ("sv" or "en") on the Zipf scale; 0 unknown."""
    words, folded = _tables(lang)
    freq = max(words.get(word, 0.0), folded.get(word, 0.0))
    return math.log10(freq) + 9.0 if freq > 0.0 else 0.0


@lru_cache(maxsize=200_000)
def rarity(word: str) -> float:
    """Weight in [RARITY_FLOOR, 1] of a folded word by how rare it is in everyday Swedish and
    English (the more common of the two counts): 1 for rare or unknown words (typos, trade terms)."""
    z = max(zipf(word, "sv"), zipf(word, "en"))
    if z <= RARE_ZIPF:
        return 1.0
    if z >= COMMON_ZIPF:
        return RARITY_FLOOR
    return 1.0 - (1.0 - RARITY_FLOOR) * (z - RARE_ZIPF) / (COMMON_ZIPF - RARE_ZIPF)


@lru_cache(maxsize=200_000)
def is_common_word(word: str) -> bool:
    """Whether the folded ``word`` is an everyday word of Swedish or English in its own right
    (at least ``MAX_WHOLE_ZIPF``), so never read as a compound."""
    return max(zipf(word, "sv"), zipf(word, "en")) >= MAX_WHOLE_ZIPF


@lru_cache(maxsize=200_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """The two known Swedish words a folded compound is made of, head first, or ``()``.

    Every split point is tried; a head may end in a linking letter ("overskotts|varme"). Both
    parts must be known words of at least ``PART_ZIPF`` and the whole rarer than each of them;
    of the splits that qualify, the one whose rarer part is most common wins (a dropped linking
    letter costs ``LINKING_PENALTY``). A tail that is not a word but a compound is split in turn
    ("avfallstraflis" -> "avfall", "tra", "flis")."""
    return _split(word)[0]


@lru_cache(maxsize=200_000)
def _split(word: str) -> tuple[tuple[str, ...], float]:
    """(parts, score of the split) for ``compound_parts``; ``((), 0.0)`` when it does not split."""
    if len(word) < MIN_COMPOUND or not word.isalpha():
        return (), 0.0
    whole = zipf(word, "sv")
    english = zipf(word, "en")
    if whole >= MAX_WHOLE_ZIPF or (english >= 2.0 and english >= whole):  # an English word
        return (), 0.0
    best, best_z = (), 0.0
    for i in range(MIN_HEAD, len(word) - MIN_TAIL + 1):
        head, tail = word[:i], word[i:]
        if tail in SUFFIX_TAILS:
            continue
        zt, tail_parts, penalty = zipf(tail, "sv"), (tail,), 0.0
        if zt < PART_ZIPF and len(tail) >= MIN_COMPOUND:  # a compound tail ("tra|flis")
            tail_parts, zt = _split(tail)
            penalty = SPLIT_AGAIN_PENALTY
        if zt < PART_ZIPF or zt <= whole or (len(tail) == MIN_TAIL and zt < SHORT_TAIL_ZIPF):
            continue
        zh = zipf(head, "sv")
        if head[-1] in LINKING and len(head) > MIN_HEAD:
            bare = head[:-1]
            zb = zipf(bare, "sv")
            if zb > zh:
                if len(tail) == MIN_TAIL:  # "mentor-s-kap": no linking letter before a short tail
                    continue
                head, zh, penalty = bare, zb, penalty + LINKING_PENALTY
        if zh < PART_ZIPF or zh <= whole:
            continue
        z = min(zh, zt) - penalty
        if z > best_z:
            best, best_z = (head, *tail_parts), z
    return best, best_z
