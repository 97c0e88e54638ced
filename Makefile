# seuranta: every target a user or CI needs. `make` alone lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PERIODS ?= 2024 2025
STAMP := $(VENV)/.installed
# The suite's workers (pytest-xdist), a module each at a time, the longest modules first
# (tests/conftest.py); TEST_WORKERS=0 runs it in this process alone.
TEST_WORKERS ?= 2
NODE_STAMP := node_modules/.installed
# A real Quarto for the tests, built from the tools folder beside the project when it exists.
QUARTO_TOOLS ?= ../shared/tools/quarto
QUARTO_DIR ?= .quarto
QUARTO_VERSION := 1.7.34
QUARTO_STAMP := $(QUARTO_DIR)/.built-$(QUARTO_VERSION)

.DEFAULT_GOAL := help
.PHONY: help setup demo run test lint format example-data clean browser quarto bench backtest-update

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

# plotly.js's basic bundle for the report pages and axe-core for the browser tests, pinned in
# package-lock.json. Without npm the pages inline plotly's full bundle and the browser tests skip
# (they fail instead when CI is set).
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: report pages inline plotly's full bundle, browser tests skip"; fi

setup: $(STAMP) $(NODE_STAMP) ## create .venv and node_modules with the pinned dependencies

browser: ## install Debian's chromium for the browser tests when it is missing (as root)
	@if [ -x /usr/bin/chromium ] || [ -n "$$CHROMIUM" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "chromium not found (and not root): the browser tests will be skipped"; fi

# Skipped when the stamp says it is built, or when .quarto/ already holds this version (a link to
# a build made elsewhere). Without the tools folder the Quarto tests skip (they fail when CI is set
# and the folder is there).
quarto: ## build Quarto 1.7.34 into .quarto/ from ../shared/tools/quarto, when that folder exists
	@if [ ! -d "$(QUARTO_TOOLS)" ]; then echo "$(QUARTO_TOOLS) not found: the Quarto tests will be skipped"; \
	elif [ -f "$(QUARTO_STAMP)" ] || [ "$$($(QUARTO_DIR)/bin/quarto --version 2>/dev/null)" = "$(QUARTO_VERSION)" ]; then :; \
	else bash "$(QUARTO_TOOLS)/install.sh" "$(QUARTO_DIR)" && touch "$(QUARTO_STAMP)"; fi

demo: $(STAMP) $(NODE_STAMP) ## run the annual job on the shipped example data (periods $(PERIODS)) and print the report paths
	@for p in $(PERIODS); do $(BIN)/seuranta run --period $$p || exit 1; done

run: $(STAMP) $(NODE_STAMP) ## run one period: make run PERIOD=2025
	$(BIN)/seuranta run --period $(PERIOD)

test: $(STAMP) $(NODE_STAMP) browser quarto lint ## lint, then run the whole test suite (browser and real-Quarto tests too)
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

lint: $(STAMP) ## ruff checks on the package and the tests
	$(BIN)/ruff check src tests benchmarks examples

format: $(STAMP) ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix src tests benchmarks examples
	$(BIN)/ruff format src tests benchmarks examples

example-data: $(STAMP) ## regenerate the example status sheets, funding files and indicator workbooks under data/raw/ (deterministic)
	$(BIN)/python -m examples.status_sheets data/raw
	$(BIN)/python -m examples.funding data/raw
	$(BIN)/python -m examples.indicators data/raw
	$(BIN)/python -m examples.translations data/raw

backtest-update: $(STAMP) ## rewrite the back-test's trusted copies of the marts (tests/backtest/) from the current SQL; review the diff
	$(BIN)/python -m tests.backtest --update

bench: $(STAMP) $(NODE_STAMP) quarto ## benchmarks at small, city and national scale, and of rendering (prints figures; minutes)
	$(BIN)/python benchmarks/bench.py --scales $(or $(SCALES),small,city,national)
	PATH="$(CURDIR)/$(QUARTO_DIR)/bin:$$PATH" $(BIN)/python benchmarks/render_bench.py --scales $(or $(SCALES),small,city)

clean: ## remove generated outputs (database and reports), keep the raw data
	rm -rf data/processed/seuranta.duckdb* reports/20*
