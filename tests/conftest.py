"""Fixtures: a fresh app per test, on SQLite and on a real PostgreSQL.

The schema is built once per database by the Flask-Migrate migrations (so the migrations are tested
too); after each test every table is emptied. PostgreSQL comes from SIRU_TEST_DATABASE_URL (the
Makefile and .ci/run set it); without a reachable server the PostgreSQL half fails rather than
skipping, unless SIRU_TEST_SKIP_POSTGRES=1 is set on purpose.
"""
import os

import pytest
from flask.globals import _cv_app
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from config import TestConfig, _normalise_db_url

BACKENDS = ["sqlite", "postgresql"]

# Property-based tests (hypothesis): few examples by default, so the suite stays quick; no deadline (a
# first request compiles templates and loads the taxonomy). HYPOTHESIS_PROFILE=thorough for a long run.
# The database fixtures are function-scoped on purpose: every example of a test shares one database,
# and the tests check what each example wrote.
settings.register_profile("default", max_examples=20, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.register_profile("thorough", parent=settings.get_profile("default"), max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
_migrated: set[str] = set()


def _postgres_url() -> str:
    """SIRU_TEST_DATABASE_URL with the process id appended to the database name, so that two runs on
    one server (two developers, or CI beside a developer) never share a database."""
    base = make_url(_normalise_db_url(os.environ.get("SIRU_TEST_DATABASE_URL",
                                                     "postgresql://postgres@127.0.0.1:5432/siru_test")))
    return base.set(database=f"{base.database}_{os.getpid()}").render_as_string(hide_password=False)


def _admin_engine(url: str):
    return create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")


def _ensure_postgres_database(url: str) -> None:
    name = make_url(url).database
    admin = _admin_engine(url)
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


@pytest.fixture(scope="session", autouse=True)
def _drop_postgres_database_at_the_end():
    yield
    url = _postgres_url()
    if url not in _migrated:
        return
    from siru_exchange.extensions import db

    for engine in list(getattr(db, "_app_engines", {}).values()):
        for e in engine.values():
            e.dispose()
    admin = _admin_engine(url)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(autouse=True)
def _no_cached_figures_from_an_earlier_test():
    """A test that turns the cache on (CACHE_SECONDS, OUTCOME_FIGURES_SECONDS) must not read figures
    an earlier test of this process left in the memory cache (services/cache.py)."""
    from siru_exchange.services import cache

    cache.forget()
    yield


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory):
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


def _database_url(backend: str, sqlite_url: str) -> str:
    if backend == "sqlite":
        return sqlite_url
    if os.environ.get("SIRU_TEST_SKIP_POSTGRES") == "1":
        pytest.skip("SIRU_TEST_SKIP_POSTGRES=1")
    url = _postgres_url()
    _ensure_postgres_database(url)
    return url


def _reset_schema_once(app, url: str) -> None:
    """Drop whatever a previous run left, then build the schema with the migrations, once per session."""
    if url in _migrated:
        return
    from flask_migrate import upgrade

    from siru_exchange.extensions import db

    with app.app_context():
        with db.engine.begin() as conn:
            if db.engine.dialect.name == "postgresql":
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
            else:
                db.metadata.drop_all(conn)
                conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()
    _migrated.add(url)


def _empty_tables(app) -> None:
    from siru_exchange.extensions import db

    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            postgres = db.engine.dialect.name == "postgresql"
            for table in reversed(db.metadata.sorted_tables):
                if postgres and table.info.get("append_only"):
                    # The audit log's trigger refuses DELETE; TRUNCATE fires no row trigger.
                    conn.execute(text(f'TRUNCATE "{table.name}"'))
                else:
                    conn.execute(table.delete())


class RequestIsolatedClient(FlaskClient):
    """Each request gets its own app context (its own `g` and database session), as on a real server,
    even while the test itself holds an app context to use the database."""

    def open(self, *args, **kwargs):
        token = _cv_app.set(None)
        try:
            return super().open(*args, **kwargs)
        finally:
            _cv_app.reset(token)


@pytest.fixture(params=BACKENDS)
def app(request, sqlite_url, tmp_path):
    from siru_exchange import create_app

    url = _database_url(request.param, sqlite_url)
    marker = request.node.get_closest_marker("config")  # @pytest.mark.config(RATELIMIT_ENABLED=True)
    app = create_app({
        **{k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()},
        "SQLALCHEMY_DATABASE_URI": url,
        "MAIL_OUTBOX": str(tmp_path / "outbox"),
        **(marker.kwargs if marker else {}),
    })
    app.test_client_class = RequestIsolatedClient
    _reset_schema_once(app, url)
    _empty_tables(app)
    with app.app_context():
        yield app
    _empty_tables(app)


@pytest.fixture
def db(app):
    from siru_exchange.extensions import db

    return db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email, password="correct horse battery"):
        return self._client.post("/auth/login", data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/auth/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def factory(db):
    from tests import factories

    return factories.Factory(db)
