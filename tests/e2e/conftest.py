"""End-to-end fixtures: the real app behind a real HTTP server, driven by Debian's Chromium.

- The schema is built once per session by the Flask-Migrate migrations into a template SQLite file;
  each test gets its own copy of that file (a fresh database) and its own server on a free port of
  127.0.0.1, with CSRF protection on, as in production.
- The browser is Debian's `chromium` (`/usr/bin/chromium`, or SIRU_CHROMIUM), launched headless with
  Playwright; `playwright install` is never needed. A missing browser fails the run with the command that
  installs it (`.ci/run` does that on CI).
- `steps.shot(page, "name")` records a screenshot of a step; when a test fails, its steps and a final
  screenshot of every open page are written to `test-artifacts/<test>/`.
"""
from __future__ import annotations

import logging
import os
import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from config import TestConfig
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("SIRU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
]
PASSWORD = factories.PASSWORD

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _config(db_path: Path, tmp_path: Path) -> dict:
    return {
        **{k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()},
        "TESTING": False,
        "WTF_CSRF_ENABLED": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
        "MAIL_OUTBOX": str(tmp_path / "outbox"),
        "RATELIMIT_ENABLED": False,
    }


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory) -> Path:
    """A SQLite file with the schema built by the migrations, copied for each test."""
    from flask_migrate import upgrade

    from siru_exchange import create_app
    from siru_exchange.extensions import db

    tmp = tmp_path_factory.mktemp("e2e-template")
    path = tmp / "template.sqlite3"
    app = create_app(_config(path, tmp))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return path


class LiveServer:
    """The app served by werkzeug in a thread; `url(path)` gives an absolute address."""

    def __init__(self, app):
        from werkzeug.serving import make_server

        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.base_url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="e2e-server", daemon=True)

    def start(self) -> LiveServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)
        self._server.server_close()

    def url(self, path: str = "/") -> str:
        return self.base_url + path


@pytest.fixture
def live_server(migrated_db, tmp_path):
    from siru_exchange import create_app
    from siru_exchange.extensions import db

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    db_path = tmp_path / "siru.sqlite3"
    shutil.copyfile(migrated_db, db_path)
    app = create_app(_config(db_path, tmp_path))
    server = LiveServer(app).start()
    yield server
    server.stop()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@dataclass(frozen=True)
class Account:
    id: int
    email: str
    name: str
    organisation_id: int | None
    language: str
    password: str = PASSWORD


@dataclass(frozen=True)
class Ref:
    id: int
    name: str
    public_id: str | None = None  # a listing's id in URLs and the API


class Seed:
    """Create data in the live server's database through the models and services (one short app context
    per call), returning plain values that stay usable after the context is gone."""

    def __init__(self, app):
        from siru_exchange.extensions import db

        self.app = app
        with app.app_context():
            self._factory = factories.Factory(db)

    def organisation(self, **kw) -> Ref:
        with self.app.app_context():
            org = self._factory.organisation(**kw)
            return Ref(org.id, org.name)

    def user(self, organisation: Ref | None = None, role: str = "member", **kw) -> Account:
        from siru_exchange.extensions import db
        from siru_exchange.models import Organisation

        with self.app.app_context():
            org = db.session.get(Organisation, organisation.id) if organisation else None
            user = self._factory.user(organisation=org, role=role, **kw)
            return Account(user.id, user.email, user.name, user.organisation_id, user.language)

    def listing(self, organisation: Ref, recompute: bool = True, **kw) -> Ref:
        """A listing of `organisation`; its suggestions are computed as when it is posted on the site."""
        from siru_exchange.extensions import db
        from siru_exchange.models import Organisation
        from siru_exchange.services import matching

        with self.app.app_context():
            listing = self._factory.listing(organisation=db.session.get(Organisation, organisation.id), **kw)
            if recompute:
                matching.recompute_for_listing(listing)
            return Ref(listing.id, listing.title, listing.public_id)

    def link_in_mail(self, address: str, path: str) -> str:
        """The path of the link to `path` in the latest email to `address` in the outbox."""
        import email
        from email import policy

        folder = Path(self.app.config["MAIL_OUTBOX"])
        for eml in sorted(folder.glob("*.eml"), reverse=True):
            message = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
            if address in str(message["To"]):
                body = message.get_body().get_content()
                found = re.search(rf"https?://[^/\s]+({re.escape(path)}\S+)", body)
                if found:
                    return found.group(1)
        raise AssertionError(f"no email to {address} with a link to {path}")

    def recompute_all(self) -> None:
        from siru_exchange.services import matching

        with self.app.app_context():
            matching.recompute_all()


