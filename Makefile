# factbot: `make run` sets up and starts the main job; `make test` sets up and runs the tests.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false
export ANONYMIZED_TELEMETRY := False

.PHONY: run test bench install install-test lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	# The venv's bundled pip is too old for trafilatura's lxml[html_clean] extra.
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(BIN)/factbot seed
	$(BIN)/factbot chat

test: install-test
	$(BIN)/python -m pytest -q

bench: install-test
	$(BIN)/python benchmarks/ingest.py

lint: install-test
	$(BIN)/ruff check factbot tests benchmarks

clean:
	rm -rf $(VENV) .pytest_cache
