# Talenta: the two commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
TALENTA := $(BIN)/talenta
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev
VENDOR := src/talenta/core/static/vendor
HOST ?= 127.0.0.1
PORT ?= 8000
# A local demo over plain HTTP: secure cookies and HTTPS redirects stay on in production (see settings.py).
RUN_ENV := HTTPS=false
DEMO_SIZE ?= 12000
DEMO_SEED ?= 2026

.PHONY: run dev serve setup install install-dev static messages test test-fast check fmt ci-setup clean demo

run: setup ## install, migrate, load reference data and the demo province, then serve (gunicorn + worker)
	@$(RUN_ENV) $(TALENTA) serve --host $(HOST) --port $(PORT)

# Django's development server and the worker (as `make run` did before issue #16), for debugging.
dev: setup
	@$(RUN_ENV) $(BIN)/python scripts/dev_serve.py --host $(HOST) --port $(PORT)

setup: install static messages
	@$(RUN_ENV) $(TALENTA) migrate --no-input -v 0
	@$(RUN_ENV) $(TALENTA) load-reference
	@$(RUN_ENV) $(TALENTA) demo --if-empty --size $(DEMO_SIZE) --seed $(DEMO_SEED)
	@$(RUN_ENV) $(TALENTA) collectstatic-if-changed --no-input -v 0

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	@touch $@

$(STAMP_DEV): pyproject.toml $(STAMP_RUN)
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

install: $(STAMP_RUN)
install-dev: $(STAMP_DEV)

# Front-end libraries from npm, served from our own static files (never a CDN).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(VENDOR)/.stamp: node_modules/.package-lock.json scripts/vendor_static.sh
	bash scripts/vendor_static.sh
	@touch $@

static: $(VENDOR)/.stamp

messages: install
	@cd src/talenta && ../../$(TALENTA) compilemessages -v 0

test: install-dev static messages ## the whole suite on SQLite (browser tests included)
	@bash scripts/ensure_chromium.sh
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test-fast: install-dev static messages
	$(BIN)/python -m pytest -n 2 -m "not slow and not browser" $(PYTEST_ARGS)

check: install-dev
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/ruff check src tests benchmarks scripts
	$(TALENTA) makemigrations --check --dry-run
	cd src && ../$(BIN)/lint-imports --no-cache --config ../pyproject.toml

fmt: install-dev
	$(BIN)/ruff format src tests benchmarks scripts
	$(BIN)/ruff check --fix src tests benchmarks scripts

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
