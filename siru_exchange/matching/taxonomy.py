"""The matching knowledge: resource classes with Swedish and English labels, synonyms, EWC codes and
"can serve as" edges (``data/taxonomy.json``), and the uses they serve (``data/uses.json``), all
loaded into one networkx DiGraph.

A use (fuel, bedding, fill, heating, mentoring, language practice, succession ...) is a node like a
class, with the id ``use:<name>``: its synonyms are the cue phrases by which a need names the use or
a problem the use solves ("verkstaden är kall på vintern" -> heating), and every class that serves
it has an edge to it. So a need read as "heating" meets surplus heat, steam and biomass fuel through
the same class links, blocking and bounds as any class. Uses are never offered as a class to pick
(``Taxonomy.classes`` holds the resource classes only; ``Taxonomy.nodes`` holds both).

``Signals`` (also from ``uses.json``) are the cues of a listing's role (equipment for a resource, a
service around it), of the processes a need names (whose outputs it does not want: a composting site
wants green waste, not finished compost) and of its intent (social: integration, non-profit,
volunteer; commercial: a staffing agency, a fee)."""
from __future__ import annotations

import copy
import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from .geo import DATA_DIR

LANGS = ("sv", "en")
MAX_SERVE_HOPS = 2
USE_PREFIX = "use:"


def is_use(node_id: str | None) -> bool:
    """Whether a taxonomy node id names a use (``use:heating``) rather than a resource class."""
    return bool(node_id) and node_id.startswith(USE_PREFIX)


class TaxonomyError(ValueError):
    """The taxonomy data is inconsistent (unknown edge target, duplicate id, missing label...)."""


@dataclass(frozen=True)
class ResourceClass:
    id: str
    group: str
    labels: dict
    synonyms: dict = field(default_factory=dict)
    ewc: str | None = None
    can_serve_as: tuple = ()

    def __hash__(self) -> int:  # dict fields are not hashable; the id is the identity
        return hash(self.id)


@dataclass(frozen=True)
class Process:
    """A process a need may name ("our composting"): what goes in and what comes out of it."""

    id: str
    inputs: frozenset
    outputs: frozenset
    cues: dict


@dataclass(frozen=True)
class Signals:
    """Cue phrases (by language) of a listing's role and intent, and the processes needs name."""

    roles: dict = field(default_factory=dict)      # "equipment" / "service" -> {lang: (cue, ...)}
    intent: dict = field(default_factory=dict)     # "social" / "commercial" -> {lang: (cue, ...)}
    processes: tuple = ()                          # (Process, ...)
    social_needs: frozenset = frozenset()          # nodes that make a need social (mentoring, ...)
    role_groups: frozenset = frozenset()           # groups whose links a role mismatch demotes
    need_only_uses: frozenset = frozenset()        # uses an offer's words never name ("retired")


class Taxonomy:
    """Resource classes, the uses they serve, their groups and the "can serve as" graph (edge
    offer-class -> the class or use it can serve)."""

    def __init__(self, groups: dict[str, dict], classes: dict[str, ResourceClass],
                 uses: dict[str, ResourceClass] | None = None, signals: Signals | None = None) -> None:
        self.groups = groups
        self.classes = classes
        self.uses = dict(uses or {})
        self.signals = signals or Signals()
        self.nodes = {**classes, **self.uses}
        self.graph = nx.DiGraph()
        for cid in sorted(self.nodes):
            self.graph.add_node(cid)
        for cid in sorted(self.nodes):
            for target in self.nodes[cid].can_serve_as:
                self.graph.add_edge(cid, target)
        # Shortest serve paths up to MAX_SERVE_HOPS, both directions, computed once.
        self._paths: dict[str, dict[str, list[str]]] = {
            cid: nx.single_source_shortest_path(self.graph, cid, cutoff=MAX_SERVE_HOPS)
            for cid in self.nodes
        }
        self._served_by: dict[str, dict[str, int]] = {cid: {} for cid in self.nodes}
        for src, paths in self._paths.items():
            for dst, path in paths.items():
                self._served_by[dst][src] = len(path) - 1

    def label(self, class_id: str, lang: str = "sv") -> str:
        """The class label in ``lang`` ("sv" or "en"); the id, humanised, for an unknown class."""
        cls = self.nodes.get(class_id)
        if cls is None:
            grp = self.groups.get(class_id)
            if grp is not None:
                return grp.get(lang) or grp.get("sv")
            return str(class_id).replace("_", " ")
        return cls.labels.get(lang) or cls.labels["sv"]

    def serves(self, offer_class: str, need_class: str) -> list[str] | None:
        """The shortest "can serve as" path from ``offer_class`` to ``need_class`` (``[c]`` when they
        are the same class), at most MAX_SERVE_HOPS edges long; ``None`` if there is none."""
        path = self._paths.get(offer_class, {}).get(need_class)
        return list(path) if path is not None else None

    def reachable(self, offer_class: str) -> dict[str, int]:
        """Need classes an offer of ``offer_class`` can serve, with path length (0 = same class)."""
        return {dst: len(p) - 1 for dst, p in self._paths.get(offer_class, {}).items()}

    def served_by(self, need_class: str) -> dict[str, int]:
        """Offer classes that can serve ``need_class``, with path length (0 = same class)."""
        return dict(self._served_by.get(need_class, {}))

    def group_of(self, class_id: str | None) -> str | None:
        cls = self.nodes.get(class_id) if class_id else None
        return cls.group if cls else None


