# Set-up and everyday tasks. `make demo` and `make test` work on a fresh Debian machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= policykg-out
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test install system-deps lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q .

demo: install
	$(BIN)/policykg build examples/corpus -o $(OUT)
	@echo "Open $(OUT)/graph.html in a browser."

system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto.*CJK" \
		|| ! command -v antiword >/dev/null 2>&1; then \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk antiword; \
	fi

test: system-deps $(BIN)/python
	$(BIN)/pip install -q ".[test]"
	$(BIN)/pytest

lint: $(BIN)/python
	$(BIN)/pip install -q ".[test]"
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: $(BIN)/python
	$(BIN)/pip install -q ".[bench]"
	$(BIN)/python bench/run.py --docs 1000

clean:
	rm -rf $(VENV) $(OUT) build *.egg-info .pytest_cache
