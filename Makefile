# newsproof: `make demo` sets up and checks an example article; `make test` sets up and runs every test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
EXAMPLE ?= examples/niger_airbase_rewrite.txt

.PHONY: demo test install dev lint typecheck unit services bench bench-web bench-batch bench-corpus clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

dev: $(VENV)/.dev-installed

demo: install
	$(VENV)/bin/newsproof check $(EXAMPLE)

services:
	bash scripts/services.sh

lint: dev
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

typecheck: dev
	$(VENV)/bin/mypy

unit: dev
	$(PY) -m pytest

test: dev services lint typecheck unit

# Speed benchmarks print JSON; they are never part of `make test`. Run them on a quiet machine.
bench: dev
	$(PY) bench/bench_check.py --articles 200
	$(PY) bench/bench_quotes_numbers.py
	$(PY) bench/bench_stance.py
	$(PY) bench/bench_headline_model.py
	$(PY) bench/bench_checkworthy.py

bench-web: dev
	$(PY) bench/bench_web_load.py --clients 50 --seconds 60

bench-batch: dev
	$(PY) bench/bench_batch.py --articles 2000 --engines local,dask --workers 1,2

bench-corpus: dev
	$(PY) bench/make_synthetic_corpus.py -n 100000 -o /tmp/synthetic.jsonl
	rm -f /tmp/bench100k.sqlite*
	$(PY) bench/bench_corpus.py /tmp/synthetic.jsonl --store /tmp/bench100k.sqlite --queries 200

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
