# Two entry points: `make app` (set up, then serve the app on demo data) and `make test`.
# Finds a Python >= 3.12 (python3.13, python3.12, or pyenv's), or use: make PYTHON=/path/to/python3.12

VENV   := .venv
PYTHON ?= $(shell for p in python3.13 python3.12 python3 $(wildcard $(HOME)/.pyenv/versions/3.1[2-9]*/bin/python3); do \
            $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo $$p; break; }; done)
BIN    := $(VENV)/bin

.PHONY: setup system-deps app test check bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python >= 3.12 not found: install one (e.g. pyenv install 3.12) or run make PYTHON=/path/to/python3.12"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

app: setup
	$(BIN)/trainer app

system-deps:
	@./.ci/system-deps

test: setup system-deps
	TRAINER_REQUIRE_POSTGRES=1 $(BIN)/python -m pytest

check: setup
	$(BIN)/marimo check --strict notebooks/

bench: setup system-deps
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis tests/artifacts
