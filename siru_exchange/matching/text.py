"""Normalising and tokenising Swedish and English text, and inferring resource classes from it.

Matching keys are lower-cased and stripped of diacritics (å/ä -> a, ö -> o, é -> e) so that
"sagspan" typed on an English keyboard meets "sågspån"; display text is never changed.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from functools import lru_cache

import snowballstemmer

from .glossary import GLOSS_WEIGHT, glosses, original_words
from .lexicon import RARE_ZIPF, compound_parts, is_common_word, zipf
from .taxonomy import is_use

_TOKEN_RE = re.compile(r"[a-z0-9]+")
_HYPHEN_MOD_RE = re.compile(r"(?<![a-z0-9-])([a-z]+)-(?=[a-z])")
_EXTRA_FOLD = str.maketrans({"ø": "o", "æ": "ae", "ß": "ss", "œ": "oe", "ð": "d", "þ": "th"})

STOP_WORDS_SV = frozenset("""
alla allt att av behov behover behovs bra by da dag de dem den denna dessa det detta dig din ditt
du efter eller en ett finns for fran gar gor ha hade har hela helst hos hur i in inom inte ja jag
kan kg kunna man med mellan men mer mest mig min mina mitt mot mycket manga nagon nagot nagra nar
nu och ocksa om oss over pa per sa sig sin sina sitt ska skulle som soker sa till tills under upp
ut utan vad var vara vart vi vid vill vilja vilka vilken vara vart vare ar erbjuder erbjudes
ca cirka st styck ton timmar gratis ingen inget inga nagonstans ingenstans
""".split())

STOP_WORDS_EN = frozenset("""
a about after all also an and any are as at available be been but by can could do does for from
get getting had has have having here i if in into is it its looking may more most much need needed
needs no not of off offer offered offering offers on or our ours out over per please some such than
that the their them then there these they this those to up us use used using want wanted wants was
we week weekly what when which who will with would you your free approx around tonnes tons kg
one nobody nothing nowhere enough
""".split())

STOP_WORDS = STOP_WORDS_SV | STOP_WORDS_EN

# Words that qualify a resource (its state, grade, season, timing, who handles it, how much) rather
# than name it. Two listings that share only such words ("waste", "grade", "winter", "staff") are
# not shown to be about the same thing: without a class link, the scorer never pairs them on those alone.
GENERIC_WORDS_EN = frozenset("""
waste wastes surplus spare excess extra leftover leftovers residue residual used second hand grade quality
clean mixed pure small large big old new fresh dry wet cheap low high winter summer spring autumn season
seasonal weekend weekends month monthly year yearly daily time day days hour hours staff people person
work working worker workers help service services shared share sharing space spaces material materials
product products stuff capacity local company companies business businesses customer customers site
sites need needs supply supplies delivery stock unit units part parts take takes transport
""".split())
GENERIC_WORDS_SV = frozenset("""
avfall overskott overbliven overblivet overblivna rest rester restprodukt begagnad begagnade begagnat
anvand anvanda anvant kasserad kasserade gammal gamla gammalt ny nya nytt liten litet sma stor stort
stora blandad blandade blandat ren rena rent torr torrt torra billig billigt hog lag kvalitet skick
vinter vintern vintertid sommar sommaren sommartid var varen host hosten sasong helg helger helgen
vecka veckan manad manaden ar aret tid dag dagar timme personal medarbetare folk arbete jobb hjalp
hjalpa tjanst tjanster service delad delade dela material produkt produkter kapacitet foretag
foretaget kund kunder plats platser leverans lager del delar mangd salja kopa varje garna ta tar
transport transporter
""".split())
_MARKED_RE = re.compile(r"[åäö]")

# Days and months say when, never what ("på fredagar" made a return load meet a food bank).
_DAYS_SV = ("mandag", "tisdag", "onsdag", "torsdag", "fredag", "lordag", "sondag")
_DAYS_EN = ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")
TIME_WORDS = (frozenset(f"{d}{e}" for d in _DAYS_SV for e in ("", "ar", "en", "arna"))
              | frozenset(f"{d}day{e}" for d in _DAYS_EN for e in ("", "s"))
              | frozenset("""januari februari mars april maj juni juli augusti september oktober november
