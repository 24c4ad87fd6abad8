"""Whole-region views: the best one-to-one assignment and circular chains of organisations."""
from __future__ import annotations

import heapq

import networkx as nx

from .model import Chain, Suggestion, id_key

MAX_OUT_EDGES = 8               # per organisation, keep the best outgoing "can supply" edges
BLOSSOM_MAX_NODES = 200         # larger components are matched as a min-cost flow
FLOW_MAX_NODES = 2_000          # larger still: greedy by score (the flow's time grows faster than linearly)


def assignment(pairs: dict, explain) -> list[Suggestion]:
    """Maximum-weight one-to-one matching of offers to needs.

    ``pairs`` maps (offer_id, need_id) -> score (already above the threshold); ``explain(offer_id,
    need_id)`` gives the reasons. Each offer and each need appears at most once in the result.
    Weights are scores in 1/10,000 (integers keep networkx exact). Each connected component is
    solved on its own: small ones with ``networkx.max_weight_matching`` (blossom), large ones as
    the equivalent min-cost flow (``networkx.network_simplex``), which gives the same optimum
    but stays fast where blossom's cubic time does not (minutes at a few thousand listings); and
    components of more than FLOW_MAX_NODES (a workshop file of thousands of near-identical
    listings) greedily, best pair first, in O(E log E): at least half the optimum's weight in
    theory, 88 % of it on a random graph with uniform scores (the unit test); the benchmark files'
    components stayed under the bound, so they are still solved exactly (docs/performance.md).
    """
    graph = nx.Graph()
    for (oid, nid), s in sorted(pairs.items(), key=lambda kv: (id_key(kv[0][0]), id_key(kv[0][1]))):
        graph.add_edge(("o", id_key(oid), oid), ("n", id_key(nid), nid), weight=_int_weight(s))
    chosen = []
    for component in sorted(nx.connected_components(graph), key=min):
        sub = graph.subgraph(component)
        if sub.number_of_edges() == 1:
            chosen.extend(sub.edges())
        elif sub.number_of_nodes() <= BLOSSOM_MAX_NODES:
            chosen.extend(nx.max_weight_matching(sub, maxcardinality=False))
        elif sub.number_of_nodes() <= FLOW_MAX_NODES:
            chosen.extend(_flow_matching(sub))
        else:
            chosen.extend(_greedy_matching(sub))
    out = []
    for a, b in chosen:
        o, n = (a, b) if a[0] == "o" else (b, a)
        oid, nid = o[2], n[2]
        out.append(Suggestion(oid, nid, round(pairs[(oid, nid)], 4), explain(oid, nid)))
    out.sort(key=lambda s: (-s.score, id_key(s.offer_id), id_key(s.need_id)))
    return out


def _int_weight(score: float) -> int:
    return int(round(score * 10_000))


def _flow_matching(sub: nx.Graph) -> list:
    """Max-weight bipartite matching as a min-cost flow: source -> offer -> need -> sink, each
    capacity 1 and cost -weight, plus a free source -> sink edge so unmatched is allowed."""
    offers = sorted((v for v in sub if v[0] == "o"), key=lambda v: v[1])
    needs = sorted((v for v in sub if v[0] == "n"), key=lambda v: v[1])
    k = min(len(offers), len(needs))
    flow_graph = nx.DiGraph()
    src, sink = ("s",), ("t",)
    flow_graph.add_node(src, demand=-k)
    flow_graph.add_node(sink, demand=k)
    flow_graph.add_edge(src, sink, capacity=k, weight=0)
    for o in offers:
        flow_graph.add_edge(src, o, capacity=1, weight=0)
    for n in needs:
        flow_graph.add_edge(n, sink, capacity=1, weight=0)
    for o in offers:
        for n in sorted(sub[o], key=lambda v: v[1]):
            flow_graph.add_edge(o, n, capacity=1, weight=-sub.edges[o, n]["weight"])
    _cost, flow = nx.network_simplex(flow_graph)
    return [(o, n) for o in offers for n, f in flow[o].items() if f and n[0] == "n"]


