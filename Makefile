# Two entry points: `make app` (set up, then serve the app on demo data) and `make test`.
# Finds a Python >= 3.12 (python3.13, python3.12, or pyenv's), or use: make PYTHON=/path/to/python3.12

VENV   := .venv
PYTHON ?= $(shell for p in python3.13 python3.12 python3 $(wildcard $(HOME)/.pyenv/versions/3.1[2-9]*/bin/python3); do \
            $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo $$p; break; }; done)
BIN    := $(VENV)/bin
# Installs come from uv.lock (every package pinned with its hashes); uv itself is pinned too and
# kept in .tools/, apart from the app's environment (uv sync removes anything not in the lock).
UV_VERSION := 0.13.9
UV     := .tools/bin/uv
export UV_PYTHON_DOWNLOADS := never

.PHONY: setup system-deps app test lint check bench lock clean

setup: $(VENV)/.installed

$(UV):
	@test -n "$(PYTHON)" || { echo "Python >= 3.12 not found: install one (e.g. pyenv install 3.12) or run make PYTHON=/path/to/python3.12"; exit 1; }
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

# the fast extra (fitfast, a native FIT decoder) where its wheel installs; without it, fitdecode
$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --extra test --extra fast --python $(PYTHON) || $(UV) sync --frozen --extra test --python $(PYTHON)
	@touch $@

# Refresh the lock within pyproject.toml's bounds; then `make test` says whether marimo's and
# uvicorn's patches still hold (tests/serve/test_marimo_fit.py and the serve tests).
lock: $(UV)
	$(UV) lock --upgrade --python $(PYTHON)

app: setup
	$(BIN)/trainer app

system-deps:
	@./.ci/system-deps

# Bytecode caches on for the tests, whatever the environment says: every `trainer` a test starts
# (hundreds) would otherwise compile scipy's, polars' and trainer's Python afresh, 2.4 s each.
test: setup system-deps
	env -u PYTHONDONTWRITEBYTECODE TRAINER_REQUIRE_POSTGRES=1 $(BIN)/python -m pytest -n 2 --dist loadfile  # two processes, a file's tests in one

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

check: setup
	$(BIN)/marimo check --strict notebooks/

bench: setup system-deps
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .tools .pytest_cache .hypothesis tests/artifacts
