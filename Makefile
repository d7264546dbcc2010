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

# The scanner folder for Windows computers (docs/scanner.md). python.org's embeddable Python comes on
# approved media: make scanner-bundle PYTHON_EMBED=…/python-3.11.9-embed-amd64.zip EMBED_SHA256=<python.org's>
# [WHEELS=dir of wheels fetched earlier]. Result: dist/bmnn-scanner-win64/ and its .zip.
.PHONY: scanner-bundle
scanner-bundle: install
	$(BIN)/python scripts/build_scanner_bundle.py $(if $(PYTHON_EMBED),--python-embed "$(PYTHON_EMBED)") \
		$(if $(EMBED_SHA256),--embed-sha256 $(EMBED_SHA256)) $(if $(WHEELS),--wheels "$(WHEELS)")

clean:
	rm -rf $(VENV) var
