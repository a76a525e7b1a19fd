# Laksa: `make run` serves the whole service on one machine; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
WEB_WORKERS ?= 2
PIP := $(BIN)/pip --disable-pip-version-check -q

.PHONY: install run test test-pg test-travelled lint translations lock bench

# The venv is rebuilt only when the lock file or the project's metadata changes.
$(VENV)/.stamp: requirements/lock.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Laksa needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements/lock.txt
	$(PIP) install --no-deps -e .
	@touch $@

install: $(VENV)/.stamp

# `make run` is development mode (laksa/lib/production.py): its own random key in var/secret_key.
run: export LAKSA_DEV := 1
run: install
	@mkdir -p var
	$(BIN)/laksa migrate --noinput -v0
	$(BIN)/laksa load-demo --if-empty
	@echo "Laksa on http://$(HOST):$(PORT)/  (nginx, gunicorn, uvicorn and the worker under supervisord; Ctrl-C stops them all)"
	@HOST=$(HOST) PORT=$(PORT) WEB_WORKERS=$(WEB_WORKERS) scripts/serve

test: install
	$(BIN)/pytest -q -p xdist -n 2 $(PYTEST_ARGS)

test-pg: install
	LAKSA_DATABASE_URL=$${LAKSA_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} \
	  $(BIN)/pytest -q -p xdist -n 2 $(PYTEST_ARGS)

# The whole suite again at another moment (STYLE.md 16): Independence Day, at night, more than a
# year ahead. A test that silently depends on the real date, weekday or hour fails here.
TEST_NOW ?= 2027-08-17T22:30+07:00
test-travelled: install
	LAKSA_TEST_NOW=$(TEST_NOW) $(BIN)/pytest -q -p xdist -n 2 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy laksa
	$(BIN)/lint-imports --no-cache
	$(BIN)/laksa check --fail-level WARNING
	$(BIN)/laksa makemigrations --check --dry-run
	$(MAKE) translations

# Indonesian is the source language; English must be complete. Refreshes the catalogue, refuses
# untranslated or fuzzy strings, and compiles the .mo that `make run` serves.
PO := locale/en/LC_MESSAGES/django.po
translations: install
	cd laksa && ../$(BIN)/django-admin makemessages -l en --no-obsolete --ignore "migrations/*" -v0
	@cd laksa && missing=$$( (msgattrib --untranslated $(PO); msgattrib --only-fuzzy $(PO)) \
	  | grep -c '^msgid "[^"]'); \
	  if [ "$$missing" != 0 ]; then \
	    echo "$$missing English strings are untranslated or fuzzy in laksa/$(PO)"; exit 1; fi
	cd laksa && msgfmt --check -o locale/en/LC_MESSAGES/django.mo $(PO)

# Re-pin every dependency (needs `pip install uv`); commit requirements/lock.txt afterwards.
lock:
	cd requirements && uv pip compile --python-version 3.11 -q dev.in -o lock.txt

bench: install
	$(BIN)/python -m bench
