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

# Syncing builds the project itself, compiling the redaction engine's C module (hatch_build.py);
# uv hides the build's output, so a missing module is reported here.
$(VENV)/.synced: uv.lock pyproject.toml hatch_build.py src/incamera/redact/_fast.c | $(UV)
	$(UV) sync --frozen --compile-bytecode --python $(PY)
	@$(BIN)/python -c "import incamera.redact._fast" 2>/dev/null || echo "warning: incamera.redact._fast was not built (no C compiler, or the compile failed: $(UV) sync --reinstall-package incamera -v says why); redaction falls back to pure Python." >&2
	@touch $@

run: $(VENV)/.synced
	$(BIN)/incamera migrate --no-input --verbosity 0
	$(BIN)/incamera demo
	INCAMERA_DEMO=1 $(BIN)/incamera serve

test: lint typecheck contracts test-sqlite test-postgres

lint: $(VENV)/.synced
	$(BIN)/ruff check hatch_build.py src tests $(wildcard bench)
	$(BIN)/ruff format --check hatch_build.py src tests $(wildcard bench)

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
