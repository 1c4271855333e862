"""Languages and translation, in one place:

- ``languages``: the one list of languages (working, NDA, right-to-left, interface);
- ``labels``: the one table of labels for stored codes (states, profiles, checklist items);
- ``templatetags/incamera.py``: the template filters that show those labels in the reader's
  language (``{% load incamera %}``);
- ``errors``: domain errors in the reader's language, for pages.

``languages`` and ``labels`` are pure (no Django), so that settings and the pure modules can
import them; this ``__init__`` imports nothing, to keep it that way.
"""
