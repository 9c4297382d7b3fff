# DevZone — the two commands are `make demo` and `make test`; both start with `make install`.
SHELL := /bin/bash
PY := .venv/bin/python
DEVZONE := .venv/bin/devzone
# What a server needs (PDFs: Pango for WeasyPrint, CJK fonts; gettext for the catalogs; openssl), and what the
# browser tests add (Debian's Chromium, as its headless shell: the browser without a window, the one Playwright
# itself runs headless; the full `chromium` package costs the browser tests about 75 % more CPU).
RUNTIME_DEBIAN_PACKAGES := fonts-noto-cjk gettext openssl libpango-1.0-0 libpangoft2-1.0-0
DEBIAN_PACKAGES := chromium-headless-shell $(RUNTIME_DEBIAN_PACKAGES)
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest keeps the test modules it rewrites for its assertion messages (__pycache__/*-pytest-*.pyc) unless
# PYTHONDONTWRITEBYTECODE is set; set, each worker rewrote all ~590 of them on every run (5–6 CPU seconds each)
PYTEST := env -u PYTHONDONTWRITEBYTECODE .venv/bin/pytest

.PHONY: install runtime debian python npm messages bytecode demo serve test screenshots lint bench surge loadtest clean lock

## install: everything DevZone needs, into the project (idempotent)
install: debian python npm

debian:
	@bash scripts/install-debian.sh $(DEBIAN_PACKAGES)

## runtime: a server's install (docs/operations.md) — the runtime packages only: no test, lint or browser
## packages, no npm devDependencies; compiled catalogs and collected static files
runtime:
	@bash scripts/install-debian.sh $(RUNTIME_DEBIAN_PACKAGES)
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements/runtime.txt
	$(PY) -m pip install --quiet --no-deps -e .  # runs from the checkout: templates, static files, catalogs
	npm ci --omit=dev --no-audit --no-fund --loglevel=error
	cd devzone && ../$(DEVZONE) compilemessages --verbosity 0
	$(DEVZONE) collectstatic --noinput --verbosity 0

# Runtime and test packages, pinned with hashes (requirements/*.txt, compiled by `make lock`). A production
# install takes only requirements/runtime.txt (docs/operations.md).
python: .venv/.stamp-python
.venv/.stamp-python: requirements/runtime.txt requirements/dev.txt pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements/runtime.txt -r requirements/dev.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

## lock: recompile requirements/*.txt from requirements/*.in (pip-tools in its own venv; upgrade with ARGS=--upgrade)
lock:
	test -x .venv-tools/bin/pip-compile || (python3 -m venv .venv-tools && .venv-tools/bin/pip install --quiet pip-tools)
	cd requirements && ../.venv-tools/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-header $(ARGS) runtime.in -o runtime.txt
	cd requirements && ../.venv-tools/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-header $(ARGS) dev.in -o dev.txt

npm: node_modules/.stamp-npm
node_modules/.stamp-npm: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## bytecode: compile the project's modules ahead (only those changed since): every process the suite starts
## (workers, devzone commands, gunicorn) then reads them instead of compiling ~800 modules from source, about
## 0.8 s each where PYTHONDONTWRITEBYTECODE is set (Python then never writes what it compiles)
bytecode: .venv/.stamp-python
	$(PY) -m compileall -q -j 0 devzone

## messages: compile the translation catalogs (devzone/locale/*/LC_MESSAGES/*.mo, build output)
messages: debian .venv/.stamp-python
	cd devzone && ../$(DEVZONE) compilemessages --verbosity 0

## demo: migrate the embedded SQLite database, load the demo zone and serve it at http://$(HOST):$(PORT)
# Certificates issued by the demo carry this address in their QR code (docs/approvals.md).
export DEVZONE_PUBLIC_URL ?= http://$(HOST):$(PORT)
# The demo's subscriber (数据交换) delivers to DevZone's own test receiver (docs/integration.md).
export DEVZONE_EXCHANGE_SANDBOX ?= 1
# The demo has no SMS gateway: candidates' phone codes are written to var/sms.log (docs/personnel.md, "Phone codes").
export DEVZONE_SMS_BACKEND ?= file
demo: install messages bytecode
	$(DEVZONE) migrate --noinput
	$(DEVZONE) demo
	$(DEVZONE) collectstatic --noinput --verbosity 0
	$(DEVZONE) serve --host $(HOST) --port $(PORT)

## test: lint, then the whole suite (unit, integration, browser)
# No collectstatic: the tests and their live server take static files from the finders (WHITENOISE_USE_FINDERS),
# or from staticfiles/ only where a file is unchanged since it was collected (core.staticfiles).
test: install lint messages bytecode
	$(PYTEST) -n 2 --dist loadgroup $(PYTEST_ARGS)

## screenshots: the browser tests again, taking their pictures (screenshots/, gitignored); DOCS=1 also refreshes
## the ones the docs show (docs/screenshots/)
screenshots: install messages
	DEVZONE_SCREENSHOTS=1 $(if $(DOCS),DEVZONE_DOCS_SCREENSHOTS=1) $(PYTEST) -n 2 --dist loadgroup -m browser $(PYTEST_ARGS)

lint: python
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	$(DEVZONE) makemigrations --check --dry-run

## bench: the performance figures quoted in the issues (see docs/benchmark.md)
bench: install
	$(DEVZONE) bench $(BENCH_ARGS)

## surge: the recruitment deadline surge against gunicorn on 127.0.0.1 (docs/benchmark.md), SURGE_ARGS="--applicants 3000"
surge: install
	$(DEVZONE) personnel_surge $(SURGE_ARGS)

## loadtest: mixed traffic against gunicorn on 127.0.0.1 (docs/benchmark.md), LOADTEST_ARGS="--requests 2000"
loadtest: install
	$(DEVZONE) loadtest $(LOADTEST_ARGS)

clean:
	rm -rf .venv .venv-tools node_modules staticfiles var
