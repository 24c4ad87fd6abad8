"""Entry point for gunicorn: `gunicorn wsgi:app`. The text reader is loaded before the worker serves
its first request (with `--preload`, once in the master, shared by the workers)."""
from siru_exchange import create_app
from siru_exchange.services import matching

app = create_app()
with app.app_context():
    matching.warm_reader()
