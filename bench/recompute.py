"""Benchmark of a full recompute (`flask match run`) on PostgreSQL and of `flask match-file`,
each against the code of a baseline commit in the same run (capped by a timeout: it may not finish).

    .venv/bin/python bench/recompute.py run  --listings 100000 --db postgresql://postgres@127.0.0.1:5432/siru_bench_16c
    .venv/bin/python bench/recompute.py file --rows 2000,20000 [--quality]
    .venv/bin/python bench/recompute.py cycles --organisations 10000
    .venv/bin/python bench/recompute.py queue --workers 1,2 --template siru_bench_seed \
        --db postgresql://postgres@127.0.0.1:5432/siru_bench_queue --redis redis://127.0.0.1:6379/13

`run`: recreates the database, migrates it, inserts a seeded synthetic region
(siru_exchange.matching.synthetic, N listings over N/10 organisations) in bulk, runs the baseline's
`flask match run` (killed at --baseline-timeout; it commits only at its end), then this tree's.
`file`: writes a workshop file (bench/workshop.py: near-identical listings) per size and times
`flask match-file` of this tree and of the baseline; and the assignment's total weight against the
exact optimum (min-cost flow) on the same pairs. Wall-clock times (subprocesses, whole commands).
`queue`: for each worker count, a fresh copy of the database, N `flask worker` processes (each
builds its engine first: timed apart), then `flask match run --queue` timed until the run's
`finished_at` is set; with --baseline-too the baseline tree's workers as well.
`run` and `queue` with --template copy that database (seeded once, e.g. by `flask seed-bench`)
instead of seeding a synthetic region.
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


def load() -> str:
    """The machine's load averages (shared with other work: say it beside every figure)."""
    return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def fresh_database(db: str, template: str | None = None) -> None:
    """Recreate the database ``db`` (a URL): empty, or a copy of the database named ``template``."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(db)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}"'))
        copy = f' TEMPLATE "{template}"' if template else ""
        conn.execute(text(f'CREATE DATABASE "{url.database}"{copy}'))
    admin.dispose()


def prepared(args, env: dict) -> None:
    """The database of ``args.db`` recreated: a copy of ``args.template``, else migrated and seeded."""
    fresh_database(args.db, args.template)
    if args.template:
        print(f"copied {args.template} ({load()})", flush=True)
        return
    flask(ROOT, ["db", "upgrade"], env, 600)
    t0 = time.perf_counter()
    seed(args.db, args.listings)
    print(f"seeded {args.listings} listings in {time.perf_counter() - t0:.1f} s", flush=True)


def bench_run(args) -> None:
    env = dict(os.environ, SIRU_DATABASE_URL=args.db)
    base = baseline_tree(args.baseline)
    if not args.skip_baseline:
        prepared(args, env)
        secs, done, _out = flask(base, ["match", "run"], env, args.baseline_timeout)
        print(f"baseline {args.baseline} match run: {secs:.1f} s wall, {CPU['last']:.1f} s CPU, "
              f"{'finished' if done else f'killed at the {args.baseline_timeout:.0f} s timeout'} ({load()})",
              flush=True)
    if args.template or args.skip_baseline:
        prepared(args, env)  # the same start as the baseline's (a copy); without one, on top of its run
    secs, done, out = flask(ROOT, ["match", "run"], env, args.timeout)
    print(f"this tree match run: {secs:.1f} s wall, {CPU['last']:.1f} s CPU, "
          f"{'finished' if done else 'killed at the timeout'} ({load()}):", flush=True)
    print("\n".join(line for line in out.splitlines() if "Matching" not in line), flush=True)


def _latest_run(db: str):
    """(id, started_at, finished_at) of the newest match run, or None."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT id, started_at, finished_at FROM match_runs "
                                     "ORDER BY id DESC LIMIT 1")).first()
    finally:
        engine.dispose()


