"""Region-wide views: one-to-one assignment and circular chains."""

from siru_exchange.matching import Chain, Engine, Listing, load_municipalities


def L(id, kind, org, cls, muni="0680"):
    return Listing(id, kind, org, cls.replace("_", " "), resource_class=cls, municipality=muni)


def test_assignment_is_one_to_one_and_prefers_total_weight(tax):
    engine = Engine(tax, municipalities=load_municipalities())
    engine.add_many([
        L(1, "offer", "a", "sawdust"),
        L(2, "offer", "b", "sawdust"),
        L(3, "offer", "c", "wood_chips"),
        L(10, "need", "x", "sawdust"),
        L(11, "need", "y", "sawdust"),
        L(12, "need", "z", "biomass_fuel"),
        L(13, "need", "w", "sawdust"),
    ])
    chosen = engine.assignment(threshold=0.3)
    offers = [s.offer_id for s in chosen]
    needs = [s.need_id for s in chosen]
    assert len(offers) == len(set(offers)) and len(needs) == len(set(needs))
    assert len(chosen) == 3  # three offers, each used once
    assert (3, 12) in {(s.offer_id, s.need_id) for s in chosen}  # chips are only fuel
    assert all(s.reasons for s in chosen)
    assert [s.score for s in chosen] == sorted((s.score for s in chosen), reverse=True)


def test_three_organisation_cycle_is_found_and_two_is_not_a_chain(tax):
    engine = Engine(tax, municipalities=load_municipalities())
    engine.add_many([
        # A -> B -> C -> A
        L(1, "offer", "A", "sawdust"), L(2, "need", "B", "sawdust"),
        L(3, "offer", "B", "ash"), L(4, "need", "C", "ash"),
        L(5, "offer", "C", "spent_grain"), L(6, "need", "A", "spent_grain"),
        # D <-> E only
        L(7, "offer", "D", "glass"), L(8, "need", "E", "glass"),
        L(9, "offer", "E", "steel_scrap"), L(10, "need", "D", "steel_scrap"),
    ])
    chains = engine.cycles(max_length=4, limit=10)
    assert len(chains) == 1
    chain = chains[0]
    assert isinstance(chain, Chain)
    assert chain.organisations == ("A", "B", "C")
    assert chain.listings == ((1, 2), (3, 4), (5, 6))
    assert 0 < chain.score <= 1
    assert all({"D", "E"} != set(c.organisations) for c in chains)


def test_cycles_respect_max_length(tax):
    engine = Engine(tax)
    classes = ["sawdust", "ash", "glass", "bark"]
    orgs = ["A", "B", "C", "D"]
    listings = []
    for i, (org, cls) in enumerate(zip(orgs, classes, strict=True)):
        nxt = orgs[(i + 1) % 4]
        listings += [L(2 * i, "offer", org, cls), L(2 * i + 1, "need", nxt, cls)]
    engine.add_many(listings)
    assert engine.cycles(max_length=3) == []
    four = engine.cycles(max_length=4)
    assert [c.organisations for c in four] == [("A", "B", "C", "D")]


def test_flow_matching_reaches_the_blossom_optimum():
    import random

    import networkx as nx

    from siru_exchange.matching import network

    rng = random.Random(3)
    pairs = {}
    for o in range(40):
        for n in rng.sample(range(100, 140), 5):
            pairs[(o, n)] = round(rng.uniform(0.3, 1.0), 4)
    explain = lambda o, n: ()  # noqa: E731
    old = network.BLOSSOM_MAX_NODES
    try:
        network.BLOSSOM_MAX_NODES = 10**9
        blossom = network.assignment(pairs, explain)
        network.BLOSSOM_MAX_NODES = 0
        flow = network.assignment(pairs, explain)
    finally:
        network.BLOSSOM_MAX_NODES = old
    total = lambda chosen: sum(network._int_weight(s.score) for s in chosen)  # noqa: E731
    assert total(flow) == total(blossom)
    for chosen in (flow, blossom):
        assert len({s.offer_id for s in chosen}) == len(chosen) == len({s.need_id for s in chosen})
    assert isinstance(nx.__version__, str)


