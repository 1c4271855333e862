"""NDAs: texts in six languages per profile (``texts/``), versions, signatures with a passkey over
the exact text, the signed PDF; signing opens the meeting's content (a gate in meetings/gates.py).
"""
