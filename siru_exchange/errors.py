"""Error pages for people, JSON errors for API clients; a 500 rolls the session back."""
from flask import abort, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

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
