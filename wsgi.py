"""Entry point for gunicorn: `gunicorn wsgi:app`."""
from siru_exchange import create_app

app = create_app()
