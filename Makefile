# DevZone — the two commands are `make demo` and `make test`; both start with `make install`.
SHELL := /bin/bash
PY := .venv/bin/python
DEVZONE := .venv/bin/devzone
DEBIAN_PACKAGES := chromium fonts-noto-cjk gettext openssl libpango-1.0-0 libpangoft2-1.0-0
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install debian python npm messages demo serve test lint bench clean

## install: everything DevZone needs, into the project (idempotent)
install: debian python npm

debian:
	@bash scripts/install-debian.sh $(DEBIAN_PACKAGES)

python: .venv/.stamp-python
.venv/.stamp-python: requirements.lock pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

npm: node_modules/.stamp-npm
node_modules/.stamp-npm: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## messages: compile the translation catalogs (devzone/locale/*/LC_MESSAGES/*.mo, build output)
messages: debian .venv/.stamp-python
	cd devzone && ../$(DEVZONE) compilemessages --verbosity 0

## demo: migrate the embedded SQLite database, load the demo zone and serve it at http://$(HOST):$(PORT)
demo: install messages
	$(DEVZONE) migrate --noinput
	$(DEVZONE) demo
	$(DEVZONE) collectstatic --noinput --verbosity 0
	$(DEVZONE) serve --host $(HOST) --port $(PORT)

## test: lint, then the whole suite (unit, integration, browser)
test: install lint messages
	$(DEVZONE) collectstatic --noinput --verbosity 0
	.venv/bin/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: python
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	$(DEVZONE) makemigrations --check --dry-run

## bench: the performance figures quoted in the issues (see docs/benchmark.md)
bench: install
	$(DEVZONE) bench $(BENCH_ARGS)

clean:
	rm -rf .venv node_modules staticfiles var