# -- the bounded cycle search finds exactly what networkx.simple_cycles finds up to the bound ------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _canonical(cycle):
    from siru_exchange.matching.model import id_key

    start = min(range(len(cycle)), key=lambda i: id_key(cycle[i]))
    return tuple(cycle[start:] + cycle[:start])


@st.composite
def _digraphs(draw):
    import networkx as nx

    n = draw(st.integers(1, 9))
    # mixed int and str ids, as organisation ids may be either in a workshop file
    names = [i if i % 3 else f"org{i}" for i in range(n)]
    edges = draw(st.lists(st.tuples(st.sampled_from(names), st.sampled_from(names)), max_size=40))
    graph = nx.DiGraph()
    graph.add_nodes_from(names)
    graph.add_edges_from(edges)
    return graph


@settings(max_examples=300, deadline=None)
@given(_digraphs(), st.integers(1, 6))
def test_bounded_search_finds_exactly_the_simple_cycles_up_to_the_bound(graph, bound):
    import networkx as nx

    from siru_exchange.matching import network

    ours = [tuple(c) for c in network.bounded_cycles(graph, bound)]
    theirs = {_canonical(c) for c in nx.simple_cycles(graph, length_bound=bound)}
    assert len(ours) == len(set(ours))          # each cycle once
    assert set(ours) == theirs                  # the same cycles
    assert all(c == _canonical(list(c)) for c in ours)  # each from its smallest organisation


@settings(max_examples=100, deadline=None)
@given(_digraphs(), st.integers(1, 12))
def test_chains_are_the_best_cycles_of_three_or_four_organisations(graph, limit):
    import networkx as nx

    from siru_exchange.matching import network
    from siru_exchange.matching.model import id_key

    for k, (a, b) in enumerate(sorted(graph.edges, key=lambda e: (id_key(e[0]), id_key(e[1])))):
        graph.edges[a, b].update(score=round(0.3 + (k * 37 % 70) / 100, 2), pair=(f"o{k}", f"n{k}"))
    got = network.cycles(graph, max_length=4, limit=limit)
    reference = []
    for c in nx.simple_cycles(graph, length_bound=4):
        if len(c) >= 3:
            c = list(_canonical(c))
            edges = [graph.edges[c[i], c[(i + 1) % len(c)]] for i in range(len(c))]
            reference.append((tuple(c), tuple(e["pair"] for e in edges),
                              round(sum(e["score"] for e in edges) / len(edges), 4)))
    reference.sort(key=lambda r: (-r[2], [id_key(o) for o in r[0]]))
    assert [(c.organisations, c.listings, c.score) for c in got] == reference[:limit]


def test_greedy_assignment_of_a_large_component_is_one_to_one_and_near_the_optimum():
    import random

    from siru_exchange.matching import network

    rng = random.Random(5)
    pairs = {(o, n): round(rng.uniform(0.45, 1.0), 4)
             for o in range(60) for n in rng.sample(range(100, 160), 6)}
    explain = lambda o, n: ()  # noqa: E731
    exact = network.assignment(pairs, explain)
    old = network.BLOSSOM_MAX_NODES, network.FLOW_MAX_NODES
    try:
        network.BLOSSOM_MAX_NODES = network.FLOW_MAX_NODES = 0
        greedy = network.assignment(pairs, explain)
        # best pair first: A-X is taken, so B and Y stay apart (the optimum is A-Y and B-X)
        small = network.assignment({("A", "X"): 0.9, ("A", "Y"): 0.8, ("B", "X"): 0.8}, explain)
    finally:
        network.BLOSSOM_MAX_NODES, network.FLOW_MAX_NODES = old
    assert [(s.offer_id, s.need_id) for s in small] == [("A", "X")]
    assert len({s.offer_id for s in greedy}) == len(greedy) == len({s.need_id for s in greedy})
    taken = {s.offer_id for s in greedy} | {s.need_id for s in greedy}
    assert all(o in taken or n in taken for o, n in pairs)  # maximal: no pair left with both sides free
    total = lambda chosen: sum(s.score for s in chosen)  # noqa: E731
    # at least half the optimum always; 88 % on this random graph (uniform scores: a hard case)
    assert total(exact) >= total(greedy) >= 0.5 * total(exact)
