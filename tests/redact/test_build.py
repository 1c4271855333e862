"""The redaction engine's C module is built at install (hatch_build.py) and is not stale."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

HOW = "build it: install a C compiler (Debian: gcc libc6-dev), then `touch src/incamera/redact/_fast.c && make .venv/.synced`"


def test_the_compiled_engine_is_built_and_not_older_than_its_source() -> None:
    try:
        fast = importlib.import_module("incamera.redact._fast")
    except ImportError as error:
        pytest.fail(f"incamera.redact._fast is not built ({error}); {HOW}")
    assert callable(fast.Engine)
    built = Path(fast.__file__)
    source = built.with_name("_fast.c")
    if source.exists():  # an editable install: the module sits beside its source
        assert source.stat().st_mtime <= built.stat().st_mtime, f"{built.name} is older than _fast.c; {HOW}"
