# Zhenwei: `make demo` and `make test` are all a newcomer needs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2

.PHONY: demo install install-dev migrate serve test test-pg test-e2e lint format messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

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

test: install-dev
	$(BIN)/zhenwei makemigrations --check --dry-run > /dev/null || (echo "models changed without a migration"; exit 1)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-pg: install-dev
	ZHENWEI_DATABASE_URL=$${ZHENWEI_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/python -m pytest $(PYTEST_ARGS)

test-e2e: install-dev
	$(BIN)/python -m pytest -m e2e tests/e2e $(PYTEST_ARGS)

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
