# incamera — `make run` serves the demo at http://localhost:8000; `make test` runs what CI runs.
PY ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test

.PHONY: run test lint typecheck contracts test-sqlite test-postgres messages bench clean

$(UV):
	$(PY) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --python $(PY)
	@touch $@

run: $(VENV)/.synced
	$(BIN)/incamera migrate --no-input --verbosity 0
	$(BIN)/incamera demo
	INCAMERA_DEMO=1 $(BIN)/incamera serve

test: lint typecheck contracts test-sqlite test-postgres

lint: $(VENV)/.synced
	$(BIN)/ruff check src tests $(wildcard bench)
	$(BIN)/ruff format --check src tests $(wildcard bench)

typecheck: $(VENV)/.synced
	$(BIN)/mypy

contracts: $(VENV)/.synced
	$(BIN)/lint-imports

# Everything, browser and API fuzzing included, on SQLite.
test-sqlite: $(VENV)/.synced
	@test -x /usr/bin/chromium || { echo "Browser tests need Debian's chromium: sudo apt-get install -y chromium"; exit 1; }
	$(BIN)/pytest

# The database suite again on the running PostgreSQL.
test-postgres: $(VENV)/.synced
	INCAMERA_TEST_DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "not browser and not fuzz"

messages: $(VENV)/.synced
	cd src/incamera && ../../$(BIN)/incamera makemessages --locale zh_Hans --no-obsolete --ignore 'static/*' && ../../$(BIN)/incamera compilemessages

bench: $(VENV)/.synced
	$(BIN)/python bench/serve.py

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .mypy_cache .ruff_cache
