"""Configuration classes, read from environment variables.

`SIRU_DATABASE_URL` picks the database (default: SQLite under `instance/`), `SECRET_KEY` signs
sessions (required in production; in development a generated key is kept under `instance/`).
"""
import json
import os
import secrets
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("SIRU_INSTANCE_PATH", BASE_DIR / "instance"))


def _normalise_db_url(url: str) -> str:
    """Use the psycopg 3 driver for plain postgres:// URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _hosts(value: str | None) -> list[str] | None:
    """SIRU_TRUSTED_HOSTS: host names separated by commas (".example.se" allows its subdomains too)."""
    hosts = [h.strip() for h in (value or "").split(",") if h.strip()]
    return hosts or None


# Every abuse limit, by name (siru_exchange/limits.py applies them; see its docstring for the key each one
# counts by). The notation is Flask-Limiter's ("5 per minute; 50 per day"). SIRU_RATE_LIMITS, a JSON
# object of name -> limit, overrides single entries without a code change.
RATE_LIMITS = {
    "login_address": "30 per 10 minutes; 200 per day",  # login attempts from one address
    "login_account": "10 per 15 minutes; 50 per day",   # failed logins naming one email, from anywhere
    "register": "5 per hour; 20 per day",               # accounts created from one address
    "password_reset": "5 per hour",                     # reset requests, by address and by account
    "email_link": "10 per hour; 30 per day",            # links mailed at a user's request (confirm, invite)
    "claim": "5 per day",                               # requests to join a registered organisation
    "message": "30 per 10 minutes; 300 per day",        # messages in introductions, per user
    "introduction_request": "10 per hour; 30 per day",  # introductions asked for, per user
    "listing_create": "20 per hour; 100 per day",       # offers and needs posted (form and API), per user
}


def _rate_limits() -> dict[str, str]:
    overrides = json.loads(os.environ.get("SIRU_RATE_LIMITS") or "{}")
    unknown = set(overrides) - set(RATE_LIMITS)
    if unknown:
        raise RuntimeError(f"SIRU_RATE_LIMITS names unknown limits: {', '.join(sorted(unknown))}")
    return {**RATE_LIMITS, **overrides}


def _development_secret_key() -> str:
    """A random key generated once and kept under instance/, so sessions survive restarts."""
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    SQLALCHEMY_DATABASE_URI = _normalise_db_url(
        os.environ.get("SIRU_DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'siru.sqlite3'}")
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    BABEL_DEFAULT_LOCALE = "sv"
    BABEL_DEFAULT_TIMEZONE = "Europe/Stockholm"
    LANGUAGES = ("sv", "en")
    LISTINGS_PER_PAGE = 20
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    # Enforced on the server (siru_exchange/sessions.py): a session unused for SESSION_IDLE_TIMEOUT ends,
    # and any login ends SESSION_ABSOLUTE_TIMEOUT after it was made, remember-me cookie or not.
    SESSION_IDLE_TIMEOUT = timedelta(hours=2)
    SESSION_ABSOLUTE_TIMEOUT = timedelta(days=30)
    # Request bodies larger than this answer 413 before they are read (no upload is larger than a form).
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # Host names the site answers to (Flask refuses others with 400); production defaults to SITE_URL's.
    TRUSTED_HOSTS = _hosts(os.environ.get("SIRU_TRUSTED_HOSTS"))
    # How many proxies in front of the app set X-Forwarded-For/-Proto/-Host (0: none, headers ignored).
    PROXY_COUNT = int(os.environ.get("SIRU_PROXY_COUNT", "0"))
    # Strict-Transport-Security max-age in seconds; 0 sends no header (production sets a year).
    HSTS_SECONDS = 0
    # Abuse limits: counters in Redis when SIRU_REDIS_URL is set (shared by every worker), else in this
    # process's memory (the embedded single-process default).
    RATE_LIMITS = _rate_limits()
    RATELIMIT_STORAGE_URI = os.environ.get("SIRU_REDIS_URL") or "memory://"
    RATELIMIT_KEY_PREFIX = os.environ.get("SIRU_REDIS_PREFIX", "siru")
    RATELIMIT_STRATEGY = "moving-window"
    # The matching job queue (RQ) in Redis when SIRU_REDIS_URL is set: saving a listing enqueues its
    # recompute and `flask worker` processes compute it. Without it, matching runs inside the request.
    REDIS_URL = os.environ.get("SIRU_REDIS_URL") or None
    MATCHING_QUEUE = os.environ.get("SIRU_MATCHING_QUEUE", "siru-matching")
    # A failed job is tried again after these many seconds (one try per entry), then kept as failed.
    MATCHING_RETRY_INTERVALS = (10, 60)
    # Figures many pages show (the home page's counts) are cached this many seconds (0: off), in Redis
    # when SIRU_REDIS_URL is set, else in each process (services/cache.py).
    CACHE_SECONDS = int(os.environ.get("SIRU_CACHE_SECONDS", "30"))
    # The brokers' "How suggestions turned out" figures, counted again after this many seconds (0: at
    # every view): counting takes about 10 s at 100,000 listings and 108,000 outcomes.
    OUTCOME_FIGURES_SECONDS = int(os.environ.get("SIRU_OUTCOME_FIGURES_SECONDS", "600"))
    CACHE_REDIS_URL = os.environ.get("SIRU_REDIS_URL") or None
    # A Redis outage must not take the site down: count in memory until it is back.
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    MAIL_DEFAULT_SENDER = os.environ.get("SIRU_MAIL_SENDER", "SIRU Exchange <noreply@siru.example>")
    MAIL_SERVER = os.environ.get("SIRU_MAIL_SERVER") or None
    MAIL_PORT = int(os.environ.get("SIRU_MAIL_PORT", "25"))
    MAIL_USE_TLS = os.environ.get("SIRU_MAIL_USE_TLS", "") in ("1", "true", "yes")
    MAIL_USERNAME = os.environ.get("SIRU_MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("SIRU_MAIL_PASSWORD") or None
    # Seconds to wait for the mail server: a server that does not answer must not hold a worker.
    MAIL_TIMEOUT = float(os.environ.get("SIRU_MAIL_TIMEOUT", "10"))
    # Without a mail server, mail is written to instance/outbox/ (development and tests only:
    # production refuses to start without SIRU_MAIL_SERVER).
    MAIL_OUTBOX = os.environ.get("SIRU_MAIL_OUTBOX", str(INSTANCE_DIR / "outbox"))
    SECRET_KEY = os.environ.get("SECRET_KEY")
    # A tile server for the maps ("https://tiles.example/{z}/{x}/{y}.png") and the attribution its
    # licence asks for. Without one the maps show the bundled municipality outlines alone.
    MAP_TILES_URL = os.environ.get("SIRU_MAP_TILES_URL") or None
    MAP_TILES_ATTRIBUTION = os.environ.get("SIRU_MAP_TILES_ATTRIBUTION", "")
    # The site's public address (https://exchange.example.se): every absolute link (emails) is built on it,
    # never on the Host header of a request. Required in production.
    SITE_URL = os.environ.get("SITE_URL")
    # Retention, in days (`flask purge`, docs/operations.md, and the privacy page, which quotes them).
    RETENTION_INACTIVE_ACCOUNT_DAYS = int(os.environ.get("SIRU_RETENTION_INACTIVE_ACCOUNT_DAYS", 3 * 365))
    RETENTION_UNVERIFIED_ACCOUNT_DAYS = int(os.environ.get("SIRU_RETENTION_UNVERIFIED_ACCOUNT_DAYS", 30))
    RETENTION_CLOSED_LISTING_DAYS = int(os.environ.get("SIRU_RETENTION_CLOSED_LISTING_DAYS", 365))
    # At least 365: the database refuses to delete younger audit rows (migration i15aud01).
    AUDIT_RETENTION_DAYS = int(os.environ.get("SIRU_AUDIT_RETENTION_DAYS", 2 * 365))
    BACKUP_RETENTION_DAYS = int(os.environ.get("SIRU_BACKUP_RETENTION_DAYS", 30))


class DevelopmentConfig(Config):
    SECRET_KEY = os.environ.get("SECRET_KEY") or _development_secret_key()


class ProductionConfig(Config):
    """SECRET_KEY and SIRU_MAIL_SERVER must come from the environment; create_app refuses to start
    without them."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    # "__Host-": the browser keeps such a cookie only when it is Secure, for the whole site (Path=/) and
    # for this host alone (no Domain): a neighbouring subdomain cannot plant or read it (ASVS 3.3.1, 3.3.3).
    SESSION_COOKIE_NAME = "__Host-session"
    REMEMBER_COOKIE_NAME = "__Host-remember_token"
    REQUIRE_MAIL_SERVER = True
    REQUIRE_SITE_URL = True
    HSTS_SECONDS = 365 * 24 * 3600


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key"
    WTF_CSRF_ENABLED = False
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    MAIL_SUPPRESS_SEND = True
    # argon2's cheapest parameters: a test hashes hundreds of passwords and needs none of their strength.
    PASSWORD_HASH_PROFILE = "CHEAPEST"
    # Off, so that hundreds of test logins and posts are not counted; the tests of the limits turn it on
    # (pytest.mark.config(RATELIMIT_ENABLED=True)).
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_KEY_PREFIX = "siru-test"
    # Synchronous matching unless a test turns the queue on (pytest.mark.config(REDIS_URL=...)).
    REDIS_URL = None
    # Off, so that a count read right after a change is the new one; test_query_bounds turns it on.
    CACHE_SECONDS = 0
    OUTCOME_FIGURES_SECONDS = 0
    CACHE_REDIS_URL = None
    RATE_LIMITS = dict(RATE_LIMITS)


CONFIGS = {"development": DevelopmentConfig, "production": ProductionConfig, "test": TestConfig}


def config_from_env():
    """The config class named by SIRU_ENV (development by default)."""
    return CONFIGS[os.environ.get("SIRU_ENV", "development")]
