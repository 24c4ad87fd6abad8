"""What a web process loads before it serves its first request (wsgi.py), so that the first user
of each gunicorn worker does not wait for it: the text reader's word lists (matching.warm_reader,
1-3 s) and the number formats of each language (Babel's locale data, about 0.35 s, read by the
listing form's validation). Nothing here touches the database."""
from babel import Locale
from flask import current_app

from . import matching


def warm_web() -> None:
    """Load the lazily read data a request would otherwise load; in an application context."""
    matching.warm_reader()
    for language in current_app.config.get("LANGUAGES", ("sv", "en")):
        locale = Locale.parse(language)
        locale.decimal_formats, locale.number_symbols  # noqa: B018 (read to load the locale data)
