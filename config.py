"""Configuration classes, read from environment variables.

`SIRU_DATABASE_URL` picks the database (default: SQLite under `instance/`), `SECRET_KEY` signs
sessions (required in production; in development a generated key is kept under `instance/`).
"""
import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("SIRU_INSTANCE_PATH", BASE_DIR / "instance"))


def _normalise_db_url(url: str) -> str:
    """Use the psycopg 3 driver for plain postgres:// URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


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
    # The site's public address, for links in emails sent from the command line (the digest).
    SITE_URL = os.environ.get("SITE_URL")


class DevelopmentConfig(Config):
    SECRET_KEY = os.environ.get("SECRET_KEY") or _development_secret_key()


class ProductionConfig(Config):
    """SECRET_KEY and SIRU_MAIL_SERVER must come from the environment; create_app refuses to start
    without them."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    REQUIRE_MAIL_SERVER = True


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key"
    WTF_CSRF_ENABLED = False
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    MAIL_SUPPRESS_SEND = True
    # argon2's cheapest parameters: a test hashes hundreds of passwords and needs none of their strength.
    PASSWORD_HASH_PROFILE = "CHEAPEST"


CONFIGS = {"development": DevelopmentConfig, "production": ProductionConfig, "test": TestConfig}


def config_from_env():
    """The config class named by SIRU_ENV (development by default)."""
    return CONFIGS[os.environ.get("SIRU_ENV", "development")]
