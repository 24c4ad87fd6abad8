"""Benchmark: saving a listing with matching in the request (the synchronous baseline) against the job
queue (Redis and one `flask worker`), in one run on one database.

    .venv/bin/python bench/save_listing.py [--database URL] [--redis redis://127.0.0.1:6379/6]
        [--saves 30] [--seed-bench ORGANISATIONS,LISTINGS] [--existing] [--no-sync]

Prepares a fresh database (`flask db upgrade`, `flask seed-demo`, and `flask seed-bench` when asked
for and the command exists; with --existing it uses the database as it is, for example a copy made
with `createdb -T siru_q_large ...`, which saves the seeding), then runs the web side twice (once
with --no-sync), each in a fresh process (so the synchronous one pays the first save's engine build,
as a fresh gunicorn worker does):

* sync: no SIRU_REDIS_URL; each save computes the listing's suggestions inside the request;
* queue: SIRU_REDIS_URL set, one `flask worker` started (and warmed) before; each save enqueues.

Each save is a POST of the listing form through the Flask test client (the whole application: form,
validation, commit, matching or enqueueing, redirect; no HTTP server in front). Measured per save:
the request's time, and the time from the start of the request until the listing's suggestions are
stored (listings.suggested_version equals its version; in the synchronous mode that is the request
itself). Also the web process's resident memory at the end (VmRSS) and at its peak (VmHWM), and the
worker's. The web process loads the text reader before its first request, as wsgi.py does for
gunicorn (services/warmup.py). The listing page each save redirects to is fetched after the save
is stored and timed apart ("page"). Prints a Markdown table for docs/performance.md. Redis: only
the given database is emptied.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TITLES = [
    ("offer", "Kutterspån och sågspån", "Torrt spån från hyvleriet, ca 2 m³ i veckan."),
    ("need", "Bränsle till pannan", "Vi behöver flis eller pellets till vår panna under vintern."),
    ("offer", "Överskottsvärme från kylanläggning", "Spillvärme ca 40 °C året runt."),
    ("need", "Pallar och emballage", "Vi söker begagnade EUR-pallar och wellpapp till utskick."),
    ("offer", "Lokal för workshops", "Konferensrum för 20 personer, lediga vardagskvällar."),
]


def _rss_kb(pid: str | int = "self") -> dict:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0])
    return out


def web(mode: str, saves: int) -> dict:
    """One web process: log in as a demo member, save `saves` listings, time each."""
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import select

    from siru_exchange import create_app
    from siru_exchange.extensions import db
    from siru_exchange.models import Listing
    from siru_exchange.services import warmup

    app = create_app({"RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})
    assert bool(app.config.get("REDIS_URL")) == (mode == "queue")
    with app.app_context():
        warmup.warm_web()   # as wsgi.py does before a gunicorn worker serves
    client = app.test_client()
    login = {"email": "org01@demo.siru.example", "password": "demo-password"}
    response = client.post("/auth/login", data=login)
    assert response.status_code == 302, response.status_code
    requests, stored, statuses, pages, page_statuses = [], [], [], [], []
    for i in range(saves):
        kind, title, description = TITLES[i % len(TITLES)]
        data = {"kind": kind, "title": f"{title} {i}", "description": description, "resource_class": "",
                "quantity": str(1 + i), "unit": "kg", "frequency": "monthly", "terms": "free",
                "visibility": "public"}
        started = time.perf_counter()
        response = client.post("/listings/new", data=data)
        requests.append(time.perf_counter() - started)
        statuses.append(response.status_code)
        public_id = response.headers.get("Location", "").rstrip("/").rsplit("/", 1)[-1]
        with app.app_context():
            while True:
                row = db.session.execute(select(Listing.version, Listing.suggested_version)
                                         .where(Listing.public_id == public_id)).one()
                db.session.remove()
                if row.suggested_version == row.version:
                    break
                if time.perf_counter() - started > 120:
                    raise SystemExit(f"suggestions of listing {public_id} not stored within 120 s")
                time.sleep(0.005)
        stored.append(time.perf_counter() - started)
        page_started = time.perf_counter()
        page = client.get(response.headers["Location"])
        pages.append(time.perf_counter() - page_started)
        page_statuses.append(page.status_code)
    engine = app.extensions.get("siru_engine")
    return {"mode": mode, "requests": requests, "stored": stored, "statuses": statuses, "pages": pages,
            "page_statuses": page_statuses,
            "engine_listings": len(engine.engine) if engine else 0, **_rss_kb()}


def _flask(env: dict, *args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flask", "--app", "siru_exchange", *args], cwd=ROOT, env=env,
                          check=True, capture_output=True, text=True, **kw)


def _prepare(env: dict, url: str, seed_bench: str | None) -> str:
    if url.startswith("postgresql"):
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        name = make_url(url).database
        admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    _flask(env, "db", "upgrade")
    _flask(env, "seed-demo")
    if seed_bench:
        organisations, listings = seed_bench.split(",")
        _flask(env, "seed-bench", "--organisations", organisations, "--listings", listings)
        # seed-bench stores suggestions of its own but not which version they are for: mark them current,
        # as the migration does for existing listings (a full `flask match run` at 100,000 listings is
        # another benchmark's subject).
        from sqlalchemy import create_engine, text

        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("UPDATE listings SET suggested_version = version"))
        engine.dispose()
    return _flask(env, "stats", "--json").stdout.strip()


def _run_web(env: dict, mode: str, saves: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--role", mode, "--saves", str(saves)], cwd=ROOT, env=env,
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--role", choices=("sync", "queue"), help=argparse.SUPPRESS)
    parser.add_argument("--database", default=None, help="SQLAlchemy URL (default: a temporary SQLite file)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/6")
    parser.add_argument("--saves", type=int, default=30)
    parser.add_argument("--seed-bench", default=None, help="ORGANISATIONS,LISTINGS to add (flask seed-bench)")
    parser.add_argument("--existing", action="store_true", help="use the database as it is (no preparation)")
    parser.add_argument("--no-sync", action="store_true", help="the queue mode only (no baseline)")
    args = parser.parse_args()
    if args.role:
        print(json.dumps(web(args.role, args.saves)))
        return

    url = args.database or f"sqlite:///{tempfile.mkdtemp(prefix='siru-bench-')}/bench.sqlite3"
    base = {k: v for k, v in os.environ.items() if k != "SIRU_REDIS_URL"}
    env = {**base, "SIRU_DATABASE_URL": url, "SIRU_ENV": "development", "SECRET_KEY": "bench",
           "SIRU_MAIL_OUTBOX": tempfile.mkdtemp(prefix="siru-bench-mail-")}
    stats = (_flask(env, "stats", "--json").stdout.strip() if args.existing
             else _prepare(env, url, args.seed_bench))
    results = [] if args.no_sync else [_run_web(env, "sync", args.saves)]

    from redis import Redis
    from rq import Worker

    redis = Redis.from_url(args.redis)
    redis.flushdb()   # the given database only
    queue_env = {**env, "SIRU_REDIS_URL": args.redis, "SIRU_MATCHING_QUEUE": "siru-bench"}
    started = time.perf_counter()
    worker_log = Path(tempfile.mkdtemp(prefix="siru-bench-worker-")) / "worker.log"
    worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "siru_exchange", "worker"], cwd=ROOT,
                              env=queue_env, stdout=subprocess.DEVNULL, stderr=worker_log.open("w"))
    try:
        while len(Worker.all(connection=redis)) < 1:
            if worker.poll() is not None:
                raise SystemExit("the worker stopped")
            time.sleep(0.1)
        warm = time.perf_counter() - started
        results.append(_run_web(queue_env, "queue", args.saves))
        worker_rss = _rss_kb(worker.pid)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    redis.flushdb()

    print(f"Database: {url.split('://')[0]}; data: {stats}; {args.saves} saves per mode; "
          f"worker warm-up {warm:.1f} s; worker RSS {worker_rss['VmRSS'] / 1024:.0f} MB "
          f"(peak {worker_rss['VmHWM'] / 1024:.0f} MB); the worker's log (each job's split): {worker_log}\n")
    print("| mode | request median | request p95 | first save | max | stored median | stored p95 | "
          "stored max | page median | page p95 | non-302/200 | web RSS (peak) | engine in web |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        ms = [t * 1000 for t in r["requests"]]
        st = [t * 1000 for t in r["stored"]]
        pg = [t * 1000 for t in r["pages"]]
        bad = sum(s != 302 for s in r["statuses"]) + sum(s != 200 for s in r["page_statuses"])
        print(f"| {r['mode']} | {statistics.median(ms):.0f} ms | {_p95(ms):.0f} ms | {ms[0]:.0f} ms | "
              f"{max(ms):.0f} ms | {statistics.median(st):.0f} ms | {_p95(st):.0f} ms | {max(st):.0f} ms | "
              f"{statistics.median(pg):.0f} ms | {_p95(pg):.0f} ms | {bad} | "
              f"{r['VmRSS'] / 1024:.0f} MB ({r['VmHWM'] / 1024:.0f} MB) | "
              f"{r['engine_listings']} listings |")
    if len(results) == 2:
        sync, queued = results
        print(f"\nRequest p95, queue / sync: {_p95(queued['requests']) / _p95(sync['requests']):.2f}; "
              f"first save, queue / sync: {queued['requests'][0] / sync['requests'][0]:.3f}")


if __name__ == "__main__":
    main()
