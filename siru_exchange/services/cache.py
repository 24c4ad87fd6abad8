"""A small time-to-live cache for figures many pages show (the home page's counts): in this process's
memory, or in Redis when SIRU_REDIS_URL is set (shared by every worker). Values are JSON. A Redis
outage falls back to computing the value; nothing here may fail a request.

Flask-Caching is not a dependency; this is the little the app needs (get, compute on a miss, set with
an expiry) on the `redis` client that rq already brings."""
from __future__ import annotations

import json
import threading
import time

from flask import current_app

_lock = threading.Lock()
_memory: dict[str, tuple[float, object]] = {}
_clients: dict[str, object] = {}


def _redis():
    url = current_app.config.get("CACHE_REDIS_URL")
    if not url:
        return None
    client = _clients.get(url)
    if client is None:
        import redis

        client = _clients[url] = redis.Redis.from_url(url, socket_timeout=0.2, socket_connect_timeout=0.2)
    return client


def _key(name: str) -> str:
    return f"{current_app.config.get('RATELIMIT_KEY_PREFIX', 'siru')}:cache:{name}"


def cached(name: str, compute, ttl: float | None = None):
    """The value stored under `name` if younger than `ttl` seconds (default CACHE_SECONDS), else
    `compute()`, stored. A ttl of 0 turns caching off."""
    ttl = current_app.config.get("CACHE_SECONDS", 30) if ttl is None else ttl
    if not ttl:
        return compute()
    key = _key(name)
    client = _redis()
    if client is not None:
        try:
            raw = client.get(key)
            if raw is not None:
                return json.loads(raw)
            value = compute()
            client.set(key, json.dumps(value), ex=max(1, int(ttl)))
            return value
        except Exception:  # noqa: BLE001 - Redis down: compute, as without a cache
            current_app.logger.warning("cache: Redis unavailable, computing %s", name)
            return compute()
    now = time.monotonic()
    with _lock:
        hit = _memory.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    value = compute()
    with _lock:
        _memory[key] = (now + ttl, value)
        if len(_memory) > MEMORY_ENTRIES:
            _prune(now)
    return value


MEMORY_ENTRIES = 10_000  # a process keeps at most this many values (counts of searches are many)


def _prune(now: float) -> None:
    """Drop the expired values, then, while still over MEMORY_ENTRIES, the half that expires first."""
    for key in [k for k, (expires, _) in _memory.items() if expires <= now]:
        del _memory[key]
    if len(_memory) > MEMORY_ENTRIES:
        for key in sorted(_memory, key=lambda k: _memory[k][0])[: len(_memory) // 2]:
            del _memory[key]


def forget(prefix: str = "") -> None:
    """Drop what this process holds under names starting with `prefix` (tests, after a bulk load)."""
    with _lock:
        for key in [k for k in _memory if k.split(":cache:", 1)[-1].startswith(prefix)]:
            del _memory[key]
