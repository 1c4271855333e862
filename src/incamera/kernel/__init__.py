"""The kernel: the one error tree, injected time, translatable messages and text cleaning.

A leaf: it imports no other incamera package, and no Django (import contracts in pyproject.toml).
"""
