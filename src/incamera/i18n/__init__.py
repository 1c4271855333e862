"""Languages and translation: the template filters that turn stored codes into labels in the
reader's language (``templatetags/incamera.py``, loaded as ``{% load incamera %}``) and domain
errors in the reader's language (``errors``).

This ``__init__`` imports nothing, so that the pure modules of the package stay importable
without Django.
"""