december january february march may june july august october""".split()))
GENERIC_WORDS = GENERIC_WORDS_EN | GENERIC_WORDS_SV | TIME_WORDS

# Light suffix stripping for both languages, longest first; applied once after a plural "s".
_SUFFIXES = (
    "arnas", "ernas", "ornas", "heten", "arna", "erna", "orna", "ande", "ende",
    "het", "ing", "ies", "ied", "ed", "er", "ar", "or", "en", "et", "na", "a", "e",
)
_MIN_STEM = 3
_SV = snowballstemmer.stemmer("swedish")
_EN = snowballstemmer.stemmer("english")


# A negation governs the next few words of its clause ("no paint or glue"), unless the listing says
# it lacks something ("we have no heating": a need names what it lacks) or it is "not only".
_NEG_WORDS = r"no|not|without|non|never|utan|inte|ingen|inget|inga|ej|aldrig"
# After these a negation says who or how much is missing, which is the problem a need names
# ("ingen kan köra fräsarna", "no one applies", "not enough people", "ingen som tar över"): the
# words that follow are kept.
_NOT_A_SCOPE = (r"(?:one|body|enough|longer|som|kan|vill|har|tar|vet|orkar|hinner|kommer|finns|"
                r"here|att|tillrackligt|nog|racker|lar)\b")
_NEG_RE = re.compile(
    r"(?<![a-z0-9])(?P<before>(?:har|have|has|had|saknar|lack|lacks)\s+)?(?P<neg>" + _NEG_WORDS + r")\s+"
    r"(?P<scope>(?!only\b|bara\b|longer\b|langre\b|later\b|senare\b|ocksa\b|also\b|"
    + _NOT_A_SCOPE + r")[a-z0-9-]+"
    r"(?:\s+(?:or|and|eller|och|nor|any|some|nagon|nagot|nagra)?\s*[a-z0-9-]+){0,2})")
_CLAUSE_RE = re.compile(r"[.,;:!?()\n/]")


def drop_negated(folded: str) -> str:
    """``folded`` text without the words a negation governs, clause by clause."""
    if not any(w in folded for w in ("no", "not", "without", "utan", "inte", "ing", "ej", "aldrig")):
        return folded
    return " . ".join(_NEG_RE.sub(_keep_lack, part) for part in _CLAUSE_RE.split(folded))


def _keep_lack(m: re.Match) -> str:
    if m.group("before"):  # "we have no heating": the need names what it lacks
        return m.group(0)
    return " "



@lru_cache(maxsize=65_536)  # words of surface forms recur across listings
def fold(text: str) -> str:
    """Lower-case and strip diacritics: the matching key form of ``text``."""
    text = text.lower().translate(_EXTRA_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of a folded word: Snowball's Swedish stemmer, then its English one (one stem for
    both languages, so that a Swedish and an English listing meet on the same key)."""
    if len(word) < 4:
        return word
    out = word
    for _ in range(3):  # to a fixed point: "boilers" -> "boiler" -> "boil", as "boiler" -> "boil"
        nxt = _EN.stemWord(_SV.stemWord(out))
        if nxt == out or len(nxt) < _MIN_STEM:
            break
        out = nxt
    return out


def light_stem(word: str) -> str:
    """A light, language-agnostic stem of a folded word (consistent rather than linguistic)."""
    # English plural "s", but not the Swedish endings -us, -is, -as, -ss, -os (hus, flis, glas).
    if len(word) >= 5 and word.endswith("s") and word[-2] not in "suiao":
        word = word[:-1]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            if suffix in ("ies", "ied"):
                return word[: -len(suffix)] + "y"
            return word[: -len(suffix)]
    return word


OVER_STEM = 4  # letters a stemmer may take off an everyday word before its stem stops counting


def _over_stemmed(word: str, tok: str) -> bool:
    """Whether the stem ``tok`` took so much off an everyday ``word`` that it names another word
    (Snowball folds "billigare", cheaper, to "bil", a car)."""
    return len(word) - len(tok) > OVER_STEM and is_common_word(word)


