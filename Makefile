# ieum: `make run` serves the demo, `make test` checks everything. Python 3.11 and Node/npm
# are the only things assumed; the rest installs itself into .venv and node_modules.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test lint pytest bench clean

$(STAMP): pyproject.toml package.json package-lock.json
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON)이(가) 필요합니다."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	npm ci --no-audit --no-fund --silent
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/ieum migrate --noinput
	$(BIN)/ieum move_private_files --verbosity 0
	$(BIN)/ieum demo
	$(BIN)/ieum demo_logins
	$(BIN)/ieum serve 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=ieum.settings.test $(BIN)/ieum makemigrations --check --dry-run

pytest: install
	$(BIN)/pytest

test: lint pytest

bench: install
	$(BIN)/python bench/registry.py

clean:
	rm -rf $(VENV) node_modules var
