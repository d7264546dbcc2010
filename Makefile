# bmnn: two commands do all the set-up on a fresh machine.
#   make run   installs, migrates, loads the demo and serves on http://127.0.0.1:8000
#   make test  installs and runs the tests on SQLite, then on PostgreSQL when reachable
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install run test test-sqlite test-postgres bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "bmnn cần Python ≥ 3.11 / needs Python >= 3.11"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test,bench]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/bmnn demo
	$(BIN)/bmnn serve

test: install
	$(BIN)/python scripts/run_tests.py

bench: install
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) var
