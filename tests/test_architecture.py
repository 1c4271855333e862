"""The house's rules that import-linter cannot state (docs/decisions/0011-one-app-per-domain.md).

- every top-level package sits in a layer of the layers contract in pyproject.toml;
- in every package, a module that is not one of the Django-side modules below is pure: it imports
  neither Django nor any Django-side module of incamera (so a new app's pure logic is covered
  without editing anything);
- the error tree drawn in ``kernel/errors.py`` names every error class incamera defines;
- no top-level package holds more than a fifth of the source lines.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import tomllib
from pathlib import Path

import grimp
import pytest

import incamera
from incamera.kernel import errors

SRC = Path(incamera.__file__).parent
PYPROJECT = SRC.parent.parent / "pyproject.toml"

# Modules that run on Django: each app's conventional files, and the few named modules of the
# Django side of the log, accounts and the shared web helpers.  Anything else must be pure.
DJANGO_FILES = {"models", "actions", "views", "api", "urls", "forms", "admin", "apps", "access", "migrations", "management", "templatetags"}
DJANGO_MODULES = {
    "incamera.settings",
    "incamera.urls",
    "incamera.api",
    "incamera.wsgi",
    "incamera.cli",
    "incamera.__main__",
    "incamera.accounts.passkeys",
    "incamera.accounts.throttle",
    "incamera.accounts.backends",
    "incamera.accounts.sessions",
    "incamera.conduct.live",
    "incamera.secretariats.seal",
    "incamera.materials.keyring",
    "incamera.meetings.workspace",
    "incamera.i18n.errors",
    "incamera.ledger.events",
    "incamera.ledger.log",
    "incamera.ledger.sequencer",
    "incamera.ledger.keys",
    "incamera.ledger.receipts",
    "incamera.ledger.witnessing",
    "incamera.web.commands",
    "incamera.web.middleware",
    "incamera.web.pagecache",
    "incamera.web.responses",
}


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("incamera", include_external_packages=True, exclude_type_checking_imports=True, cache_dir=None)


def _django_side(module: str) -> bool:
    parts = module.split(".")
    return any(module == m or module.startswith(m + ".") for m in DJANGO_MODULES) or any(p in DJANGO_FILES for p in parts[2:])


def test_every_top_level_package_is_in_a_layer() -> None:
    config = tomllib.loads(PYPROJECT.read_text())
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers" and "containers" not in c)
    layered = {name.strip(" ()") for layer in contract["layers"] for name in re.split(r"[|:]", layer)}
    packages = {f"incamera.{m.name}" for m in pkgutil.iter_modules([str(SRC)])} - {"incamera.settings"}
    assert packages - layered == set(), "add the new package to the layers contract in pyproject.toml"


def test_pure_modules_import_neither_django_nor_the_django_side(graph: grimp.ImportGraph) -> None:
    offences = [
        f"{module} -> {imported}"
        for module in sorted(graph.modules)
        if module.startswith("incamera.") and not _django_side(module)
        for imported in graph.find_modules_directly_imported_by(module)
        if imported.split(".")[0] in {"django", "ninja"} or (imported.startswith("incamera.") and _django_side(imported))
    ]
    assert offences == []


def _error_classes() -> set[type[errors.Error]]:
    for info in pkgutil.walk_packages([str(SRC)], prefix="incamera."):
        if not _django_side(info.name) or info.name.endswith((".models", ".actions")):
            importlib.import_module(info.name)
    found: set[type[errors.Error]] = set()
    todo = [errors.Error]
    while todo:
        cls = todo.pop()
        found.add(cls)
        todo.extend(c for c in cls.__subclasses__() if c.__module__.startswith("incamera.") and not inspect.isabstract(c))
    return found


@pytest.mark.django_db
def test_the_error_tree_names_every_error_class() -> None:
    drawn = set(re.findall(r"\b([A-Z]\w*Error)\b", errors.__doc__ or ""))
    missing = sorted(f"{c.__module__}.{c.__qualname__}" for c in _error_classes() if c.__name__ not in drawn and c is not errors.Error)
    assert missing == [], "draw them in the docstring of incamera/kernel/errors.py"


def test_no_package_holds_more_than_a_fifth_of_the_source() -> None:
    lines: dict[str, int] = {}
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        top = path.relative_to(SRC).parts[0]
        lines[top] = lines.get(top, 0) + len(path.read_text().splitlines())
    total = sum(lines.values())
    assert {name: round(100 * n / total, 1) for name, n in lines.items() if n > total / 5} == {}


def test_what_other_modules_use_of_an_actions_module_is_in_its_all() -> None:
    """An app's ``actions`` say in ``__all__`` what they offer; views, APIs and commands use
    nothing else of them (private names stay private)."""
    missing = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text())
        aliases: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("incamera."):
                for alias in node.names:
                    if alias.name == "actions":
                        aliases[alias.asname or "actions"] = f"{node.module}.actions"
                    elif node.module.endswith(".actions") and not path.match("*/actions.py"):
                        missing += _not_exported(node.module, alias.name, path)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
                missing += _not_exported(aliases[node.value.id], node.attr, path)
    assert sorted(set(missing)) == []


def _not_exported(module: str, name: str, path: Path) -> list[str]:
    exported = getattr(importlib.import_module(module), "__all__", ())
    return [] if name in exported else [f"{path.relative_to(SRC)} uses {module}.{name}"]
