"""Benchmark of the matching engine against a naive all-pairs scorer (same feature scoring).

    .venv/bin/python bench/matching.py [--sizes 1000,10000,100000] [--seed 1] [--queries 200]

For each size: build a seeded synthetic region (siru_exchange.matching.synthetic), then measure
  * full recompute: Engine.suggest_all() (blocked) vs suggest_all(exhaustive=True) (all pairs),
    both in one process (CPU time); and suggest_all(workers=--workers) by the wall clock, checked
    to give the same result;
  * one new listing: median time of Engine.suggest() for listings not in the index;
  * peak memory (tracemalloc) of building the index plus the full recompute;
  * the index build includes every listing's TF-IDF vector (Engine.warm), which both the engine
    and all-pairs need, so that neither timed recompute pays for it;
  * quality: share of needs whose top 5 (offer ids, in order) is the same in both.
All-pairs full recompute is only run up to --allpairs-max listings; above that, it is estimated
from the measured per-query all-pairs time on a sample (and quality is measured on that sample).
Times are process CPU time (time.process_time), so that other processes on a shared machine do
not inflate them; wall-clock times of the full recomputes are printed in the per-size lines.
Prints a Markdown table for docs/performance.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import platform
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from siru_exchange.matching import Engine, load_municipalities, load_taxonomy  # noqa: E402
from siru_exchange.matching.synthetic import generate  # noqa: E402


class Timer:
    """Process CPU time (the figure used for ratios: other processes on a shared machine do not
    inflate it) and wall-clock time."""

    def __enter__(self):
        self.c0, self.w0 = time.process_time(), time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.cpu = time.process_time() - self.c0
        self.wall = time.perf_counter() - self.w0


def top_ids(suggestions, kind):
    return [s.offer_id if kind == "need" else s.need_id for s in suggestions]


def agreement(pairs):
    """pairs: list of (blocked, exhaustive) suggestion lists for needs -> quality figures."""
    same = sum(1 for b, e in pairs if top_ids(b, "need") == top_ids(e, "need"))
    top1 = sum(1 for b, e in pairs if top_ids(b, "need")[:1] == top_ids(e, "need")[:1])
    got = sum(s.score for b, _e in pairs for s in b)
    best = sum(s.score for _b, e in pairs for s in e)
    n = len(pairs) or 1
    return same / n, top1 / n, (got / best if best else 1.0)


def bench_size(n, tax, munis, seed, n_queries, allpairs_max, sample, workers):
    listings = generate(n, tax, munis, seed=seed)
    extra = generate(n_queries, tax, munis, seed=seed + 1000)
    # New listings: fresh ids and organisations, so they are not in the index.
    from dataclasses import replace
    new = [replace(x, id=f"new-{x.id}", organisation=f"neworg-{x.id}") for x in extra]
    row = {"n": n}

    gc.collect()
    engine = Engine(tax, municipalities=munis)
    t0 = time.perf_counter()
    engine.add_many(listings)
    engine.warm()  # IDF and text vectors, which the engine and all-pairs both need, outside the timings
    row["build_s"] = time.perf_counter() - t0
    with Timer() as tm:
        blocked = engine.suggest_all()
    row["recompute_s"], row["recompute_wall_s"] = tm.cpu, tm.wall
    if workers > 1:
        with Timer() as tm:
            par = engine.suggest_all(workers=workers)
        row["par_wall_s"] = tm.wall
        row["par_same"] = par == blocked
        del par

    times = []
    for q in new:
        t0 = time.process_time()
        engine.suggest(q)
        times.append(time.process_time() - t0)
    row["query_ms"] = statistics.median(times) * 1000
    row["query_p95_ms"] = sorted(times)[int(0.95 * len(times)) - 1] * 1000

    # All-pairs baseline (same Scorer.score on every offer x need).
    needs = [x for x in listings if x.kind == "need"]
    times = []
    for q in new[: max(20, n_queries // 4)]:
        t0 = time.process_time()
        engine.suggest(q, exhaustive=True)
        times.append(time.process_time() - t0)
    row["ap_query_ms"] = statistics.median(times) * 1000
    if n <= allpairs_max:
        with Timer() as tm:
            full = engine.suggest_all(exhaustive=True)
        row["ap_recompute_s"], row["ap_recompute_wall_s"] = tm.cpu, tm.wall
        row["ap_measured"] = True
        row["quality"], row["top1"], row["score_share"] = agreement(
            [(blocked[x.id], full[x.id]) for x in needs])
        row["quality_n"] = len(needs)
        same_all = sum(1 for lid in blocked
                       if [(s.offer_id, s.need_id) for s in blocked[lid]]
                       == [(s.offer_id, s.need_id) for s in full[lid]])
        row["quality_all"] = same_all / len(blocked)
        del full
    else:
        # Estimate: per-listing all-pairs time on a sample of indexed listings x n.
        rng = random.Random(seed)
        smp = rng.sample(listings, min(sample, n))
        with Timer() as tm:
            ex = {x.id: engine.suggest(x, exhaustive=True) for x in smp}
        per = tm.cpu / len(smp)
        row["ap_recompute_s"] = per * n
        row["ap_measured"] = False
        smp_needs = [x for x in smp if x.kind == "need"]
        row["quality"], row["top1"], row["score_share"] = agreement(
            [(blocked[x.id], ex[x.id]) for x in smp_needs])
        row["quality_n"] = len(smp_needs)
        row["quality_all"] = sum(
            1 for x in smp if [(s.offer_id, s.need_id) for s in blocked[x.id]]
            == [(s.offer_id, s.need_id) for s in ex[x.id]]) / len(smp)
    del blocked, engine
    gc.collect()

    # Peak memory, in a separate pass (tracemalloc slows Python down; timings above are clean).
    tracemalloc.start()
    engine = Engine(tax, municipalities=munis)
    engine.add_many(listings)
    engine.warm()
    row["index_mb"] = tracemalloc.get_traced_memory()[0] / 1e6
    result = engine.suggest_all()
    row["peak_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
    del result
    tracemalloc.stop()
    del engine
    gc.collect()
    return row


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--queries", type=int, default=200, help="new listings timed per size")
    ap.add_argument("--allpairs-max", type=int, default=10000,
                    help="largest size for which the all-pairs full recompute is run")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                    help="processes for the extra full-recompute run timed by the wall clock")
    ap.add_argument("--sample", type=int, default=400,
                    help="listings scored all-pairs to estimate above --allpairs-max")
    args = ap.parse_args(argv)
    tax, munis = load_taxonomy(), load_municipalities()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    print(f"# {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, nproc {os.cpu_count()}, "
          f"Python {platform.python_version()} ({platform.machine()}), seed {args.seed}, "
          f"load average at start {os.getloadavg()[0]:.2f}", flush=True)
    rows = []
    for n in sizes:
        t0 = time.perf_counter()
        row = bench_size(n, tax, munis, args.seed, args.queries, args.allpairs_max, args.sample, args.workers)
        rows.append(row)
        row["load"] = os.getloadavg()[0]
        print(f"# n={n}: done in {time.perf_counter() - t0:.0f} s: {row}", flush=True)

    print()
    print("| listings | full recompute: engine | all-pairs | speed-up | engine, "
          f"{args.workers} processes (wall) | one new listing: engine "
          "(median / p95) | all-pairs | speed-up | peak memory (index) | same top 5 (needs) |"
          " same top 1 (needs) | score kept | same top 5 (all listings) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    # (times are process CPU seconds; wall-clock times are in the per-size lines above)
    for r in rows:
        est = "" if r["ap_measured"] else " (est.)"
        qn = "" if r["ap_measured"] else f" (sample of {r['quality_n']})"
        differs = "" if r.get("par_same", True) else " (DIFFERS)"
        print(
            f"| {r['n']:,} | {r['recompute_s']:.2f} s | {r['ap_recompute_s']:.1f} s{est} | "
            f"{r['ap_recompute_s'] / r['recompute_s']:.1f}x | "
            f"{r.get('par_wall_s', r['recompute_wall_s']):.2f} s{differs} | "
            f"{r['query_ms']:.2f} / "
            f"{r['query_p95_ms']:.2f} ms | {r['ap_query_ms']:.1f} ms | "
            f"{r['ap_query_ms'] / r['query_ms']:.0f}x | {r['peak_mb']:.0f} MB "
            f"({r['index_mb']:.0f} MB) | {100 * r['quality']:.1f}%{qn} | "
            f"{100 * r['top1']:.1f}% | {100 * r['score_share']:.1f}% | "
            f"{100 * r['quality_all']:.1f}% |"
        )
    by_n = {r["n"]: r for r in rows}
    if 10000 in by_n and 100000 in by_n:
        g = by_n[100000]["recompute_s"] / by_n[10000]["recompute_s"]
        print(f"\nGrowth of the full recompute from 10,000 to 100,000 listings: {g:.1f}x")
        print("Index build: " + ", ".join(f"{r['n']:,}: {r['build_s']:.1f} s" for r in rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
