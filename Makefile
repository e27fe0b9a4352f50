# factbot: `make run` sets up and starts the main job; `make test` sets up and runs the tests.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
SERVE_HOST ?= 127.0.0.1
SERVE_PORT ?= 7860
export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: run test chromium bench eval-verify train-verifier install install-test lint clean

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
	$(BIN)/factbot serve --host $(SERVE_HOST) --port $(SERVE_PORT)

# The browser tests drive Debian's chromium (never a browser build downloaded by playwright).
chromium:
	command -v chromium >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)

test: install-test chromium
	$(BIN)/python -m pytest -q

# The crash and load tests at full length: 50 SIGKILLed ingests, 8 clients for 30 s (`make test` runs them short),
# the three-way ingest comparison on 100 articles (its default 1,000 takes ~15 min), then the scale benchmark
# (1k/10k/100k-chunk indexes, cold start, Chroma server mode, budgets PASS/FAIL; ~12 min on an idle 2-core machine).
bench: install-test
	FACTBOT_TEST_KILLS=50 FACTBOT_TEST_LOAD_S=30 FACTBOT_TEST_CLIENTS=8 $(BIN)/python -m pytest -q tests/reliability -m soak -s
	$(BIN)/python -m benchmarks.ingest --articles 100
	$(BIN)/python -m benchmarks.scale

# Retrain the shipped verifier (about an hour on 2 CPU cores; reads ../shared/eval-data), then refit its
# thresholds on the tune splits and evaluate on the reporting splits.
train-verifier: install-test
	$(BIN)/python -m pip install --quiet -e '.[train]'
	$(BIN)/python -m training.train --ship && $(BIN)/python -m training.pin
	$(BIN)/python -m benchmarks.eval_verify --calibrate --tasks scifact,climate,frank

# The verify latency row needs the RealTime QA index that benchmarks.eval_qa builds (about 15 minutes, once).
eval-verify: install-test
	test -f benchmarks/.cache/realtimeqa/factbot/registry.sqlite3 || $(BIN)/python -m benchmarks.eval_qa
	$(BIN)/python -m benchmarks.eval_verify
	$(BIN)/python -m benchmarks.eval_behaviour
	$(BIN)/python -m benchmarks.eval_sample_claims
	$(BIN)/python -m benchmarks.eval_news_claims --set e
	$(BIN)/python -m benchmarks.eval_news_claims --set f

lint: install-test
	$(BIN)/ruff check factbot tests benchmarks training

clean:
	rm -rf $(VENV) .pytest_cache