def queued_run(tree: Path, workers: int, args, env: dict) -> tuple[float, float, float]:
    """(seconds until every worker's engine is ready, seconds from `match run --queue` to the
    run's end, the workers' CPU seconds over both) with ``workers`` `flask worker` processes."""
    from redis import Redis

    redis = Redis.from_url(args.redis)
    redis.flushdb()
    logs = [Path(tempfile.mkstemp(prefix=f"siru-worker-{k}-", suffix=".log")[1]) for k in range(workers)]
    t0, c0 = time.perf_counter(), _children_cpu()
    procs = [subprocess.Popen([PY, "-m", "flask", "--app", "siru_exchange", "worker", "--name", f"bench-{k}"],
                              cwd=tree, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
             for k, log in enumerate(logs)]
    try:
        while not all("Engine ready" in log.read_text() for log in logs):
            if any(p.poll() is not None for p in procs):
                raise SystemExit(f"a worker stopped: {[log.read_text()[-2000:] for log in logs]}")
            time.sleep(1)
        ready = time.perf_counter() - t0
        before = _latest_run(args.db)
        t1 = time.perf_counter()
        flask(tree, ["match", "run", "--queue"], env, 120)
        while True:
            run = _latest_run(args.db)
            if run is not None and run.finished_at is not None and (before is None or run.id != before.id):
                break
            if time.perf_counter() - t1 > args.timeout:
                raise SystemExit(f"the queued run did not finish in {args.timeout:.0f} s")
            time.sleep(1)
        secs = time.perf_counter() - t1
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=60)
    for log in logs:
        lines = [line for line in log.read_text().splitlines() if "full recompute" in line]
        print(f"  {log.name}: " + "\n    ".join(lines[-40:]), flush=True)
    return ready, secs, _children_cpu() - c0


def bench_queue(args) -> None:
    env = dict(os.environ, SIRU_DATABASE_URL=args.db, SIRU_REDIS_URL=args.redis,
               SIRU_MATCHING_QUEUE="siru-bench")
    trees = [] if args.baseline_only else [("this tree", ROOT)]
    if args.baseline_only or args.baseline_too:
        trees.append((f"baseline {args.baseline}", baseline_tree(args.baseline)))
    for name, tree in trees:
        seconds = {}
        for workers in [int(x) for x in args.workers.split(",")]:
            prepared(args, env)
            ready, secs, cpu = queued_run(tree, workers, args, env)
            seconds[workers] = secs
            print(f"{name}, {workers} worker(s): engines ready in {ready:.1f} s, then the queued run "
                  f"{secs:.1f} s to its finished_at; workers' CPU {cpu:.1f} s ({load()})", flush=True)
        if len(seconds) > 1:
            few, many = min(seconds), max(seconds)
            print(f"{name}: {many} workers {seconds[few] / seconds[many]:.2f}x as fast as {few}", flush=True)


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
    run.add_argument("--template", help="copy this database (seeded once) instead of seeding")
    run.add_argument("--skip-baseline", action="store_true")
    cyc = sub.add_parser("cycles")
    cyc.add_argument("--organisations", type=int, default=10_000)
    cyc.add_argument("--seed", type=int, default=1)
    que = sub.add_parser("queue")
    que.add_argument("--db", required=True, help="a PostgreSQL URL; the database is recreated for each count")
    que.add_argument("--template", help="copy this database (seeded once) instead of seeding")
    que.add_argument("--listings", type=int, default=100_000)
    que.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    que.add_argument("--redis", default="redis://127.0.0.1:6379/13", help="a Redis database; flushed")
    que.add_argument("--baseline-too", action="store_true", help="also the baseline tree's workers")
    que.add_argument("--baseline-only", action="store_true", help="only the baseline tree's workers")
    for p in (run, file, cyc, que):
        p.add_argument("--baseline", default="ee34136", help="the commit to compare with")
        p.add_argument("--baseline-timeout", type=float, default=300.0)
        p.add_argument("--timeout", type=float, default=1800.0)
    args = ap.parse_args(argv)
    {"run": bench_run, "file": bench_file, "cycles": bench_cycles, "queue": bench_queue}[args.what](args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