def _greedy_matching(sub: nx.Graph) -> list:
    """Best pair first; a pair is taken when neither side is taken yet (ties by ids)."""
    edges = sorted(sub.edges(data="weight"), key=lambda e: (-e[2], min(e[0], e[1]), max(e[0], e[1])))
    taken: set = set()
    out = []
    for a, b, _w in edges:
        if a not in taken and b not in taken:
            taken.update((a, b))
            out.append((a, b))
    return out


def supply_graph(pairs: dict, org_of) -> nx.DiGraph:
    """Directed organisation graph: A -> B when an offer of A matches a need of B; the edge keeps
    the best listing pair (``pair``) and its ``score``; each organisation keeps its
    MAX_OUT_EDGES best outgoing edges."""
    best: dict = {}
    for (oid, nid), s in pairs.items():
        a, b = org_of(oid), org_of(nid)
        if a == b:
            continue
        cur = best.get((a, b))
        cand = (s, _neg(oid), _neg(nid))
        if cur is None or cand > cur[0]:
            best[(a, b)] = (cand, (oid, nid))
    by_source: dict = {}
    for (a, b), (cand, pair) in best.items():
        by_source.setdefault(a, []).append((cand[0], b, pair))
    graph = nx.DiGraph()
    for a in sorted(by_source, key=id_key):
        edges = sorted(by_source[a], key=lambda e: (-e[0], id_key(e[1])))[:MAX_OUT_EDGES]
        for s, b, pair in edges:
            graph.add_edge(a, b, score=s, pair=pair)
    return graph


def bounded_cycles(graph: nx.DiGraph, max_length: int, min_length: int = 1):
    """Every simple cycle of ``min_length``..``max_length`` nodes of ``graph``, each once, as a
    list of nodes starting at its smallest node (``id_key`` order).

    A depth-first search from each node ``s`` through nodes larger than ``s`` only, at most
    ``max_length`` deep: its cost is bounded by nodes x out-degree^(max_length - 1) whatever the
    number of cycles of any length, where ``networkx.simple_cycles(length_bound=...)`` (Gupta and
    Suzumura's algorithm, with its blocking bookkeeping) took minutes on a region's supply graph
    (bench/recompute.py measures both). The cycles found are exactly those of
    ``simple_cycles(graph, length_bound=max_length)`` (property-tested).
    """
    order = {v: i for i, v in enumerate(sorted(graph, key=id_key))}
    succ = {v: sorted((w for w in graph.successors(v)), key=order.__getitem__) for v in graph}
    succ_set = {v: set(ws) for v, ws in succ.items()}
    end = object()
    for s in sorted(graph, key=order.__getitem__):
        rank = order[s]
        if min_length <= 1 and s in succ_set[s]:
            yield [s]
        if max_length < 2:
            continue
        path, on_path = [s], {s}
        stack = [iter(succ[s])]
        while stack:
            w = next(stack[-1], end)
            if w is end:
                stack.pop()
                on_path.discard(path.pop())
                continue
            if order[w] <= rank or w in on_path:
                continue
            path.append(w)
            if s in succ_set[w] and len(path) >= min_length:
                yield list(path)
            if len(path) < max_length:
                on_path.add(w)
                stack.append(iter(succ[w]))
            else:
                path.pop()


def cycles(graph: nx.DiGraph, max_length: int = 4, limit: int = 50) -> list[Chain]:
    """Circular chains of 3..max_length distinct organisations, best mean edge score first (the
    organisations' ids break ties): the best ``limit`` of every such cycle in ``graph``."""
    def chains():
        edges_of = graph.edges
        for cycle in bounded_cycles(graph, max_length, min_length=3):
            edges = [edges_of[cycle[i], cycle[(i + 1) % len(cycle)]] for i in range(len(cycle))]
            score = sum(e["score"] for e in edges) / len(edges)
            yield Chain(tuple(cycle), tuple(e["pair"] for e in edges), round(score, 4))

    return heapq.nsmallest(limit, chains(), key=lambda c: (-c.score, [id_key(o) for o in c.organisations]))


class _neg:
    """Order wrapper: larger for smaller ids (prefer the smaller id among equal scores)."""

    __slots__ = ("k",)

    def __init__(self, v) -> None:
        self.k = id_key(v)

    def __lt__(self, other) -> bool:
        return other.k < self.k

    def __gt__(self, other) -> bool:
        return self.k < other.k

    def __eq__(self, other) -> bool:
        return self.k == other.k
