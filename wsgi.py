"""Entry point for gunicorn: `gunicorn wsgi:app`. What the first request would load lazily (the text
reader, the number formats) is loaded before the worker serves (with `--preload`, once in the master,
shared by the workers): services/warmup.py."""
from siru_exchange import create_app
from siru_exchange.services import warmup

app = create_app()
with app.app_context():
    warmup.warm_web()
