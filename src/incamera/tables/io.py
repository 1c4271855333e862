"""Kept only because the import contract in ``pyproject.toml`` still names ``incamera.tables.io``.

It imports the package's modules, so that the contract's "no Django, no app" rule keeps guarding
them through it.  Delete this module when the contract names ``incamera.tables`` instead.
"""

from incamera.tables import imports, read, write

__all__ = ["imports", "read", "write"]
