"""SIRU Exchange: circular and social collaborations between SMEs in Jönköping county."""
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config=None) -> Flask:
    """Build the application. `config` is a config class or a mapping of overrides (tests)."""
    import config as config_module

    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(config_module.INSTANCE_DIR),
        instance_relative_config=True,
    )
    if config is None or isinstance(config, dict):
        app.config.from_object(config_module.config_from_env())
        if isinstance(config, dict):
            app.config.from_mapping(config)
    else:
        app.config.from_object(config)
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY must be set in production (see README: Configuration).")
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    check_production_config(app)
    register_request_parsing(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_template_helpers(app)
    return app


def check_production_config(app: Flask) -> None:
    """Refuse to start in production without what production needs, instead of degrading silently."""
    if app.config.get("REQUIRE_MAIL_SERVER") and not app.config.get("MAIL_SERVER"):
        raise RuntimeError(
            "SIRU_MAIL_SERVER must be set in production: without a mail server, emails would be written "
            "to instance/outbox and never reach anyone (see README: Configuration)."
        )
    site_url = app.config.get("SITE_URL")
    if site_url:
        parts = urlsplit(site_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise RuntimeError(
                f"SITE_URL must be an http(s) address like https://exchange.example.se, not {site_url!r}."
            )
        if app.config.get("REQUIRE_SITE_URL") and not app.config.get("TRUSTED_HOSTS"):
            app.config["TRUSTED_HOSTS"] = [parts.hostname]
    elif app.config.get("REQUIRE_SITE_URL"):
        raise RuntimeError(
            "SITE_URL must be set in production (like https://exchange.example.se): links in emails are "
            "built on it, never on the Host header a request brings (see README: Configuration)."
        )


def register_request_parsing(app: Flask) -> None:
    from .requests import init_app

    init_app(app)


def register_extensions(app: Flask) -> None:
    from . import headers, i18n, limits, sessions
    from .extensions import babel, csrf, db, login_manager, mail, migrate
    from .services import audit  # noqa: F401  (registers the audit log's append-only guard)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    mail.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=lambda: "Europe/Stockholm")
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    sessions.init_app(app, login_manager)
    limits.init_app(app)
    headers.init_app(app)
    from flask_babel import lazy_gettext

    login_manager.login_message = lazy_gettext("Please log in to see this page.")


def register_blueprints(app: Flask) -> None:
    from .blueprints.api import bp as api_bp
    from .blueprints.auth import bp as auth_bp
    from .blueprints.listings import bp as listings_bp
    from .blueprints.main import bp as main_bp
    from .blueprints.matches import bp as matches_bp
    from .blueprints.organisations import bp as organisations_bp

    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(listings_bp, url_prefix="/listings")
    app.register_blueprint(organisations_bp, url_prefix="/organisations")
    app.register_blueprint(matches_bp, url_prefix="/suggestions")

    from .blueprints.broker import bp as broker_bp
    from .blueprints.exchanges import bp as exchanges_bp
    from .blueprints.impact import bp as impact_bp
    from .blueprints.introductions import bp as introductions_bp
    from .blueprints.notifications import bp as notifications_bp

    app.register_blueprint(introductions_bp, url_prefix="/introductions")
    app.register_blueprint(broker_bp, url_prefix="/broker")
    app.register_blueprint(exchanges_bp, url_prefix="/exchanges")
    app.register_blueprint(notifications_bp, url_prefix="/notifications")
    app.register_blueprint(impact_bp, url_prefix="/impact")

    from .blueprints.admin import bp as admin_bp
    from .blueprints.privacy import bp as privacy_bp
    from .blueprints.survey import bp as survey_bp

    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(privacy_bp, url_prefix="/privacy")
    app.register_blueprint(survey_bp, url_prefix="/survey")

    from .blueprints.research import bp as research_bp

    app.register_blueprint(research_bp, url_prefix="/research")


def register_errorhandlers(app: Flask) -> None:
    from .errors import init_app

    init_app(app)


def register_commands(app: Flask) -> None:
    from .cli import init_app

    init_app(app)


def register_template_helpers(app: Flask) -> None:
    from .templating import init_app

    init_app(app)
