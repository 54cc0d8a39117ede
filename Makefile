# One command per chore. `make run` and `make test` set up everything they need on first use:
# a virtual environment in .venv with the locked dependencies (re-installed only when a lock file
# or pyproject.toml changes, made anew when the interpreter changes) and, for the browser tests,
# a headless Chromium.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Empty: the server's own settings decide (NABLA_HOST, NABLA_PORT, else 127.0.0.1:8000).
HOST ?=
PORT ?=
# Tests run in parallel (pytest-xdist): a worker a core, three at least (the browser's tests
# wait on the page and the server about half of their time); `make test WORKERS=0` runs them
# in one process.
WORKERS ?= $(shell python3 -c 'import os; print(max(3, os.cpu_count() or 1))')

# The dependencies are locked (requirements*.lock, with hashes); `make lock` refreshes them from
# the ranges in pyproject.toml, the `postgres` extra included (the image and the tests use it).
# The stamps name a hash of what was installed: a changed lock or pyproject.toml means a new
# install, a changed interpreter a new .venv.
PY_ID := $(shell $(PYTHON) -c 'import sys; print(sys.executable, sys.version)' | sha256sum | cut -c1-12)
PY_STAMP := $(VENV)/.python-$(PY_ID)
DEPS_HASH := $(shell cat pyproject.toml requirements.lock requirements-test.lock | sha256sum | cut -c1-16)
RUN_STAMP := $(VENV)/.installed-$(DEPS_HASH)
TEST_STAMP := $(VENV)/.installed-test-$(DEPS_HASH)
LOCK_OPTIONS := --quiet --universal --generate-hashes --python-version 3.11 --custom-compile-command "make lock" --upgrade
# Debian's headless shell: Chromium's engine without the browser's UI, about a quarter less CPU
# a page than the full browser in headless mode (the tests open about 130 pages).
CHROMIUM := /usr/bin/chromium-headless-shell

# One BLAS thread per process: the matrices are tiny, a second thread only adds jitter.
export OPENBLAS_NUM_THREADS := 1
export OMP_NUM_THREADS := 1
export MKL_NUM_THREADS := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export DEBIAN_FRONTEND := noninteractive
# pytest caches the test modules it rewrites as bytecode: without it, every run rewrites them all.
unexport PYTHONDONTWRITEBYTECODE

IS_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo yes)

.PHONY: help run test test-minimums lint fmt bench clean browser doctools services cluster lock plotly bundle

help:
	@echo "make run    serve the app at http://127.0.0.1:8000 (HOST=, PORT= or NABLA_HOST, NABLA_PORT)"
	@echo "make test   ruff, mypy and every test (browser tests in headless Chromium)"
	@echo "make test-minimums  the tests on the lowest versions pyproject.toml allows (CI runs it)"
	@echo "make lint   ruff check, ruff format --check, mypy"
	@echo "make fmt    ruff format and ruff check --fix"
	@echo "make bench  run each bench/*.py (bench/_*.py are their helpers)"
	@echo "make lock   refresh requirements.lock and requirements-test.lock (newest in range)"
	@echo "make plotly rebuild static/vendor/plotly.min.js (the page's traces only; needs Node and npm)"
	@echo "make bundle rebuild static/dist/main.js after changing static/js (needs Node and npm)"
	@echo "make cluster  HAProxy and REPLICAS=3 local processes on one PostgreSQL (PROXY_PORT=8080)"
	@echo "make clean  remove .venv, caches and build output"

run: $(RUN_STAMP)
	$(PY) -m app $(if $(HOST),--host $(HOST)) $(if $(PORT),--port $(PORT))

test: lint browser doctools services
	$(BIN)/pytest -n $(WORKERS)

# HAProxy (deploy/haproxy.cfg) in front of REPLICAS local processes sharing one PostgreSQL:
# NABLA_DB's if it names one, else a throw-away cluster; Ctrl-C stops it all. No containers:
# deploy/compose.yaml runs the same configuration with the image.
REPLICAS ?= 3
PROXY_PORT ?= 8080
cluster: $(RUN_STAMP) services
	$(PY) deploy/replicas.py --replicas $(REPLICAS) --port $(PROXY_PORT)