# Figures of speech that name no resource: overtime "burning out the team" is not fuel.
_IDIOM_RE = re.compile(r"(?<![a-z])(?:burn(?:ing|ed|t|s)?[ -]?out|burnout|brinner ut|branner ut|"
                       r"branns ut|utbrand[a]?|ga i vaggen)(?![a-z])")
_IDIOM_HINTS = ("burn", "brinn", "brann", "utbrand", "vagg")


# Particle verbs whose words are stop words one by one ("ta över", "lägga ner", "någon som kan"):
# each is read as one word that keeps the meaning, after negations are dropped ("ingen som kan" is
# what a need lacks, "vill inte lägga ner" drops the verb with its negation).
_PARTICLE_VERBS = (
    (re.compile(r"(?<![a-z])(?:ta|tar|tog|tagit|tas|take|takes|taking|took|taken)\s+over(?![a-z])"),
     "takeover"),
    (re.compile(r"(?<![a-z])(?:lagga|lagger|la|lade|lagt|laggs|lags)\s+ner(?![a-z])"), "nedlaggning"),
    (re.compile(r"(?<![a-z])(?:nagon|nan|ingen|nagra|folk|fler)\s+som\s+(?:kan|kunde)(?![a-z])"), "kunnig"),
)


# A clause that names what comes with a listing, not what it is about: "vi bjuder på fika",
# "kaffe och skrivare ingår", "lunch included".
_PERK_RE = re.compile(r"(?<![a-z])(?:bjuder pa|bjuder er pa|bjuds pa|ingar|included|on the house|"
                      r"we provide lunch|we provide coffee|we provide food)(?![a-z])")


_PERK_HINTS = ("bjud", "ingar", "included", "on the house", "provide")


def _drop_perks(folded: str) -> str:
    if not any(h in folded for h in _PERK_HINTS):
        return folded
    return " . ".join(part for part in _CLAUSE_RE.split(folded) if not _PERK_RE.search(part))


def _join_particle_verbs(folded: str) -> str:
    if " over" in folded or " ner" in folded or " som " in folded:
        for pattern, word in _PARTICLE_VERBS:
            folded = pattern.sub(word, folded)
    return folded


# Words (folded) after which a title says where the thing comes from ("Spillvärme från härdugnarna")
# or what it is for ("Food waste for biogas"); intent.py reads a listing's role before the source.
SOURCE_WORDS = ("fran", "from", "ur", "out of", "efter", "after")
PURPOSE_WORDS = ("for", "till")
_TAIL_RE = re.compile(r"(?<![a-z0-9])(?:" + "|".join(SOURCE_WORDS + PURPOSE_WORDS) + r")(?![a-z0-9])")


def _title_cut(title: str) -> int:
    """Where the first word that starts a source or a purpose ("från", "for", "till") begins in
    ``title``, or 0 when no such word follows another (or the folded title is not as long)."""
    folded = fold(title)
    m = _TAIL_RE.search(folded) if len(folded) == len(title) else None
    return 0 if m is None or not folded[:m.start()].strip() else m.start()


def _written_word(phrase: str, word: str) -> str:
    """The word of ``phrase`` as written (lower case, diacritics kept) that folds to ``word``."""
    return next((w for w in re.findall(r"[^\W\d_]+", phrase.lower()) if fold(w) == word), word)


class _Written:
    """The words of a listing's text as written (diacritics kept), read once and only when asked."""

    __slots__ = ("_text", "_forms", "marked")

    def __init__(self, text: str) -> None:
        self._text = text
        self._forms: dict[str, str] | None = None
        self.marked = _MARKED_RE.search(text.lower()) is not None  # written with å, ä or ö

    def form(self, word: str) -> str:
        """The folded ``word`` as the text wrote it."""
        if self._forms is None:
            self._forms = original_words(self._text)
        return self._forms.get(word, word)

    def marked_form(self, word: str) -> str | None:
        """``form(word)`` when the text is written with Swedish letters (so that diacritics tell
        words apart), else None (any form may stand for any)."""
        return self.form(word) if self.marked else None


def _definite_neuter(word: str) -> bool:
    """Whether ``word`` may be a Swedish definite neuter ("skiftet", "virket"), which Snowball's
    Swedish stemmer leaves whole, and not an English word ("pallet", "market")."""
    return len(word) >= 7 and word.endswith("et") and zipf(word, "en") < 2.5


