# The IDM Portal: `make run` serves the demo, `make test` runs the whole suite.
# Nothing but Python 3.11 is needed; WeasyPrint's system libraries (pango) are checked below.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: run test test-tools install messages migrate demo lint format bench-pdf bench-registrations clean system-deps backup restore bench-load

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) system-deps

# WeasyPrint needs pango at run time, and the PDFs DejaVu Serif with its italic: install them
# with apt when they are missing and we may (without apt, missing fonts are only a warning).
APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-dejavu-extra
system-deps: $(STAMP)
	@if ! $(PY) -c "import weasyprint" 2>/dev/null \
	  || { ! fc-list 2>/dev/null | grep -q DejaVuSerif-Italic && command -v apt-get >/dev/null; }; then \
	  echo "WeasyPrint's system libraries or fonts are missing: installing them with apt-get."; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $(APT_PACKAGES); \
	  else sudo apt-get install -y $(APT_PACKAGES); fi; \
	elif ! fc-list 2>/dev/null | grep -q DejaVuSerif-Italic; then \
	  echo "Warning: DejaVu Serif (with italic) is not installed: PDFs will use another font."; \
	fi

messages: $(STAMP)
	$(PY) manage.py compiletranslations

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

# `make run PORT=8102` serves on another port; links in e-mails and letters then point there
# too, unless PORTAL_BASE_URL says otherwise.
PORT ?= 8000
run: install messages demo
	@echo "Serving the IDM Portal on http://127.0.0.1:$(PORT) (SQLite, Celery eager, e-mail to the console)"
	@echo "Links in e-mails and letters use $${PORTAL_BASE_URL:-http://127.0.0.1:$(PORT)} (PORTAL_BASE_URL)"
	PORTAL_BASE_URL=$${PORTAL_BASE_URL:-http://127.0.0.1:$(PORT)} $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install messages test-tools
	$(PY) -m pytest $(PYTEST_ARGS)

# Tools the tests run but the portal never serves (package.json: the W3C HTML checker, axe-core). Without
# npm they are left out and the tests that need them say why they are skipped.
test-tools: node_modules/.installed-stamp
node_modules/.installed-stamp: package.json package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm is missing: the HTML validity test and the e2e journeys will be skipped."; fi

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Benchmarks (README, "Benchmarks"): never part of `make test`.
bench-pdf: install messages
	$(PY) bench/pdf.py --repeat 5

# Needs PostgreSQL and Redis on 127.0.0.1 (recreates the idm_bench database).
bench-registrations: install messages
	$(PY) bench/registrations.py

# Backups (README, "Backups"): the database (pg_dump's custom format, or the SQLite file) and the
# media files into a new dated folder under BACKUP_DIR. PostgreSQL needs pg_dump/pg_restore of
# the server's major version (Debian: postgresql-client).
BACKUP_DIR ?= backups
backup: $(STAMP)
	$(PY) manage.py backup --dir "$(BACKUP_DIR)"

# Restore writes only to the targets named, and refuses (saying what each would overwrite)
# without one:  make restore FROM=backups/<date> TARGET_DB=idm TARGET_MEDIA=/app/media
FROM ?=
TARGET_DB ?=
TARGET_MEDIA ?=
restore: $(STAMP)
	$(PY) manage.py restore "$(FROM)" --database "$(TARGET_DB)" --media "$(TARGET_MEDIA)"

# The whole delegate journey, 200 at once, with a real Celery worker (recreates idm_bench_load).
bench-load: install messages
	$(PY) bench/load.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache node_modules
