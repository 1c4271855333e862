"""Languages and translation shared by every domain:

- ``languages``: the one list of languages (working, NDA, right-to-left, interface), pure (no
  Django), so that settings and the pure modules can import it;
- ``errors``: domain errors in the reader's language, for pages.

The labels of a meeting's codes (states, profiles, checklist items) and the template filters that
show them are meetings' (``meetings/labels.py``, ``meetings/templatetags/incamera.py``): this
package imports no domain.
"""
