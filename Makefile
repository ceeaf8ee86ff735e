# Zhenwei: `make demo` and `make test` are all a newcomer needs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2

.PHONY: demo install install-dev fonts migrate serve test test-dates test-migrations test-pg test-e2e fuzz fuzz-api fuzz-pages properties faults load lint format messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

# The CJK font PDF exports embed is built here, once (20-60 s), not in the first export's request.
install: $(VENV)/.installed fonts
install-dev: $(VENV)/.installed-dev fonts

fonts: | $(VENV)/.installed
	$(BIN)/zhenwei fonts prepare

migrate: install
	$(BIN)/zhenwei migrate --noinput

demo: install
	$(BIN)/zhenwei migrate --noinput
	$(BIN)/zhenwei demo load
	$(BIN)/zhenwei collectstatic --noinput --verbosity 0
	@echo ""
	@echo "Zhenwei is starting at http://$(HOST):$(PORT)/  (staff site: http://$(HOST):$(PORT)/staff/, API: http://$(HOST):$(PORT)/api/v1/docs/)"
	$(BIN)/zhenwei demo logins
	$(BIN)/zhenwei serve --host $(HOST) --port $(PORT) --workers $(WORKERS) --with-worker

# The suite on TEST_WORKERS processes (pytest-xdist; "auto" is one per core, 0 runs in this process).
# Tests are handed out by xdist group (--dist loadgroup; conftest.py gives each test its group): a
# test file stays on one worker, so its module fixtures are built once, and the tests on the demo data
# share two groups, so each worker loads the demo at most once. xdist hands out the groups with the
# most tests first, so the last ones to finish are small. After a transaction=True test flushes a
# worker's database, conftest.py puts the migrated rows back. Each worker has its own test database
# (pytest-django adds the worker's name), key directory and counter file (settings/test.py).
# DURATIONS=40 lists the slowest tests and files.
TEST_WORKERS ?= auto
# Plugins the suite does not use, not loaded in every worker (schemathesis's is for fuzz/ only).
UNUSED_PLUGINS = -p no:schemathesis -p no:anyio
XDIST_ARGS = $(if $(filter 0,$(TEST_WORKERS)),-p no:xdist,-n $(TEST_WORKERS) --dist loadgroup) $(UNUSED_PLUGINS)
DURATION_ARGS = $(if $(DURATIONS),--durations=$(DURATIONS))

# The SQLite test database is made from the models and brought to what the migrations leave
# (zhenwei/core/tests/testdb.py; PostgreSQL runs every migration): `make test-migrations` (CI runs it)
# builds it both ways and compares tables, indexes, constraints and rows.
test: install-dev
	$(BIN)/zhenwei makemigrations --check --dry-run > /dev/null || (echo "models changed without a migration"; exit 1)
	$(BIN)/python -m pytest $(XDIST_ARGS) -m "not migrations" $(DURATION_ARGS) $(PYTEST_ARGS)

test-migrations: install-dev
	$(BIN)/python -m pytest -p no:xdist -m migrations tests/test_migrations_match_models.py $(PYTEST_ARGS)

# The tests marked `dates` again with the clock frozen (Asia/Shanghai) at a month-end and on New
# Year's Eve a minute before midnight, so the suite passes on any date, not only today's. CI runs it
# after `make test` (≈1.5 min per date: the demo loads and the crawl of the demo's pages are most of it).
TEST_DATES ?= 2027-01-31 2027-12-31T23:59
test-dates: install-dev
	@for at in $(TEST_DATES); do \
		echo "tests marked dates at $$at"; \
		ZHENWEI_TEST_TODAY=$$at $(BIN)/python -m pytest $(XDIST_ARGS) -m dates -p no:warnings $(PYTEST_ARGS) || exit 1; \
	done

test-pg: install-dev
	ZHENWEI_DATABASE_URL=$${ZHENWEI_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/python -m pytest $(XDIST_ARGS) -m "not migrations" $(DURATION_ARGS) $(PYTEST_ARGS)

# Browser tests: Debian's Chromium (Playwright's own browser download does not work here) and CJK fonts.
test-e2e: install-dev
	@test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk)
	$(BIN)/python -m pytest -m e2e tests/e2e $(PYTEST_ARGS)

# API fuzzing (fuzz/, which `make test` does not collect):
# schemathesis with every phase (examples, coverage, fuzzing with valid and invalid data, stateful
# sequences) over the whole schema, as an officer (token) and as the public; EXAMPLES per operation and
# phase (default 50; CI runs 5). Totals: test-artifacts/schemathesis.json.
fuzz-api: install-dev
	ZHENWEI_SCHEMATHESIS_EXAMPLES=$${EXAMPLES:-50} $(BIN)/python -m pytest -p no:xdist fuzz/test_schemathesis.py $(PYTEST_ARGS)

# Hostile input on every route (tests/test_no_server_errors.py) in full: path values and OPTIONS as the
# administrator as well as the officer, query parameters one name at a time too (`make test` runs the
# officer's walk and sends all of a route's names together, one request per hostile value).
fuzz-pages: install-dev
	ZHENWEI_HOSTILE=full $(BIN)/python -m pytest $(XDIST_ARGS) tests/test_no_server_errors.py $(PYTEST_ARGS)

fuzz: fuzz-api fuzz-pages

# The property tests (hypothesis) with their full example counts; `make test` runs them as a smoke with
# a twentieth, at least 5 each (ZHENWEI_PROPERTY_SCALE, default 0.05 there). SCALE=2 doubles the full run.
properties: install-dev
	ZHENWEI_PROPERTY_SCALE=$${SCALE:-1} $(BIN)/python -m pytest $(XDIST_ARGS) -m properties $(PYTEST_ARGS)

# Faults and load against real servers on PostgreSQL and Redis (docs/deploy.md): print JSON lines.
faults: install-dev
	$(BIN)/python bench/load_pg_restart.py
	$(BIN)/python bench/load_two_servers.py
	$(BIN)/python bench/load_import_kill.py

load: install-dev
	$(BIN)/python bench/load_verify.py

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install-dev
	$(BIN)/python scripts/compile_messages.py

clean:
	rm -rf $(VENV) var
