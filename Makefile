# Connecting People: `make demo` to try it, `make test` to run every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test serve install system-deps lint clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

system-deps:
	bash scripts/system-deps.sh

# The worker runs in the background beside the server and stops with it (Ctrl+C).
demo: install
	$(BIN)/cpi demo --keep
	@$(BIN)/cpi worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	echo "Started the background worker (process $$worker) for guide builds, emails and reminders; it stops with the server."; \
	$(BIN)/cpi serve --host 127.0.0.1 --port 8000

serve: install
	$(BIN)/cpi serve --host 127.0.0.1 --port 8000

lint: install
	$(BIN)/ruff format --check connecting_people tests bench scripts
	$(BIN)/ruff check connecting_people tests bench
	$(BIN)/mypy

# axe-core checks the published guide's accessibility in the browser tests (from the npm registry, pinned).
AXE := $(VENV)/node/node_modules/axe-core/axe.min.js
$(AXE):
	npm install --silent --no-audit --no-fund --prefix $(VENV)/node axe-core@4.14.1

test: install system-deps $(AXE)
	bash scripts/run-tests.sh

clean:
	rm -rf $(VENV) var/test-* test-artifacts
