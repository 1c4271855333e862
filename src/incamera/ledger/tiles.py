"""Placeholder; see the module docstring once written."""
