"""Load benchmark of the pages that list things: gunicorn (production settings) + PostgreSQL, with the
demo data and with demo + `flask seed-bench`, back to back in one run, at a fixed concurrency.

    python bench/load.py --small postgresql://postgres@127.0.0.1:5432/siru_bench_demo \\
        --large postgresql://postgres@127.0.0.1:5432/siru_bench_large --port 5105 --duration 15

Both databases must be migrated and seeded beforehand (seed-demo; seed-demo + seed-bench for the
large one). For each database it starts gunicorn (4 workers), logs a demo member and the demo broker
in, then for each page runs `--concurrency` client threads for `--duration` seconds and reports
throughput (requests per second), p50/p95 latency and errors; at the end the ratios large / small,
against the targets of issue 16. Plain standard library (threads and http.client), no load tool
needed; `wrk` is not installed on this machine.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
MEMBER = "org01@demo.siru.example"
BROKER = "broker@siru.example"
PASSWORD = "demo-password"
# page -> (path, who, throughput ratio target, p95 target in ms)
PAGES = {
    "home": ("/", None, 1 / 2, 300),
    "browse": ("/listings/", None, 2 / 3, 150),
    "search": ("/listings/?q=s%C3%A5gsp%C3%A5n", None, 2 / 3, 150),
    "filters": ("/listings/?kind=offer&resource_class=sawdust&municipality=0680", None, 2 / 3, 300),
    "listing page": ("{listing}", "member", 2 / 3, 150),
    "API list": ("/api/v1/listings?per_page=20", None, 2 / 3, 300),
    "organisation suggestions": ("/suggestions/", "member", 1 / 2, 300),
    "broker queue": ("/broker/", "broker", 1 / 2, 300),
}


class Client:
    """One HTTP connection with the cookies it was given (sent by hand: production cookies are
    Secure, and this talks plain HTTP to gunicorn on the loopback)."""

    def __init__(self, port: int, cookies: dict | None = None):
        self.port = port
        self.cookies = dict(cookies or {})
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method, path, body=None):
        headers = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https",
                   "Referer": f"https://127.0.0.1:{self.port}/auth/login"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            body = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            raise
        data = response.read()
        for key, value in response.getheaders():
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, data


def login(port: int, email: str) -> dict:
    client = Client(port)
    status, page = client.request("GET", "/auth/login")
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page) or \
        re.search(rb'name="csrf_token" value="([^"]+)"', page)
    form = {"email": email, "password": PASSWORD}
    if token:
        form["csrf_token"] = token.group(1).decode()
    status, _ = client.request("POST", "/auth/login", form)
    if status != 302:
        raise SystemExit(f"login of {email} answered {status}")
    return client.cookies


def own_listing(port: int, cookies: dict) -> str:
    status, page = Client(port, cookies).request("GET", "/listings/mine")
    found = re.findall(rb'href="(/listings/[A-Za-z0-9_-]{12})"', page)
    if not found:
        raise SystemExit("no listing of the demo member found")
    return found[0].decode()


def hammer(port, path, cookies, concurrency, duration):
    latencies, errors, lock = [], [0], threading.Lock()
    stop = time.monotonic() + duration

    def worker():
        client = Client(port, cookies)
        mine, bad = [], 0
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                status, _ = client.request("GET", path)
            except (http.client.HTTPException, OSError):
                status = 599
            mine.append(time.perf_counter() - start)
            if status != 200:
                bad += 1
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    begun = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - begun
    latencies.sort()
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)] if latencies else float("nan")
    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "errors": errors[0],
            "p50_ms": 1000 * statistics.median(latencies) if latencies else float("nan"),
            "p95_ms": 1000 * p95}


def start_gunicorn(url: str, port: int, workers: int):
    env = dict(os.environ, SIRU_ENV="production", SIRU_DATABASE_URL=url, SECRET_KEY="bench-secret-key-" * 3,
               SIRU_MAIL_SERVER="127.0.0.1", SITE_URL=f"http://127.0.0.1:{port}", SIRU_PROXY_COUNT="1",
               SIRU_TRUSTED_HOSTS=f"127.0.0.1:{port},127.0.0.1")
    env.pop("SIRU_REDIS_URL", None)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen([str(gunicorn), "-w", str(workers), "-b", f"127.0.0.1:{port}", "--timeout", "60",
                             "wsgi:app"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=open(f"/tmp/bench-gunicorn-{port}.log", "w"), start_new_session=True)
    for _ in range(120):
        try:
            if Client(port).request("GET", "/")[0] == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.5)
    stop_gunicorn(proc)
    raise SystemExit("gunicorn did not answer; see /tmp/bench-gunicorn-*.log")


def stop_gunicorn(proc):
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)


def measure(url, port, args):
    proc = start_gunicorn(url, port, args.workers)
    try:
        who = {None: {}, "member": login(port, MEMBER), "broker": login(port, BROKER)}
        listing = own_listing(port, who["member"])
        out = {}
        for name, (path, role, _, _) in PAGES.items():
            path = path.format(listing=listing)
            # warm every worker (engine-free pages, but templates, taxonomy and connections)
            hammer(port, path, who[role], args.concurrency, 1.5)
            out[name] = hammer(port, path, who[role], args.concurrency, args.duration)
            print(f"  {name:26s} {out[name]['rps']:7.1f} rps  p50 {out[name]['p50_ms']:6.0f} ms  "
                  f"p95 {out[name]['p95_ms']:6.0f} ms  errors {out[name]['errors']}", flush=True)
        return out
    finally:
        stop_gunicorn(proc)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", required=True, help="database URL with the demo data")
    parser.add_argument("--large", required=True, help="database URL with demo + seed-bench")
    parser.add_argument("--port", type=int, default=5105)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per page")
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    results = {}
    for label, url in (("small", args.small), ("large", args.large)):
        print(f"{label}: {url}", flush=True)
        results[label] = measure(url, args.port, args)
    print("\npage                        ratio (target)     p95 large (target)  errors")
    for name, (_, _, ratio_target, p95_target) in PAGES.items():
        small, large = results["small"][name], results["large"][name]
        ratio = large["rps"] / small["rps"] if small["rps"] else float("nan")
        ok = ratio >= ratio_target and large["p95_ms"] < p95_target and large["errors"] == 0
        print(f"{name:26s} {ratio:5.2f} (>= {ratio_target:.2f})   {large['p95_ms']:6.0f} ms (< {p95_target})"
              f"   {large['errors']}  {'ok' if ok else 'MISSED'}")
        results.setdefault("ratios", {})[name] = ratio
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