@pytest.fixture
def seed(live_server) -> Seed:
    return Seed(live_server.app)


# -- the browser ---------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's browser with "
                    "`apt-get install -y --no-install-recommends chromium` (.ci/run does this).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Steps:
    """Screenshots of the steps of a journey, written out only when the test fails."""

    def __init__(self):
        self.shots: list[tuple[str, bytes]] = []

    def shot(self, page, name: str) -> None:
        try:
            self.shots.append((name, page.screenshot(full_page=True)))
        except Exception:  # a screenshot must never be the reason a test fails
            pass


@pytest.fixture
def steps() -> Steps:
    return Steps()


def _safe_name(text: str) -> str:
    return re.sub(r"[^\w.-]+", "_", text).strip("_")


@pytest.fixture
def new_context(browser, live_server, request, steps):
    """Make browser contexts (one per person) on the live server; closed, and on failure photographed,
    after the test. Keyword arguments go to `browser.new_context`."""
    contexts = []

    def make(**kw):
        options = {"base_url": live_server.base_url, "viewport": DESKTOP, "locale": "sv-SE",
                   "timezone_id": "Europe/Stockholm", **kw}
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        folder = ARTIFACTS / _safe_name(request.node.nodeid)
        folder.mkdir(parents=True, exist_ok=True)
        for n, (name, png) in enumerate(steps.shots, 1):
            (folder / f"{n:02d}-{_safe_name(name)}.png").write_bytes(png)
        for c, context in enumerate(contexts, 1):
            for p, page in enumerate(context.pages, 1):
                try:
                    page.screenshot(path=str(folder / f"final-context{c}-page{p}.png"), full_page=True)
                    (folder / f"final-context{c}-page{p}.html").write_text(page.content())
                except Exception:
                    pass
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """One person's page on the live server (desktop size)."""
    return new_context().new_page()


@dataclass(frozen=True)
class World:
    """A small region: the member's firm with an offer that has suggested partners, and others."""

    member: Account
    firm: Ref
    offer: Ref
    need: Ref
    other_firm: Ref


def populate(seed: Seed, lang: str = "sv") -> World:
    firm = seed.organisation(name="Snickeriet i Huskvarna AB", municipality="0680",
                             description="Möbler och inredning i massivt trä sedan 1962.")
    member = seed.user(firm, name="Sara Snickare", language=lang)
    heat = seed.organisation(name="Vaggeryds Värmeverk AB", municipality="0665")
    foundry = seed.organisation(name="Gjuteriet i Tranås AB", municipality="0687")
    cafe = seed.organisation(name="Kafé Kretslopp", municipality="0686", size="micro")
    need = seed.listing(heat, recompute=False, kind="need", title="Bränsle till pannan",
                        description="Vår panna värmer verkstaden; vi behöver mer bränsle varje vecka.",
                        frequency="weekly", terms="negotiable")
    seed.listing(foundry, recompute=False, kind="offer", title="Spillvärme från ugnarna",
                 description="Vattenburen värme, cirka 300 MWh per år.", quantity=300, unit="MWh",
                 frequency="continuous", terms="negotiable")
    seed.listing(cafe, recompute=False, kind="need", title="Lastpallar till uteserveringen",
                 description="Vi bygger möbler av gamla pallar.", quantity=20, unit="pallet",
                 frequency="once")
    seed.listing(foundry, recompute=False, kind="need", title="Praktikplats för svetsare",
                 description="Vi tar emot två praktikanter i höst.", frequency="yearly", visibility="members")
    offer = seed.listing(firm, recompute=False, kind="offer", title="Kutterspån",
                         description="Torr kutterspån från hyvlingen, i storsäck.", quantity="1234.5",
                         unit="kg", frequency="weekly", terms="free")
    seed.listing(firm, recompute=False, kind="offer", title="Träspill och kapbitar",
                 description="Bitar av ek och björk, bra till pallar och småmöbler.", frequency="monthly")
    seed.recompute_all()
    return World(member=member, firm=firm, offer=offer, need=need, other_firm=heat)


@pytest.fixture
def world(seed) -> World:
    return populate(seed)