# The lowest versions pyproject.toml allows, resolved and installed by uv (fast) in a venv of
# their own, with the app as a wheel (not editable); the tests run against that install from
# outside the checkout: the tests that need no browser, and the page's smoke tests.
MIN_VENV := build/minimums
test-minimums: $(PY_STAMP) browser doctools services
	$(PY) -m pip install -q --progress-bar off uv
	mkdir -p build
	$(BIN)/uv pip compile --quiet --python-version 3.11 --resolution lowest-direct --extra test \
		--extra postgres pyproject.toml -o build/minimums.txt
	rm -rf $(MIN_VENV)
	$(BIN)/uv venv --quiet --seed --python $(PYTHON) $(MIN_VENV)
	$(BIN)/uv pip install --quiet --python $(MIN_VENV)/bin/python -r build/minimums.txt
	$(BIN)/uv pip install --quiet --python $(MIN_VENV)/bin/python --no-deps .
	cd build && minimums/bin/python -m pytest ../tests -n $(WORKERS) -p no:cacheprovider -m "not browser"
	cd build && minimums/bin/python -m pytest -p no:cacheprovider ../tests/browser/test_smoke.py \
		../tests/browser/test_page.py::test_page_loads_clean_with_every_view_drawn

lock: $(PY_STAMP)
	$(PY) -m pip install -q --progress-bar off uv
	$(BIN)/uv pip compile $(LOCK_OPTIONS) --extra postgres pyproject.toml -o requirements.lock
	$(BIN)/uv pip compile $(LOCK_OPTIONS) --extra postgres --extra test pyproject.toml \
		-o requirements-test.lock

plotly:
	scripts/plotly/build.sh

# static/dist/main.js, every module of static/js in one file (scripts/bundle.sh): run it after
# changing static/js (tests/web/test_assets.py says so when it is stale).
bundle: $(PY_STAMP)
	scripts/bundle.sh "$$($(PY) -c 'from pathlib import Path; from app.web.assets import bundle_banner, source_hash; print(bundle_banner(source_hash(Path("static"))))')"

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

# The venv, made anew for another interpreter; on Debian/Ubuntu `python3 -m venv` needs the
# python3-venv package.
$(PY_STAMP):
	rm -rf $(VENV)
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
	touch $@

$(RUN_STAMP): $(PY_STAMP)
	$(PY) -m pip install -q --progress-bar off --require-hashes -r requirements.lock
	$(PY) -m pip install -q --progress-bar off --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

$(TEST_STAMP): $(PY_STAMP)
	$(PY) -m pip install -q --progress-bar off --require-hashes -r requirements-test.lock
	$(PY) -m pip install -q --progress-bar off --no-deps -e .
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

# A headless Chromium for the browser tests: Debian's headless shell when root, else Playwright's.
browser: $(TEST_STAMP)
	@if [ -x $(CHROMIUM) ]; then \
		:; \
	elif [ "$(IS_ROOT)" = yes ] && command -v apt-get >/dev/null; then \
		echo "== installing chromium-headless-shell"; \
		apt-get update -qq && apt-get install -y -qq chromium-headless-shell; \
	else \
		$(PY) -m playwright install chromium; \
	fi

# PostgreSQL and HAProxy for the tests of several replicas on a shared store (deploy/pgcluster.py
# starts a throw-away cluster, deploy/replicas.py the proxy): Debian's packages when root; else
# the tests that need them are skipped.
services:
	@missing=""; \
	command -v initdb >/dev/null || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null \
		|| missing="postgresql"; \
	command -v haproxy >/dev/null || missing="$$missing haproxy"; \
	if [ -n "$$missing" ]; then \
		if [ "$(IS_ROOT)" = yes ] && command -v apt-get >/dev/null; then \
			echo "== installing$$missing"; \
			apt-get update -qq && apt-get install -y -qq $$missing; \
		else \
			echo "not installed:$$missing; their tests are skipped (sudo apt-get install$$missing)"; \
		fi; \
	fi