def raw_tokens(text: str) -> list[str]:
    """Folded word tokens, without stop words, numbers or one-letter words (unstemmed), without
    figures of speech (_IDIOM_RE) or perks (_PERK_RE), particle verbs read as one word
    (_PARTICLE_VERBS)."""
    folded = fold(text or "")
    if any(h in folded for h in _IDIOM_HINTS):
        folded = _IDIOM_RE.sub(" ", folded)
    return [t for t in _TOKEN_RE.findall(_join_particle_verbs(drop_negated(_drop_perks(folded))))
            if len(t) > 1 and not t.isdigit() and t not in STOP_WORDS]


def tokens(text: str) -> list[str]:
    """Stemmed matching tokens of ``text`` in order."""
    return [stem(t) for t in raw_tokens(text)]


def language(text: str) -> str | None:
    """"sv" or "en" when the stop words of ``text`` clearly point to one language, else None."""
    words = _TOKEN_RE.findall(fold(text or ""))
    sv = sum(w in STOP_WORDS_SV and w not in STOP_WORDS_EN for w in words)
    en = sum(w in STOP_WORDS_EN and w not in STOP_WORDS_SV for w in words)
    if sv > en and sv >= 1:
        return "sv"
    if en > sv and en >= 1:
        return "en"
    return None


def generic_stems() -> frozenset[str]:
    """The stems of GENERIC_WORDS, as the scorer's terms are stemmed."""
    return frozenset(stem(w) for w in GENERIC_WORDS) | GENERIC_WORDS


def surface_forms(text: str) -> dict[str, str]:
    """stem -> the first word (lower-case, accents kept) in ``text`` that produced it, for reasons."""
    out: dict[str, str] = {}
    for word in re.findall(r"\w+", (text or "").lower()):
        key = fold(word)
        if len(key) <= 1 or key.isdigit() or key in STOP_WORDS or not _TOKEN_RE.fullmatch(key):
            continue
        out.setdefault(stem(key), word)
    return out


# Weights of the evidence a synonym hit gives a class (summed per class, then squashed to (0, 1)).
HIT_EXACT = 1.0          # a single-word synonym or label equals a token
HIT_PHRASE_EXTRA = 0.5   # per extra word of a multi-word synonym found contiguously
HIT_PHRASE_LOOSE = 0.7   # all words of a multi-word synonym present, not contiguous
PHRASE_WINDOW = 2        # a use's cue matches loosely only with its words this near each other
HIT_COMPOUND_HEAD = 0.8  # synonym is the tail of a compound ("kutterspån" -> "spån")
HIT_COMPOUND_MOD = 0.4   # synonym is the head of a compound ("spånbriketter" -> "spån")
HIT_GLOSS = GLOSS_WEIGHT  # an English gloss of an unknown Swedish word is a synonym ("gyttja" -> "mud")
MIN_COMPOUND_PART = 4    # shortest synonym used inside a compound
MIN_COMPOUND_REST = 3    # shortest remaining part of the compound
DESCRIPTION_WEIGHT = 1.0  # weight of evidence from the description (after the first line);
                          # 0.6-0.8 was tried and lost on the main set
DESCRIPTION_ONLY_WEIGHT = 0.5  # a resource class named only in the description of a titled listing
TAIL_WEIGHT = 0.2        # a resource class a title names only after "från"/"for"/"till" (it named another
                         # before); 0.5 still put "Food waste for biogas" first for a need for heat
MIN_STEM_MATCH = 6       # a synonym whose stem is shorter than this matches only as the whole word
                         # ("cleaning" is not found in "clean CO2"; "flis" still matches "flis")
CONFIDENCE_HALF = 0.25   # conf = e / (e + CONFIDENCE_HALF): one exact hit gives 0.8
KEEP_RELATIVE = 0.5      # drop classes below this share of the best class's confidence


# Heads of Swedish compounds that name a person by trade: the first part is the trade, not a
# resource on offer ("lastbilsförare" is a driver, not a truck; "verkstadsmästare" a foreman).
PERSON_HEADS = tuple("""
mastare mastaren agare agaren chef chefen arbetare arbetaren tekniker forare foraren saljare
snickare svetsare montor montorer ingenjor ingenjorer larare ledare handledare skotare operator
operatorer elektriker mekaniker konsult konsulter radgivare expert experter specialist
""".split())

