# jixiao — run `make demo` (install + load the bundled sample through Dagster + print a summary)
# or `make test` (install + run the tests). Both work on a fresh machine with Python 3.11.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Dagster's instance (run history, sensor cursors, partitions) lives under data/, outside the code; its settings
# are the repo's dagster.yaml, copied there when it changes
export DAGSTER_HOME ?= $(CURDIR)/data/dagster
export PYTHONWARNINGS ?= ignore
# generated example years for the demo's year-over-year queries (not real data; see tests/example_years.py)
EXAMPLES := data/examples

.PHONY: install demo test dev ingest-sample clean test-system-deps dagster-home

install: $(VENV)/.installed $(VENV)/.gx-assets

dagster-home: $(DAGSTER_HOME)/dagster.yaml

$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp dagster.yaml $@

## what the tests need beyond Python: headless Chromium and a CJK font (the report and data docs tests),
## and npm (to bundle GX's web assets), from Debian's packages, installed only when missing (needs root
## or sudo, as on CI and a fresh machine)
test-system-deps:
	@if command -v chromium >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
		&& fc-list :lang=zh 2>/dev/null | grep -q .; then :; else \
		echo "== installing Chromium, a CJK font and npm from Debian's packages (the tests need them)"; \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
			chromium fonts-wqy-microhei $$(command -v npm >/dev/null 2>&1 || echo npm) >/dev/null; \
	fi

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

## GX's data docs load Bootstrap, jQuery, Vega … from CDNs: bundled from the npm registry at install
## time (expectations/gx_assets.py), so the docs work offline; without npm they render script-free
$(VENV)/.gx-assets: expectations/gx_assets.py | $(VENV)/.installed
	@if $(BIN)/python -m expectations.gx_assets $(VENV)/share/jixiao/gx-assets; then touch $@; else \
		echo "note: GX's web assets not bundled (no npm?): the data docs will be plain pages"; fi

## the main job: load the bundled sample through the Dagster assets, then show what is loaded
demo: install dagster-home
	@echo "== dagster: the sample dropped into data/landing/; one tick of the landing sensor adds a partition per"
	@echo "   submission and runs it (asset submissions, its 17 checks), then the report (pipelines/load_landing.py)"
	mkdir -p data/landing && cp data/samples/*.txt data/landing/
	$(BIN)/python -m pipelines.load_landing
	@echo "== jixiao status"
	$(BIN)/jixiao status
	@echo "== jixiao check: the validation suites and reconciliations, without loading (docs/validation.md)"
	$(BIN)/jixiao check data/samples/
	@echo "== projects by type (queries/projects_by_type.sql)"
	$(BIN)/jixiao sql --file queries/projects_by_type.sql
	@echo "== indicators by class (queries/indicator_classes.sql)"
	$(BIN)/jixiao sql --file queries/indicator_classes.sql
	@echo "== GENERATED EXAMPLE DATA, not real submissions: budget years 2025 and 2026 made up by code from"
	@echo "   the real 2024 sample (tests/example_years.py lists every change), loaded with the sample into a"
	@echo "   warehouse of their own, $(EXAMPLES)/examples.duckdb, never into data/warehouse"
	$(BIN)/python tests/example_years.py $(EXAMPLES)/files
	$(BIN)/jixiao ingest data/samples/ $(EXAMPLES)/files/ --warehouse $(EXAMPLES)/examples.duckdb
	@echo "== year over year on the GENERATED EXAMPLE years: projects that changed (queries/yoy_changes.sql)"
	$(BIN)/jixiao sql --warehouse $(EXAMPLES)/examples.duckdb --file queries/yoy_changes.sql
	@echo "== year over year on the GENERATED EXAMPLE years: targets that changed (queries/targets_yoy.sql)"
	$(BIN)/jixiao sql --warehouse $(EXAMPLES)/examples.duckdb --file queries/targets_yoy.sql
	@echo "== the HTML report of the GENERATED EXAMPLE years (open it in a browser; docs/analysts.md)"
	$(BIN)/jixiao report --warehouse $(EXAMPLES)/examples.duckdb --out data/reports/examples-report.html

test: test-system-deps install
	$(BIN)/python -m pytest

## reliability at large counts (docs/reliability.md): 60 kills of a load, 30 kills of each of backup,
## restore, export and publish, 600 fuzzed inputs, 500 format-level mutants of each binary format in
## batches with good files, readers during a 150-department load; each test
## prints its figures
.PHONY: test-stress
test-stress: install
	JIXIAO_STRESS_KILLS=60 JIXIAO_STRESS_BATCH_FILES=16 JIXIAO_STRESS_FUZZ=600 JIXIAO_STRESS_FUZZ_SEED=11 \
	JIXIAO_STRESS_FORMAT_FUZZ=500 JIXIAO_STRESS_FORMAT_FUZZ_SEED=13 \
	JIXIAO_STRESS_WRITER_DEPARTMENTS=150 JIXIAO_STRESS_WRITER_PROJECTS=20 JIXIAO_STRESS_LEFTOVER_KILLS=30 \
		$(BIN)/python -m pytest -s -p no:cacheprovider tests/test_crash_safety.py tests/test_fuzz.py \
		tests/test_format_fuzz.py tests/test_concurrency.py tests/test_leftovers.py

## the Dagster UI on http://127.0.0.1:3000
dev: install dagster-home
	$(BIN)/dagster dev -m pipelines.definitions

## the same load without Dagster
ingest-sample: install
	$(BIN)/jixiao ingest data/samples/

clean:
	rm -rf data/warehouse $(EXAMPLES) data/dagster

## benchmark (bench/): generated corpora, ingest throughput by stage, floor, naive peer, add-one-file,
## query latency -> bench/results.md (and bench/results.json). Corpora and warehouses go to BENCH_DIR.
BENCH_DIR ?= /tmp/jixiao-bench
SCALE_VENV ?= .venv-scale
.PHONY: bench bench-quick test-scale

bench: install
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python -m bench --workdir $(BENCH_DIR)

bench-quick: install
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python -m bench --sizes 1k,10k --workers 0,1 --repeats 1 --no-peer --workdir $(BENCH_DIR) \
		--results $(BENCH_DIR)/results.json --markdown $(BENCH_DIR)/results.md

## the Parquet export read back by PySpark in local mode (Java 17) and by DuckDB: the same aggregates.
## pyspark (the `scale` extra) lives in a virtualenv of its own: in the project's it changes how GX imports.
test-scale: install $(SCALE_VENV)/.installed
	$(BIN)/python -m bench.scale_check --build 10k --workdir $(BENCH_DIR) --spark $(SCALE_VENV)/bin/python \
		--record bench/results.md

$(SCALE_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(SCALE_VENV)
	$(SCALE_VENV)/bin/pip install --quiet 'pyspark>=3.5'
	touch $@
