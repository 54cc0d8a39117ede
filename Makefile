# One command per chore. `make run` and `make test` set up everything they need on first use:
# a virtual environment in .venv (re-installed only when pyproject.toml changes) and, for the
# browser tests, a headless Chromium.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

# The stamps name a hash of pyproject.toml: a changed pyproject.toml means a new install.
DEPS_HASH := $(shell sha256sum pyproject.toml | cut -c1-16)
RUN_STAMP := $(VENV)/.installed-$(DEPS_HASH)
TEST_STAMP := $(VENV)/.installed-test-$(DEPS_HASH)
CHROMIUM := /usr/bin/chromium

# One BLAS thread per process: the matrices are tiny, a second thread only adds jitter.
export OPENBLAS_NUM_THREADS := 1
export OMP_NUM_THREADS := 1
export MKL_NUM_THREADS := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export DEBIAN_FRONTEND := noninteractive

IS_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo yes)

.PHONY: help run test lint fmt bench clean browser doctools

help:
	@echo "make run    serve the app at http://$(HOST):$(PORT)"
	@echo "make test   ruff, mypy and every test (browser tests in headless Chromium)"
	@echo "make lint   ruff check, ruff format --check, mypy"
	@echo "make fmt    ruff format and ruff check --fix"
	@echo "make bench  run each bench/*.py (bench/_*.py are their helpers)"
	@echo "make clean  remove .venv, caches and build output"

run: $(RUN_STAMP)
	$(PY) -m app --host $(HOST) --port $(PORT)

test: lint browser doctools
	$(BIN)/pytest

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

fmt: $(TEST_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(RUN_STAMP)
	@for script in bench/[!_]*.py; do \
		[ -e "$$script" ] || continue; \
		echo "== $$script"; \
		$(PY) "$$script"; \
	done

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

# The venv; on Debian/Ubuntu `python3 -m venv` needs the python3-venv package.
$(PY):
	@if ! $(PYTHON) -m venv $(VENV); then \
		rm -rf $(VENV); \
		if [ "$(IS_ROOT)" = yes ] && command -v apt-get >/dev/null; then \
			echo "== installing python3-venv"; \
			apt-get update -qq && apt-get install -y -qq python3-venv; \
			$(PYTHON) -m venv $(VENV); \
		else \
			echo "$(PYTHON) -m venv failed: install python3-venv (sudo apt-get install python3-venv)"; \
			exit 1; \
		fi; \
	fi

$(RUN_STAMP): $(PY)
	$(PY) -m pip install -q --progress-bar off -e .
	rm -f $(VENV)/.installed-*
	touch $@

$(TEST_STAMP): $(PY)
	$(PY) -m pip install -q --progress-bar off -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@ $(RUN_STAMP)

# curl and jq: tests/test_doc_examples.py runs the docs' examples, which use them.
doctools:
	@if ! command -v curl >/dev/null || ! command -v jq >/dev/null; then \
		if [ "$(IS_ROOT)" = yes ] && command -v apt-get >/dev/null; then \
			echo "== installing curl and jq"; \
			apt-get update -qq && apt-get install -y -qq curl jq; \
		else \
			echo "the examples in the docs need curl and jq: sudo apt-get install curl jq"; \
			exit 1; \
		fi; \
	fi

# A headless Chromium for the browser tests: Debian's package when root, else Playwright's.
browser: $(TEST_STAMP)
	@if [ -x $(CHROMIUM) ]; then \
		:; \
	elif [ "$(IS_ROOT)" = yes ] && command -v apt-get >/dev/null; then \
		echo "== installing chromium"; \
		apt-get update -qq && apt-get install -y -qq chromium; \
	else \
		$(PY) -m playwright install chromium; \
	fi