# Words of an organisation's name that only say what kind of legal person it is.
LEGAL_FORM_WORDS = frozenset("ab hb kb aktiebolag aktiebolaget handelsbolag kommanditbolag ek ekonomisk "
                             "forening foreningen ideell ideella stiftelse stiftelsen publ ltd inc".split())
_MASK = "\x00"  # stands in for a name's words: matches no synonym, no compound, no phrase


def name_phrase(name: str) -> tuple[str, ...]:
    """The folded words of a proper name (a place, an organisation) as they appear in text,
    without its legal form ("Vetlanda Bryggeri AB" -> ("vetlanda", "bryggeri"))."""
    words = raw_tokens(name)
    while words and words[-1] in LEGAL_FORM_WORDS:
        words.pop()
    return tuple(words)


class NameMasker:
    """Finds proper names (places, the organisation's own name) in a token list, so that class
    inference never reads "Vetlanda" as land or "Hjälmarydssågen" as a saw. A name is a sequence of
    folded words; its last word also matches with a genitive "s" ("Vetlandas")."""

    def __init__(self, names=()) -> None:
        self._by_first: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        for name in names:
            self.add(name)

    def add(self, name) -> None:
        phrase = name if isinstance(name, tuple) else name_phrase(name)
        if phrase:
            self._by_first[phrase[0]].add(phrase)
            if len(phrase) == 1:
                self._by_first[phrase[0] + "s"].add((phrase[0] + "s",))

    def __bool__(self) -> bool:
        return bool(self._by_first)

    def mask(self, words: list[str], extra: NameMasker | None = None) -> list[str]:
        """``words`` with every word that belongs to a known name replaced by a mask."""
        out = list(words)
        for masker in (self, extra):
            if not masker:
                continue
            for i, word in enumerate(words):
                for phrase in masker._by_first.get(word, ()):
                    n = len(phrase)
                    part = tuple(words[i:i + n])
                    genitive = part[:-1] == phrase[:-1] and part[-1:] == (phrase[-1] + "s",)
                    if len(part) == n and (part == phrase or genitive):
                        out[i:i + n] = [_MASK] * n
        return out


