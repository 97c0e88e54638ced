# seuranta: every target a user or CI needs. `make` alone lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PERIODS ?= 2024 2025
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup demo run test lint format example-data clean

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP) ## create .venv and install the package with its pinned dependencies

demo: $(STAMP) ## run the annual job on the shipped example data (periods $(PERIODS)) and print the report paths
	@for p in $(PERIODS); do $(BIN)/seuranta run --period $$p || exit 1; done

run: $(STAMP) ## run one period: make run PERIOD=2025
	$(BIN)/seuranta run --period $(PERIOD)

test: $(STAMP) lint ## lint, then run the whole test suite
	$(BIN)/python -m pytest -q

lint: $(STAMP) ## ruff checks on the package and the tests
	$(BIN)/ruff check src tests

format: $(STAMP) ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix src tests
	$(BIN)/ruff format src tests

example-data: $(STAMP) ## regenerate the example status sheets under data/raw/ (deterministic)
	$(BIN)/python -m analysis.examples data/raw

clean: ## remove generated outputs (database and reports), keep the raw data
	rm -rf data/processed/seuranta.duckdb* reports/20*
