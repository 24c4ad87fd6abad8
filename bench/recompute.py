"""Benchmark of a full recompute (`flask match run`) on PostgreSQL and of `flask match-file`,
each against the code of a baseline commit in the same run (capped by a timeout: it may not finish).

    .venv/bin/python bench/recompute.py run  --listings 100000 --db postgresql://postgres@127.0.0.1:5432/siru_bench_16c
    .venv/bin/python bench/recompute.py file --rows 2000,20000 [--quality]
    .venv/bin/python bench/recompute.py cycles --organisations 10000

`run`: recreates the database, migrates it, inserts a seeded synthetic region
(siru_exchange.matching.synthetic, N listings over N/10 organisations) in bulk, runs the baseline's
`flask match run` (killed at --baseline-timeout; it commits only at its end), then this tree's.
`file`: writes a workshop file (bench/workshop.py: near-identical listings) per size and times
`flask match-file` of this tree and of the baseline; and the assignment's total weight against the
exact optimum (min-cost flow) on the same pairs. Wall-clock times (subprocesses, whole commands).
The baseline tree is extracted with `git archive` into a temporary folder.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PY = sys.executable


CPU = {}  # the CPU seconds of the last flask() call (the machine is shared: wall time varies)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def flask(tree: Path, args: list[str], env: dict, timeout: float):
    """(seconds, finished, stdout) of `flask --app siru_exchange ARGS` run in ``tree``; its CPU
    seconds in CPU["last"]."""
    t0, c0 = time.perf_counter(), _children_cpu()
    try:
        out = subprocess.run([PY, "-m", "flask", "--app", "siru_exchange", *args], cwd=tree, env=env,
                             capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        CPU["last"] = _children_cpu() - c0
        return time.perf_counter() - t0, False, ""
    CPU["last"] = _children_cpu() - c0
    if out.returncode != 0:
        raise SystemExit(f"{tree}: flask {' '.join(args)} failed:\n{out.stderr[-2000:]}")
    return time.perf_counter() - t0, True, out.stdout


def baseline_tree(rev: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="siru-baseline-"))
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def seed(url: str, n: int, seed_value: int = 1) -> None:
    """Organisations and listings of a synthetic region, inserted with Core executemany."""
    from sqlalchemy import create_engine, insert

    from siru_exchange.matching import load_municipalities, load_taxonomy
    from siru_exchange.matching.synthetic import generate
    from siru_exchange.models import Listing, Organisation

    sys.path.insert(0, str(ROOT / "bench"))
    from workshop import UNIT

    listings = generate(n, load_taxonomy(), load_municipalities(), seed=seed_value)
    orgs: dict = {}
    for x in listings:
        orgs.setdefault(x.organisation, (x.municipality, x.lat, x.lon))
    org_ids = {key: k + 1 for k, key in enumerate(sorted(orgs))}
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(insert(Organisation), [
            {"id": org_ids[key], "name": f"Bänkföretag {org_ids[key]} AB",
             "org_number": f"B{org_ids[key]:010d}",
             "municipality": muni or "0680", "lat": lat, "lon": lon, "approval": "approved"}
            for key, (muni, lat, lon) in orgs.items()])
        conn.execute(insert(Listing), [
            {"id": x.id, "organisation_id": org_ids[x.organisation], "kind": x.kind, "title": x.title[:120],
             "description": x.description, "resource_class": x.resource_class, "quantity": x.quantity,
             "unit": UNIT.get(x.unit or "") or None, "frequency": x.frequency or "once",
             "available_from": x.available_from, "available_to": x.available_to}
            for x in listings])
        if engine.dialect.name == "postgresql":
            for table in ("organisations", "listings"):
                conn.exec_driver_sql(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")


def bench_run(args) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(args.db)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}"'))
        conn.execute(text(f'CREATE DATABASE "{url.database}"'))
    env = dict(os.environ, SIRU_DATABASE_URL=args.db)
    flask(ROOT, ["db", "upgrade"], env, 600)
    t0 = time.perf_counter()
    seed(args.db, args.listings)
    print(f"seeded {args.listings} listings in {time.perf_counter() - t0:.1f} s", flush=True)
    base = baseline_tree(args.baseline)
    secs, done, _out = flask(base, ["match", "run"], env, args.baseline_timeout)
    print(f"baseline {args.baseline} match run: {secs:.1f} s wall, {CPU['last']:.1f} s CPU, "
          f"{'finished' if done else f'killed at the {args.baseline_timeout:.0f} s timeout'}", flush=True)
    secs, done, out = flask(ROOT, ["match", "run"], env, args.timeout)
    print(f"this tree match run: {secs:.1f} s wall, {CPU['last']:.1f} s CPU, "
          f"{'finished' if done else 'killed at the timeout'}: "
          f"{out.strip().splitlines()[-1] if out.strip() else ''}", flush=True)


def assignment_quality(path: str) -> dict:
    """Total weight of the assignment match-file gives against the exact optimum on the same pairs."""
    from siru_exchange import create_app, matching
    from siru_exchange.matching import network
    from siru_exchange.services import listing_files, reference

    with create_app().app_context():
        listings = listing_files.read_listing_file(path)
        engine = matching.Engine(reference.taxonomy(), municipalities=reference.municipalities())
        engine.add_many(listings)
        pairs = engine.scan().pairs
        t0 = time.perf_counter()
        got = engine.assignment(pairs=pairs)
        fast_s = time.perf_counter() - t0
        old = network.FLOW_MAX_NODES
        network.FLOW_MAX_NODES = 10**9
        try:
            t0 = time.perf_counter()
            exact = engine.assignment(pairs=pairs)
            exact_s = time.perf_counter() - t0
        finally:
            network.FLOW_MAX_NODES = old
    weight = lambda chosen: sum(s.score for s in chosen)  # noqa: E731
    return {"weight": weight(got), "exact": weight(exact), "pairs": len(got), "exact_pairs": len(exact),
            "assign_s": fast_s, "exact_s": exact_s}


def bench_file(args) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from workshop import workshop_rows, write

    base = baseline_tree(args.baseline)
    work = Path(tempfile.mkdtemp(prefix="siru-file-"))
    env = dict(os.environ, SIRU_DATABASE_URL=f"sqlite:///{work / 'unused.db'}")
    times = {}
    for n in [int(x) for x in args.rows.split(",")]:
        path = str(work / f"workshop-{n}.csv")
        write(workshop_rows(n, args.seed), path)
        new_s, _done, out = flask(ROOT, ["match-file", path], env, args.timeout)
        new_cpu = CPU["last"]
        report = json.loads(out)
        old_s, old_done, old_out = flask(base, ["match-file", path], env, args.baseline_timeout)
        times[n] = (new_s, new_cpu)
        line = (f"{n} rows: this tree {new_s:.1f} s wall, {new_cpu:.1f} s CPU ({len(report['pairs'])} pairs, "
                f"{len(report['assignment'])} assigned, {len(report['cycles'])} chains); baseline "
                + (f"{old_s:.1f} s wall, {CPU['last']:.1f} s CPU" if old_done
                   else f"killed at {args.baseline_timeout:.0f} s wall ({CPU['last']:.1f} s CPU)"))
        if old_done:
            old = json.loads(old_out)
            line += (f" ({len(old['assignment'])} assigned; same pairs: {old['pairs'] == report['pairs']}, "
                     f"same chains: {old['cycles'] == report['cycles']})")
        print(line, flush=True)
        if args.quality:
            q = assignment_quality(path)
            print(f"  assignment weight {q['weight']:.2f} vs exact optimum {q['exact']:.2f} "
                  f"({q['weight'] / q['exact']:.3%}), {q['pairs']} vs {q['exact_pairs']} pairs; "
                  f"{q['assign_s']:.1f} s vs {q['exact_s']:.1f} s", flush=True)
    sizes = sorted(times)
    if len(sizes) > 1:
        (w1, c1), (w0, c0) = times[sizes[-1]], times[sizes[0]]
        print(f"ratio {sizes[-1]} / {sizes[0]} rows: {w1 / w0:.1f}x wall, {c1 / c0:.1f}x CPU")


def bench_cycles(args) -> None:
    """networkx.simple_cycles(length_bound=4) against network.bounded_cycles on a supply graph of
    --organisations nodes with MAX_OUT_EDGES edges each, mostly to near organisations (as places
    make them), so that short loops are common."""
    import random

    import networkx as nx

    from siru_exchange.matching import network

    rng = random.Random(args.seed)
    n = args.organisations
    graph = nx.DiGraph()
    for a in range(n):
        for _ in range(network.MAX_OUT_EDGES):
            b = (a + int(rng.gauss(0, 30))) % n if rng.random() < 0.9 else rng.randrange(n)
            if b != a:
                graph.add_edge(a, b, score=round(rng.uniform(0.45, 1.0), 4), pair=(a, b))
    t0 = time.perf_counter()
    ours = sum(1 for c in network.bounded_cycles(graph, 4) if len(c) >= 3)
    ours_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    theirs, finished = 0, True
    for c in nx.simple_cycles(graph, length_bound=4):
        theirs += len(c) >= 3
        if time.perf_counter() - t0 > args.baseline_timeout:
            finished = False
            break
    theirs_s = time.perf_counter() - t0
    print(f"{n} organisations, {graph.number_of_edges()} edges: bounded DFS {ours} chains in {ours_s:.1f} s; "
          f"simple_cycles(length_bound=4) {theirs} in {theirs_s:.1f} s"
          + ("" if finished else f" (stopped at {args.baseline_timeout:.0f} s)"))
    t0 = time.perf_counter()
    best = network.cycles(graph, max_length=4, limit=50)
    print(f"network.cycles (best 50 of them): {time.perf_counter() - t0:.1f} s, {len(best)} chains")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="what", required=True)
    run = sub.add_parser("run")
    run.add_argument("--listings", type=int, default=100_000)
    run.add_argument("--db", required=True, help="a PostgreSQL URL; the database is recreated")
    file = sub.add_parser("file")
    file.add_argument("--rows", default="2000,20000")
    file.add_argument("--seed", type=int, default=1)
    file.add_argument("--quality", action="store_true", help="also the assignment against the exact optimum")
    cyc = sub.add_parser("cycles")
    cyc.add_argument("--organisations", type=int, default=10_000)
    cyc.add_argument("--seed", type=int, default=1)
    for p in (run, file, cyc):
        p.add_argument("--baseline", default="efea27d", help="the commit to compare with")
        p.add_argument("--baseline-timeout", type=float, default=300.0)
        p.add_argument("--timeout", type=float, default=1800.0)
    args = ap.parse_args(argv)
    {"run": bench_run, "file": bench_file, "cycles": bench_cycles}[args.what](args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