class Classifier:
    """Infers resource classes from text using the taxonomy's labels and synonyms (sv and en).

    ``place_names`` (the county's municipalities, towns and villages) never count as evidence,
    nor does the organisation's own name given to ``classify``: "Hämtas i Vetlanda" says where,
    not what. A place name that is itself a label or synonym of a class stays a word.
    """

    def __init__(self, taxonomy, place_names=()) -> None:
        self._single: dict[str, set[str]] = defaultdict(set)
        self._words: dict[str, set[str]] = defaultdict(set)
        self._lang_words: dict[str, dict[str, set[str]]] = {"sv": {}, "en": {}}
        self._phrases: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        # (key, class) -> the synonyms' first len(key) letters as written, diacritics kept: "städ"
        # (cleaning) and "stad" (town) fold to one key; a text written with å, ä and ö tells them apart.
        self._marks: dict[tuple[str, str], set[str]] = defaultdict(set)
        for cid in sorted(taxonomy.nodes):
            cls = taxonomy.nodes[cid]
            phrases = [("sv", cls.labels.get("sv", "")), ("en", cls.labels.get("en", ""))]
            for lang in ("sv", "en"):
                phrases.extend((lang, ph) for ph in cls.synonyms.get(lang, ()))
            for lang_of, phrase in phrases:
                toks = tuple(tokens(phrase))
                if not toks:
                    continue
                if len(toks) == 1:
                    word = fold(phrase).strip()
                    whole = _TOKEN_RE.fullmatch(word) is not None
                    as_written = phrase.lower().strip()
                    if not whole and " " in word:
                        # A phrase whose other words are stop words ("lotsa oss") is its one word:
                        # "lotsa" is not every word that stems to "lot".
                        word, whole = raw_tokens(phrase)[0], True
                        as_written = _written_word(phrase, word)
                    if not whole or toks[0] == word or len(toks[0]) >= MIN_STEM_MATCH:
                        self._single[toks[0]].add(cid)
                        self._marks[(toks[0], cid)].add(as_written[:len(toks[0])])
                    if whole:  # the unstemmed form too ("flis", "spån")
                        self._single[word].add(cid)
                        self._marks[(word, cid)].add(as_written)
                        self._words[word].add(cid)
                        self._lang_words[lang_of].setdefault(word, set()).add(cid)
                else:
                    entry = (toks, cid)
                    if entry not in self._phrases[toks[0]]:
                        self._phrases[toks[0]].append(entry)
        self._compound_keys = {k: v for k, v in self._single.items() if len(k) >= MIN_COMPOUND_PART}
        # Words that are synonyms of different classes in the two languages ("truck": a forklift
        # in Swedish, a lorry in English) are read in the language of the listing when it is clear.
        sv, en = self._lang_words["sv"], self._lang_words["en"]
        self._ambiguous = {w: {"sv": sv[w], "en": en[w]} for w in set(sv) & set(en) if sv[w] != en[w]}
        self.place_collisions = set()
        self._places = NameMasker()
        for place in place_names:
            phrase = name_phrase(place)
            if len(phrase) == 1 and (phrase[0] in self._words or phrase[0] in self._single):
                self.place_collisions.add(place)
                continue
            self._places.add(phrase)

    def without_names(self, words: list[str], names=()) -> list[str]:
        """``words`` (raw tokens) without the words of place names and of ``names``: a town or an
        organisation named in two listings says where or who, not what (distance is scored apart)."""
        own = NameMasker(n for n in names if n) if names else None
        return [w for w in self._places.mask(words, own) if w != _MASK]

    def evidence(self, text: str, names=()) -> dict[str, float]:
        """Raw evidence per class id. The first line is the title; evidence from the lines after
        it (the description) is weighted by DESCRIPTION_WEIGHT, or DESCRIPTION_ONLY_WEIGHT for a
        resource class the title does not name when it names another. Words of place names and of
        ``names`` (the organisation's name) give no evidence."""
        title, _sep, rest = (text or "").partition("\n")
        ev: dict[str, float] = defaultdict(float)
        lang = language(text)
        own = NameMasker(n for n in names if n) if names else None
        written = _Written(text or "")
        self._evidence(title, 1.0, lang, ev, own, split=True, written=written)
        cut = _title_cut(title)
        if cut:
            # "Kaffesump från kontoret", "Food waste for biogas": what follows "från"/"for" says
            # where the thing comes from or what it is for; when the words before it named a
            # resource, a class only the rest names is context, weaker (a phrase across the two,
            # "heat for greenhouse", is still read whole).
            head: dict[str, float] = defaultdict(float)
            tail: dict[str, float] = defaultdict(float)
            self._evidence(title[:cut], 1.0, lang, head, own, split=True, written=written)
            self._evidence(title[cut:], 1.0, lang, tail, own, split=True, written=written)
            if any(not is_use(c) for c in head):
                for cid in [c for c in ev if c not in head and not is_use(c)]:
                    if ev[cid] <= tail.get(cid, 0.0) + 1e-9:
                        ev[cid] *= TAIL_WEIGHT
        if rest.strip():
            # When the title names what the listing is about, a resource class that only the
            # description names is context ("keep the water warm" in a need for heat), weaker.
            side = DESCRIPTION_ONLY_WEIGHT if any(not is_use(c) for c in ev) else DESCRIPTION_WEIGHT
            desc: dict[str, float] = defaultdict(float)
            self._evidence(rest, 1.0, lang, desc, own, written=written)
            titled = set(ev)
            for cid, v in desc.items():
                ev[cid] += v * (DESCRIPTION_WEIGHT if cid in titled or is_use(cid) else side)
        return ev

    def _evidence(self, text: str, weight: float, lang: str | None, ev: dict, own=None,
                  split: bool = False, written: _Written | None = None) -> None:
        """Evidence of ``text`` into ``ev``; ``split``: also the parts of compounds split by
        the lexicon (in the title only: in a description "tankbil" says how, not what)."""
        raw = self._places.mask(raw_tokens(text), own)
        toks = [stem(t) for t in raw]
        tokset = set(toks)
        amb = self._ambiguous
        # The first part of a hyphenated word only qualifies the rest ("heat-inactivated yeast").
        modifiers = set(_HYPHEN_MOD_RE.findall(fold(text)))
        written = written if written is not None else _Written(text)
        for i, (tok, word) in enumerate(zip(toks, raw, strict=True)):
            if word == _MASK:
                continue
            as_written = written.marked_form(word)
            exact = self._hits(word, as_written)
            if not _over_stemmed(word, tok):
                exact = exact | self._hits(tok, as_written)
            if not exact and _definite_neuter(word):  # Snowball keeps "-et": "generationsskiftet"
                exact = self._hits(word[:-2], as_written) | self._hits(stem(word[:-2]), as_written)
            if lang is not None and (word in amb or tok in amb):
                exact = amb[word if word in amb else tok][lang]
            hit = HIT_COMPOUND_MOD if word in modifiers else HIT_EXACT
            for cid in exact:
                ev[cid] += hit * weight
            if not exact:
                sub: dict = defaultdict(float)
                self._compound(tok, word, sub, split, as_written)
                if not sub:  # a Swedish word the taxonomy does not know: its English glosses
                    for cid in self._gloss_hits(word, written.form(word)):
                        sub[cid] = HIT_GLOSS
                for cid, v in sub.items():
                    ev[cid] += v * weight
            for phrase, cid in self._phrases.get(tok, ()):
                n = len(phrase)
                if tuple(toks[i:i + n]) == phrase:
                    ev[cid] += (HIT_EXACT + HIT_PHRASE_EXTRA * (n - 1)) * weight
                elif all(p in tokset for p in phrase) and (
                        not is_use(cid)
                        or set(phrase) <= set(toks[max(0, i - PHRASE_WINDOW):i + n + PHRASE_WINDOW])):
                    # A use's cue is a phrase about a problem: its words must stand near each
                    # other ("växa företaget" is not any sentence with "växer" and "företag").
                    ev[cid] += HIT_PHRASE_LOOSE * weight

    def _gloss_hits(self, word: str, as_written: str) -> set[str]:
        """Classes one of the English glosses of the Swedish ``word`` names (glossary.py). A
        word that is not rare has too many senses to name a class by them ("hämtas": fetch,
        collect); a rare one is mostly a trade word ("gyttja": mud)."""
        hits: set[str] = set()
        if max(zipf(word, "sv"), zipf(word, "en")) > RARE_ZIPF:
            return hits
        for g in glosses(as_written):
            hits |= self._words.get(g, set()) | self._single.get(stem(g), set())
        # A use is read from how a need phrases its problem, never from a translated word
        # ("radiatorer" is a radiator, not a need for cooling).
        return {c for c in hits if not is_use(c)}

    def _hits(self, key: str, as_written: str | None, start: int = 0) -> set[str]:
        """The classes ``key`` names, without those whose synonym is written with other
        diacritics than the text's word (``as_written``; None: the text has no å, ä or ö, so any
        form may stand for any)."""
        hit = self._single.get(key)
        if not hit or as_written is None:
            return hit or set()
        seen = as_written[start:start + len(key)]
        return {c for c in hit if not (forms := self._marks.get((key, c))) or seen in forms}

    def _compound(self, tok: str, word: str, ev: dict, split: bool = False,
                  as_written: str | None = None) -> None:
        """Credit synonyms found as the tail (head word) or start of a compound token. A word
        common in everyday Swedish or English is a word of its own, not a compound ("billigare"
        is cheaper, not a car): ``lexicon.is_common_word``."""
        if is_common_word(word):
            return
        heads: set[str] = set()
        mods: set[str] = set()
        for form in {tok, word}:
            n = len(form)
            for i in range(MIN_COMPOUND_REST, n - MIN_COMPOUND_PART + 1):
                if form[i:] in self._compound_keys:
                    heads |= self._hits(form[i:], as_written, i)  # "språkvän" is no van
                    break  # the longest tail wins
            for j in range(n - MIN_COMPOUND_REST, MIN_COMPOUND_PART - 1, -1):
                if form[:j] in self._compound_keys and j >= MIN_COMPOUND_PART + 1:
                    mods |= self._hits(form[:j], as_written)
                    break
        # A compound split into known words (lexicon.py): its last part is the head, the others
        # qualify it ("spill|varme" is heat, "fisk|odling" a kind of farming).
        parts = compound_parts(word) if split else ()
        for k, part in enumerate(parts):
            hit = self._single.get(part, set()) | self._single.get(stem(part), set())
            if k == len(parts) - 1:
                heads |= hit
            else:
                mods |= hit
        if word.endswith(PERSON_HEADS):  # "verkstadsmästare" is a person, not a workshop
            mods = set()
        for cid in heads:
            ev[cid] += HIT_COMPOUND_HEAD
        for cid in mods - heads:
            ev[cid] += HIT_COMPOUND_MOD

    def classify(self, text: str, limit: int = 3, names=()) -> list[tuple[str, float]]:
        """Resource classes inferred from ``text`` as ``(class_id, confidence)``, best first;
        ``names`` are proper names to pass over (the organisation's name)."""
        ev = self.evidence(text, names)
        if not ev:
            return []
        scored = sorted(((cid, e / (e + CONFIDENCE_HALF)) for cid, e in ev.items()),
                        key=lambda x: (-x[1], x[0]))
        # Resource classes first, then at most MAX_USES uses (which a need names by its problem),
        # each kept against the best of its own kind: a use never pushes a class out.
        return (_best([x for x in scored if not is_use(x[0])], limit)
                + _best([x for x in scored if is_use(x[0])], MAX_USES))

    def uses(self, text: str, names=()) -> list[tuple[str, float]]:
        """The uses ``text`` names (``use:...`` ids with confidence), best first."""
        return [x for x in self.classify(text, names=names) if is_use(x[0])]


