# The two commands of the README: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
SHARED ?= ../shared

.PHONY: demo test lint install bench eval-extraction docs clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

## The main job on the bundled example cluster.
demo: $(STAMP)
	$(BIN)/storyfuse ingest examples/air-france-447/

## Lint and the whole test suite (what CI runs).
test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check --quiet src tests bench
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

## Figures the issues ask for (not part of the test suite).
bench: $(STAMP)
	$(BIN)/python bench/ingest_throughput.py --shared $(SHARED)

eval-extraction: $(STAMP)
	$(BIN)/storyfuse eval extraction $(SHARED)/eval/extraction/article_extraction_benchmark.jsonl.gz

## Regenerate docs/cli.md from the commands' --help (a test checks it is current).
docs: $(STAMP)
	$(BIN)/python -m storyfuse.clidoc > docs/cli.md

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis src/*.egg-info
