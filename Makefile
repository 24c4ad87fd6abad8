# SIRU Exchange: `make run` serves the site with demo data; `make test` runs ruff and the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app siru_exchange
PORT ?= 5000
# The suite runs every integration test on SQLite and on this PostgreSQL (created when missing).
SIRU_TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/siru_test
export SIRU_TEST_DATABASE_URL

.PHONY: install browser run serve worker lint test test-fast test-e2e eval bench translations clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

run: install
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# Production-style serving with gunicorn (set SIRU_ENV=production, SECRET_KEY and SIRU_MAIL_SERVER).
serve: install
	$(FLASK) db upgrade
	$(VENV)/bin/gunicorn --bind 127.0.0.1:$(PORT) --workers 2 wsgi:app

# A matching worker for the job queue (needs SIRU_REDIS_URL; run one or more beside `make serve`).
worker: install
	$(FLASK) worker

# Ruff with the configuration in pyproject.toml ([tool.ruff]).
lint: install
	$(VENV)/bin/ruff check .

test: install browser
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q

# Unit and integration tests on SQLite only, no browser: the quick loop while working.
test-fast: install
	SIRU_TEST_SKIP_POSTGRES=1 $(PY) -m pytest -q -m "not e2e" tests/unit tests/integration

# The browser tests drive Debian's chromium; install it when it is missing and we may (root with apt).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; \
	  else echo "The browser tests need Debian's chromium at /usr/bin/chromium: apt-get install chromium"; exit 1; fi; \
	fi

# Only the browser tests (Debian's chromium at /usr/bin/chromium; .ci/run installs it).
test-e2e: install
	$(PY) -m pytest -q -m e2e

eval: install
	$(PY) bench/eval_matching.py --set all

bench: install
	$(PY) bench/matching.py

# Re-extract the message catalogue and compile both languages after changing user-facing text.
translations: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o siru_exchange/translations/messages.pot .
	$(VENV)/bin/pybabel update -i siru_exchange/translations/messages.pot -d siru_exchange/translations --no-fuzzy-matching
	$(VENV)/bin/pybabel compile -d siru_exchange/translations

clean:
	rm -rf $(VENV) .pytest_cache
