# The two commands of the README: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
SHARED ?= ../shared

.PHONY: demo test lint install browser bench bench-serve eval-extraction eval-summarization eval-clustering docs screenshot clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

## Bytecode for storyfuse's own modules, written now: an editable install leaves it to the
## first import, and where PYTHONDONTWRITEBYTECODE is set (as on this machine) every
## `storyfuse` call compiled them again: 0.07-0.13 s of each call (a 10-article `storyfuse add`,
## median of 16 runs each way). Up to date, this takes 0.06 s.
install: $(STAMP)
	@$(BIN)/python -m compileall -q src

## Debian's Chromium for the browser tests (Playwright drives it; no browser is downloaded).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "chromium is missing: sudo apt-get install chromium (browser tests are skipped without it)"; \
	  fi; }

## The main job on the bundled example cluster.
demo: install
	$(BIN)/storyfuse brief examples/air-france-447/

## Lint and the whole test suite (what CI runs).
test: install browser
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check --quiet src tests bench
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

## Figures the issues ask for (not part of the test suite).
bench: install
	$(BIN)/python bench/ingest_throughput.py --shared $(SHARED)
	$(BIN)/python bench/brief_speed.py --shared $(SHARED)
	$(BIN)/python bench/analysis_speed.py --shared $(SHARED)
	$(BIN)/python bench/analysis_review.py --shared $(SHARED)

## Load on storyfuse serve (60 s, 50 connections, loopback); the reads come from wrk.
bench-serve: install
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } || true
	$(BIN)/python bench/serve_load.py --shared $(SHARED)

eval-extraction: install
	$(BIN)/storyfuse eval extraction $(SHARED)/eval/extraction/article_extraction_benchmark.jsonl.gz

## The summarization tables of docs/evaluation.md (about 15 minutes: Multi-News has 500 clusters).
SUMM := $(SHARED)/eval/summarization
eval-summarization: install
	mkdir -p bench/results
	$(BIN)/storyfuse eval summarization $(SUMM)/tac2010_guided_A.jsonl --systems $(SUMM)/tac2010_guided_A_system_summaries.jsonl --words 100 -o bench/results/tac2010
	$(BIN)/storyfuse eval summarization $(SUMM)/duc2003_task2.jsonl --words 100 -o bench/results/duc2003
	$(BIN)/storyfuse eval summarization $(SUMM)/multiling2011_english.jsonl --systems $(SUMM)/multiling2011_english_system_summaries.jsonl --words 250 -o bench/results/multiling2011
	$(BIN)/storyfuse eval summarization $(SUMM)/multinews_val_1000.jsonl --limit 500 --words 250 --measure f1 -o bench/results/multinews500

## The seven-set story-clustering table (docs/evaluation.md; about 20 seconds).
CLUS := $(SHARED)/eval/clustering
CLUSTER_SETS := $(CLUS)/giveme5w1h_news_cluster.jsonl $(CLUS)/giveme5w1h_google_news.jsonl \
	$(CLUS)/uci_news_aggregator_first1000.jsonl $(SUMM)/duc2003_task2.jsonl \
	$(SUMM)/tac2010_guided_A.jsonl $(SUMM)/multiling2011_english.jsonl $(SUMM)/multinews_val_1000.jsonl
eval-clustering: install
	mkdir -p bench/results
	$(BIN)/storyfuse eval clustering $(CLUSTER_SETS) -o bench/results/clustering

## Regenerate docs/cli.md from the commands' --help (a test checks it is current).
docs: install
	$(BIN)/python -m storyfuse.clidoc > docs/cli.md

## The README's screenshot of the story page (docs/story-page.png), in Debian's Chromium.
screenshot: install browser
	$(BIN)/python bench/screenshot.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis src/*.egg-info
	find src tests bench -name __pycache__ -prune -exec rm -rf {} +