def _require_labels(obj: dict, what: str) -> dict:
    labels = {}
    for lang in LANGS:
        value = obj.get(lang)
        if not isinstance(value, str) or not value.strip():
            raise TaxonomyError(f"{what} is missing its {lang!r} label")
        labels[lang] = value.strip()
    return labels


def parse_taxonomy(data: dict, uses: dict | None = None) -> Taxonomy:
    """Validate and build a Taxonomy from the JSON structure of ``taxonomy.json`` (and of
    ``uses.json``, when given)."""
    if not isinstance(data, dict) or "classes" not in data:
        raise TaxonomyError("taxonomy must be an object with 'groups' and 'classes'")
    groups: dict[str, dict] = {}
    for g in data.get("groups", []):
        gid = g.get("id")
        if not gid:
            raise TaxonomyError("a group has no id")
        if gid in groups:
            raise TaxonomyError(f"duplicate group id {gid!r}")
        groups[gid] = _require_labels(g, f"group {gid!r}")
    classes: dict[str, ResourceClass] = {}
    for c in data["classes"]:
        cid = c.get("id")
        if not cid:
            raise TaxonomyError("a class has no id")
        if cid in classes:
            raise TaxonomyError(f"duplicate class id {cid!r}")
        group = c.get("group")
        if groups and group not in groups:
            raise TaxonomyError(f"class {cid!r} has unknown group {group!r}")
        syn = c.get("synonyms") or {}
        synonyms = {lang: tuple(s for s in syn.get(lang, []) if isinstance(s, str) and s.strip())
                    for lang in LANGS}
        classes[cid] = ResourceClass(
            id=cid,
            group=group,
            labels=_require_labels(c, f"class {cid!r}"),
            synonyms=synonyms,
            ewc=c.get("ewc"),
            can_serve_as=tuple(c.get("can_serve_as") or ()),
        )
    for cls in classes.values():
        for target in cls.can_serve_as:
            if target not in classes:
                raise TaxonomyError(f"class {cls.id!r} can serve as unknown class {target!r}")
            if target == cls.id:
                raise TaxonomyError(f"class {cls.id!r} can serve as itself")
    if not uses:
        return Taxonomy(groups, classes)
    use_nodes, served = _parse_uses(uses, groups, classes)
    for cid, targets in served.items():  # the classes that serve a use get an edge to it
        cls = classes[cid]
        classes[cid] = ResourceClass(id=cls.id, group=cls.group, labels=cls.labels, synonyms=cls.synonyms,
                                     ewc=cls.ewc, can_serve_as=cls.can_serve_as + tuple(targets))
    return Taxonomy(groups, classes, use_nodes, _parse_signals(uses, classes))


def _cues(obj, what: str) -> dict:
    cues = obj or {}
    if not isinstance(cues, dict):
        raise TaxonomyError(f"{what}: cues must be an object by language")
    return {lang: tuple(c for c in cues.get(lang, []) if isinstance(c, str) and c.strip()) for lang in LANGS}


def _parse_uses(data: dict, groups: dict, classes: dict) -> tuple[dict, dict]:
    """The use nodes of ``uses.json``, and class id -> the use ids it serves."""
    nodes: dict[str, ResourceClass] = {}
    served: dict[str, list[str]] = {}
    for u in data.get("uses", []):
        name = u.get("id")
        if not name:
            raise TaxonomyError("a use has no id")
        uid = USE_PREFIX + name
        if uid in nodes:
            raise TaxonomyError(f"duplicate use id {name!r}")
        if groups and u.get("group") not in groups:
            raise TaxonomyError(f"use {name!r} has unknown group {u.get('group')!r}")
        for cid in u.get("served_by", []):
            if cid not in classes:
                raise TaxonomyError(f"use {name!r} is served by unknown class {cid!r}")
            served.setdefault(cid, []).append(uid)
        nodes[uid] = ResourceClass(id=uid, group=u.get("group"), labels=_require_labels(u, f"use {name!r}"),
                                   synonyms=_cues(u.get("cues"), f"use {name!r}"))
    return nodes, served


def _parse_signals(data: dict, classes: dict) -> Signals:
    processes = []
    for pr in data.get("processes", []):
        for cid in list(pr.get("inputs", [])) + list(pr.get("outputs", [])):
            if cid not in classes:
                raise TaxonomyError(f"process {pr.get('id')!r} names unknown class {cid!r}")
        processes.append(Process(pr["id"], frozenset(pr.get("inputs", ())), frozenset(pr.get("outputs", ())),
                                 _cues(pr.get("cues"), f"process {pr.get('id')!r}")))
    return Signals(
        roles={k: _cues(v, f"role {k!r}") for k, v in (data.get("roles") or {}).items()},
        intent={k: _cues(v, f"intent {k!r}") for k, v in (data.get("intent") or {}).items()},
        processes=tuple(processes),
        social_needs=frozenset(data.get("social_needs", ())),
        role_groups=frozenset(data.get("role_groups", ())),
        need_only_uses=frozenset(USE_PREFIX + u for u in data.get("need_only_uses", ())),
    )


