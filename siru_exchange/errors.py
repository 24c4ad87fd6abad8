"""Error pages for people, JSON errors for API clients; a 500 rolls the session back."""
from datetime import timedelta

from flask import abort, current_app, jsonify, render_template, request
from flask_babel import format_decimal, format_timedelta
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge, SecurityError, TooManyRequests

from .extensions import db


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def error_response(status: int, message: str, fields: dict | None = None):
    body = {"error": message}
    if fields:
        body["fields"] = fields
    return jsonify(body), status


def _has_nul(values) -> bool:
    return any("\x00" in value for value in values)


def init_app(app):
    @app.before_request
    def refuse_nul_characters():
        """A NUL character is never meaningful text, and PostgreSQL cannot store it: refuse it up front."""
        if _has_nul(request.args.values()) or _has_nul(request.form.values()) or "\x00" in request.path:
            abort(400)

    @app.errorhandler(SecurityError)
    def handle_untrusted_host(exc: SecurityError):
        """A Host header outside TRUSTED_HOSTS: no page can be built for it (every link would name that
        host), so a plain answer."""
        if wants_json():
            return error_response(400, "Unknown host")
        return "400 Bad Request: this site does not answer to that host name.", 400, {
            "Content-Type": "text/plain; charset=utf-8"}

    @app.errorhandler(TooManyRequests)
    def handle_too_many(exc: TooManyRequests):
        from .limits import retry_after_seconds

        seconds = retry_after_seconds()
        wait = format_timedelta(timedelta(seconds=seconds), threshold=1.1)
        if wants_json():
            response, status = error_response(
                429, _("Too many attempts. Please wait %(wait)s and try again.", wait=wait))
        else:
            response, status = render_template("errors/429.html", wait=wait), 429
        return response, status, {"Retry-After": str(seconds)}

    @app.errorhandler(RequestEntityTooLarge)
    def handle_too_large(exc: RequestEntityTooLarge):
        limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
        size = _("%(n)s MB", n=format_decimal(round(limit / 1024 / 1024, 1)))
        if wants_json():
            return error_response(413, _("The request is larger than %(size)s.", size=size))
        return render_template("errors/413.html", size=size), 413

    @app.errorhandler(HTTPException)
    def handle_http(exc: HTTPException):
        if wants_json():
            return error_response(exc.code or 500, exc.name)
        template = "errors/404.html" if exc.code == 404 else "errors/generic.html"
        return render_template(template, error=exc), exc.code

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        db.session.rollback()
        app.logger.exception("Unhandled error on %s", request.path)
        if wants_json():
            return error_response(500, "Internal server error")
        return render_template("errors/500.html"), 500
