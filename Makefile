# make run  - the bot on the embedded SQLite store, web chat on http://127.0.0.1:8080/chat
# make test - installs what the tests need (Python extras, redis-server, chromium) and runs them
# make test-chaos - the chaos tests (tests/chaos) at full count: 100 customers, 5 SIGKILLs
# make bench-outage - bench/outage_storm.py: the outage storm by wrk, the fan-out (installs wrk)
# make lint - ruff (rules and format), mypy, and the import-linter layer contracts (pyproject.toml)

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
CONFIG ?=
LINTED := api bot channels domain flows handoff tests bench

.PHONY: run test test-chaos lint bench bench-outage system-deps clean

run: $(VENV)/.installed
	@mkdir -p var
	$(BIN)/supportbot serve $(if $(CONFIG),--config $(CONFIG))

# the chaos tests run in a process of their own: their workers' fake Bot API and driver live
# in the test process, which should not be one grown by two thousand other tests
test: $(VENV)/.installed-test system-deps
	$(BIN)/pytest -m "not chaos"
	$(BIN)/pytest -m chaos tests/chaos

# `make test` runs the chaos tests too, reduced (12 customers, 1 SIGKILL) to fit about 1.5 minutes
test-chaos: $(VENV)/.installed-test system-deps
	CHAOS_CUSTOMERS=$${CHAOS_CUSTOMERS:-100} CHAOS_KILLS=$${CHAOS_KILLS:-5} $(BIN)/pytest -m chaos -s tests/chaos

lint: $(VENV)/.installed-test
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo

bench: $(VENV)/.installed-test system-deps
	$(BIN)/python bench/turns.py

# issue 14's outage benchmark: (a) the storm of first SMS by wrk, (b) the fan-out, (c) killed
bench-outage: $(VENV)/.installed-test system-deps
	$(BIN)/python bench/outage_storm.py

system-deps:
	@bash scripts/ensure-system-deps.sh

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "supportbot needs Python 3.11 or newer (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	@touch $@

# the train extra too: the tests check that the shipped weights are what the corpora train
$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test,train]'
	@touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) var build *.egg-info
