# The two commands of the README: `make run` and `make test`. Everything else is a step.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# The portal's address in every e-mail's links: where `make run` serves it, unless given
# (SITE_URL=https://… in the environment or on the command line, e.g. behind a proxy).
SITE_URL ?= http://$(HOST):$(PORT)
# Where the demo's live session stands today (load_demo --phase), and how many candidates
# the 2021 history and the live session hold (load_demo's own defaults are 300 and 150, which
# take minutes on 2 cores: `make run DEMO_HISTORY=300 DEMO_CANDIDATES=150` for the full demo).
PHASE ?= submissions
DEMO_HISTORY ?= 60
DEMO_CANDIDATES ?= 40
# Two workers on a 2-core machine; override with PYTEST_ARGS="..."
PYTEST_ARGS ?= -n 2 -q

.PHONY: run test setup venv deps test-deps assets system-deps runtime-deps migrate demo serve check lint messages screenshots tour clean

## run: set up everything, load the 2021 session, serve on http://127.0.0.1:8000 with a Celery worker and beat
run: setup demo serve

## test: install what the tests need (system packages too), then run the quality gates and the whole suite
test: system-deps test-deps assets
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	bash scripts/check-deploy.sh
	$(PY) -m pytest $(PYTEST_ARGS)

setup: runtime-deps deps assets migrate

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.deps: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install --quiet .
	touch $@

$(VENV)/.test-deps: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install --quiet ".[test]"
	touch $(VENV)/.deps $@

deps: $(VENV)/.deps
test-deps: $(VENV)/.test-deps

# Bootstrap and axe-core come from the npm registry and are served by the portal itself.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/vendor/bootstrap/bootstrap.min.css: node_modules/.package-lock.json
	mkdir -p static/vendor/bootstrap
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map static/vendor/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map static/vendor/bootstrap/

assets: static/vendor/bootstrap/bootstrap.min.css

system-deps:
	bash scripts/install-system-deps.sh

# What the running portal needs from the system: Pango (PDFs) and ffmpeg (video interviews).
runtime-deps:
	bash scripts/install-system-deps.sh --runtime

migrate: deps
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0

demo: migrate
	$(PY) manage.py load_demo --phase $(PHASE) --history $(DEMO_HISTORY) --candidates $(DEMO_CANDIDATES)

serve:
	SITE_URL=$(SITE_URL) bash scripts/serve.sh $(HOST) $(PORT)

lint:
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m ruff format --check . || true

# One catalogue per language, locale/<lang>/LC_MESSAGES/django.po, extracted from every app's
# Python and templates (core/management/commands/makemessages.py says what is ignored), then
# compiled; the .mo files are committed. Idempotent: nothing changes when no string did.
# Lists the French entries still to translate (needs gettext: msgmerge, msgfmt, msgattrib).
messages:
	$(PY) manage.py makemessages -l fr -l en
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules
	@msgattrib --untranslated --no-obsolete locale/fr/LC_MESSAGES/django.po | grep -c '^msgid' \
	  | awk '{ n = $$1 > 0 ? $$1 - 1 : 0; print n " French entr" (n == 1 ? "y" : "ies") " to translate in locale/fr/LC_MESSAGES/django.po" }'

## screenshots: the pages of docs/screenshots/ photographed anew from the current code (Chromium)
screenshots: test-deps assets
	SCREENSHOTS_DIR=docs/screenshots/after $(PY) -m pytest -q -p no:randomly tests/browser/test_screenshots.py

## tour: the README's tour, docs/tour/*.png: each demo account's landing page photographed on the demo (Chromium)
tour: test-deps assets
	TOUR_DIR=docs/tour $(PY) -m pytest -q -p no:randomly tests/browser/test_tour.py

clean:
	rm -rf $(VENV) node_modules static/vendor var db.sqlite3*
