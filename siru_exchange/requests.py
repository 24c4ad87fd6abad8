"""What the app accepts from a request before any view sees it: JSON text and integer path ids.

Both are app-wide, so no route can forget them: every `<int:...>` segment goes through
`BoundedIntConverter`, and every `request.get_json()` through `SafeJSONProvider.loads`.
"""
from __future__ import annotations

import json

from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _
from werkzeug.routing import BaseConverter, IntegerConverter

# PostgreSQL's `integer` (the type of every id column) holds at most 2^31 - 1; a larger id in a URL
# would raise "integer out of range" in the query. Such an id names nothing: the route answers 404.
MAX_ID = 2**31 - 1
MAX_JSON_DEPTH = 32


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` for ids: 0 .. 2^31 - 1; anything larger does not match the route (404)."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002 - werkzeug's names
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class UnsafeJSON(ValueError):
    """JSON that parses but that no field may hold (a NUL, a lone surrogate) or that nests too deep."""


def _depth_exceeds(text: str, limit: int) -> bool:
    """True when brackets outside strings nest deeper than `limit` (checked before parsing, since the
    parser itself recurses and would raise RecursionError on 100,000 levels)."""
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _check_text(value: str) -> None:
    if "\x00" in value:
        raise UnsafeJSON(_("Text may not contain a NUL character (\\u0000)."))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise UnsafeJSON(_("Text may not contain a lone surrogate (like \\ud800).")) from None


def _check_values(value) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            _check_text(item)
        elif isinstance(item, dict):
            for key, inner in item.items():
                _check_text(key)
                stack.append(inner)
        elif isinstance(item, list):
            stack.extend(item)


class SafeJSONProvider(DefaultJSONProvider):
    """Flask's JSON, reading only what the app can store: at most MAX_JSON_DEPTH levels, and strings
    without NUL characters (PostgreSQL cannot store them) or lone surrogates (not encodable as UTF-8).
    A refusal is a ValueError, which `request.get_json()` turns into 400 Bad Request."""

    def loads(self, s, **kwargs):
        if isinstance(s, (bytes, bytearray)):
            try:
                s = s.decode("utf-8")
            except UnicodeDecodeError:
                raise UnsafeJSON(_("The request body is not UTF-8 text.")) from None
        if _depth_exceeds(s, MAX_JSON_DEPTH):
            raise UnsafeJSON(_("JSON may nest at most %(n)d levels deep.", n=MAX_JSON_DEPTH))
        try:
            value = json.loads(s, **kwargs)
        except RecursionError:
            raise UnsafeJSON(_("JSON may nest at most %(n)d levels deep.", n=MAX_JSON_DEPTH)) from None
        _check_values(value)
        return value


class ListingConverter(BaseConverter):
    """`<listing:name>`: a listing's public id (never its sequential internal id). The view gets the
    string; `url_for(..., name=listing)` takes the Listing itself (or its public id), and refuses an
    integer, so a forgotten `listing.id` fails loudly instead of leaking the internal id."""

    regex = r"[A-Za-z0-9_-]{8,24}"

    def to_url(self, value) -> str:
        if isinstance(value, str):
            return value
        key = getattr(value, "url_key", None)
        if not isinstance(key, str):
            raise TypeError(f"a listing URL takes the Listing or its public id, not {value!r}")
        return key


def init_app(app) -> None:
    """Install both; call before blueprints are registered, so every rule uses the bounded converter."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.url_map.converters["listing"] = ListingConverter
    app.json_provider_class = SafeJSONProvider
    app.json = SafeJSONProvider(app)
