"""Every page without a parameter in its address, as each demo role, on one database: its status, size
and time, one request after a warm-up, in this process (the Flask test client; no server, no
concurrency). What it is for: finding the pages that grow with the data, which the load benchmark
(bench/load.py, eight list pages) does not visit.

    SIRU_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/siru_bench_large \\
        python bench/page_sweep.py --slower-than 300 --larger-than 150000

Logs in as the demo accounts (seed-demo; the large database is the demo plus `flask seed-bench`)
and prints one JSON line per page that answers 5xx, is larger than --larger-than bytes or slower
than --slower-than ms (wall, second request), then a summary line. Exports and downloads are left
out (they are meant to be large).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROLES = {"member": "org01@demo.siru.example", "broker": "broker@siru.example",
         "admin": "admin@siru.example", "researcher": "researcher@siru.example"}
PASSWORD = "demo-password"


def pages(app) -> list[str]:
    return sorted({rule.rule for rule in app.url_map.iter_rules()
                   if "GET" in rule.methods and "<" not in rule.rule and not rule.rule.startswith("/static")
                   and "export" not in rule.rule and "download" not in rule.rule})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--slower-than", type=float, default=300.0, help="ms, wall, warm")
    parser.add_argument("--larger-than", type=int, default=150_000, help="bytes")
    parser.add_argument("--roles", default=",".join(ROLES), help="comma-separated: " + ", ".join(ROLES))
    args = parser.parse_args()
    from siru_exchange import create_app

    app = create_app({"WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
    seen = flagged = 0
    for role in args.roles.split(","):
        client = app.test_client()
        client.post("/auth/login", data={"email": ROLES[role], "password": PASSWORD})
        for url in pages(app):
            client.get(url)  # warm: this process's first use of the page's queries and templates
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            ms, cpu_ms = (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000
            seen += 1
            if response.status_code >= 500 or len(response.data) > args.larger_than or ms > args.slower_than:
                flagged += 1
                print(json.dumps({"role": role, "page": url, "status": response.status_code,
                                  "bytes": len(response.data), "ms": round(ms), "cpu_ms": round(cpu_ms)}))
    print(json.dumps({"pages_visited": seen, "flagged": flagged}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