MAX_USES = 2  # uses kept per listing, beside its classes


def _best(scored: list, limit: int) -> list[tuple[str, float]]:
    if not scored:
        return []
    best = scored[0][1]
    return [(cid, round(conf, 4)) for cid, conf in scored[:limit] if conf >= KEEP_RELATIVE * best]


def tf_vector(toks: list[str], title_toks: list[str] | None = None) -> dict[str, float]:
    """Sub-linear term frequencies (title words count twice)."""
    counts: dict[str, float] = defaultdict(float)
    for t in toks:
        counts[t] += 1.0
    for t in title_toks or ():
        counts[t] += 1.0
    return {t: 1.0 + math.log(c) for t, c in counts.items()}


CHAR_PREFIX = "\x01"      # char n-gram keys share the term dictionaries with words, apart by prefix
CHAR_NGRAMS = (3, 5)      # lengths of the character n-grams (within word boundaries)
CHAR_POSTING_N = 4        # only n-grams of this length are posted for the candidate search


def posted_term(term: str) -> bool:
    """Words and character n-grams of length CHAR_POSTING_N get postings (bounded memory)."""
    return term[0] != CHAR_PREFIX or len(term) == CHAR_POSTING_N + 1


def char_tf(words: list[str], title_words: list[str] | None = None, weight=None) -> dict[str, float]:
    """Sub-linear frequencies of character 3-5-grams of the padded words (" word "); title counts
    twice. Catches shared roots across compounds, inflections and languages ("spån"/"kutterspån",
    "fertiliser"/"fertilizer") that whole words miss. ``weight(word)`` (optional, in (0, 1]:
    ``lexicon.rarity``) scales an n-gram by the highest weight of the words it comes from."""
    lo, hi = CHAR_NGRAMS
    counts: dict[str, float] = defaultdict(float)
    top: dict[str, float] = {}
    for seq in (words, title_words or ()):
        for w in seq:
            wt = 1.0 if weight is None else weight(w)
            padded = f" {w} "
            n_max = min(hi, len(padded))
            for n in range(lo, n_max + 1):
                for i in range(len(padded) - n + 1):
                    key = CHAR_PREFIX + padded[i:i + n]
                    counts[key] += 1.0
                    if wt > top.get(key, 0.0):
                        top[key] = wt
    return {t: (1.0 + math.log(c)) * top[t] for t, c in counts.items()}
