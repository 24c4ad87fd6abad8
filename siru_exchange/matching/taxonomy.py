"""The resource taxonomy: classes with Swedish and English labels, synonyms, EWC codes and
"can serve as" edges, loaded into a networkx DiGraph."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from .geo import DATA_DIR

LANGS = ("sv", "en")
MAX_SERVE_HOPS = 2


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


class Taxonomy:
    """Resource classes, their groups and the "can serve as" graph (edge offer-class -> use-class)."""

    def __init__(self, groups: dict[str, dict], classes: dict[str, ResourceClass]) -> None:
        self.groups = groups
        self.classes = classes
        self.graph = nx.DiGraph()
        for cid in sorted(classes):
            self.graph.add_node(cid)
        for cid in sorted(classes):
            for target in classes[cid].can_serve_as:
                self.graph.add_edge(cid, target)
        # Shortest serve paths up to MAX_SERVE_HOPS, both directions, computed once.
        self._paths: dict[str, dict[str, list[str]]] = {
            cid: nx.single_source_shortest_path(self.graph, cid, cutoff=MAX_SERVE_HOPS)
            for cid in classes
        }
        self._served_by: dict[str, dict[str, int]] = {cid: {} for cid in classes}
        for src, paths in self._paths.items():
            for dst, path in paths.items():
                self._served_by[dst][src] = len(path) - 1

    def label(self, class_id: str, lang: str = "sv") -> str:
        """The class label in ``lang`` ("sv" or "en"); the id, humanised, for an unknown class."""
        cls = self.classes.get(class_id)
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
        cls = self.classes.get(class_id) if class_id else None
        return cls.group if cls else None


def _require_labels(obj: dict, what: str) -> dict:
    labels = {}
    for lang in LANGS:
        value = obj.get(lang)
        if not isinstance(value, str) or not value.strip():
            raise TaxonomyError(f"{what} is missing its {lang!r} label")
        labels[lang] = value.strip()
    return labels


def parse_taxonomy(data: dict) -> Taxonomy:
    """Validate and build a Taxonomy from the JSON structure of ``taxonomy.json``."""
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
    return Taxonomy(groups, classes)


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Load ``taxonomy.json`` (default ``siru_exchange/data/taxonomy.json``); TaxonomyError on bad data."""
    path = Path(path) if path is not None else DATA_DIR / "taxonomy.json"
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except json.JSONDecodeError as exc:
        raise TaxonomyError(f"{path}: not valid JSON ({exc})") from exc
    return parse_taxonomy(data)