def _read_json(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except json.JSONDecodeError as exc:
        raise TaxonomyError(f"{path}: not valid JSON ({exc})") from exc


def read_taxonomy_data(path: str | Path | None = None,
                       uses: str | Path | None | bool = None) -> tuple[dict, dict | None]:
    """The raw JSON of ``taxonomy.json`` (default ``siru_exchange/data/taxonomy.json``) and of
    ``uses`` (default: ``uses.json`` beside the taxonomy, when there is one; ``False``: none)."""
    if uses is None:  # the uses file beside the taxonomy, when there is one
        beside = (Path(path).parent if path is not None else DATA_DIR) / "uses.json"
        uses = beside if beside.exists() else False
    path = Path(path) if path is not None else DATA_DIR / "taxonomy.json"
    return _read_json(path), (_read_json(Path(uses)) if uses else None)


def load_taxonomy(path: str | Path | None = None, uses: str | Path | None | bool = None) -> Taxonomy:
    """Load ``taxonomy.json`` (default ``siru_exchange/data/taxonomy.json``) with the uses of
    ``uses`` (default: ``uses.json`` beside the packaged taxonomy; ``False``: none); TaxonomyError
    on bad data."""
    return parse_taxonomy(*read_taxonomy_data(path, uses))


# -- knowledge taught at run time ------------------------------------------------------------------

SERVES_AS = "serves_as"
SYNONYM = "synonym"
KNOWLEDGE_KINDS = (SERVES_AS, SYNONYM)


@dataclass(frozen=True)
class KnowledgeItem:
    """One accepted piece of knowledge a broker taught: class ``class_id`` can serve as ``target``
    (a class id, or a use id ``use:<name>``), or ``phrase`` in ``language`` is a synonym of it."""

    kind: str
    class_id: str
    target: str | None = None
    language: str | None = None
    phrase: str | None = None


def phrase_key(phrase: str) -> str:
    """The form in which two phrases count as the same word: case, accents and spacing aside."""
    decomposed = unicodedata.normalize("NFKD", phrase.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def known_already(data: dict, uses: dict | None, item: KnowledgeItem) -> bool:
    """Whether the taxonomy data (``taxonomy.json``, ``uses.json``) already holds ``item``: the
    synonym or label of that class in that language, or the "can serve as" link (a class serving
    itself counts as known)."""
    cls = next((c for c in data.get("classes", []) if c.get("id") == item.class_id), None)
    if cls is None:
        return False
    if item.kind == SYNONYM:
        lang = item.language or ""
        words = [cls.get(lang) or "", *((cls.get("synonyms") or {}).get(lang) or [])]
        return phrase_key(item.phrase or "") in {phrase_key(w) for w in words if isinstance(w, str)}
    if item.target == item.class_id or item.target in (cls.get("can_serve_as") or []):
        return True
    if is_use(item.target) and uses:
        use = next((u for u in uses.get("uses", []) if USE_PREFIX + str(u.get("id")) == item.target), None)
        return use is not None and item.class_id in (use.get("served_by") or [])
    return False


def merge_knowledge(data: dict, uses: dict | None, items) -> tuple[dict, dict | None]:
    """The taxonomy data with the accepted ``items`` (KnowledgeItem, in the order accepted) added:
    synonyms appended to their class, "can serve as" links to a class appended to its
    ``can_serve_as``, links to a use added to that use's ``served_by``. The inputs are not changed;
    what is known already, or names a class or use the data does not have, is passed over (a class
    may have left the shipped file since the item was accepted). Same format as the files, so the
    result can be written back."""
    data = copy.deepcopy(data)
    uses = copy.deepcopy(uses) if uses is not None else None
    classes = {c.get("id"): c for c in data.get("classes", [])}
    use_nodes = {USE_PREFIX + str(u.get("id")): u for u in (uses or {}).get("uses", [])}
    for item in items:
        cls = classes.get(item.class_id)
        if cls is None or known_already(data, uses, item):
            continue
        if item.kind == SYNONYM and item.language in LANGS and (item.phrase or "").strip():
            cls.setdefault("synonyms", {}).setdefault(item.language, []).append(item.phrase.strip())
        elif item.kind == SERVES_AS and item.target in classes:
            cls.setdefault("can_serve_as", []).append(item.target)
        elif item.kind == SERVES_AS and item.target in use_nodes:
            use_nodes[item.target].setdefault("served_by", []).append(item.class_id)
    return data, uses


def extend_taxonomy(data: dict, uses: dict | None, items) -> Taxonomy:
    """The Taxonomy of the shipped data with the accepted knowledge ``items`` applied."""
    return parse_taxonomy(*merge_knowledge(data, uses, items))
